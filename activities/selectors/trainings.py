"""Reads about cadre trainings for the pages, and later the reports and dashboards: the session list, the
attendance screen, attendance rates and score gains per session, per cadre and per locus.

Every read goes through ``restrict(user, "view")``. Rates and gains are aggregate queries grouped by session
or by cadre (never a query per cadre or per row). A rate is the share of *present* among the attendance
recorded (present, absent, excused); a gain is the average of post-test − pre-test over the rows that have
both scores. Names only: no NIK leaves here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet
from django.utils.text import capfirst

from activities.choices import AttendanceStatus
from activities.models import TrainingAttendance, TrainingSession
from activities.services.trainings import ATTENDING_STATUSES, attendance_cadres
from cadre.models import Cadre
from kernel.history import FieldChange, HistoryEntry, history_value
from kernel.templatetags.dp3_tags import local_date, local_time
from locus import rules
from locus.models import Locus

A = AttendanceStatus
# A version that only changes many-to-many fields, saved this soon after the one before by the same user, is
# part of the same save (a record, then its related lists).
SAME_SAVE = dt.timedelta(seconds=5)


@dataclass(frozen=True)
class Rate:
    """Attendance counts and score averages over a set of attendance rows."""

    present: int = 0
    absent: int = 0
    excused: int = 0
    pre_average: Decimal | None = None
    post_average: Decimal | None = None
    gain: Decimal | None = None

    @property
    def recorded(self) -> int:
        return self.present + self.absent + self.excused

    @property
    def percent(self) -> int | None:
        return round(100 * self.present / self.recorded) if self.recorded else None


NO_RATE = Rate()


def _rate_aggregates(prefix: str = "") -> dict:
    p = prefix
    both = Q(**{f"{p}pre_score__isnull": False, f"{p}post_score__isnull": False})
    return {
        "present": Count(f"{p}pk", filter=Q(**{f"{p}status": A.PRESENT})),
        "absent": Count(f"{p}pk", filter=Q(**{f"{p}status": A.ABSENT})),
        "excused": Count(f"{p}pk", filter=Q(**{f"{p}status": A.EXCUSED})),
        "pre_average": Avg(f"{p}pre_score"),
        "post_average": Avg(f"{p}post_score"),
        "gain": Avg(F(f"{p}post_score") - F(f"{p}pre_score"), filter=both),
    }


def _rate(values: dict) -> Rate:
    def dec(value):
        return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    return Rate(
        present=values["present"],
        absent=values["absent"],
        excused=values["excused"],
        pre_average=dec(values["pre_average"]),
        post_average=dec(values["post_average"]),
        gain=dec(values["gain"]),
    )


def _rates_by(queryset: QuerySet, key: str) -> dict[int, Rate]:
    return {row[key]: _rate(row) for row in queryset.values(key).order_by(key).annotate(**_rate_aggregates())}


# --- lists ----------


def training_list(*, user) -> QuerySet:
    """Sessions the user may see, with their regency, programme year and loci (prefetched); their attendance
    counts are the session's own (``present_count``…): one query for the page and one for its rows' loci."""
    return (
        TrainingSession.objects.restrict(user, "view")
        .select_related("regency__province", "programme_year")
        .prefetch_related(
            Prefetch("loci", queryset=Locus.objects.select_related("village").order_by("village__name"))
        )
        .order_by("-starts_at", "pk")
    )


def without_attendance(sessions: QuerySet, *, now) -> QuerySet:
    """The sessions of ``sessions`` (already restricted) that ended before ``now`` with no attendance
    recorded: the action list's item and the trainings list's filter ``pelaksanaan=tanpa_presensi``."""
    return sessions.filter(ends_at__lt=now, present_count=0, absent_count=0, excused_count=0)


def training_attendance_rates(*, user, sessions) -> dict[int, Rate]:
    """Rate and gains of each session (by pk), over all its cadres: one query."""
    pks = [s.pk if isinstance(s, TrainingSession) else s for s in sessions]
    rows = TrainingAttendance.objects.restrict(user, "view").filter(session_id__in=pks)
    return _rates_by(rows, "session_id")


# --- one session ----------


@dataclass(frozen=True)
class SheetRow:
    """One cadre on a session's attendance screen or page, with the attendance recorded (if any)."""

    cadre: Cadre
    attendance: TrainingAttendance | None


