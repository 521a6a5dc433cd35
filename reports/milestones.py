"""The milestones of loci, read from their records: the one place that computes every locus' checklist and
traffic lights (the locus page, the dashboards and the action list all call ``loci_milestones``).

A milestone is met when the records say so, never by a box ticked by hand:
- mapping (*pemetaan*): the locus exists (proposed or later);
- SK: the locus is designated or later with its decree date (``rules.has_decree``);
- PKS: the agreement is recorded, PKS signed or later (``rules.has_agreement``);
- recruitment complete: the roster is full (``cadre.LocusRoster`` against the year's roster size,
  ``RosterFigures.is_full``);
- training session *n*: the locus has at least *n* sessions marked held with attendance recorded;
- mid-term and final evaluation: the locus' evaluation of that stage is submitted or approved.
Its due date is the schedule's (``locus.Milestone``: a fixed date or days after the locus' SK date) and its
light is ``rules.milestone_light``; a locus shows the worst light of its milestones. Rejected and cancelled
proposals have no checklist; a year without a schedule gives its loci none.

The cost is fixed whatever the number of loci: two queries (the loci with their roster figures, their held
sessions with attendance counted and their done evaluations as subqueries per locus; the schedules of their
years). The caller restricts the loci (``restrict(user, "view")``); the sessions and evaluations read
are those of these loci, which lie in the same jurisdiction."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from activities.choices import EvaluationStage, EvaluationStatus
from activities.models import LocusEvaluation, TrainingSession
from locus import rules
from locus.choices import MilestoneKind, MilestoneLight
from locus.models import Locus, Milestone, ProgrammeYear
from locus.rules import RosterFigures

# An evaluation counts as done once the regency has submitted it (approved ones too).
DONE_EVALUATIONS = (EvaluationStatus.SUBMITTED, EvaluationStatus.APPROVED)
# The loci row's column saying whether the evaluation of the milestone's stage is done.
EVALUATION_DONE = {
    MilestoneKind.MIDTERM_EVALUATION: "midterm_done",
    MilestoneKind.FINAL_EVALUATION: "final_done",
}
LIGHT_ICONS = {
    MilestoneLight.DONE: ("bi-check-circle-fill", "text-bg-success"),
    MilestoneLight.ON_TIME: ("bi-clock", "text-bg-light border"),
    MilestoneLight.AT_RISK: ("bi-exclamation-triangle-fill", "text-bg-warning"),
    MilestoneLight.LATE: ("bi-x-octagon-fill", "text-bg-danger"),
}
LATE_LIMIT = 10


@dataclass(frozen=True, slots=True)
class MilestoneState:
    """One milestone of one locus: when due (None: counted from an SK not yet recorded) and its light."""

    kind: str
    session_number: int | None
    due: dt.date | None
    light: str
    counted_from_decree: bool = False

    @property
    def label(self) -> str:
        return rules.milestone_label(self.kind, self.session_number)

    @property
    def light_label(self) -> str:
        return str(MilestoneLight(self.light).label)

    @property
    def icon(self) -> str:
        return LIGHT_ICONS[self.light][0]

    @property
    def badge(self) -> str:
        return LIGHT_ICONS[self.light][1]

    @property
    def is_late(self) -> bool:
        return self.light == MilestoneLight.LATE


@dataclass
class LocusMilestones:
    """A locus' checklist: its milestones in the calendar's order and the worst of their lights."""

    locus_id: int
    village: str
    regency: str
    milestones: list[MilestoneState] = field(default_factory=list)
    regency_id: str = ""

    @cached_property
    def light(self) -> str | None:
        """The worst light (read once the checklist is complete)."""
        return rules.worst_light(m.light for m in self.milestones)

    @property
    def late(self) -> list[MilestoneState]:
        return [m for m in self.milestones if m.is_late]

    @property
    def done(self) -> int:
        return sum(m.light == MilestoneLight.DONE for m in self.milestones)

    @property
    def url(self) -> str:
        return reverse("locus:locus_detail", args=[self.locus_id])


@dataclass
class MilestoneSummary:
    """The loci of a place counted by their light (worst first), with the first late ones listed."""

    counts: list[tuple[str, str, int, str, str]] = field(default_factory=list)  # value, label, n, icon, badge
    late: list[LocusMilestones] = field(default_factory=list)
    late_total: int = 0
    at_risk_total: int = 0
    loci: int = 0  # loci with a checklist
    at_risk_days: int = rules.MILESTONE_AT_RISK_DAYS  # "at risk": due within so many days

    def count(self, light: str) -> int:
        return next((n for value, _label, n, _i, _b in self.counts if value == light), 0)


def _schedules(year_ids) -> dict[int, tuple[ProgrammeYear, list[Milestone]]]:
    schedules: dict[int, tuple[ProgrammeYear, list[Milestone]]] = {}
    order = {kind: index for index, kind in enumerate(MilestoneKind.values)}
    rows = Milestone.objects.filter(programme_year_id__in=year_ids).select_related("programme_year")
    for milestone in sorted(rows, key=lambda m: (order[m.kind], m.session_number or 0)):
        year = milestone.programme_year
        if milestone.kind == MilestoneKind.TRAINING and milestone.session_number > year.planned_sessions:
            continue  # a session no longer planned
        schedules.setdefault(year.pk, (year, []))[1].append(milestone)
    return schedules


def _rows(loci):
    """The calendars of the loci's programme years and, when there is one, the loci with what their records
    say (roster, sessions held with attendance, evaluations): two queries whatever the number of loci, one
    when no year has a calendar (the loci are then not read)."""
    loci = loci.filter(status__in=rules.MILESTONE_LOCUS_STATUSES)
    schedules = _schedules(loci.values("programme_year_id"))
    if not schedules:
        return [], schedules
    through = TrainingSession.loci.through.objects.filter(locus_id=OuterRef("pk"), trainingsession__held=True)
    held = (
        through.filter(
            Q(trainingsession__present_count__gt=0)
            | Q(trainingsession__absent_count__gt=0)
            | Q(trainingsession__excused_count__gt=0)
        )
        .order_by()
        .values("locus_id")
        .annotate(n=Count("trainingsession_id", distinct=True))
        .values("n")
    )
    evaluations = LocusEvaluation.objects.filter(locus_id=OuterRef("pk"), status__in=DONE_EVALUATIONS)
    rows = list(
        loci.order_by()
        .annotate(
            filled=F("roster_figures__filled"),
            held=Subquery(held, output_field=IntegerField()),
            midterm_done=Exists(evaluations.filter(stage=EvaluationStage.MIDTERM)),
            final_done=Exists(evaluations.filter(stage=EvaluationStage.END)),
        )
        .values(
            "pk",
            "programme_year_id",
            "status",
            "decree_date",
            "agreement_date",
            "filled",
            "held",
            "midterm_done",
            "final_done",
            "regency_id",
            village_name=F("village__name"),
            regency_name=F("regency__name"),
        )
    )
    return rows, schedules


def _lights(row: dict, schedules, today: dt.date, memo: dict | None = None) -> list:
    """(milestone, due, light) of each milestone of one locus' year, in the calendar's order: the one
    judgement of a locus' milestones (``rules.milestone_due``, ``rules.milestone_light``) that the checklists
    and the counts share. Loci of the same year with the same SK date and the same records are judged the
    same, so ``memo`` (one per call) keeps each distinct judgement: a province designates its loci in one
    SK."""
    year, schedule = schedules.get(row["programme_year_id"], (None, []))
    done = _done_facts(row, year)  # what the records say, once per locus
    decree_date = row["decree_date"]
    key = (row["programme_year_id"], decree_date, *done.values())
    if memo is not None and key in memo:
        return memo[key]
    lights = []
    for milestone in schedule:
        kind = milestone.kind
        met = done[kind] if kind != MilestoneKind.TRAINING else done[kind] >= milestone.session_number
        due = rules.milestone_due(
            due_date=milestone.due_date, offset_days=milestone.offset_days, decree_date=decree_date
        )
        lights.append((milestone, due, rules.milestone_light(done=met, due=due, today=today)))
    if memo is not None:
        memo[key] = lights
    return lights


def _checklist(row: dict, schedules, today: dt.date, memo: dict | None = None) -> LocusMilestones:
    checklist = LocusMilestones(
        row["pk"], row["village_name"], row["regency_name"], regency_id=row["regency_id"]
    )
    checklist.milestones = [
        MilestoneState(
            kind=milestone.kind,
            session_number=milestone.session_number,
            due=due,
            light=light,
            counted_from_decree=milestone.due_date is None,
        )
        for milestone, due, light in _lights(row, schedules, today, memo)
    ]
    return checklist


def loci_milestones(loci, *, today: dt.date | None = None) -> dict[int, LocusMilestones]:
    """The checklist of each locus of ``loci`` (a queryset the caller restricted), by locus id: two queries
    whatever the number of loci; one, and no checklist, when none of their programme years has a calendar."""
    today = today or timezone.localdate()
    rows, schedules = _rows(loci)
    memo: dict = {}
    return {row["pk"]: _checklist(row, schedules, today, memo) for row in rows}


def _done_facts(row: dict, year: ProgrammeYear) -> dict:
    """Whether each kind of milestone is met by one locus' records (for training sessions: how many were
    held with attendance, to compare with each session's number)."""
    return {
        MilestoneKind.MAPPING: True,
        MilestoneKind.DECREE: rules.has_decree(status=row["status"], decree_date=row["decree_date"]),
        MilestoneKind.AGREEMENT: rules.has_agreement(
            status=row["status"], agreement_date=row["agreement_date"]
        ),
        MilestoneKind.RECRUITMENT: RosterFigures.of_year(year, filled=row["filled"] or 0, women=0).is_full,
        MilestoneKind.TRAINING: row["held"] or 0,
        **{kind: bool(row[column]) for kind, column in EVALUATION_DONE.items()},
    }


