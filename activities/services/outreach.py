"""Writes on socialisation activities (kegiatan sosialisasi): carried out by cadres of one locus, in a village
of its regency, with the people reached and evidence photos (or a PDF report).

Rules: the cadres are appointed or active cadres of the locus; the village lies in the locus' regency; the
target segments are the programme year's; people with disabilities and first-time voters are parts of the
men and women reached and cannot exceed them, and so are the people reached of each segment of the programme
year (``ActivitySegmentReach``); evidence is checked by ``kernel.uploads.validate_document``.

Review: an activity an officer records is accepted (*diterima*) at once; one a cadre reports
(``reported_by``, from the app) waits as *dilaporkan* until the office accepts it (``activity_accept``) or
returns it with a note (``activity_return``), which the cadre may correct and send again
(``activity_resubmit``). Only accepted activities count in any figure (``locus.rules.activity_counts``). A
report carries the id the cadre's phone made (``client_id``): sent again, it returns the activity already
made, never a second one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from activities.choices import ActivityStatus, AttachmentKind, OutreachMethod, OutreachTopic
from activities.models import ActivityPhoto, ActivitySegmentReach, SocialisationActivity
from activities.services.trainings import ATTENDING_STATUSES
from cadre.models import Cadre
from kernel.localtime import local_today
from kernel.scoping.policy import policy
from kernel.uploads import validate_document, validate_photo
from locus import rules
from locus.choices import RECRUITING_LOCUS_STATUSES
from locus.models import Locus, Village

REACH_FIELDS = ("reached_men", "reached_women", "reached_disabled", "reached_first_time")


@dataclass
class ActivityData:
    """What an officer enters about an activity (the form, the demo)."""

    cadres: list = field(default_factory=list)
    held_on: dt.date | None = None
    village: Village | None = None
    method: str = ""
    topic: str = ""
    title: str = ""
    target_segments: list = field(default_factory=list)
    reached_men: int = 0
    reached_women: int = 0
    reached_disabled: int = 0
    reached_first_time: int = 0
    # People reached per voter segment of the programme year: segment code → people (0 or missing: none).
    segment_reach: dict = field(default_factory=dict)
    notes: str = ""


def segment_reach_field(code: str) -> str:
    """The form field (and error key) of the people reached of one segment."""
    return f"reach_{code}"


def _check_role(actor, action: str) -> None:
    if not policy(actor).may(action):
        raise PermissionDenied(_("Peran Anda tidak dapat mengubah data kegiatan sosialisasi."))


def _check(locus: Locus, data: ActivityData) -> dict:
    """Every rule on one activity; returns the cleaned values or raises naming the field."""
    errors: dict[str, str] = {}
    pks = sorted({c.pk if isinstance(c, Cadre) else int(c) for c in data.cadres})
    cadres = list(
        Cadre.objects.filter(pk__in=pks, locus_id=locus.pk, status__in=ATTENDING_STATUSES).only("pk")
    )
    if not pks:
        errors["cadres"] = _("Pilih sekurang-kurangnya satu kader pelaksana.")
    elif len(cadres) != len(pks):
        errors["cadres"] = _("Pelaksana harus kader lokus ini yang sudah ditetapkan atau aktif.")
    if data.held_on is None:
        errors["held_on"] = _("Tanggal kegiatan wajib diisi.")
    elif data.held_on > local_today(locus.province.time_zone):
        errors["held_on"] = _("Tanggal kegiatan tidak boleh di masa depan.")
    village = data.village or locus.village
    if not village.code.startswith(f"{locus.regency_id}."):
        errors["village"] = _("Desa/kelurahan tempat kegiatan harus berada di kabupaten/kota lokus.")
    elif village.retired_at is not None and village.code != locus.village_id:
        errors["village"] = _("Kode desa %(code)s sudah tidak berlaku.") % {"code": village.code}
    if data.method not in OutreachMethod.values:
        errors["method"] = _("Pilih metode kegiatan.")
    if data.topic not in OutreachTopic.values:
        errors["topic"] = _("Pilih tema kegiatan.")
    title = " ".join((data.title or "").split())
    if not title:
        errors["title"] = _("Judul kegiatan wajib diisi.")
    allowed = {s.code for s in locus.programme_year.segments.all()}
    segments = list(data.target_segments or [])
    if any(getattr(s, "code", s) not in allowed for s in segments):
        errors["target_segments"] = _("Sasaran harus unsur pemilih tahun program %(year)s.") % {
            "year": locus.programme_year_id
        }
    reach = {}
    for name in REACH_FIELDS:
        value = getattr(data, name)
        if value in (None, ""):
            value = 0
        if not isinstance(value, int) or value < 0:
            errors[name] = _("Jumlah harus bilangan bulat 0 atau lebih.")
        reach[name] = value
    if not any(name in errors for name in REACH_FIELDS):
        total = rules.reached(men=reach["reached_men"], women=reach["reached_women"])
        if reach["reached_disabled"] > total:
            errors["reached_disabled"] = _(
                "Penyandang disabilitas (%(part)s) melebihi jumlah laki-laki dan perempuan terjangkau "
                "(%(total)s)."
            ) % {"part": reach["reached_disabled"], "total": total}
        if reach["reached_first_time"] > total:
            errors["reached_first_time"] = _(
                "Pemilih pemula (%(part)s) melebihi jumlah laki-laki dan perempuan terjangkau (%(total)s)."
            ) % {"part": reach["reached_first_time"], "total": total}
    segment_reach = _check_segment_reach(locus, data.segment_reach or {}, reach, errors)
    if errors:
        raise ValidationError(errors)
    return {
        "cadres": cadres,
        "segments": segments,
        "segment_reach": segment_reach,
        "values": {
            "held_on": data.held_on,
            "village": village,
            "method": data.method,
            "topic": data.topic,
            "title": title,
            "notes": (data.notes or "").strip(),
            **reach,
        },
    }


def _check_segment_reach(locus: Locus, given: dict, reach: dict, errors: dict) -> dict[str, int]:
    """People reached per segment: segments of the programme year only, whole numbers not below 0 and none
    above the men and women reached (each segment is a part of them). Returns the non-zero counts by code."""
    segments = {s.code: s for s in locus.programme_year.segments.all()}
    total = None
    if not any(name in errors for name in ("reached_men", "reached_women")):
        total = rules.reached(men=reach["reached_men"], women=reach["reached_women"])
    counts: dict[str, int] = {}
    for code, value in given.items():
        code = getattr(code, "code", code)
        segment = segments.get(code)
        if segment is None:
            errors["segment_reach"] = _(
                "Jangkauan per unsur hanya untuk unsur pemilih tahun program %(year)s."
            ) % {"year": locus.programme_year_id}
            continue
        if value in (None, ""):
            value = 0
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            errors[segment_reach_field(code)] = _(
                "%(segment)s: jumlah harus bilangan bulat 0 atau lebih."
            ) % {"segment": segment.label}
            continue
        if total is not None and value > total:
            errors[segment_reach_field(code)] = _(
                "%(segment)s (%(part)s) melebihi jumlah laki-laki dan perempuan terjangkau (%(total)s)."
            ) % {"segment": segment.label, "part": value, "total": total}
            continue
        if value:
            counts[code] = value
    return counts


def _save_segment_reach(actor, activity: SocialisationActivity, counts: dict[str, int]) -> None:
    """Make the activity's rows per segment those of ``counts``: changed rows updated, rows of segments now
    at 0 deleted, new ones added (each change kept in the history with its user)."""
    current = {row.segment_id: row for row in activity.segment_reach.all()}
    for code, row in current.items():
        if code not in counts:
            row._history_user = actor
            row.delete()
        elif row.people != counts[code]:
            row.people = counts[code]
            row._history_user = actor
            row.save(update_fields=["people"])
    for code, people in counts.items():
        if code not in current:
            row = ActivitySegmentReach(activity=activity, segment_id=code, people=people)
            row._history_user = actor
            row.save()


def _check_in_scope(actor, activity: SocialisationActivity, action: str) -> None:
    policy(actor).require(action, activity, _("Kegiatan ini berada di luar wilayah kerja Anda."))


def _check_reporter(locus: Locus, reported_by: Cadre) -> Cadre:
    """The cadre reporting an activity: an appointed or active cadre of its locus."""
    cadre = Cadre.objects.filter(pk=reported_by.pk, locus_id=locus.pk, status__in=ATTENDING_STATUSES).first()
    if cadre is None:
        raise ValidationError(
            {"reported_by": _("Pelapor harus kader lokus ini yang sudah ditetapkan atau aktif.")}
        )
    return cadre


def _already_sent(client_id, *, locus: Locus, reported_by: Cadre | None) -> SocialisationActivity | None:
    """The activity a report with this ``client_id`` already made (a resend), or None. The id of another
    reporter's (or another locus') report is refused, never answered with that activity."""
    existing = SocialisationActivity.objects.filter(client_id=client_id).first()
    if existing is None:
        return None
    reporter = reported_by.pk if reported_by is not None else None
    if existing.reported_by_id != reporter or existing.locus_id != locus.pk:
        raise ValidationError(
            {"client_id": _("Id laporan ini sudah dipakai laporan lain; kirim laporan dengan id baru.")}
        )
    return existing


@transaction.atomic
def activity_create(
    *, actor, locus: Locus, data: ActivityData, reported_by=None, client_id=None
) -> SocialisationActivity:
    """Record an activity. An officer's is accepted at once; one reported by a cadre of the locus
    (``reported_by``) waits for the office's review (*dilaporkan*). With a ``client_id`` already used by the
    same reporter in the same locus, the activity made then is returned unchanged (a resend)."""
    _check_role(actor, "add")
    activity, _created = _create(
        actor, locus_pk=locus.pk, data=data, reported_by=reported_by, client_id=client_id, action="add"
    )
    return activity


def reporting_cadre(actor) -> Cadre:
    """The cadre a cadre's account reports as (its jurisdiction, from its ``CadreAccount``): never a cadre
    named by the request."""
    jurisdiction = policy(actor).jurisdiction
    if not policy(actor).may("report") or jurisdiction.cadre_id is None:
        raise PermissionDenied(_("Hanya kader yang dapat melaporkan kegiatannya dari aplikasi kader."))
    return Cadre.objects.get(pk=jurisdiction.cadre_id)


@transaction.atomic
def activity_report(*, actor, data: ActivityData, client_id=None) -> tuple[SocialisationActivity, bool]:
    """A cadre reports its own activity from the app: the activity of its locus, with itself as reporter
    (and as the cadre who carried it out, unless others are named), checked by every rule of
    ``activity_create`` and waiting for the office's review (*dilaporkan*). Returns the activity and whether
    this call made it: sent again with the same ``client_id`` (even at the same moment), the activity made
    the first time is returned unchanged, with False."""
    cadre = reporting_cadre(actor)
    return _create(
        actor, locus_pk=cadre.locus_id, data=data, reported_by=cadre, client_id=client_id, action="report"
    )


def _create(
    actor, *, locus_pk: int, data: ActivityData, reported_by, client_id, action: str
) -> tuple[SocialisationActivity, bool]:
    """``activity_create`` and ``activity_report``: one set of rules, one set of messages. Returns the
    activity and whether it was made now (False: a resend of its ``client_id``)."""
    locus = (
        Locus.objects.restrict(actor, action)
        .select_related("village", "programme_year")
        .filter(pk=locus_pk)
        .first()
    )
    if locus is None:
        raise PermissionDenied(_("Lokus ini berada di luar wilayah kerja Anda."))
    if locus.status not in RECRUITING_LOCUS_STATUSES:
        raise ValidationError(
            _("Lokus berstatus %(status)s; kegiatan hanya dicatat untuk lokus yang sudah ditetapkan.")
            % {"status": locus.get_status_display()}
        )
    reporter = _check_reporter(locus, reported_by) if reported_by is not None else None
    if client_id is not None:
        existing = _already_sent(client_id, locus=locus, reported_by=reporter)
        if existing is not None:
            return existing, False
    if reporter is not None and not data.cadres:
        data.cadres = [reporter]
    checked = _check(locus, data)
    activity = SocialisationActivity(
        locus=locus,
        created_by=actor,
        status=ActivityStatus.REPORTED if reporter is not None else ActivityStatus.ACCEPTED,
        reported_by=reporter,
        client_id=client_id,
        **checked["values"],
    )
    activity.full_clean(exclude=["programme_year", "regency", "province", "client_id"])
    activity._history_user = actor
    if reporter is not None:
        activity._change_reason = gettext_noop("Dilaporkan kader.")
    try:
        with transaction.atomic():
            activity.save()
    except IntegrityError:
        # The same report sent twice at once: the other request made it first.
        existing = _already_sent(client_id, locus=locus, reported_by=reporter) if client_id else None
        if existing is None:
            raise
        return existing, False
    activity.cadres.set(checked["cadres"])
    activity.target_segments.set(checked["segments"])
    _save_segment_reach(actor, activity, checked["segment_reach"])
    _check_in_scope(actor, activity, action)
    return activity, True


@transaction.atomic
def activity_update(*, actor, activity: SocialisationActivity, data: ActivityData) -> SocialisationActivity:
    _check_role(actor, "change")
    activity = (
        SocialisationActivity.objects.restrict(actor, "change")
        .select_for_update()
        .select_related("locus__village", "locus__programme_year")
        .filter(pk=activity.pk)
        .first()
    )
    if activity is None:
        raise PermissionDenied(_("Kegiatan ini berada di luar wilayah kerja Anda."))
    checked = _check(activity.locus, data)
    for name, value in checked["values"].items():
        setattr(activity, name, value)
    activity.full_clean(exclude=["programme_year", "regency", "province"])
    activity._history_user = actor
    activity._change_reason = gettext_noop("Kegiatan sosialisasi diubah.")
    activity.save()
    activity.cadres.set(checked["cadres"])
    activity.target_segments.set(checked["segments"])
    _save_segment_reach(actor, activity, checked["segment_reach"])
    _check_in_scope(actor, activity, "change")
    return activity


def _reviewed(actor, activity: SocialisationActivity) -> SocialisationActivity:
    """The activity locked for the office's review: one the actor may change, reported and not yet
    reviewed."""
    _check_role(actor, "change")
    activity = (
        SocialisationActivity.objects.restrict(actor, "change")
        .select_for_update()
        .filter(pk=activity.pk)
        .first()
    )
    if activity is None:
        raise PermissionDenied(_("Kegiatan ini berada di luar wilayah kerja Anda."))
    if activity.status != ActivityStatus.REPORTED:
        raise ValidationError(
            {
                "status": _(
                    "Kegiatan berstatus %(status)s; hanya laporan kader yang menunggu tinjauan yang dapat "
                    "diterima atau dikembalikan."
                )
                % {"status": activity.get_status_display()}
            }
        )
    return activity


@transaction.atomic
def activity_accept(*, actor, activity: SocialisationActivity) -> SocialisationActivity:
    """Accept a cadre's report: from now on it counts in every figure (``rules.activity_counts``)."""
    activity = _reviewed(actor, activity)
    activity.status = ActivityStatus.ACCEPTED
    activity.review_note = ""
    activity.reviewed_by, activity.reviewed_at = actor, timezone.now()
    activity._history_user = actor
    activity._change_reason = gettext_noop("Laporan kader diterima.")
    activity.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"])
    return activity


