"""Until a user who needs two-factor sign-in has given a code in this session, they reach only the second
step (setup or code prompt), the logout and the static files. Installed after django-otp's OTPMiddleware."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from .two_factor import has_confirmed_device, requires_two_factor

OPEN_URL_NAMES = (
    "accounts:two_factor_verify",
    "accounts:two_factor_setup",
    "accounts:logout",
    "set_language",
)


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths: frozenset[str] | None = None

    def open_paths(self) -> frozenset[str]:
        if self._open_paths is None:
            self._open_paths = frozenset(reverse(name) for name in OPEN_URL_NAMES)
        return self._open_paths

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(settings.STATIC_URL)
            and request.path not in self.open_paths()
            and requires_two_factor(user, request.session)
            and not user.is_verified()
        ):
            return self.second_step(request, user)
        return self.get_response(request)

    def second_step(self, request, user):
        name = "accounts:two_factor_verify" if has_confirmed_device(user) else "accounts:two_factor_setup"
        target = reverse(name)
        next_url = request.get_full_path()
        if request.method == "GET" and url_has_allowed_host_and_scheme(next_url, allowed_hosts=None):
            target = f"{target}?{urlencode({'next': next_url})}"
        if request.headers.get("HX-Request") == "true":
            # An HTMX request gets no page fragment: the browser goes to the second step as a whole page.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
