"""Writes on coordination meetings (rakor), with the programme's rules.

- The organiser lies in the actor's jurisdiction and the actor's role may ``add`` (``change`` to update).
- Times are entered as the organiser's clock shows them and stored in UTC: "09.00" for KPU Provinsi NTT is
  09.00 WITA, 01.00 UTC, 08.00 WIB. The end comes after the start.
- A venue for luring and hybrid meetings, a link for daring and hybrid ones.
- Participating offices only those the organiser may invite: KPU RI any office, a province office itself
  and its regencies, a regency office itself. One step invites all regency offices of the organiser's
  province (or, for KPU RI, all province offices).
- Follow-ups are the responsibility of the organiser or a participating office.
- The meeting and its rows (attendees, agenda, speakers, follow-ups) are saved all-or-nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.choices import OfficeLevel
from accounts.models import Office
from activities.choices import AttachmentKind, FollowUpStatus, Mode
from activities.models import (
    CoordinationMeeting,
    FollowUpAction,
    MeetingAgendaItem,
    MeetingAttachment,
    MeetingAttendee,
    MeetingSpeaker,
)
from kernel.history import stored_note
from kernel.localtime import local_today, to_utc
from kernel.scoping.policy import policy
from kernel.uploads import validate_document

INVITE_ALL_REGENCIES = "kabupaten"
INVITE_ALL_PROVINCES = "provinsi"
IMAGE_TYPES = frozenset({"image/jpeg", "image/png"})


# --- input ----------


@dataclass
class AttendeeRow:
    name: str
    position: str = ""
    office: Office | None = None
    institution: str = ""
    pk: int | None = None


@dataclass
class AgendaRow:
    title: str
    starts_local: dt.datetime | None = None  # the organiser's clock, naive
    notes: str = ""
    pk: int | None = None


@dataclass
class SpeakerRow:
    name: str
    position: str = ""
    topic: str = ""
    pk: int | None = None


@dataclass
class FollowUpRow:
    description: str
    responsible: Office | None
    due_on: dt.date | None
    status: str = FollowUpStatus.OPEN
    note: str = ""
    pk: int | None = None


@dataclass
class MeetingData:
    """What an officer enters about a meeting. ``starts_local``/``ends_local`` are naive datetimes on the
    organiser's clock. A row list left as None keeps the meeting's rows as they are."""

    organiser: Office | None
    title: str
    starts_local: dt.datetime | None
    ends_local: dt.datetime | None
    mode: str
    programme_year: object = None
    venue: str = ""
    meeting_link: str = ""
    participants: list[Office] = field(default_factory=list)
    invite_all: str = ""
    summary: str = ""
    minutes: str = ""
    conclusions: str = ""
    minutes_taker: str = ""
    signatory_name: str = ""
    signatory_position: str = ""
    signed_place: str = ""
    attendees: list[AttendeeRow] | None = None
    agenda: list[AgendaRow] | None = None
    speakers: list[SpeakerRow] | None = None
    follow_ups: list[FollowUpRow] | None = None


# --- time zones and jurisdictions ----------


def invitable_offices(organiser: Office):
    """The offices ``organiser`` may invite: KPU RI any, a province itself and its regencies, a regency
    itself."""
    if organiser.level == OfficeLevel.NATIONAL:
        return Office.objects.all()
    if organiser.level == OfficeLevel.PROVINCE:
        return Office.objects.filter(province_id=organiser.province_id)
    return Office.objects.filter(pk=organiser.pk)


def invite_all_offices(organiser: Office, invite_all: str):
    """The one-step choice: every regency office of a province organiser's province, or every province office
    for KPU RI."""
    if invite_all == INVITE_ALL_REGENCIES and organiser.level == OfficeLevel.PROVINCE:
        return Office.objects.filter(level=OfficeLevel.REGENCY, province_id=organiser.province_id)
    if invite_all == INVITE_ALL_PROVINCES and organiser.level == OfficeLevel.NATIONAL:
        return Office.objects.filter(level=OfficeLevel.PROVINCE)
    raise ValidationError(
        {
            "invite_all": _(
                "Undangan sekaligus untuk semua kabupaten/kota hanya bagi penyelenggara KPU Provinsi, untuk "
                "semua provinsi hanya bagi KPU RI."
            )
        }
    )


def _check_organiser(actor, organiser: Office | None, action: str) -> None:
    access = policy(actor)
    if not access.may(action):
        raise PermissionDenied(_("Peran Anda tidak dapat mencatat rapat koordinasi."))
    if organiser is None:
        raise ValidationError({"organiser": _("Penyelenggara wajib dipilih.")})
    if not access.allows(action, organiser):
        raise ValidationError({"organiser": _("Penyelenggara berada di luar wilayah kerja Anda.")})


def _clean(data: MeetingData) -> tuple[dict, list[Office]]:
    """The meeting's own fields, checked, and its participants; every error named by its field."""
    errors: dict[str, list[str]] = {}
    organiser = data.organiser
    title = " ".join((data.title or "").split())
    if not title:
        errors.setdefault("title", []).append(_("Judul rapat wajib diisi."))
    starts_at = ends_at = None
    if data.starts_local is None:
        errors.setdefault("starts_at", []).append(_("Tanggal dan jam mulai wajib diisi."))
    else:
        starts_at = to_utc(data.starts_local, organiser.time_zone)
    if data.ends_local is None:
        errors.setdefault("ends_at", []).append(_("Jam selesai wajib diisi."))
    else:
        ends_at = to_utc(data.ends_local, organiser.time_zone)
    if starts_at and ends_at and ends_at <= starts_at:
        errors.setdefault("ends_at", []).append(_("Waktu selesai harus setelah waktu mulai."))
    venue = (data.venue or "").strip()
    link = (data.meeting_link or "").strip()
    if data.mode not in Mode.values:
        errors.setdefault("mode", []).append(_("Pilih cara pelaksanaan: daring, luring atau hybrid."))
    if data.mode in (Mode.IN_PERSON, Mode.HYBRID) and not venue:
        errors.setdefault("venue", []).append(_("Tempat wajib diisi untuk rapat luring atau hybrid."))
    if data.mode in (Mode.ONLINE, Mode.HYBRID) and not link:
        errors.setdefault("meeting_link", []).append(
            _("Tautan rapat wajib diisi untuk rapat daring atau hybrid.")
        )
    participants = {office.pk: office for office in data.participants}
    if data.invite_all:
        try:
            participants.update(
                {office.pk: office for office in invite_all_offices(organiser, data.invite_all)}
            )
        except ValidationError as error:
            errors.setdefault("invite_all", []).extend(error.message_dict["invite_all"])
    allowed = set(invitable_offices(organiser).filter(pk__in=participants).values_list("pk", flat=True))
    refused = sorted(office.name for pk, office in participants.items() if pk not in allowed)
    if refused:
        errors.setdefault("participants", []).append(
            _("%(organiser)s tidak dapat mengundang: %(offices)s.")
            % {"organiser": organiser.name, "offices": ", ".join(refused)}
        )
    if errors:
        raise ValidationError(errors)
    values = {
        "organiser": organiser,
        "programme_year": data.programme_year,
        "title": title,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "mode": data.mode,
        "venue": venue if data.mode != Mode.ONLINE else "",
        "meeting_link": link if data.mode != Mode.IN_PERSON else "",
        "summary": (data.summary or "").strip(),
        "minutes": (data.minutes or "").strip(),
        "conclusions": (data.conclusions or "").strip(),
        "minutes_taker": (data.minutes_taker or "").strip(),
        "signatory_name": (data.signatory_name or "").strip(),
        "signatory_position": (data.signatory_position or "").strip(),
        "signed_place": (data.signed_place or "").strip(),
    }
    return values, list(participants.values())


