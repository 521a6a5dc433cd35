"""Socialisation activities through the API: the list and an activity as each office sees them (another
jurisdiction's absent, a 404), their fields and evidence, filters, a fixed number of queries whatever the page
size; recording one through the page's service (stored with its cadres, segments and history), the service's
messages under the field they name, another province's locus answered as one that does not exist, a
read-only role a 403."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import ActivitySegmentReach, SocialisationActivity
from activities.services.outreach import activity_photo_add
from cadre.models import Cadre
from tests.activities.factories_trainings import activity, cadre

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SEEN = {
    "tanggamus_viewer": {"tanggamus"},
    "lampung_viewer": {"tanggamus", "lampung"},
    "national_viewer": {"tanggamus", "lampung", "flotim"},
    "flotim_admin": {"flotim"},
}


@dataclass
class Outreach:
    activities: dict[str, SocialisationActivity]
    cadres: dict[str, Cadre]


@pytest.fixture
def outreach(api_data) -> Outreach:
    actors = {"tanggamus": "tanggamus_staff", "lampung": "lampung_staff", "flotim": "flotim_admin"}
    activities, cadres = {}, {}
    for place, actor in actors.items():
        locus = getattr(api_data, f"{place}_locus")
        cadres[place] = cadre(locus, f"Kader {place.title()}")
        activities[place] = activity(
            api_data.user(actor),
            locus,
            [cadres[place]],
            held_on=dt.date(2021, 7, 10 + len(activities)),
            method="door_to_door" if place == "tanggamus" else "radio",
            segment_reach={"perempuan": 12},
        )
    return Outreach(activities=activities, cadres=cadres)


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("actor", sorted(SEEN))
def test_the_list_and_detail_hold_the_jurisdiction_only(api_data, outreach, api_get, actor):
    user = api_data.user(actor)
    listed = _ids(api_get(user, reverse("api:activity-list")))
    assert listed == {outreach.activities[place].pk for place in SEEN[actor]}
    for place, record in outreach.activities.items():
        status = api_get(user, reverse("api:activity-detail", args=[record.pk])).status_code
        assert status == (200 if place in SEEN[actor] else 404), (place, status)


def test_an_activity_as_its_page_shows_it(api_data, outreach, api_get, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    record = outreach.activities["tanggamus"]
    staff = api_data.user("tanggamus_staff")
    photo = activity_photo_add(
        actor=staff, activity=record, upload=SimpleUploadedFile("foto.png", PNG, "image/png"), title="Foto"
    )
    user = api_data.user("tanggamus_viewer")
    body = api_get(user, reverse("api:activity-detail", args=[record.pk])).json()
    assert body["locus"] == api_data.tanggamus_locus.pk
    assert (body["village"], body["village_name"]) == ("18.06.11.2016", "Gunung Kasih")
    assert (body["held_on"], body["method"], body["topic"]) == (
        "2021-07-10",
        "door_to_door",
        "anti_politik_uang",
    )
    assert body["method_label"] == "Dari rumah ke rumah (door to door)"
    assert body["cadres"] == [{"id": outreach.cadres["tanggamus"].pk, "full_name": "Kader Tanggamus"}]
    assert (body["reached_men"], body["reached_women"], body["reached_total"]) == (20, 25, 45)
    assert (body["reached_disabled"], body["reached_first_time"]) == (2, 8)
    assert body["segment_reach"] == [{"segment": "perempuan", "people": 12}]
    assert body["photo_count"] == 1
    [listed_photo] = body["photos"]
    assert (listed_photo["id"], listed_photo["kind"], listed_photo["title"]) == (photo.pk, "foto", "Foto")
    assert listed_photo["url"].endswith(reverse("activities:activity_photo", args=[photo.pk]))
    row = api_get(user, reverse("api:activity-list")).json()["results"][0]
    assert row["photo_count"] == 1 and "photos" not in row and "notes" not in row
    assert (
        outreach.cadres["tanggamus"].nik.encode() not in api_get(user, reverse("api:activity-list")).content
    )


def test_filters(api_data, outreach, api_get):
    user, url = api_data.user("national_viewer"), reverse("api:activity-list")
    tanggamus, lampung, flotim = (outreach.activities[p].pk for p in ("tanggamus", "lampung", "flotim"))
    assert _ids(api_get(user, url, {"method": "door_to_door"})) == {tanggamus}
    assert _ids(api_get(user, url, {"province": "53"})) == {flotim}
    assert _ids(api_get(user, url, {"regency": "18.04"})) == {lampung}
    assert _ids(api_get(user, url, {"locus": api_data.lampung_locus.pk})) == {lampung}
    assert _ids(api_get(user, url, {"held_from": "2021-07-11", "held_to": "2021-07-11"})) == {lampung}
    assert _ids(api_get(user, url, {"year": 2022})) == set()
    wrong = api_get(user, url, {"held_from": "kemarin"})
    assert wrong.status_code == 400
    assert wrong.json() == {"held_from": ["held_from: masukkan tanggal ISO 8601, misalnya 2021-07-01."]}


def test_the_list_answers_in_a_fixed_number_of_queries(api_data, outreach, client):
    client.force_login(api_data.user("national_viewer"))
    url = reverse("api:activity-list")
    client.get(url)  # the session's first use
    counts = []
    for page_size in (1, 3):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"page_size": page_size})
        assert len(response.json()["results"]) == page_size
        counts.append(len(queries))
    # The session, the user, the page's rows (with their photo counts), their cadres, segments and reach.
    assert counts == [6, 6], [q["sql"][:150] for q in queries.captured_queries]


# --- recording an activity ----------


def _new(api_data, outreach, **overrides) -> dict:
    return {
        "locus": api_data.tanggamus_locus.pk,
        "cadres": [outreach.cadres["tanggamus"].pk],
        "held_on": "2021-08-17",
        "village": "18.06.21.2005",
        "method": "pertemuan_warga",
        "topic": "partisipasi",
        "title": "Sosialisasi di balai pekon",
        "target_segments": ["perempuan"],
        "reached_men": 10,
        "reached_women": 14,
        "reached_disabled": 1,
        "reached_first_time": 5,
        "segment_reach": {"perempuan": 14},
        "notes": "Bersama PKK.",
        **overrides,
    }


def test_an_office_records_an_activity_as_on_the_page(api_data, outreach, api_post):
    staff = api_data.user("tanggamus_staff")
    response = api_post(staff, reverse("api:activity-list"), _new(api_data, outreach))
    assert response.status_code == 201, response.content
    body = response.json()
    record = SocialisationActivity.objects.get(pk=body["id"])
    assert (record.title, record.village_id, record.created_by) == (
        "Sosialisasi di balai pekon",
        "18.06.21.2005",
        staff,
    )
    assert (record.reached_men, record.reached_women, record.notes) == (10, 14, "Bersama PKK.")
    assert list(record.cadres.all()) == [outreach.cadres["tanggamus"]]
    assert [s.code for s in record.target_segments.all()] == ["perempuan"]
    assert list(ActivitySegmentReach.objects.filter(activity=record).values_list("segment_id", "people")) == [
        ("perempuan", 14)
    ]
    assert record.history.first().history_user == staff
    assert body["reached_total"] == 24 and body["segment_reach"] == [{"segment": "perempuan", "people": 14}]
    assert body["photos"] == [] and body["photo_count"] == 0
    # The locus' own village when none is given.
    again = api_post(staff, reverse("api:activity-list"), _new(api_data, outreach, village=""))
    assert again.json()["village"] == "18.06.11.2016"


def test_the_services_messages_come_back_on_their_fields(api_data, outreach, api_post):
    staff, url = api_data.user("tanggamus_staff"), reverse("api:activity-list")
    body = _new(
        api_data,
        outreach,
        cadres=[outreach.cadres["lampung"].pk],
        reached_disabled=30,
        segment_reach={"perempuan": 40},
        village="53.06.03.1001",
    )
    response = api_post(staff, url, body)
    assert response.status_code == 400
    assert response.json() == {
        "cadres": ["Pelaksana harus kader lokus ini yang sudah ditetapkan atau aktif."],
        "village": ["Desa/kelurahan tempat kegiatan harus berada di kabupaten/kota lokus."],
        "reached_disabled": [
            "Penyandang disabilitas (30) melebihi jumlah laki-laki dan perempuan terjangkau (24)."
        ],
        "segment_reach": ["Perempuan (40) melebihi jumlah laki-laki dan perempuan terjangkau (24)."],
    }
    future = api_post(staff, url, _new(api_data, outreach, held_on="2099-01-01", title=""))
    assert future.json() == {
        "held_on": ["Tanggal kegiatan tidak boleh di masa depan."],
        "title": ["Judul kegiatan wajib diisi."],
    }
    assert (
        not SocialisationActivity.objects.filter(locus=api_data.tanggamus_locus)
        .exclude(pk=outreach.activities["tanggamus"].pk)
        .exists()
    )


def test_types_are_refused_naming_the_field(api_data, outreach, api_post):
    staff, url = api_data.user("tanggamus_staff"), reverse("api:activity-list")
    response = api_post(staff, url, _new(api_data, outreach, reached_men="10", cadres=["1"], village="9"))
    assert response.status_code == 400
    assert response.json() == {
        "cadres.0": ["cadres harus bilangan bulat."],
        "reached_men": ["reached_men harus bilangan bulat."],
    }
    unknown = api_post(staff, url, _new(api_data, outreach, village="18.06.99.9999"))
    assert unknown.json() == {"village": ["Wilayah 18.06.99.9999 tidak ditemukan."]}


def test_another_provinces_locus_is_answered_as_one_that_does_not_exist(api_data, outreach, api_post):
    url = reverse("api:activity-list")
    staff = api_data.user("tanggamus_staff")
    elsewhere = api_post(staff, url, _new(api_data, outreach, locus=api_data.flotim_locus.pk))
    missing = api_post(staff, url, _new(api_data, outreach, locus=10**9))
    assert elsewhere.status_code == missing.status_code == 400
    assert elsewhere.json() == missing.json() == {"locus": ["Lokus tidak ditemukan."]}
    assert SocialisationActivity.objects.count() == 3


@pytest.mark.parametrize("actor", ["tanggamus_viewer", "national_viewer"])
def test_a_read_only_role_may_not_record(api_data, outreach, api_post, actor):
    response = api_post(api_data.user(actor), reverse("api:activity-list"), _new(api_data, outreach))
    assert response.status_code == 403
    assert SocialisationActivity.objects.count() == 3


# --- the review of a cadre's report ----------


def _reported(api_data, outreach) -> SocialisationActivity:
    member = outreach.cadres["tanggamus"]
    return activity(
        api_data.user("tanggamus_staff"),
        api_data.tanggamus_locus,
        [member],
        reported_by=member,
        title="Laporan",
    )


def test_the_status_and_the_reporter_are_shown_and_filtered(api_data, outreach, api_get):
    report = _reported(api_data, outreach)
    user = api_data.user("tanggamus_staff")
    body = api_get(user, reverse("api:activity-detail", args=[report.pk])).json()
    assert (body["status"], body["status_label"], body["review_note"]) == (
        "dilaporkan",
        "Dilaporkan kader",
        "",
    )
    assert body["reported_by"] == {"id": outreach.cadres["tanggamus"].pk, "full_name": "Kader Tanggamus"}
    officers = api_get(
        user, reverse("api:activity-detail", args=[outreach.activities["tanggamus"].pk])
    ).json()
    assert (officers["status"], officers["reported_by"]) == ("diterima", None)
    url = reverse("api:activity-list")
    assert _ids(api_get(user, url, {"status": "dilaporkan"})) == {report.pk}
    assert _ids(api_get(user, url, {"status": "diterima"})) == {outreach.activities["tanggamus"].pk}


def test_accepting_a_report_makes_it_count(api_data, outreach, api_post, api_get):
    report = _reported(api_data, outreach)
    staff = api_data.user("tanggamus_staff")
    figures = reverse("api:figures")
    before = api_get(staff, figures, {"year": 2021}).json()["figures"]["outreach"]["activities"]
    response = api_post(staff, reverse("api:activity-accept", args=[report.pk]))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "diterima"
    assert api_get(staff, figures, {"year": 2021}).json()["figures"]["outreach"]["activities"] == before + 1


def test_returning_needs_a_note_named_in_indonesian(api_data, outreach, api_post):
    report = _reported(api_data, outreach)
    staff = api_data.user("tanggamus_commissioner")
    url = reverse("api:activity-return", args=[report.pk])
    empty = api_post(staff, url, {"note": "  "})
    assert empty.status_code == 400
    assert "catatan pengembalian" in empty.json()["note"][0]
    assert api_post(staff, url, {"note": 12}).status_code == 400  # text only
    response = api_post(staff, url, {"note": "Lampirkan daftar hadir."})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["review_note"]) == (
        "dikembalikan",
        "Lampirkan daftar hadir.",
    )


def test_only_a_report_awaiting_review_is_reviewed(api_data, outreach, api_post):
    staff = api_data.user("tanggamus_staff")
    accepted = outreach.activities["tanggamus"]
    response = api_post(staff, reverse("api:activity-accept", args=[accepted.pk]))
    assert response.status_code == 400
    assert "berstatus Diterima" in response.json()["status"][0]


@pytest.mark.parametrize(
    ("actor", "expected"), [("tanggamus_viewer", 403), ("flotim_admin", 404), ("lampung_viewer", 403)]
)
def test_a_viewer_and_another_jurisdiction_are_refused(api_data, outreach, api_post, actor, expected):
    report = _reported(api_data, outreach)
    for name in ("api:activity-accept", "api:activity-return"):
        response = api_post(api_data.user(actor), reverse(name, args=[report.pk]), {"note": "x"})
        assert response.status_code == expected, (name, response.content)
    assert SocialisationActivity.objects.get(pk=report.pk).status == "dilaporkan"
