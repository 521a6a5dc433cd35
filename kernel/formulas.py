"""Text that a spreadsheet would run as a formula (formula or CSV injection), for every file SIDP3 writes.

A cell is read as a formula when it starts with ``=``, ``+``, ``-`` or ``@`` (Excel; LibreOffice only
``=``), also in their full-width forms, or with a tab or carriage return that some readers drop first; spaces
and double quotes before it do not help (a reader may trim them or open a quoted field there). The start of
a cell is not only the start of the value: a CSV written with ``,`` is opened by Excel with Indonesian
regional settings with ``;`` as the separator, so ``Petani;=1+1`` becomes the cells ``Petani`` and ``=1+1``.
Every part of a text that follows ``,``, ``;``, a tab or a line break is therefore treated as the start of a
cell too.

``escape_formula`` puts an apostrophe before the first character of each such part (the usual OWASP
remedy; Excel and LibreOffice read the part as text and show the apostrophe): ``Petani;=1+1`` →
``Petani;'=1+1``, ``+62 812`` → ``'+62 812``. Numbers (``int``, ``float``, ``Decimal``) are written as numbers
and are never touched, so a negative number stays a number. A part that already starts with apostrophes
before such a character gets one more, so that ``unescape_formula``, which every spreadsheet import applies
to every text cell, removes exactly one and gives back the value as it was: an export imports again
unchanged. Digits-only columns (NIK, phone numbers as written, region codes) never change.

``write_csv`` writes CSV the same way everywhere: UTF-8 with a byte order mark (so that Excel reads UTF-8),
every text field quoted (so that a reader honouring quotes keeps a ``;`` or ``,`` inside its cell), numbers
bare, every text cell escaped.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence

from django.utils.functional import Promise

# The characters that start a formula, with Excel's full-width forms (＝ ＋ － ＠).
TRIGGERS = "=+-@\t\r\uff1d\uff0b\uff0d\uff20"
# What starts a new cell for some reader: either list separator, a tab, a line break.
SEPARATORS = ",;\t\r\n"
_START = "(?:^|(?<=[" + SEPARATORS + "]))"  # the start of the value or of a part after a separator
# What a reader may skip or drop before a formula: spaces (separators excepted), double quotes, control and
# invisible characters (an XLSX writer drops those XML cannot hold, so they must not hide a formula).
_SKIPPED = '"\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff\ud800-\udfff\ufffe\uffff'
_LEAD = r"((?:[^\S\t\r\n]|[" + _SKIPPED + "])*)"
_TRIGGER = "[" + re.escape(TRIGGERS) + "]"

_ESCAPE = re.compile(_START + _LEAD + "(?='*" + _TRIGGER + ")")
_UNESCAPE = re.compile(_START + _LEAD + "'(?='*" + _TRIGGER + ")")
_RUNS = re.compile(_START + _LEAD + _TRIGGER)
# Quick looks before the substitution: most cells hold no trigger at all, and most of those that do hold a "-"
# mid-text (an address, an e-mail address); without the lookbehind these are three times faster.
_search_trigger = re.compile(_TRIGGER).search
_escapes_at_start = re.compile(_LEAD + "'*" + _TRIGGER).match
_escapes_inside = re.compile("[" + SEPARATORS + "]" + _LEAD + "'*" + _TRIGGER).search


def escape_formula(value):
    """``value`` with an apostrophe before each part a spreadsheet would run as a formula; anything that is
    not text is returned as it is."""
    if type(value) is not str:
        if not isinstance(value, (str, Promise)):  # a lazy translation or a SafeString is text too
            return value
        value = str(value)
    if not _search_trigger(value) or not (_escapes_at_start(value) or _escapes_inside(value)):
        return value
    return _ESCAPE.sub(r"\1'", value)


def unescape_formula(value):
    """The inverse of ``escape_formula``: ``unescape_formula(escape_formula(text)) == text`` for any text."""
    if type(value) is not str or "'" not in value:
        return value
    return _UNESCAPE.sub(r"\1", value)


def runs_as_formula(text: str) -> bool:
    """Whether some part of ``text`` (the start, or after a separator) would be read as a formula."""
    return bool(_RUNS.search(text))


def write_csv(handle, headers: Sequence, rows: Iterable[Sequence]) -> None:
    """Headers then rows to ``handle`` (a text file opened with ``newline=""``), text quoted and escaped. The
    caller writes the byte order mark (``encoding="utf-8-sig"`` or ``"\\ufeff"`` first)."""
    writer = csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow([escape_formula(value) for value in headers])
    for row in rows:
        writer.writerow([escape_formula(value) for value in row])
