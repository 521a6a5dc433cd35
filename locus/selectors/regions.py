"""Reads for the region browser: provinces, a region with its children, and the search.

Regions are public Kemendagri reference data, so these reads are not restricted by jurisdiction (see
``RegionQuerySet``). Every list is one query: children counts come from ``annotate``, parents from
``select_related``, and the search fetches at most a fixed number of rows per level.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from locus.models import District, Province, Regency, Village
from regions.querysets import MIN_NAME_SEARCH_LENGTH, is_code_term, normalize_code_term

SEARCH_PER_LEVEL = 20
SUGGEST_PER_LEVEL = 5


@dataclass(frozen=True)
class RegionLevel:
    """One level of the hierarchy: its key in URLs (``?tingkat=desa``), its label and how to load parents."""

    key: str
    label: str
    model: type
    parents: tuple[str, ...]  # for select_related: what ``path()`` reads
    depth: int  # segments in a code of this level: 18 / 18.06 / 18.06.11 / 18.06.11.2016


LEVELS: tuple[RegionLevel, ...] = (
    RegionLevel("provinsi", _("Provinsi"), Province, (), 1),
    RegionLevel("kabupaten", _("Kabupaten/Kota"), Regency, ("province",), 2),
    RegionLevel("kecamatan", _("Kecamatan"), District, ("regency__province",), 3),
    RegionLevel("desa", _("Desa/Kelurahan"), Village, ("district__regency__province",), 4),
)
LEVELS_BY_KEY = {level.key: level for level in LEVELS}


def region_type_label(region) -> str:
    """What kind of region it is, as a person says it: Provinsi, Kabupaten, Kota, Kecamatan, Desa, ..."""
    if isinstance(region, Province):
        return str(_("Provinsi"))
    return region.get_kind_display()


@dataclass(frozen=True)
class RegionHit:
    region: Province | Regency | District | Village
    level: RegionLevel

    @property
    def type_label(self) -> str:
        return region_type_label(self.region)

    @property
    def parents(self) -> list:
        """The regions above, nearest first: Pugung, Kabupaten Tanggamus, Lampung."""
        return list(reversed(self.region.path()[:-1]))

    @property
    def parent_path(self) -> str:
        return ", ".join(parent.name for parent in self.parents)


@dataclass
class LevelResults:
    level: RegionLevel
    hits: list[RegionHit]
    has_more: bool  # more rows match than were fetched


@dataclass
class RegionSearch:
    term: str
    is_code: bool
    too_short: bool  # a name term under MIN_NAME_SEARCH_LENGTH characters: nothing was searched
    groups: list[LevelResults] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(group.hits for group in self.groups)


def clean_search_term(term: str | None) -> str:
    return " ".join((term or "").split())


def _level_can_match(level: RegionLevel, term: str) -> bool:
    """A code prefix with three segments ("18.06.11") cannot match a province or a regency code."""
    if not is_code_term(term):
        return True
    return len(normalize_code_term(term).split(".")) <= level.depth


def _best_first(queryset: QuerySet, term: str) -> QuerySet:
    """For a code, code order; for a name, the exact name, then names starting with the term, then the rest
    by name."""
    if is_code_term(term):
        return queryset.order_by("code")
    rank = Case(
        When(name__iexact=term, then=Value(0)),
        When(name__istartswith=term, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return queryset.annotate(rank=rank).order_by("rank", "name", "code")


def region_search_queryset(*, level: RegionLevel, term: str) -> QuerySet:
    """Every region of one level matching ``term``, with its parents, best first (for paging)."""
    term = clean_search_term(term)
    return _best_first(level.model.objects.search(term).select_related(*level.parents), term)


def _region_search_rows(*, level: RegionLevel, term: str, limit: int) -> list:
    """The best ``limit`` matches of one level, in one query: the matches are ranked and cut on the level's
    own table first, and only those rows are joined to their parents (twice as fast as joining every match
    of a common name such as "sari", 2,385 villages, before sorting)."""
    best_codes = _best_first(level.model.objects.search(term), term).values("code")[:limit]
    rows = level.model.objects.filter(code__in=Subquery(best_codes)).select_related(*level.parents)
    return list(_best_first(rows, term))


def region_search(*, term: str, per_level: int = SEARCH_PER_LEVEL, levels=LEVELS) -> RegionSearch:
    """Regions matching ``term`` (a name part or a code prefix), grouped by level, at most ``per_level`` of
    each: one query per level that can match, none for a name term that is too short."""
    term = clean_search_term(term)
    is_code = is_code_term(term)
    result = RegionSearch(term=term, is_code=is_code, too_short=False)
    if not term:
        return result
    if not is_code and len(term) < MIN_NAME_SEARCH_LENGTH:
        result.too_short = True
        return result
    for level in levels:
        if not _level_can_match(level, term):
            continue
        rows = _region_search_rows(level=level, term=term, limit=per_level + 1)
        result.groups.append(
            LevelResults(
                level=level,
                hits=[RegionHit(region, level) for region in rows[:per_level]],
                has_more=len(rows) > per_level,
            )
        )
    return result


@dataclass
class LevelPage:
    """One page of every match of one level (the results page with ``tingkat``)."""

    level: RegionLevel
    page: Page
    hits: list[RegionHit]


def region_search_page(*, term: str, level: RegionLevel, page_number, per_page: int = SEARCH_PER_LEVEL):
    """Every region of ``level`` matching ``term``, ``per_page`` at a time (a count and one page: two
    queries), or None when the term is empty, too short, or a code that cannot be of this level."""
    term = clean_search_term(term)
    if not term or (not is_code_term(term) and len(term) < MIN_NAME_SEARCH_LENGTH):
        return None
    if not _level_can_match(level, term):
        return None
    page = Paginator(region_search_queryset(level=level, term=term), per_page).get_page(page_number)
    return LevelPage(level=level, page=page, hits=[RegionHit(region, level) for region in page])


def province_list() -> QuerySet:
    """All provinces with the number of their current regencies/cities, in code order."""
    return Province.objects.annotate(
        regency_count=Count("regencies", filter=Q(regencies__retired_at__isnull=True))
    ).order_by("code")


@dataclass
class Children:
    """The regions directly below one region, current ones and retired ones apart."""

    current: list
    retired: list

    def __bool__(self) -> bool:
        return bool(self.current or self.retired)


def _children(queryset: QuerySet) -> Children:
    rows = list(queryset.order_by("code"))
    return Children(
        current=[row for row in rows if row.retired_at is None],
        retired=[row for row in rows if row.retired_at is not None],
    )


def province_children(*, province: Province) -> Children:
    """Its regencies/cities with the number of their current districts and villages (one query)."""
    current_districts = Q(districts__retired_at__isnull=True)
    return _children(
        province.regencies.annotate(
            district_count=Count("districts", filter=current_districts, distinct=True),
            village_count=Count(
                "districts__villages",
                filter=current_districts & Q(districts__villages__retired_at__isnull=True),
            ),
        )
    )


def regency_children(*, regency: Regency) -> Children:
    """Its districts with the number of their current villages (one query)."""
    return _children(
        regency.districts.annotate(
            village_count=Count("villages", filter=Q(villages__retired_at__isnull=True))
        )
    )


def district_children(*, district: District) -> Children:
    return _children(district.villages.all())


def province_queryset() -> QuerySet:
    return Province.objects.all()


def regency_queryset() -> QuerySet:
    return Regency.objects.select_related("province")


def district_queryset() -> QuerySet:
    return District.objects.select_related("regency__province")


def village_queryset() -> QuerySet:
    return Village.objects.select_related("district__regency__province")
