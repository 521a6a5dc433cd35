"""The regency office invites a cadre in a real browser (the link and its QR code, shown once), and the cadre
opens the link on a phone, sets a PIN and lands in the cadre app; on a desktop and on a phone, without one
Content-Security-Policy violation or script error."""

from __future__ import annotations

import pytest

from tests.activities.factories_evaluations import locus_at
from tests.activities.factories_trainings import cadre
from tests.browser.conftest import PHONE
from tests.browser.test_security_headers import watch_console
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1366, "height": 900}


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
def test_invite_a_cadre_and_set_a_pin_on_the_phone(world, new_page, log_in, screenshots, viewport):
    width = "desktop" if viewport == WIDE else "phone"
    member = cadre(locus_at(world.gunung_kasih), "Siti Aminah")
    page = new_page(viewport)
    problems = watch_console(page)
    log_in(page, world.users["tanggamus_staff"], PASSWORD)

    page.goto(member.get_absolute_url())
    page.get_by_role("button", name="Undang ke aplikasi kader").click()
    page.get_by_text("Tautan ini hanya ditampilkan sekali").wait_for()
    link = page.locator("#invitation-url").input_value()
    assert "/kader-app/undangan/" in link
    assert page.locator(".invitation-qr svg").bounding_box()["width"] > 150
    page.screenshot(path=str(screenshots / f"cadre-invitation-{width}.png"), full_page=True)

    phone = new_page(PHONE)
    phone_problems = watch_console(phone)
    phone.goto(link)
    phone.get_by_role("heading", name="Atur PIN").wait_for()
    phone.get_by_label("PIN (6 angka)").fill("111111")
    phone.get_by_label("Ulangi PIN").fill("111111")
    phone.get_by_role("button", name="Simpan PIN dan masuk").click()
    phone.get_by_text("PIN terlalu mudah ditebak").wait_for()
    phone.screenshot(path=str(screenshots / f"cadre-pin-error-{width}.png"), full_page=True)
    phone.get_by_label("PIN (6 angka)").fill("482913")
    phone.get_by_label("Ulangi PIN").fill("482913")
    phone.get_by_role("button", name="Simpan PIN dan masuk").click()
    phone.get_by_text("Siti Aminah").wait_for()
    phone.screenshot(path=str(screenshots / f"cadre-app-home-{width}.png"), full_page=True)
    # The officers' pages send the cadre back to the cadre app.
    phone.goto("/kader/")
    assert phone.url.endswith("/kader-app/")

    page.goto(member.get_absolute_url())
    page.get_by_role("button", name="Cabut perangkat").wait_for()
    page.screenshot(path=str(screenshots / f"cadre-devices-{width}.png"), full_page=True)
    assert not problems and not phone_problems
