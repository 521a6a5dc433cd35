"""The dashboard of a place and its figures: the tiles, the rows of the children beneath the place, the
place's sums (``PlaceFigures``); ``dashboard`` gathers them from the loci statement (``loci``), attendance
by session and reach by month, with the charts and what needs attention."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from activities.models import AdvocacyEngagement, FollowUpAction, SocialisationActivity, TrainingSession
from activities.selectors.advocacy import BudgetArea, budget_by_area
from activities.selectors.outreach import SegmentReach, segment_reach_of
from kernel.scoping.jurisdiction import NATIONAL, PROVINCE, REGENCY
from locus import rules
from locus.choices import LocusStatus
from locus.models import Locus, ProgrammeYear, Province, Regency
from locus.rules import BudgetFigures, RosterFigures, SessionFigures
from reports.milestones import MilestoneSummary, loci_milestone_summary

from .attention import QUIET_DAYS, REASON_COLUMNS, REASONS, AttentionLocus, _follow_ups, _reason_text
from .charts import Chart, _attendance_chart, _category_chart, _fill_chart, _reach_chart
from .loci import CHILD_SUMS, LocusFigures, locus_figures
from .places import Place


@dataclass(frozen=True)
class Tile:
    label: str
    value: int | None
    of: int | None = None
    unit: str = ""
    note: str = ""
    short: bool = False  # below the norm

    @property
    def percent(self) -> int | None:
        if self.of:
            return round(100 * (self.value or 0) / self.of)
        return None


def sessions_tile(sessions: SessionFigures) -> Tile:
    """The sessions held per locus against planned (``locus.rules``): the one figure called "Sesi pembekalan
    terlaksana" on every dashboard, as the targets count it too."""
    return Tile(_("Sesi pembekalan terlaksana"), sessions.held, of=sessions.planned, note=_("sesi per lokus"))


@dataclass
class ChildRow:
    """One province, regency or locus beneath the place, with its figures."""

    code: str
    name: str
    url: str
    loci: int = 0
    programme: int = 0
    filled: int = 0
    women: int = 0
    sessions: int = 0
    reached: int = 0
    attention: int = 0
    status: str = ""
    capacity: int = 0
    min_women_percent: int = 0

    @property
    def roster(self) -> RosterFigures:
        """The rosters of its programme loci, summed."""
        return RosterFigures(self.capacity, self.filled, self.women, self.min_women_percent)

    @property
    def fill_percent(self) -> int | None:
        return self.roster.fill_percent

    @property
    def women_percent(self) -> int | None:
        return self.roster.women_share_percent

    @property
    def women_below_minimum(self) -> bool:
        return self.roster.women_below_minimum


@dataclass(frozen=True)
class PlaceFigures:
    """The tiles' figures of a place: its loci, the rosters of its programme loci summed (``roster``), the
    sessions held for them against planned (``sessions``), attendance, activities and people reached."""

    loci: int = 0
    programme_loci: int = 0
    cadres: int = 0  # the cadres on the rosters: appointed and active core cadres
    cadre_places: int = 0  # the roster size × the programme loci
    women: int = 0
    min_women_percent: int = 0
    sessions_held: int = 0
    sessions_planned: int = 0
    attendance_present: int = 0
    attendance_recorded: int = 0
    people_reached: int = 0
    activities: int = 0

    @property
    def roster(self) -> RosterFigures:
        return RosterFigures(self.cadre_places, self.cadres, self.women, self.min_women_percent)

    @property
    def sessions(self) -> SessionFigures:
        return SessionFigures(held=self.sessions_held, planned=self.sessions_planned)

    @property
    def women_percent(self) -> int | None:
        return self.roster.women_share_percent

    @property
    def attendance_percent(self) -> int | None:
        return (
            round(100 * self.attendance_present / self.attendance_recorded)
            if self.attendance_recorded
            else None
        )


