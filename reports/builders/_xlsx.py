"""Writing report files that stream: XLSX in openpyxl's write-only mode (rows go to a temporary file as they
come, so memory stays flat whatever the number of rows) and CSV (UTF-8 with a BOM, so that Excel reads it as
UTF-8). Text cells are escaped against formula injection with ``kernel.formulas.escape_formula``; numbers
stay numbers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from kernel import formulas
from kernel.formulas import escape_formula

_BOLD = Font(bold=True)
# Whole Rupiah, grouped as the reader's spreadsheet groups thousands: "Rp 150.000.000".
RUPIAH = '"Rp "#,##0'
_WRAP = Alignment(wrap_text=True, vertical="top")


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def add_sheet(
    workbook: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    widths: Sequence[int] = (),
    preamble: Iterable[Sequence] = (),
    number_formats: dict[int, str] | None = None,
) -> None:
    """One sheet: optional preamble rows (title lines), a bold header row frozen in place, then the rows.
    ``number_formats``: a column's (0-based) number format, e.g. ``RUPIAH`` for amounts. Call once per
    sheet, in order (a write-only workbook writes each sheet as it goes)."""
    sheet = workbook.create_sheet(title=title[:31])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    preamble = list(preamble)
    sheet.freeze_panes = f"A{len(preamble) + 2}"  # before any row: a write-only sheet writes its view first
    for line in preamble:
        sheet.append(
            [_header_cell(sheet, value) if i == 0 else escape_formula(value) for i, value in enumerate(line)]
        )
    sheet.append([_header_cell(sheet, header) for header in headers])
    formats = number_formats or {}
    for row in rows:
        sheet.append(
            [
                _formatted(sheet, value, formats[i]) if i in formats else escape_formula(value)
                for i, value in enumerate(row)
            ]
        )


def _formatted(sheet, value, number_format: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=escape_formula(value))
    cell.number_format = number_format
    return cell


def _header_cell(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=escape_formula(value))
    cell.font = _BOLD
    cell.alignment = _WRAP
    return cell


def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        formulas.write_csv(handle, headers, rows)
