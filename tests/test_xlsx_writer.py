"""``kernel.xlsx_writer.write_table``: the streaming writer of the national roster. Its files open in openpyxl
and in the upload reader (``kernel.workbook``) with every value as written, the header bold, wrapped and
frozen, the widths set; text that XML cannot hold is cleaned, never a traceback; text a spreadsheet would run
is escaped."""

from __future__ import annotations

import zipfile
from decimal import Decimal

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from kernel.columns import column_letter
from kernel.formulas import escape_formula
from kernel.workbook import read_workbook
from kernel.xlsx_writer import write_table

HEADERS = ["NIK", "Nama lengkap", "Umur", "Nonpartisan", "Nilai"]


def test_values_header_and_layout(tmp_path):
    path = tmp_path / "kader.xlsx"
    rows = [
        ("3506**********01", " Siti & <Aminah> ", 25, True, Decimal("87.5")),
        ("3506**********02", "Kadek\x0bAyu", 19, False, 3.25),
        ('=HYPERLINK("x")', "Petani;=1+1", None, None, ""),
    ]
    assert write_table(path, sheet="Kader", headers=HEADERS, rows=iter(rows), widths=(18, 28)) == 3
    assert zipfile.ZipFile(path).testzip() is None
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "Kader"
    assert sheet.freeze_panes == "A2"
    assert (sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width) == (18, 28)
    assert all(cell.font.b and cell.alignment.wrap_text for cell in sheet[1])
    assert not sheet["A2"].font.b
    assert list(sheet.iter_rows(values_only=True)) == [
        tuple(HEADERS),
        ("3506**********01", " Siti & <Aminah> ", 25, True, 87.5),
        ("3506**********02", "KadekAyu", 19, False, 3.25),
        ('\'=HYPERLINK("x")', "Petani;'=1+1", None, None, None),  # text, never a formula
    ]
    assert sheet["A4"].data_type == "s"
    values = read_workbook(path.read_bytes(), ".xlsx")[0].rows[1]
    assert values[:3] == ["3506**********01", " Siti & <Aminah> ", 25]


def test_no_rows_and_an_odd_sheet_name(tmp_path):
    path = tmp_path / "kosong.xlsx"
    name = "Kader: 2024/2025 [Jawa Timur] dan lain-lain"
    assert write_table(path, sheet=name, headers=HEADERS, rows=[]) == 0
    book = openpyxl.load_workbook(path)
    assert book.active.title == "Kader- 2024-2025 -Jawa Timur- d"  # Excel's forbidden characters, 31 long
    assert list(book.active.iter_rows(values_only=True)) == [tuple(HEADERS)]


def test_many_rows_stream_in_order(tmp_path):
    path = tmp_path / "banyak.xlsx"
    rows = ((f"Kader {n}", n) for n in range(5_000))
    assert write_table(path, sheet="Kader", headers=["Nama", "No"], rows=rows) == 5_000
    values = list(openpyxl.load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    assert len(values) == 5_001 and values[1] == ("Kader 0", 0) and values[-1] == ("Kader 4999", 4999)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=5))
def test_any_text_is_written_and_read_back_without_the_characters_xml_forbids(tmp_path_factory, texts):
    path = tmp_path_factory.mktemp("fuzz") / "teks.xlsx"
    write_table(path, sheet="Teks", headers=["A"] * len(texts), rows=[texts])
    sheet = openpyxl.load_workbook(path).active
    read = [sheet.cell(row=2, column=index).value for index in range(1, len(texts) + 1)]
    legal = [
        "".join(ch for ch in text if ch in "\t\n\r" or not (ord(ch) < 32 or 0xD800 <= ord(ch) <= 0xDFFF
                 or ch in "\ufffe\uffff"))
        for text in texts
    ]  # fmt: skip
    written = [escape_formula(text) for text in legal]
    assert list(read) == [text.replace("\r\n", "\n").replace("\r", "\n") or None for text in written]


def test_column_letters_are_openpyxls_for_every_column_a_sheet_can_have():
    """``kernel.columns.column_letter`` stands in for openpyxl's, which would import all of openpyxl."""
    from openpyxl.utils import get_column_letter

    assert [column_letter(n) for n in range(1, 16385)] == [get_column_letter(n) for n in range(1, 16385)]
