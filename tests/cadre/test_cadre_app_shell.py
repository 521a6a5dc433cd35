"""The offline cadre app's shell, service worker and manifest (``/kader-app/``): the shell for a signed-in
cadre only (with the CSRF cookie its API calls send back, the camera allowed, blob: images for the photo
previews), no personal data in it; the worker scoped to the app, never cached, versioned by its files'
contents; the manifest that makes it installable."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from cadre import accounts
from cadre.views import app_shell
from tests.activities.factories_evaluations import locus_at
from tests.activities.factories_trainings import cadre

pytestmark = pytest.mark.django_db

PIN = "482913"


@pytest.fixture
def phone(client, world):
    member = cadre(locus_at(world.gunung_kasih), "Siti Aminah")
    invitation = accounts.invite_cadre(world.users["tanggamus_staff"], member)
    response = client.post(invitation.path, {"pin": PIN, "pin_confirm": PIN}, HTTP_USER_AGENT="Android 13")
    assert response.status_code == 302
    return client


def test_the_shell_for_a_signed_in_cadre(phone):
    response = phone.get(reverse("cadre_app:home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'rel="manifest"' in page and "cadre-app/app.js" in page and 'type="module"' in page
    assert "Siti Aminah" not in page and "<script>" not in page and "style=" not in page
    assert "csrftoken" in response.cookies
    assert "camera=(self)" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    csp = response["Content-Security-Policy"]
    assert "img-src 'self' data: blob:" in csp and "script-src 'self'" in csp
    # The landing of a session's QR code is the same shell; the app reads the code from the address.
    landing = phone.get(reverse("cadre_app:check_in", kwargs={"code": "abc:def"}))
    assert landing.status_code == 200 and "cadre-app/app.js" in landing.content.decode()


def test_the_shell_is_not_for_a_stranger_or_an_officer(client, world):
    stranger = client.get(reverse("cadre_app:home"))
    assert stranger.status_code == 200 and "cadre-app/app.js" not in stranger.content.decode()
    assert "camera=()" in stranger["Permissions-Policy"]
    client.force_login(world.users["tanggamus_staff"])
    officer = client.get(reverse("cadre_app:home"))
    assert "cadre-app/app.js" not in officer.content.decode()


def test_the_service_worker_is_scoped_to_the_app_and_never_cached(client):
    response = client.get(reverse("cadre_app:service_worker"))
    script = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/kader-app/"
    assert "no-cache" in response["Cache-Control"]
    version = response["X-SIDP3-App-Version"]
    assert f'const VERSION = "{version}";' in script
    precache = json.loads(script.split("const PRECACHE = ", 1)[1].split(";\n", 1)[0])
    assert "/kader-app/" in precache and "/kader-app/manifest.webmanifest" in precache
    assert any(url.endswith("cadre-app/app.js") for url in precache)
    assert any(url.endswith("vendor/jsqr/jsQR.js") for url in precache)


def test_the_version_follows_the_files(monkeypatch):
    _script, version = app_shell.worker_script()
    original = app_shell._source

    def changed(name):
        data = original(name)
        return data + b"// deployed again" if name == "cadre-app/app.js" else data

    monkeypatch.setattr(app_shell, "_source", changed)
    _script, new_version = app_shell.worker_script()
    assert new_version != version


def test_the_manifest_makes_it_installable(client):
    response = client.get(reverse("cadre_app:manifest"))
    manifest = json.loads(response.content)
    assert response["Content-Type"] == "application/manifest+json"
    assert manifest["name"] == "SIDP3 Kader"
    assert manifest["start_url"] == manifest["scope"] == "/kader-app/"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix(settings.STATIC_URL)), icon
