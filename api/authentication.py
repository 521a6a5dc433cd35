"""Machine clients' tokens (accounts.models.APIClient): ``Authorization: Bearer sidp3_<prefix>_<secret>``.

A request with such a header is the client's, acting as its own account (``APIClient.user``) through the one
access policy; it needs no CSRF token (no cookie carries it). An unknown, revoked or expired token is a 401
(``authenticate_header``), never a fall back to the session. A request without the header goes on to the
session (browsers and the phone app), whose writes still need CSRF (DRF's SessionAuthentication).

The Django request is marked with the client (``request.api_client``) for the call log (api/middleware.py).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from accounts.api_clients import api_client_for_token, api_client_mark_used
from accounts.choices import APIClientStatus

KEYWORD = "Bearer"


class ClientTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Header Authorization tidak sah: tulis “Bearer <token>”, tanpa spasi di dalam token.")
            )
        try:
            token = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Token klien API tidak dikenal.")) from exc
        client = api_client_for_token(token)
        if client is None:
            raise exceptions.AuthenticationFailed(_("Token klien API tidak dikenal."))
        now = timezone.now()
        status = client.status_at(now)
        if status == APIClientStatus.REVOKED or not client.user.is_active:
            raise exceptions.AuthenticationFailed(_("Token klien API ini sudah dicabut."))
        if status == APIClientStatus.EXPIRED:
            raise exceptions.AuthenticationFailed(_("Token klien API ini sudah kedaluwarsa."))
        api_client_mark_used(client=client, now=now)
        request._request.api_client = client
        return client.user, client

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="api"'


def client_of(request):
    """The API client a DRF request was made by, or None (a session, or no one)."""
    from accounts.models import APIClient

    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, APIClient) else None
