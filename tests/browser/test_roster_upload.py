"""A Tanggamus user uploads a roster XLSX for a designated locus, sees the preview of every row, confirms and
sees the number of imported cadres."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from cadre.models import Cadre
from cadre.resources import COLUMNS
from locus.choices import StageAim
from locus.models import ProgrammeYear, Segment
from tests.browser.conftest import PHONE
from tests.cadre.factories import make_nik
from tests.factories import PASSWORD
from tests.locus.factories import LocusFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def locus(world):
    """The live server's tests flush the database after each test: the programme year and the segments the
    migrations load are made again when needed."""
    year = ProgrammeYear.objects.get_or_create(year=2021, defaults={"aim": StageAim.KNOWLEDGE})[0]
    for order, (code, name) in enumerate((("perempuan", "Perempuan"), ("pemilih-muda", "Pemilih Muda"))):
        segment = Segment.objects.get_or_create(code=code, defaults={"name": name, "order": order})[0]
        year.segments.add(segment)
    return LocusFactory(village=world.gunung_kasih, programme_year=year)


def roster_xlsx(path, count: int = 3):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for serial in range(1, count + 1):
        birth = dt.date(1995, 1, serial)  # 26 on the 2021 decree date: a young voter (17–30)
        nik = make_nik("18.06.11", birth, "P", serial)
        sheet.append(
            [nik, f"Kader {serial}", "P", "Tanggamus", birth, "Pekon Gunung Kasih", "18.06.11.2016",
             "0812 3456 7890", "", "SMA", "Petani", "Perempuan, Pemilih Muda", "", "Ya"]
        )  # fmt: skip
    workbook.save(path)
    return path


def test_a_regency_user_imports_a_roster(world, locus, new_page, log_in, live_server, screenshots, tmp_path):
    page = new_page()
    log_in(page, world.users["tanggamus_staff"], PASSWORD)
    page.goto(f"/kader/impor/?lokus={locus.pk}")
    expect(page.locator("#id_lokus")).to_have_value(str(locus.pk))
    page.set_input_files("#id_berkas", str(roster_xlsx(tmp_path / "kader-gunung-kasih.xlsx")))
    page.get_by_role("button", name="Periksa berkas").click()
    expect(page.get_by_text("Semua baris dapat diimpor")).to_be_visible()
    expect(page.locator(".import-preview tbody tr")).to_have_count(3)
    expect(page.locator(".import-target")).to_contain_text("Gunung Kasih")
    expect(page.locator(".import-preview tbody")).to_contain_text("180611******0001")  # masked NIK
    expect(page.locator(".import-preview tbody")).to_contain_text("01/01/1995")
    page.screenshot(path=screenshots / "roster_import_preview.png", full_page=True)
    assert not Cadre.objects.exists()
    page.get_by_role("button", name="Impor 3 baris sekarang").click()
    expect(page.get_by_text("3 baru, 0 diperbarui, 0 tidak berubah")).to_be_visible()
    page.screenshot(path=screenshots / "roster_import_done.png", full_page=True)
    assert Cadre.objects.filter(locus=locus).count() == 3

    phone = new_page(PHONE)
    log_in(phone, world.users["tanggamus_staff"], PASSWORD)
    phone.goto("/kader/impor/")
    expect(phone.get_by_role("button", name="Periksa berkas")).to_be_visible()
    phone.screenshot(path=screenshots / "roster_import_form_phone.png", full_page=True)
