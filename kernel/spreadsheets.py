"""Reading uploaded spreadsheets for all-or-nothing imports with django-import-export.

Every import in SIDP3 works the same way: the file (XLSX, XLS, ODS or CSV: ``kernel.workbook``) is read into
a ``Table``, a ``tablib.Dataset`` whose columns carry the canonical headers of the import's ``TableSpec``
(``kernel.columns``) and which remembers, for each data row, its row number as the spreadsheet shows it; a
resource validates every row; one bad row refuses the whole file and nothing is saved. Errors name the row,
the column and the reason in Indonesian; what the reader noticed without refusing (a column it does not know,
hidden rows) are the table's warnings, shown in the preview.

The reader is tolerant of the shapes offices' files take: the header row is looked for within the first
``HEADER_SEARCH_ROWS`` rows of each sheet (a title above it, an instructions sheet before it), headers are
matched without regard to case, spacing and punctuation and by their known alternative names, a vertically
merged cell gives its value to every row it spans, a row holding nothing but a running number is no row. It is
strict where a value could be wrong: a NIK, phone or region code in a number cell (Excel and LibreOffice keep
15 significant digits) or in scientific notation is refused, never read.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import tablib
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from import_export import resources, widgets

from .columns import CODE, NIK, PHONE, RUNNING_NUMBER, TEXT_KINDS, TableSpec, column_letter
from .formulas import escape_formula, unescape_formula, write_csv
from .workbook import WORKBOOK_EXTENSIONS, Sheet, WorkbookError, iter_csv, read_workbook
from .xlsx_writer import xml_text

# The formats a page offers for download, with their content types.
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
ROW_NUMBER_COLUMN = "__baris__"
MAX_ROWS = 200_000


@dataclass(frozen=True)
class RowError:
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column:
            return _("Baris %(row)s, kolom “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Baris %(row)s: %(message)s") % {"row": self.row, "message": self.message}


class SpreadsheetError(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


@dataclass
class ImportOutcome:
    errors: list[RowError] = field(default_factory=list)
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    saved: bool = False
    rows: list = field(default_factory=list)  # import-export RowResults, for a preview
    # What the reader or the import noticed without refusing the file (an unknown column, hidden rows…).
    warnings: list[str] = field(default_factory=list)
    # Per sheet row: what the import did that the row does not say (a date it took, a row it skipped).
    notes: dict = field(default_factory=dict)
    skipped: set = field(default_factory=set)  # sheet rows left out on purpose (a replaced cadre)
    table: Table | None = None  # the rows read, for the preview
    # Errors found beyond those listed (an import that names only the first few hundred of a large file's).
    omitted_errors: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.omitted_errors


HEADER_SEARCH_ROWS = 10


class Table(tablib.Dataset):
    """A Dataset with what the reader learnt about the file: where the header was, what it noticed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings: list[str] = []
        self.cell_errors: list[RowError] = []
        self.sheet_name = ""
        self.header_row = 0
        self.is_csv = False


def _clean_header(value) -> str:
    return " ".join(str(value or "").replace("\ufeff", "").split())


def _file_label(filename: str) -> str:
    return os.path.basename(filename.replace("\\", "/"))


def _refusal(exc: WorkbookError, filename: str) -> SpreadsheetError:
    """What the user reads when the file itself cannot be read."""
    name = _file_label(filename)
    extension = os.path.splitext(filename.lower())[1]
    if exc.reason == "too_large":
        message = _("Berkas %(file)s ditolak: isinya terlalu besar setelah dibuka (%(size)s).") % {
            "file": name,
            "size": filesizeformat(exc.size),
        }
    elif exc.reason == "csv_encoding":
        message = _("Berkas CSV tidak dapat dibaca: simpan sebagai CSV UTF-8.")
    elif exc.reason == "csv_row":
        return SpreadsheetError(
            [RowError(exc.row, None, _("baris ini tidak dapat dibaca sebagai CSV; simpan ulang berkasnya."))]
        )
    else:
        message = _(
            "Berkas %(file)s rusak atau tidak dapat dibaca sebagai %(format)s; buka di Excel atau "
            "LibreOffice lalu simpan ulang."
        ) % {"file": name, "format": extension.lstrip(".").upper()}
    return SpreadsheetError([RowError(None, None, message)])