def _check_rows(data: MeetingData, organiser: Office, participants: list[Office]) -> None:
    """Rules on the rows: names and titles given, offices among the organiser and the participants."""
    present = {organiser.pk, *(office.pk for office in participants)}
    errors: dict[str, list[str]] = {}

    def add(name: str, number: int, message: str) -> None:
        errors.setdefault(name, []).append(
            _("Baris %(number)s: %(message)s") % {"number": number, "message": message}
        )

    for number, row in enumerate(data.attendees or [], start=1):
        if not (row.name or "").strip():
            add("attendees", number, _("nama peserta wajib diisi."))
        if row.office is not None and row.office.pk not in present:
            add("attendees", number, _("kantor peserta harus penyelenggara atau kantor yang diundang."))
    for number, row in enumerate(data.agenda or [], start=1):
        if not (row.title or "").strip():
            add("agenda", number, _("acara wajib diisi."))
    for number, row in enumerate(data.speakers or [], start=1):
        if not (row.name or "").strip():
            add("speakers", number, _("nama narasumber wajib diisi."))
    for number, row in enumerate(data.follow_ups or [], start=1):
        if not (row.description or "").strip():
            add("follow_ups", number, _("uraian tindak lanjut wajib diisi."))
        if row.responsible is None or row.responsible.pk not in present:
            add("follow_ups", number, _("penanggung jawab harus penyelenggara atau kantor peserta."))
        if row.due_on is None:
            add("follow_ups", number, _("batas waktu wajib diisi."))
        if row.status not in FollowUpStatus.values:
            add("follow_ups", number, _("status tidak dikenal."))
    if errors:
        raise ValidationError(errors)


