"""The Content-Security-Policy in a real browser: a national administrator sets up two-factor sign-in (QR
code, secret, first code, backup codes), then opens the main pages; not one CSP violation or script error may
appear in the console. Also the region search suggestions and the language switch, which run static JS."""

from __future__ import annotations

import base64
import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD
from tests.two_factor import code_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAIN_PAGES = [
    "home",
    "locus:region_index",
    "locus:locus_list",
    "locus:locus_create",
    "locus:ranking",
    "locus:locus_import",
    "cadre:cadre_list",
    "cadre:cadre_import",
    "activities:meeting_list",
    "activities:meeting_calendar",
    "activities:meeting_create",
    "activities:follow_up_list",
    "activities:training_list",
    "activities:activity_list",
    "activities:evaluation_list",
    "activities:target_list",
    "activities:target_create",
    "reports:job_list",
    "accounts:user_list",
    "accounts:user_create",
    "accounts:office_list",
]


def watch_console(page) -> list[str]:
    problems: list[str] = []

    def on_console(message):
        text = message.text
        if message.location.get("url", "").endswith("/favicon.ico"):
            return  # no favicon: the browser's own request, not a page's
        if message.type == "error" or "Content Security Policy" in text or "Refused to" in text:
            problems.append(f"{page.url}: {message.type}: {text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: script error: {error}"))
    return problems


def test_two_factor_setup_and_the_main_pages_without_a_csp_violation(
    world, new_page, live_server, screenshots
):
    user = world.users["national_admin"]
    page = new_page()
    problems = watch_console(page)

    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/accounts/verifikasi/pasang/**")
    assert page.locator(".two-factor-qr svg").is_visible()
    secret = page.locator("[data-secret]").inner_text().replace(" ", "")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key
    page.screenshot(path=screenshots / "two-factor-setup.png", full_page=True)

    page.fill("input[name=code]", code_for(device))
    page.click("main form button[type=submit]")
    codes = page.locator(".two-factor-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", code) for code in codes)
    page.screenshot(path=screenshots / "two-factor-backup-codes.png")
    page.get_by_role("link", name="Saya sudah menyimpannya, lanjutkan").click()
    page.wait_for_url(f"{live_server.url}/")

    for name in dict.fromkeys(MAIN_PAGES):
        response = page.goto(reverse(name))
        assert response.status == 200, f"{name}: {response.status}"
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        page.wait_for_load_state("networkidle")
    page.goto(reverse("accounts:user_detail", args=[world.users["tanggamus_staff"].pk]))
    page.wait_for_load_state("networkidle")

    # Static JS still drives the pages: the office chooser hides the lists the level does not need…
    page.goto(reverse("accounts:user_create"))
    page.get_by_label("KPU RI", exact=True).check()
    assert page.locator("[data-office-level=kabupaten]").is_hidden()
    # …the region search suggests, and the language switch submits itself.
    page.goto(reverse("locus:region_index"))
    page.fill("input[name=q]", "Gunung")
    page.wait_for_selector("#region-suggestions a")
    # The switch submits itself on change: wait for that navigation, not only for a quiet network.
    with page.expect_navigation():
        page.select_option("#language-switch", "en")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=screenshots / "csp-region-search.png")

    assert not problems, "\n".join(problems)


def test_a_person_signing_in_again_types_the_code(world, new_page, log_in, live_server):
    page = new_page()
    problems = watch_console(page)
    log_in(page, world.users["lampung_admin"], PASSWORD)
    assert page.locator("h1").count() >= 1
    assert not problems, "\n".join(problems)