def _sheets(source, filename: str) -> tuple[list[Sheet], Iterator[list] | None, BinaryIO | None]:
    """The sheets of a file (bytes or a seekable binary file) and, for a CSV, the iterator of its rows past
    the first ``HEADER_SEARCH_ROWS`` (its one sheet holds those) with the file it reads, for progress."""
    extension = os.path.splitext(filename.lower())[1]
    try:
        if extension in WORKBOOK_EXTENSIONS:
            data = source if isinstance(source, bytes | bytearray) else source.read()
            return read_workbook(bytes(data), extension), None, None
        if extension == ".csv":
            handle = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
            rows = iter_csv(handle)
            head = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
            return [Sheet(name="CSV", rows=head)], rows, handle
    except WorkbookError as exc:
        raise _refusal(exc, filename) from exc
    raise SpreadsheetError([RowError(None, None, _("Berkas harus berformat XLSX, XLS, ODS atau CSV."))])


def _is_empty(value) -> bool:
    return value is None or (type(value) is str and not value.strip())


def _fill_merges(sheet: Sheet) -> None:
    """A vertically merged cell's value for every row it spans (Excel keeps it in the first cell only)."""
    for first_row, first_col, last_row, _last_col in sheet.merges:
        if last_row <= first_row or first_row >= len(sheet.rows):
            continue
        top = sheet.rows[first_row]
        value = top[first_col] if first_col < len(top) else None
        if _is_empty(value):
            continue
        for index in range(first_row + 1, min(last_row, len(sheet.rows) - 1) + 1):
            row = sheet.rows[index]
            if first_col >= len(row):
                row.extend([None] * (first_col + 1 - len(row)))
            if _is_empty(row[first_col]):
                row[first_col] = value


def _find_header(sheets: list[Sheet], spec: TableSpec):
    """(sheet, index of the header row, its match): the first sheet whose first rows hold every required
    column, on the row naming most columns; else the refusal, saying what was found where."""
    best = None
    for sheet in sheets:
        found = None
        for index, cells in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
            if all(_is_empty(c) for c in cells):
                continue
            match = spec.match(cells)
            if not match.known:
                continue
            if not match.missing and (found is None or match.known > found[2].known):
                found = (sheet, index, match)
            if best is None or (len(match.missing), -match.known) < (len(best[2].missing), -best[2].known):
                best = (sheet, index, match)
        if found is not None:
            return found
    if best is None:
        required = ", ".join(spec.required)
        raise SpreadsheetError(
            [
                RowError(
                    None,
                    None,
                    _(
                        "Baris judul kolom tidak ditemukan di %(rows)s baris pertama lembar mana pun. "
                        "Judul kolom yang wajib ada: %(columns)s (unduh templatnya untuk contoh)."
                    )
                    % {"rows": HEADER_SEARCH_ROWS, "columns": required},
                )
            ]
        )
    sheet, index, match = best
    where = (
        _("lembar “%(sheet)s”, baris %(row)s") % {"sheet": sheet.name, "row": index + 1}
        if len(sheets) > 1 or sheet.name != "CSV"
        else _("baris %(row)s") % {"row": index + 1}
    )
    raise SpreadsheetError(
        [
            RowError(
                None,
                None,
                _(
                    "Kolom wajib tidak ada: %(columns)s. Judul kolom dibaca di %(where)s; tambahkan kolomnya "
                    "atau perbaiki judulnya seperti di templat."
                )
                % {"columns": ", ".join(match.missing), "where": where},
            )
        ]
    )


