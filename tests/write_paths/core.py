"""The language switch of the navigation bar; the Django admin is left out."""

from __future__ import annotations

from django.conf import settings

from tests.write_paths import Write


def _language_is_english(call, response):
    assert response["Location"] == "/lokus/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


WRITES = {
    "set_language": Write(
        actor="tanggamus_staff",
        data=lambda call: {"language": "en", "next": "/lokus/"},
        check=_language_is_english,
    ),
}

NOT_WRITES = {
    "admin:*": (
        "The Django admin is for the superusers who operate the system, not for office users; its forms are "
        "Django's own (tests/accounts/test_admin.py covers what SIDP3 adds to it)."
    ),
}
