import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Indonesian unless the user chose another language with the switch (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an officer whose browser is in
    English would get English without asking for it; SIDP3 speaks Indonesian by default.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class SecurityHeadersMiddleware:
    """The headers Django's SecurityMiddleware does not set: Permissions-Policy (no camera, microphone,
    location… for any page) and Cross-Origin-Resource-Policy (no other site embeds anything of SIDP3)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class PrivateResponsesMiddleware:
    """``Cache-Control: private, no-store`` on every answer to a signed-in user: pages, HTMX fragments (the
    full-NIK reveal), downloads and exports hold personal data that no browser cache, proxy or shared disk may
    keep. Static files never get here (WhiteNoise answers them before the session is read)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Asked before the view too: signing out ends the session, yet its answer went to a signed-in user.
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if signed_in or request.user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response


class IdleSessionMiddleware:
    """Keeps a signed-in session alive while it is used. Its expiry is ``SESSION_COOKIE_AGE`` after it was
    last saved; this renews it by marking the session changed (so that ``SessionMiddleware`` saves it) when
    the last renewal is ``SESSION_RENEW_SECONDS`` old or more. A session so ends between
    ``SESSION_COOKIE_AGE − SESSION_RENEW_SECONDS`` and ``SESSION_COOKIE_AGE`` after its last request, at the
    cost of one write a minute per active user rather than one per request. Sessions of nobody signed in
    are left alone (no session row is made for a visitor)."""

    KEY = "_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.modified or session.session_key is None:
            return response
        if session.get(SESSION_KEY) is None:
            return response
        now = int(time.time())
        if now - session.get(self.KEY, 0) >= settings.SESSION_RENEW_SECONDS:
            session[self.KEY] = now
        return response


def session_renewed_at_login(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: signing in saves the session (a new key, a new expiry), so it counts as
    a renewal and the next request needs no write."""
    request.session[IdleSessionMiddleware.KEY] = int(time.time())
