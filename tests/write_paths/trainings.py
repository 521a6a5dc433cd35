"""Training sessions (plan, change, delete, the attendance screen) and socialisation activities (record,
change, delete, evidence, the review of a cadre's report) of the active locus in Gunung Kasih
(tests/access/trainings.py builds them)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from activities.choices import ActivityStatus
from activities.models import ActivityPhoto, SocialisationActivity, TrainingAttendance, TrainingSession
from tests.access.trainings import PNG, activity_kwargs, locus_kwargs, reported_kwargs, session_kwargs
from tests.activities.factories_evaluations import locus_at
from tests.write_paths import Write, edit, upload


def _session(call) -> TrainingSession:
    return TrainingSession.objects.get(pk=call.kwargs["pk"])


def _activity(call) -> SocialisationActivity:
    return SocialisationActivity.objects.get(pk=call.kwargs["pk"])


def _new_session(call) -> dict:
    return {
        "programme_year": 2021,
        "loci": [locus_at(call.world.gunung_kasih).pk],
        "session_number": 2,
        "topic": "Pengawasan partisipatif",
        "mode": "luring",
        "date": "2021-11-12",
        "start_time": "09.00",
        "end_time": "12.30",
    }


def _planned(call, response):
    session = TrainingSession.objects.get(topic="Pengawasan partisipatif")
    assert response["Location"] == session.get_absolute_url()
    assert session.starts_at == dt.datetime(2021, 11, 12, 2, 0, tzinfo=dt.UTC)  # 09.00 WIB
    assert list(session.loci.values_list("village_id", flat=True)) == ["18.06.11.2016"]


def _session_changed(call, response):
    session = _session(call)
    assert response["Location"] == session.get_absolute_url()
    assert (session.topic, session.facilitators) == ("Tugas kader di hari pemungutan suara", "Divisi Parmas")


def _gone(model, list_url: str):
    def check(call, response):
        assert response["Location"] == reverse(list_url)
        assert not model.objects.filter(pk=call.kwargs["pk"]).exists()

    return check


def _attendance(call) -> dict:
    """Every cadre of the sheet present, with both test scores (an Indonesian decimal comma)."""
    data = call.page()
    for pk in [name.removeprefix("status-") for name in data if name.startswith("status-")]:
        data.update({f"status-{pk}": "hadir", f"pre-{pk}": "60", f"post-{pk}": "80,5"})
    return data


def _attendance_recorded(call, response):
    session = _session(call)
    assert response["Location"] == session.get_absolute_url()
    rows = TrainingAttendance.objects.filter(session=session)
    assert rows.count() == 1  # the locus' one cadre
    assert {(row.status, row.pre_score, row.post_score) for row in rows} == {
        ("hadir", Decimal("60"), Decimal("80.5"))
    }, list(rows.values("status", "pre_score", "post_score"))


def _new_activity(call) -> dict:
    data = call.page()  # the village defaults to the locus'
    data.update(
        {
            "cadres": [locus_at(call.world.gunung_kasih).cadres.get().pk],
            "held_on": "10/07/2021",
            "method": "door_to_door",
            "topic": "anti_politik_uang",
            "title": "Sosialisasi tolak politik uang",
            "reached_men": "20",
            "reached_women": "25",
            "reached_disabled": "2",
            "reached_first_time": "8",
            "reach_perempuan": "25",
            "reach_pemilih-pemula": "8",
        }
    )
    return data


def _activity_recorded(call, response):
    activity = SocialisationActivity.objects.get(title="Sosialisasi tolak politik uang")
    assert response["Location"] == activity.get_absolute_url()
    assert (activity.locus_id, activity.village_id, activity.held_on) == (
        call.kwargs["pk"],
        "18.06.11.2016",
        dt.date(2021, 7, 10),
    )
    assert (activity.reached_men, activity.reached_women) == (20, 25) and activity.cadres.count() == 1
    assert dict(activity.segment_reach.values_list("segment_id", "people")) == {
        "perempuan": 25,
        "pemilih-pemula": 8,
    }


def _activity_changed(call, response):
    activity = _activity(call)
    assert response["Location"] == activity.get_absolute_url()
    assert (activity.title, activity.reached_women) == ("Sosialisasi dari rumah ke rumah", 30)


def _evidence_stored(call, response):
    photo = ActivityPhoto.objects.get(activity_id=call.kwargs["pk"])
    assert response["Location"] == _activity(call).get_absolute_url()
    assert photo.title == "Foto kegiatan"
    with photo.file.open("rb") as stored:
        assert stored.read() == PNG


def _reviewed(status: str, note: str = ""):
    def check(call, response):
        activity = _activity(call)
        assert response["Location"] == activity.get_absolute_url()
        assert (activity.status, activity.review_note) == (status, note)
        assert activity.reviewed_by == call.user

    return check


WRITES = {
    "activities:training_create": Write(actor="tanggamus_staff", data=_new_session, check=_planned),
    "activities:training_update": Write(
        actor="tanggamus_staff",
        kwargs=session_kwargs("in"),
        data=edit(topic="Tugas kader di hari pemungutan suara", facilitators="Divisi Parmas"),
        check=_session_changed,
    ),
    "activities:training_delete": Write(
        actor="tanggamus_commissioner",
        kwargs=session_kwargs("in"),
        check=_gone(TrainingSession, "activities:training_list"),
    ),
    "activities:training_attendance": Write(
        actor="tanggamus_staff", kwargs=session_kwargs("in"), data=_attendance, check=_attendance_recorded
    ),
    "activities:activity_create": Write(
        actor="tanggamus_staff", kwargs=locus_kwargs("in"), data=_new_activity, check=_activity_recorded
    ),
    "activities:activity_update": Write(
        actor="tanggamus_staff",
        kwargs=activity_kwargs("in"),
        data=edit(title="Sosialisasi dari rumah ke rumah", reached_women="30"),
        check=_activity_changed,
    ),
    "activities:activity_delete": Write(
        actor="tanggamus_commissioner",
        kwargs=activity_kwargs("in"),
        check=_gone(SocialisationActivity, "activities:activity_list"),
    ),
    "activities:activity_accept": Write(
        actor="tanggamus_staff", kwargs=reported_kwargs("in"), check=_reviewed(ActivityStatus.ACCEPTED)
    ),
    "activities:activity_return": Write(
        actor="tanggamus_commissioner",
        kwargs=reported_kwargs("in"),
        data=lambda call: {"note": "Jumlah warga terjangkau belum sesuai daftar hadir."},
        check=_reviewed(ActivityStatus.RETURNED, "Jumlah warga terjangkau belum sesuai daftar hadir."),
    ),
    "activities:activity_photo_add": Write(
        actor="tanggamus_staff",
        kwargs=activity_kwargs("in"),
        data=lambda call: {"title": "Foto kegiatan", "file": upload("kegiatan.png", PNG, "image/png")},
        check=_evidence_stored,
    ),
}
