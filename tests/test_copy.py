"""``kernel.copy``: PostgreSQL's COPY text format, the one escaping used by the roster import, the region
import and the scale data. A value with a backslash, a tab or a line break arrives in the table as written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from kernel.copy import NEEDS_ESCAPE, copy_cells, copy_rows, escape_text

AWKWARD = ["plain", "back\\slash", "tab\there", "line\nbreak", "carriage\rreturn", "\\N", ""]


def test_escape_text_escapes_backslash_tab_and_line_breaks():
    assert escape_text("a\\b\tc\nd\re") == "a\\\\b\\tc\\nd\\re"
    needs = [bool(NEEDS_ESCAPE.search(text)) for text in AWKWARD]
    assert needs == [False, True, True, True, True, True, False]


def test_copy_cells_writes_each_kind_of_value():
    cells, line = copy_cells(["x", None, 7, True, False, dt.date(2021, 5, 20), {}, [], {"a": "b\tc"}])
    assert cells == ["x", "\\N", "7", "t", "f", "2021-05-20", "{}", "[]", '{"a": "b\\\\tc"}']
    assert line == "\t".join(cells)
    # Text that needs escaping is escaped even though the quick path takes strings as they are.
    cells, line = copy_cells(AWKWARD)
    assert cells == [escape_text(text) for text in AWKWARD]
    assert line.count("\t") == len(AWKWARD) - 1
    assert "\n" not in line and "\r" not in line


@pytest.mark.postgres
@pytest.mark.django_db
def test_copy_rows_round_trip():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE copy_check (id integer, value text)")
        copy_rows("copy_check", ["id", "value"], [(index, text) for index, text in enumerate(AWKWARD)])
        copy_rows("copy_check", ["id", "value"], [(len(AWKWARD), None)])
        cursor.execute("SELECT value FROM copy_check ORDER BY id")
        assert [row[0] for row in cursor.fetchall()] == [*AWKWARD, None]