@dataclass
class Dashboard:
    place: Place
    years: list[int]
    year: ProgrammeYear | None
    tiles: list[Tile] = field(default_factory=list)
    status_counts: list[tuple[str, int]] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    attention: list[AttentionLocus] = field(default_factory=list)
    attention_total: int = 0
    attention_counts: list[tuple[str, str, int]] = field(default_factory=list)
    follow_ups: list[FollowUpAction] = field(default_factory=list)
    follow_ups_total: int = 0
    children: list[ChildRow] = field(default_factory=list)
    child_level: str = ""
    figures: PlaceFigures = field(default_factory=PlaceFigures)
    milestones: MilestoneSummary | None = None  # the loci by milestone light (``reports.milestones``)
    # People reached per voter segment of the year (every segment of the year, in its order).
    segment_reach: list[SegmentReach] = field(default_factory=list)
    # The loci statement's counts (by status, category and number of cadres; the reasons), by their codes:
    # the tiles, charts and badges above are made from them; the API answers them as they are.
    counts: LocusFigures | None = None
    # The advocacy of the year in the place: the budget asked and mobilised (``rules.budget_mobilised``), by
    # province for the country, by office (the province's own and its regencies') for a province, the
    # office's own for a regency.
    budget: BudgetFigures = field(default_factory=BudgetFigures)
    budget_areas: list[BudgetArea] = field(default_factory=list)


def dashboard_years(*, user, place: Place) -> list[ProgrammeYear]:
    """The programme years with loci in the place, latest first."""
    with_loci = Locus.objects.restrict(user, "view").filter(place.q()).values("programme_year_id")
    return list(ProgrammeYear.objects.filter(year__in=with_loci).order_by("-year"))


def dashboard(*, user, place: Place, year: int | None = None, now: dt.datetime | None = None) -> Dashboard:
    """The dashboard of ``place`` for programme year ``year`` (default, or when the place has no loci that
    year: the latest year with loci). A fixed number of queries whatever the number of loci."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    years = dashboard_years(user=user, place=place)
    chosen = next((y for y in years if y.year == year), years[0] if years else None)
    result = Dashboard(place=place, years=[y.year for y in years], year=chosen)
    result.follow_ups, result.follow_ups_total = _follow_ups(user=user, place=place, now=now)
    if chosen is None:
        return result
    required = list(chosen.required_segments.order_by("order", "name"))
    loci = locus_figures(
        user=user,
        place=place,
        year=chosen,
        required=required,
        quiet_since=today - dt.timedelta(days=QUIET_DAYS),
    )
    attendance = _attendance(user=user, place=place, year=chosen)
    reach = _reach(user=user, place=place, year=chosen)
    result.segment_reach = segment_reach_of(
        SocialisationActivity.objects.restrict(user, "view").filter(place.q(), programme_year_id=chosen.pk),
        year=chosen,
    )
    _fill(result, loci=loci, required=required, attendance=attendance, reach=reach)
    result.milestones = loci_milestone_summary(
        Locus.objects.restrict(user, "view").filter(place.q(), programme_year_id=chosen.pk), today=today
    )
    _budget(result, user=user, place=place, year=chosen)
    return result


def _budget(result: Dashboard, *, user, place: Place, year: ProgrammeYear) -> None:
    """The advocacy budget of the year in the place: one grouped query, the total summed from its rows."""
    engagements = AdvocacyEngagement.objects.restrict(user, "view").filter(
        place.q(), programme_year_id=year.pk
    )
    result.budget_areas = budget_by_area(engagements, level=place.level)
    result.budget = sum((area.figures for area in result.budget_areas), BudgetFigures())


def _attendance(*, user, place: Place, year: ProgrammeYear) -> dict[int, dict]:
    """Attendance by session number: the held sessions' counts (kept by the database from their rows)."""
    rows = (
        TrainingSession.objects.restrict(user, "view")
        .filter(place.q(), programme_year_id=year.pk, held=True)
        .values("session_number")
        .order_by("session_number")
        .annotate(present=Sum("present_count"), absent=Sum("absent_count"), excused=Sum("excused_count"))
    )
    return {row["session_number"]: row for row in rows}


def _reach(*, user, place: Place, year: ProgrammeYear) -> list[dict]:
    return list(
        SocialisationActivity.objects.restrict(user, "view")
        .counted()
        .filter(place.q(), programme_year_id=year.pk)
        .annotate(month=TruncMonth("held_on"))
        .values("month", "method")
        .order_by("month", "method")
        .annotate(activities=Count("pk"), people=Sum(rules.reached_expr()))
    )


