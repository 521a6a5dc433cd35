"""The recap's impact section: the "Dampak" sheet of the XLSX and the section of the PDF hold the scope's
estimate and the areas and categories beneath it, never another province's, and say when the data are
illustrative."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from impact.services.estimates import estimate_compute
from reports.builders.recap import build_recap
from tests.impact.conftest import make_electorate
from tests.reports.factories_builders import report_request

pytestmark = pytest.mark.django_db


def test_the_recap_xlsx_has_the_scopes_impact_sheet(world, tmp_path):
    make_electorate(world, illustrative=True)
    estimate_compute(year=2021, election="pemilu-2024")
    request = report_request(world.users["lampung_viewer"], "recap", "xlsx", tmp_path)
    build_recap(request)
    sheet = load_workbook(request.output_path)["Dampak"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(next(row for row in rows if row[0] == "Pemilu sebelum → sesudah"))
    lines = rows[header + 1 :]
    assert {line[0] for line in lines} == {"Pemilu 2019 → Pemilu 2024"}
    labels = [line[1] for line in lines]
    assert (
        labels[0] == "Provinsi Lampung"
        and "Kabupaten Uji 18.07" in labels
        and "Kabupaten Tanggamus" in labels
    )
    assert "Partisipasi Rendah" in labels and "Nusa Tenggara Timur" not in labels
    assert all(line[-1] == "Ya" for line in lines)  # illustrative
    assert isinstance(lines[0][12], float)  # the effect stays a number
    assert any("bukan bukti sebab-akibat" in str(row[0]) for row in rows[:header])


def test_the_recap_pdf_has_the_impact_section_with_its_chart(world, tmp_path):
    make_electorate(world)
    estimate_compute(year=2021, election="pemilu-2024")
    request = report_request(world.users["national_viewer"], "recap", "pdf", tmp_path)
    build_recap(request)
    text = " ".join(page.extract_text() for page in PdfReader(request.output_path).pages)
    assert "DAMPAK PROGRAM TERHADAP PARTISIPASI PEMILIH" in text
    assert "Pemilu 2019 → Pemilu 2024" in text and "Nusa Tenggara Timur" in text and "poin" in text
    assert "DATA ILUSTRASI" not in text


def test_a_recap_without_estimates_has_an_empty_impact_sheet(world, tmp_path):
    request = report_request(world.users["lampung_viewer"], "recap", "xlsx", tmp_path)
    build_recap(request)
    rows = list(load_workbook(request.output_path)["Dampak"].iter_rows(values_only=True))
    assert rows[-1][0] == "Pemilu sebelum → sesudah"  # the header, no figure