def locus_milestones(locus: Locus, *, today: dt.date | None = None) -> LocusMilestones | None:
    """One locus' checklist (the caller loaded it within the user's jurisdiction)."""
    return loci_milestones(Locus.objects.filter(pk=locus.pk), today=today).get(locus.pk)


def loci_milestone_summary(
    loci, *, today: dt.date | None = None, late_limit: int = LATE_LIMIT
) -> MilestoneSummary:
    """The loci counted by their worst light, and the first ``late_limit`` late ones (most late milestones
    first, then by village) with their checklists, in ``loci_milestones``' two queries: each locus' worst
    light judged without building its checklist, a checklist built only for the late loci listed."""
    today = today or timezone.localdate()
    rows, schedules = _rows(loci)
    by_pk = {row["pk"]: row for row in rows}
    memo: dict = {}
    judged: dict[int, tuple[str | None, int]] = {}  # by id of the memo's list: (worst light, late count)
    worst = {}
    for row in rows:
        lights = _lights(row, schedules, today, memo)
        if id(lights) not in judged:
            only = [light for _milestone, _due, light in lights]
            judged[id(lights)] = (rules.worst_light(only), only.count(MilestoneLight.LATE))
        worst[row["pk"]] = (*judged[id(lights)], row["village_name"])
    return _summary(
        worst, late_limit=late_limit, checklist_of=lambda pk: _checklist(by_pk[pk], schedules, today, memo)
    )


