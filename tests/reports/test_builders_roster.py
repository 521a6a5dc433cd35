"""The roster report: scoped rows, masked NIKs, the logged full-NIK export, formula escaping, both formats."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from cadre.checks import mask_nik
from cadre.choices import NikAccessAction
from cadre.exports import EXPORT_HEADERS
from cadre.models import NikAccess
from reports.builders import BUILDERS, ReportError
from reports.builders.roster import build_roster

from .factories_builders import grant_full_nik, known_data, report_request


def xlsx_rows(path) -> list[tuple]:
    return list(load_workbook(path)["Kader"].iter_rows(values_only=True))


def test_roster_is_registered_with_its_formats():
    assert BUILDERS["roster"].formats == ("xlsx", "csv")


def test_a_tanggamus_roster_holds_tanggamus_cadres_only_with_masked_niks(world, tmp_path):
    data = known_data(world)
    request = report_request(world.users["tanggamus_viewer"], "roster", "xlsx", tmp_path)
    built = build_roster(request)
    assert built.filename == "daftar-kader-2021-kabupaten-tanggamus.xlsx"
    header, *rows = xlsx_rows(request.output_path)
    assert list(header) == EXPORT_HEADERS
    tanggamus = [*data["women"], *data["men"], data["follow_on"], data["registered"]]
    assert sorted(row[0] for row in rows) == sorted(mask_nik(c.nik) for c in tanggamus)
    niks = {row[0] for row in rows}
    assert not niks & {c.nik for c in tanggamus}
    assert not niks & {mask_nik(c.nik) for c in data["flores"]}
    assert {row[14] for row in rows} == {"18.06.11.2016"}
    first_woman = next(row for row in rows if row[0] == mask_nik(data["women"][0].nik))
    assert first_woman[11] == "Perempuan, Tokoh Agama"
    assert request.progress.values[-1] == 100
    assert not NikAccess.objects.exists()


def test_a_national_user_cannot_ask_for_a_scope_it_lacks_and_a_regency_user_for_another(world, tmp_path):
    known_data(world)
    with pytest.raises(ReportError, match="di luar wilayah kerja"):
        build_roster(
            report_request(world.users["tanggamus_viewer"], "roster", "csv", tmp_path, scope="53.06")
        )
    request = report_request(world.users["national_viewer"], "roster", "csv", tmp_path, scope="53.06")
    build_roster(request)
    with open(request.output_path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 4 and {row["Kode Desa Lokus"] for row in rows} == {"53.06.03.1001"}


def test_full_niks_need_the_permission_and_a_reason_and_each_is_logged(world, tmp_path):
    data = known_data(world)
    reason = "Verifikasi data kader untuk SK penetapan"
    plain = world.users["tanggamus_admin"]
    with pytest.raises(ReportError, match="izin"):
        build_roster(report_request(plain, "roster", "csv", tmp_path, reason=reason))
    holder = grant_full_nik(plain)
    with pytest.raises(ReportError, match="alasan"):
        build_roster(report_request(holder, "roster", "csv", tmp_path, reason="cek"))
    assert not NikAccess.objects.exists()

    request = report_request(holder, "roster", "csv", tmp_path, reason=reason)
    build_roster(request)
    with open(request.output_path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    shown = {row["NIK"] for row in rows}
    tanggamus = [*data["women"], *data["men"], data["follow_on"], data["registered"]]
    assert shown == {c.nik for c in tanggamus}
    logged = NikAccess.objects.filter(user=holder, action=NikAccessAction.EXPORT, reason=reason)
    assert sorted(logged.values_list("cadre_id", flat=True)) == sorted(c.pk for c in tanggamus)


def test_cells_a_spreadsheet_would_run_are_escaped(world, tmp_path):
    data = known_data(world)
    cadre = data["women"][1]
    cadre.full_name = '=HYPERLINK("http://x")'
    cadre.address = "@SUM(A1)"
    cadre.occupation = "+62 petani"
    cadre.save()
    request = report_request(world.users["lampung_viewer"], "roster", "xlsx", tmp_path)
    build_roster(request)
    row = next(r for r in xlsx_rows(request.output_path) if r[0] == mask_nik(cadre.nik))
    assert row[1] == '\'=HYPERLINK("http://x")'
    assert row[5] == "'@SUM(A1)"
    assert row[10] == "'+62 petani"
    csv_request = report_request(world.users["lampung_viewer"], "roster", "csv", tmp_path)
    build_roster(csv_request)
    assert "'=HYPERLINK" in csv_request.output_path.read_text(encoding="utf-8-sig")


def test_an_empty_roster_is_a_message(world, tmp_path):
    with pytest.raises(ReportError, match="Belum ada kader"):
        build_roster(report_request(world.users["tanggamus_viewer"], "roster", "xlsx", tmp_path))
