"""The Dampak program page in a browser, on the demo's illustrative estimate: on a desktop (1366 px) and a
phone (390 px) the page, a province's and a regency's, and the locus dashboard's section load, show the chart
drawn for the width (the wide one on a desktop, the narrow one on a phone), the illustrative label, and never
scroll sideways. Screenshots go to var/screenshots/ for a person to look at."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from accounts.models import User
from dp3.demo.offices import DEMO_PASSWORD
from impact.services.estimates import estimate_compute
from impact.services.freshness import estimates_request
from locus.models import Locus
from tests.browser.conftest import PHONE
from tests.browser.test_phone_width import _wider_than_the_screen
from tests.conftest import load_real_regions
from tests.factories import ensure_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1366, "height": 900}


def test_the_impact_page_on_a_desktop_and_a_phone(new_page, log_in, screenshots):
    ensure_reference_data()
    load_real_regions()
    call_command("seed_demo", verbosity=0)
    national = User.objects.get(username="nasional")
    tanggamus = User.objects.get(username="kab-tanggamus")
    gunung_kasih = Locus.objects.get(village_id="18.06.11.2016")
    paths = ["/dasbor/dampak/", "/dasbor/dampak/?wilayah=18", "/dasbor/dampak/?wilayah=18.06"]

    page = new_page(WIDE)
    log_in(page, national, DEMO_PASSWORD)
    page.goto(paths[0])
    assert page.locator(".impact-illustrative").is_visible()
    assert page.locator(".impact-areas .impact-chart-wide svg").is_visible()
    assert not page.locator(".impact-areas .impact-chart-narrow svg").is_visible()
    assert "Lampung" in page.locator(".impact-areas table").inner_text()
    page.screenshot(path=screenshots / "impact-national-desktop.png", full_page=True)
    page.goto(paths[2])
    page.screenshot(path=screenshots / "impact-regency-desktop.png", full_page=True)

    page = new_page(PHONE)
    log_in(page, national, DEMO_PASSWORD)
    assert _wider_than_the_screen(page, paths) == []
    page.goto(paths[0])
    assert page.locator(".impact-areas .impact-chart-narrow svg").is_visible()
    assert not page.locator(".impact-areas .impact-chart-wide svg").is_visible()
    page.screenshot(path=screenshots / "impact-national-phone.png", full_page=True)

    page = new_page(PHONE)
    log_in(page, tanggamus, DEMO_PASSWORD)
    locus_pages = [f"/dasbor/lokus/{gunung_kasih.pk}/", f"/lokus/{gunung_kasih.pk}/"]
    assert _wider_than_the_screen(page, ["/dasbor/dampak/", *locus_pages]) == []
    page.goto(locus_pages[1])
    page.locator(".impact-locus .impact-matches").wait_for()  # loaded by htmx into the locus page
    page.goto("/dasbor/dampak/")
    page.screenshot(path=screenshots / "impact-regency-phone.png", full_page=True)
    page.goto(locus_pages[0] + "#dampak")
    assert page.locator("#dampak .impact-matches").is_visible()
    page.locator("#dampak").screenshot(path=screenshots / "impact-locus-phone.png")

    # While a recomputation is queued, the page and the locus' section say so and refresh themselves (htmx,
    # every 5 s) until the figures are fresh, without a reload.
    estimates_request(enqueue=False)
    page.goto("/dasbor/dampak/")
    assert page.locator("#impact-body[hx-trigger] .impact-queued").is_visible()
    page.screenshot(path=screenshots / "impact-queued-phone.png", full_page=True)
    estimate_compute(year=2021, election="pemilu-2024")
    page.locator("#impact-body:not([hx-trigger]) .impact-headline").wait_for(timeout=15_000)
    assert page.locator(".impact-queued, .impact-refreshing").count() == 0
    estimates_request(enqueue=False)
    page.goto(locus_pages[1])
    page.locator("#dampak[hx-trigger] .impact-refreshing").wait_for()
    estimate_compute(year=2021, election="pemilu-2024")
    page.locator("#dampak.impact-locus:not([hx-trigger]) .impact-matches").wait_for(timeout=15_000)
    assert page.locator(".impact-refreshing").count() == 0
