"""An administrator makes an API client in a real browser: the form, the token shown once and copied with the
button, the token working at once, and the client's page with its calls; on a desktop and on a phone, without
one Content-Security-Policy violation or script error."""

from __future__ import annotations

import pytest

from accounts.models import APIClient
from tests.browser.conftest import PHONE
from tests.browser.test_security_headers import watch_console
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1366, "height": 900}


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
def test_create_copy_and_use_a_token(world, new_page, log_in, screenshots, viewport):
    width = "desktop" if viewport == WIDE else "phone"
    page = new_page(viewport)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    problems = watch_console(page)
    log_in(page, world.users["tanggamus_admin"], PASSWORD)

    page.goto("/accounts/klien-api/")
    page.get_by_role("link", name="Buat klien API").click()
    page.fill("input[name=name]", "Gudang data Tanggamus")
    page.get_by_label("Baca saja").check()
    page.get_by_label("180 hari").check()
    page.screenshot(path=str(screenshots / f"api-client-form-{width}.png"), full_page=True)
    page.get_by_role("button", name="Buat klien dan tampilkan token").click()

    page.get_by_text("token hanya ditampilkan sekali").wait_for()
    token = page.locator("#api-token").input_value()
    assert token.startswith("sidp3_")
    page.get_by_role("button", name="Salin").click()
    page.get_by_role("button", name="Tersalin").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == token
    page.screenshot(path=str(screenshots / f"api-client-token-{width}.png"), full_page=True)

    # The token works at once, without the session: a fresh request context, no cookies.
    api = page.context.request
    for path in ("/api/v1/loci/", "/api/v1/provinces/?page_size=5", f"/api/v1/loci/{10**9}/"):
        api.get(path, headers={"Authorization": f"Bearer {token}"})
    page.get_by_role("link", name="Saya sudah menyimpannya").click()
    page.get_by_text("Panggilan terakhir").wait_for()
    assert token not in page.content()
    assert page.locator("table.api-calls tbody tr").count() == 3
    page.screenshot(path=str(screenshots / f"api-client-detail-{width}.png"), full_page=True)

    page.goto("/accounts/klien-api/")
    page.get_by_role("link", name="Gudang data Tanggamus").wait_for()
    page.screenshot(path=str(screenshots / f"api-client-list-{width}.png"), full_page=True)
    client = APIClient.objects.get(name="Gudang data Tanggamus")
    assert client.calls.count() == 3 and token not in client.token_hash
    assert not problems, "\n".join(problems)
