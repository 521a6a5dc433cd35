"""The import templates offices download and fill: XLSX and ODS written from an import's ``TableSpec``.

Each template has the data sheet first (named by the import: ``Kader``, ``Lokus`` …) with the header row
(bold, frozen), the example row and the formats of its columns, then the instructions sheet ``Petunjuk``:

- NIK, phone and code columns are formatted as text (``@`` in XLSX, a ``number:text-style`` in ODS) for the
  whole column, so that a NIK typed there stays 16 digits in Excel and LibreOffice (a number cell keeps only
  15 significant digits: ``kernel.spreadsheets.text_cell_problem`` refuses such cells);
- date columns are formatted ``dd/mm/yyyy`` and the example date is a date cell;
- choice columns offer a drop-down list (a list validation: the whole column in XLSX, the first
  ``FORMATTED_ROWS`` rows in ODS, where a validation belongs to each cell) of their values, warning without
  refusing another value (the import knows other spellings: ``Lk``, ``SMA``); a list longer than Excel's 255
  characters for a written-out list, or holding a comma or a quote, lives on a hidden sheet ``Daftar`` (XLSX:
  behind a defined name);
- ``Petunjuk`` names every column: whether it is required, what it holds, its help and its allowed values,
  after a few general rules (one row per record, the header unchanged, text columns, dates, all or nothing).

The drop-down values are the Indonesian labels whatever the language of the user who downloads the
template: the import always accepts them. XLSX is written with openpyxl (the files are tiny); ODS with the
standard library (a zip of four XML parts), every text escaped. Text cells of the data sheet are escaped
against formula injection like every file SIDP3 writes (``kernel.formulas``).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from django.utils import translation
from django.utils.translation import gettext as _

from .columns import CHOICE, DATE, TEXT_KINDS, Column, column_letter, header_key, kind_label
from .formulas import escape_formula
from .xlsx_writer import xml_text

if TYPE_CHECKING:
    from .imports import ImportKind

INSTRUCTIONS_SHEET = "Petunjuk"
LISTS_SHEET = "Daftar"
# ODS: the rows below the header whose cells carry the drop-downs (a validation belongs to a cell there).
FORMATTED_ROWS = 1000
# The longest list Excel accepts written out in a validation (``"L,P"``), quotes excluded.
INLINE_LIST_LIMIT = 255
DATE_FORMAT = "dd/mm/yyyy"
TEXT_FORMAT = "@"
SHEET_ROWS = 1_048_576  # of a sheet in Excel and LibreOffice
ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"


@dataclass(frozen=True)
class TemplateColumn:
    """One column of a template: its spec, its example value and the values of its drop-down."""

    column: Column
    example: object
    choices: tuple[str, ...]
    index: int  # 0-based

    @property
    def is_text(self) -> bool:
        return self.column.kind in TEXT_KINDS

    @property
    def is_date(self) -> bool:
        return self.column.kind == DATE

    @property
    def letter(self) -> str:
        return column_letter(self.index + 1)

    @property
    def inline_list(self) -> bool:
        """Whether the drop-down can be written out in the validation (else it refers to ``Daftar``)."""
        return len(",".join(self.choices)) <= INLINE_LIST_LIMIT and not any(
            "," in value or '"' in value for value in self.choices
        )


def _choices(column: Column) -> tuple[str, ...]:
    if column.kind != CHOICE or column.choices is None:
        return ()
    with translation.override("id"):
        values = [" ".join(str(value).split()) for value in column.choices()]
    return tuple(dict.fromkeys(value for value in values if value))


def _example_value(column: Column, value):
    """The example cell as the template writes it: a date cell for a date, text for NIKs, phones, codes."""
    if value is None or value == "":
        return None
    if column.kind == DATE:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.datetime.strptime(str(value).strip(), "%d/%m/%Y").date()
        except ValueError:
            return str(value)
    if column.kind in TEXT_KINDS:
        return str(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    return str(value)


def template_columns(kind: ImportKind) -> list[TemplateColumn]:
    """The template's columns, in the order of the kind's headers, with their spec (a text column when the
    kind has no spec or the spec does not know the header)."""
    columns = []
    example = list(kind.example) + [None] * max(0, len(kind.headers) - len(kind.example))
    for index, header in enumerate(kind.headers):
        column = kind.table.column(header) if kind.table is not None else None
        if column is None or header_key(column.name) != header_key(header):
            column = Column(header)
        columns.append(
            TemplateColumn(
                column=column,
                example=_example_value(column, example[index]),
                choices=_choices(column),
                index=index,
            )
        )
    return columns


# --- the instructions -------------------------------------------------------------------------------------


def general_rules(kind: ImportKind, columns: list[TemplateColumn]) -> list[str]:
    """The general lines of the ``Petunjuk`` sheet."""
    sheet = kind.sheet_title
    rules = [
        _(
            "Isi satu baris untuk setiap %(noun)s di lembar “%(sheet)s”, mulai baris 2. Baris 2 berisi "
            "contoh: timpa atau hapus sebelum mengunggah."
        )
        % {"noun": kind.noun, "sheet": sheet},
        _(
            "Jangan mengubah, memindahkan atau menghapus baris judul kolom (baris 1); urutan kolom boleh "
            "diubah."
        ),
    ]
    texts = [c.column.name for c in columns if c.is_text]
    if texts:
        rules.append(
            _(
                "Kolom %(columns)s berformat Teks: ketik angkanya apa adanya (NIK 16 angka). Jangan ubah "
                "format kolom ini menjadi Angka atau Umum: angka di belakangnya bisa berubah dan barisnya "
                "ditolak."
            )
            % {"columns": ", ".join(texts)}
        )
    dates = [c.column.name for c in columns if c.is_date]
    if dates:
        rules.append(
            _("Kolom %(columns)s berisi tanggal dd/mm/yyyy, misalnya 15/08/1995; tahun ditulis empat angka.")
            % {"columns": ", ".join(dates)}
        )
    lists = [c.column.name for c in columns if c.choices]
    if lists:
        rules.append(
            _("Kolom %(columns)s berisi pilihan: klik selnya lalu pilih dari daftar.")
            % {"columns": ", ".join(lists)}
        )
    rules.append(
        _(
            "Impor berlaku untuk seluruh berkas atau tidak sama sekali: bila satu baris saja salah, tidak "
            "ada yang disimpan. Pratinjau sebelum impor menyebut baris dan kolom yang perlu diperbaiki."
        )
    )
    rules.append(
        _("Simpan sebagai XLSX, ODS atau CSV lalu unggah di halaman “%(title)s”.") % {"title": kind.title}
    )
    return rules


def instruction_headers() -> list[str]:
    return [_("Kolom"), _("Wajib"), _("Isi"), _("Keterangan"), _("Pilihan yang boleh")]


def instruction_rows(columns: list[TemplateColumn]) -> list[list[str]]:
    """One row per column of the template: name, required, kind, help, allowed values."""
    rows = []
    for column in columns:
        spec = column.column
        rows.append(
            [
                spec.name,
                str(_("Wajib") if spec.required else _("Tidak wajib")),
                str(kind_label(spec.kind)),
                str(spec.help or ""),
                ", ".join(column.choices),
            ]
        )
    return rows


def _list_message(column: TemplateColumn) -> str:
    return _("Pilih salah satu nilai dari daftar kolom “%(column)s” (lihat lembar Petunjuk).") % {
        "column": column.column.name
    }


def _sheet_title(kind: ImportKind) -> str:
    title = "".join(ch for ch in str(kind.sheet_title) if ch not in "[]:*?/\\'")[:31].strip()
    return title or "Data"


# --- XLSX ---------------------------------------------------------------------------------------------------


def xlsx_template(kind: ImportKind) -> bytes:
    """The template as XLSX: data sheet, ``Petunjuk``, and the hidden ``Daftar`` when a list needs it."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = template_columns(kind)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(kind)
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="F2DCDB")
    lists = None
    list_column = 0
    for column in columns:
        letter = column.letter
        spec = column.column
        header = sheet.cell(row=1, column=column.index + 1, value=escape_formula(xml_text(spec.name)))
        header.font = bold
        header.fill = header_fill
        value = column.example
        if isinstance(value, str):
            value = escape_formula(xml_text(value))
        example = sheet.cell(row=2, column=column.index + 1, value=value)
        dimension = sheet.column_dimensions[letter]
        dimension.width = max(spec.width, len(spec.name) + 2)
        number_format = TEXT_FORMAT if column.is_text else DATE_FORMAT if column.is_date else None
        if number_format:
            # The column's style: Excel and LibreOffice give it to every cell typed in the column. (No empty
            # cell is written below the example: a reader would count a thousand rows.)
            dimension.number_format = number_format
            header.number_format = TEXT_FORMAT
            example.number_format = number_format
        if column.choices:
            if column.inline_list:
                formula = '"' + ",".join(column.choices) + '"'
            else:
                if lists is None:
                    lists = workbook.create_sheet(LISTS_SHEET)
                    lists.sheet_state = "hidden"
                list_column += 1
                list_letter = column_letter(list_column)
                for row, choice in enumerate(column.choices, start=1):
                    lists.cell(row=row, column=list_column, value=escape_formula(xml_text(choice)))
                name = f"Daftar_{header_key(spec.name)}"
                reference = f"{LISTS_SHEET}!${list_letter}$1:${list_letter}${len(column.choices)}"
                workbook.defined_names[name] = DefinedName(name, attr_text=reference)
                formula = name
            validation = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=True,
                showDropDown=False,  # (sic: False shows the in-cell arrow)
                showErrorMessage=True,
                errorStyle="warning",
                errorTitle=spec.name[:32],
                error=_list_message(column)[:255],
                showInputMessage=False,
            )
            validation.add(f"{letter}2:{letter}{SHEET_ROWS}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet(INSTRUCTIONS_SHEET, index=1)
    wrap = Alignment(wrap_text=True, vertical="top")
    guide.cell(row=1, column=1, value=_("Petunjuk pengisian: %(title)s") % {"title": kind.title}).font = Font(
        bold=True, size=13
    )
    row = 2
    for line in general_rules(kind, columns):
        row += 1
        guide.cell(row=row, column=1, value=escape_formula(xml_text(f"• {line}")))
    row += 2
    for index, text in enumerate(instruction_headers(), start=1):
        cell = guide.cell(row=row, column=index, value=text)
        cell.font = bold
        cell.fill = header_fill
    for values in instruction_rows(columns):
        row += 1
        for index, text in enumerate(values, start=1):
            cell = guide.cell(row=row, column=index, value=escape_formula(xml_text(text)) or None)
            cell.alignment = wrap
    for letter, width in zip("ABCDE", (24, 12, 18, 60, 50), strict=True):
        guide.column_dimensions[letter].width = width
    workbook.active = 0
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- ODS ----------------------------------------------------------------------------------------------------

_NAMESPACES = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
    "of": "urn:oasis:names:tc:opendocument:xmlns:of:1.2",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "config": "urn:oasis:names:tc:opendocument:xmlns:config:1.0",
}
_XMLNS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in _NAMESPACES.items())
_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _attr(value) -> str:
    return quoteattr(xml_text(str(value)))


