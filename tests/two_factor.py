"""Two-factor sign-in in tests: a real authenticator device (django-otp's TOTPDevice) and its codes.

``tests/conftest.py``'s ``client`` fixture is a ``TwoFactorClient``: its ``force_login`` signs in as Django's
does and, for a user who needs two-factor sign-in, also verifies the session with ``django_otp.login`` and a
real confirmed device, as the code prompt would. A test of the second step itself uses ``password_client``
(force_login without the code: the session stops at the second step).
"""

from __future__ import annotations

import time

from django.http import HttpRequest
from django.test import Client
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import requires_two_factor


def authenticator(user) -> TOTPDevice:
    """The user's confirmed authenticator, made on first use (a random secret, as a real setup)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Aplikasi autentikator", confirmed=True)
    return device


def code_for(device: TOTPDevice, *, offset: int = 0) -> str:
    """The code the user's phone shows now (``offset`` steps later or earlier), as a 6-digit string. When
    the current step's code has already been used, the next step's (within the device's tolerance)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    step = max(totp.t() + offset, device.last_t + 1) if offset >= 0 else totp.t() + offset
    totp.time = device.t0 + step * device.step
    return f"{totp.token():0{device.digits}d}"


def verify_session(client: Client, user) -> None:
    """Mark the client's session as verified by the user's authenticator (django_otp.login)."""
    request = HttpRequest()
    request.session = client.session
    request.user = user
    otp_login(request, authenticator(user))
    request.session.save()


class TwoFactorClient(Client):
    """A test client whose force_login is a whole sign-in: password and, when needed, the second step."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        # A fresh instance: Django caches permissions on the object, which may predate a grant.
        if requires_two_factor(type(user).objects.get(pk=user.pk)):
            verify_session(self, user)
