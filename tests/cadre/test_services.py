"""Cadres: the identity checks, one live NIK per year, the roster cap (also under concurrency), the steps,
replacement, and the logged reveal of a full NIK."""

import datetime as dt
import threading

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from cadre.checks import mask_nik
from cadre.choices import CadreStatus
from cadre.models import Cadre, NikAccess
from cadre.services import (
    cadre_activate,
    cadre_appoint,
    cadre_interview,
    cadre_register,
    cadre_replace,
    cadre_resign,
    cadre_reveal_nik,
    cadre_verify,
)
from locus.choices import LocusStatus
from locus.models import Village
from tests.cadre.factories import cadre_data, make_nik
from tests.locus.factories import LocusFactory

ALL_CHECKED = {"ktp": True, "domisili": True, "usia": True, "pernyataan": True, "sehat": True}


@pytest.fixture
def locus(world):
    return LocusFactory(village=world.gunung_kasih)


def register(world, locus, actor="tanggamus_staff", **kwargs):
    return cadre_register(actor=world.users[actor], locus=locus, data=cadre_data(locus.village_id, **kwargs))


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def test_a_valid_candidate_is_registered_with_a_normalised_phone(world, locus):
    cadre, warnings = register(world, locus)
    assert cadre.status == CadreStatus.REGISTERED
    assert cadre.phone == "+6281234567890"
    assert (cadre.regency_id, cadre.province_id, cadre.programme_year_id) == ("18.06", "18", 2021)
    assert [s.code for s in cadre.segments.all()] == ["perempuan"]
    assert warnings == []


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"nik": "12345"}, "nik", "16 digit"),
        ({"nik": "9906115508950001"}, "nik", "provinsi"),
        ({"nik": "1806113208950001"}, "nik", "Tanggal lahir dalam NIK"),
        ({"nik": "1806115508950000"}, "nik", "0000"),
        ({"sex": "L"}, "sex", "tidak sesuai dengan NIK"),
        ({"birth_date": dt.date(1995, 8, 16)}, "birth_date", "tidak sesuai dengan NIK"),
        ({"nonpartisan": False}, "nonpartisan", "partai politik"),
        ({"segment_codes": ["pedagang"]}, "segments", "bukan unsur"),
        ({"segment_codes": ["penyandang-disabilitas"]}, "disability", "jenis disabilitas"),
        ({"domicile_village_code": "18.06.11.9999"}, "domicile_village", "tidak dikenal"),
        ({"phone": "12"}, "phone", "tidak dapat dibaca"),
    ],
)
def test_each_check_refuses_with_an_indonesian_message_on_its_field(world, locus, overrides, field, fragment):
    data = cadre_data(locus.village_id)
    for key, value in overrides.items():
        setattr(data, key, value)
    with pytest.raises(ValidationError) as excinfo:
        cadre_register(actor=world.users["tanggamus_staff"], locus=locus, data=data)
    assert any(fragment in message for message in errors_of(excinfo)[field])
    assert not Cadre.objects.exists()


def test_younger_than_17_on_the_recruitment_date_is_refused(world, locus):
    birth = dt.date(2004, 6, 2)  # 16 on 1 June 2021
    with pytest.raises(ValidationError) as excinfo:
        register(world, locus, birth_date=birth, sex="L", segments=["pemilih-pemula"])
    assert "17 tahun" in errors_of(excinfo)["birth_date"][0]
    cadre, _ = register(world, locus, birth_date=dt.date(2004, 6, 1), sex="L", segments=["pemilih-pemula"])
    assert cadre.pk


def test_a_domicile_outside_the_locus_village_is_a_warning(world, locus):
    data = cadre_data(locus.village_id, domicile_village_code="18.06.21.2005")
    cadre, warnings = cadre_register(actor=world.users["tanggamus_staff"], locus=locus, data=data)
    assert cadre.pk and "bukan desa lokus" in warnings[0]


def test_a_nik_of_an_old_district_code_is_accepted_with_a_note(world, locus):
    nik = make_nik("18.99.01", dt.date(1990, 1, 5), "L")
    data = cadre_data(
        locus.village_id, sex="L", birth_date=dt.date(1990, 1, 5), nik=nik, segments=["tokoh-agama"]
    )
    cadre, warnings = cadre_register(actor=world.users["tanggamus_staff"], locus=locus, data=data)
    assert cadre.pk and "kode lama" in warnings[0]


