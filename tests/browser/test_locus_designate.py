"""A regency office proposes a locus through the form (the village from the suggestions); the province office
designates it with the SK number, date and PDF; the locus page shows the new status and the timeline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from locus.choices import StageAim
from locus.models import Locus, LocusDocument, ProgrammeYear
from tests.browser.conftest import PHONE
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def programme_year(db):
    """The 2021 programme year. The migrations load it, but the live server's tests flush the database after
    each test, so it is made again here when an earlier browser test has run."""
    return ProgrammeYear.objects.get_or_create(year=2021, defaults={"aim": StageAim.KNOWLEDGE})[0]


def log_out(page, live_server):
    page.locator("#user-menu").click()
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(re.compile(rf"{re.escape(live_server.url)}/accounts/login/"))


def test_regency_proposes_and_province_designates(
    world, programme_year, new_page, log_in, live_server, screenshots
):
    village = world.gunung_kasih
    page = new_page()

    # KPU Kabupaten Tanggamus proposes Gunung Kasih.
    proposer = world.users["tanggamus_staff"]
    log_in(page, proposer, PASSWORD)
    page.get_by_role("link", name="Lokus", exact=True).click()
    page.wait_for_url(f"{live_server.url}/lokus/")
    page.get_by_role("link", name="Usulkan lokus").click()
    page.wait_for_url(f"{live_server.url}/lokus/usul/")

    page.locator("#id_village").press_sequentially("kasih", delay=30)
    option = page.locator(f'#village-options [data-village-code="{village.code}"]')
    expect(option).to_be_visible()
    expect(option).to_contain_text("Pugung, Kabupaten Tanggamus")
    expect(page.locator("#village-options [data-village-code]")).to_have_count(1)
    page.screenshot(path=screenshots / "locus_propose_suggestions.png")
    option.click()
    expect(page.locator("#id_village")).to_have_value(village.code)
    expect(page.locator("#village-chosen")).to_contain_text("Gunung Kasih · Pugung, Kabupaten Tanggamus")
    expect(page.locator("#village-options [data-village-code]")).to_have_count(0)

    page.select_option("#id_programme_year", "2021")
    page.get_by_label("Rawan Konflik/Bencana").check()
    page.fill("#id_rationale", "Banjir bandang di Kecamatan Pugung 2021; partisipasi Pemilu 2019 rendah.")
    page.screenshot(path=screenshots / "locus_propose_form.png", full_page=True)
    page.get_by_role("button", name="Kirim usulan").click()

    locus = Locus.objects.get(village=village, programme_year_id=2021)
    page.wait_for_url(f"{live_server.url}{locus.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text("Gunung Kasih")
    expect(page.locator(".alert-success")).to_contain_text("Gunung Kasih diusulkan sebagai lokus DP3 2021.")
    expect(page.locator(".locus-status").first).to_have_text("Diusulkan")
    # A regency office does not designate: no step is offered.
    expect(page.locator(".locus-actions").get_by_role("link", name="Tetapkan")).to_have_count(0)
    log_out(page, live_server)

    # KPU Provinsi Lampung designates it by SK, with the SK as a PDF.
    log_in(page, world.users["lampung_commissioner"], PASSWORD)
    page.goto("/lokus/?tahun=2021")
    page.get_by_role("link", name="Gunung Kasih").click()
    page.wait_for_url(f"{live_server.url}{locus.get_absolute_url()}")
    page.locator(".locus-actions").get_by_role("link", name="Tetapkan").click()
    page.wait_for_url(f"{live_server.url}/lokus/{locus.pk}/langkah/tetapkan/")
    page.fill("#id_decree_number", "123/PP.06-Kpt/18/Prov/V/2021")
    page.fill("#id_decree_date", "2021-05-20")
    page.set_input_files(
        "#id_decree_file", files=[{"name": "sk-lokus.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.fill("#id_note", "Rapat pleno KPU Provinsi Lampung.")
    page.screenshot(path=screenshots / "locus_designate_form.png", full_page=True)
    page.locator(".locus-step-form").get_by_role("button", name="Tetapkan").click()

    page.wait_for_url(f"{live_server.url}{locus.get_absolute_url()}")
    expect(page.locator(".alert-success")).to_contain_text("kini berstatus Ditetapkan")
    expect(page.locator(".locus-status").first).to_have_text("Ditetapkan")
    expect(page.locator(".locus-decree")).to_contain_text("123/PP.06-Kpt/18/Prov/V/2021")
    expect(page.locator(".locus-decree")).to_contain_text("20 Mei 2021")
    timeline = page.locator(".locus-timeline li")
    expect(timeline).to_have_count(2)
    expect(timeline.nth(0)).to_contain_text("Diusulkan")
    expect(timeline.nth(0)).to_contain_text(proposer.get_full_name())
    expect(timeline.nth(1)).to_contain_text("Ditetapkan")
    expect(timeline.nth(1)).to_contain_text("WIB")
    expect(timeline.nth(1)).to_contain_text("Rapat pleno KPU Provinsi Lampung.")
    document = LocusDocument.objects.get(locus=locus)
    expect(page.locator(".locus-documents")).to_contain_text("SK 123/PP.06-Kpt/18/Prov/V/2021")
    page.screenshot(path=screenshots / "locus_designated.png", full_page=True)

    with page.expect_download() as download_info:
        page.locator(f'a[href="/lokus/dokumen/{document.pk}/unduh/"]').click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes() == PDF


def test_locus_page_at_phone_width(world, programme_year, new_page, log_in, screenshots):
    from tests.locus.test_locus_views import designate, propose

    locus = designate(world, propose(world))
    page = new_page(PHONE)
    log_in(page, world.users["lampung_viewer"], PASSWORD)
    for name, url in (("list", "/lokus/?tahun=2021"), ("detail", locus.get_absolute_url())):
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        # Nothing is wider than the screen: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=screenshots / f"locus_{name}_phone.png", full_page=True)
