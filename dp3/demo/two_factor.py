"""The demo accounts that need two-factor sign-in get an authenticator with one fixed, documented secret
(README: "Demo logins"), so that anyone trying the demo can add it to a phone app or ask ``demo_otp``."""

from __future__ import annotations

import base64
import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import DEVICE_NAME, requires_two_factor

# Base32, as an authenticator app takes it: "KPU desa peduli pemilu dan pemilihan".
DEMO_TOTP_SECRET = "KPUDESAPEDULIPEMILUDANPEMILIHAN2"  # noqa: S105 — documented demo secret, never in production
DEMO_TOTP_KEY = base64.b32decode(DEMO_TOTP_SECRET).hex()


def seed_demo_authenticators(users) -> list[str]:
    """A confirmed authenticator with the demo secret for each demo account that needs one; returns their
    usernames. Idempotent: an existing device gets the demo secret back."""
    names = []
    for user in users:
        if not requires_two_factor(user):
            continue
        TOTPDevice.objects.filter(user=user).exclude(name=DEVICE_NAME).delete()
        TOTPDevice.objects.update_or_create(
            user=user,
            name=DEVICE_NAME,
            defaults={"key": DEMO_TOTP_KEY, "confirmed": True, "last_t": -1, "drift": 0},
        )
        names.append(user.username)
    return names


def demo_code(device: TOTPDevice, *, at: float | None = None) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"
