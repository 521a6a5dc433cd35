"""Writes on cadre trainings (pembekalan/bimtek): the sessions of a programme year for one or more loci of one
regency, and the attendance of their cadres recorded on one screen, all or nothing.

Rules: the session number lies within the programme year's planned sessions and is not used twice for a
locus in the same year; every locus of a session lies in one regency and in the session's programme year;
times are entered in the regency's local zone (its province's) and stored in UTC; attendance is recorded
only for the cadres of the session's loci (``attendance_cadres``), with scores between 0 and 100."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from activities.choices import AttendanceStatus, Mode
from activities.models import TrainingAttendance, TrainingSession
from cadre.models import Cadre
from kernel.localtime import local_moment, local_today
from kernel.scoping.policy import policy
from locus import rules
from locus.choices import RECRUITING_LOCUS_STATUSES
from locus.models import Locus, ProgrammeYear

# Cadres on the attendance screen: appointed (by SK) and active cadres, core and follow-on. Candidates still
# being recruited are not cadres yet; resigned, replaced and ineligible ones have left. A cadre who left
# after a session keeps the attendance already recorded (see ``attendance_cadres``).
# ``rules.attends_training``.
ATTENDING_STATUSES = rules.APPOINTED_STATUSES
SCORE_MIN, SCORE_MAX = Decimal("0"), Decimal("100")


@dataclass(frozen=True)
class AttendanceRow:
    """What the attendance screen sends for one cadre."""

    cadre_id: int
    status: str
    pre_score: Decimal | None = None
    post_score: Decimal | None = None
    note: str = ""


def _check_role(actor, action: str) -> None:
    if not policy(actor).may(action):
        raise PermissionDenied(_("Peran Anda tidak dapat mengubah data pembekalan."))


def _locked_session(*, actor, session: TrainingSession, action: str, related: str) -> TrainingSession:
    """The session, locked for the change, as the actor may ``action`` it; else refused."""
    _check_role(actor, action)
    locked = (
        TrainingSession.objects.restrict(actor, action)
        .select_for_update()
        .select_related(related)
        .filter(pk=session.pk)
        .first()
    )
    if locked is None:
        raise PermissionDenied(_("Sesi pembekalan ini berada di luar wilayah kerja Anda."))
    return locked


def _clean_loci(*, actor, loci, programme_year: ProgrammeYear) -> list[Locus]:
    """The loci of a session, locked, in the actor's jurisdiction, of one regency and the programme year."""
    pks = sorted({locus.pk for locus in loci})
    if not pks:
        raise ValidationError({"loci": _("Pilih sekurang-kurangnya satu lokus.")})
    locked = list(
        Locus.objects.select_for_update()
        .select_related("village", "regency__province")
        .filter(pk__in=pks)
        .order_by("pk")
    )
    access = policy(actor)
    if len(locked) != len(pks) or not all(access.allows("view", locus) for locus in locked):
        raise PermissionDenied(_("Lokus ini berada di luar wilayah kerja Anda."))
    if len({locus.regency_id for locus in locked}) > 1:
        raise ValidationError({"loci": _("Semua lokus satu sesi harus berada di satu kabupaten/kota.")})
    for locus in locked:
        if locus.programme_year_id != programme_year.pk:
            raise ValidationError(
                {
                    "loci": _("Lokus %(locus)s bukan lokus tahun program %(year)s.")
                    % {"locus": locus.village.name, "year": programme_year.pk}
                }
            )
        if locus.status not in RECRUITING_LOCUS_STATUSES:
            raise ValidationError(
                {
                    "loci": _("Lokus %(locus)s berstatus %(status)s; pembekalan hanya untuk lokus berjalan.")
                    % {"locus": locus.village.name, "status": locus.get_status_display()}
                }
            )
    return locked


