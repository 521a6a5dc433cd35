"""A streaming XLSX writer for one large flat table: a bold header row frozen in place, column widths, then
the rows, written to the package as they come (constant memory, whatever the number of rows).

openpyxl's write-only mode makes a cell object for every value and serialises it through lxml: about 9 µs a
cell here, so 20 of the national roster's 25 seconds (125,000 cadres × 19 columns) went to it. This writes
each row as one string of SpreadsheetML (inline strings, as openpyxl writes them), about twenty times
cheaper; the package is the minimal one Excel, LibreOffice and openpyxl open (content types, relationships,
workbook, styles with the header's bold wrapped style, one worksheet). The reports with several small sheets
(the recap) keep openpyxl (``reports/builders/_xlsx.py``); uploads are read by ``kernel.workbook``.

Values: ``str`` (characters XML cannot hold — control characters, lone surrogates — are dropped, as
``kernel.spreadsheets`` does for openpyxl; leading or trailing spaces kept; escaped against formula injection
by ``kernel.formulas.escape_formula``), ``int``/``float``/``Decimal``, ``bool``; ``None`` leaves the cell
empty. Every text is written as an inline string, never as a formula."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from os import PathLike
from xml.sax.saxutils import escape, quoteattr

from .columns import column_letter
from .formulas import escape_formula

# XML 1.0 forbids these (tab, newline and carriage return are allowed).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
<Override PartName="/docProps/core.xml" \
ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
</Types>"""

_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
Target="xl/workbook.xml"/>\
<Relationship Id="rId2" \
Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" \
Target="docProps/core.xml"/>\
</Relationships>"""

_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
<dc:creator>SIDP3</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>\
</cp:coreProperties>"""

_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
<sheets><sheet name={name} sheetId="1" r:id="rId1"/></sheets></workbook>"""

_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" \
Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" \
Target="styles.xml"/>\
</Relationships>"""

# Style 0: the default; style 1: the header (bold, wrapped, top-aligned).
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">\
<alignment vertical="top" wrapText="1"/></xf></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""

_SHEET_HEAD = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<sheetViews><sheetView workbookViewId="0">\
<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>\
<sheetFormatPr defaultRowHeight="15"/>{cols}<sheetData>"""

_SHEET_TAIL = "</sheetData></worksheet>"


def xml_text(value: str) -> str:
    """``value`` without the characters XML cannot hold (what openpyxl refuses with an exception)."""
    return _ILLEGAL.sub("", value)


def _text(value: str) -> str:
    """The inline string of ``value``, already cleaned of what XML forbids and not empty."""
    space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    return f"<is><t{space}>{escape(value)}</t></is>"


def _cells(values: Sequence, row: int, columns: list[str], style: str = "") -> str:
    parts = [f'<row r="{row}">']
    append = parts.append
    for column, value in zip(columns, values, strict=False):
        if value is None:
            continue
        kind = type(value)
        if kind is not str and kind not in (int, float, Decimal, bool):
            value, kind = str(value), str  # dates and anything else: their text (callers format dates)
        if kind is str:
            value = escape_formula(xml_text(value))
            if value:
                append(f'<c r="{column}{row}"{style} t="inlineStr">{_text(value)}</c>')
        elif kind is bool:
            append(f'<c r="{column}{row}"{style} t="b"><v>{int(value)}</v></c>')
        else:
            append(f'<c r="{column}{row}"{style}><v>{value}</v></c>')
    append("</row>")
    return "".join(parts)


def write_table(
    path: str | PathLike,
    *,
    sheet: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    widths: Sequence[float] = (),
) -> int:
    """Writes the XLSX at ``path``: one sheet named ``sheet`` (cut to Excel's 31 characters), the header row
    bold and frozen, then ``rows`` (an iterable consumed once, each a sequence of at most ``len(headers)``
    values). Returns the number of rows written (the header not counted)."""
    count = max(len(headers), len(widths))
    columns = [column_letter(index) for index in range(1, count + 1)]
    cols = "".join(
        f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
        for index, width in enumerate(widths, start=1)
    )
    name = re.sub(r"[\[\]:*?/\\]", "-", xml_text(sheet))[:31] or "Sheet1"  # Excel's rules
    created = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    written = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _ROOT_RELS)
        package.writestr("docProps/core.xml", _CORE.format(created=created))
        package.writestr("xl/workbook.xml", _WORKBOOK.format(name=quoteattr(name)))
        package.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        package.writestr("xl/styles.xml", _STYLES)
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as raw:
            buffer: list[str] = [_SHEET_HEAD.format(cols=f"<cols>{cols}</cols>" if cols else "")]
            buffer.append(_cells(headers, 1, columns, ' s="1"'))
            for written, values in enumerate(rows, start=1):  # noqa: B007 (the count is returned)
                buffer.append(_cells(values, written + 1, columns))
                if len(buffer) >= 500:
                    raw.write("".join(buffer).encode("utf-8"))
                    buffer.clear()
            buffer.append(_SHEET_TAIL)
            raw.write("".join(buffer).encode("utf-8"))
    return written
