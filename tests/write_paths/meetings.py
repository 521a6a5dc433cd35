"""Coordination meetings of KPU Kabupaten Tanggamus: the form with its rows, deletion, attachments and the
status of a follow-up (tests/access/meetings.py builds them)."""

from __future__ import annotations

import datetime as dt

from django.core.files.storage import default_storage
from django.urls import reverse

from activities.choices import AttachmentKind, FollowUpStatus
from activities.models import CoordinationMeeting, FollowUpAction, MeetingAttachment
from tests.access.meetings import attachment_kwargs, follow_up_kwargs, meeting_kwargs
from tests.activities.factories_meetings import PNG
from tests.write_paths import Write, edit, upload


def _meeting(call) -> CoordinationMeeting:
    return CoordinationMeeting.objects.get(pk=call.kwargs["pk"])


def _new_meeting(call) -> dict:
    data = call.page(formsets="formsets")  # the organiser is the user's office, one empty row of each kind
    data.update(
        {
            "title": "Koordinasi pembekalan kader",
            "start_date": "2021-06-10",
            "start_time": "09.00",
            "end_time": "12:00",
            "mode": "luring",
            "venue": "Balai Pekon Gunung Kasih",
            "attendees-0-name": "Angga Lazuardi",
            "attendees-0-position": "Ketua KPU Kabupaten Tanggamus",
        }
    )
    return data


def _recorded(call, response):
    meeting = CoordinationMeeting.objects.get(title="Koordinasi pembekalan kader")
    assert response["Location"] == meeting.get_absolute_url()
    assert (meeting.organiser_id, meeting.created_by) == (call.user.office_id, call.user)
    assert meeting.starts_at == dt.datetime(2021, 6, 10, 2, 0, tzinfo=dt.UTC)  # 09.00 WIB
    assert [a.name for a in meeting.attendees.all()] == ["Angga Lazuardi"]
    assert not meeting.follow_ups.exists() and not meeting.agenda_items.exists()


def _changed(call, response):
    meeting = _meeting(call)
    assert response["Location"] == meeting.get_absolute_url()
    assert (meeting.title, meeting.venue) == ("Koordinasi DP3 dengan Pemerintah Pekon (revisi)", "Aula KPU")
    assert meeting.attendees.count() == 2 and meeting.follow_ups.count() == 1


def _meeting_with_attachment(world) -> dict:
    attachment = MeetingAttachment.objects.get(**attachment_kwargs("in")(world))
    world.extra["file"] = attachment.file.name
    return {"pk": attachment.meeting_id}


def _file_removed_on_commit(call):
    assert default_storage.exists(call.world.extra["file"])
    call.commit()
    assert not default_storage.exists(call.world.extra["file"])


def _deleted(call, response):
    assert response["Location"] == reverse("activities:meeting_list")
    assert not CoordinationMeeting.objects.filter(pk=call.kwargs["pk"]).exists()
    _file_removed_on_commit(call)


def _attached(call, response):
    attachment = MeetingAttachment.objects.get(meeting_id=call.kwargs["pk"])
    assert response["Location"] == _meeting(call).get_absolute_url()
    assert (attachment.kind, attachment.title, attachment.content_type) == ("foto", "Foto rapat", "image/png")
    with attachment.file.open("rb") as stored:
        assert stored.read() == PNG


def _attachment(world) -> dict:
    kwargs = attachment_kwargs("in")(world)
    world.extra["file"] = MeetingAttachment.objects.get(**kwargs).file.name
    return kwargs


def _attachment_deleted(call, response):
    assert not MeetingAttachment.objects.filter(pk=call.kwargs["pk"]).exists()
    _file_removed_on_commit(call)


def _follow_up_done(call, response):
    follow_up = FollowUpAction.objects.get(pk=call.kwargs["pk"])
    assert response["Location"] == reverse("activities:follow_up_list")
    assert (follow_up.status, follow_up.note) == (FollowUpStatus.DONE, "Pembekalan selesai 31 Agustus.")


WRITES = {
    "activities:meeting_create": Write(actor="tanggamus_staff", data=_new_meeting, check=_recorded),
    "activities:meeting_update": Write(
        actor="tanggamus_staff",
        kwargs=meeting_kwargs("in"),
        data=edit(
            formsets="formsets", title="Koordinasi DP3 dengan Pemerintah Pekon (revisi)", venue="Aula KPU"
        ),
        check=_changed,
    ),
    "activities:meeting_delete": Write(
        actor="tanggamus_commissioner", kwargs=_meeting_with_attachment, check=_deleted
    ),
    "activities:meeting_attachment_create": Write(
        actor="tanggamus_staff",
        kwargs=meeting_kwargs("in"),
        data=lambda call: {
            "kind": AttachmentKind.PHOTO,
            "title": "Foto rapat",
            "file": upload("rapat.png", PNG, "image/png"),
        },
        check=_attached,
    ),
    "activities:meeting_attachment_delete": Write(
        actor="tanggamus_staff", kwargs=_attachment, check=_attachment_deleted
    ),
    "activities:follow_up_status": Write(
        actor="tanggamus_staff",
        kwargs=follow_up_kwargs("in"),
        data=lambda call: {"status": "selesai", "note": "Pembekalan selesai 31 Agustus.", "next": "list"},
        check=_follow_up_done,
    ),
}
