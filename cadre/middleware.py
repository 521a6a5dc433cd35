"""The one place where a cadre's account meets the officers' site (``CadreAppMiddleware``).

A signed-in cadre (role ``kader``) reaches the cadre app (``/kader-app/``), the API (through the same access
policy), the static files, the logout and the language switch; any other page sends them to the cadre app
(a GET) or is refused (403). Each of their requests checks that the device the session was signed in on is
still usable: a device revoked by the office (a lost phone), locked by wrong PINs or expired, or an account
revoked, signs the session out at once. Installed after the authentication middleware, before the second
sign-in step (which never asks a cadre: ``accounts.two_factor.requires_two_factor``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from .accounts import session_device_valid, touch_device

SESSION_DEVICE_KEY = "cadre_device_id"
SESSION_SEEN_KEY = "cadre_device_seen"
TOUCH_SECONDS = 3600
OPEN_PREFIXES = ("/kader-app/", "/api/")
OPEN_URL_NAMES = ("accounts:logout", "set_language")


class CadreAppMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._open: tuple[str, ...] | None = None

    def open_paths(self) -> tuple[str, ...]:
        if self._open is None:
            self._open = tuple(reverse(name) for name in OPEN_URL_NAMES)
        return self._open

    def __call__(self, request):
        user = request.user
        if not (user.is_authenticated and getattr(user, "is_cadre", False)):
            return self.get_response(request)
        device_id = request.session.get(SESSION_DEVICE_KEY)
        if not session_device_valid(user, device_id):
            logout(request)
            return self.get_response(request)
        self.seen(request, device_id)
        path = request.path
        if (
            path.startswith(OPEN_PREFIXES)
            or path.startswith(settings.STATIC_URL)
            or path in self.open_paths()
        ):
            return self.get_response(request)
        if request.method in ("GET", "HEAD"):
            return redirect("cadre_app:home")
        raise PermissionDenied

    @staticmethod
    def seen(request, device_id: int) -> None:
        """Renews the device's expiry at most once an hour of use."""
        now = int(timezone.now().timestamp())
        if now - request.session.get(SESSION_SEEN_KEY, 0) >= TOUCH_SECONDS:
            touch_device(device_id)
            request.session[SESSION_SEEN_KEY] = now
