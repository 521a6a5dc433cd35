"""The API (/api/v1/). Every signed-in user reads it; an anonymous request is refused with 401, which asks
for a machine client's token (``WWW-Authenticate: Bearer``, api/authentication.py). Regions and programme
years are public reference data, in and out of jurisdiction alike; a locus, cadre, activity, training
session, meeting, evaluation, target or advocacy engagement outside the jurisdiction does not exist
(404), as on the pages.

The writes are posted here as the table posts every form, empty and form-encoded: a role that may not do
the step is refused first (403, as the pages refuse it), then a record outside the jurisdiction (404), and
whoever passes both is answered 415, the API taking JSON only (tests/api/ and tests/write_paths/api.py post
valid JSON). Nobody in the world holds ``cadre.view_full_nik``: a full NIK is a 403 wherever the cadre is
seen, a 404 elsewhere."""

from __future__ import annotations

from tests.access import PUBLIC, Rule, table, table_for
from tests.access.advocacy import engagement_kwargs
from tests.access.cadre import cadre_kwargs
from tests.access.evaluations import evaluation_kwargs, target_kwargs
from tests.access.loci import SEES_FLOTIM, SEES_TANGGAMUS, scoped
from tests.access.loci import locus_kwargs as proposed_locus_kwargs
from tests.access.meetings import meeting_kwargs
from tests.access.trainings import activity_kwargs, reported_kwargs, session_kwargs

API_ANONYMOUS = 401
SIGNED_IN = table(default=200, anonymous=API_ANONYMOUS)


def _api(expected: dict[str, int]) -> dict[str, int]:
    return {**expected, "anonymous": API_ANONYMOUS}


def _codes(key: str):
    return lambda world: {"code": getattr(world, key).code}


def _region(name: str, inside: str, outside: str) -> dict[str, Rule]:
    return {
        f"api:{name}-list": Rule(expect=SIGNED_IN),
        f"api:{name}-detail": Rule(
            expect=SIGNED_IN, kwargs=_codes(inside), out_kwargs=_codes(outside), expect_out=SIGNED_IN
        ),
    }


def _scoped(name: str, kwargs) -> dict[str, Rule]:
    return {
        f"api:{name}-list": Rule(expect=SIGNED_IN),
        f"api:{name}-detail": Rule(
            expect=_api(scoped("view", SEES_TANGGAMUS)),
            kwargs=kwargs("in"),
            out_kwargs=kwargs("out"),
            expect_out=_api(scoped("view", SEES_FLOTIM)),
        ),
    }


CADRE_APP_ONLY = table(default=403, anonymous=API_ANONYMOUS)
JSON_ONLY = 415  # an allowed request, posted form-encoded


def _write(name: str, action: str, kwargs) -> dict[str, Rule]:
    def expected(sees):
        return _api({actor: JSON_ONLY if s == 200 else s for actor, s in scoped(action, sees).items()})

    return {
        name: Rule(
            expect=expected(SEES_TANGGAMUS),
            kwargs=kwargs("in"),
            out_kwargs=kwargs("out"),
            expect_out=expected(SEES_FLOTIM),
            method="post",
        )
    }


def _full_nik(sees) -> dict[str, int]:
    return table_for([(sees, 403)], default=404, anonymous=API_ANONYMOUS)


ACCESS = {
    "api:schema": Rule(expect=SIGNED_IN),
    "api:docs": Rule(expect=SIGNED_IN),
    **_region("province", "lampung", "ntt"),
    **_region("regency", "tanggamus", "flotim"),
    **_region("district", "pugung", "larantuka"),
    **_region("village", "gunung_kasih", "flotim_village"),
    "api:programmeyear-list": Rule(expect=SIGNED_IN),
    "api:programmeyear-detail": Rule(expect=SIGNED_IN, kwargs=lambda world: {"pk": 2021}),
    **_scoped("locus", proposed_locus_kwargs),
    **_scoped("cadre", cadre_kwargs),
    # Flores Timur sees NTT's rakor it took part in, as on the meeting's page (tests/access/meetings.py).
    **_scoped("meeting", meeting_kwargs),
    **_scoped("evaluation", evaluation_kwargs),
    **_scoped("target", target_kwargs),
    **_scoped("advocacy", engagement_kwargs),
    # The dashboard's figures of the user's jurisdiction (``?region=``: tests/api/test_figures.py).
    "api:figures": Rule(expect=SIGNED_IN),
    **_write("api:cadre-verify", "change", cadre_kwargs),
    **_write("api:cadre-interview", "change", cadre_kwargs),
    **_write("api:cadre-appoint", "decide", cadre_kwargs),
    **_write("api:cadre-activate", "change", cadre_kwargs),
    **_write("api:cadre-ineligible", "change", cadre_kwargs),
    **_write("api:cadre-resign", "change", cadre_kwargs),
    "api:cadre-nik": Rule(
        expect=_full_nik(SEES_TANGGAMUS),
        kwargs=cadre_kwargs("in"),
        out_kwargs=cadre_kwargs("out"),
        expect_out=_full_nik(SEES_FLOTIM),
    ),
    **_scoped("activity", activity_kwargs),
    **_write("api:activity-accept", "change", reported_kwargs),
    **_write("api:activity-return", "change", reported_kwargs),
    **_scoped("trainingsession", session_kwargs),
    **_write("api:trainingsession-attendance", "change", session_kwargs),
    # The cadre app's paths (api/app.py): a cadre's account only; every officer is refused (403) before
    # anything is looked up (tests/api/test_app.py: the cadre's own and another locus' objects).
    **{
        name: Rule(expect=CADRE_APP_ONLY, method=method)
        for name, method in (
            ("api:app_profile", "get"),
            ("api:app_activities", "post"),
            ("api:app_schedule", "get"),
            ("api:app_check_in", "post"),
            ("api:app_figures", "get"),
        )
    },
    "api:app_activity": Rule(expect=CADRE_APP_ONLY, kwargs=activity_kwargs("in")),
    "api:app_activity_photos": Rule(expect=CADRE_APP_ONLY, kwargs=activity_kwargs("in"), method="post"),
    # Any other path under /api/v1/: the API's JSON 404 to a signed-in user (tests/api/test_contract.py).
    "api:not_found": Rule(
        expect=table(default=404, anonymous=API_ANONYMOUS), kwargs=lambda world: {"rest": "x/0.5"}
    ),
    # Open data: aggregates only, for everyone, signed in or not (api/open_data/).
    "open_data:catalogue": Rule(expect=PUBLIC),
    "open_data:national": Rule(expect=PUBLIC, kwargs=lambda world: {"year": 2021, "fmt": "json"}),
    "open_data:national_metadata": Rule(expect=PUBLIC, kwargs=lambda world: {"year": 2021}),
    "open_data:province": Rule(
        expect=PUBLIC, kwargs=lambda world: {"year": 2021, "code": "18", "fmt": "csv"}
    ),
    "open_data:province_metadata": Rule(expect=PUBLIC, kwargs=lambda world: {"year": 2021, "code": "18"}),
}