def _paragraphs(text: str) -> str:
    lines = xml_text(text).split("\n")
    return "".join(f"<text:p>{escape(line)}</text:p>" for line in lines)


def _ods_sheet_reference(sheet: str) -> str:
    """A sheet name in an ODF cell address: quoted unless plain letters, digits and underscores."""
    if sheet.replace("_", "").isalnum():
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def _ods_cell(value, *, style: str = "", validation: str = "", escaped: bool = True) -> str:
    attributes = ""
    if style:
        attributes += f" table:style-name={_attr(style)}"
    if validation:
        attributes += f" table:content-validation-name={_attr(validation)}"
    if value is None or value == "":
        return f"<table:table-cell{attributes}/>"
    if isinstance(value, dt.date):
        shown = value.strftime("%d/%m/%Y")
        return (
            f'<table:table-cell{attributes} office:value-type="date" office:date-value="{value.isoformat()}">'
            f"{_paragraphs(shown)}</table:table-cell>"
        )
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return (
            f'<table:table-cell{attributes} office:value-type="float" office:value="{value}">'
            f"{_paragraphs(str(value))}</table:table-cell>"
        )
    text = escape_formula(str(value)) if escaped else str(value)
    return f'<table:table-cell{attributes} office:value-type="string">{_paragraphs(text)}</table:table-cell>'


