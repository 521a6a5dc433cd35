"""The main menu as a person uses it: the Kegiatan menu opens and leads to every activity list, on a desktop
and, through the collapsed menu, on a phone."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTIVITY_PAGES = [
    ("Daftar rakor", "/kegiatan/rakor/", "Rapat koordinasi"),
    ("Kalender rakor", "/kegiatan/rakor/kalender/", "Kalender rapat koordinasi"),
    ("Tindak lanjut", "/kegiatan/rakor/tindak-lanjut/", "Tindak lanjut"),
    ("Pembekalan kader", "/kegiatan/pembekalan/", "Pembekalan kader"),
    ("Kegiatan sosialisasi", "/kegiatan/sosialisasi/", "Kegiatan sosialisasi"),
    ("Evaluasi lokus", "/kegiatan/evaluasi/", "Evaluasi lokus"),
    ("Target", "/kegiatan/target/", "Target"),
]


def test_kegiatan_menu_leads_to_every_activity_list(world, new_page, log_in, live_server, screenshots):
    page = new_page()
    log_in(page, world.users["tanggamus_staff"], PASSWORD)
    for label, path, heading in ACTIVITY_PAGES:
        page.get_by_role("button", name="Kegiatan").click()
        page.get_by_role("link", name=label, exact=True).click()
        page.wait_for_url(f"{live_server.url}{path}")
        assert heading in page.locator("h1").inner_text()
    page.get_by_role("button", name="Kegiatan").click()
    page.screenshot(path=screenshots / "menu-kegiatan.png")


def test_kegiatan_menu_on_a_phone(world, new_page, log_in, live_server):
    page = new_page(PHONE)
    log_in(page, world.users["tanggamus_staff"], PASSWORD)
    page.get_by_role("button", name="Buka menu").click()
    page.get_by_role("button", name="Kegiatan").click()
    page.get_by_role("link", name="Pembekalan kader", exact=True).click()
    page.wait_for_url(f"{live_server.url}/kegiatan/pembekalan/")
