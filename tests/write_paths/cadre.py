"""The roster: registration, correction, each recruitment step, replacement, the logged reveal and export of
full NIKs, and the roster import. The cadres are in Gunung Kasih (Tanggamus, Lampung), registered through the
services (tests/access/cadre.py) and taken through the steps before the one under test."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from cadre.accounts import accept_invitation, invite_cadre
from cadre.choices import CadreStatus as S
from cadre.choices import NikAccessAction
from cadre.models import Cadre, CadreDevice, CadreInvitation, NikAccess
from cadre.services import cadre_appoint, cadre_verify
from locus.models import Locus
from tests.access.cadre import (
    ALL_CHECKED,
    APP_PIN,
    active_cadre,
    active_cadre_kwargs,
    cadre_kwargs,
    device_kwargs,
    invitation_kwargs,
    locus_kwargs,
)
from tests.cadre.test_import import csv_bytes, row
from tests.cadre.test_views import form_post
from tests.reports.factories_builders import grant_full_nik
from tests.write_paths import Write, edit, import_file

REASON = "Pencocokan data dengan KTP-el untuk SK"


def _cadre(call) -> Cadre:
    return Cadre.objects.get(pk=call.kwargs["pk"])


def _verified(world) -> dict:
    kwargs = cadre_kwargs("in")(world)
    cadre_verify(
        actor=world.users["tanggamus_staff"], cadre=Cadre.objects.get(**kwargs), checklist=ALL_CHECKED
    )
    return kwargs


def _appointed(world) -> dict:
    kwargs = cadre_kwargs("in", "wawancara")(world)
    cadre_appoint(
        actor=world.users["tanggamus_commissioner"],
        cadre=Cadre.objects.get(**kwargs),
        decree_number="12/PP.06/2021",
        decree_date=dt.date(2021, 8, 1),
    )
    return kwargs


def _step(build, step: str):
    return lambda world: {**build(world), "step": step}


def _now(status: str, **fields):
    def check(call, response):
        cadre = _cadre(call)
        assert response["Location"] == cadre.get_absolute_url()
        assert cadre.status == status
        for name, value in fields.items():
            assert getattr(cadre, name) == value, name

    return check


def _registered(call, response):
    cadre = Cadre.objects.get(locus_id=call.kwargs["pk"], full_name="Rina Marlina")
    assert response["Location"] == cadre.get_absolute_url()
    assert (cadre.status, cadre.recruited_by, cadre.phone) == (S.REGISTERED, None, "+6281234567890")


def _registration(call) -> dict:
    return form_post(Locus.objects.get(pk=call.kwargs["pk"]))


def _replacement(call) -> dict:
    return form_post(_cadre(call).locus)


def _replaced(call, response):
    old = _cadre(call)
    assert old.status == S.REPLACED
    assert response["Location"] == old.replaced_by.get_absolute_url()
    assert (old.replaced_by.full_name, old.replaced_by.status) == ("Rina Marlina", S.REGISTERED)


def _may_read_full_niks(build):
    def kwargs(world) -> dict:
        world.users["tanggamus_admin"] = grant_full_nik(world.users["tanggamus_admin"])
        return build(world)

    return kwargs


def _reveal(call):
    return call.post({"reason": REASON}, HTTP_HX_REQUEST="true")


def _revealed(call, response):
    cadre = _cadre(call)
    assert cadre.nik in response.content.decode()
    access = NikAccess.objects.get(cadre=cadre)
    assert (access.user, access.reason) == (call.user, REASON)


def _one_cadre(world) -> dict:
    cadre_kwargs("in")(world)
    return {}


def _exported(call, response):
    cadre = Cadre.objects.get()
    assert response["Content-Disposition"].endswith('-nik-lengkap.csv"')
    assert cadre.nik in response.content.decode("utf-8-sig")
    access = NikAccess.objects.get(cadre=cadre)
    assert (access.user, access.action, access.reason) == (call.user, NikAccessAction.EXPORT, REASON)


def _imported(call, response):
    locus = Locus.objects.get(village=call.world.gunung_kasih)
    assert response["Location"].startswith("/kader/")
    assert list(Cadre.objects.filter(locus=locus).values_list("full_name", flat=True)) == ["Siti Rahmawati"]


WRITES = {
    "cadre:cadre_create": Write(
        actor="tanggamus_staff", kwargs=locus_kwargs("in"), data=_registration, check=_registered
    ),
    "cadre:cadre_update": Write(
        actor="tanggamus_staff",
        kwargs=cadre_kwargs("in"),
        data=edit(full_name="Siti Rahma", occupation="Guru honorer"),
        check=_now(S.REGISTERED, full_name="Siti Rahma", occupation="Guru honorer"),
    ),
    "cadre:cadre_step": (
        Write(
            label="verifikasi",
            actor="tanggamus_staff",
            kwargs=_step(cadre_kwargs("in"), "verifikasi"),
            data=lambda call: dict.fromkeys(ALL_CHECKED, "on"),
            check=_now(S.VERIFIED),
        ),
        Write(
            label="wawancara",
            actor="tanggamus_staff",
            kwargs=_step(_verified, "wawancara"),
            data=lambda call: {"interview_notes": "Tidak berafiliasi", "interviewed_on": "01/07/2021"},
            check=_now(S.INTERVIEWED, interviewed_on=dt.date(2021, 7, 1)),
        ),
        Write(
            label="tetapkan",
            actor="tanggamus_commissioner",
            kwargs=_step(cadre_kwargs("in", "wawancara"), "tetapkan"),
            data=lambda call: {"decree_number": "12/PP.06/2021", "decree_date": "2021-08-01"},
            check=_now(S.APPOINTED, decree_number="12/PP.06/2021"),
        ),
        Write(
            label="aktifkan",
            actor="tanggamus_staff",
            kwargs=_step(_appointed, "aktifkan"),
            check=_now(S.ACTIVE),
        ),
        Write(
            label="tidak-memenuhi",
            actor="tanggamus_staff",
            kwargs=_step(cadre_kwargs("in"), "tidak-memenuhi"),
            data=lambda call: {"status_reason": "Anggota partai politik."},
            check=_now(S.INELIGIBLE, status_reason="Anggota partai politik."),
        ),
        Write(
            label="mundur",
            actor="tanggamus_staff",
            kwargs=_step(cadre_kwargs("in"), "mundur"),
            data=lambda call: {"status_reason": "Pindah domisili"},
            check=_now(S.RESIGNED, status_reason="Pindah domisili"),
        ),
    ),
    "cadre:cadre_replace": Write(
        actor="tanggamus_staff", kwargs=cadre_kwargs("in", "mundur"), data=_replacement, check=_replaced
    ),
    # HTMX: the fragment with the full NIK, for a holder of cadre.view_full_nik who gives a reason.
    "cadre:cadre_reveal_nik": Write(
        actor="tanggamus_admin",
        kwargs=_may_read_full_niks(cadre_kwargs("in")),
        submit=_reveal,
        check=_revealed,
        status=200,
    ),
    # GET exports masked NIKs; POST with a reason, full NIKs (logged).
    "cadre:cadre_export": Write(
        actor="tanggamus_admin",
        kwargs=_may_read_full_niks(_one_cadre),
        data=lambda call: {"alasan": REASON, "format": "csv"},
        check=_exported,
        status=200,
    ),
    "cadre:cadre_import": Write(
        actor="tanggamus_staff",
        submit=import_file(
            "kader.csv",
            lambda call: csv_bytes([row()]),
            tahun="2021",
            lokus=lambda call: locus_kwargs("in")(call.world)["pk"],
        ),
        check=_imported,
    ),
}


# --- the cadre app's accounts ----------


def _invited(call, response):
    assert CadreInvitation.objects.filter(cadre_id=call.kwargs["pk"], used_at=None, revoked_at=None).exists()
    assert "/kader-app/undangan/" in response.content.decode()


def _device_revoked(call, response):
    assert CadreDevice.objects.get(pk=call.kwargs["device"]).revoked_at is not None


def _pin_set(call, response):
    assert response["Location"] == reverse("cadre_app:home")
    assert CadreDevice.objects.filter(account__user__role="kader", revoked_at=None).exists()
    assert response.cookies["sidp3_kader_perangkat"].value


def _pin_again(call):
    invitation = invite_cadre(call.world.users["tanggamus_staff"], active_cadre(call.world, "in"))
    signed_in = accept_invitation(invitation.path.rstrip("/").rsplit("/", 1)[-1], APP_PIN, "Android")
    call.client.logout()
    call.client.cookies["sidp3_kader_perangkat"] = signed_in.token
    return call.post({"pin": APP_PIN})


def _signed_in_again(call, response):
    assert response["Location"] == reverse("cadre_app:home")
    assert call.client.get(reverse("cadre_app:home")).status_code == 200


WRITES.update(
    {
        "cadre:cadre_invite": Write(
            "tanggamus_staff", check=_invited, kwargs=active_cadre_kwargs("in"), status=200
        ),
        "cadre:cadre_device_revoke": Write(
            "tanggamus_admin", check=_device_revoked, kwargs=device_kwargs("in")
        ),
        "cadre_app:invitation": Write(
            "anonymous",
            check=_pin_set,
            kwargs=invitation_kwargs,
            data=lambda call: {"pin": APP_PIN, "pin_confirm": APP_PIN},
        ),
        "cadre_app:sign_in": Write("anonymous", check=_signed_in_again, submit=_pin_again),
    }
)