def _ods_width(characters: int) -> str:
    """An Excel-like column width (characters of the default font) in centimetres."""
    return f"{characters * 0.2 + 0.2:.2f}cm"


def _ods_string(value: str) -> str:
    """A string in an OpenFormula expression."""
    return '"' + value.replace('"', '""') + '"'


def _ods_content(kind: ImportKind, columns: list[TemplateColumn]) -> str:
    title = _sheet_title(kind)
    widths = sorted({max(c.column.width, len(c.column.name) + 2) for c in columns} | {24, 12, 18, 60, 50})
    styles = [
        '<number:text-style style:name="Ntext"><number:text-content/></number:text-style>',
        '<number:date-style style:name="Ndate">'
        '<number:day number:style="long"/><number:text>/</number:text>'
        '<number:month number:style="long"/><number:text>/</number:text>'
        '<number:year number:style="long"/></number:date-style>',
        '<style:style style:name="ta1" style:family="table">'
        '<style:table-properties table:display="true"/></style:style>',
        '<style:style style:name="taHidden" style:family="table">'
        '<style:table-properties table:display="false"/></style:style>',
        '<style:style style:name="ceText" style:family="table-cell" style:parent-style-name="Default" '
        'style:data-style-name="Ntext"/>',
        '<style:style style:name="ceDate" style:family="table-cell" style:parent-style-name="Default" '
        'style:data-style-name="Ndate"/>',
        '<style:style style:name="ceHead" style:family="table-cell" style:parent-style-name="Default" '
        'style:data-style-name="Ntext">'
        '<style:table-cell-properties fo:background-color="#f2dcdb"/>'
        '<style:text-properties fo:font-weight="bold" style:font-weight-asian="bold" '
        'style:font-weight-complex="bold"/></style:style>',
        '<style:style style:name="ceTitle" style:family="table-cell" style:parent-style-name="Default">'
        '<style:text-properties fo:font-size="13pt" fo:font-weight="bold" style:font-weight-asian="bold" '
        'style:font-weight-complex="bold"/></style:style>',
        '<style:style style:name="ceWrap" style:family="table-cell" style:parent-style-name="Default">'
        '<style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="top"/></style:style>',
    ]
    styles += [
        f'<style:style style:name="co{width}" style:family="table-column">'
        f'<style:table-column-properties fo:break-before="auto" style:column-width="{_ods_width(width)}"/>'
        "</style:style>"
        for width in widths
    ]

    # The drop-downs: written out, or a range of the hidden lists sheet.
    validations = []
    validation_of: dict[int, str] = {}
    list_columns: list[TemplateColumn] = []
    sheet_ref = _ods_sheet_reference(title)
    for column in columns:
        if not column.choices:
            continue
        name = f"val{column.index + 1}"
        validation_of[column.index] = name
        if column.inline_list:
            condition = "of:cell-content-is-in-list(" + ";".join(_ods_string(v) for v in column.choices) + ")"
        else:
            list_columns.append(column)
            letter = column_letter(len(list_columns))
            condition = (
                f"of:cell-content-is-in-list([${LISTS_SHEET}.${letter}$1:.${letter}${len(column.choices)}])"
            )
        validations.append(
            f"<table:content-validation table:name={_attr(name)} table:condition={_attr(condition)} "
            f'table:allow-empty-cell="true" table:display-list="unsorted" '
            f"table:base-cell-address={_attr(f'{sheet_ref}.{column.letter}2')}>"
            f'<table:error-message table:message-type="warning" table:display="true" '
            f"table:title={_attr(column.column.name)}>{_paragraphs(_list_message(column))}"
            "</table:error-message></table:content-validation>"
        )

    def default_style(column: TemplateColumn) -> str:
        return "ceText" if column.is_text else "ceDate" if column.is_date else "Default"

    data = [f'<table:table table:name={_attr(title)} table:style-name="ta1">']
    for column in columns:
        width = max(column.column.width, len(column.column.name) + 2)
        data.append(
            f'<table:table-column table:style-name="co{width}" '
            f"table:default-cell-style-name={_attr(default_style(column))}/>"
        )
    data.append("<table:table-row>")
    data += [_ods_cell(c.column.name, style="ceHead") for c in columns]
    data.append("</table:table-row><table:table-row>")
    for column in columns:
        style = "ceText" if column.is_text else "ceDate" if column.is_date else ""
        data.append(_ods_cell(column.example, style=style, validation=validation_of.get(column.index, "")))
    data.append(f'</table:table-row><table:table-row table:number-rows-repeated="{FORMATTED_ROWS - 1}">')
    for column in columns:
        style = "ceText" if column.is_text else "ceDate" if column.is_date else ""
        data.append(_ods_cell(None, style=style, validation=validation_of.get(column.index, "")))
    # The rest of the sheet, so that LibreOffice gives the column formats to every row (as it writes them).
    rest = SHEET_ROWS - FORMATTED_ROWS - 1
    data.append(
        f'</table:table-row><table:table-row table:number-rows-repeated="{rest}">'
        f'<table:table-cell table:number-columns-repeated="{len(columns)}"/></table:table-row></table:table>'
    )

    guide = [f'<table:table table:name={_attr(INSTRUCTIONS_SHEET)} table:style-name="ta1">']
    guide += [f'<table:table-column table:style-name="co{width}"/>' for width in (24, 12, 18, 60, 50)]
    title_text = _("Petunjuk pengisian: %(title)s") % {"title": kind.title}
    guide.append(f"<table:table-row>{_ods_cell(title_text, style='ceTitle')}</table:table-row>")
    guide.append("<table:table-row><table:table-cell/></table:table-row>")
    for line in general_rules(kind, columns):
        guide.append(f"<table:table-row>{_ods_cell(f'• {line}')}</table:table-row>")
    guide.append('<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>')
    guide.append(
        "<table:table-row>"
        + "".join(_ods_cell(h, style="ceHead") for h in instruction_headers())
        + "</table:table-row>"
    )
    for values in instruction_rows(columns):
        guide.append(
            "<table:table-row>" + "".join(_ods_cell(v, style="ceWrap") for v in values) + "</table:table-row>"
        )
    guide.append("</table:table>")

    lists = []
    if list_columns:
        lists.append(f'<table:table table:name="{LISTS_SHEET}" table:style-name="taHidden">')
        lists.append(f'<table:table-column table:number-columns-repeated="{len(list_columns)}"/>')
        for row in range(max(len(c.choices) for c in list_columns)):
            cells = [c.choices[row] if row < len(c.choices) else None for c in list_columns]
            lists.append("<table:table-row>" + "".join(_ods_cell(v) for v in cells) + "</table:table-row>")
        lists.append("</table:table>")

    return (
        _DECLARATION
        + f'<office:document-content {_XMLNS} office:version="1.2">'
        + "<office:automatic-styles>"
        + "".join(styles)
        + "</office:automatic-styles><office:body><office:spreadsheet>"
        + (
            "<table:content-validations>" + "".join(validations) + "</table:content-validations>"
            if validations
            else ""
        )
        + "".join(data)
        + "".join(guide)
        + "".join(lists)
        + "</office:spreadsheet></office:body></office:document-content>"
    )