def _rows_list(numbers: list[int], limit: int = 15) -> str:
    shown = ", ".join(str(n) for n in numbers[:limit])
    if len(numbers) > limit:
        shown += _(" dan %(count)s lainnya") % {"count": len(numbers) - limit}
    return shown


# Any run of 16 digits (a NIK, whatever its column) is masked in a message or a preview.
_SIXTEEN_DIGITS = re.compile(r"(?<!\d)(\d{6})\d{6}(\d{4})(?!\d)")


def mask_digit_runs(text: str) -> str:
    """180611******0001 for every 16-digit run of a text (as ``cadre.checks.mask_nik`` writes a NIK)."""
    return _SIXTEEN_DIGITS.sub(r"\1******\2", text)


_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$")
# Text that may be scientific notation: it holds an E (then checked in full by _SCIENTIFIC).
_SCIENTIFIC_START = re.compile(r".*[eE]")


def _number_text(value) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        return str(int(value))
    return str(value)


def text_cell_problem(value, kind: str) -> str | None:
    """Why a cell of a NIK, phone or code column cannot be trusted (a number cell, scientific notation)."""
    if value is None or value == "" or (type(value) is str and not _SCIENTIFIC_START.match(value)):
        return None  # the usual case, answered without a translation lookup (30,000 cells a roster)
    what = {NIK: _("NIK"), PHONE: _("nomor HP"), CODE: _("kode wilayah")}[kind]
    if isinstance(value, bool) or not isinstance(value, str):
        shown = _number_text(value) if isinstance(value, int | float) else str(value)
        if kind == NIK:  # a message is shown and printed: no NIK in it, even a rounded one
            shown = mask_digit_runs(shown)
        return _(
            "%(what)s tertulis sebagai angka (%(value)s), sehingga angka di belakangnya bisa berubah. Format "
            "kolom ini sebagai Teks, lalu ketik ulang %(what)s-nya."
        ) % {"what": what, "value": shown}
    if _SCIENTIFIC.match(value.strip()):
        return _(
            "%(what)s tertulis dalam notasi ilmiah (%(value)s); angka aslinya sudah hilang. Format kolom ini "
            "sebagai Teks, lalu ketik ulang %(what)s-nya."
        ) % {"what": what, "value": value.strip()}
    return None


def looks_rounded(digits: str) -> bool:
    """A 16-digit number whose last digits are zeros: what a NIK becomes after passing through a number cell
    (15 significant digits). Read from a CSV, where nothing says whether it was typed as text."""
    return len(digits) == 16 and digits.isdigit() and digits.endswith("0")


