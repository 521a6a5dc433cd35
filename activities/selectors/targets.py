"""Reads of targets and their progress, computed live from the records of each office's jurisdiction.

What counts (the same on the target list, the home page and in reports; the rules are ``locus.rules``'):
- cadres recruited: cadres of the programme year in the office's jurisdiction in a live status (registered,
  verified, interviewed, appointed or active; follow-on cadres included); ineligible, resigned and replaced
  cadres do not count (``rules.is_recruited``);
- sessions held: as the dashboards count them, per programme locus of the year in the jurisdiction, its held
  sessions up to the year's plan (``rules.locus_sessions_held``): a session serving two loci counts for
  each, so two loci that each had 3 of their 8 sessions show 6 (of a target of 2 × 8 = 16);
- people reached: men plus women reached by the socialisation activities of the year in the jurisdiction
  (``rules.reached``).

Progress takes one query (a grouped count per figure, by programme year and regency, joined by UNION ALL)
whatever the number of offices; each office then sums the regencies its jurisdiction covers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.utils.translation import gettext_lazy as _

from accounts.choices import OfficeLevel
from accounts.models import Office
from activities.models import SocialisationActivity, Target, TrainingSession
from cadre.models import Cadre
from kernel.scoping import Jurisdiction
from locus import rules
from locus.models import Locus

FIGURES = ("cadres", "sessions", "people_reached")
LABELS = {
    "cadres": _("Kader direkrut"),
    "sessions": _("Sesi pembekalan terlaksana"),
    "people_reached": _("Warga terjangkau"),
}
# The offices whose targets an office's home page lists beneath its own.
LEVEL_BELOW = {OfficeLevel.NATIONAL: OfficeLevel.PROVINCE, OfficeLevel.PROVINCE: OfficeLevel.REGENCY}


def _covers(office: Office, regency_code: str) -> bool:
    return Jurisdiction(office.level, office.province_id, office.regency_id).covers_code(regency_code)


def _region_filter(offices: list[Office]) -> Q:
    """The narrowest filter on ``province_id``/``regency_id`` that still holds every office's rows."""
    if not offices or any(o.level == OfficeLevel.NATIONAL for o in offices):
        return Q()
    if all(o.level == OfficeLevel.REGENCY for o in offices):
        return Q(regency_id__in={o.regency_id for o in offices})
    return Q(province_id__in={o.province_id for o in offices})


def _totals_by_regency(*, years: set[int], offices: list[Office]) -> dict[str, dict[tuple[int, str], int]]:
    """figure → {(year, regency code): number}, in one query: the three grouped counts joined by UNION ALL,
    each row tagged with its figure (no model ordering in the parts: SQLite refuses one in a UNION)."""
    where = Q(programme_year_id__in=years) & _region_filter(offices)
    by_regency = ("programme_year_id", "regency_id")
    held = (
        TrainingSession.loci.through.objects.filter(locus_id=OuterRef("pk"), trainingsession__held=True)
        .order_by()
        .values("locus_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    parts = [
        Cadre.objects.filter(where, rules.recruited_q())
        .order_by()
        .values(*by_regency)
        .annotate(figure=Value("cadres"), n=Count("pk")),
        Locus.objects.filter(where, rules.programme_locus_q())
        .order_by()
        .values(*by_regency)
        .annotate(
            figure=Value("sessions"),
            n=Sum(rules.locus_sessions_held_expr(Subquery(held), F("programme_year__planned_sessions"))),
        ),
        SocialisationActivity.objects.counted()
        .filter(where)
        .order_by()
        .values(*by_regency)
        .annotate(figure=Value("people_reached"), n=Sum(rules.reached_expr())),
    ]
    totals: dict[str, dict[tuple[int, str], int]] = {figure: {} for figure in FIGURES}
    for row in parts[0].union(*parts[1:], all=True):
        totals[row["figure"]][(row["programme_year_id"], row["regency_id"])] = row["n"] or 0
    return totals


def _progress_of(office: Office, year: int, totals) -> dict[str, int]:
    return {
        figure: sum(n for (y, regency), n in totals[figure].items() if y == year and _covers(office, regency))
        for figure in FIGURES
    }


def office_target_progress(*, office: Office, year: int) -> dict[str, int]:
    """What the jurisdiction of ``office`` has done in programme year ``year``: {"cadres", "sessions",
    "people_reached"} as plain numbers. One query. The caller has loaded ``office`` through restrict."""
    return _progress_of(office, year, _totals_by_regency(years={year}, offices=[office]))


@dataclass(frozen=True)
class Progress:
    figure: str
    label: str
    done: int
    target: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.done / self.target) if self.target else None

    @property
    def bar(self) -> int:
        """The width of the progress bar: the percentage, capped at 100."""
        return min(100, self.percent or 0)

    @property
    def reached(self) -> bool:
        return bool(self.target) and self.done >= self.target


