"""Reads of locus evaluations: the figures gathered from the records (``locus_evaluation_figures``, also
used by the reports), the list, the loci that may still be evaluated, and the change history.

Every read of records goes through ``restrict`` except the figures, which are about one locus the caller has
already loaded through ``restrict`` (a page or a report of the jurisdiction)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from django.db.models import Avg, Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from activities.choices import AttendanceStatus, EvaluationStage
from activities.models import LocusEvaluation, SocialisationActivity, TrainingAttendance, TrainingSession
from cadre.models import Cadre
from kernel.history import HistoryEntry, change_history
from locus import rules
from locus.models import Locus
from locus.rules import RosterFigures

# Loci that can be evaluated: designated and later, closed included; not proposed, rejected or cancelled.
EVALUABLE_LOCUS_STATUSES = rules.PROGRAMME_LOCUS_STATUSES


def _percent(part, whole) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _number(value) -> float | None:
    return None if value is None else round(float(value), 1)


@dataclass(frozen=True)
class EvaluationFigures:
    """A locus' figures gathered from its records: the cadres on its roster (appointed and active core
    cadres) against the roster size and the women's minimum, live follow-on cadres, sessions held for it
    against planned, the attendance and test scores of its own cadres in them, its socialisation activities
    and the people reached. The percentages and the verdicts follow from the counts by ``locus.rules``.

    Submitting an evaluation freezes them as JSON (``as_json``); ``from_json`` reads them back, leaving None
    where figures frozen long ago lack a count."""

    roster_size: int | None = None
    cadres_active: int | None = None
    cadres_women: int | None = None
    min_women_percent: int | None = None
    follow_on_cadres: int | None = None
    sessions_planned: int | None = None
    sessions_held: int | None = None
    attendance_rows: int | None = None
    attendance_present: int | None = None
    post_test_average: float | None = None
    gain_average: float | None = None
    activities: int | None = None
    reached_men: int | None = None
    reached_women: int | None = None
    reached_disabled: int | None = None
    reached_first_time: int | None = None

    @property
    def roster(self) -> RosterFigures | None:
        counts = (self.roster_size, self.cadres_active, self.cadres_women, self.min_women_percent)
        if None in counts:
            return None
        return RosterFigures(*counts)

    @property
    def cadres_active_percent(self) -> float | None:
        return _percent(self.cadres_active, self.roster_size) if self.cadres_active is not None else None

    @property
    def women_percent(self) -> int | None:
        return self.roster.women_share_percent if self.roster else None

    @property
    def women_short(self) -> bool:
        return bool(self.roster and self.roster.women_below_minimum)

    @property
    def sessions_percent(self) -> float | None:
        return _percent(self.sessions_held, self.sessions_planned) if self.sessions_held is not None else None

    @property
    def attendance_percent(self) -> float | None:
        if self.attendance_present is None:
            return None
        return _percent(self.attendance_present, self.attendance_rows)

    @property
    def reached_total(self) -> int | None:
        if self.reached_men is None or self.reached_women is None:
            return None
        return rules.reached(men=self.reached_men, women=self.reached_women)

    def as_json(self) -> dict:
        """The figures as frozen on an evaluation: plain numbers (ints, floats rounded to one decimal, or None
        where there is nothing to divide by), the percentages and the reach total included."""
        f = asdict(self)
        return {
            "roster_size": f["roster_size"],
            "cadres_active": f["cadres_active"],
            "cadres_active_percent": self.cadres_active_percent,
            "cadres_women": f["cadres_women"],
            "women_percent": self.women_percent,
            "min_women_percent": f["min_women_percent"],
            "follow_on_cadres": f["follow_on_cadres"],
            "sessions_planned": f["sessions_planned"],
            "sessions_held": f["sessions_held"],
            "sessions_percent": self.sessions_percent,
            "attendance_rows": f["attendance_rows"],
            "attendance_present": f["attendance_present"],
            "attendance_percent": self.attendance_percent,
            "post_test_average": f["post_test_average"],
            "gain_average": f["gain_average"],
            "activities": f["activities"],
            "reached_men": f["reached_men"],
            "reached_women": f["reached_women"],
            "reached_total": self.reached_total,
            "reached_disabled": f["reached_disabled"],
            "reached_first_time": f["reached_first_time"],
        }

    @classmethod
    def from_json(cls, data: dict) -> EvaluationFigures:
        """Frozen figures read back (the percentages are derived again from the counts)."""
        return cls(**{f.name: data.get(f.name) for f in fields(cls)})


def locus_evaluation_figures(*, locus: Locus) -> EvaluationFigures:
    """The figures of ``locus`` gathered from the records.

    Four aggregate queries whatever the number of cadres, sessions or activities (five if the locus was
    loaded without its programme year): cadres, held sessions, their attendance and test scores, and the
    socialisation activities. Attendance and scores count only the locus' own cadres in held sessions of
    the locus (a session may serve several loci of the regency)."""
    year = locus.programme_year
    cadres = Cadre.objects.filter(locus_id=locus.pk).aggregate(
        active=Count("pk", filter=rules.on_roster_q()),
        women=Count("pk", filter=rules.women_on_roster_q()),
        follow_on=Count("pk", filter=rules.follow_on_q()),
    )
    held = TrainingSession.objects.filter(loci=locus, held=True).count()
    attendance = TrainingAttendance.objects.filter(
        session__loci=locus, session__held=True, cadre__locus_id=locus.pk
    ).aggregate(
        rows=Count("pk"),
        present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)),
        post_average=Avg("post_score"),
        gain_average=Avg(
            F("post_score") - F("pre_score"),
            filter=Q(post_score__isnull=False, pre_score__isnull=False),
        ),
    )
    activities = (
        SocialisationActivity.objects.counted()
        .filter(locus_id=locus.pk)
        .aggregate(
            count=Count("pk"),
            men=Coalesce(Sum("reached_men"), 0),
            women=Coalesce(Sum("reached_women"), 0),
            disabled=Coalesce(Sum("reached_disabled"), 0),
            first_time=Coalesce(Sum("reached_first_time"), 0),
        )
    )
    return EvaluationFigures(
        roster_size=year.roster_size,
        cadres_active=cadres["active"],
        cadres_women=cadres["women"],
        min_women_percent=year.min_women_percent,
        follow_on_cadres=cadres["follow_on"],
        sessions_planned=year.planned_sessions,
        sessions_held=rules.locus_sessions_held(held=held, planned=year.planned_sessions),
        attendance_rows=attendance["rows"],
        attendance_present=attendance["present"],
        post_test_average=_number(attendance["post_average"]),
        gain_average=_number(attendance["gain_average"]),
        activities=activities["count"],
        reached_men=activities["men"],
        reached_women=activities["women"],
        reached_disabled=activities["disabled"],
        reached_first_time=activities["first_time"],
    )


@dataclass(frozen=True)
class FigureRow:
    label: str
    value: object  # a number, or None: "—"
    of: object = None  # the planned or whole figure, if any
    percent: float | None = None
    unit: str = ""
    short: bool = False  # below the norm (women's share under the minimum)


def figure_rows(figures: EvaluationFigures | dict) -> list[FigureRow]:
    """The figures as the rows of the evaluation's table; frozen figures (a dict) are read back first.
    Tolerates figures frozen before a count existed."""
    f = EvaluationFigures.from_json(figures) if isinstance(figures, dict) else figures
    return [
        FigureRow(_("Kader aktif"), f.cadres_active, f.roster_size, f.cadres_active_percent),
        FigureRow(
            _("Kader perempuan"), f.cadres_women, f.cadres_active, f.women_percent, short=f.women_short
        ),
        FigureRow(_("Kader lanjutan"), f.follow_on_cadres),
        FigureRow(_("Sesi pembekalan terlaksana"), f.sessions_held, f.sessions_planned, f.sessions_percent),
        FigureRow(_("Kehadiran pembekalan"), f.attendance_present, f.attendance_rows, f.attendance_percent),
        FigureRow(_("Rata-rata nilai post-test"), f.post_test_average),
        FigureRow(_("Rata-rata kenaikan nilai (post − pre)"), f.gain_average),
        FigureRow(_("Kegiatan sosialisasi"), f.activities),
        FigureRow(_("Warga terjangkau"), f.reached_total),
        FigureRow(_("… laki-laki"), f.reached_men),
        FigureRow(_("… perempuan"), f.reached_women),
        FigureRow(_("… penyandang disabilitas"), f.reached_disabled),
        FigureRow(_("… pemilih pemula"), f.reached_first_time),
    ]


def evaluation_figures(evaluation: LocusEvaluation) -> tuple[EvaluationFigures, bool]:
    """The figures to show: live while the evaluation is editable, frozen once submitted. Returns
    (figures, frozen)."""
    if evaluation.figures_at and not evaluation.is_editable:
        return EvaluationFigures.from_json(evaluation.figures), True
    return locus_evaluation_figures(locus=evaluation.locus), False


def evaluation_list(*, user) -> QuerySet:
    """Evaluations of the user's jurisdiction with their locus' places (the filters narrow it)."""
    return (
        LocusEvaluation.objects.restrict(user, "view")
        .select_related("locus__village__district", "regency", "programme_year")
        .order_by("-programme_year_id", "regency_id", "locus__village__name", "stage")
    )


def latest_evaluation_year(*, user) -> int | None:
    """The latest programme year with an evaluable locus in the user's jurisdiction."""
    return (
        Locus.objects.restrict(user, "view")
        .filter(status__in=EVALUABLE_LOCUS_STATUSES)
        .order_by("-programme_year_id")
        .values_list("programme_year_id", flat=True)
        .first()
    )