@transaction.atomic
def activity_return(*, actor, activity: SocialisationActivity, note: str) -> SocialisationActivity:
    """Return a cadre's report with a note saying what to correct; it counts nowhere until accepted."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Tulis catatan pengembalian: apa yang perlu diperbaiki kader.")})
    activity = _reviewed(actor, activity)
    activity.status = ActivityStatus.RETURNED
    activity.review_note = note
    activity.reviewed_by, activity.reviewed_at = actor, timezone.now()
    activity._history_user = actor
    activity._change_reason = gettext_noop("Laporan kader dikembalikan.")
    activity.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"])
    return activity


def _own_or_changeable(actor, activity: SocialisationActivity):
    """The activity, locked: for a cadre, only a report of its own (``report``); for an officer, one the
    actor may change."""
    if policy(actor).jurisdiction.cadre_id is not None:
        cadre = reporting_cadre(actor)
        rows = SocialisationActivity.objects.restrict(actor, "report").filter(reported_by=cadre)
    else:
        _check_role(actor, "change")
        rows = SocialisationActivity.objects.restrict(actor, "change")
    return rows.select_for_update().filter(pk=activity.pk)


@transaction.atomic
def activity_resubmit(*, actor, activity: SocialisationActivity, data: ActivityData) -> SocialisationActivity:
    """A returned report, corrected and sent again: checked as a new one, it waits for review again. By the
    office, or by the cadre who reported it (from the app)."""
    activity = _own_or_changeable(actor, activity).select_related("locus__village", "locus__programme_year")
    activity = activity.first()
    if activity is None:
        raise PermissionDenied(_("Kegiatan ini berada di luar wilayah kerja Anda."))
    if activity.status != ActivityStatus.RETURNED:
        raise ValidationError(
            {"status": _("Hanya laporan yang dikembalikan yang dapat diperbaiki dan dikirim ulang.")}
        )
    if not data.cadres:
        data.cadres = [activity.reported_by_id]  # as when it was reported: its reporter carried it out
    checked = _check(activity.locus, data)
    for name, value in checked["values"].items():
        setattr(activity, name, value)
    activity.status = ActivityStatus.REPORTED
    activity.full_clean(exclude=["programme_year", "regency", "province", "client_id"])
    activity._history_user = actor
    activity._change_reason = gettext_noop("Laporan kader diperbaiki dan dikirim ulang.")
    activity.save()
    activity.cadres.set(checked["cadres"])
    activity.target_segments.set(checked["segments"])
    _save_segment_reach(actor, activity, checked["segment_reach"])
    return activity


@transaction.atomic
def activity_delete(*, actor, activity: SocialisationActivity) -> None:
    """Delete an activity with its evidence files: commissioners and administrators."""
    _check_role(actor, "delete")
    activity = SocialisationActivity.objects.restrict(actor, "delete").filter(pk=activity.pk).first()
    if activity is None:
        raise PermissionDenied(_("Kegiatan ini berada di luar wilayah kerja Anda."))
    files = [photo.file for photo in activity.photos.all()]
    activity._history_user = actor
    activity._change_reason = gettext_noop("Kegiatan sosialisasi dihapus.")
    activity.delete()
    transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files if f.name])


# A photo the cadre app sends: reduced on the phone to at most this size.
APP_PHOTO_MAX_BYTES = 500_000
# A cadre adds evidence to its own report while the office has not accepted it.
OPEN_REPORT_STATUSES = (ActivityStatus.REPORTED, ActivityStatus.RETURNED)


@transaction.atomic
def activity_photo_add(
    *, actor, activity: SocialisationActivity, upload, title: str = "", client_id=None
) -> ActivityPhoto:
    """Attach a photo (JPG/PNG) or a PDF report, checked by extension, size and first bytes. A cadre (the
    app) adds a photo (JPEG, PNG or WebP, at most ``APP_PHOTO_MAX_BYTES``) to its own report while it awaits
    review or was returned; a ``client_id`` already used for a photo of the same activity returns that
    photo (a resend)."""
    cadre_app = policy(actor).jurisdiction.cadre_id is not None
    activity = _own_or_changeable(actor, activity).first()
    if activity is None:
        raise PermissionDenied(_("Kegiatan ini berada di luar wilayah kerja Anda."))
    if client_id is not None:
        existing = ActivityPhoto.objects.filter(client_id=client_id).first()
        if existing is not None:
            if existing.activity_id != activity.pk:
                raise ValidationError(
                    {"client_id": _("Id foto ini sudah dipakai foto lain; kirim foto dengan id baru.")}
                )
            return existing
    if cadre_app and activity.status not in OPEN_REPORT_STATUSES:
        raise ValidationError(
            {
                "status": _("Laporan berstatus %(status)s; foto hanya dapat ditambahkan sebelum diterima.")
                % {"status": activity.get_status_display()}
            }
        )
    if upload is None:
        raise ValidationError({"file": _("Pilih berkas foto atau laporan.")})
    if cadre_app:
        content_type, extension = validate_photo(upload, field="file", limit=APP_PHOTO_MAX_BYTES)
        name = f"{client_id or 'foto'}{extension}"
    else:
        content_type = validate_document(upload, field="file")
        name = upload.name
    kind = AttachmentKind.DOCUMENT if content_type == "application/pdf" else AttachmentKind.PHOTO
    title = " ".join((title or "").split())[:200] or name[:200]
    photo = ActivityPhoto(
        activity=activity,
        kind=kind,
        title=title,
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
        client_id=client_id,
    )
    photo.file.save(name, upload, save=False)
    photo._history_user = actor
    try:
        with transaction.atomic():
            photo.save()
    except IntegrityError:
        # The same photo sent twice at once: the other request stored it first.
        existing = ActivityPhoto.objects.filter(client_id=client_id, activity=activity).first()
        if client_id is None or existing is None:
            raise
        transaction.on_commit(lambda: photo.file.storage.delete(photo.file.name))
        return existing
    return photo