def _sync(meeting, model, rows, values_of: Callable[[int, object], dict], actor) -> None:
    """Make the meeting's rows of ``model`` what ``rows`` say: update those named by pk, create the new,
    delete the others. Each saved row keeps its history (who, when)."""
    if rows is None:
        return
    existing = {row.pk: row for row in model.objects.filter(meeting=meeting)}
    kept = set()
    for index, row in enumerate(rows):
        values = values_of(index, row)
        obj = existing.get(row.pk) if row.pk else None
        if obj is None:
            obj = model(meeting=meeting, **values)
        else:
            kept.add(obj.pk)
            if all(getattr(obj, name) == value for name, value in values.items()):
                continue
            for name, value in values.items():
                setattr(obj, name, value)
        obj._history_user = actor
        obj.full_clean(exclude=["meeting"])
        obj.save()
    for pk, obj in existing.items():
        if pk not in kept:
            obj._history_user = actor
            obj.delete()


def _save_rows(meeting: CoordinationMeeting, data: MeetingData, actor) -> None:
    zone = meeting.organiser.time_zone
    _sync(
        meeting,
        MeetingAttendee,
        data.attendees,
        lambda i, r: {
            "order": i + 1,
            "name": " ".join(r.name.split()),
            "position": (r.position or "").strip(),
            "office": r.office,
            "institution": (r.institution or "").strip(),
        },
        actor,
    )
    _sync(
        meeting,
        MeetingAgendaItem,
        data.agenda,
        lambda i, r: {
            "order": i + 1,
            "title": r.title.strip(),
            "starts_at": to_utc(r.starts_local, zone) if r.starts_local else None,
            "notes": (r.notes or "").strip(),
        },
        actor,
    )
    _sync(
        meeting,
        MeetingSpeaker,
        data.speakers,
        lambda i, r: {
            "order": i + 1,
            "name": " ".join(r.name.split()),
            "position": (r.position or "").strip(),
            "topic": (r.topic or "").strip(),
        },
        actor,
    )
    existing_done = dict(
        FollowUpAction.objects.filter(meeting=meeting, status=FollowUpStatus.DONE).values_list(
            "pk", "completed_on"
        )
    )

    def follow_up_values(_index, row):
        completed_on = None
        if row.status == FollowUpStatus.DONE:
            completed_on = existing_done.get(row.pk) or local_today(row.responsible.time_zone)
        return {
            "description": row.description.strip(),
            "responsible": row.responsible,
            "due_on": row.due_on,
            "status": row.status,
            "completed_on": completed_on,
            "note": (row.note or "").strip(),
        }

    _sync(meeting, FollowUpAction, data.follow_ups, follow_up_values, actor)


# --- meetings ----------


@transaction.atomic
def meeting_create(*, actor, data: MeetingData) -> CoordinationMeeting:
    _check_organiser(actor, data.organiser, "add")
    values, participants = _clean(data)
    _check_rows(data, data.organiser, participants)
    meeting = CoordinationMeeting(created_by=actor, **values)
    meeting.full_clean(exclude=["participants"])
    meeting._history_user = actor
    meeting.save()
    meeting.participants.set(participants)
    _save_rows(meeting, data, actor)
    policy(actor).require("add", meeting, _("Rapat ini berada di luar wilayah kerja Anda."))
    return meeting


@transaction.atomic
def meeting_update(*, actor, meeting: CoordinationMeeting, data: MeetingData) -> CoordinationMeeting:
    meeting = (
        CoordinationMeeting.objects.restrict(actor, "change")
        .select_for_update()
        .filter(pk=meeting.pk)
        .first()
    )
    if meeting is None:
        raise PermissionDenied(_("Rapat ini berada di luar wilayah kerja Anda."))
    _check_organiser(actor, data.organiser, "change")
    values, participants = _clean(data)
    _check_rows(data, data.organiser, participants)
    for name, value in values.items():
        setattr(meeting, name, value)
    meeting.full_clean(exclude=["participants"])
    meeting._history_user = actor
    meeting._change_reason = gettext_noop("Rapat diubah.")
    meeting.save()
    if set(meeting.participants.values_list("pk", flat=True)) != {office.pk for office in participants}:
        meeting.participants.set(participants)
    _save_rows(meeting, data, actor)
    policy(actor).require("change", meeting, _("Rapat tidak dapat dipindahkan ke luar wilayah kerja Anda."))
    return meeting


