"""An officer of KPU Kabupaten Tanggamus records a budget proposal to its regional government, adds its
document, records the approval (more than asked is refused under the field, then the amount committed), and
the province sees the budget on its dashboard. At a desktop and a phone's width; screenshots to look at."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from activities.choices import AdvocacyStatus
from activities.models import AdvocacyEngagement
from tests.activities.factories_advocacy import engagement
from tests.activities.factories_evaluations import locus_at
from tests.activities.factories_meetings import PDF
from tests.browser.conftest import PHONE
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser
WIDE = {"width": 1366, "height": 900}


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "390"])
def test_an_officer_records_a_proposal_and_its_approval(
    world, new_page, log_in, live_server, screenshots, viewport, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    width = viewport["width"]
    locus_at(world.gunung_kasih)  # the dashboard shows the years with loci
    engagement(
        world, "lampung", title="FGD pemangku kepentingan Provinsi Lampung", kind="fgd", budget_asked=0
    )
    page = new_page(viewport)
    log_in(page, world.users["tanggamus_staff"], PASSWORD)
    page.goto("/kegiatan/advokasi/")
    page.get_by_role("link", name="Catat advokasi").click()
    page.select_option("select[name=programme_year]", "2021")
    page.select_option("select[name=kind]", "proposal")
    page.select_option("select[name=party_kind]", "pemda")
    page.fill("input[name=party_name]", "Pemerintah Kabupaten Tanggamus")
    page.fill("input[name=held_on]", "2021-03-15")
    page.fill("input[name=title]", "Proposal anggaran pembekalan kader DP3 2021")
    page.fill("input[name=budget_asked]", "150.000.000")
    page.screenshot(path=screenshots / f"advocacy_form_{width}.png", full_page=True)
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(re.compile(r".*/kegiatan/advokasi/\d+/$"))
    expect(page.locator(".advocacy-decision")).to_contain_text("Rp 150.000.000")

    page.get_by_role("link", name="Unggah").click()
    page.fill("input[name=title]", "Proposal anggaran DP3 2021")
    page.set_input_files(
        "input[name=file]", files=[{"name": "proposal.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Unggah").click()
    expect(page.locator(".advocacy-documents")).to_contain_text("Proposal anggaran DP3 2021")

    page.get_by_role("link", name="Catat keputusan").click()
    page.get_by_role("radio", name="Disetujui").check()
    page.fill("input[name=decided_on]", "2021-04-20")
    page.fill("input[name=budget_committed]", "175.000.000")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text(
        "Anggaran disetujui (Rp 175.000.000) melebihi anggaran yang diajukan (Rp 150.000.000)"
    )
    page.screenshot(path=screenshots / f"advocacy_decide_refused_{width}.png", full_page=True)
    page.fill("input[name=budget_committed]", "120.000.000")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(re.compile(r".*/kegiatan/advokasi/\d+/$"))
    expect(page.locator(".advocacy-committed")).to_have_text("Rp 120.000.000")
    page.screenshot(path=screenshots / f"advocacy_detail_{width}.png", full_page=True)
    record = AdvocacyEngagement.objects.get(title="Proposal anggaran pembekalan kader DP3 2021")
    assert (record.status, record.budget_committed) == (AdvocacyStatus.APPROVED, 120_000_000)

    page.goto("/kegiatan/advokasi/")
    expect(page.locator(".advocacy-totals .budget-mobilised")).to_have_text("Rp 120.000.000")
    page.screenshot(path=screenshots / f"advocacy_list_{width}.png", full_page=True)

    province = new_page(viewport)
    log_in(province, world.users["lampung_viewer"], PASSWORD)
    budget = province.locator(".dashboard-budget")
    expect(budget).to_contain_text("KPU Kabupaten Tanggamus")
    expect(budget.locator(".budget-asked")).to_have_text("Rp 150.000.000")
    budget.screenshot(path=screenshots / f"advocacy_dashboard_{width}.png")
    province.goto(record.get_absolute_url())
    expect(province.get_by_role("link", name="Catat keputusan")).to_have_count(0)
