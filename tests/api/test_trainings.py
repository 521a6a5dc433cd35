"""Training sessions through the API: the list and a session as each office sees them (another
jurisdiction's absent, a 404), the detail with its attendance (cadres by id and name, no NIK), filters, a
fixed number of queries whatever the page size; recording attendance through the attendance screen's
service (all rows or none, the session marked held, the history kept), its messages naming the cadre,
another province's session a 404, a read-only role a 403."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import TrainingAttendance, TrainingSession
from cadre.models import Cadre
from tests.activities.factories_trainings import cadre, session

pytestmark = pytest.mark.django_db

SEEN = {
    "tanggamus_viewer": {"tanggamus"},
    "lampung_viewer": {"tanggamus", "lampung"},
    "national_viewer": {"tanggamus", "lampung", "flotim"},
    "flotim_admin": {"flotim"},
}


@dataclass
class Trainings:
    sessions: dict[str, TrainingSession]
    cadres: dict[str, list[Cadre]]


@pytest.fixture
def trainings(api_data) -> Trainings:
    actors = {"tanggamus": "tanggamus_staff", "lampung": "lampung_staff", "flotim": "flotim_admin"}
    sessions, cadres = {}, {}
    for place, actor in actors.items():
        locus = getattr(api_data, f"{place}_locus")
        cadres[place] = [cadre(locus, "Ani Lestari"), cadre(locus, "Budi Santoso", sex="L")]
        sessions[place] = session(api_data.user(actor), [locus], held=place == "lampung")
    return Trainings(sessions=sessions, cadres=cadres)


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("actor", sorted(SEEN))
def test_the_list_and_detail_hold_the_jurisdiction_only(api_data, trainings, api_get, actor):
    user = api_data.user(actor)
    listed = _ids(api_get(user, reverse("api:trainingsession-list")))
    assert listed == {trainings.sessions[place].pk for place in SEEN[actor]}
    for place, record in trainings.sessions.items():
        status = api_get(user, reverse("api:trainingsession-detail", args=[record.pk])).status_code
        assert status == (200 if place in SEEN[actor] else 404), (place, status)


def test_filters(api_data, trainings, api_get):
    user, url = api_data.user("national_viewer"), reverse("api:trainingsession-list")
    tanggamus, lampung, flotim = (trainings.sessions[p].pk for p in ("tanggamus", "lampung", "flotim"))
    assert _ids(api_get(user, url, {"held": "true"})) == {lampung}
    assert _ids(api_get(user, url, {"locus": api_data.flotim_locus.pk})) == {flotim}
    assert _ids(api_get(user, url, {"regency": "18.06"})) == {tanggamus}
    assert _ids(api_get(user, url, {"year": 2021, "mode": "luring"})) == {tanggamus, lampung, flotim}
    assert _ids(api_get(user, url, {"starts_from": "2021-11-06T00:00:00+07:00"})) == set()
    assert len(_ids(api_get(user, url, {"starts_before": "2021-11-06T00:00:00+07:00"}))) == 3
    wrong = api_get(user, url, {"starts_from": "besok"})
    assert wrong.status_code == 400
    assert list(wrong.json()) == ["starts_from"] and wrong.json()["starts_from"][0].startswith(
        "starts_from: "
    )


def test_the_list_answers_in_a_fixed_number_of_queries(api_data, trainings, client):
    client.force_login(api_data.user("national_viewer"))
    url = reverse("api:trainingsession-list")
    client.get(url)  # the session's first use
    counts = []
    for page_size in (1, 3):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"page_size": page_size})
        assert len(response.json()["results"]) == page_size
        counts.append(len(queries))
    # The session, the user, the page's rows (with regency and year) and their loci.
    assert counts == [4, 4], [q["sql"][:150] for q in queries.captured_queries]


# --- recording attendance ----------


def _url(record: TrainingSession) -> str:
    return reverse("api:trainingsession-attendance", args=[record.pk])


def test_an_office_records_attendance_as_on_the_screen(api_data, trainings, api_post):
    staff = api_data.user("tanggamus_staff")
    record = trainings.sessions["tanggamus"]
    ani, budi = trainings.cadres["tanggamus"]
    rows = [
        {"cadre": ani.pk, "status": "hadir", "pre_score": 60, "post_score": 85.5},
        {"cadre": budi.pk, "status": "izin", "note": "Sakit"},
    ]
    response = api_post(staff, _url(record), {"rows": rows})
    assert response.status_code == 200, response.content
    stored = {a.cadre_id: a for a in TrainingAttendance.objects.filter(session=record)}
    assert (stored[ani.pk].status, stored[ani.pk].pre_score, stored[ani.pk].post_score) == (
        "hadir",
        Decimal("60.00"),
        Decimal("85.50"),
    )
    assert (stored[budi.pk].status, stored[budi.pk].note) == ("izin", "Sakit")
    assert stored[ani.pk].history.get().history_user == staff
    record.refresh_from_db()
    assert (record.held, record.present_count, record.excused_count) == (True, 1, 1)
    assert record.history.first().history_user == staff
    body = response.json()
    assert body["held"] is True and body["present_count"] == 1
    assert body["attendances"] == [
        {
            "cadre": ani.pk,
            "cadre_name": "Ani Lestari",
            "status": "hadir",
            "status_label": "Hadir",
            "pre_score": 60.0,
            "post_score": 85.5,
            "note": "",
        },
        {
            "cadre": budi.pk,
            "cadre_name": "Budi Santoso",
            "status": "izin",
            "status_label": "Izin",
            "pre_score": None,
            "post_score": None,
            "note": "Sakit",
        },
    ]
    assert ani.nik.encode() not in response.content and budi.nik.encode() not in response.content


def test_a_rows_refusal_names_the_cadre_and_nothing_is_stored(api_data, trainings, api_post):
    staff = api_data.user("tanggamus_staff")
    record = trainings.sessions["tanggamus"]
    ani, budi = trainings.cadres["tanggamus"]
    rows = [
        {"cadre": ani.pk, "status": "hadir", "post_score": 120},
        {"cadre": budi.pk, "status": "tidak_hadir", "pre_score": 50},
    ]
    response = api_post(staff, _url(record), {"rows": rows})
    assert response.status_code == 400
    assert response.json() == {
        "rows": [
            "Nilai post-test Ani Lestari harus angka antara 0 dan 100.",
            "Budi Santoso tidak hadir: kosongkan nilai pre-test dan post-test.",
        ]
    }
    assert not TrainingAttendance.objects.filter(session=record).exists()
    assert TrainingSession.objects.get(pk=record.pk).held is False


def test_a_cadre_of_another_session_and_wrong_types(api_data, trainings, api_post):
    staff = api_data.user("tanggamus_staff")
    record = trainings.sessions["tanggamus"]
    outsider = trainings.cadres["flotim"][0]
    response = api_post(staff, _url(record), {"rows": [{"cadre": outsider.pk, "status": "hadir"}]})
    assert response.json() == {
        "non_field_errors": [
            "Kehadiran hanya dapat dicatat sekali untuk setiap kader lokus sesi ini; periksa isian."
        ]
    }
    ani = trainings.cadres["tanggamus"][0]
    typed = api_post(staff, _url(record), {"rows": [{"cadre": str(ani.pk), "pre_score": "80"}, 3]})
    assert typed.json() == {
        "rows.0.cadre": ["cadre harus bilangan bulat."],
        "rows.0.pre_score": ["pre_score harus angka atau null."],
        "rows.1": ["rows: setiap baris harus objek JSON."],
    }
    assert api_post(staff, _url(record), {}).json() == {"rows": ["rows wajib dikirim."]}
    assert not TrainingAttendance.objects.exists()


def test_attendance_waits_for_the_session(api_data, trainings, api_post):
    staff = api_data.user("tanggamus_staff")
    later = session(
        staff, [api_data.tanggamus_locus], number=2, day=timezone.localdate() + dt.timedelta(days=7)
    )
    ani = trainings.cadres["tanggamus"][0]
    response = api_post(staff, _url(later), {"rows": [{"cadre": ani.pk, "status": "hadir"}]})
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Kehadiran baru dapat dicatat setelah sesi berlangsung."]}


def test_another_provinces_session_is_a_404_and_a_viewer_a_403(api_data, trainings, api_post):
    flotim = trainings.sessions["flotim"]
    row = {"rows": [{"cadre": trainings.cadres["flotim"][0].pk, "status": "hadir"}]}
    assert api_post(api_data.user("lampung_admin"), _url(flotim), row).status_code == 404
    assert api_post(api_data.user("tanggamus_staff"), _url(flotim), row).status_code == 404
    mine = {"rows": [{"cadre": trainings.cadres["tanggamus"][0].pk, "status": "hadir"}]}
    viewer = api_post(api_data.user("tanggamus_viewer"), _url(trainings.sessions["tanggamus"]), mine)
    assert viewer.status_code == 403
    assert not TrainingAttendance.objects.exists()