@transaction.atomic
def meeting_delete(*, actor, meeting: CoordinationMeeting) -> None:
    """Delete a meeting with its rows and attachments (their files once the deletion is committed)."""
    meeting = (
        CoordinationMeeting.objects.restrict(actor, "delete")
        .select_for_update()
        .filter(pk=meeting.pk)
        .first()
    )
    if meeting is None:
        raise PermissionDenied(_("Anda tidak berwenang menghapus rapat ini."))
    files = [attachment.file for attachment in meeting.attachments.all()]
    meeting._history_user = actor
    meeting._change_reason = gettext_noop("Rapat dihapus.")
    meeting.delete()
    for stored in files:
        transaction.on_commit(lambda stored=stored: stored.storage.delete(stored.name))


# --- follow-ups ----------


def may_set_follow_up_status(actor, follow_up: FollowUpAction) -> bool:
    """The organiser's jurisdiction may change a follow-up (it may change the meeting), and so may the office
    responsible for it (a regency reporting on its province's rakor: it may change that office's records)
    when it sees the meeting."""
    access = policy(actor)
    meeting = follow_up.meeting
    return access.allows("change", meeting) or (
        access.allows("change", follow_up.responsible) and access.allows("view", meeting)
    )


def follow_ups_settable(actor, follow_ups) -> set[int]:
    """The pks of ``follow_ups`` (of meetings ``actor`` sees) whose status ``actor`` may set
    (``may_set_follow_up_status``), their meetings and responsible offices loaded: no query."""
    access = policy(actor)
    return {
        follow_up.pk
        for follow_up in follow_ups
        if access.allows("change", follow_up.meeting) or access.allows("change", follow_up.responsible)
    }


@transaction.atomic
def follow_up_set_status(*, actor, follow_up: FollowUpAction, status: str, note: str | None = None):
    follow_up = (
        FollowUpAction.objects.select_for_update(of=("self",))
        .select_related("responsible__province")
        .filter(pk=follow_up.pk)
        .first()
    )
    if follow_up is None or not may_set_follow_up_status(actor, follow_up):
        raise PermissionDenied(_("Anda tidak berwenang mengubah tindak lanjut ini."))
    if status not in FollowUpStatus.values:
        raise ValidationError({"status": _("Status tindak lanjut tidak dikenal.")})
    if status == FollowUpStatus.DONE and follow_up.status != FollowUpStatus.DONE:
        follow_up.completed_on = local_today(follow_up.responsible.time_zone)
    elif status != FollowUpStatus.DONE:
        follow_up.completed_on = None
    follow_up.status = status
    if note is not None:
        follow_up.note = note.strip()
    follow_up._history_user = actor
    follow_up._change_reason = stored_note(FollowUpStatus(status).label)
    follow_up.save()
    return follow_up


# --- attachments ----------


@transaction.atomic
def meeting_attachment_add(*, actor, meeting: CoordinationMeeting, kind: str, title: str, upload):
    """A photo (JPG/PNG) or a document (PDF, or a scan as JPG/PNG), checked by extension, size and first
    bytes; stored under media, served only by ``activities:meeting_attachment``."""
    policy(actor).require("change", meeting, _("Rapat ini berada di luar wilayah kerja Anda."))
    errors = {}
    if kind not in AttachmentKind.values:
        errors["kind"] = _("Pilih jenis lampiran.")
    if not (title or "").strip():
        errors["title"] = _("Judul lampiran wajib diisi.")
    if upload is None:
        errors["file"] = _("Pilih berkas yang diunggah.")
    if errors:
        raise ValidationError(errors)
    content_type = validate_document(upload, field="file")
    if kind == AttachmentKind.PHOTO and content_type not in IMAGE_TYPES:
        raise ValidationError({"file": _("Foto harus berupa JPG atau PNG.")})
    attachment = MeetingAttachment(
        meeting=meeting,
        kind=kind,
        title=title.strip(),
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    attachment._history_user = actor
    attachment.file.save(upload.name.rsplit("/", 1)[-1], upload, save=False)
    stored = attachment.file
    try:
        attachment.save()
    except Exception:
        stored.storage.delete(stored.name)
        raise
    return attachment


@transaction.atomic
def meeting_attachment_delete(*, actor, attachment: MeetingAttachment) -> None:
    meetings = CoordinationMeeting.objects.restrict(actor, "change")
    attachment = MeetingAttachment.objects.filter(pk=attachment.pk, meeting__in=meetings).first()
    if attachment is None:
        raise PermissionDenied(_("Anda tidak berwenang menghapus lampiran ini."))
    stored = attachment.file
    attachment._history_user = actor
    attachment.delete()
    transaction.on_commit(lambda: stored.storage.delete(stored.name))
