"""Reads about loci and the evidence for choosing them, always through the one scoping call."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from kernel.history import HistoryEntry, change_history
from kernel.scoping.jurisdiction import REGENCY
from kernel.scoping.policy import policy
from locus import rules
from locus.choices import LocusCategory, LocusStatus
from locus.models import (
    Election,
    ElectionIndicator,
    IncidentRecord,
    Locus,
    ProgrammeYear,
    Village,
    VillageResult,
)

# The figure each category is ranked by; an election without it in the jurisdiction is no evidence.
CATEGORY_FIGURES = {
    LocusCategory.LOW_TURNOUT: ("turnout_percent",),
    LocusCategory.HIGH_VIOLATION: ("ikp_score", "violation_findings"),
}


def default_election(
    programme_year: ProgrammeYear, *, category: str | None = None, user=None
) -> Election | None:
    """The evidence the juknis asks for: the last election held before the programme year began — and, given
    a category and a user, the last such election that has the category's figures in the user's
    jurisdiction (Pilkada 2020 was not held everywhere, so a province without it falls back to Pemilu
    2019)."""
    before = Election.objects.filter(held_on__lt=dt.date(programme_year.year, 1, 1)).order_by("-held_on")
    figures = CATEGORY_FIGURES.get(category)
    if user is None or not figures:
        return before.first()
    indicators = ElectionIndicator.objects.restrict(user, "view")
    has_figures = Q()
    for name in figures:
        has_figures |= Q(**{f"{name}__isnull": False})
    with_data = Exists(indicators.filter(has_figures, election=OuterRef("pk")))
    if category == LocusCategory.LOW_TURNOUT:
        results = VillageResult.objects.restrict(user, "view")
        with_data |= Exists(results.filter(election=OuterRef("pk")))
    with_data = before.filter(with_data)
    return with_data.first() or before.first()


def _indicator(field: str, election: Election, outer: str):
    return Subquery(
        ElectionIndicator.objects.filter(election=election, region_code=OuterRef(outer)).values(field)[:1]
    )


def _inherited(field: str, election: Election, output_field=None):
    """A village's own figure, else its district's, else its regency's."""
    return Coalesce(
        _indicator(field, election, "code"),
        _indicator(field, election, "district_id"),
        _indicator(field, election, "district__regency_id"),
        output_field=output_field,
    )


def _result_turnout(election: Election):
    """A village's turnout from its election results (``VillageResult``), in percent to two decimals."""
    results = VillageResult.objects.filter(election=election, village_id=OuterRef("code"))
    return Subquery(results.values(turnout=rules.turnout_percent_expression())[:1])


def _incident_count():
    matching = IncidentRecord.objects.filter(
        Q(region_code=OuterRef("code"))
        | Q(region_code=OuterRef("district_id"))
        | Q(region_code=OuterRef("district__regency_id"))
    )
    counted = matching.order_by().values("province_code").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


RANKING_ORDER = {
    LocusCategory.LOW_TURNOUT: [F("turnout").asc(nulls_last=True), "code"],
    LocusCategory.HIGH_VIOLATION: [
        F("ikp_score").desc(nulls_last=True),
        F("violation_findings").desc(nulls_last=True),
        "code",
    ],
    LocusCategory.CONFLICT_DISASTER: [F("incidents").desc(), "code"],
}


def with_evidence(villages: QuerySet, *, election: Election | None) -> QuerySet:
    """Villages with turnout, violation findings and IKP score (inherited) and conflict/disaster records."""
    villages = villages.annotate(incidents=_incident_count())
    if election is None:
        return villages.annotate(
            turnout=Value(None, output_field=ElectionIndicator._meta.get_field("turnout_percent")),
            violation_findings=Value(None, output_field=IntegerField()),
            ikp_score=Value(None, output_field=ElectionIndicator._meta.get_field("ikp_score")),
        )
    # One turnout per village: its election results where they are loaded (turnout derived from the
    # voters and the electorate), else the indicator figure of the village, its district or its regency.
    return villages.annotate(
        turnout=Coalesce(_result_turnout(election), _inherited("turnout_percent", election)),
        violation_findings=_inherited("violation_findings", election),
        ikp_score=_inherited("ikp_score", election),
    )


def candidate_ranking(
    *,
    user,
    programme_year: ProgrammeYear,
    category: str,
    election: Election | None,
    region_code: str | None = None,
    kind: str | None = None,
    include_loci: bool = False,
) -> QuerySet:
    """Villages of the user's jurisdiction (optionally within ``region_code``) ordered by the evidence of
    ``category``: lowest turnout, highest violation risk, or most conflict/disaster records first."""
    villages = Village.objects.restrict(user, "view").current()
    if region_code:
        villages = villages.filter(Q(code=region_code) | Q(code__startswith=f"{region_code}."))
    if kind:
        villages = villages.filter(kind=kind)
    existing = Locus.objects.filter(programme_year=programme_year, village=OuterRef("code"))
    if include_loci:
        villages = villages.annotate(
            locus_id=Subquery(existing.values("pk")[:1]), locus_status=Subquery(existing.values("status")[:1])
        )
    else:
        # NOT EXISTS lets PostgreSQL estimate the rows well (an IS NULL on a subquery made it expect 0.5%).
        villages = villages.filter(~Exists(existing)).annotate(
            locus_id=Value(None, output_field=IntegerField()),
            locus_status=Value(None, output_field=CharField()),
        )
    villages = with_evidence(villages, election=election)
    return villages.select_related("district__regency__province").order_by(*RANKING_ORDER[category])


