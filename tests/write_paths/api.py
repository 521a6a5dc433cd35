"""The API's writes (/api/v1/), JSON posted by an office allowed to: registering a cadre in Gunung Kasih
and each recruitment step (the cadres as tests/write_paths/cadre.py takes them through the steps before),
recording an activity, accepting or returning a cadre's report and the attendance of a session of the active
locus there (tests/access/trainings.py builds it)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from activities.models import SocialisationActivity, TrainingAttendance
from cadre.choices import CadreStatus as S
from cadre.models import Cadre
from locus.models import Locus
from tests.access.cadre import ALL_CHECKED, cadre_kwargs
from tests.access.cadre import locus_kwargs as cadre_locus_kwargs
from tests.access.trainings import locus_kwargs as active_locus_kwargs
from tests.access.trainings import reported_kwargs, session_kwargs
from tests.api.test_cadre_writes import registration
from tests.write_paths import Write
from tests.write_paths.cadre import _appointed, _verified


def _json(body):
    def submit(call):
        payload = body(call) if callable(body) else body
        return call.client.post(call.url, json.dumps(payload), content_type="application/json")

    return submit


def _cadre_now(status: str, **fields):
    def check(call, response):
        cadre = Cadre.objects.get(pk=call.kwargs["pk"])
        assert response.json()["status"] == cadre.status == status
        for name, value in fields.items():
            assert getattr(cadre, name) == value, name
        assert cadre.history.first().history_user == call.user

    return check


def _register(call):
    locus = Locus.objects.get(**cadre_locus_kwargs("in")(call.world))
    return registration(locus)


def _registered(call, response):
    cadre = Cadre.objects.get(full_name="Rina Marlina")
    assert response.json()["cadre"]["id"] == cadre.pk
    assert (cadre.status, cadre.locus.village_id) == (S.REGISTERED, "18.06.11.2016")


def _new_activity(call):
    locus = Locus.objects.get(**active_locus_kwargs("in")(call.world))
    return {
        "locus": locus.pk,
        "cadres": [locus.cadres.get().pk],
        "held_on": "2021-07-10",
        "method": "door_to_door",
        "topic": "anti_politik_uang",
        "title": "Sosialisasi tolak politik uang",
        "reached_men": 20,
        "reached_women": 25,
        "segment_reach": {"perempuan": 25},
    }


def _activity_recorded(call, response):
    activity = SocialisationActivity.objects.get(title="Sosialisasi tolak politik uang")
    assert response.json()["id"] == activity.pk
    assert (activity.village_id, activity.held_on, activity.created_by) == (
        "18.06.11.2016",
        dt.date(2021, 7, 10),
        call.user,
    )
    assert dict(activity.segment_reach.values_list("segment_id", "people")) == {"perempuan": 25}


def _reviewed(status: str, note: str = ""):
    def check(call, response):
        activity = SocialisationActivity.objects.get(pk=call.kwargs["pk"])
        body = response.json()
        assert (
            (body["status"], body["review_note"]) == (activity.status, activity.review_note) == (status, note)
        )
        assert body["reported_by"]["id"] == activity.reported_by_id
        assert activity.reviewed_by == call.user

    return check


def _attendance(call):
    cadre = Locus.objects.get(**active_locus_kwargs("in")(call.world)).cadres.get()
    return {"rows": [{"cadre": cadre.pk, "status": "hadir", "pre_score": 60, "post_score": 80.5}]}


def _attendance_recorded(call, response):
    rows = TrainingAttendance.objects.filter(session_id=call.kwargs["pk"])
    assert {(row.status, row.pre_score, row.post_score) for row in rows} == {
        ("hadir", Decimal("60"), Decimal("80.5"))
    }
    assert response.json()["held"] is True


WRITES = {
    "api:cadre-list": Write(actor="tanggamus_staff", submit=_json(_register), check=_registered, status=201),
    "api:cadre-verify": Write(
        actor="tanggamus_staff",
        kwargs=cadre_kwargs("in"),
        submit=_json(ALL_CHECKED),
        check=_cadre_now(S.VERIFIED),
        status=200,
    ),
    "api:cadre-interview": Write(
        actor="tanggamus_staff",
        kwargs=_verified,
        submit=_json({"notes": "Tidak berafiliasi", "interviewed_on": "2021-07-01"}),
        check=_cadre_now(S.INTERVIEWED, interviewed_on=dt.date(2021, 7, 1)),
        status=200,
    ),
    "api:cadre-appoint": Write(
        actor="tanggamus_commissioner",
        kwargs=cadre_kwargs("in", "wawancara"),
        submit=_json({"decree_number": "12/PP.06/2021", "decree_date": "2021-08-01"}),
        check=_cadre_now(S.APPOINTED, decree_number="12/PP.06/2021"),
        status=200,
    ),
    "api:cadre-activate": Write(
        actor="tanggamus_staff",
        kwargs=_appointed,
        submit=_json({}),
        check=_cadre_now(S.ACTIVE),
        status=200,
    ),
    "api:cadre-ineligible": Write(
        actor="tanggamus_staff",
        kwargs=cadre_kwargs("in"),
        submit=_json({"reason": "Anggota partai politik."}),
        check=_cadre_now(S.INELIGIBLE, status_reason="Anggota partai politik."),
        status=200,
    ),
    "api:cadre-resign": Write(
        actor="tanggamus_staff",
        kwargs=cadre_kwargs("in"),
        submit=_json({"reason": "Pindah domisili"}),
        check=_cadre_now(S.RESIGNED, status_reason="Pindah domisili"),
        status=200,
    ),
    "api:activity-list": Write(
        actor="tanggamus_staff", submit=_json(_new_activity), check=_activity_recorded, status=201
    ),
    "api:activity-accept": Write(
        actor="tanggamus_staff",
        kwargs=reported_kwargs("in"),
        submit=_json({}),
        check=_reviewed("diterima"),
        status=200,
    ),
    "api:activity-return": Write(
        actor="tanggamus_commissioner",
        kwargs=reported_kwargs("in"),
        submit=_json({"note": "Foto kegiatan belum dilampirkan."}),
        check=_reviewed("dikembalikan", "Foto kegiatan belum dilampirkan."),
        status=200,
    ),
    "api:trainingsession-attendance": Write(
        actor="tanggamus_staff",
        kwargs=session_kwargs("in"),
        submit=_json(_attendance),
        check=_attendance_recorded,
        status=200,
    ),
}
