"""Browser tests: Playwright driving Debian's Chromium (``/usr/bin/chromium``, or ``SIDP3_CHROMIUM``) against
pytest-django's ``live_server``.

``playwright install`` is not used: the browser comes from the system. When it is missing, the tests fail
with the reason in CI (``SIDP3_REQUIRE_SERVICES`` or ``CI`` set) and are skipped elsewhere.
Screenshots go to ``var/screenshots/`` (not in git) for a person to look at.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import _services_required

# Playwright's sync API runs an event loop in this thread; the Django ORM refuses to run inside one unless
# told that this is deliberate. The test thread only sets up data; requests are served by the live server.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("SIDP3_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _unavailable(reason: str):
    if _services_required():
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    executable = CHROMIUM if os.path.isabs(CHROMIUM) else shutil.which(CHROMIUM)
    if not executable or not os.access(executable, os.X_OK):
        _unavailable(
            f"needs Chromium at {CHROMIUM} (Debian: apt-get install chromium; or set SIDP3_CHROMIUM)"
        )
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        _unavailable("needs the playwright package (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
        except Error as exc:
            _unavailable(f"Chromium at {executable} does not start: {exc}")
        yield chromium
        chromium.close()


@pytest.fixture
def screenshots() -> Path:
    folder = Path(settings.BASE_DIR) / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def new_page(browser, live_server):
    """Open a page in a fresh browser context (no cookies) at a given viewport, against the live server."""
    contexts = []

    def open_page(viewport: dict = DESKTOP):
        context = browser.new_context(viewport=viewport, base_url=live_server.url, locale="id-ID")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def log_in(live_server):
    """Sign in through the login form, as a person does; ends on the home page. A user who needs two-factor
    sign-in has an authenticator (tests/two_factor.py) and types its current code at the prompt."""
    from accounts.two_factor import requires_two_factor
    from tests.two_factor import authenticator, code_for

    def sign_in(page, user, password: str):
        device = authenticator(user) if requires_two_factor(user) else None
        page.goto("/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        page.click("main form button[type=submit]")
        if device is not None:
            page.wait_for_url(f"{live_server.url}/accounts/verifikasi/**")
            page.fill("input[name=code]", code_for(device))
            page.click("main form button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")

    return sign_in