def _fill(result: Dashboard, *, loci: LocusFigures, required, attendance, reach) -> None:
    year = result.year
    result.counts = loci
    _fill_children(result, loci.children)
    programme = sum(c.programme for c in result.children)
    filled = sum(c.filled for c in result.children)
    women = sum(c.women for c in result.children)
    sessions = sum(c.sessions for c in result.children)
    present = sum(a["present"] for a in attendance.values())
    recorded = sum(a["present"] + a["absent"] + a["excused"] for a in attendance.values())
    reached = sum(r["people"] or 0 for r in reach)
    f = result.figures = PlaceFigures(
        loci=sum(c.loci for c in result.children),
        programme_loci=programme,
        cadres=filled,
        cadre_places=year.roster_size * programme,
        women=women,
        min_women_percent=year.min_women_percent,
        sessions_held=sessions,
        sessions_planned=SessionFigures.of_year(year, held=sessions, loci=programme).planned,
        attendance_present=present,
        attendance_recorded=recorded,
        people_reached=reached,
        activities=sum(r["activities"] for r in reach),
    )
    result.tiles = [
        Tile(
            _("Lokus"),
            f.loci,
            note=_("%(n)s ditetapkan atau sesudahnya") % {"n": formats.number_format(f.programme_loci)},
        ),
        Tile(_("Kader ditetapkan"), filled, of=f.cadre_places, note=_("kader inti ditetapkan dan aktif")),
        Tile(
            _("Keterwakilan perempuan"),
            f.roster.women_share_percent,
            unit="%",
            note=_("minimal %(min)s%%") % {"min": year.min_women_percent},
            short=f.roster.women_below_minimum,
        ),
        sessions_tile(f.sessions),
        Tile(
            _("Tingkat kehadiran"),
            f.attendance_percent,
            unit="%",
            note=_("%(present)s hadir dari %(recorded)s tercatat")
            % {"present": formats.number_format(present), "recorded": formats.number_format(recorded)},
        ),
        Tile(
            _("Warga terjangkau"),
            reached,
            note=ngettext("%(n)s kegiatan sosialisasi", "%(n)s kegiatan sosialisasi", f.activities)
            % {"n": formats.number_format(f.activities)},
        ),
    ]
    result.status_counts = [(label, n) for value, label in LocusStatus.choices if (n := loci.statuses[value])]
    result.charts = [
        _category_chart(loci.categories),
        _fill_chart(loci.fill, year.roster_size),
        _reach_chart(reach),
        _attendance_chart(attendance, year.planned_sessions),
    ]
    result.attention_counts = [(key, str(label), loci.reasons[key]) for key, label in REASONS.items()]
    result.attention_total = sum(c.attention for c in result.children)
    result.attention = [
        AttentionLocus(
            pk=row["id"],
            village=row["village_name"],
            regency=row["regency_name"],
            status=str(LocusStatus(row["status"]).label),
            reasons=[
                (key, _reason_text(key, row, year, required)) for key in REASONS if row[REASON_COLUMNS[key]]
            ],
        )
        for row in loci.attention
    ]


def _fill_children(result: Dashboard, children: list[dict]) -> None:
    place, year = result.place, result.year
    result.child_level = {NATIONAL: PROVINCE, PROVINCE: REGENCY}.get(place.level, "lokus")
    rows = []
    for child in children:
        code = child["code"]
        if result.child_level == PROVINCE:
            url = Place(PROVINCE, province=Province(code=code)).url(year.year)
        elif result.child_level == REGENCY:
            url = Place(REGENCY, regency=Regency(code=code)).url(year.year)
        else:
            url = reverse("locus:locus_detail", args=[code])
        rows.append(
            ChildRow(
                code=code,
                name=child["name"],
                url=url,
                **{key: child[key] for key in CHILD_SUMS},
                status=str(LocusStatus(child["status"]).label) if result.child_level == "lokus" else "",
                capacity=year.roster_size * child["programme"],
                min_women_percent=year.min_women_percent,
            )
        )
    result.children = sorted(rows, key=lambda c: c.code)