def _check_number(*, session_number, programme_year: ProgrammeYear, loci: list[Locus], exclude_pk=None):
    planned = programme_year.planned_sessions
    if not session_number or session_number < 1:
        raise ValidationError({"session_number": _("Nomor sesi wajib diisi (mulai dari 1).")})
    if session_number > planned:
        raise ValidationError(
            {
                "session_number": _(
                    "Sesi ke-%(number)s melebihi rencana tahun program %(year)s (%(planned)s sesi)."
                )
                % {"number": session_number, "year": programme_year.pk, "planned": planned}
            }
        )
    clashes = TrainingSession.loci.through.objects.filter(
        locus_id__in=[locus.pk for locus in loci],
        trainingsession__programme_year=programme_year,
        trainingsession__session_number=session_number,
    )
    if exclude_pk is not None:
        clashes = clashes.exclude(trainingsession_id=exclude_pk)
    names = sorted(set(clashes.values_list("locus__village__name", flat=True)))
    if names:
        raise ValidationError(
            {
                "session_number": _("Sesi ke-%(number)s tahun %(year)s sudah ada untuk lokus %(loci)s.")
                % {"number": session_number, "year": programme_year.pk, "loci": ", ".join(names)}
            }
        )


def _times(*, day, start_time, end_time, time_zone: str) -> tuple[dt.datetime, dt.datetime]:
    errors = {}
    if day is None:
        errors["date"] = _("Tanggal sesi wajib diisi.")
    if start_time is None:
        errors["start_time"] = _("Jam mulai wajib diisi.")
    if end_time is None:
        errors["end_time"] = _("Jam selesai wajib diisi.")
    if errors:
        raise ValidationError(errors)
    if end_time <= start_time:
        raise ValidationError({"end_time": _("Jam selesai harus sesudah jam mulai.")})
    return local_moment(day, start_time, time_zone), local_moment(day, end_time, time_zone)


def _fill(session: TrainingSession, fields: dict) -> None:
    for name in ("topic", "module", "facilitators", "venue", "notes"):
        setattr(session, name, " ".join(str(fields.get(name) or "").split()) if name == "topic" else
                str(fields.get(name) or "").strip())  # fmt: skip
    session.meeting_link = (fields.get("meeting_link") or "").strip()
    session.mode = fields.get("mode") or ""
    session.held = bool(fields.get("held"))
    if not session.topic:
        raise ValidationError({"topic": _("Materi wajib diisi.")})
    if session.mode not in Mode.values:
        raise ValidationError({"mode": _("Pilih cara pelaksanaan: daring, luring atau hybrid.")})


def _check_in_scope(actor, session: TrainingSession, action: str) -> None:
    policy(actor).require(action, session, _("Sesi pembekalan ini berada di luar wilayah kerja Anda."))


@transaction.atomic
def training_session_create(
    *,
    actor,
    programme_year: ProgrammeYear,
    loci,
    session_number: int,
    date: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    **fields,
) -> TrainingSession:
    """Plan (or record) a session. ``date``, ``start_time`` and ``end_time`` are read in the local zone of
    the loci's regency. Other fields: topic, module, facilitators, mode, venue, meeting_link, notes, held."""
    _check_role(actor, "add")
    locked = _clean_loci(actor=actor, loci=loci, programme_year=programme_year)
    _check_number(session_number=session_number, programme_year=programme_year, loci=locked)
    regency = locked[0].regency
    starts_at, ends_at = _times(
        day=date, start_time=start_time, end_time=end_time, time_zone=regency.province.time_zone
    )
    session = TrainingSession(
        programme_year=programme_year,
        regency=regency,
        session_number=session_number,
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=actor,
    )
    _fill(session, fields)
    session.full_clean(exclude=["province"])
    session._history_user = actor
    session.save()
    session.loci.set(locked)
    _check_in_scope(actor, session, "add")
    return session


@transaction.atomic
def training_session_update(
    *,
    actor,
    session: TrainingSession,
    loci,
    session_number: int,
    date: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    **fields,
) -> TrainingSession:
    """Correct a session. A locus whose cadres already have attendance in it may not be taken away."""
    session = _locked_session(actor=actor, session=session, action="change", related="programme_year")
    locked = _clean_loci(actor=actor, loci=loci, programme_year=session.programme_year)
    kept = {locus.pk for locus in locked}
    dropped = (
        Locus.objects.filter(pk__in=session.attendances.values("cadre__locus_id"))
        .exclude(pk__in=kept)
        .select_related("village")
    )
    names = sorted(locus.village.name for locus in dropped)
    if names:
        raise ValidationError(
            {
                "loci": _("Kehadiran kader lokus %(loci)s sudah dicatat pada sesi ini; lokus itu tidak dapat "
                          "dilepas.") % {"loci": ", ".join(names)}
            }
        )  # fmt: skip
    _check_number(
        session_number=session_number,
        programme_year=session.programme_year,
        loci=locked,
        exclude_pk=session.pk,
    )
    regency = locked[0].regency
    session.starts_at, session.ends_at = _times(
        day=date, start_time=start_time, end_time=end_time, time_zone=regency.province.time_zone
    )
    session.regency = regency
    session.session_number = session_number
    _fill(session, fields)
    session.full_clean(exclude=["province"])
    session._history_user = actor
    session._change_reason = gettext_noop("Sesi pembekalan diubah.")
    session.save()
    session.loci.set(locked)
    _check_in_scope(actor, session, "change")
    return session


