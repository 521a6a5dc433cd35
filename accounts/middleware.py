"""Sign-in steps as middleware.

``HtmxSignInMiddleware``: an HTMX request sent to a sign-in step sends the whole page there.
``TwoFactorMiddleware``: until a user who needs two-factor sign-in has given a code in this session, they
reach only the second step (setup or code prompt), the logout and the static files.
Both are installed after django-otp's OTPMiddleware, the HTMX one first (it wraps the other).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import QueryDict
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from .two_factor import has_confirmed_device, requires_two_factor

OPEN_URL_NAMES = (
    "accounts:two_factor_verify",
    "accounts:two_factor_setup",
    "accounts:logout",
    "set_language",
)


SIGN_IN_URL_NAMES = ("accounts:two_factor_verify", "accounts:two_factor_setup")  # and settings.LOGIN_URL
REDIRECT_FIELD = "next"


class HtmxSignInMiddleware:
    """The one place where an HTMX request meets the sign-in: when the answer is a redirect to the login
    (the session ended while the page was open) or to the second sign-in step, HTMX would follow it and put
    the sign-in page inside the fragment (a suggestion list, a calendar, a table). Instead the whole page
    goes there (``HX-Redirect``), and comes back afterwards to the page the user was on (``HX-Current-URL``),
    never to the fragment's own URL."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._paths: frozenset[str] | None = None

    def sign_in_paths(self) -> frozenset[str]:
        if self._paths is None:
            names = (resolve_url(settings.LOGIN_URL), *(reverse(name) for name in SIGN_IN_URL_NAMES))
            self._paths = frozenset(urlsplit(name).path for name in names)
        return self._paths

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.headers.get("HX-Request") == "true"
            and response.status_code in (301, 302, 303, 307, 308)
            and urlsplit(response["Location"]).path in self.sign_in_paths()
        ):
            return HttpResponseClientRedirect(self.target(request, response["Location"]))
        return response

    @staticmethod
    def target(request, location: str) -> str:
        parts = urlsplit(location)
        query = QueryDict(parts.query, mutable=True)
        query.pop(REDIRECT_FIELD, None)
        page = HtmxDetails(request).current_url_abs_path  # None unless on this site
        if page:
            query[REDIRECT_FIELD] = page
        return parts._replace(query=query.urlencode(safe="/")).geturl()


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
        return redirect(target)  # for an HTMX request, the whole page (HtmxSignInMiddleware)