def test_a_nik_live_in_another_locus_of_the_year_is_refused_naming_it_only_if_visible(world, locus):
    other = LocusFactory(village=world.flotim_village)
    data = cadre_data(other.village_id, serial=77)
    cadre_register(actor=world.users["flotim_admin"], locus=other, data=data)
    same_person = cadre_data(locus.village_id, serial=77)
    same_person.nik = data.nik
    with pytest.raises(ValidationError) as excinfo:
        cadre_register(actor=world.users["tanggamus_staff"], locus=locus, data=same_person)
    assert errors_of(excinfo)["nik"] == [
        "NIK ini tidak dapat didaftarkan sebagai kader. Untuk keterangan, hubungi KPU Provinsi atau KPU RI."
    ]
    with pytest.raises(ValidationError) as excinfo:
        cadre_register(actor=world.users["national_admin"], locus=locus, data=same_person)
    assert "Waibalun" in errors_of(excinfo)["nik"][0]


def test_registration_needs_a_designated_locus_in_the_jurisdiction(world):
    proposed = LocusFactory(village=world.gunung_kasih, status=LocusStatus.PROPOSED)
    with pytest.raises(ValidationError):
        register(world, proposed)
    flotim = LocusFactory(village=world.flotim_village)
    with pytest.raises(PermissionDenied):
        register(world, flotim, actor="tanggamus_staff")
    sukabanjar = LocusFactory(village=Village.objects.get(code="18.06.21.2005"))
    with pytest.raises(PermissionDenied):
        register(world, sukabanjar, actor="tanggamus_viewer")
    assert not Cadre.objects.exists()


def appoint(world, cadre):
    cadre = cadre_verify(actor=world.users["tanggamus_staff"], cadre=cadre, checklist=ALL_CHECKED)
    cadre = cadre_interview(
        actor=world.users["tanggamus_staff"],
        cadre=cadre,
        notes="Tidak berafiliasi parpol.",
        interviewed_on=dt.date(2021, 6, 5),
    )
    return cadre_appoint(
        actor=world.users["tanggamus_commissioner"],
        cadre=cadre,
        decree_number="5/PP.06-Kpt/1806/2021",
        decree_date=dt.date(2021, 6, 8),
    )


def test_the_steps_follow_their_order_and_appointing_is_a_decision(world, locus):
    cadre, _ = register(world, locus)
    with pytest.raises(ValidationError):
        cadre_appoint(
            actor=world.users["tanggamus_commissioner"],
            cadre=cadre,
            decree_number="1",
            decree_date=dt.date(2021, 6, 8),
        )
    with pytest.raises(ValidationError) as excinfo:
        cadre_verify(actor=world.users["tanggamus_staff"], cadre=cadre, checklist={"ktp": True})
    assert "Belum terpenuhi" in errors_of(excinfo)["verification"][0]
    cadre = cadre_verify(actor=world.users["tanggamus_staff"], cadre=cadre, checklist=ALL_CHECKED)
    cadre = cadre_interview(
        actor=world.users["tanggamus_staff"], cadre=cadre, notes="Baik.", interviewed_on=dt.date(2021, 6, 5)
    )
    with pytest.raises(PermissionDenied):
        cadre_appoint(
            actor=world.users["tanggamus_staff"],
            cadre=cadre,
            decree_number="1",
            decree_date=dt.date(2021, 6, 8),
        )
    cadre = cadre_appoint(
        actor=world.users["tanggamus_commissioner"],
        cadre=cadre,
        decree_number="1",
        decree_date=dt.date(2021, 6, 8),
    )
    cadre = cadre_activate(actor=world.users["tanggamus_staff"], cadre=cadre)
    assert cadre.status == CadreStatus.ACTIVE
    statuses = [record.status for record in cadre.history.all()]  # newest first
    assert (
        statuses[:4] == ["aktif", "ditetapkan", "wawancara", "terverifikasi"] and statuses[-1] == "terdaftar"
    )
    assert cadre.history.first().history_user == world.users["tanggamus_staff"]


def test_the_roster_is_capped_at_the_programme_years_size(world, locus):
    year = locus.programme_year
    year.roster_size = 3
    year.save()
    cadres = [register(world, locus, serial=n)[0] for n in range(1, 5)]
    for cadre in cadres[:3]:
        appoint(world, cadre)
    with pytest.raises(ValidationError) as excinfo:
        appoint(world, cadres[3])
    assert "sudah penuh (3/3" in excinfo.value.messages[0]
    assert Cadre.objects.filter(locus=locus).on_roster().count() == 3


