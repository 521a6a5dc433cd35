"""Rows into PostgreSQL with COPY, in its text format: the fast path of the large writes (new cadres and their
history in a roster import, the region import, the scale data of ``seed_scale``).

One escaping for all of them: a backslash, a tab or a line break inside a value is escaped, NULL is ``\\N``.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from django.db import connection
from django.db.models.fields.files import FieldFile

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
# Whether a text holds anything COPY's text format escapes.
NEEDS_ESCAPE = re.compile(r"[\\\t\n\r]")


def escape_text(text: str) -> str:
    """A text value in COPY's text format."""
    return text.translate(_ESCAPES)


def _copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    kind = type(value)
    if kind is str:
        return value.translate(_ESCAPES)
    if kind is bool:
        return "t" if value else "f"
    if kind is int:
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        if not value:  # a new cadre's empty verification checklist
            return "{}" if isinstance(value, dict) else "[]"
        return json.dumps(value).translate(_ESCAPES)
    if isinstance(value, FieldFile):
        return (value.name or "").translate(_ESCAPES)
    return str(value).translate(_ESCAPES)


def copy_cells(row) -> tuple[list[str], str]:
    """A row's values in COPY text format, and its line. Most values are plain text: convert them all and
    escape every value only when the joined line shows a need."""
    cells = [value if type(value) is str else "\\N" if value is None else _copy_text(value) for value in row]
    line = "\t".join(cells)
    if (
        line.count("\t") != len(cells) - 1
        or line.count("\\") != row.count(None)
        or "\n" in line
        or "\r" in line
    ):
        cells = [_copy_text(value) for value in row]
        line = "\t".join(cells)
    return cells, line


class _LineReader:
    """The file psycopg2's ``copy_expert`` reads: lines made only when asked for, so that PostgreSQL stores
    the rows sent so far while the next ones are converted (the two cores work at once)."""

    def __init__(self, lines):
        self.lines = iter(lines)
        self.pending = ""

    def read(self, size: int = -1) -> str:
        parts, length = [self.pending], len(self.pending)
        for line in self.lines:
            parts.append(line)
            parts.append("\n")
            length += len(line) + 1
            if 0 <= size <= length:
                break
        text = "".join(parts)
        if 0 <= size < len(text):
            text, self.pending = text[:size], text[size:]
        else:
            self.pending = ""
        return text


COPY_CHUNK = 256 * 1024


def copy_lines(table: str, columns: list[str], lines) -> None:
    """Lines of COPY text (``copy_cells``) into a PostgreSQL table, in the current transaction; a constraint
    violation raises Django's ``IntegrityError``. ``lines`` may be a generator: it is consumed as the rows
    are sent."""
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.cursor.copy_expert(sql, _LineReader(lines), size=COPY_CHUNK)


def copy_rows(table: str, columns: list[str], rows) -> None:
    """Rows (sequences in the order of ``columns``) into a PostgreSQL table with COPY."""
    copy_lines(table, columns, (copy_cells(row)[1] for row in rows))


def next_ids(table: str, column: str, count: int) -> list[int]:
    """``count`` values of the sequence behind ``table.column`` (PostgreSQL), for rows written by COPY."""
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, column, count],
        )
        return [row[0] for row in cursor.fetchall()]
