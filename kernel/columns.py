"""The columns of an import: their canonical header, the other names offices give them, what a cell holds.

Every import (cadres, loci, indicators, conflict/disaster records) describes its spreadsheet once as a
``TableSpec``; the reader (``kernel.spreadsheets.read_table``) finds the header row with it, renames the
columns it knows to their canonical header, checks the cells that must be text (NIKs, phones, codes) and names
every column it does not know; the templates (``kernel.import_templates``) format and document the columns
from the same spec.

Headers are compared by their *key*: lower case, letters and digits only (``No. HP``, ``NO HP``, ``No HP``
and ``no\\nhp`` are one key), so the alternative names list only real differences of wording.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext_lazy as _

# What a cell of a column holds; the reader checks TEXT_KINDS cells and the templates format each kind.
TEXT = "text"
NIK = "nik"  # 16 digits, always text
PHONE = "phone"  # digits with a leading 0 or +62, always text
CODE = "code"  # a Kemendagri region code, with or without dots, always text
DATE = "date"
INTEGER = "integer"
DECIMAL = "decimal"
CHOICE = "choice"  # one value of a list (the template offers it as a drop-down)
TEXT_KINDS = (NIK, PHONE, CODE)  # a number cell may have lost digits: refused

_NOT_KEY = re.compile(r"[^0-9a-z]+")


def column_letter(number: int) -> str:
    """1 → ``A``, 27 → ``AA``: a spreadsheet column's letters, as openpyxl's ``get_column_letter`` gives
    them. Here so that reading, checking and writing spreadsheets does not import openpyxl for it: importing
    any part of openpyxl loads all of it, numpy and Pillow included (0.3 s)."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def header_key(value) -> str:
    """``No. HP`` → ``nohp``: the header without case, spacing, line breaks or punctuation."""
    return _NOT_KEY.sub("", str(value or "").replace("\ufeff", "").lower())


@dataclass(frozen=True)
class Column:
    """One column of an import: the header SIDP3 writes and the names offices also use for it."""

    name: str
    kind: str = TEXT
    required: bool = False
    aliases: tuple[str, ...] = ()
    # The values of a CHOICE column for the template's drop-down (a callable, read when the template is made).
    choices: Callable[[], Iterable[str]] | None = None
    # For the template's instructions sheet.
    help: str = ""
    width: int = 18
    # False for a column the office's own export writes that an import reads but does not store (Status).
    stored: bool = True

    def header_keys(self) -> set[str]:
        return {header_key(self.name), *(header_key(alias) for alias in self.aliases)}


# The running number most sheets start with: known, never imported; a row holding only it is empty.
RUNNING_NUMBER = Column(
    "No",
    kind=INTEGER,
    aliases=("No.", "Nomor", "No Urut", "Nomor Urut", "#"),
    stored=False,
)


@dataclass(frozen=True)
class HeaderMatch:
    """How the cells of one row read as this spec's header."""

    columns: list  # per cell: the canonical name, or None for a cell the spec does not know
    unknown: list[tuple[int, str]]  # (index, header) of the cells with a header the spec does not know
    missing: list[str]  # required columns not in the row

    @property
    def known(self) -> int:
        return sum(1 for name in self.columns if name)


@dataclass(frozen=True)
class TableSpec:
    """The columns of one import, in the order its template writes them."""

    columns: tuple[Column, ...]
    # Columns an export writes that the import recognises without storing (besides the running number).
    informative: tuple[Column, ...] = ()
    _by_key: dict = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self):
        by_key = {}
        for column in (*self.columns, *self.informative, RUNNING_NUMBER):
            for key in column.header_keys():
                by_key.setdefault(key, column)
        object.__setattr__(self, "_by_key", by_key)

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.required)

    def column(self, name: str) -> Column | None:
        return self._by_key.get(header_key(name))

    def with_required(self, *names: str) -> TableSpec:
        """The same spec with more columns required (the locus column when a file fills many loci)."""
        wanted = {header_key(name) for name in names}
        columns = tuple(
            replace(c, required=True) if header_key(c.name) in wanted else c for c in self.columns
        )
        return TableSpec(columns=columns, informative=self.informative)

    def match(self, cells: list) -> HeaderMatch:
        names: list = []
        unknown = []
        seen = set()
        for index, cell in enumerate(cells):
            text = " ".join(str(cell).split()) if cell not in (None, "") else ""
            column = self._by_key.get(header_key(text)) if text else None
            if column is None or column.name in seen:
                names.append(None)
                if text:
                    unknown.append((index, text))
                continue
            seen.add(column.name)
            names.append(column.name)
        missing = [name for name in self.required if name not in seen]
        return HeaderMatch(columns=names, unknown=unknown, missing=missing)

    def closest(self, header: str) -> str | None:
        """The known column whose name is closest to an unknown header (for the warning)."""
        names = {header_key(c.name): c.name for c in self.columns}
        for column in self.columns:
            for alias in column.aliases:
                names.setdefault(header_key(alias), column.name)
        found = difflib.get_close_matches(header_key(header), list(names), n=1, cutoff=0.75)
        return names[found[0]] if found else None


def kind_label(kind: str) -> str:
    return {
        NIK: _("teks 16 angka"),
        PHONE: _("teks angka"),
        CODE: _("teks kode wilayah"),
        DATE: _("tanggal"),
        INTEGER: _("bilangan bulat"),
        DECIMAL: _("angka"),
        CHOICE: _("pilihan"),
    }.get(kind, _("teks"))
