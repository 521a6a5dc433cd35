"""No NIK existence oracle: a NIK that is a cadre outside the user's jurisdiction is refused without naming
anything of the other record, the refusal is logged like a full-NIK view, more than 20 such refusals in an
hour throttle the user (whatever the NIK) and are reported to KPU RI's administrators — for the form and
the spreadsheet import alike."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from cadre import services
from cadre.choices import CadreStatus, NikAccessAction
from cadre.models import Cadre, NikAccess
from cadre.services import (
    cadre_register,
    cadre_replace,
    cadre_resign,
    cadre_update,
)
from locus.models import Village
from tests.cadre.factories import cadre_data
from tests.cadre.test_import import SUKABANJAR, row, run
from tests.cadre.test_views import form_post
from tests.factories import UserFactory
from tests.locus.factories import LocusFactory

NEUTRAL = "NIK ini tidak dapat didaftarkan sebagai kader"
THROTTLED = "Terlalu banyak pendaftaran NIK yang ditolak"
REFUSED_REASON = "Pendaftaran ditolak: NIK terdaftar sebagai kader di luar wilayah kerja"


@pytest.fixture
def locus(world):
    return LocusFactory(village=world.gunung_kasih)


@pytest.fixture
def waibalun(world):
    """A cadre of Flores Timur (NTT): outside the jurisdiction of Tanggamus' users."""
    other = LocusFactory(village=world.flotim_village)
    cadre, _w = cadre_register(
        actor=world.users["flotim_admin"], locus=other, data=cadre_data(other.village_id, serial=77)
    )
    return cadre


def same_person(locus, cadre: Cadre, **overrides):
    data = cadre_data(locus.village_id, serial=77, **overrides)
    data.nik = cadre.nik
    return data


def refusal(world, locus, cadre, actor="tanggamus_staff") -> list[str]:
    with pytest.raises(ValidationError) as excinfo:
        cadre_register(actor=world.users[actor], locus=locus, data=same_person(locus, cadre))
    return excinfo.value.message_dict["nik"]


def refused_before(world, count: int, *, cadre: Cadre, actor="tanggamus_staff", ago=dt.timedelta(0)):
    """``count`` refusals logged for ``actor`` (``ago`` before now)."""
    user = world.users[actor]
    NikAccess.objects.bulk_create(
        [
            NikAccess(cadre=cadre, user=user, action=NikAccessAction.REFUSED, reason="uji")
            for _ in range(count)
        ]
    )
    if ago:
        NikAccess.objects.filter(user=user).update(at=timezone.now() - ago)


# --- no oracle -----------------------------------------------------------------------------------------


def test_a_nik_registered_outside_the_jurisdiction_is_refused_naming_nothing_of_it(world, locus, waibalun):
    [message] = refusal(world, locus, waibalun)
    assert message.startswith(NEUTRAL)
    for leak in ("2021", "Waibalun", "Flores", "Nusa Tenggara", "lokus lain", "53"):
        assert leak not in message
    assert "KPU Provinsi" in message and "KPU RI" in message
    assert Cadre.objects.filter(nik=waibalun.nik).count() == 1


def test_a_duplicate_inside_the_jurisdiction_still_names_its_locus_and_is_not_logged(world, locus):
    sukabanjar = LocusFactory(village=Village.objects.get(code=SUKABANJAR))
    first, _w = cadre_register(
        actor=world.users["tanggamus_staff"], locus=sukabanjar, data=cadre_data(SUKABANJAR, serial=77)
    )
    assert refusal(world, locus, first) == [
        "NIK ini sudah terdaftar sebagai kader di lokus Sukabanjar pada tahun 2021."
    ]
    assert not NikAccess.objects.exists()


def test_a_national_user_sees_where_the_nik_is_registered(world, locus, waibalun):
    assert "Waibalun" in refusal(world, locus, waibalun, actor="national_admin")[0]
    assert not NikAccess.objects.exists()


def test_the_rule_is_unchanged_a_nik_is_free_again_once_the_cadre_resigned(world, locus, waibalun):
    cadre_resign(actor=world.users["flotim_admin"], cadre=waibalun, reason="Pindah domisili")
    cadre, _w = cadre_register(
        actor=world.users["tanggamus_staff"], locus=locus, data=same_person(locus, waibalun)
    )
    assert cadre.status == CadreStatus.REGISTERED and cadre.nik == waibalun.nik


def test_a_valid_registration_by_an_allowed_user_still_lands(world, locus, waibalun):
    cadre, warnings = cadre_register(
        actor=world.users["tanggamus_staff"], locus=locus, data=cadre_data(locus.village_id)
    )
    assert cadre.pk and cadre.status == CadreStatus.REGISTERED and warnings == []
    assert not NikAccess.objects.exists()


