"""Rates: each signed-in user SIDP3_API_RATE requests, as before; each machine client
SIDP3_API_CLIENT_RATE (e.g. "5000/hour"), counted by client, apart from any user's."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle

from .authentication import client_of


class SessionUserRateThrottle(UserRateThrottle):
    """DRF's per-user rate, for the users of a session only: a client is counted by its own rate."""

    def get_cache_key(self, request, view):
        if client_of(request) is not None:
            return None
        return super().get_cache_key(request, view)


class ClientRateThrottle(SimpleRateThrottle):
    scope = "api_client"

    def get_rate(self) -> str:
        return settings.SIDP3_API_CLIENT_RATE  # read at each request (a changed setting applies at once)

    def get_cache_key(self, request, view):
        client = client_of(request)
        if client is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": client.pk}
