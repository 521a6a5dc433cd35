"""The programme recap: scoped figures on known data (XLSX), the PDF's heading and charts, the scope check
and a query count independent of the number of loci."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from activities.choices import AdvocacyStatus
from locus.models import Village
from reports.builders import BUILDERS, ReportError, load_all
from reports.builders.recap import build_recap
from tests.activities.factories_advocacy import engagement
from tests.activities.factories_evaluations import cadre_in, locus_at
from tests.factories import district, village

from .factories_builders import known_data, report_request


def summary(workbook) -> dict:
    return {row[0]: row[1] for row in workbook["Ringkasan"].iter_rows(min_row=6, values_only=True)}


def test_recap_is_registered_with_its_formats():
    assert BUILDERS["recap"].formats == ("xlsx", "pdf")
    assert BUILDERS["recap"].build is build_recap


def test_recap_xlsx_holds_the_known_figures_of_the_province_only(world, tmp_path):
    known_data(world)
    request = report_request(world.users["lampung_viewer"], "recap", "xlsx", tmp_path)
    built = build_recap(request)
    assert built.filename == "rekap-dp3-2021-lampung.xlsx"
    workbook = load_workbook(request.output_path)
    assert workbook.sheetnames == ["Ringkasan", "Kabupaten-Kota", "Lokus", "Target", "Advokasi", "Dampak"]
    figures = summary(workbook)
    assert figures["Jumlah lokus"] == 2
    assert figures["Lokus kategori Partisipasi Rendah"] == 2
    assert figures["Lokus berstatus Aktif"] == 1
    assert figures["Lokus berstatus Ditetapkan"] == 1
    assert figures["Kuota kader"] == 50  # two loci with a roster, 25 places each
    assert figures["Kader inti ditetapkan/aktif"] == 5  # follow-on and registered cadres do not count
    assert figures["Pengisian kuota (%)"] == 10.0
    assert figures["Keterwakilan perempuan (%)"] == 60.0
    assert figures["Lokus memenuhi keterwakilan perempuan"] == 1
    assert figures["Lokus memenuhi unsur wajib"] == 0
    assert figures["Kader lanjutan"] == 1
    assert figures["Sesi pembekalan terlaksana"] == 1
    assert figures["Sesi lokus direncanakan"] == 16
    assert figures["Kehadiran pembekalan (%)"] == 50.0
    assert figures["Kegiatan sosialisasi"] == 1
    assert figures["Warga terjangkau"] == 25  # Flores Timur's 200 are not Lampung's
    assert workbook["Ringkasan"]["B2"].value == "Provinsi Lampung"

    regencies = list(workbook["Kabupaten-Kota"].iter_rows(min_row=2, values_only=True))
    assert [row[:3] for row in regencies] == [("18.06", "Kabupaten Tanggamus", 2)]
    loci = list(workbook["Lokus"].iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in loci] == ["Gunung Kasih", "Sukabanjar"]
    gunung_kasih = loci[0]
    assert gunung_kasih[7:10] == (25, 5, 20.0)  # numbers stay numbers
    assert "Tokoh Agama" not in gunung_kasih[-1] and "Penyandang Disabilitas" in gunung_kasih[-1]
    assert workbook["Lokus"].freeze_panes == "A2"
    assert workbook["Ringkasan"].freeze_panes == "A6"


def test_national_recap_has_a_sheet_of_provinces(world, tmp_path):
    known_data(world)
    request = report_request(world.users["national_viewer"], "recap", "xlsx", tmp_path)
    assert build_recap(request).filename == "rekap-dp3-2021-nasional.xlsx"
    workbook = load_workbook(request.output_path)
    provinces = list(workbook["Provinsi"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[2]) for row in provinces] == [("18", 2), ("53", 1)]
    assert summary(workbook)["Warga terjangkau"] == 225


def test_a_regency_recap_of_another_regency_or_its_province_is_refused(world, tmp_path):
    user = world.users["tanggamus_admin"]
    for scope in ("53", "53.06", "18"):
        with pytest.raises(ReportError, match="di luar wilayah kerja"):
            build_recap(report_request(user, "recap", "xlsx", tmp_path, scope=scope))
    with pytest.raises(ReportError, match="tidak ditemukan"):
        build_recap(report_request(world.users["national_admin"], "recap", "xlsx", tmp_path, scope="99"))


def test_recap_pdf_has_the_kpu_heading_scope_year_and_charts(world, tmp_path):
    known_data(world)
    request = report_request(world.users["tanggamus_viewer"], "recap", "pdf", tmp_path)
    built = build_recap(request)
    assert built.content_type == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(request.output_path).pages)
    assert "KOMISI PEMILIHAN UMUM" in text
    assert "Kabupaten Tanggamus" in text and "2021" in text
    assert "Dibuat" in text and "WIB" in text
    assert "Partisipasi Rendah" in text  # the bar chart of categories (SVG text)
    assert "5 / 50 (10%)" in text  # the roster fill bar
    assert "Pertemuan warga" in text  # reach by method
    assert "Flores" not in text


def test_recap_queries_do_not_grow_with_the_number_of_loci(world, tmp_path, django_assert_max_num_queries):
    known_data(world)
    user = world.users["lampung_viewer"]
    with django_assert_max_num_queries(20):
        build_recap(report_request(user, "recap", "xlsx", tmp_path))
    pugung = district("18.06.11", "Pugung")
    for index in range(12):
        extra = locus_at(village(f"18.06.11.20{30 + index}", f"Desa Uji {index}"))
        cadre_in(extra)
    assert pugung.villages.count() == 13 or Village.objects.filter(code__startswith="18.06.11.").count() == 13
    with django_assert_max_num_queries(20):
        build_recap(report_request(user, "recap", "xlsx", tmp_path))


def _advocacy(world):
    engagement(
        world,
        title="Proposal anggaran DP3",
        budget_asked=150_000_000,
        status=AdvocacyStatus.APPROVED,
        committed=120_000_000,
        note="Jumlah ilustratif.",
    )
    engagement(world, title="Audiensi Bappeda", kind="audiensi", budget_asked=40_000_000)
    engagement(
        world,
        "lampung",
        title="FGD pemangku kepentingan Provinsi Lampung",
        kind="fgd",
        party_name="Pemerintah Provinsi Lampung",
        budget_asked=0,
        held_on=dt.date(2021, 2, 1),
    )
    engagement(world, "flotim", title="Audiensi DPRD Flores Timur", budget_asked=90_000_000)


def test_recap_xlsx_lists_the_scopes_engagements_with_their_budget(world, tmp_path):
    known_data(world)
    _advocacy(world)
    request = report_request(world.users["lampung_viewer"], "recap", "xlsx", tmp_path)
    build_recap(request)
    workbook = load_workbook(request.output_path)
    figures = summary(workbook)
    assert figures["Kegiatan advokasi"] == 3
    assert figures["Anggaran advokasi diajukan (Rp)"] == 190_000_000
    assert figures["Anggaran advokasi dimobilisasi (Rp)"] == 120_000_000
    rows = list(workbook["Advokasi"].iter_rows(min_row=2, values_only=True))
    # The province's own first, then its regencies', each by date; Flores Timur's is not Lampung's.
    assert [(row[0], row[6]) for row in rows] == [
        ("KPU Provinsi Lampung", "FGD pemangku kepentingan Provinsi Lampung"),
        ("KPU Kabupaten Tanggamus", "Proposal anggaran DP3"),
        ("KPU Kabupaten Tanggamus", "Audiensi Bappeda"),
    ]
    assert workbook["Advokasi"]["J3"].number_format == '"Rp "#,##0'  # shown "Rp 150.000.000"
    approved = rows[1]
    assert approved[1:4] == ("18.06", dt.datetime(2021, 3, 15), "Proposal anggaran")
    assert approved[7:13] == (
        "Disetujui",
        dt.datetime(2021, 4, 20),
        150_000_000,
        120_000_000,
        120_000_000,
        "Jumlah ilustratif.",
    )


def test_recap_pdf_has_the_advocacy_budget_by_office(world, tmp_path):
    known_data(world)
    _advocacy(world)
    request = report_request(world.users["lampung_viewer"], "recap", "pdf", tmp_path)
    build_recap(request)
    text = " ".join(page.extract_text() for page in PdfReader(request.output_path).pages)
    assert "ADVOKASI DAN ANGGARAN" in text
    assert "Rp 190.000.000" in text and "Rp 120.000.000" in text
    assert "KPU Kabupaten Tanggamus" in text and "Audiensi Bappeda" in text
    assert "Flores" not in text


def test_every_report_type_is_registered_once_the_registry_is_read():
    assert {"recap", "locus-profile", "roster", "minutes"} <= set(load_all())
