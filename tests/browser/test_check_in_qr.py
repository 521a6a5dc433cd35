"""The office's check-in QR page of a training session, on a desktop and on a phone: the QR code, the link,
the code and the days it holds, without a Content-Security-Policy violation or a script error."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.activities.factories_evaluations import locus_at
from tests.activities.factories_trainings import session
from tests.browser.conftest import PHONE
from tests.browser.test_security_headers import watch_console
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1366, "height": 900}


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
def test_the_sessions_check_in_qr_page(world, new_page, log_in, screenshots, viewport):
    staff = world.users["tanggamus_staff"]
    today = session(staff, [locus_at(world.gunung_kasih)], number=2, day=dt.date.today())
    page = new_page(viewport)
    problems = watch_console(page)
    log_in(page, staff, PASSWORD)
    page.goto(today.get_absolute_url())
    page.get_by_role("link", name="QR presensi").click()
    page.locator("svg").first.wait_for()
    assert "/kader-app/presensi/" in page.locator("#check-in-url").input_value()
    assert page.get_by_text("Kode ini tidak berlaku hari ini.").count() == 0
    width = "desktop" if viewport == WIDE else "phone"
    page.screenshot(path=str(screenshots / f"check-in-qr-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert not problems, "\n".join(problems)
