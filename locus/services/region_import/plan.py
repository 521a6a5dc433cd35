"""The source diffed against the database, level by level: the source's rows checked (code, name,
duplicates, parents) with every error naming its CSV row, the existing rows read with one query per level,
and each level's plan (``_Plan``: the rows to insert, to update and to retire, and their counts)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from locus.models import Province

from .levels import _LEVELS, _Level
from .readers import RegionRow

NAME_MAX_LENGTH = Province._meta.get_field("name").max_length

# On PostgreSQL, a level loaded into an empty table with at least this many rows gets its secondary indexes
# and foreign keys rebuilt after the COPY instead of maintained row by row.
BULK_LOAD_MIN_ROWS = 5000

# 18, 18.06, 18.06.11, 18.06.11.2016; a village's fourth segment starts with 1 (kelurahan), 2 (desa) or
# 3 (desa adat).
_CODE = re.compile(r"\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.[123]\d{3})?)?)?")


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
