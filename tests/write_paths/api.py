"""The API's writes (/api/v1/), JSON posted by an office allowed to: registering a cadre in Gunung Kasih
and each recruitment step (the cadres as tests/write_paths/cadre.py takes them through the steps before),
recording an activity, accepting or returning a cadre's report and the attendance of a session of the active
locus there (tests/access/trainings.py builds it)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from activities.models import ActivityPhoto, SocialisationActivity, TrainingAttendance
from activities.services.trainings import check_in_code
from cadre.accounts import invite_cadre
from cadre.choices import CadreStatus as S
from cadre.models import Cadre
from kernel.localtime import local_today
from locus.models import Locus
from tests.access.cadre import ALL_CHECKED, cadre_kwargs
from tests.access.cadre import locus_kwargs as cadre_locus_kwargs
from tests.access.trainings import _place, reported_kwargs, session_kwargs
from tests.access.trainings import locus_kwargs as active_locus_kwargs
from tests.activities.factories_trainings import activity, session
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


# --- the cadre app (api/app.py): the cadre of the active locus of Gunung Kasih, signed in on its phone ---


def _cadre_phone(call):
    """Sign the locus' cadre in through its invitation, as its phone does."""
    _locus, member, actor = _place(call.world, "in")
    call.client.logout()
    invitation = invite_cadre(actor, member)
    response = call.client.post(invitation.path, {"pin": "482913", "pin_confirm": "482913"})
    assert response.status_code == 302
    return member


def _app(body, *, multipart: bool = False):
    def submit(call):
        call.member = _cadre_phone(call)
        payload = body(call)
        if multipart:
            return call.client.post(call.url, payload)
        return call.client.post(call.url, json.dumps(payload), content_type="application/json")

    return submit


APP_REPORT_ID = "3f1c2b9e-8a47-4c1e-9d2a-5b6e7f801234"


def _app_report(call):
    return {
        "client_id": APP_REPORT_ID,
        "held_on": "2021-07-11",
        "title": "Siaran RRI tentang pemilih pemula",
        "method": "radio",
        "topic": "anti_hoaks",
        "reached_men": 10,
        "reached_women": 12,
    }


def _app_reported(call, response):
    activity = SocialisationActivity.objects.get(client_id=APP_REPORT_ID)
    assert response.json()["id"] == activity.pk
    assert (activity.status, activity.reported_by, activity.created_by.role) == (
        "dilaporkan",
        call.member,
        "kader",
    )


def _own_report(where):
    def build(world):
        locus, member, actor = _place(world, where)
        return {"pk": activity(actor, locus, [member], reported_by=member).pk}

    return build


def _app_photo(call):
    return {
        "photo": SimpleUploadedFile("blob", b"\xff\xd8\xff\xe0" + b"\x00" * 64),
        "client_id": "0d6a1c52-3b7f-4e5a-8c1d-2e3f4a5b6c7d",
    }


def _app_photo_stored(call, response):
    photo = ActivityPhoto.objects.get(client_id="0d6a1c52-3b7f-4e5a-8c1d-2e3f4a5b6c7d")
    assert (photo.activity_id, photo.content_type) == (call.kwargs["pk"], "image/jpeg")
    assert photo.file.name and photo.uploaded_by.role == "kader"


def _check_in_body(call):
    locus, _member, actor = _place(call.world, "in")
    today = local_today(locus.province.time_zone)
    call.session = session(actor, [locus], day=today, start=dt.time(0, 0), end=dt.time(23, 0))
    return {"code": check_in_code(call.session)}


def _checked_in(call, response):
    row = TrainingAttendance.objects.get(session=call.session, cadre=call.member)
    assert row.status == "hadir" and response.json()["status"] == "hadir"
    assert response.json()["session"]["id"] == call.session.pk


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
    "api:app_activities": Write(actor="anonymous", submit=_app(_app_report), check=_app_reported, status=201),
    "api:app_activity_photos": Write(
        actor="anonymous",
        kwargs=_own_report("in"),
        submit=_app(_app_photo, multipart=True),
        check=_app_photo_stored,
        status=201,
    ),
    "api:app_check_in": Write(actor="anonymous", submit=_app(_check_in_body), check=_checked_in, status=200),
}