def attendance_sheet(*, user, session: TrainingSession) -> list[SheetRow]:
    """Every cadre the session takes (``attendance_cadres``), by locus then name, with its attendance: two
    queries. The session is already restricted by the caller."""
    cadres = list(
        attendance_cadres(session)
        .filter(pk__in=Cadre.objects.restrict(user, "view").values("pk"))
        .select_related("locus__village")
        .only("pk", "full_name", "status", "recruited_by_id", "locus__village__name", "locus__village__code")
        .order_by("locus__village__name", "full_name", "pk")
    )
    records = {a.cadre_id: a for a in TrainingAttendance.objects.filter(session_id=session.pk)}
    return [SheetRow(cadre=cadre, attendance=records.get(cadre.pk)) for cadre in cadres]


@dataclass
class SheetLocus:
    """One locus of a session's attendance screen: its cadres on the sheet and how many have a record."""

    locus: Locus
    cadres: int
    recorded: int

    @property
    def complete(self) -> bool:
        return self.cadres > 0 and self.recorded == self.cadres


def attendance_loci(*, session: TrainingSession, sheet: list[SheetRow]) -> list[SheetLocus]:
    """The session's loci by village name, each with the count of its cadres on ``sheet`` and of those
    already recorded: one query (the sheet is already read)."""
    cadres: dict[int, int] = {}
    recorded: dict[int, int] = {}
    for row in sheet:
        cadres[row.cadre.locus_id] = cadres.get(row.cadre.locus_id, 0) + 1
        if row.attendance is not None:
            recorded[row.cadre.locus_id] = recorded.get(row.cadre.locus_id, 0) + 1
    loci = session.loci.select_related("village").order_by("village__name", "pk")
    return [
        SheetLocus(locus=locus, cadres=cadres.get(locus.pk, 0), recorded=recorded.get(locus.pk, 0))
        for locus in loci
    ]


def session_locus_rates(*, user, session: TrainingSession) -> list[tuple[Locus, Rate]]:
    """For a session of several loci, the rate and gain of each locus' cadres: one query for the loci, one
    aggregate."""
    rows = TrainingAttendance.objects.restrict(user, "view").filter(session_id=session.pk)
    rates = _rates_by(rows, "cadre__locus_id")
    loci = session.loci.select_related("village").order_by("village__name")
    return [(locus, rates.get(locus.pk, NO_RATE)) for locus in loci]


# --- a locus ----------


@dataclass
class CadreRate:
    cadre: Cadre
    rate: Rate


@dataclass
class LocusTrainingSummary:
    """The trainings of one locus: sessions planned in its programme year and held, the rate of each session
    for this locus' cadres, each cadre's rate and gain, and the locus' overall rate and gain."""

    locus: Locus
    planned: int
    sessions: list[tuple[TrainingSession, Rate]]
    cadres: list[CadreRate]
    overall: Rate = NO_RATE

    @property
    def held(self) -> int:
        """Its held sessions up to the plan (``rules.locus_sessions_held``), as every page counts them."""
        held = sum(1 for session, _rate in self.sessions if session.held)
        return rules.locus_sessions_held(held=held, planned=self.planned)

    @property
    def held_percent(self) -> int:
        return min(100, round(100 * self.held / self.planned)) if self.planned else 0


def locus_attendance_by_number(*, user, locus: Locus) -> dict[int, Rate]:
    """The rate of ``locus``' own cadres in its held sessions, by session number: one grouped query (a
    session serving several loci counts here only this locus' cadres)."""
    rows = TrainingAttendance.objects.restrict(user, "view").filter(
        cadre__locus_id=locus.pk, session__loci=locus, session__held=True
    )
    return _rates_by(rows, "session__session_number")