_ODS_STYLES = (
    _DECLARATION + f'<office:document-styles {_XMLNS} office:version="1.2"><office:styles>'
    '<style:default-style style:family="table-cell">'
    '<style:paragraph-properties style:tab-stop-distance="1.25cm"/></style:default-style>'
    '<style:style style:name="Default" style:family="table-cell"/>'
    "</office:styles></office:document-styles>"
)


def _config(name: str, kind: str, value) -> str:
    value = escape(str(value))
    return f'<config:config-item config:name="{name}" config:type="{kind}">{value}</config:config-item>'


def _ods_settings(title: str) -> str:
    """The view: the data sheet active, its first row frozen (LibreOffice's split settings)."""
    frozen = "".join(
        [
            _config("CursorPositionX", "int", 0),
            _config("CursorPositionY", "int", 1),
            _config("HorizontalSplitMode", "short", 0),
            _config("VerticalSplitMode", "short", 2),
            _config("HorizontalSplitPosition", "int", 0),
            _config("VerticalSplitPosition", "int", 1),
            _config("ActiveSplitRange", "short", 2),
            _config("PositionLeft", "int", 0),
            _config("PositionRight", "int", 0),
            _config("PositionTop", "int", 0),
            _config("PositionBottom", "int", 1),
        ]
    )
    return (
        _DECLARATION + f'<office:document-settings {_XMLNS} office:version="1.2"><office:settings>'
        '<config:config-item-set config:name="ooo:view-settings">'
        '<config:config-item-map-indexed config:name="Views"><config:config-item-map-entry>'
        + _config("ViewId", "string", "view1")
        + '<config:config-item-map-named config:name="Tables">'
        + f"<config:config-item-map-entry config:name={_attr(title)}>{frozen}</config:config-item-map-entry>"
        + "</config:config-item-map-named>"
        + _config("ActiveTable", "string", xml_text(title))
        + "</config:config-item-map-entry></config:config-item-map-indexed>"
        "</config:config-item-set></office:settings></office:document-settings>"
    )


