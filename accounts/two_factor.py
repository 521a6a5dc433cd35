"""Two-factor sign-in (django-otp): who needs it, setting up an authenticator app, checking codes, resetting.

Who: superusers, administrators of KPU RI and of a KPU Provinsi, and anyone holding ``cadre.view_full_nik``
(``requires_two_factor``). Such a user signs in with their password, then (``TwoFactorMiddleware``) reaches
nothing but the second step and the logout until a code is checked in this session:

- without a confirmed authenticator: the setup page shows a QR code (inline SVG, `kernel.qr`) and the
  secret as text; the first right 6-digit code confirms the device and gives ten backup codes, shown once;
- with one: a code prompt, which takes the app's 6-digit code or one backup code (each works once).

Wrong codes are throttled by django-otp per device (each failure doubles the wait: 1, 2, 4, 8… seconds), on
top of django-axes' lockout of the password step. An administrator may reset the devices of an account in
their jurisdiction and within their own rights (``two_factor_reset``, in the audit trail, notified to the
account's address): the user sets up a new authenticator at their next sign-in.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

import django_otp
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kernel.qr import qr_svg as kernel_qr_svg

from .audit import audit_record
from .choices import AuditAction

logger = logging.getLogger(__name__)

DEVICE_NAME = "Aplikasi autentikator"
BACKUP_DEVICE_NAME = "Kode cadangan"
TOTP_PATTERN = re.compile(r"^\d{6}$")
BACKUP_PATTERN = re.compile(r"^[a-z2-7]{8}$")


def requires_two_factor(user, session=None) -> bool:
    """Superusers, KPU RI and province administrators, and holders of ``cadre.view_full_nik``.

    With a ``session`` (each request, through the middleware) the permission's answer is remembered in it,
    stamped with ``permissions_token()``: any change of permissions or groups anywhere gives a new token, so
    the next request asks the database again; without a shared cache the answer is asked again after
    ``RECHECK_SECONDS`` at most."""
    if user is None or not user.is_authenticated or not user.is_active or user.is_cadre:
        return False  # a cadre's factor is the PIN of a phone the office invited (cadre/accounts.py)
    return _required_by_office(user) or may_read_full_nik(user, session)


FULL_NIK_PERMISSION = "cadre.view_full_nik"
SECOND_STEP_LEVELS = ("nasional", "provinsi")


def _required_by_office(user) -> bool:
    """The part of the rule that needs no permission: a superuser, or an administrator of KPU RI or of a
    KPU Provinsi."""
    if user.is_superuser:
        return True
    level = user.office.level if user.office_id else None
    return user.is_administrator and level in SECOND_STEP_LEVELS


def requires_two_factor_with(user, permissions: set[str]) -> bool:
    """``requires_two_factor`` for comparing accounts in their management (services._check_may_manage), given
    the account's permissions ("app_label.codename", its groups' included): active or not, an account is
    judged as it would be when active (a disabled account about to be reactivated)."""
    return _required_by_office(user) or FULL_NIK_PERMISSION in permissions


PERMISSIONS_TOKEN_KEY = "sidp3:permissions-token"  # noqa: S105 (a cache key)
FULL_NIK_SESSION_KEY = "sidp3_full_nik"
RECHECK_SECONDS = 300


def permissions_token() -> str:
    token = cache.get(PERMISSIONS_TOKEN_KEY)
    if token is None:
        cache.add(PERMISSIONS_TOKEN_KEY, uuid.uuid4().hex, None)
        token = cache.get(PERMISSIONS_TOKEN_KEY) or ""
    return token


def permissions_changed(**kwargs) -> None:
    """Signal receiver (apps.py): a permission, a group or a membership has changed."""
    cache.set(PERMISSIONS_TOKEN_KEY, uuid.uuid4().hex, None)


def may_read_full_nik(user, session=None) -> bool:
    if session is None:
        return user.has_perm(FULL_NIK_PERMISSION)
    token, now = permissions_token(), time.time()
    stamp = session.get(FULL_NIK_SESSION_KEY)
    if (
        isinstance(stamp, list)
        and len(stamp) == 4
        and stamp[0] == token
        and stamp[1] == user.pk
        and 0 <= now - stamp[2] < RECHECK_SECONDS
    ):
        return bool(stamp[3])
    answer = user.has_perm(FULL_NIK_PERMISSION)
    session[FULL_NIK_SESSION_KEY] = [token, user.pk, now, answer]
    return answer


def remember_at_login(sender, request, user, **kwargs) -> None:
    """Signal receiver (user_logged_in): ask once when signing in, not on the first page."""
    session = getattr(request, "session", None)
    if session is not None:
        requires_two_factor(user, session)


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def totp_setup_device(*, user) -> TOTPDevice:
    """The unconfirmed authenticator being set up (kept across reloads of the setup page, so that the QR code
    stays the same); refused when the user already has a confirmed one."""
    if has_confirmed_device(user):
        raise ValidationError(_("Akun ini sudah memiliki aplikasi autentikator."))
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed: base32, in groups of four."""
    import base64

    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL of the device as an inline SVG QR code (no image request, nothing leaves the
    server). The SVG carries a title for screen readers."""
    return kernel_qr_svg(device.config_url, title=_("Kode QR untuk aplikasi autentikator"))


def _throttled_message(device) -> str | None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    until = (data or {}).get("locked_until")
    if until is None:
        return _("Terlalu banyak kode salah. Tunggu sebentar, lalu coba lagi.")
    wait = max(1, int((until - timezone.now()).total_seconds()) + 1)
    return _("Terlalu banyak kode salah. Coba lagi dalam %(seconds)s detik.") % {"seconds": wait}


def _clean_code(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").lower()


def _new_backup_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.SIDP3_BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def totp_confirm(*, request, code: str) -> list[str]:
    """Confirm the device being set up with its first code; the session is verified and the user receives
    their backup codes (returned once, never shown again). Wrong codes raise an Indonesian ValidationError
    and count for the throttling (saved outside any transaction that the error would roll back)."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        raise ValidationError(_("Tidak ada pemasangan yang sedang berjalan. Muat ulang halaman ini."))
    code = _clean_code(code)
    if not TOTP_PATTERN.match(code):
        raise ValidationError(_("Kode terdiri dari 6 angka, seperti yang tampil di aplikasi autentikator."))
    refusal = _throttled_message(device)
    if refusal:
        raise ValidationError(refusal)
    if not device.verify_token(code):
        raise ValidationError(_wrong_code())
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).exclude(pk=device.pk).delete()
        codes = _new_backup_codes(user)
    otp_login(request, device)
    logger.info("Two-factor authenticator set up for user %s", user.pk)
    return codes