# --- the refusal is logged like a full-NIK view ----------------------------------------------------------


def test_the_refusal_is_logged_with_who_when_which_nik_and_why(world, locus, waibalun):
    before = timezone.now()
    refusal(world, locus, waibalun)
    log = NikAccess.objects.get()
    assert (log.user, log.cadre, log.action, log.reason) == (
        world.users["tanggamus_staff"],
        waibalun,
        NikAccessAction.REFUSED,
        REFUSED_REASON,
    )
    assert log.cadre.nik == waibalun.nik and log.at >= before
    # The office that holds the cadre sees the attempt in the cadre's access log.
    assert NikAccess.objects.restrict(world.users["flotim_admin"], "view").get() == log
    assert not NikAccess.objects.restrict(world.users["tanggamus_admin"], "view").exists()


def test_an_update_to_a_nik_outside_the_jurisdiction_is_refused_and_logged(world, locus, waibalun):
    mine, _w = cadre_register(
        actor=world.users["tanggamus_staff"], locus=locus, data=cadre_data(locus.village_id)
    )
    with pytest.raises(ValidationError) as excinfo:
        cadre_update(actor=world.users["tanggamus_staff"], cadre=mine, data=same_person(locus, waibalun))
    assert excinfo.value.message_dict["nik"][0].startswith(NEUTRAL)
    assert NikAccess.objects.get().cadre == waibalun
    mine.refresh_from_db()
    assert mine.nik != waibalun.nik


def test_a_replacement_outside_the_jurisdiction_is_refused_and_logged(world, locus, waibalun):
    staff = world.users["tanggamus_staff"]
    mine, _w = cadre_register(actor=staff, locus=locus, data=cadre_data(locus.village_id))
    cadre_resign(actor=staff, cadre=mine, reason="Pindah domisili")
    with pytest.raises(ValidationError) as excinfo:
        cadre_replace(actor=staff, cadre=mine, data=same_person(locus, waibalun))
    assert excinfo.value.message_dict["nik"][0].startswith(NEUTRAL)
    assert NikAccess.objects.get().cadre == waibalun
    mine.refresh_from_db()
    assert mine.status == CadreStatus.RESIGNED


def test_the_form_shows_the_neutral_refusal_on_the_nik_field(client, world, locus, waibalun):
    client.force_login(world.users["tanggamus_staff"])
    url = reverse("cadre:cadre_create", args=[locus.pk])
    response = client.post(url, form_post(locus, nik=waibalun.nik, birth_date="15/08/1995"))
    assert response.status_code == 200
    [message] = response.context["form"].errors["nik"]
    assert message.startswith(NEUTRAL) and "2021" not in message and "Waibalun" not in message
    assert NikAccess.objects.filter(action=NikAccessAction.REFUSED).count() == 1
    fresh = client.post(url, form_post(locus, birth_date="15/08/1995"))
    assert fresh.status_code == 302
    assert Cadre.objects.filter(locus=locus).count() == 1


# --- throttling ------------------------------------------------------------------------------------------


def test_the_21st_refusal_in_an_hour_is_throttled_without_looking_at_the_nik(world, locus, waibalun):
    assert services.REFUSAL_LIMIT == 20
    for _ in range(services.REFUSAL_LIMIT):
        assert refusal(world, locus, waibalun)[0].startswith(NEUTRAL)
    assert NikAccess.objects.filter(action=NikAccessAction.REFUSED).count() == 20
    assert refusal(world, locus, waibalun)[0].startswith(THROTTLED)
    # A NIK that is nobody's cadre gets the same answer, and the cadres are not even read.
    with CaptureQueriesContext(connection) as queries, pytest.raises(ValidationError) as excinfo:
        cadre_register(
            actor=world.users["tanggamus_staff"], locus=locus, data=cadre_data(locus.village_id, serial=901)
        )
    assert excinfo.value.message_dict["nik"][0].startswith(THROTTLED)
    assert not [q for q in queries if 'FROM "cadre_cadre"' in q["sql"]]
    assert not Cadre.objects.filter(locus=locus).exists()
    # Throttled attempts are not refusals of a NIK: the count stays at the limit.
    assert NikAccess.objects.filter(action=NikAccessAction.REFUSED).count() == 20
    # Another user is not throttled.
    cadre, _w = cadre_register(
        actor=world.users["tanggamus_admin"], locus=locus, data=cadre_data(locus.village_id, serial=902)
    )
    assert cadre.pk


