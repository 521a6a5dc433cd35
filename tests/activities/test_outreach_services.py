"""The rules of socialisation activities: cadres of the locus, a village of its regency, the year's segments,
reach parts within the total, evidence checked on upload; and the totals of reach, scoped."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from activities.models import ActivityPhoto, SocialisationActivity
from activities.selectors.outreach import outreach_totals
from activities.services.outreach import ActivityData, activity_delete, activity_photo_add, activity_update
from locus.models import Segment
from tests.activities.factories_evaluations import locus_at
from tests.activities.factories_trainings import activity, cadre
from tests.factories import village

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def place(world):
    gk = locus_at(world.gunung_kasih)
    sb = locus_at(village("18.06.21.2005", "Sukabanjar"))
    flotim = locus_at(world.flotim_village)
    return {
        "gk": gk,
        "sb": sb,
        "flotim": flotim,
        "ani": cadre(gk, "Ani Lestari"),
        "budi": cadre(gk, "Budi Santoso", sex="L"),
        "dedi": cadre(sb, "Dedi Saputra", sex="L"),
        "eko": cadre(flotim, "Eko Koli", sex="L"),
        "staff": world.users["tanggamus_staff"],
    }


def _errors(excinfo) -> dict:
    return {key: " ".join(messages) for key, messages in excinfo.value.message_dict.items()}


def test_an_activity_defaults_to_the_locus_village_and_keeps_its_history(place):
    segments = list(Segment.objects.filter(code__in=["perempuan", "pemilih-pemula"]))
    a = activity(place["staff"], place["gk"], [place["ani"], place["budi"]], target_segments=segments)
    assert a.village_id == place["gk"].village_id
    assert (a.regency_id, a.province_id, a.programme_year_id) == ("18.06", "18", 2021)
    assert a.reached_total == 45
    assert set(a.cadres.all()) == {place["ani"], place["budi"]}
    assert set(a.target_segments.all()) == set(segments)
    assert a.history.first().history_user == place["staff"]


def test_another_village_of_the_regency_is_allowed_but_not_one_outside(place, world):
    a = activity(place["staff"], place["gk"], [place["ani"]], village=place["sb"].village)
    assert a.village_id == "18.06.21.2005"
    with pytest.raises(ValidationError) as excinfo:
        activity(place["staff"], place["gk"], [place["ani"]], village=world.flotim_village)
    assert "kabupaten/kota lokus" in _errors(excinfo)["village"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "reached_disabled",
            50,
            "Penyandang disabilitas (50) melebihi jumlah laki-laki dan perempuan terjangkau (45).",
        ),
        (
            "reached_first_time",
            46,
            "Pemilih pemula (46) melebihi jumlah laki-laki dan perempuan terjangkau (45).",
        ),
        ("reached_men", -1, "Jumlah harus bilangan bulat 0 atau lebih."),
    ],
)
def test_reach_parts_above_the_total_are_refused(place, field, value, message):
    with pytest.raises(ValidationError) as excinfo:
        activity(place["staff"], place["gk"], [place["ani"]], **{field: value})
    assert _errors(excinfo)[field] == message
    assert not SocialisationActivity.objects.exists()


def test_cadres_must_be_appointed_or_active_cadres_of_the_locus(place):
    with pytest.raises(ValidationError) as excinfo:
        activity(place["staff"], place["gk"], [place["ani"], place["dedi"]])
    assert "kader lokus ini" in _errors(excinfo)["cadres"]
    candidate = cadre(place["gk"], "Calon Kader", status="terdaftar")
    with pytest.raises(ValidationError):
        activity(place["staff"], place["gk"], [candidate])
    with pytest.raises(ValidationError) as excinfo:
        activity(place["staff"], place["gk"], [])
    assert "sekurang-kurangnya satu kader" in _errors(excinfo)["cadres"]


def test_segments_outside_the_year_and_future_dates_are_refused(place):
    place["gk"].programme_year.segments.remove(Segment.objects.get(code="tokoh-adat"))
    with pytest.raises(ValidationError) as excinfo:
        activity(
            place["staff"],
            place["gk"],
            [place["ani"]],
            target_segments=[Segment.objects.get(code="tokoh-adat")],
        )
    assert "unsur pemilih tahun program 2021" in _errors(excinfo)["target_segments"]
    with pytest.raises(ValidationError) as excinfo:
        activity(place["staff"], place["gk"], [place["ani"]], held_on=dt.date.today() + dt.timedelta(days=10))
    assert "masa depan" in _errors(excinfo)["held_on"]


def test_outside_the_jurisdiction_and_by_role(world, place):
    with pytest.raises(PermissionDenied):
        activity(place["staff"], place["flotim"], [place["eko"]])
    with pytest.raises(PermissionDenied):
        activity(world.users["tanggamus_viewer"], place["gk"], [place["ani"]])
    a = activity(place["staff"], place["gk"], [place["ani"]])
    with pytest.raises(PermissionDenied):
        activity_delete(actor=place["staff"], activity=a)
    with pytest.raises(PermissionDenied):
        activity_update(actor=world.users["flotim_admin"], activity=a, data=ActivityData())
    activity_delete(actor=world.users["tanggamus_commissioner"], activity=a)
    assert not SocialisationActivity.objects.exists()


def test_update_rechecks_every_rule(place):
    a = activity(place["staff"], place["gk"], [place["ani"]])
    data = ActivityData(
        cadres=[place["budi"]],
        held_on=dt.date(2021, 7, 11),
        method="radio",
        topic="partisipasi",
        title="Dialog RRI",
        reached_men=10,
        reached_women=5,
        reached_first_time=15,
    )
    a = activity_update(actor=place["staff"], activity=a, data=data)
    assert (a.method, a.reached_total, list(a.cadres.all())) == ("radio", 15, [place["budi"]])
    data.reached_first_time = 16
    with pytest.raises(ValidationError):
        activity_update(actor=place["staff"], activity=a, data=data)


def test_photos_are_checked_on_upload(place, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a = activity(place["staff"], place["gk"], [place["ani"]])
    photo = activity_photo_add(
        actor=place["staff"],
        activity=a,
        upload=SimpleUploadedFile("door.png", PNG, "image/png"),
        title="Warga",
    )
    assert (photo.kind, photo.content_type) == ("foto", "image/png")
    report = activity_photo_add(
        actor=place["staff"], activity=a, upload=SimpleUploadedFile("laporan.pdf", PDF)
    )
    assert (report.kind, report.title) == ("dokumen", "laporan.pdf")
    with pytest.raises(ValidationError, match="PDF, JPG atau PNG"):
        activity_photo_add(actor=place["staff"], activity=a, upload=SimpleUploadedFile("x.exe", b"MZ"))
    with pytest.raises(ValidationError, match="tidak sesuai"):
        activity_photo_add(actor=place["staff"], activity=a, upload=SimpleUploadedFile("fake.jpg", PDF))
    settings.SIDP3_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError, match="terlalu besar"):
        activity_photo_add(actor=place["staff"], activity=a, upload=SimpleUploadedFile("big.png", PNG))
    assert ActivityPhoto.objects.count() == 2


def test_totals_are_scoped(world, place):
    activity(place["staff"], place["gk"], [place["ani"]])
    activity(place["staff"], place["sb"], [place["dedi"]], reached_men=5, reached_women=5, reached_disabled=0)
    activity(world.users["flotim_admin"], place["flotim"], [place["eko"]], reached_men=100, reached_women=100)
    tanggamus = outreach_totals(user=world.users["tanggamus_viewer"], year=2021)
    assert (tanggamus.activities, tanggamus.men, tanggamus.women, tanggamus.total) == (2, 25, 30, 55)
    assert (tanggamus.disabled, tanggamus.first_time) == (2, 16)
    assert outreach_totals(user=world.users["national_viewer"], year=2021).total == 255
    assert outreach_totals(user=world.users["national_viewer"], year=2021, region_code="53").total == 200
    assert outreach_totals(user=world.users["national_viewer"], year=2021, region_code="18.06.21").total == 10
    assert outreach_totals(user=world.users["tanggamus_viewer"], year=2021, region_code="53").activities == 0
    assert outreach_totals(user=world.users["tanggamus_viewer"], year=2022).activities == 0


def test_history_has_one_entry_per_save_with_its_lists(place):
    from activities.selectors.trainings import record_history

    a = activity(place["staff"], place["gk"], [place["ani"]])
    assert len(record_history(a, time_zone="Asia/Jakarta")) == 1
    data = ActivityData(
        cadres=[place["ani"], place["budi"]],
        held_on=dt.date(2021, 7, 10),
        method="radio",
        topic="anti_politik_uang",
        title="Dialog RRI",
    )
    activity_update(actor=place["staff"], activity=a, data=data)
    latest, created = record_history(a, time_zone="Asia/Jakarta")
    assert created.is_creation
    changes = {change.label: (change.old, change.new) for change in latest.changes}
    assert changes["Metode"] == ("Dari rumah ke rumah (door to door)", "Radio (mis. RRI)")
    assert changes["Kader"] == ("Ani Lestari", "Ani Lestari, Budi Santoso")
