"""A person signs in, opens the region browser, finds a village by typing part of its name, and opens it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_find_a_village_through_the_suggestions(world, new_page, log_in, live_server, screenshots):
    village = world.gunung_kasih
    page = new_page()
    log_in(page, world.users["tanggamus_staff"], PASSWORD)
    expect(page.locator("h1")).to_be_visible()

    page.get_by_role("link", name="Wilayah", exact=True).click()
    page.wait_for_url(f"{live_server.url}/wilayah/")
    expect(page.get_by_role("link", name="Lampung")).to_be_visible()
    page.screenshot(path=screenshots / "region_index.png", full_page=True)

    page.locator("#region-q").press_sequentially("kasih", delay=30)
    suggestion = page.locator(f'#region-suggestions a[href="{village.get_absolute_url()}"]')
    expect(suggestion).to_be_visible()
    expect(suggestion).to_contain_text("Gunung Kasih")
    expect(suggestion).to_contain_text("Pugung, Kabupaten Tanggamus, Lampung")
    expect(page.locator("#region-q")).to_have_attribute("aria-expanded", "true")
    page.screenshot(path=screenshots / "region_suggestions.png")

    suggestion.click()
    page.wait_for_url(f"{live_server.url}{village.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text("Gunung Kasih")
    facts = page.locator(".region-facts")
    expect(facts).to_contain_text("18.06.11.2016")
    expect(facts).to_contain_text("Desa")
    expect(facts).to_contain_text("WIB (UTC+7)")
    breadcrumbs = page.locator("nav .breadcrumb")
    for parent in (world.lampung, world.tanggamus, world.pugung):
        expect(breadcrumbs.locator(f'a[href="{parent.get_absolute_url()}"]')).to_have_text(parent.name)
        expect(page.locator(f'.region-parents a[href="{parent.get_absolute_url()}"]')).to_have_text(
            parent.name
        )
    page.screenshot(path=screenshots / "region_village.png", full_page=True)


def test_suggestions_by_keyboard_and_short_terms(world, new_page, log_in, live_server):
    page = new_page()
    log_in(page, world.users["flotim_admin"], PASSWORD)
    page.goto(world.larantuka.get_absolute_url())
    search = page.locator("#region-q")

    search.press_sequentially("gu", delay=30)
    expect(page.locator("#region-suggestions")).to_contain_text("Ketik minimal 3 huruf")

    search.press_sequentially("nung", delay=30)
    first = page.locator("#region-suggestions a").first
    expect(first).to_contain_text("Gunung Alip")  # districts are listed before villages
    search.press("ArrowDown")
    expect(first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(
        page.locator(f'#region-suggestions a[href="{world.gunung_kasih.get_absolute_url()}"]')
    ).to_be_focused()
    page.keyboard.press("Escape")
    expect(search).to_be_focused()
    expect(page.locator("#region-suggestions a")).to_have_count(0)

    # Enter submits the form: the full results page, which works without JavaScript too.
    search.press("Enter")
    page.wait_for_url(f"{live_server.url}/wilayah/cari/?q=gunung")
    expect(page.locator("h1")).to_have_text("Cari wilayah")
    expect(page.locator(".region-hits")).to_have_count(2)


def test_pages_at_phone_width(world, new_page, log_in, screenshots):
    page = new_page(PHONE)
    log_in(page, world.users["lampung_viewer"], PASSWORD)
    for name, region in (("district", world.pugung), ("village", world.gunung_kasih)):
        page.goto(region.get_absolute_url())
        expect(page.locator("h1")).to_have_text(region.name)
        # Nothing is wider than the screen: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=screenshots / f"region_{name}_phone.png", full_page=True)
    page.locator("#region-q").press_sequentially("kasih", delay=30)
    expect(page.locator("#region-suggestions a").first).to_be_visible()
    page.screenshot(path=screenshots / "region_suggestions_phone.png")