@transaction.atomic
def training_session_delete(*, actor, session: TrainingSession) -> None:
    """Delete a session with its attendance: commissioners and administrators of its jurisdiction."""
    _check_role(actor, "delete")
    session = TrainingSession.objects.restrict(actor, "delete").filter(pk=session.pk).first()
    if session is None:
        raise PermissionDenied(_("Sesi pembekalan ini berada di luar wilayah kerja Anda."))
    session._history_user = actor
    session._change_reason = gettext_noop("Sesi pembekalan dihapus.")
    session.delete()


def attendance_cadres(session: TrainingSession):
    """The cadres whose attendance the session takes: appointed and active cadres (core and follow-on) of
    its loci, and any cadre of its loci whose attendance is already recorded (who may have left since)."""
    recorded = TrainingAttendance.objects.filter(session_id=session.pk).values("cadre_id")
    return Cadre.objects.filter(locus__in=session.loci.all()).filter(
        Q(status__in=ATTENDING_STATUSES) | Q(pk__in=recorded)
    )


def _score(value, *, name: str, column: str, errors: dict, key: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        score = Decimal(str(value).replace(",", "."))
    except ArithmeticError:
        score = None
    if score is None or not score.is_finite() or not (SCORE_MIN <= score <= SCORE_MAX):
        errors[key] = _("%(column)s %(name)s harus angka antara 0 dan 100.") % {
            "column": column,
            "name": name,
        }
        return None
    if score != score.quantize(Decimal("0.01")):
        errors[key] = _("%(column)s %(name)s paling banyak dua angka desimal.") % {
            "column": column,
            "name": name,
        }
        return None
    return score


@transaction.atomic
def attendance_record(*, actor, session: TrainingSession, rows: list[AttendanceRow]) -> TrainingSession:
    """Record the attendance of the session's cadres at once: every row is checked first, then all are
    saved, or none. Marks the session held. Errors are keyed ``<column>-<cadre pk>`` and name the cadre."""
    session = _locked_session(actor=actor, session=session, action="change", related="regency__province")
    _record(actor, session, rows)
    _check_in_scope(actor, session, "change")
    return session


def _record(actor, session: TrainingSession, rows: list[AttendanceRow]) -> None:
    """The rows of ``attendance_record`` on the locked ``session``: the other cadres' rows are kept."""
    if not session.has_started:
        raise ValidationError(_("Kehadiran baru dapat dicatat setelah sesi berlangsung."))
    cadres = {cadre.pk: cadre for cadre in attendance_cadres(session).only("pk", "full_name")}
    existing = {a.cadre_id: a for a in TrainingAttendance.objects.filter(session=session)}
    errors: dict[str, str] = {}
    seen: set[int] = set()
    to_create, to_update = [], []
    for row in rows:
        cadre = cadres.get(row.cadre_id)
        if cadre is None or row.cadre_id in seen:
            raise ValidationError(
                _("Kehadiran hanya dapat dicatat sekali untuk setiap kader lokus sesi ini; periksa isian.")
            )
        seen.add(row.cadre_id)
        name = cadre.full_name
        if row.status not in AttendanceStatus.values:
            errors[f"status-{cadre.pk}"] = _("Pilih kehadiran %(name)s.") % {"name": name}
            continue
        pre = _score(
            row.pre_score, name=name, column=_("Nilai pre-test"), errors=errors, key=f"pre-{cadre.pk}"
        )
        post = _score(
            row.post_score, name=name, column=_("Nilai post-test"), errors=errors, key=f"post-{cadre.pk}"
        )
        if row.status != AttendanceStatus.PRESENT and (pre is not None or post is not None):
            errors[f"status-{cadre.pk}"] = _(
                "%(name)s tidak hadir: kosongkan nilai pre-test dan post-test."
            ) % {"name": name}
            continue
        note = (row.note or "").strip()[:255]
        record = existing.get(cadre.pk)
        if record is None:
            to_create.append(
                TrainingAttendance(
                    session=session,
                    cadre_id=cadre.pk,
                    status=row.status,
                    pre_score=pre,
                    post_score=post,
                    note=note,
                )
            )
        elif (record.status, record.pre_score, record.post_score, record.note) != (
            row.status,
            pre,
            post,
            note,
        ):
            record.status, record.pre_score, record.post_score, record.note = row.status, pre, post, note
            to_update.append(record)
    if errors:
        raise ValidationError(errors)
    reason = gettext_noop("Kehadiran pembekalan dicatat.")
    if to_create:
        bulk_create_with_history(
            to_create, TrainingAttendance, default_user=actor, default_change_reason=reason
        )
    if to_update:
        bulk_update_with_history(
            to_update,
            TrainingAttendance,
            ["status", "pre_score", "post_score", "note"],
            default_user=actor,
            default_change_reason=reason,
        )
    if not session.held:
        session.held = True
        session._history_user = actor
        session._change_reason = reason
        session.save()


# The QR code of a session ("QR presensi"): a signed value naming the session, valid from the day before to
# the day after the session on the regency's calendar.
CHECK_IN_SALT = "activities.training-check-in"
# The session's code is accepted from its day to this many days after (a check-in queued on a phone with no
# signal is sent later); never before: attendance is recorded once a session has begun.
CHECK_IN_DAYS_AFTER = 1


def check_in_code(session: TrainingSession) -> str:
    """The text inside the session's QR code (``attendance_check_in`` reads it)."""
    return signing.dumps({"s": session.pk}, salt=CHECK_IN_SALT)


def check_in_code_valid(session: TrainingSession, *, today: dt.date | None = None) -> bool:
    """Whether the session's code is accepted today: from the session's day to ``CHECK_IN_DAYS_AFTER`` days
    after."""
    today = today or local_today(session.time_zone)
    return 0 <= (today - session.local_date).days <= CHECK_IN_DAYS_AFTER


@transaction.atomic
def attendance_check_in(*, actor, code: str) -> TrainingSession:
    """A cadre checks in to a training session of its locus by scanning its QR code: recorded as present
    (*hadir*) through the attendance sheet's own rules (``attendance_record``), its scores and note kept and
    the other cadres' rows untouched. Checking in again changes nothing."""
    if not policy(actor).may("report") or policy(actor).jurisdiction.cadre_id is None:
        raise PermissionDenied(_("Hanya kader yang dapat presensi dengan kode QR."))
    cadre_id = policy(actor).jurisdiction.cadre_id
    try:
        pk = signing.loads(str(code or ""), salt=CHECK_IN_SALT)["s"]
    except (signing.BadSignature, KeyError, TypeError):
        raise ValidationError({"code": _("Kode QR presensi tidak sah.")}) from None
    session = (
        TrainingSession.objects.restrict(actor, "view")
        .select_for_update(of=("self",))
        .select_related("regency__province")
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise ValidationError({"code": _("Kode QR ini untuk sesi pembekalan lokus lain.")})
    if not check_in_code_valid(session):
        raise ValidationError(
            {
                "code": _(
                    "Kode QR presensi sesi ini berlaku pada hari sesi (%(date)s) sampai sehari sesudahnya."
                )
                % {"date": formats.date_format(session.local_date, "j F Y")}
            }
        )
    current = TrainingAttendance.objects.filter(session=session, cadre_id=cadre_id).first()
    row = AttendanceRow(cadre_id=cadre_id, status=AttendanceStatus.PRESENT)
    if current is not None:
        if current.status == AttendanceStatus.PRESENT:
            return session
        row = AttendanceRow(cadre_id=cadre_id, status=AttendanceStatus.PRESENT, note=current.note)
    _record(actor, session, [row])
    return session
