"""Reads of election results (``VillageResult``) and of their imports, always through the one access policy:
``VillageResult.objects.restrict(user, "view")`` keeps the villages of the user's jurisdiction, and an import
job is seen by its uploader only.

Results are summed in the database (one query per call, whatever the number of villages or regions) and
travel as ``locus.rules.ResultFigures``, whose turnout is ``locus.rules.turnout_percent`` of the sums: a
region's turnout is never an average of its villages' percentages.

- ``village_results(user, election, …)``: one row per village (its codes, kind, electorate, voters,
  illustrative flag), for code that compares villages (an impact estimate reads two elections' turnout);
- ``results_by_region(user, election, level=…, within=…)``: the sums per province, regency or district;
- ``election_summaries(user)``: the elections with results in the jurisdiction, each summed;
- ``region_results(user, code)``: one region's (or village's) sums per election, for the region pages;
- ``import_jobs_of(user)``, ``import_job_of(user, pk)``: the user's own results imports.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from kernel.scoping.policy import policy
from locus.models import District, Election, Province, Regency, ResultsImportJob, VillageResult
from locus.rules import ResultFigures, electorate, turnout_percent

# Region levels by the number of parts of their code: the field of VillageResult that holds that code.
LEVEL_FIELDS = {1: "province_code", 2: "regency_code", 3: "district_code", 4: "village_id"}
PROVINCE, REGENCY, DISTRICT = "provinsi", "kabupaten", "kecamatan"
LEVELS = {
    PROVINCE: ("province_code", Province),
    REGENCY: ("regency_code", Regency),
    DISTRICT: ("district_code", District),
}
RECENT_JOBS = 10


@dataclass(frozen=True, slots=True)
class VillageTurnout:
    """One village's results for one election, as code that compares villages reads them."""

    village_code: str
    district_code: str
    regency_code: str
    province_code: str
    village_kind: str  # regions.choices.VillageKind: desa or kelurahan
    registered: int
    additional: int
    voters: int
    illustrative: bool

    @property
    def electorate(self) -> int:
        """The DPT and the voters added on the day (DPTb, DPK)."""
        return electorate(registered=self.registered, additional=self.additional)

    @property
    def turnout_percent(self) -> float | None:
        return turnout_percent(voters=self.voters, registered=self.registered, additional=self.additional)


@dataclass(frozen=True)
class RegionResults:
    """One region's results for one election."""

    code: str
    name: str
    figures: ResultFigures


@dataclass(frozen=True)
class ElectionResults:
    """One election's results summed over what the call covers (a jurisdiction, a region, a village)."""

    election: Election
    figures: ResultFigures


def _election_code(election) -> str:
    return election.pk if isinstance(election, Election) else str(election)


def level_field(code: str) -> str:
    """The field that holds a region code of this depth: 18 → province_code, … 18.06.21.2005 → village_id."""
    depth = code.count(".") + 1
    if depth not in LEVEL_FIELDS:
        raise ValueError(code)
    return LEVEL_FIELDS[depth]


def _visible(user) -> QuerySet:
    return VillageResult.objects.restrict(user, "view")


SUMS = {
    "villages": Count("pk"),
    "polling_stations": Sum("polling_stations"),
    "registered": Sum("registered"),
    "additional": Sum("additional"),
    "voters": Sum("voters"),
    "valid_votes": Sum("valid_votes"),
    "invalid_votes": Sum("invalid_votes"),
    "illustrative_villages": Count("pk", filter=Q(illustrative=True)),
}


def _figures(row: dict) -> ResultFigures:
    return ResultFigures(**{name: row[name] or 0 for name in SUMS})


def village_results(
    *, user, election, region_code: str | None = None, kind: str | None = None
) -> list[VillageTurnout]:
    """Every village of the user's jurisdiction with results for ``election`` (an ``Election`` or its code),
    within ``region_code`` (a province, regency, district or village) and of ``kind`` (desa or kelurahan)
    when given, by village code. One query."""
    rows = _visible(user).filter(election_id=_election_code(election))
    if region_code:
        rows = rows.filter(**{level_field(region_code): region_code})
    if kind:
        rows = rows.filter(village__kind=kind)
    fields = (
        "village_id",
        "district_code",
        "regency_code",
        "province_code",
        "village__kind",
        "registered",
        "additional",
        "voters",
        "illustrative",
    )
    return [VillageTurnout(*row) for row in rows.order_by("village_id").values_list(*fields)]


def results_by_region(
    *, user, election, level: str = REGENCY, within: str | None = None
) -> list[RegionResults]:
    """The sums of ``election`` per region of ``level`` (provinsi, kabupaten or kecamatan) within the user's
    jurisdiction (and within the region ``within``), by code, each with its name. Two queries."""
    field, model = LEVELS[level]
    rows = _visible(user).filter(election_id=_election_code(election))
    if within:
        rows = rows.filter(**{level_field(within): within})
    rows = list(rows.values(field).annotate(**SUMS).order_by(field))
    names = dict(model.objects.filter(code__in=[row[field] for row in rows]).values_list("code", "name"))
    return [
        RegionResults(code=row[field], name=names.get(row[field], row[field]), figures=_figures(row))
        for row in rows
    ]


def _per_election(rows: QuerySet) -> list[ElectionResults]:
    rows = (
        rows.values("election_id", "election__name", "election__held_on")
        .annotate(**SUMS)
        .order_by("-election__held_on", "election_id")
    )
    return [
        ElectionResults(
            election=Election(
                code=row["election_id"], name=row["election__name"], held_on=row["election__held_on"]
            ),
            figures=_figures(row),
        )
        for row in rows
    ]


def election_summaries(*, user) -> list[ElectionResults]:
    """The elections with results in the user's jurisdiction, latest first, each summed (one query)."""
    return _per_election(_visible(user))


def region_results(*, user, code: str) -> list[ElectionResults]:
    """One region's (or one village's) results per election, latest first: none unless the user's
    jurisdiction holds the whole region (a regency office does not see its province's sums as if they were
    the province's). One query at most."""
    if not policy(user).jurisdiction.covers_code(code):
        return []
    return _per_election(_visible(user).filter(**{level_field(code): code}))


def import_jobs_of(*, user) -> QuerySet:
    """The user's results imports, newest first (``restrict``: nobody sees another's)."""
    return (
        ResultsImportJob.objects.restrict(user, "view")
        .select_related("election")
        .order_by("-created_at", "-pk")
    )


def import_job_of(*, user, pk: int) -> ResultsImportJob | None:
    return import_jobs_of(user=user).filter(pk=pk).first()
