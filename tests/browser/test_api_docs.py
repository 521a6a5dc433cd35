"""The API reference (/api/v1/docs/) in a real browser: Swagger UI loads from this site's static files, lists
the API's paths and runs a request, without one Content-Security-Policy violation or script error."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_security_headers import watch_console
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_api_reference_renders_and_runs_a_request(world, new_page, log_in, screenshots, viewport):
    page = new_page(viewport)
    problems = watch_console(page)
    log_in(page, world.users["tanggamus_viewer"], PASSWORD)
    page.goto("/api/v1/docs/")
    page.get_by_text("SIDP3 API").first.wait_for()
    page.locator(".opblock-summary-path", has_text="/api/v1/loci/").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    page.locator(".live-responses-table .response-col_status", has_text="200").first.wait_for()
    width = "desktop" if viewport == DESKTOP else "phone"
    page.screenshot(path=str(screenshots / f"api-docs-{width}.png"))
    assert not problems, "\n".join(problems)
