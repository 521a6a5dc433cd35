"""The rules of coordination meetings: time zones, the end after the start, the organiser and the invited
offices within reach, venue or link, responsible offices, all-or-nothing saves, follow-ups and attachments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.choices import OfficeLevel
from activities.choices import AttachmentKind, FollowUpStatus, Mode
from activities.models import CoordinationMeeting, FollowUpAction, MeetingAttendee
from activities.selectors.meetings import is_overdue, meeting_when
from activities.services.meetings import (
    INVITE_ALL_PROVINCES,
    INVITE_ALL_REGENCIES,
    AttendeeRow,
    FollowUpRow,
    follow_up_set_status,
    meeting_attachment_add,
    meeting_create,
    meeting_delete,
    meeting_update,
    to_utc,
)
from tests.activities.factories_meetings import JPEG, PDF, PNG, meeting_data, ntt_rakor, tanggamus_meeting
from tests.factories import district, office_for, province, regency

UTC = dt.UTC


def _messages(error: ValidationError, field: str) -> str:
    return " ".join(error.value.message_dict[field])


# --- time zones ----------


def test_nine_wita_in_ntt_is_one_utc_and_eight_wib(world):
    meeting = ntt_rakor(world)
    assert meeting.starts_at == dt.datetime(2021, 11, 3, 1, 0, tzinfo=UTC)
    assert meeting.ends_at == dt.datetime(2021, 11, 3, 4, 30, tzinfo=UTC)
    assert meeting.starts_at.astimezone(dt.timezone(dt.timedelta(hours=7))).hour == 8
    when = meeting_when(meeting)
    assert when.time == "09.00–12.30 WITA"
    assert when.day == "Rabu, 3 November 2021"


@pytest.mark.parametrize(
    ("code", "name", "utc_hour", "abbreviation"),
    [("18", "Lampung", 2, "WIB"), ("53", "Nusa Tenggara Timur", 1, "WITA"), ("94", "Papua", 0, "WIT")],
)
def test_times_are_entered_on_the_organisers_clock(world, code, name, utc_hour, abbreviation):
    office = office_for(OfficeLevel.PROVINCE, province(code, name))
    meeting = meeting_create(actor=world.users["national_admin"], data=meeting_data(office))
    assert meeting.starts_at == dt.datetime(2021, 11, 3, utc_hour, 0, tzinfo=UTC)
    assert meeting_when(meeting).time == f"09.00–12.30 {abbreviation}"


def test_national_meetings_are_on_jakarta_time(world):
    meeting = meeting_create(
        actor=world.users["national_admin"], data=meeting_data(office_for(OfficeLevel.NATIONAL))
    )
    assert meeting.starts_at.hour == 2
    assert meeting_when(meeting).time.endswith("WIB")


def test_a_meeting_over_three_days_is_shown_as_a_date_range(world):
    kaltara = office_for(OfficeLevel.PROVINCE, province("65", "Kalimantan Utara"))
    meeting = meeting_create(
        actor=world.users["national_admin"],
        data=meeting_data(
            kaltara,
            starts_local=dt.datetime(2019, 11, 1, 20, 0),
            ends_local=dt.datetime(2019, 11, 3, 12, 0),
            mode=Mode.IN_PERSON,
            venue="Kantor KPU Kota Tarakan",
        ),
    )
    when = meeting_when(meeting)
    assert when.day == "1–3 November 2019"
    assert when.time == "1 November 20.00 – 3 November 12.00 WITA"
    assert meeting.meeting_link == ""  # an in-person meeting keeps no link


def test_to_utc_of_an_aware_time_keeps_the_moment():
    moment = dt.datetime(2021, 11, 3, 1, 0, tzinfo=UTC)
    assert to_utc(moment, "Asia/Jayapura") == moment


# --- refusals ----------


def test_the_end_must_come_after_the_start(world):
    ntt = office_for(OfficeLevel.PROVINCE, world.ntt)
    data = meeting_data(ntt, ends_local=dt.datetime(2021, 11, 3, 8, 0))
    with pytest.raises(ValidationError) as error:
        meeting_create(actor=world.users["ntt_admin"], data=data)
    assert "setelah waktu mulai" in _messages(error, "ends_at")
    assert not CoordinationMeeting.objects.exists()


def test_venue_for_in_person_and_link_for_online(world):
    tanggamus = office_for(OfficeLevel.REGENCY, world.tanggamus)
    actor = world.users["tanggamus_staff"]
    with pytest.raises(ValidationError) as error:
        meeting_create(actor=actor, data=meeting_data(tanggamus, mode=Mode.HYBRID, meeting_link=""))
    assert set(error.value.message_dict) == {"venue", "meeting_link"}
    with pytest.raises(ValidationError) as error:
        meeting_create(actor=actor, data=meeting_data(tanggamus, mode=Mode.IN_PERSON, meeting_link=""))
    assert "luring" in _messages(error, "venue")


def test_an_organiser_outside_the_jurisdiction_is_refused(world):
    ntt = office_for(OfficeLevel.PROVINCE, world.ntt)
    with pytest.raises(ValidationError) as error:
        meeting_create(actor=world.users["lampung_admin"], data=meeting_data(ntt))
    assert "di luar wilayah kerja" in _messages(error, "organiser")
    # A regency office may not record its province's meeting either.
    lampung = office_for(OfficeLevel.PROVINCE, world.lampung)
    with pytest.raises(ValidationError):
        meeting_create(actor=world.users["tanggamus_admin"], data=meeting_data(lampung))


def test_a_province_may_record_a_meeting_of_its_regency(world):
    tanggamus = office_for(OfficeLevel.REGENCY, world.tanggamus)
    meeting = meeting_create(actor=world.users["lampung_staff"], data=meeting_data(tanggamus))
    assert meeting.regency_id == "18.06"


def test_viewers_may_not_record_meetings(world):
    lampung = office_for(OfficeLevel.PROVINCE, world.lampung)
    with pytest.raises(PermissionDenied):
        meeting_create(actor=world.users["lampung_viewer"], data=meeting_data(lampung))


def test_only_offices_the_organiser_may_invite(world):
    lampung = office_for(OfficeLevel.PROVINCE, world.lampung)
    tanggamus = office_for(OfficeLevel.REGENCY, world.tanggamus)
    flotim = office_for(OfficeLevel.REGENCY, world.flotim)
    with pytest.raises(ValidationError) as error:
        meeting_create(actor=world.users["lampung_admin"], data=meeting_data(lampung, participants=[flotim]))
    assert "KPU Kabupaten Flores Timur" in _messages(error, "participants")
    # A regency invites only itself.
    with pytest.raises(ValidationError):
        meeting_create(
            actor=world.users["tanggamus_admin"], data=meeting_data(tanggamus, participants=[lampung])
        )
    meeting = meeting_create(
        actor=world.users["lampung_admin"], data=meeting_data(lampung, participants=[tanggamus])
    )
    assert list(meeting.participants.all()) == [tanggamus]


def test_a_province_invites_all_its_regencies_in_one_step(world):
    lampung = office_for(OfficeLevel.PROVINCE, world.lampung)
    tanggamus = office_for(OfficeLevel.REGENCY, world.tanggamus)
    pringsewu = office_for(OfficeLevel.REGENCY, regency("18.10", "Kabupaten Pringsewu"))
    office_for(OfficeLevel.REGENCY, world.flotim)
    meeting = meeting_create(
        actor=world.users["lampung_admin"], data=meeting_data(lampung, invite_all=INVITE_ALL_REGENCIES)
    )
    assert set(meeting.participants.all()) == {tanggamus, pringsewu}
    with pytest.raises(ValidationError) as error:
        meeting_create(
            actor=world.users["lampung_admin"], data=meeting_data(lampung, invite_all=INVITE_ALL_PROVINCES)
        )
    assert "KPU RI" in _messages(error, "invite_all")


def test_national_invites_all_provinces(world):
    national = office_for(OfficeLevel.NATIONAL)
    provinces = {office_for(OfficeLevel.PROVINCE, world.lampung), office_for(OfficeLevel.PROVINCE, world.ntt)}
    meeting = meeting_create(
        actor=world.users["national_admin"], data=meeting_data(national, invite_all=INVITE_ALL_PROVINCES)
    )
    assert set(meeting.participants.all()) == provinces


def test_follow_ups_belong_to_the_organiser_or_a_participant(world):
    lampung = office_for(OfficeLevel.PROVINCE, world.lampung)
    tanggamus = office_for(OfficeLevel.REGENCY, world.tanggamus)
    row = FollowUpRow("Rekrutmen kader", tanggamus, dt.date(2021, 12, 1))
    with pytest.raises(ValidationError) as error:
        meeting_create(actor=world.users["lampung_admin"], data=meeting_data(lampung, follow_ups=[row]))
    assert "Baris 1" in _messages(error, "follow_ups")
    assert not CoordinationMeeting.objects.exists()
    meeting = meeting_create(
        actor=world.users["lampung_admin"],
        data=meeting_data(lampung, participants=[tanggamus], follow_ups=[row]),
    )
    assert meeting.follow_ups.get().responsible == tanggamus


def test_a_refused_update_changes_nothing(world):
    meeting = ntt_rakor(world)
    ntt = meeting.organiser
    data = meeting_data(
        ntt,
        title="Judul baru",
        attendees=[AttendeeRow("Baru", office=office_for(OfficeLevel.REGENCY, world.tanggamus))],
    )
    with pytest.raises(ValidationError):
        meeting_update(actor=world.users["ntt_admin"], meeting=meeting, data=data)
    meeting.refresh_from_db()
    assert meeting.title == "Rakor DP3 Provinsi NTT"
    assert MeetingAttendee.objects.filter(meeting=meeting).count() == 2


def test_update_keeps_rows_by_id_and_removes_the_others(world):
    meeting = ntt_rakor(world)
    first = meeting.attendees.order_by("order").first()
    rows = [AttendeeRow(first.name, "Ketua", office=first.office, pk=first.pk), AttendeeRow("Orang baru")]
    meeting_update(
        actor=world.users["ntt_admin"],
        meeting=meeting,
        data=meeting_data(meeting.organiser, title="Rakor DP3 Provinsi NTT", participants=[], attendees=rows),
    )
    attendees = list(meeting.attendees.order_by("order"))
    assert [a.pk for a in attendees][0] == first.pk
    assert [(a.name, a.position) for a in attendees] == [("Yosafat Koli", "Ketua"), ("Orang baru", "")]
    assert list(meeting.follow_ups.all())  # rows left as None are kept


def test_participants_may_not_change_or_delete(world):
    meeting = ntt_rakor(world)
    flotim_admin = world.users["flotim_admin"]
    assert CoordinationMeeting.objects.restrict(flotim_admin, "view").filter(pk=meeting.pk).exists()
    with pytest.raises(PermissionDenied):
        meeting_update(actor=flotim_admin, meeting=meeting, data=meeting_data(meeting.organiser))
    with pytest.raises(PermissionDenied):
        meeting_delete(actor=flotim_admin, meeting=meeting)


def test_staff_may_not_delete_commissioners_may(world):
    meeting = tanggamus_meeting(world)
    with pytest.raises(PermissionDenied):
        meeting_delete(actor=world.users["tanggamus_staff"], meeting=meeting)
    meeting_delete(actor=world.users["tanggamus_commissioner"], meeting=meeting)
    assert not CoordinationMeeting.objects.exists()
    assert not FollowUpAction.objects.exists()


def test_history_records_who_changed_what(world):
    meeting = ntt_rakor(world)
    meeting_update(
        actor=world.users["national_admin"],
        meeting=meeting,
        data=meeting_data(meeting.organiser, title="Rakor DP3 NTT 2021"),
    )
    latest = meeting.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == world.users["national_admin"]
    assert latest.title == "Rakor DP3 NTT 2021"


# --- follow-ups ----------


def test_overdue_compares_with_the_local_date_of_the_responsible_office(world):
    meeting = ntt_rakor(world)
    follow_up = meeting.follow_ups.get()  # Flores Timur (WITA), due 31 December 2021, in progress
    # 31 December 2021, 16.30 UTC: still the 31st in WIB (23.30), already 1 January in WITA (00.30).
    assert is_overdue(follow_up, now=dt.datetime(2021, 12, 31, 16, 30, tzinfo=UTC))
    assert not is_overdue(follow_up, now=dt.datetime(2021, 12, 31, 15, 30, tzinfo=UTC))
    follow_up.status = FollowUpStatus.DONE
    assert not is_overdue(follow_up, now=dt.datetime(2022, 6, 1, tzinfo=UTC))


def test_the_responsible_participant_may_set_the_status_of_its_follow_up(world):
    meeting = ntt_rakor(world)
    follow_up = meeting.follow_ups.get()
    done = follow_up_set_status(
        actor=world.users["flotim_commissioner"], follow_up=follow_up, status="selesai"
    )
    assert done.status == FollowUpStatus.DONE
    assert done.completed_on is not None
    reopened = follow_up_set_status(actor=world.users["ntt_admin"], follow_up=follow_up, status="proses")
    assert reopened.completed_on is None
    with pytest.raises(PermissionDenied):
        follow_up_set_status(actor=world.users["tanggamus_admin"], follow_up=follow_up, status="selesai")
    with pytest.raises(ValidationError):
        follow_up_set_status(actor=world.users["ntt_admin"], follow_up=follow_up, status="entah")


def test_a_participant_may_not_set_the_status_of_another_offices_follow_up(world):
    ntt = office_for(OfficeLevel.PROVINCE, world.ntt)
    flotim = office_for(OfficeLevel.REGENCY, world.flotim)
    meeting = ntt_rakor(world, follow_ups=[FollowUpRow("Laporan provinsi", ntt, dt.date(2021, 12, 1))])
    assert list(meeting.participants.all()) == [flotim]
    with pytest.raises(PermissionDenied):
        follow_up_set_status(
            actor=world.users["flotim_admin"], follow_up=meeting.follow_ups.get(), status="selesai"
        )


# --- attachments ----------


def _upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type)


def test_attachments_are_checked_by_type_content_and_size(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = tanggamus_meeting(world)
    actor = world.users["tanggamus_staff"]
    photo = meeting_attachment_add(
        actor=actor, meeting=meeting, kind=AttachmentKind.PHOTO, title="Foto", upload=_upload("a.png", PNG)
    )
    assert photo.content_type == "image/png"
    assert photo.file.name.startswith(f"rakor/{meeting.pk}/foto-")
    scan = meeting_attachment_add(
        actor=actor,
        meeting=meeting,
        kind=AttachmentKind.DOCUMENT,
        title="Scan",
        upload=_upload("b.jpg", JPEG),
    )
    assert scan.content_type == "image/jpeg"
    with pytest.raises(ValidationError) as error:
        meeting_attachment_add(
            actor=actor, meeting=meeting, kind="foto", title="PDF", upload=_upload("c.pdf", PDF)
        )
    assert "JPG atau PNG" in _messages(error, "file")
    with pytest.raises(ValidationError) as error:
        meeting_attachment_add(
            actor=actor, meeting=meeting, kind="dokumen", title="Palsu", upload=_upload("d.pdf", b"<html>")
        )
    assert "tidak sesuai" in _messages(error, "file")
    with pytest.raises(ValidationError):
        meeting_attachment_add(
            actor=actor, meeting=meeting, kind="dokumen", title="Skrip", upload=_upload("e.exe", PDF)
        )
    settings.SIDP3_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError) as error:
        meeting_attachment_add(
            actor=actor, meeting=meeting, kind="dokumen", title="Besar", upload=_upload("f.pdf", PDF)
        )
    assert "terlalu besar" in _messages(error, "file")
    assert meeting.attachments.count() == 2


def test_participants_may_not_add_attachments(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = ntt_rakor(world)
    with pytest.raises(PermissionDenied):
        meeting_attachment_add(
            actor=world.users["flotim_admin"],
            meeting=meeting,
            kind="dokumen",
            title="Daftar hadir",
            upload=_upload("a.pdf", PDF),
        )


def test_regency_time_zone_follows_its_province(world):
    papua = province("94", "Papua")
    jayapura = regency("94.71", "Kota Jayapura")
    district("94.71.01", "Jayapura Utara")
    office = office_for(OfficeLevel.REGENCY, jayapura)
    meeting = meeting_create(
        actor=world.users["national_admin"],
        data=meeting_data(office, starts_local=dt.datetime(2021, 11, 3, 9, 0)),
    )
    assert papua.time_zone == "Asia/Jayapura"
    assert meeting.starts_at.hour == 0