def locus_list(*, user, filters: dict | None = None) -> QuerySet:
    filters = filters or {}
    loci = Locus.objects.restrict(user, "view").with_places()
    if filters.get("year"):
        loci = loci.filter(programme_year_id=filters["year"])
    if filters.get("region"):
        code = filters["region"]
        loci = loci.filter(Q(village__code__startswith=f"{code}.") | Q(village__code=code))
    for key in ("category", "status"):
        if filters.get(key):
            loci = loci.filter(**{key: filters[key]})
    return loci


@dataclass(frozen=True)
class CategoryCount:
    category: str
    label: str
    total: int
    by_status: dict


def locus_counts(loci: QuerySet) -> list[CategoryCount]:
    """Counts per category (and per status within it) of an already restricted queryset: one query."""
    rows = loci.order_by().values("category", "status").annotate(n=Count("pk"))
    table: dict[str, dict[str, int]] = {c: {} for c in LocusCategory.values}
    for row in rows:
        table[row["category"]][row["status"]] = row["n"]
    return [
        CategoryCount(
            category=category,
            label=LocusCategory(category).label,
            total=sum(table[category].values()),
            by_status={LocusStatus(s).label: n for s, n in table[category].items()},
        )
        for category in LocusCategory.values
    ]


def locus_evidence(locus: Locus) -> dict:
    """The evidence figures of a locus' village for every election that has some, and its records."""
    village = locus.village
    codes = [village.code, village.district_id, village.district.regency_id]
    indicators = {}
    for indicator in ElectionIndicator.objects.filter(region_code__in=codes).select_related("election"):
        # the most specific record wins: village over district over regency
        current = indicators.get(indicator.election_id)
        if current is None or indicator.level > current.level:
            indicators[indicator.election_id] = indicator
    incidents = IncidentRecord.objects.filter(region_code__in=codes).order_by("-year", "kind")
    return {
        "indicators": sorted(indicators.values(), key=lambda i: i.election.held_on, reverse=True),
        "incidents": list(incidents),
    }


# --- reads for the loci pages (locus/views/loci.py) --------------------------------------------------------

VILLAGE_OPTIONS_LIMIT = 10


def latest_locus_year(*, user) -> int | None:
    """The year the loci list opens on: the latest programme year with a locus the user may see, else the
    latest programme year (so that a new, still empty year does not hide last year's loci)."""
    year = (
        Locus.objects.restrict(user, "view")
        .order_by("-programme_year_id")
        .values_list("programme_year_id", flat=True)
        .first()
    )
    if year is None:
        year = ProgrammeYear.objects.order_by("-year").values_list("year", flat=True).first()
    return year


# The empty choice of the "Lokus" filter while it waits for a regency (``locus_filter_choices``).
LOCUS_WAITS_FOR_REGENCY = _("Semua (pilih kabupaten/kota untuk memilih lokus)")


def locus_filter_choices(*, user, year=None, regency=None, chosen=None) -> tuple[QuerySet, bool]:
    """The loci a list's "Lokus" filter offers (cadres, trainings, activities), with their villages, and
    whether the offer waits for a regency. A regency office is offered its loci; above a regency (KPU RI, a
    province) the loci of the chosen regency only, and with none chosen only the locus already named in the
    query (a link may name one): the country's 5,000 loci as options were most of a list page's time."""
    loci = Locus.objects.restrict(user, "view").select_related("village").order_by("village__name")
    if str(year or "").isdecimal():
        loci = loci.filter(programme_year_id=year)
    if policy(user).level == REGENCY:
        return loci, False
    if regency:
        return loci.filter(regency_id=regency), False
    return loci.filter(pk=chosen) if str(chosen or "").isdecimal() else loci.none(), True


def village_options(*, user, term: str, limit: int = VILLAGE_OPTIONS_LIMIT) -> list[Village]:
    """Villages in force that ``user`` may propose as loci, matching ``term`` by name or code: at most
    ``limit``, with their district and regency."""
    villages = Village.objects.restrict(user, "add").current().search(term)
    return list(villages.select_related("district__regency").order_by("name", "code")[:limit])


def locus_history(locus: Locus) -> list[HistoryEntry]:
    """Every saved version of ``locus``, newest first, each with who saved it and which fields changed
    from the version before (verbose name, old value → new value). One query whatever the length."""
    return change_history(locus)