def test_a_resigned_cadre_is_replaced_by_a_linked_new_cadre(world, locus):
    cadre, _ = register(world, locus, serial=1)
    cadre = appoint(world, cadre)
    cadre = cadre_resign(actor=world.users["tanggamus_staff"], cadre=cadre, reason="Pindah ke luar kota.")
    new, _ = cadre_replace(
        actor=world.users["tanggamus_staff"], cadre=cadre, data=cadre_data(locus.village_id, serial=2)
    )
    cadre.refresh_from_db()
    assert cadre.status == CadreStatus.REPLACED
    assert new.replaces == cadre and cadre.replaced_by == new


def test_follow_on_cadres_count_apart_from_the_roster(world, locus):
    year = locus.programme_year
    year.roster_size = 1
    year.save()
    recruiter = appoint(world, register(world, locus, serial=1)[0])
    follow_on, _ = cadre_register(
        actor=world.users["tanggamus_staff"],
        locus=locus,
        data=cadre_data(locus.village_id, serial=2),
        recruited_by=recruiter,
    )
    assert appoint(world, follow_on).status == CadreStatus.APPOINTED  # not counted against the 1/1 roster
    assert Cadre.objects.filter(locus=locus).follow_on().count() == 1
    assert Cadre.objects.filter(locus=locus).on_roster().count() == 1


def test_full_nik_needs_the_permission_and_a_reason_and_is_logged(world, locus):
    cadre, _ = register(world, locus)
    user = world.users["lampung_admin"]
    assert mask_nik(cadre.nik) == cadre.nik[:6] + "******" + cadre.nik[12:]
    with pytest.raises(PermissionDenied):
        cadre_reveal_nik(actor=user, cadre=cadre, reason="Verifikasi data kependudukan")
    user.user_permissions.add(Permission.objects.get(codename="view_full_nik"))
    user = type(user).objects.get(pk=user.pk)
    with pytest.raises(ValidationError):
        cadre_reveal_nik(actor=user, cadre=cadre, reason="cek")
    assert cadre_reveal_nik(actor=user, cadre=cadre, reason="Verifikasi data kependudukan") == cadre.nik
    log = NikAccess.objects.get()
    assert (log.user, log.cadre, log.action, log.reason) == (
        user,
        cadre,
        "lihat",
        "Verifikasi data kependudukan",
    )
    ntt = world.users["ntt_admin"]
    ntt.user_permissions.add(Permission.objects.get(codename="view_full_nik"))
    ntt = type(ntt).objects.get(pk=ntt.pk)
    with pytest.raises(PermissionDenied):
        cadre_reveal_nik(actor=ntt, cadre=cadre, reason="Verifikasi data kependudukan")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appointments_never_exceed_the_roster(world):
    from django.db import close_old_connections

    locus = LocusFactory(village=world.gunung_kasih)
    year = locus.programme_year
    year.roster_size = 5
    year.save()
    cadres = []
    for n in range(1, 11):
        cadre, _ = register(world, locus, serial=n)
        cadre = cadre_verify(actor=world.users["tanggamus_staff"], cadre=cadre, checklist=ALL_CHECKED)
        cadres.append(
            cadre_interview(
                actor=world.users["tanggamus_staff"],
                cadre=cadre,
                notes="Baik.",
                interviewed_on=dt.date(2021, 6, 5),
            )
        )
    barrier = threading.Barrier(len(cadres))
    outcomes = []

    def attempt(cadre):
        try:
            barrier.wait()
            cadre_appoint(
                actor=world.users["tanggamus_commissioner"],
                cadre=cadre,
                decree_number="9",
                decree_date=dt.date(2021, 6, 8),
            )
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("full")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=attempt, args=(c,)) for c in cadres]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["full"] * 5 + ["ok"] * 5
    assert Cadre.objects.filter(locus=locus).on_roster().count() == 5


def test_a_correction_may_attach_a_new_signed_statement(world, locus):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cadre.services import cadre_update

    cadre, _ = register(world, locus)
    pdf = SimpleUploadedFile("pernyataan.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    cadre, _ = cadre_update(
        actor=world.users["tanggamus_staff"],
        cadre=cadre,
        data=cadre_data(locus.village_id, nik=cadre.nik),
        statement=pdf,
    )
    assert cadre.nonpartisan_statement.name.endswith(".pdf")
    fake = SimpleUploadedFile("pernyataan.pdf", b"not a pdf", "application/pdf")
    with pytest.raises(ValidationError) as excinfo:
        cadre_update(
            actor=world.users["tanggamus_staff"],
            cadre=cadre,
            data=cadre_data(locus.village_id, nik=cadre.nik),
            statement=fake,
        )
    assert "nonpartisan_statement" in errors_of(excinfo)
