"""Security headers on every answer, and templates that the Content-Security-Policy lets run unchanged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Rendered to PDF by WeasyPrint on the server, never shown by a browser.
PDF_TEMPLATES = {"activities/meeting_minutes_pdf.html", "reports/pdf/base.html"}


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_page_carries_the_security_headers(client, world, signed_in):
    if signed_in:
        client.force_login(world.users["national_admin"])
    response = client.get(reverse("home") if signed_in else reverse("accounts:login"))
    assert response.status_code == 200
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip()
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'" and "unsafe" not in response["Content-Security-Policy"]
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert policy["form-action"] == "'self'" and policy["base-uri"] == "'self'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert (
        "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    )


def _browser_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name not in PDF_TEMPLATES:
            yield name, path.read_text()


def test_no_template_has_an_inline_script_handler_or_style():
    problems = []
    for name, text in _browser_templates():
        for match in re.finditer(r"<script\b([^>]*)>", text):
            attributes = match.group(1)
            if "src=" not in attributes and "application/json" not in attributes:
                problems.append(f"{name}: inline <script>")
        if re.search(r"<style\b", text):
            problems.append(f"{name}: <style> element")
        if re.search(r"\sstyle=\"", text):
            problems.append(f"{name}: style attribute")
        if re.search(r"\son[a-z]+=\"", text):
            problems.append(f"{name}: inline event handler")
        if "javascript:" in text:
            problems.append(f"{name}: javascript: URL")
        if re.search(r"hx-(trigger|vals|on)[^>]*(\[|js:)", text):
            problems.append(f"{name}: an HTMX attribute that needs eval")
    assert not problems, "\n".join(problems)


def test_the_progress_bars_take_their_width_from_a_class():
    from kernel.templatetags.dp3_tags import bar_width

    assert bar_width(37.4) == "w-pct-37"
    assert bar_width(140) == "w-pct-100" and bar_width(-3) == "w-pct-0" and bar_width(None) == "w-pct-0"
    css = (Path(settings.BASE_DIR) / "static" / "css" / "sidp3.css").read_text()
    assert all(f".w-pct-{n} {{ width: {n}%; }}" in css for n in range(101))


def test_signed_in_answers_are_never_cached(client, world):
    """Personal data (pages, the full-NIK reveal, exports) stays out of browser and proxy caches; every URL
    of the access table is checked the same way in ``tests/test_access.py``."""
    client.force_login(world.users["tanggamus_admin"])
    for url in (reverse("home"), reverse("cadre:cadre_list"), reverse("locus:locus_list")):
        assert client.get(url)["Cache-Control"] == "private, no-store", url