@dataclass(frozen=True)
class TargetProgress:
    target: Target
    items: list[Progress]


def _with_progress(target: Target, done: dict[str, int]) -> TargetProgress:
    return TargetProgress(
        target,
        [Progress(figure, str(LABELS[figure]), done[figure], getattr(target, figure)) for figure in FIGURES],
    )


def targets_with_progress(targets: Iterable[Target]) -> list[TargetProgress]:
    """Each target (with its office loaded) beside its progress: one query for any number of targets."""
    targets = list(targets)
    if not targets:
        return []
    totals = _totals_by_regency(
        years={t.programme_year_id for t in targets}, offices=[t.office for t in targets]
    )
    return [_with_progress(t, _progress_of(t.office, t.programme_year_id, totals)) for t in targets]


def target_list(*, user, year: int | None = None) -> QuerySet:
    """Targets the user may see (their office's and those of the offices in their jurisdiction): national
    first, then provinces, then regencies."""
    targets = Target.objects.restrict(user, "view").select_related("office", "programme_year")
    if year:
        targets = targets.filter(programme_year_id=year)
    return targets.order_by("-programme_year_id", "office__province_id", "office__regency_id", "office__name")


def latest_target_year(*, user) -> int | None:
    return (
        Target.objects.restrict(user, "view")
        .order_by("-programme_year_id")
        .values_list("programme_year_id", flat=True)
        .first()
    )


@dataclass(frozen=True)
class HomeTargets:
    year: int | None
    own: TargetProgress | None
    beneath: list[TargetProgress]


def home_targets(*, user) -> HomeTargets:
    """For the home page: the user's office's target of the latest programme year that has one, with its
    progress, and (for a province office or KPU RI) the targets of the offices one level beneath for the same
    year (or the latest year they have targets). Two queries: the targets of the office and of the offices
    beneath (a few dozen per year at most), then their progress."""
    office = user.office if user.office_id else None
    if office is None:
        return HomeTargets(None, None, [])
    below = LEVEL_BELOW.get(office.level)
    mine = Q(office_id=office.pk) | (Q(office__level=below) if below else Q(pk__in=[]))
    targets = list(
        Target.objects.restrict(user, "view")
        .filter(mine)
        .select_related("office", "programme_year")
        .order_by("-programme_year_id", "office__province_id", "office__regency_id", "office__name")
    )
    own = next((t for t in targets if t.office_id == office.pk), None)
    beneath = [t for t in targets if t.office_id != office.pk]
    year = own.programme_year_id if own else (beneath[0].programme_year_id if beneath else None)
    if year is None:
        return HomeTargets(None, None, [])
    rows = ([own] if own else []) + [t for t in beneath if t.programme_year_id == year]
    progress = targets_with_progress(rows)
    if own:
        return HomeTargets(year, progress[0], progress[1:])
    return HomeTargets(year, None, progress)
