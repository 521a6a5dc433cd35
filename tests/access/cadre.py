"""Access to the roster and cadre pages.

In jurisdiction: a locus in Gunung Kasih (Tanggamus, Lampung) and a cadre registered there; out of
jurisdiction: the same in Waibalun (Flores Timur, NTT). A role that may not do the page's action gets 403
wherever the cadre is; outside the jurisdiction a cadre or locus does not exist (404). Nobody in the world
holds ``cadre.view_full_nik``: the reveal of a full NIK is a 403 for every actor, in and out.
"""

from __future__ import annotations

import datetime as dt

from accounts.choices import OfficeLevel
from cadre.accounts import accept_invitation, invite_cadre
from cadre.services import cadre_interview, cadre_register, cadre_resign, cadre_verify
from locus.models import Locus
from tests.access import LOGGED_IN, PUBLIC, Rule, actors_where, table
from tests.access.accounts import ADMIN_PAGE, flotim_user, scoped_page, tanggamus_user
from tests.access.accounts import SEES_FLOTIM as ADMINS_OF_FLOTIM
from tests.access.accounts import SEES_TANGGAMUS as ADMINS_OF_TANGGAMUS
from tests.access.loci import SEES_FLOTIM, SEES_TANGGAMUS, scoped
from tests.cadre.factories import cadre_data
from tests.locus.factories import LocusFactory

ALL_CHECKED = {"ktp": True, "domisili": True, "usia": True, "pernyataan": True, "sehat": True}
PLACES = {"in": ("gunung_kasih", "tanggamus_staff"), "out": ("flotim_village", "flotim_admin")}


def _locus(world, where: str) -> Locus:
    return LocusFactory(village=getattr(world, PLACES[where][0]))


def _cadre(world, where: str, status: str = "terdaftar"):
    locus = _locus(world, where)
    actor = world.users[PLACES[where][1]]
    cadre, _warnings = cadre_register(actor=actor, locus=locus, data=cadre_data(locus.village_id))
    if status in ("wawancara", "mundur"):
        cadre = cadre_verify(actor=actor, cadre=cadre, checklist=ALL_CHECKED)
        cadre = cadre_interview(
            actor=actor, cadre=cadre, notes="Tidak berafiliasi", interviewed_on=dt.date(2021, 7, 1)
        )
    if status == "mundur":
        cadre = cadre_resign(actor=actor, cadre=cadre, reason="Pindah domisili")
    return cadre


def locus_kwargs(where: str):
    return lambda world: {"pk": _locus(world, where).pk}


def cadre_kwargs(where: str, status: str = "terdaftar"):
    return lambda world: {"pk": _cadre(world, where, status).pk}


def _rule(action: str, kwargs, *, method: str = "get") -> Rule:
    return Rule(
        expect=scoped(action, SEES_TANGGAMUS),
        kwargs=kwargs("in"),
        out_kwargs=kwargs("out"),
        expect_out=scoped(action, SEES_FLOTIM),
        method=method,
    )


NOBODY_REVEALS = table(default=403)