@dataclass(frozen=True)
class PendingLocus:
    locus: Locus
    missing_stages: list[tuple[str, str]]  # (value, label) of the stages not evaluated yet


def loci_to_evaluate(*, user, year: int | None, regency: str | None = None) -> list[PendingLocus]:
    """Evaluable loci of ``year`` the user may evaluate, with the stages that have no evaluation yet. Two
    queries."""
    if year is None:
        return []
    loci = (
        Locus.objects.restrict(user, "add")
        .filter(programme_year_id=year, status__in=EVALUABLE_LOCUS_STATUSES)
        .select_related("village__district")
        .annotate(stages_done=Count("evaluations"))
        .order_by("regency_id", "village__name")
    )
    if regency:
        loci = loci.filter(regency_id=regency)
    loci = [locus for locus in loci if locus.stages_done < len(EvaluationStage.values)]
    done = set(
        LocusEvaluation.objects.filter(locus__in=[locus.pk for locus in loci]).values_list(
            "locus_id", "stage"
        )
    )
    return [
        PendingLocus(
            locus,
            [(value, label) for value, label in EvaluationStage.choices if (locus.pk, value) not in done],
        )
        for locus in loci
    ]


# Fields whose change the history shows; the frozen figures are a table of their own, not a diff line.
# Who submitted or approved, and when, is the history entry's own user and time.
_HISTORY_HIDDEN = {
    "figures",
    "figures_at",
    "submitted_by",
    "submitted_at",
    "approved_by",
    "approved_at",
    "locus",
    "programme_year",
    "regency",
    "province",
    "created_by",
}


def evaluation_history(evaluation: LocusEvaluation) -> list[HistoryEntry]:
    """Every saved version of ``evaluation``, newest first, with who saved it and which fields changed. One
    query whatever the length."""
    return change_history(evaluation, hidden=_HISTORY_HIDDEN)
