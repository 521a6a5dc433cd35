"""Reading an uploaded workbook (``kernel.workbook``, python-calamine) gives the values openpyxl's read-only
mode gives, besides the hidden rows and merged ranges; a damaged or hostile package is refused."""

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from kernel.spreadsheets import SpreadsheetError, read_table
from kernel.workbook import WorkbookError, read_workbook


def iter_first_sheet(source) -> list:
    """(row number, values) of the first sheet's rows, as openpyxl_rows numbers them."""
    rows = read_workbook(source.getvalue(), ".xlsx")[0].rows
    return [(number, list(values)) for number, values in enumerate(rows, start=1)]


def _same(value):
    """openpyxl gives a datetime for a date cell, calamine a date when the time is midnight."""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def openpyxl_rows(data: bytes):
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for number, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
        yield number, [_same(v) for v in values]


def trimmed(rows):
    """Rows without trailing empty cells, empty rows left out (openpyxl pads both)."""
    for number, values in rows:
        while values and values[-1] is None:
            values.pop()
        if values:
            yield number, values


def saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_values_are_those_openpyxl_reads():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kader"
    sheet.append(["NIK", "Tanggal", "Jam", "Durasi", "Angka", "Pecahan", "Ya", "Rumus", "Kosong", "Teks"])
    sheet.append(
        [
            "1806115508950001",
            dt.datetime(1995, 8, 15),
            dt.time(7, 30),
            dt.timedelta(hours=36),
            81234567890,
            2.5,
            True,
            "=1+1",
            None,
            "  spasi  & <tanda>",
        ]
    )
    sheet["B2"].number_format = "dd/mm/yyyy"
    sheet["D2"].number_format = "[h]:mm:ss"
    sheet["A5"] = "baris 5 setelah dua baris kosong"
    sheet["F5"] = dt.date(2001, 1, 31)
    workbook.create_sheet("Lain").append(["bukan sheet pertama"])
    data = saved(workbook)
    ours = list(trimmed(iter_first_sheet(io.BytesIO(data))))
    assert ours == list(trimmed(openpyxl_rows(data)))
    assert ours[1][1][:2] == ["1806115508950001", dt.date(1995, 8, 15)]
    assert ours[-1][0] == 5


def test_write_only_inline_strings_and_a_table_with_row_numbers():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Kader")
    sheet.append(["Kode Desa", "Nama"])
    sheet.append([])
    sheet.append(["18.06.11.2016", "Gunung Kasih"])
    data = saved(workbook)
    assert list(trimmed(iter_first_sheet(io.BytesIO(data)))) == list(trimmed(openpyxl_rows(data)))
    dataset = read_table(data, "desa.xlsx")
    assert dataset.headers == ["Kode Desa", "Nama", "__baris__"]
    assert list(dataset[0]) == ["18.06.11.2016", "Gunung Kasih", 3]


def package(sheet_xml: str, *, shared: str = "", date1904: bool = False) -> bytes:
    """A minimal XLSX written by hand (rich text, prefixed names, error cells: what other tools write)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package_rel = "http://schemas.openxmlformats.org/package/2006/relationships"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{package_rel}"><Relationship Id="rId1" '
            f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<x:workbook xmlns:x="{main}" xmlns:r="{rel}"><x:workbookPr date1904="{int(date1904)}"/>'
            '<x:sheets><x:sheet name="Data" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{package_rel}">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="/xl/worksheets/data.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/styles" Target="styles.xml"/></Relationships>',
        )
        archive.writestr("xl/sharedStrings.xml", f'<x:sst xmlns:x="{main}">{shared}</x:sst>')
        archive.writestr(
            "xl/styles.xml",
            f'<styleSheet xmlns="{main}"><numFmts count="1"><numFmt numFmtId="164" '
            'formatCode="dd\\-mm\\-yyyy"/></numFmts><cellXfs count="2"><xf numFmtId="0"/>'
            '<xf numFmtId="164"/></cellXfs></styleSheet>',
        )
        archive.writestr("xl/worksheets/data.xml", f'<x:worksheet xmlns:x="{main}">{sheet_xml}</x:worksheet>')
    return buffer.getvalue()


def test_rich_text_prefixed_names_errors_hidden_rows_and_the_1904_date_system():
    shared = (
        "<x:si><x:t>Siti</x:t></x:si>"
        "<x:si><x:r><x:t>Rahma</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>wati</x:t></x:r>"
        "<x:rPh><x:t>fonetik</x:t></x:rPh></x:si>"
    )
    sheet = (
        "<x:sheetData>"
        '<x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c><x:c r="C2" t="s"><x:v>1</x:v></x:c></x:row>'
        '<x:row r="4" hidden="1"><x:c r="A4" s="1"><x:v>1</x:v></x:c><x:c r="B4" t="e"><x:v>#N/A</x:v></x:c>'
        '<x:c r="C4" t="str"><x:f>A1</x:f><x:v>teks rumus</x:v></x:c><x:c r="D4" t="b"><x:v>0</x:v></x:c>'
        "</x:row></x:sheetData>"
    )
    (read,) = read_workbook(package(sheet, shared=shared, date1904=True), ".xlsx")
    assert read.rows == [
        [None, None, None, None],
        ["Siti", None, "Rahmawati", None],
        [None, None, None, None],
        [dt.date(1904, 1, 2), None, "teks rumus", False],  # an error cell reads as empty
    ]
    assert read.hidden == {4}


def test_a_damaged_package_is_refused():
    with pytest.raises(WorkbookError):
        read_workbook(package("<x:sheetData><x:row>"), ".xlsx")
    unknown_string = '<x:sheetData><x:row><x:c t="s"><x:v>7</x:v></x:c></x:row></x:sheetData>'
    with pytest.raises(SpreadsheetError, match="tidak dapat dibaca"):
        read_table(package(unknown_string), "a.xlsx")


def test_a_part_declaring_entities_is_refused():
    laughs = '<!DOCTYPE x [<!ENTITY a "hahaha">]><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>&a;'
    data = package(laughs + "</x:t></x:is></x:c></x:row></x:sheetData>")
    with pytest.raises(WorkbookError):
        read_workbook(data, ".xlsx")


def test_sheets_in_order_hidden_sheets_left_out_merges_and_hidden_rows():
    workbook = Workbook()
    guide = workbook.active
    guide.title = "Petunjuk"
    guide["A1"] = "Isi lembar Kader"
    secret = workbook.create_sheet("Rahasia")
    secret["A1"] = "tersembunyi"
    secret.sheet_state = "hidden"
    data_sheet = workbook.create_sheet("Kader")
    data_sheet.append(["Kode Desa Lokus", "Nama"])
    for name in ("Siti", "Budi", "Ani"):
        data_sheet.append([None, name])
    data_sheet["A2"] = "18.06.11.2016"
    data_sheet.merge_cells("A2:A4")
    data_sheet.row_dimensions[3].hidden = True
    sheets = read_workbook(saved(workbook), ".xlsx")
    assert [sheet.name for sheet in sheets] == ["Petunjuk", "Kader"]
    assert sheets[1].merges == [(1, 0, 3, 0)]
    assert sheets[1].hidden == {3}
