"""The successor of each code an import retires: the code that comes into force with it, at the same level
and under the same name (as when Papua was split and Kabupaten Merauke went from 91.01 to 93.01)."""

from __future__ import annotations

import re

from django.db import connection

from .levels import _LEVELS, _Level
from .plan import _Plan
from .writers import _Table

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