_ODS_META = (
    _DECLARATION + f'<office:document-meta {_XMLNS} office:version="1.2"><office:meta>'
    "<meta:generator>SIDP3</meta:generator></office:meta></office:document-meta>"
)
_ODS_MANIFEST = (
    _DECLARATION + '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
    f'manifest:media-type="{ODS_MIMETYPE}"/>'
    + "".join(
        f'<manifest:file-entry manifest:full-path="{part}" manifest:media-type="text/xml"/>'
        for part in ("content.xml", "styles.xml", "meta.xml", "settings.xml")
    )
    + "</manifest:manifest>"
)


def ods_template(kind: ImportKind) -> bytes:
    """The template as ODS: the same sheets, formats, drop-downs and frozen header as the XLSX."""
    columns = template_columns(kind)
    parts = [
        ("mimetype", ODS_MIMETYPE, zipfile.ZIP_STORED),  # first and stored: how a reader knows an ODS
        ("content.xml", _ods_content(kind, columns), zipfile.ZIP_DEFLATED),
        ("styles.xml", _ODS_STYLES, zipfile.ZIP_DEFLATED),
        ("meta.xml", _ODS_META, zipfile.ZIP_DEFLATED),
        ("settings.xml", _ods_settings(_sheet_title(kind)), zipfile.ZIP_DEFLATED),
        ("META-INF/manifest.xml", _ODS_MANIFEST, zipfile.ZIP_DEFLATED),
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text, compression in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = compression
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


WRITERS = {"xlsx": xlsx_template, "ods": ods_template}


def write_template(kind: ImportKind, fmt: str) -> bytes:
    """An import template as XLSX or ODS (``ValueError`` for another format)."""
    if fmt not in WRITERS:
        raise ValueError(fmt)
    return WRITERS[fmt](kind)
