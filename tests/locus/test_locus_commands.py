"""import_loci and export_loci on the command line: the same all-or-nothing service as the web import."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from locus.models import Locus

HEADERS = ["Kode Desa", "Tahun", "Kategori", "Status", "Nomor SK", "Tanggal SK"]


def xlsx(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_import_loci_reads_an_xlsx_with_excel_dates_and_dry_run_saves_nothing(world, tmp_path):
    path = xlsx(
        tmp_path / "lokus.xlsx",
        [
            [
                "18.06.11.2016",
                2021,
                "Partisipasi Rendah",
                "Ditetapkan",
                "12/PP.06-Kpt/18/2021",
                dt.datetime(2021, 6, 7),
            ],
            ["18.06.21.2005", 2021, "Rawan Konflik/Bencana", "Diusulkan", None, None],
        ],
    )
    out = io.StringIO()
    call_command("import_loci", str(path), "--dry-run", stdout=out)
    assert "2 lokus baru" in out.getvalue() and not Locus.objects.exists()
    call_command("import_loci", str(path), stdout=out)
    locus = Locus.objects.get(village_id="18.06.11.2016")
    assert (locus.status, locus.decree_date) == ("ditetapkan", dt.date(2021, 6, 7))
    out = io.StringIO()
    call_command("import_loci", str(path), stdout=out)
    assert "0 lokus baru, 0 diperbarui, 2 tidak berubah" in out.getvalue()


def test_import_loci_refuses_a_bad_file_whole_naming_rows_and_columns(world, tmp_path):
    path = xlsx(
        tmp_path / "lokus.xlsx",
        [
            ["18.06.11.2016", 2021, "Partisipasi Rendah", "Diusulkan", None, None],
            ["18.06.11.9999", 2021, "Partisipasi Rendah", "Ditetapkan", None, "31/02/2021"],
        ],
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="Tidak ada yang disimpan"):
        call_command("import_loci", str(path), stderr=err)
    lines = err.getvalue().splitlines()
    assert "Baris 3, kolom “Kode Desa”: kode desa 18.06.11.9999 tidak dikenal." in lines
    assert any(line.startswith("Baris 3, kolom “Tanggal SK”") for line in lines)
    assert not Locus.objects.exists()


def test_import_loci_as_a_user_is_limited_to_the_users_jurisdiction(world, tmp_path):
    path = xlsx(
        tmp_path / "lokus.xlsx", [["53.06.03.1001", 2021, "Partisipasi Rendah", "Diusulkan", None, None]]
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_loci", str(path), "--user", "lampung-admin", stderr=err)
    assert "di luar wilayah kerja" in err.getvalue()
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("import_loci", str(path), "--user", "tidak-ada")


def test_export_loci_writes_the_loci_of_a_scope(world, tmp_path):
    path = xlsx(
        tmp_path / "lokus.xlsx",
        [
            ["18.06.11.2016", 2021, "Partisipasi Rendah", "Diusulkan", None, None],
            ["53.06.03.1001", 2021, "Rawan Konflik/Bencana", "Diusulkan", None, None],
        ],
    )
    call_command("import_loci", str(path), stdout=io.StringIO())
    target = tmp_path / "ekspor.xlsx"
    call_command("export_loci", "-o", str(target), "--year", "2021", "--scope", "18", stdout=io.StringIO())
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0][0] == "Kode Desa"
    assert [row[0] for row in rows[1:]] == ["18.06.11.2016"]
    with pytest.raises(CommandError):
        call_command("export_loci", "-o", str(tmp_path / "ekspor.pdf"))
