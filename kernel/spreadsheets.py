"""Reading uploaded spreadsheets (CSV or XLSX) for all-or-nothing imports with django-import-export.

Every import in SIDP3 works the same way: the file is read into a ``tablib.Dataset`` that remembers, for each
data row, its row number as the spreadsheet shows it (the header is row 1; blank rows are skipped but still
counted); a resource validates every row; one bad row refuses the whole file and nothing is saved. Errors name
the row, the column and the reason in Indonesian.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import zipfile
import zlib
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from import_export import resources, widgets

from .formulas import escape_formula, unescape_formula, write_csv
from .xlsx import XlsxError, iter_first_sheet
from .xlsx_writer import xml_text

# The formats a page offers for download, with their content types.
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
ROW_NUMBER_COLUMN = "__baris__"
MAX_ROWS = 200_000
# An XLSX is a zip: refuse archives that inflate beyond this (zip bombs) or compress suspiciously well.
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_XLSX_RATIO = 200


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
    dataset: tablib.Dataset | None = None  # the rows as read, so that a preview need not read the file again

    @property
    def ok(self) -> bool:
        return not self.errors


def _clean_header(value) -> str:
    return " ".join(str(value or "").replace("\ufeff", "").split())


# What a damaged zip can raise from the standard library besides BadZipFile: an unknown compression method
# (NotImplementedError), an encrypted member (RuntimeError), a truncated or corrupt stream (EOFError,
# zlib.error), a bad header field (ValueError, OverflowError).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    RuntimeError,
    EOFError,
    zlib.error,
    ValueError,
    OverflowError,
    OSError,
)


def _check_xlsx(data: bytes, filename: str) -> None:
    """Refuse a zip whose members would inflate beyond MAX_XLSX_UNCOMPRESSED, or MAX_XLSX_RATIO times the
    upload (a zip bomb), before anything is inflated. The sizes declared in the archive bound what is read:
    the standard library stops each member at its declared size and checks its CRC."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except ZIP_ERRORS as exc:
        raise SpreadsheetError(
            [RowError(None, None, _("Berkas %(file)s rusak atau bukan XLSX.") % {"file": filename})]
        ) from exc
    if total > MAX_XLSX_UNCOMPRESSED or total > MAX_XLSX_RATIO * max(len(data), 1):
        raise SpreadsheetError(
            [
                RowError(
                    None,
                    None,
                    _("Berkas %(file)s ditolak: isinya terlalu besar setelah dibuka (%(size)s).")
                    % {"file": filename, "size": filesizeformat(total)},
                )
            ]
        )


def _rows_from_xlsx(data: bytes, filename: str):
    _check_xlsx(data, filename)
    try:
        yield from iter_first_sheet(io.BytesIO(data))
    except (XlsxError, *ZIP_ERRORS) as exc:
        raise SpreadsheetError(
            [RowError(None, None, _("Berkas %(file)s tidak dapat dibaca sebagai XLSX.") % {"file": filename})]
        ) from exc


def _rows_from_csv(data: bytes):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SpreadsheetError(
            [RowError(None, None, _("Berkas CSV tidak dapat dibaca: simpan sebagai CSV UTF-8."))]
        )
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, values in enumerate(reader, start=1):  # noqa: B007 (the number names a broken row)
            yield number, values
    except csv.Error as exc:  # a NUL character, a stray line break inside a quoted cell…
        raise SpreadsheetError(
            [
                RowError(
                    number + 1, None, _("baris ini tidak dapat dibaca sebagai CSV; simpan ulang berkasnya.")
                )
            ]
        ) from exc


def read_table(data: bytes, filename: str, *, required: list[str] | tuple[str, ...] = ()) -> tablib.Dataset:
    """The first sheet of an XLSX or a CSV as a Dataset whose headers are the first non-empty row.

    Cells are stripped strings (dates from Excel stay ``datetime``), without the apostrophes an export adds
    against formula injection (``kernel.formulas.unescape_formula``: an export imports again unchanged); each
    row carries its spreadsheet row number in the ``ROW_NUMBER_COLUMN`` column. Missing required columns
    refuse the file.
    """
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _rows_from_xlsx(data, os.path.basename(filename.replace("\\", "/")))
    elif name.endswith(".csv"):
        rows = _rows_from_csv(data)
    else:
        raise SpreadsheetError([RowError(None, None, _("Berkas harus berformat XLSX atau CSV."))])
    headers: list[str] | None = None
    dataset = tablib.Dataset()
    for number, values in rows:
        cells = [unescape_formula(v.strip()) if isinstance(v, str) else v for v in values]
        if all(c in (None, "") for c in cells):
            continue
        if headers is None:
            headers = [_clean_header(c) for c in cells]
            while headers and not headers[-1]:
                headers.pop()
            dataset.headers = [*headers, ROW_NUMBER_COLUMN]
            continue
        if len(dataset) >= MAX_ROWS:
            raise SpreadsheetError(
                [RowError(None, None, _("Berkas berisi lebih dari %(max)s baris.") % {"max": MAX_ROWS})]
            )
        cells = (cells + [None] * len(headers))[: len(headers)]
        dataset.append([("" if c is None else c) for c in cells] + [number])
    if headers is None:
        raise SpreadsheetError([RowError(None, None, _("Berkas kosong: tidak ada baris judul kolom."))])
    missing = [column for column in required if column not in headers]
    if missing:
        raise SpreadsheetError(
            [RowError(1, None, _("Kolom wajib tidak ada: %(columns)s.") % {"columns": ", ".join(missing)})]
        )
    return dataset


class IndonesianDateWidget(widgets.Widget):
    """dd/mm/yyyy (also dd-mm-yyyy and yyyy-mm-dd) or an Excel date."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(_("tanggal “%(value)s” tidak valid; gunakan format dd/mm/yyyy.") % {"value": text})

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
        totals = result.totals
        return ImportOutcome(
            errors=errors,
            new=totals.get("new", 0),
            updated=totals.get("update", 0),
            unchanged=totals.get("skip", 0),
            saved=not dry_run and not errors,
            rows=list(result.rows),
            dataset=dataset,
        )

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
