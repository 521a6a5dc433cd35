"""``kernel.spreadsheets.read_table`` with a ``TableSpec``: where the header is, which names it takes, what it
warns about and what it refuses; ``parse_date``; the preview's masking. The files offices really send, end to
end through the imports, are the corpus in ``tests/import_corpus``."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from kernel.columns import CODE, DATE, NIK, PHONE, Column, TableSpec, header_key
from kernel.imports import build_preview, mask_digit_runs
from kernel.spreadsheets import ImportOutcome, SpreadsheetError, parse_date, read_table

SPEC = TableSpec(
    columns=(
        Column("NIK", kind=NIK, required=True),
        Column("Nama Lengkap", required=True, aliases=("Nama",)),
        Column("No. HP", kind=PHONE, aliases=("Nomor HP",)),
        Column("Tanggal Lahir", kind=DATE, aliases=("Tgl Lahir",)),
        Column("Kode Desa Lokus", kind=CODE),
    )
)
NIK_TEXT = "1806115508950001"


def xlsx(*sheets) -> bytes:
    """sheets: (title, rows, setup) with setup(sheet) for merges, hidden rows, formats."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows, *setup in sheets:
        sheet = workbook.create_sheet(title)
        for values in rows:
            sheet.append(values)
        for step in setup:
            step(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_header_keys_ignore_case_spacing_punctuation_and_line_breaks():
    assert header_key("No. HP") == header_key("NO HP") == header_key("no\nhp") == "nohp"
    assert SPEC.match(["nik", "NAMA\nLENGKAP", "Nomor  HP", "Catatan"]).columns == [
        "NIK",
        "Nama Lengkap",
        "No. HP",
        None,
    ]


def test_the_header_is_found_under_a_title_in_the_sheet_after_the_instructions():
    data = xlsx(
        ("Petunjuk", [["Isi lembar Kader. NIK berformat teks."], ["Kolom wajib: NIK, Nama"]]),
        (
            "Kader",
            [
                ["DAFTAR KADER DP3 DESA GUNUNG KASIH"],
                ["KPU KABUPATEN TANGGAMUS"],
                [],
                ["No", "nik", "Nama", "Tgl Lahir", "Catatan Desa"],
                [1, NIK_TEXT, "Siti", "12 Maret 1995", "ketua RT"],
                [2],
                [3, None, None, None, None],
            ],
        ),
    )
    table = read_table(data, "kader.xlsx", spec=SPEC)
    assert (table.sheet_name, table.header_row) == ("Kader", 4)
    assert table.headers == ["No", "NIK", "Nama Lengkap", "Tanggal Lahir", "Catatan Desa", "__baris__"]
    assert [list(row) for row in table] == [[1, NIK_TEXT, "Siti", "12 Maret 1995", "ketua RT", 5]]
    assert table.warnings == ["Kolom “Catatan Desa” tidak dikenal dan isinya tidak diimpor."]


def test_a_near_miss_header_is_named_with_the_column_it_probably_means():
    data = xlsx(("Kader", [["NIK", "Nama Lengkap", "No Hape"], [NIK_TEXT, "Siti", "0812"]]))
    (warning,) = read_table(data, "kader.xlsx", spec=SPEC).warnings
    assert "“No Hape”" in warning and "“No. HP”" in warning


def test_merged_cells_fill_down_and_hidden_rows_are_named():
    def shape(sheet):
        sheet.merge_cells("C2:C4")
        sheet.row_dimensions[3].hidden = True

    rows = [["NIK", "Nama", "Kode Desa Lokus"]]
    rows += [[f"18061155089500{n:02d}", f"Kader {n}", "18.06.11.2016" if n == 1 else None] for n in (1, 2, 3)]
    table = read_table(xlsx(("Kader", rows, shape)), "kader.xlsx", spec=SPEC)
    assert table["Kode Desa Lokus"] == ["18.06.11.2016"] * 3
    assert table.warnings == [
        "Baris 3 tersembunyi atau tersaring di berkas, tetapi ikut diimpor; periksa isinya."
    ]


def test_number_cells_and_scientific_notation_in_text_columns_are_cell_errors():
    rows = [
        ["NIK", "Nama", "No. HP", "Kode Desa Lokus"],
        [1806115203900010, "Siti", 81234567890, 1806112016],
        ["1.80612E+15", "Budi", "0812", "18.06.11.2016"],
    ]
    table = read_table(xlsx(("Kader", rows)), "kader.xlsx", spec=SPEC)
    assert [(e.row, e.column) for e in table.cell_errors] == [
        (2, "NIK"),
        (2, "No. HP"),
        (2, "Kode Desa Lokus"),
        (3, "NIK"),
    ]
    assert all("Teks" in e.message for e in table.cell_errors)
    assert "180611******0010" in table.cell_errors[0].message  # a message never carries a NIK


def test_missing_columns_say_where_the_header_was_read():
    with pytest.raises(SpreadsheetError) as refused:
        read_table(xlsx(("Kader", [["Judul"], ["NIK", "Alamat"]])), "kader.xlsx", spec=SPEC)
    assert str(refused.value) == (
        "Kolom wajib tidak ada: Nama Lengkap. Judul kolom dibaca di lembar “Kader”, baris 2; tambahkan "
        "kolomnya atau perbaiki judulnya seperti di templat."
    )
    with pytest.raises(SpreadsheetError, match="tidak ditemukan di 10 baris pertama"):
        read_table(b"a;b\n1;2\n", "kader.csv", spec=SPEC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/03/1990", dt.date(1990, 3, 12)),
        ("12-03-1990", dt.date(1990, 3, 12)),
        ("12.03.1990", dt.date(1990, 3, 12)),
        ("1990-03-12", dt.date(1990, 3, 12)),
        ("12 Maret 1990", dt.date(1990, 3, 12)),
        ("12 Mar 1990", dt.date(1990, 3, 12)),
        ("12 march 1990", dt.date(1990, 3, 12)),
        ("17 Agustus 1945", dt.date(1945, 8, 17)),
        ("1 Des 2001", dt.date(2001, 12, 1)),
        ("32944", dt.date(1990, 3, 12)),  # an Excel serial number in a text cell
        (32944, dt.date(1990, 3, 12)),
        (dt.datetime(1990, 3, 12), dt.date(1990, 3, 12)),
    ],
)
def test_dates_as_offices_type_them(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12/03/90", "tahunnya hanya dua angka"),
        ("12 Mar 90", "tahunnya hanya dua angka"),
        ("31/02/1995", "tidak ada di kalender"),
        ("besok", "tulis dd/mm/yyyy"),
        ("12 Maretan 1990", "tulis dd/mm/yyyy"),
        ("32944.5", "tulis dd/mm/yyyy"),
    ],
)
def test_dates_that_cannot_be_read_say_how_to_write_them(text, message):
    with pytest.raises(ValueError, match=message):
        parse_date(text)


def test_the_preview_masks_every_sixteen_digit_run_and_shows_no_row_without_a_header():
    assert mask_digit_runs("NIK 1806115508950001, HP 081234567890") == "NIK 180611******0001, HP 081234567890"
    table = read_table(
        xlsx(("Kader", [["NIK", "Nama", "Catatan"], [NIK_TEXT, "Siti", f"lihat {NIK_TEXT}"]])),
        "kader.xlsx",
        spec=SPEC,
    )
    preview = build_preview(ImportOutcome(table=table))
    assert NIK_TEXT not in str(preview)
    assert preview.rows[0].cells[:1] == ["180611******0001"]
    assert build_preview(ImportOutcome()).rows == []
