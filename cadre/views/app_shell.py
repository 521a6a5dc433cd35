"""The offline cadre app's shell, its service worker and its web app manifest (``/kader-app/``).

The shell (``cadre_app/app.html``) holds no personal data: the cadre's profile, reports, schedule and figures
come from the API (``/api/v1/app/``) and are kept on the phone (IndexedDB) by ``static/cadre-app/app.js``.
The service worker is served from ``/kader-app/sw.js`` so that its scope is the whole app; it precaches the
shell and its files under a version made from their contents, so a deploy that changes any of them installs
a new worker and drops the old cache.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views import View
from django.views.decorators.cache import never_cache

SHELL_TEMPLATE = "cadre_app/app.html"
WORKER_SOURCE = "cadre-app/sw.js"
# What the shell loads (the first load) and what the app loads later (the QR reader); all kept offline.
SHELL_STATIC = (
    "vendor/bootstrap/bootstrap.min.css",
    "css/sidp3.css",
    "cadre-app/app.css",
    "cadre-app/app.js",
    "favicon.svg",
    "cadre-app/icon-192.png",
)
LATER_STATIC = ("vendor/jsqr/jsQR.js", "cadre-app/icon-512.png")
ICONS = (
    ("cadre-app/icon-192.png", "192x192", "any"),
    ("cadre-app/icon-512.png", "512x512", "any"),
    ("cadre-app/icon-512-maskable.png", "512x512", "maskable"),
)
# The app may use the camera (QR code of a training session); every other page of SIDP3 may not.
APP_PERMISSIONS_POLICY = settings.PERMISSIONS_POLICY.replace("camera=()", "camera=(self)")


def _source(name: str) -> bytes:
    found = finders.find(name)
    if not found:
        return name.encode()
    with open(found, "rb") as handle:
        return handle.read()


def _template_source() -> bytes:
    from django.template.loader import get_template

    return get_template(SHELL_TEMPLATE).template.source.encode()


def _compute_worker() -> tuple[str, str]:
    """The worker's script and its version: a hash of the worker's source, the shell's template and every
    precached file (their URLs too, which are content-hashed in production)."""
    precache = [reverse("cadre_app:home"), reverse("cadre_app:manifest")]
    precache += [static(name) for name in SHELL_STATIC + LATER_STATIC]
    digest = hashlib.sha256()
    source = _source(WORKER_SOURCE)
    for part in [source, _template_source(), json.dumps(precache).encode()]:
        digest.update(part)
    for name in SHELL_STATIC + LATER_STATIC + tuple(icon[0] for icon in ICONS):
        digest.update(_source(name))
    version = digest.hexdigest()[:16]
    header = (
        f"const VERSION = {json.dumps(version)};\n"
        f"const SHELL_URL = {json.dumps(reverse('cadre_app:home'))};\n"
        f"const PRECACHE = {json.dumps(precache)};\n"
    )
    return header + source.decode(), version


_cached_worker = lru_cache(maxsize=1)(_compute_worker)


def worker_script() -> tuple[str, str]:
    """Computed once a process in production; on every request where static files change under our feet."""
    if settings.DEBUG or getattr(settings, "WHITENOISE_AUTOREFRESH", False):
        return _compute_worker()
    return _cached_worker()


class ServiceWorkerView(View):
    """``/kader-app/sw.js``: the service worker, scoped to ``/kader-app/``, never cached by the browser (its
    own update check compares the bytes)."""

    @staticmethod
    def get(request):
        script, version = worker_script()
        response = HttpResponse(script, content_type="application/javascript; charset=utf-8")
        response["Service-Worker-Allowed"] = reverse("cadre_app:home")
        response["Cache-Control"] = "no-cache"
        response["X-SIDP3-App-Version"] = version
        return response


class ManifestView(View):
    """``/kader-app/manifest.webmanifest``: what makes the app installable ("SIDP3 Kader")."""

    @staticmethod
    @never_cache
    def get(request):
        home = reverse("cadre_app:home")
        manifest = {
            "name": "SIDP3 Kader",
            "short_name": "SIDP3 Kader",
            "description": "Aplikasi kader DP3: laporan kegiatan, presensi, jadwal dan angka lokus.",
            "lang": "id",
            "start_url": home,
            "scope": home,
            "id": home,
            "display": "standalone",
            "orientation": "portrait",
            "background_color": "#ffffff",
            "theme_color": "#b3131b",
            "icons": [
                {"src": static(name), "sizes": sizes, "type": "image/png", "purpose": purpose}
                for name, sizes, purpose in ICONS
            ],
        }
        return JsonResponse(
            manifest, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
        )
