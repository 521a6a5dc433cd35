"""Reads for the report builders: the scope and year of a report, and the programme recap's figures.

Every query starts from ``Model.objects.restrict(user, "view")`` and is then narrowed to the report's scope
(a province or a regency inside the user's jurisdiction). The recap is built from grouped queries, one per
kind of record (loci, cadres, segments covered, sessions, attendance, activities, targets), whatever the
number of loci; each locus' figures are then rolled up to its regency, province and the whole scope in
Python. The figures follow the programme rules (``locus.rules``) as the activities' selectors do
(``locus_evaluation_figures``, ``cadre.selectors.roster_summary``), which answer for one locus at a time; the
recap answers for thousands."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.postgres.aggregates import BitOr
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import OfficeLevel
from activities.choices import AttendanceStatus
from activities.models import (
    AdvocacyEngagement,
    SocialisationActivity,
    Target,
    TrainingAttendance,
    TrainingSession,
)
from activities.selectors.advocacy import BudgetArea, budget_by_area
from activities.selectors.targets import TargetProgress, targets_with_progress
from cadre.models import Cadre
from kernel.scoping.jurisdiction import NATIONAL, PROVINCE, REGENCY
from kernel.scoping.policy import policy
from locus import rules
from locus.choices import LocusCategory
from locus.models import Locus, ProgrammeYear, Province, Regency, Segment
from locus.rules import BudgetFigures, RosterFigures, SessionFigures

from .builders import ReportError

# --- scope and year ----------


@dataclass(frozen=True)
class Scope:
    """Where a report looks: the whole country, one province or one regency."""

    level: str  # NATIONAL, PROVINCE or REGENCY
    code: str | None
    name: str  # "Nasional", "Provinsi Lampung", "Kabupaten Tanggamus"
    slug: str  # for file names: "nasional", "lampung", "kabupaten-tanggamus"

    def q(self, province: str = "province_id", regency: str = "regency_id") -> Q:
        if self.level == PROVINCE:
            return Q(**{province: self.code})
        if self.level == REGENCY:
            return Q(**{regency: self.code})
        return Q()


def resolve_scope(user, code: str | None) -> Scope:
    """The scope a report asks for, ``None`` being the user's whole jurisdiction; a scope outside it (or not
    a province or regency) is a ``ReportError``."""
    from django.utils.text import slugify

    access = policy(user)
    jurisdiction = access.jurisdiction
    if jurisdiction.level not in (NATIONAL, PROVINCE, REGENCY):  # none, or a cadre's locus
        raise ReportError(_("Akun Anda tidak terhubung ke wilayah kerja mana pun."))
    code = (code or "").strip()
    if not code:
        code = {PROVINCE: jurisdiction.province_code, REGENCY: jurisdiction.regency_code}.get(
            jurisdiction.level
        )
    if not code:
        return Scope(NATIONAL, None, _("Nasional"), "nasional")
    if not access.allows_in_region("view", code):
        raise ReportError(_("Wilayah %(code)s berada di luar wilayah kerja Anda.") % {"code": code})
    if "." not in code:
        province = Province.objects.filter(code=code).first()
        if province is None:
            raise ReportError(_("Wilayah %(code)s tidak ditemukan.") % {"code": code})
        return Scope(PROVINCE, code, _("Provinsi %(name)s") % {"name": province.name}, slugify(province.name))
    if code.count(".") == 1:
        regency = Regency.objects.filter(code=code).first()
        if regency is None:
            raise ReportError(_("Wilayah %(code)s tidak ditemukan.") % {"code": code})
        return Scope(REGENCY, code, regency.name, slugify(regency.name))
    raise ReportError(_("Cakupan laporan harus nasional, satu provinsi, atau satu kabupaten/kota."))


def resolve_year(year: int | None) -> ProgrammeYear:
    """The programme year asked for; ``None``: the latest that has begun (else the first there is)."""
    years = ProgrammeYear.objects.prefetch_related("required_segments")
    if year is None:
        found = years.filter(year__lte=timezone.localdate().year).order_by("-year").first() or (
            years.order_by("year").first()
        )
    else:
        found = years.filter(year=year).first()
    if found is None:
        raise ReportError(_("Tahun program %(year)s tidak ada.") % {"year": year or "-"})
    return found


# --- the recap ----------


@dataclass
class Figures:
    """The figures of one locus, or summed over a regency, a province or the whole scope."""

    loci: int = 0
    by_category: Counter = field(default_factory=Counter)
    by_status: Counter = field(default_factory=Counter)
    programme_loci: int = 0  # programme loci (designated or later, closed included): those with a roster
    roster_size: int = 0  # places: the roster size × the programme loci
    filled: int = 0  # the cadres on the rosters: appointed and active core cadres
    women: int = 0
    min_women_percent: int = 0  # the year's minimum (not summed)
    follow_on: int = 0
    live: int = 0  # cadres in a live status (registered to active, follow-on included)
    women_ok: int = 0  # loci whose women's share reaches the minimum
    segments_ok: int = 0  # loci whose roster covers every required segment
    sessions_planned: int = 0  # per locus: the programme year's planned sessions
    sessions_held: int = 0  # per locus: held sessions serving it, up to the plan
    attendance_rows: int = 0
    attendance_present: int = 0
    activities: int = 0
    reached_men: int = 0
    reached_women: int = 0
    reached_disabled: int = 0
    reached_first_time: int = 0

    def add(self, other: Figures) -> None:
        for name, value in vars(other).items():
            if isinstance(value, Counter):
                getattr(self, name).update(value)
            elif name == "min_women_percent":
                self.min_women_percent = max(self.min_women_percent, value)
            else:
                setattr(self, name, getattr(self, name) + value)

    @property
    def roster(self) -> RosterFigures:
        return RosterFigures(self.roster_size, self.filled, self.women, self.min_women_percent)

    @property
    def sessions(self) -> SessionFigures:
        return SessionFigures(held=self.sessions_held, planned=self.sessions_planned)

    @property
    def category_counts(self) -> list[int]:
        return [self.by_category.get(code, 0) for code in LocusCategory.values]

    @property
    def reached_total(self) -> int:
        return rules.reached(men=self.reached_men, women=self.reached_women)

    @property
    def fill_percent(self) -> float | None:
        return _percent(self.filled, self.roster_size)

    @property
    def women_percent(self) -> int | None:
        return self.roster.women_share_percent

    @property
    def sessions_percent(self) -> float | None:
        return _percent(self.sessions_held, self.sessions_planned)

    @property
    def attendance_percent(self) -> float | None:
        return _percent(self.attendance_present, self.attendance_rows)


def _percent(part, whole) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class LocusLine:
    pk: int
    village_code: str
    village_name: str
    district_name: str
    regency_code: str
    province_code: str
    category: str
    status: str
    figures: Figures
    missing: list[str] = field(default_factory=list)  # names of required segments not covered


@dataclass
class Area:
    code: str
    name: str
    figures: Figures = field(default_factory=Figures)


@dataclass
class Recap:
    scope: Scope
    year: ProgrammeYear
    total: Area
    provinces: list[Area]
    regencies: list[Area]
    loci: list[LocusLine]
    reach_by_method: list[tuple[str, int, int]]  # (method, activities, people reached)
    targets: list[TargetProgress]
    required_segments: list[Segment]
    # The advocacy of the scope and year: every engagement, and the budget asked and mobilised by province
    # (the whole country) or by office (a province's own and its regencies'; a regency's own), and in all.
    engagements: list[AdvocacyEngagement] = field(default_factory=list)
    budget_areas: list[BudgetArea] = field(default_factory=list)
    budget: BudgetFigures = field(default_factory=BudgetFigures)


def _grouped(queryset, key: str, **aggregates) -> dict:
    return {row[key]: row for row in queryset.order_by().values(key).annotate(**aggregates)}


def programme_recap(*, user, scope: Scope, year: ProgrammeYear) -> Recap:
    """The recap of ``scope`` in ``year``: about seventeen queries whatever the number of loci and of
    engagements."""
    where = scope.q() & Q(programme_year_id=year.pk)
    roster = rules.on_roster_q()
    required = list(year.required_segments.all())

    loci_rows = list(
        Locus.objects.restrict(user, "view")
        .filter(where)
        .order_by("province_id", "regency_id", "village__name", "pk")
        .values_list(
            "pk",
            "village_id",
            "village__name",
            "village__district__name",
            "regency_id",
            "province_id",
            "category",
            "status",
        )
    )
    cadres = Cadre.objects.restrict(user, "view").filter(where)
    by_locus = _grouped(
        cadres,
        "locus_id",
        filled=Count("pk", filter=roster),
        women=Count("pk", filter=rules.women_on_roster_q()),
        follow_on=Count("pk", filter=rules.follow_on_q()),
        live=Count("pk", filter=Q(status__in=rules.LIVE_STATUSES)),
        # The segments the roster covers, as the OR of its cadres' segment masks (as ``roster_summary``).
        covered=BitOr("segment_mask", filter=roster),
    )
    held_sessions = TrainingSession.objects.restrict(user, "view").filter(where, held=True)
    held_by_locus = _grouped(
        TrainingSession.loci.through.objects.filter(trainingsession__in=held_sessions),
        "locus_id",
        n=rules.locus_sessions_held_expr(Count("trainingsession_id"), year.planned_sessions),
    )
    attendance = _grouped(
        TrainingAttendance.objects.restrict(user, "view").filter(
            scope.q("cadre__province_id", "cadre__regency_id"),
            cadre__programme_year_id=year.pk,
            session__held=True,
            # Only sessions of the cadre's own locus, as ``locus_evaluation_figures`` counts them.
            session__loci=F("cadre__locus"),
        ),
        "cadre__locus_id",
        rows=Count("pk"),
        present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)),
    )
    activities = SocialisationActivity.objects.restrict(user, "view").counted().filter(where)
    reach_sums = {
        "count": Count("pk"),
        "men": Coalesce(Sum("reached_men"), 0),
        "women": Coalesce(Sum("reached_women"), 0),
        "disabled": Coalesce(Sum("reached_disabled"), 0),
        "first_time": Coalesce(Sum("reached_first_time"), 0),
    }
    activities_by_locus = _grouped(activities, "locus_id", **reach_sums)
    by_method = (
        activities.order_by()
        .values("method")
        .annotate(count=Count("pk"), people=Coalesce(Sum(rules.reached_expr()), 0))
        .order_by("-people", "method")
    )

    loci: list[LocusLine] = []
    for pk, village, village_name, district_name, regency, province, category, status in loci_rows:
        figures = Figures(loci=1, by_category=Counter([category]), by_status=Counter([status]))
        missing: list[str] = []
        if rules.is_programme_locus(status):
            # The programme rules (locus.rules), as on the dashboards: a programme locus (designated or
            # later, closed included) carries the roster and the planned sessions; its women's share is
            # compared exactly (not after rounding) and its held sessions count up to the plan.
            cadre_row = by_locus.get(pk, {})
            figures.programme_loci = 1
            figures.roster_size = year.roster_size
            figures.min_women_percent = year.min_women_percent
            figures.sessions_planned = year.planned_sessions
            for name in ("filled", "women", "follow_on", "live"):
                setattr(figures, name, cadre_row.get(name, 0))
            figures.women_ok = int(figures.roster.meets_women_minimum)
            missing = [
                s.name
                for s in rules.missing_segments(covered_mask=cadre_row.get("covered") or 0, required=required)
            ]
            figures.segments_ok = int(not missing)
            figures.sessions_held = held_by_locus.get(pk, {}).get("n", 0)
        figures.attendance_rows = attendance.get(pk, {}).get("rows", 0)
        figures.attendance_present = attendance.get(pk, {}).get("present", 0)
        reach = activities_by_locus.get(pk)
        if reach:
            figures.activities = reach["count"]
            figures.reached_men = reach["men"]
            figures.reached_women = reach["women"]
            figures.reached_disabled = reach["disabled"]
            figures.reached_first_time = reach["first_time"]
        loci.append(
            LocusLine(
                pk,
                village,
                village_name,
                district_name,
                regency,
                province,
                category,
                status,
                figures,
                missing,
            )
        )

    regency_codes = {line.regency_code for line in loci}
    regency_names = dict(Regency.objects.filter(code__in=regency_codes).values_list("code", "name"))
    province_names = dict(
        Province.objects.filter(code__in={code[:2] for code in regency_codes}).values_list("code", "name")
    )
    regencies = {code: Area(code, regency_names.get(code, code)) for code in sorted(regency_codes)}
    provinces = {code: Area(code, name) for code, name in sorted(province_names.items())}
    total = Area(scope.code or "", scope.name)
    for line in loci:
        for area in (regencies[line.regency_code], provinces[line.province_code], total):
            area.figures.add(line.figures)

    return Recap(
        scope=scope,
        year=year,
        total=total,
        provinces=list(provinces.values()),
        regencies=list(regencies.values()),
        loci=loci,
        reach_by_method=[(row["method"], row["count"], row["people"]) for row in by_method],
        targets=scope_targets(user=user, scope=scope, year=year),
        required_segments=required,
        **scope_advocacy(user=user, scope=scope, year=year),
    )


def scope_advocacy(*, user, scope: Scope, year: ProgrammeYear) -> dict:
    """The engagements of the scope and year (one query) and their budget by province or office (one grouped
    query, summed for the total), as the dashboards count them (``budget_by_area``)."""
    engagements = AdvocacyEngagement.objects.restrict(user, "view").filter(
        scope.q(), programme_year_id=year.pk
    )
    areas = budget_by_area(engagements, level=scope.level)
    return {
        "engagements": list(
            engagements.select_related("office").order_by(
                "province_id", F("regency_id").asc(nulls_first=True), "held_on", "pk"
            )
        ),
        "budget_areas": areas,
        "budget": sum((area.figures for area in areas), BudgetFigures()),
    }


def scope_targets(*, user, scope: Scope, year: ProgrammeYear) -> list[TargetProgress]:
    """The targets of the scope's own office and of the offices one level beneath it, with live progress."""
    targets = Target.objects.restrict(user, "view").filter(programme_year_id=year.pk).select_related("office")
    if scope.level == NATIONAL:
        targets = targets.filter(office__level__in=[OfficeLevel.NATIONAL, OfficeLevel.PROVINCE])
    elif scope.level == PROVINCE:
        targets = targets.filter(office__province_id=scope.code)
    else:
        targets = targets.filter(office__regency_id=scope.code)
    rank = {OfficeLevel.NATIONAL: 0, OfficeLevel.PROVINCE: 1, OfficeLevel.REGENCY: 2}
    ordered = sorted(targets, key=lambda t: (rank.get(t.office.level, 3), t.office.name))
    return targets_with_progress(ordered)
