"""``kernel.formulas``: every part of a text a spreadsheet would run (at the start, or after ``,``, ``;``, a
tab or a line break, behind spaces, quotes or invisible characters) gets an apostrophe; numbers stay numbers;
the imports take the apostrophes away again, so that an export imports unchanged."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from kernel.formulas import _ESCAPE, escape_formula, runs_as_formula, unescape_formula, write_csv
from kernel.spreadsheets import read_table, write_table

# What an attacker types into a name, an address or an occupation.
HOSTILE = [
    "Petani;=1+1",
    '=HYPERLINK("http://x")',
    "+1+1",
    "-1+1",
    "@SUM(A1)",
    "a,=1+1",
    "a\t=1+1",
    "\t=1+1",
    "a\n=1+1",
    "a\r\n=1+1",
    " =1+1",
    'a; "=1+1"',
    "'=1+1",
    "\uff1d1+1",
    "a;\x01=1+1",
]


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("Petani;=1+1", "Petani;'=1+1"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+62 812", "'+62 812"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("a,=1+1", "a,'=1+1"),
        ("a\t=1", "a\t'=1"),
        ("\t=1", "'\t'=1"),
        ("a\n=1", "a\n'=1"),
        (" =1", " '=1"),
        ('a; "=1"', 'a; "\'=1"'),
        ("'=1", "''=1"),
        ("\uff1d1", "'\uff1d1"),
        # Text without a part that runs is left alone.
        ("Siti Aminah", "Siti Aminah"),
        ("Jl. Merdeka 5, RT 01/RW 02", "Jl. Merdeka 5, RT 01/RW 02"),
        ("Bandar Lampung - Kota", "Bandar Lampung - Kota"),
        ("Jum'at", "Jum'at"),
        ("081234567890", "081234567890"),
        ("", ""),
    ],
)
def test_each_part_that_would_run_gets_an_apostrophe(value, escaped):
    assert escape_formula(value) == escaped
    assert unescape_formula(escaped) == value
    assert not runs_as_formula(escaped)


def test_numbers_and_empty_cells_are_not_text():
    for value in (-1, 2.5, Decimal("-3.25"), True, None):
        assert escape_formula(value) is value


def test_lazy_and_safe_strings_are_text():
    assert escape_formula(gettext_lazy("=1+1")) == "'=1+1"
    assert escape_formula(mark_safe("-1+1")) == "'-1+1"  # noqa: S308 (a constant)


TEXT = st.text(alphabet=st.sampled_from(list("=+-@'\" ,;\t\r\n\x01\u00a0\uff1dax1")), max_size=12) | st.text(
    max_size=12
)


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_escaping_is_safe_and_undone_exactly(text):
    escaped = escape_formula(text)
    assert not runs_as_formula(escaped)
    assert unescape_formula(escaped) == text
    # The quick look never lets through what the full rule would escape.
    assert escaped == _ESCAPE.sub(r"\1'", text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(TEXT, min_size=1, max_size=4), min_size=1, max_size=4))
def test_a_csv_never_runs_split_on_either_separator_and_reads_back_as_written(rows):
    buffer = io.StringIO(newline="")
    write_csv(buffer, ["A"] * 4, rows)
    text = buffer.getvalue()
    # A reader that splits on any separator and ignores every quote still finds no formula (the "\r" of the
    # rows' "\r\n" ends a line: it is no cell's first character).
    assert not runs_as_formula(text.replace('"\r\n', '"\n'))
    read = list(csv.reader(io.StringIO(text, newline="")))[1:]
    assert read == [[escape_formula(value) for value in row] for row in rows]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_import_reads_an_export_back_as_it_was(fmt):
    rows = [[value, index] for index, value in enumerate(HOSTILE)]
    data = write_table(["Teks", "No"], rows, fmt=fmt)
    dataset = read_table(data, f"uji.{fmt}")
    # Spaces around a cell are stripped and XLSX holds no control character; apart from that, every value is
    # as it was (the apostrophe even keeps the tab of "\t=1+1").
    expected = [value.strip(" ") for value in HOSTILE]
    if fmt == "xlsx":
        expected = [value.replace("\x01", "") for value in expected]
    assert list(dataset.get_col(0)) == expected
    assert [int(n) for n in dataset.get_col(1)] == list(range(len(HOSTILE)))