class TableReader:
    """An import's file read one data row at a time: what ``read_table`` does, without holding the rows.

    ``source`` is the file's bytes or a seekable binary file. The header is found when the reader is made
    (a ``SpreadsheetError`` when it is not, or when the file cannot be read); iterating gives, per data
    row, ``(sheet row number, cells, problems)``: the cells in the header's order (``headers``; ``None`` for
    an empty cell), stripped and unescaped as ``read_table`` gives them, and the ``RowError``s of the cells
    of NIK, phone and code columns that are not text (such a cell holds the number as text). A CSV is read
    as it is iterated, in constant memory (``kernel.workbook.iter_csv``); a workbook is read whole first.
    ``warnings`` is complete once the rows have been read; ``fraction_read`` says how far the reading has
    come (for a progress bar). More than ``max_rows`` data rows refuse the file (None: no limit)."""

    def __init__(
        self, source, filename: str, *, spec: TableSpec | None = None, max_rows: int | None = MAX_ROWS
    ):
        self.filename = filename
        self.is_csv = filename.lower().endswith(".csv")
        self.max_rows = max_rows
        self.warnings: list[str] = []
        sheets, rest, self._handle = _sheets(source, filename)
        self._size = _size_of(self._handle)
        if spec is None:
            # No spec (tests, tools): the first non-empty row of the first sheet is the header, as it is.
            rows = sheets[0].rows if sheets else []
            first = next((i for i, cells in enumerate(rows) if not all(_is_empty(c) for c in cells)), None)
            if first is None:
                raise _empty_file()
            sheet, header_index = sheets[0], first
            names = [_clean_header(cell) for cell in rows[first]]
            known = {}
        else:
            if not sheets or not any(sheet.rows for sheet in sheets):
                raise _empty_file()
            sheet, header_index, match = _find_header(sheets, spec)
            names = list(match.columns)
            known = {name: spec.column(name) for name in names if name}
            header_cells = sheet.rows[header_index]
            for _index, text in match.unknown:
                closest = spec.closest(text)
                message = _("Kolom “%(column)s” tidak dikenal dan isinya tidak diimpor.") % {"column": text}
                if closest:
                    message += " " + _(
                        "Bila maksudnya “%(known)s”, ganti judul kolomnya lalu unggah kembali."
                    ) % {"known": closest}
                self.warnings.append(message)
            for index, name in enumerate(names):
                if name is None:
                    names[index] = _clean_header(header_cells[index]) if index < len(header_cells) else ""
        self.sheet_name, self.header_row = sheet.name, header_index + 1
        _fill_merges(sheet)
        # Headers: unknown duplicates get a suffix; a column without a header is kept only when it holds data.
        seen: dict[str, int] = {}
        headers = []
        for index, name in enumerate(names):
            if not name:
                name = _("Kolom %(letter)s") % {"letter": column_letter(index + 1)}
            if name in seen:
                seen[name] += 1
                name = f"{name} ({seen[name]})"
            else:
                seen[name] = 1
            headers.append(name)
        self.names, self.headers = names, headers
        self._sheet, self._header_index, self._rest = sheet, header_index, rest
        self._running = {i for i, name in enumerate(names) if name == RUNNING_NUMBER.name}
        self._checked = [
            (i, known[name].kind, name)
            for i, name in enumerate(names)
            if name in known and known[name].kind in TEXT_KINDS
        ]
        self._unnamed_with_data: dict[int, int] = {}
        self._position = header_index + 1
        self._started = False

    def position(self, name: str) -> int | None:
        """The index in each row's cells of the column with this canonical name (None: not in the file)."""
        return self.names.index(name) if name in self.names else None

    def kept(self) -> list[int]:
        """The positions ``read_table`` keeps: named columns, and unnamed ones that hold data."""
        return [i for i, name in enumerate(self.names) if name or i in self._unnamed_with_data]

    @property
    def fraction_read(self) -> float:
        """How much of the file has been read, 0 to 1."""
        if self._handle is not None:
            return min(1.0, self._handle.tell() / self._size) if self._size else 1.0
        total = len(self._sheet.rows)
        return min(1.0, self._position / total) if total else 1.0

    def _numbered_rows(self) -> Iterator[tuple[int, list]]:
        rows = self._sheet.rows
        for index in range(self._header_index + 1, len(rows)):
            self._position = index
            yield index + 1, rows[index]
        if self._rest is not None:
            number = len(rows)
            try:
                for values in self._rest:
                    number += 1
                    yield number, values
            except WorkbookError as exc:
                raise _refusal(exc, self.filename) from exc

    def __iter__(self) -> Iterator[tuple[int, list, list[RowError]]]:
        if self._started:
            raise RuntimeError("a TableReader is read once")
        self._started = True
        width = len(self.headers)
        names, running, checked = self.names, self._running, self._checked
        unnamed_with_data = self._unnamed_with_data
        hidden_rows = self._sheet.hidden
        max_rows = self.max_rows
        hidden = []
        count = 0
        for number, values in self._numbered_rows():
            cells = []
            filled = []
            for position in range(max(width, len(values))):
                value = values[position] if position < len(values) else None
                if type(value) is str:
                    value = unescape_formula(value.strip())
                    if value == "":
                        value = None
                if value is not None:
                    filled.append(position)
                if position < width:
                    cells.append(value)
                elif value is not None:
                    unnamed_with_data.setdefault(position, number)
            if not filled or all(p in running for p in filled):
                continue
            for position in filled:
                if position < width and not names[position]:
                    unnamed_with_data.setdefault(position, number)
            problems = []
            for position, kind, name in checked:
                problem = text_cell_problem(cells[position], kind)
                if problem:
                    problems.append(RowError(number, name, problem))
                    cells[position] = _number_text(cells[position])
            if max_rows is not None and count >= max_rows:
                raise SpreadsheetError(
                    [RowError(None, None, _("Berkas berisi lebih dari %(max)s baris.") % {"max": max_rows})]
                )
            count += 1
            if number in hidden_rows:
                hidden.append(number)
            yield number, cells, problems
        self._position = len(self._sheet.rows)
        for position, number in sorted(unnamed_with_data.items()):
            self.warnings.append(
                _(
                    "Kolom %(letter)s tidak berjudul tetapi berisi data (mulai baris %(row)s); isinya tidak "
                    "diimpor."
                )
                % {"letter": column_letter(position + 1), "row": number}
            )
        if hidden:
            self.warnings.append(
                _("Baris %(rows)s tersembunyi atau tersaring di berkas, tetapi ikut diimpor; periksa isinya.")
                % {"rows": _rows_list(hidden)}
            )


