"""The read API (/api/v1/). Every signed-in user reads it; an anonymous request is refused with 403 (DRF's
session authentication asks for no credentials, so not 401). Regions and programme years are public
reference data, in and out of jurisdiction alike; a locus or cadre outside the jurisdiction does not exist
(404), as on the pages."""

from __future__ import annotations

from tests.access import PUBLIC, Rule, table
from tests.access.cadre import cadre_kwargs
from tests.access.loci import SEES_FLOTIM, SEES_TANGGAMUS, scoped
from tests.access.loci import locus_kwargs as proposed_locus_kwargs

API_ANONYMOUS = 403
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