ACCESS = {
    "cadre:cadre_list": Rule(expect=LOGGED_IN),
    "cadre:roster": _rule("view", locus_kwargs),
    "cadre:cadre_create": _rule("add", locus_kwargs),
    "cadre:cadre_detail": _rule("view", cadre_kwargs),
    "cadre:cadre_update": _rule("change", cadre_kwargs),
    # Appointing by SK is a decision: commissioners and administrators; staff and viewers 403.
    "cadre:cadre_step": _rule(
        "decide", lambda where: lambda world: {"pk": _cadre(world, where, "wawancara").pk, "step": "tetapkan"}
    ),
    "cadre:cadre_replace": _rule("add", lambda where: cadre_kwargs(where, "mundur")),
    "cadre:cadre_access_report": _rule("manage", cadre_kwargs),
    "cadre:cadre_reveal_nik": Rule(
        expect=NOBODY_REVEALS,
        kwargs=cadre_kwargs("in"),
        out_kwargs=cadre_kwargs("out"),
        expect_out=NOBODY_REVEALS,
        method="post",
    ),
    # The personal-data access report of one officer: administrators only, for the accounts they manage.
    "cadre:nik_access_index": Rule(expect=ADMIN_PAGE),
    "cadre:nik_access_officer": Rule(
        expect=scoped_page(ok=200, sees=ADMINS_OF_TANGGAMUS),
        kwargs=tanggamus_user,
        out_kwargs=flotim_user,
        expect_out=scoped_page(ok=200, sees=ADMINS_OF_FLOTIM),
    ),
    "cadre:nik_access_officer_export": Rule(
        expect=scoped_page(ok=200, sees=ADMINS_OF_TANGGAMUS),
        kwargs=lambda world: {**tanggamus_user(world), "fmt": "csv"},
        out_kwargs=lambda world: {**flotim_user(world), "fmt": "xlsx"},
        expect_out=scoped_page(ok=200, sees=ADMINS_OF_FLOTIM),
    ),
}


# --- the cadre app's accounts (cadre/views/app_accounts.py, cadre/views/app_access.py) ----------

APP_PLACES = {"in": ("gunung_kasih", "tanggamus_staff"), "out": ("flotim_village", "flotim_admin")}
APP_PIN = "482913"
# Only the cadre's regency office manages its account: a province or KPU RI user who may change the cadre is
# refused (403); a regency office elsewhere does not see the cadre (404).
NOT_REGENCY = actors_where(lambda level, key, role: level != OfficeLevel.REGENCY)


def active_cadre(world, where: str):
    from tests.activities.factories_evaluations import locus_at
    from tests.activities.factories_trainings import cadre

    return cadre(locus_at(getattr(world, APP_PLACES[where][0])), "Siti Aminah")


def active_cadre_kwargs(where: str):
    return lambda world: {"pk": active_cadre(world, where).pk}


def device_kwargs(where: str):
    def build(world):
        member = active_cadre(world, where)
        invitation = invite_cadre(world.users[APP_PLACES[where][1]], member)
        signed_in = accept_invitation(invitation.path.rstrip("/").rsplit("/", 1)[-1], APP_PIN, "Android")
        return {"pk": member.pk, "device": signed_in.device.pk}

    return build


def invitation_kwargs(world):
    invitation = invite_cadre(world.users["tanggamus_staff"], active_cadre(world, "in"))
    return {"token": invitation.path.rstrip("/").rsplit("/", 1)[-1]}


def _office_rule(kwargs, ok: int) -> Rule:
    def expect(sees):
        return {
            actor: ok if status == 200 else status
            for actor, status in scoped("change", sees, refused=NOT_REGENCY).items()
        }

    return Rule(
        expect=expect(SEES_TANGGAMUS),
        kwargs=kwargs("in"),
        out_kwargs=kwargs("out"),
        expect_out=expect(SEES_FLOTIM),
        method="post",
    )


ACCESS.update(
    {
        # The invitation page is the POST's answer (the link is shown once).
        "cadre:cadre_invite": _office_rule(active_cadre_kwargs, 200),
        "cadre:cadre_device_revoke": _office_rule(device_kwargs, 302),
        # The cadre app's pages are open: a phone arrives signed out. An officer is told it is for cadres.
        "cadre_app:home": Rule(expect=PUBLIC),
        "cadre_app:sign_in": Rule(expect=PUBLIC),
        # The app's landing from a session's QR code, its service worker and manifest hold no personal data.
        "cadre_app:check_in": Rule(expect=PUBLIC, kwargs=lambda w: {"code": "kode"}),
        "cadre_app:service_worker": Rule(expect=PUBLIC),
        "cadre_app:manifest": Rule(expect=PUBLIC),
        "cadre_app:invitation": Rule(expect=PUBLIC, kwargs=invitation_kwargs),
    }
)