def _summary(worst: dict, *, late_limit: int, checklist_of) -> MilestoneSummary:
    """``worst``: (worst light, late milestones, village) by locus id."""
    by_light: dict[str, int] = defaultdict(int)
    for light, _late, _village in worst.values():
        if light:
            by_light[light] += 1
    late = sorted(
        (pk for pk, (light, _late, _village) in worst.items() if light == MilestoneLight.LATE),
        key=lambda pk: (-worst[pk][1], worst[pk][2], pk),
    )
    return MilestoneSummary(
        counts=[
            (light, str(MilestoneLight(light).label), by_light[light], *LIGHT_ICONS[light])
            for light in rules.LIGHT_SEVERITY
        ],
        late=[checklist_of(pk) for pk in late[:late_limit]],
        late_total=len(late),
        at_risk_total=by_light[MilestoneLight.AT_RISK],
        loci=sum(by_light.values()),
    )


@dataclass(frozen=True)
class DueMilestone:
    """One milestone of one locus that is late or due within ``rules.MILESTONE_AT_RISK_DAYS`` days."""

    locus_id: int
    village: str
    regency_id: str
    kind: str
    session_number: int | None
    due: dt.date
    light: str
    url: str

    @property
    def label(self) -> str:
        return rules.milestone_label(self.kind, self.session_number)

    @property
    def key(self) -> str:
        """The same milestone of the same locus with the same due date, whenever it is asked."""
        return f"{self.locus_id}:{rules.milestone_key(self.kind, self.session_number)}:{self.due.isoformat()}"


def due_milestones(loci, *, today: dt.date | None = None) -> list[DueMilestone]:
    """The late and at-risk milestones of ``loci`` (a queryset the caller restricted), soonest due first:
    ``loci_milestones``' two queries."""
    found = [
        DueMilestone(
            locus_id=checklist.locus_id,
            village=checklist.village,
            regency_id=checklist.regency_id,
            kind=milestone.kind,
            session_number=milestone.session_number,
            due=milestone.due,
            light=milestone.light,
            url=checklist.url,
        )
        for checklist in loci_milestones(loci, today=today).values()
        for milestone in checklist.milestones
        if milestone.due is not None and milestone.light in (MilestoneLight.LATE, MilestoneLight.AT_RISK)
    ]
    return sorted(found, key=lambda due: (due.due, due.village, due.kind, due.session_number or 0))


def current_loci(user) -> tuple[int | None, object]:
    """The latest programme year with loci in the user's jurisdiction and those loci (one query); (None,
    None) when there are none."""
    loci = Locus.objects.restrict(user, "view")
    year = loci.order_by("-programme_year_id").values_list("programme_year_id", flat=True).first()
    return (None, None) if year is None else (year, loci.filter(programme_year_id=year))


def late_and_at_risk(user, *, today: dt.date | None = None) -> tuple[int, int, str]:
    """For the action list: how many loci of the user's jurisdiction, in the latest programme year with
    loci there, are late (a milestone past due) and at risk (the worst milestone due within 14 days), and
    the page that lists them (the home dashboard's milestones). Three queries."""
    year, loci = current_loci(user)
    if year is None:
        return 0, 0, _home_milestones_url()
    summary = loci_milestone_summary(loci, today=today, late_limit=0)
    return summary.late_total, summary.at_risk_total, _home_milestones_url(year)


def _home_milestones_url(year: int | None = None) -> str:
    url = reverse("home")
    return f"{url}?tahun={year}#tonggak" if year else f"{url}#tonggak"


__all__ = [
    "LocusMilestones",
    "MilestoneState",
    "DueMilestone",
    "MilestoneSummary",
    "current_loci",
    "due_milestones",
    "late_and_at_risk",
    "loci_milestone_summary",
    "loci_milestones",
    "locus_milestones",
]