def _empty_file() -> SpreadsheetError:
    return SpreadsheetError([RowError(None, None, _("Berkas kosong: tidak ada baris judul kolom."))])


def _size_of(handle) -> int:
    if handle is None:
        return 0
    here = handle.tell()
    size = handle.seek(0, os.SEEK_END)
    handle.seek(here)
    return size


def read_table(
    data: bytes,
    filename: str,
    *,
    spec: TableSpec | None = None,
) -> Table:
    """The rows of an import's file as a ``Table`` (every row at once: ``TableReader`` reads them one by one).

    With a ``spec``, the header row is found in the first sheet that has it (within its first
    ``HEADER_SEARCH_ROWS`` rows) and known columns are renamed to their canonical headers; unknown columns
    stay, under their own header, and are named in the warnings; cells of NIK, phone and code columns that are
    not text are ``cell_errors``. Without one, the first non-empty row of the first sheet is the header.
    Cells are stripped strings or the cell's value (numbers, dates), without the apostrophes an export adds
    against formula injection (``kernel.formulas.unescape_formula``); each row carries its sheet row number
    in the ``ROW_NUMBER_COLUMN`` column. Rows with nothing in them, or nothing but a running number, are
    left out.
    """
    reader = TableReader(data, filename, spec=spec)
    table = Table()
    table.is_csv = reader.is_csv
    table.sheet_name, table.header_row = reader.sheet_name, reader.header_row
    rows = []
    for number, cells, problems in reader:
        table.cell_errors.extend(problems)
        rows.append([("" if c is None else c) for c in cells] + [number])
    keep = reader.kept()
    table.headers = [*(reader.headers[i] for i in keep), ROW_NUMBER_COLUMN]
    for row in rows:
        table.append([row[i] for i in keep] + [row[-1]])
    table.warnings = reader.warnings
    return table


