"""What every page carries: the favicon (linked, and /favicon.ico answered) and the language menu, each
language named in itself whatever the page's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse


def _options(html: str) -> dict[str, str]:
    """The language menu's options: value → label."""
    menu = html.split('id="language-switch"', 1)[1].split("</select>", 1)[0]
    options = {}
    for chunk in menu.split("<option")[1:]:
        value = chunk.split('value="', 1)[1].split('"', 1)[0]
        options[value] = chunk.split(">", 1)[1].split("</option", 1)[0].strip()
    return options


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_language_menu_names_each_language_in_itself(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("accounts:login")).content.decode()
    assert _options(html) == {"id": "Bahasa Indonesia", "en": "English"}
    assert 'lang="en"' in html.split('id="language-switch"', 1)[1]


@pytest.mark.django_db
def test_favicon_is_linked_and_answered(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in html and "/static/favicon.png" in html
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/favicon.ico"
    # WhiteNoise serves the target (not in tests, where DEBUG is off and nothing is collected): it is there
    icon = finders.find("favicon.ico")
    assert icon and Path(icon).read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
    for name in ("favicon.svg", "favicon.png"):
        assert finders.find(name), name