def _wrong_code() -> str:
    return _("Kode salah atau sudah kedaluwarsa. Periksa jam ponsel Anda, lalu coba lagi.")


def otp_verify(*, request, code: str):
    """Check the app's 6-digit code or one backup code (used up by this check) and mark the session
    verified. Returns the device; raises an Indonesian ValidationError when the code is wrong or throttled."""
    user = request.user
    code = _clean_code(code)
    if TOTP_PATTERN.match(code):
        devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    elif BACKUP_PATTERN.match(code):
        devices = list(StaticDevice.objects.filter(user=user, confirmed=True))
    else:
        raise ValidationError(
            _("Tulis 6 angka dari aplikasi autentikator, atau satu kode cadangan (8 huruf dan angka).")
        )
    if not devices:
        raise ValidationError(_("Akun ini belum memiliki kode cadangan. Gunakan aplikasi autentikator."))
    for device in devices:
        refusal = _throttled_message(device)
        if refusal:
            raise ValidationError(refusal)
        # django-otp's verify_token runs in its own transaction, locks the device row and saves its state.
        verified = django_otp.verify_token(user, device.persistent_id, code)
        if verified is not None:
            otp_login(request, verified)
            if isinstance(verified, StaticDevice):
                logger.info("Backup code used by user %s (%s left)", user.pk, verified.token_set.count())
            return verified
    raise ValidationError(_wrong_code())


def backup_codes_left(user) -> int | None:
    """How many backup codes the user has left; None when they never had any (no backup-code device, e.g.
    an authenticator given by an administrator or the demo)."""
    if not StaticDevice.objects.filter(user=user, confirmed=True).exists():
        return None
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def two_factor_reset(*, actor, user, ip_address: str | None = None) -> int:
    """Remove every authenticator and backup code of ``user`` (lost phone): at their next sign-in they set up
    a new authenticator, and their open sessions must sign in again. The same rule as any change of the
    account (``services._check_may_manage``: in the actor's jurisdiction and within the actor's rights);
    written to the audit trail and notified to the account's address. Returns how many devices were
    removed."""
    # Imported here: accounts.services imports this module.
    from .services import _check_may_manage, _require_administrator, user_logout_everywhere

    _require_administrator(actor)
    user = type(user).objects.select_for_update(of=("self",)).select_related("office").get(pk=user.pk)
    _check_may_manage(actor, user)
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        count, _detail = model.objects.filter(user=user).delete()
        removed += count
    user_logout_everywhere(user=user)
    audit_record(
        actor=actor,
        user=user,
        action=AuditAction.TWO_FACTOR_RESET,
        changes={"devices": [removed, 0]} if removed else {},
        ip_address=ip_address,
        notify=[user.email],
    )
    logger.warning("Two-factor devices of user %s reset by user %s", user.pk, actor.pk)
    return removed


def device_summary(user) -> dict:
    """For an account's page: whether two-factor sign-in is required, set up, since when, codes left."""
    device = confirmed_totp(user)
    return {
        "required": requires_two_factor(user),
        "device": device,
        "created": formats.date_format(timezone.localtime(device.created_at), "j F Y")
        if device and device.created_at
        else "",
        "backup_left": (backup_codes_left(user) or 0) if device else 0,
    }
