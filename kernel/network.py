"""The client's address, told apart behind a known number of reverse proxies.

Behind a proxy every request arrives from the proxy's address (``REMOTE_ADDR``), so the sign-in lockout
(django-axes, keyed on username and address) would lock an account for everyone at once, and the audit
trails would record the proxy. ``X-Forwarded-For`` carries the real address, but any client can send that
header with whatever it likes: only the entries appended by proxies we run can be believed.

``SIDP3_TRUSTED_PROXIES`` (default 0) is the number of proxies in front of the application server. Each of
them appends the address it received the request from, so with N proxies the client is the N-th entry from
the right; whatever stands further left was sent by the client and is ignored. With 0, the header is never
read. A header with fewer entries than proxies (a request that bypassed one) falls back to ``REMOTE_ADDR``.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The address of the client that sent ``request`` (a string), or None when there is none."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.SIDP3_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    entries = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(entries) < proxies:
        return remote
    return _valid(entries[-proxies]) or remote