MONTHS = {
    # Indonesian and English names and their usual abbreviations.
    **dict.fromkeys(("januari", "january", "jan"), 1),
    **dict.fromkeys(("februari", "pebruari", "february", "feb", "peb"), 2),
    **dict.fromkeys(("maret", "march", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "june", "jun"), 6),
    **dict.fromkeys(("juli", "july", "jul"), 7),
    **dict.fromkeys(("agustus", "august", "agu", "agt", "aug", "ags"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nopember", "nov", "nop"), 11),
    **dict.fromkeys(("desember", "december", "des", "dec"), 12),
}
_NUMERIC_DATE = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d+)$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_NAMED_DATE = re.compile(r"^(\d{1,2})[\s.-]*([a-z]+)\.?[\s.,-]*(\d+)$")
# Excel's serial day numbers: 1 is 1 January 1900; 2958465 is 31 December 9999.
_SERIAL = re.compile(r"^\d{1,7}(?:\.0+)?$")
EXCEL_EPOCH = dt.date(1899, 12, 30)


def _two_digit_year(text: str) -> ValueError:
    return ValueError(
        _(
            "tanggal “%(value)s” tidak valid: tahunnya hanya dua angka; tulis tahun empat angka, misalnya "
            "12/03/1990."
        )
        % {"value": text}
    )


def parse_date(value) -> dt.date | None:
    """A date as offices type it: a date cell, an Excel serial number (also in a text cell), dd/mm/yyyy,
    dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd, or with the month's name in Indonesian or English (``12 Maret
    1990``, ``12 Mar 1990``). A two-digit year is refused: 12/03/90 could be 1990 or 2090."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” bukan tanggal.") % {"value": value})
    if isinstance(value, int | float):
        return _from_serial(value, str(value))
    text = " ".join(str(value).split())
    try:
        found = _NUMERIC_DATE.match(text)
        if found:
            day, _sep, month, year = found.groups()
            if len(year) != 4:
                raise _two_digit_year(text)
            return dt.date(int(year), int(month), int(day))
        found = _ISO_DATE.match(text)
        if found:
            return dt.date(int(found[1]), int(found[2]), int(found[3]))
        found = _NAMED_DATE.match(text.lower())
        if found and found[2] in MONTHS:
            if len(found[3]) != 4:
                raise _two_digit_year(text)
            return dt.date(int(found[3]), MONTHS[found[2]], int(found[1]))
        if _SERIAL.match(text):
            return _from_serial(float(text), text)
    except ValueError as exc:
        if exc.args and isinstance(exc.args[0], str) and "“" in exc.args[0]:
            raise
        raise ValueError(
            _("tanggal “%(value)s” tidak valid: tidak ada di kalender.") % {"value": text}
        ) from exc
    raise ValueError(
        _("tanggal “%(value)s” tidak valid; tulis dd/mm/yyyy (misalnya 12/03/1990) atau 12 Maret 1990.")
        % {"value": text}
    )


def _from_serial(number: float, text: str) -> dt.date:
    if not float(number).is_integer() or not 1 <= number <= 2958465:
        raise ValueError(
            _("“%(value)s” bukan tanggal; tulis dd/mm/yyyy (misalnya 12/03/1990).") % {"value": text}
        )
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


class IndonesianDateWidget(widgets.Widget):
    """A date cell, dd/mm/yyyy and the other ways offices write dates (``parse_date``)."""

    def clean(self, value, row=None, **kwargs):
        return parse_date(value)

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


class IndonesianIntegerWidget(widgets.Widget):
    """A whole number; ``12``, ``12.0`` (as Excel gives it) and ``1.200`` are read, text is refused."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            raise ValueError(_("“%(value)s” bukan bilangan bulat.") % {"value": value})
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = str(value).strip()
        digits = text.replace(".", "") if text.count(".") and len(text.split(".")[-1]) == 3 else text
        if digits.endswith(".0"):
            digits = digits[:-2]
        if not digits.lstrip("-").isdigit():
            raise ValueError(_("“%(value)s” bukan bilangan bulat.") % {"value": text})
        return int(digits)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class AllOrNothingResource(resources.ModelResource):
    """An import that saves every row or none; its errors name the spreadsheet row and column."""

    def run_import(self, dataset: tablib.Dataset, *, dry_run: bool, **kwargs) -> ImportOutcome:
        """Import the rows (a ``Table`` from ``read_table``): its cell errors refuse the file as the rows'
        own errors do (the file is then only checked, never saved); its warnings go to the outcome."""
        cell_errors = list(getattr(dataset, "cell_errors", []))
        dry_run = dry_run or bool(cell_errors)
        self.row_notes: dict[int, list[str]] = {}
        self.skipped_rows: set[int] = set()
        self.import_warnings: list[str] = []
        with transaction.atomic():
            result = self.import_data(
                dataset,
                dry_run=dry_run,
                use_transactions=True,
                rollback_on_validation_errors=True,
                raise_errors=False,
                **kwargs,
            )
        errors = self.collect_errors(result, dataset)
        if cell_errors:
            # What the reader refused in a cell is that cell's whole story.
            taken = {(error.row, error.column) for error in cell_errors}
            errors = sorted(
                [*cell_errors, *(e for e in errors if (e.row, e.column) not in taken)],
                key=lambda e: (e.row or 0, e.column or ""),
            )
        totals = dict(result.totals)
        if cell_errors:
            # A row with a refused cell is invalid, never new, updated or unchanged, whatever its other cells
            # (a NIK read from a number cell may even match a cadre on record).
            refused = {error.row for error in cell_errors}
            numbers = dataset.get_col(len(dataset.headers) - 1) if len(dataset) else []
            for row_result, number in zip(result.rows, numbers, strict=False):
                kind = row_result.import_type
                if int(number) in refused and kind in ("new", "update", "skip"):
                    totals[kind] = totals.get(kind, 0) - 1
                    totals["invalid"] = totals.get("invalid", 0) + 1
                    self.skipped_rows.discard(int(number))
        return ImportOutcome(
            errors=errors,
            new=totals.get("new", 0),
            updated=totals.get("update", 0),
            unchanged=totals.get("skip", 0) - len(self.skipped_rows),
            saved=not dry_run and not errors,
            rows=list(result.rows),
            warnings=[*getattr(dataset, "warnings", []), *self.import_warnings],
            notes=self.row_notes,
            skipped=self.skipped_rows,
            table=dataset if isinstance(dataset, Table) else None,
        )

    def note(self, row: int | None, message: str) -> None:
        """A note on a sheet row, shown in the preview beside it."""
        if row is not None:
            self.row_notes.setdefault(row, []).append(message)

    def column_for(self, attribute: str) -> str | None:
        if attribute == NON_FIELD_ERRORS:
            return None
        for resource_field in self.fields.values():
            if attribute in (resource_field.attribute, resource_field.column_name):
                return resource_field.column_name
        return attribute

    def collect_errors(self, result, dataset: tablib.Dataset) -> list[RowError]:
        numbers = dataset.get_col(len(dataset.headers) - 1) if len(dataset) else []

        def sheet_row(index: int) -> int:
            return int(numbers[index - 1]) if 0 < index <= len(numbers) else index + 1

        errors = [RowError(None, None, str(error.error)) for error in result.base_errors]
        for invalid in result.invalid_rows:
            for attribute, messages in invalid.error_dict.items():
                for message in messages:
                    errors.append(RowError(sheet_row(invalid.number), self.column_for(attribute), message))
        for error_row in result.error_rows:
            for error in error_row.errors:
                message = _("tidak dapat diproses: %(error)s") % {"error": error.error}
                errors.append(RowError(sheet_row(error_row.number), None, message))
        return sorted(errors, key=lambda e: (e.row or 0, e.column or ""))


def _xlsx_text(value):
    """XML cannot hold control characters (a pasted backspace, a form feed): openpyxl refuses them, so they
    are dropped from text cells instead of failing the whole export."""
    if isinstance(value, str):
        return xml_text(value)
    return value


def write_table(headers: list[str], rows, *, fmt: str, title: str = "Data") -> bytes:
    """Rows (an iterable, consumed once) as XLSX (openpyxl write-only, constant memory) or CSV (UTF-8, BOM,
    so that Excel reads it as UTF-8). Text cells are escaped against formula injection
    (``kernel.formulas``)."""
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        write_csv(buffer, headers, rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    if fmt != "xlsx":
        raise ValueError(fmt)
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=escape_formula(_xlsx_text(header)))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([escape_formula(_xlsx_text(v)) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