def test_the_throttle_counts_one_query_and_only_the_last_hour(world, locus, waibalun):
    refused_before(world, services.REFUSAL_LIMIT, cadre=waibalun, ago=dt.timedelta(minutes=61))
    cadre, _w = cadre_register(
        actor=world.users["tanggamus_staff"], locus=locus, data=cadre_data(locus.village_id)
    )
    assert cadre.pk
    NikAccess.objects.all().delete()
    refused_before(world, services.REFUSAL_LIMIT - 1, cadre=waibalun, ago=dt.timedelta(minutes=59))
    assert refusal(world, locus, waibalun)[0].startswith(NEUTRAL)
    with CaptureQueriesContext(connection) as queries:
        assert refusal(world, locus, waibalun)[0].startswith(THROTTLED)
    assert len([q for q in queries if "cadre_nikaccess" in q["sql"] and "COUNT" in q["sql"]]) == 1


def test_national_administrators_are_mailed_once_per_user_and_hour(world, locus, waibalun):
    national_office = world.users["national_admin"].office
    UserFactory(username="national-admin-off", office=national_office, role=Role.ADMIN, is_active=False)
    UserFactory(username="national-admin-no-mail", office=national_office, role=Role.ADMIN, email="")
    refused_before(world, services.REFUSAL_LIMIT, cadre=waibalun)
    assert not mail.outbox
    refusal(world, locus, waibalun)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["national-admin@kpu.test"]
    assert "tanggamus-staff" in message.subject + message.body
    assert waibalun.nik not in message.subject + message.body
    assert "Waibalun" not in message.body
    report = NikAccess.objects.get(action=NikAccessAction.THROTTLED)
    assert (report.user, report.cadre) == (world.users["tanggamus_staff"], None)
    # Further throttled attempts in the hour: no second mail.
    refusal(world, locus, waibalun)
    cadre_data_fresh = cadre_data(locus.village_id, serial=903)
    with pytest.raises(ValidationError):
        cadre_register(actor=world.users["tanggamus_staff"], locus=locus, data=cadre_data_fresh)
    assert len(mail.outbox) == 1
    # An hour after the report, a user still over the limit is reported again.
    NikAccess.objects.filter(action=NikAccessAction.THROTTLED).update(
        at=timezone.now() - dt.timedelta(hours=2)
    )
    refusal(world, locus, waibalun)
    assert len(mail.outbox) == 2


# --- the spreadsheet import goes through the same function ------------------------------------------------


@pytest.mark.parametrize("dry_run", [True, False])
def test_an_import_row_outside_the_jurisdiction_is_refused_neutrally_and_logged(
    world, locus, waibalun, dry_run
):
    outcome = run(world, [row(serial=1), row(NIK=waibalun.nik)], dry_run=dry_run)
    assert [(e.row, e.column) for e in outcome.errors] == [(3, "NIK")]
    message = outcome.errors[0].message
    assert message.startswith(NEUTRAL) and "2021" not in message and "Waibalun" not in message
    assert not outcome.saved and Cadre.objects.filter(locus=locus).count() == 0
    log = NikAccess.objects.get()  # kept although the import's transaction was rolled back
    assert (log.user, log.cadre, log.action) == (
        world.users["tanggamus_staff"],
        waibalun,
        NikAccessAction.REFUSED,
    )


def test_an_import_inside_the_jurisdiction_still_names_the_locus(world, locus):
    sukabanjar = LocusFactory(village=Village.objects.get(code=SUKABANJAR))
    first, _w = cadre_register(
        actor=world.users["tanggamus_staff"], locus=sukabanjar, data=cadre_data(SUKABANJAR, serial=77)
    )
    outcome = run(world, [row(NIK=first.nik)], dry_run=True)
    assert "sudah terdaftar sebagai kader di lokus Sukabanjar pada tahun 2021" in outcome.errors[0].message
    assert not NikAccess.objects.exists()


def test_an_import_crossing_the_limit_throttles_every_later_row(world, locus, waibalun):
    refused_before(world, services.REFUSAL_LIMIT - 1, cadre=waibalun)
    outcome = run(world, [row(NIK=waibalun.nik), row(serial=2), row(serial=3)], dry_run=True)
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "NIK"), (3, "NIK"), (4, "NIK")]
    first, *later = [e.message for e in outcome.errors]
    assert first.startswith(NEUTRAL) and all(message.startswith(THROTTLED) for message in later)
    assert NikAccess.objects.filter(action=NikAccessAction.REFUSED).count() == services.REFUSAL_LIMIT
    assert len(mail.outbox) == 1


def test_a_throttled_user_cannot_import_at_all(world, locus, waibalun):
    refused_before(world, services.REFUSAL_LIMIT, cadre=waibalun)
    outcome = run(world, [row(serial=1)])
    assert [e.message[: len(THROTTLED)] for e in outcome.errors] == [THROTTLED]
    assert not Cadre.objects.filter(locus=locus).exists()
    assert len(mail.outbox) == 1
    assert NikAccess.objects.filter(action=NikAccessAction.THROTTLED).count() == 1
