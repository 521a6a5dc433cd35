"""Reads of the stored estimates for the *Dampak program* page, the locus dashboard and the recap.

Every figure, locus effect and match is read through ``restrict(user, "view")``: a province's user reads its
province and its regencies, a regency's user its regency, and the country's figures only a national user.
The page costs a fixed number of queries whatever the number of loci: the estimates (one), the place (one,
none for the country), the place's figures with their regions' names (one) and, for a regency, its loci's
effects with their matches (two)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from kernel.scoping.jurisdiction import NATIONAL, PROVINCE, REGENCY
from kernel.scoping.policy import policy
from locus.choices import LocusCategory
from locus.models import Locus, Province, Regency

from .charts import ChartRow
from .choices import FigureLevel
from .models import EstimateState, ImpactEstimate, ImpactFigure, LocusEffect, LocusMatch


@dataclass(frozen=True)
class ImpactPlace:
    """Where the page looks: the country, a province or a regency (within the user's jurisdiction)."""

    level: str  # NATIONAL, PROVINCE or REGENCY
    code: str = ""
    name: str = ""
    province_code: str = ""
    province_name: str = ""

    @property
    def title(self) -> str:
        return self.name or _("Seluruh Indonesia")


def place_for(*, user, code: str | None) -> ImpactPlace | None:
    """The place ``code`` names (empty: the user's own jurisdiction), if the user may see all of it; None
    otherwise (a 404). A regency's office may not open its province, as on the dashboards."""
    access = policy(user)
    jurisdiction = access.jurisdiction
    code = (code or "").strip()
    if not code:
        if jurisdiction.level == NATIONAL:
            return ImpactPlace(NATIONAL)
        code = {PROVINCE: jurisdiction.province_code, REGENCY: jurisdiction.regency_code}.get(
            jurisdiction.level, ""
        )
        if not code:
            return None
    if "." not in code:
        province = Province.objects.restrict(user, "view").filter(code=code).first()
        return ImpactPlace(PROVINCE, province.code, province.name) if province else None
    regency = Regency.objects.restrict(user, "view").select_related("province").filter(code=code).first()
    if regency is None:
        return None
    return ImpactPlace(REGENCY, regency.code, regency.name, regency.province_id, regency.province.name)


@dataclass
class FigureRow:
    """A figure with its region's or category's name and where it leads (a drill-down), for the chart and
    the table."""

    figure: ImpactFigure
    label: str
    url: str = ""

    @property
    def chart_row(self) -> ChartRow:
        f = self.figure
        return ChartRow(self.label, f.effect, f.low, f.high)


@dataclass
class ImpactPage:
    place: ImpactPlace
    estimates: list[ImpactEstimate]
    estimate: ImpactEstimate | None
    state: EstimateState | None
    figure: ImpactFigure | None = None
    areas: list[FigureRow] = field(default_factory=list)  # provinces of the country, regencies of a province
    categories: list[FigureRow] = field(default_factory=list)
    loci: list[LocusEffect] = field(default_factory=list)  # a regency's loci
    unknown_choice: bool = False  # the year or election asked for has no estimate

    @property
    def years(self) -> list[int]:
        return sorted({estimate.programme_year_id for estimate in self.estimates}, reverse=True)

    @property
    def elections(self) -> list[ImpactEstimate]:
        """The estimates of the chosen year: one per outcome election."""
        if self.estimate is None:
            return []
        return [e for e in self.estimates if e.programme_year_id == self.estimate.programme_year_id]

    @property
    def chart_rows(self) -> list[ChartRow]:
        rows = [FigureRow(self.figure, self.place.title).chart_row] if self.figure else []
        return rows + [row.chart_row for row in self.areas]

    @property
    def category_rows(self) -> list[ChartRow]:
        return [row.chart_row for row in self.categories]


def _choose(estimates: list[ImpactEstimate], year: str, election: str) -> tuple[ImpactEstimate | None, bool]:
    """The estimate asked for (``?tahun=``, ``?pemilu=``), else the latest year's latest election with an
    estimate; and whether something asked for was not found."""
    chosen = estimates
    asked = bool(year or election)
    if year:
        chosen = [e for e in chosen if str(e.programme_year_id) == year]
    if election:
        chosen = [e for e in chosen if e.election_id == election]
    if chosen:
        return chosen[0], False
    return (estimates[0] if estimates else None), asked


def _named(queryset):
    """Figures with the name of their regency or province (subqueries: no query per row)."""
    regency = Regency.objects.filter(code=OuterRef("regency_code")).values("name")[:1]
    province = Province.objects.filter(code=OuterRef("province_code")).values("name")[:1]
    return queryset.annotate(region_name=Coalesce(Subquery(regency), Subquery(province)))


def impact_page(*, user, place: ImpactPlace, year: str = "", election: str = "", url: str = "") -> ImpactPage:
    """The page's estimate for ``place``: its figure, the figures of the areas beneath it (provinces of the
    country, regencies of a province) and of each category, or a regency's loci with their matches."""
    estimates = list(
        ImpactEstimate.objects.select_related("election", "baseline").order_by(
            "-programme_year_id", "-election__held_on"
        )
    )
    estimate, unknown = _choose(estimates, year, election)
    page = ImpactPage(
        place=place,
        estimates=estimates,
        estimate=estimate,
        state=estimate.state() if estimate else None,
        unknown_choice=unknown,
    )
    if estimate is not None and estimate.computed_at is not None:
        _fill(page, user=user, estimate=estimate, url=url)
    return page


def _fill(page: ImpactPage, *, user, estimate: ImpactEstimate, url: str, with_loci: bool = True) -> None:
    place = page.place
    figures = ImpactFigure.objects.restrict(user, "view").filter(estimate=estimate)
    if place.level == NATIONAL:
        figures = figures.filter(Q(level=FigureLevel.NATIONAL) | Q(level=FigureLevel.PROVINCE, category=""))
    elif place.level == PROVINCE:
        figures = figures.filter(province_code=place.code).filter(
            Q(level=FigureLevel.PROVINCE) | Q(level=FigureLevel.REGENCY)
        )
    else:
        figures = figures.filter(level=FigureLevel.REGENCY, regency_code=place.code)
    categories = dict(LocusCategory.choices)
    own_level = {NATIONAL: FigureLevel.NATIONAL, PROVINCE: FigureLevel.PROVINCE, REGENCY: FigureLevel.REGENCY}
    link = f"{url}?tahun={estimate.programme_year_id}&pemilu={estimate.election_id}&wilayah=" if url else ""
    for figure in _named(figures):
        if figure.level == own_level[place.level] and not figure.category:
            page.figure = figure
        elif figure.category:
            page.categories.append(FigureRow(figure, str(categories.get(figure.category, figure.category))))
        else:
            label = figure.region_name or figure.region_code
            page.areas.append(FigureRow(figure, label, link + figure.region_code if link else ""))
    page.areas.sort(key=lambda row: row.label)
    page.categories.sort(key=lambda row: list(categories).index(row.figure.category))
    if place.level == REGENCY and with_loci:
        page.loci = locus_effects(user=user, estimate=estimate, regency_code=place.code)


def year_pages(*, user, place: ImpactPlace, year: int, with_loci: bool = False) -> list[ImpactPage]:
    """The computed estimates of programme year ``year`` for ``place``, one page of figures per outcome
    election, latest first (the recap): one query, and one per estimate."""
    estimates = list(
        ImpactEstimate.objects.filter(programme_year_id=year, computed_at__isnull=False)
        .select_related("election", "baseline")
        .order_by("-election__held_on")
    )
    pages = []
    for estimate in estimates:
        page = ImpactPage(place=place, estimates=estimates, estimate=estimate, state=estimate.state())
        _fill(page, user=user, estimate=estimate, url="", with_loci=with_loci)
        pages.append(page)
    return pages


def _matches():
    return Prefetch("matches", LocusMatch.objects.select_related("control__district").order_by("rank"))


def locus_effects(*, user, estimate: ImpactEstimate, regency_code: str) -> list[LocusEffect]:
    """A regency's loci in the estimate, with their villages and their matches (two queries)."""
    return list(
        LocusEffect.objects.restrict(user, "view")
        .filter(estimate=estimate, regency_code=regency_code)
        .select_related("locus__village")
        .prefetch_related(_matches())
        .order_by("locus__village__name", "locus_id")
    )


@dataclass
class LocusImpact:
    """One locus' part in the computed estimates of its programme year: its effect row in each (latest
    outcome election first), with its matches; and the year's estimates, whose state says whether a
    recomputation is queued or running."""

    locus: Locus
    effects: list[LocusEffect]
    estimates: list[ImpactEstimate] = field(default_factory=list)

    @property
    def illustrative(self) -> bool:
        return any(effect.estimate.illustrative for effect in self.effects)

    @property
    def running(self) -> bool:
        """One of the year's estimates is being recomputed."""
        return any(estimate.state().running for estimate in self.estimates)

    @property
    def queued(self) -> bool:
        """A recomputation of one of the year's estimates waits for the worker."""
        return any(estimate.state().queued for estimate in self.estimates)

    @property
    def busy(self) -> bool:
        return self.running or self.queued


def locus_impact(*, user, locus: Locus) -> LocusImpact:
    """The year's estimates, and the locus' effects and matches in those computed: one query when the year
    has no estimate, two when the locus has no effect in them, three with its matches. The locus is the
    caller's, loaded through ``restrict``."""
    estimates = list(ImpactEstimate.objects.filter(programme_year_id=locus.programme_year_id))
    if not any(estimate.computed_at for estimate in estimates):
        return LocusImpact(locus=locus, effects=[], estimates=estimates)
    effects = list(
        LocusEffect.objects.restrict(user, "view")
        .filter(locus_id=locus.pk, estimate__computed_at__isnull=False)
        .select_related("estimate__election", "estimate__baseline")
        .prefetch_related(_matches())
        .order_by("-estimate__election__held_on")
    )
    return LocusImpact(locus=locus, effects=effects, estimates=estimates)