def locus_training_summary(*, user, locus: Locus) -> LocusTrainingSummary:
    """The training overview of ``locus`` (already restricted by the caller) in five queries."""
    sessions = list(
        TrainingSession.objects.restrict(user, "view")
        .filter(loci=locus)
        .select_related("regency__province")
        .order_by("session_number", "starts_at")
    )
    rows = TrainingAttendance.objects.restrict(user, "view").filter(cadre__locus_id=locus.pk)
    by_session = _rates_by(rows.filter(session__in=[s.pk for s in sessions]), "session_id")
    by_cadre = _rates_by(rows, "cadre_id")
    overall = _rate(rows.aggregate(**_rate_aggregates()))
    cadres = (
        Cadre.objects.restrict(user, "view")
        .filter(locus_id=locus.pk)
        .filter(Q(status__in=ATTENDING_STATUSES) | Q(pk__in=list(by_cadre)))
        .only("pk", "full_name", "status", "recruited_by_id")
        .order_by("full_name", "pk")
    )
    return LocusTrainingSummary(
        locus=locus,
        planned=locus.programme_year.planned_sessions,
        sessions=[(session, by_session.get(session.pk, NO_RATE)) for session in sessions],
        cadres=[CadreRate(cadre=cadre, rate=by_cadre.get(cadre.pk, NO_RATE)) for cadre in cadres],
        overall=overall,
    )


# --- a cadre ----------


def cadre_training_record(*, user, cadre: Cadre) -> tuple[list[TrainingAttendance], Rate]:
    """Every attendance recorded for ``cadre`` (restricted by the caller), session by session, and its rate
    and gain: two queries."""
    rows = TrainingAttendance.objects.restrict(user, "view").filter(cadre_id=cadre.pk)
    records = list(
        rows.select_related("session__regency__province").order_by(
            "session__session_number", "session__starts_at"
        )
    )
    return records, _rate(rows.aggregate(**_rate_aggregates()))


def record_history(
    obj, *, time_zone: str, hidden=("id", "province", "regency", "programme_year", "created_by", "created_at")
):
    """Every saved version of an activity record, newest first, with who saved it and which fields changed
    (old → new), for ``includes/_history.html``. Related records are named (loci by village, cadres by name:
    never a NIK). A save and the changes of its many-to-many fields that follow it (one version each) are
    one entry."""
    model = type(obj)
    records = list(obj.history.select_related("history_user__office").order_by("history_date", "history_id"))
    fields = [*model._meta.fields, *model._meta.many_to_many]
    order = {f.name: index for index, f in enumerate(fields)}
    m2m = {f.name for f in model._meta.many_to_many}
    groups: list[list] = []
    for record in records:
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and record.history_user_id == last.history_user_id
            and record.history_type == "~"
            and record.history_date - last.history_date <= SAME_SAVE
            and all(change.field in m2m for change in record.diff_against(last).changes)
        ):
            groups[-1].append(record)
        else:
            groups.append([record])
    entries, previous = [], None
    for group in groups:
        first, last = group[0], group[-1]
        changes = []
        if previous is not None:
            delta = last.diff_against(previous)
            for change in sorted(delta.changes, key=lambda c: order.get(c.field, 999)):
                if change.field in hidden or change.field not in order:
                    continue
                model_field = model._meta.get_field(change.field)
                changes.append(
                    FieldChange(
                        label=capfirst(model_field.verbose_name),
                        old=_history_display(model_field, change.old, time_zone),
                        new=_history_display(model_field, change.new, time_zone),
                    )
                )
        entries.append(HistoryEntry(record=first if first.history_type == "+" else last, changes=changes))
        previous = last
    entries.reverse()
    return entries


def _history_display(model_field, value, time_zone: str) -> str:
    if model_field.many_to_many:
        related = model_field.related_model
        key = related._meta.model_name
        pks = [row.get(key) for row in value or []]
        objects = related.objects.filter(pk__in=pks)
        if related is Locus:
            return ", ".join(sorted(o.village.name for o in objects.select_related("village"))) or "—"
        if related is Cadre:
            return ", ".join(sorted(objects.values_list("full_name", flat=True))) or "—"
        return ", ".join(sorted(str(o) for o in objects)) or "—"
    if model_field.is_relation and value not in (None, ""):
        related = model_field.related_model.objects.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if isinstance(value, dt.datetime):
        return f"{local_date(value, time_zone)}, {local_time(value, time_zone)}"
    return history_value(model_field, value)
