"""Cadre accounts of the cadre app (``/kader-app/``): invitations, PINs and devices.

The regency office invites an appointed or active cadre (``invite_cadre``): a one-time link, valid 7 days,
of which only the SHA-256 of its token is kept; a new invitation revokes the earlier unused ones. On their
phone the cadre opens it and sets a 6-digit PIN (``accept_invitation``): the cadre's account (a user of role
``kader`` of the office, with no password) is made or reused and the phone becomes a device, with a device
token kept in a long-lived cookie (only its hash is stored). When the session ends, the PIN unlocks the device
(``unlock_device``): five wrong PINs in a row lock and revoke it, and the office must invite again. The office
revokes a lost phone (``revoke_device``) or the whole account (``revoke_account``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import OfficeLevel, Role
from accounts.models import Office
from kernel.scoping.jurisdiction import REGENCY
from kernel.scoping.policy import policy

from .choices import ROSTER_STATUSES
from .models import Cadre, CadreAccount, CadreDevice, CadreInvitation

INVITATION_DAYS = 7
DEVICE_DAYS = 90
MAX_PIN_FAILURES = 5
PIN_PATTERN = re.compile(r"^\d{6}$")
TRIVIAL_PINS = frozenset({"123456", "654321", "012345", "543210"})


def token_hash(token: str) -> str:
    """The SHA-256 of a token (hex): what is stored of an invitation's or a device's token."""
    return hashlib.sha256(token.encode()).hexdigest()


def may_invite(user, cadre: Cadre) -> bool:
    """Whether ``user`` may invite ``cadre`` (and manage its devices): a regency office's user who may change
    the cadre, through the one access policy."""
    access = policy(user)
    return access.level == REGENCY and access.allows("change", cadre)


def _check_office(actor, cadre: Cadre) -> None:
    if not policy(actor).may("change"):
        raise PermissionDenied(_("Peran Anda tidak dapat mengelola akun aplikasi kader."))
    if not may_invite(actor, cadre):
        raise PermissionDenied(_("Hanya KPU Kabupaten/Kota kader ini yang dapat mengelola akun aplikasinya."))


@dataclass(frozen=True)
class Invitation:
    invitation: CadreInvitation
    path: str  # /kader-app/undangan/<token>/: shown once, never stored


def invite_cadre(actor, cadre: Cadre) -> Invitation:
    """A one-time invitation link for an appointed or active cadre, valid ``INVITATION_DAYS`` days; the
    earlier unused invitations of the cadre are revoked."""
    _check_office(actor, cadre)
    now = timezone.now()
    with transaction.atomic():
        cadre = Cadre.objects.select_for_update().get(pk=cadre.pk)
        if cadre.status not in ROSTER_STATUSES:
            message = _("Hanya kader berstatus Ditetapkan atau Aktif yang dapat diundang ke aplikasi kader.")
            raise ValidationError({"status": [message]})
        CadreInvitation.objects.filter(cadre=cadre, used_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=now
        )
        token = secrets.token_urlsafe(32)
        invitation = CadreInvitation.objects.create(
            cadre=cadre,
            token_hash=token_hash(token),
            created_by=actor,
            expires_at=now + dt.timedelta(days=INVITATION_DAYS),
        )
    return Invitation(invitation, reverse("cadre_app:invitation", args=[token]))


def valid_invitation(token: str) -> CadreInvitation | None:
    """The invitation of ``token`` if it may still be used: unused, not revoked, not expired, for a cadre
    still appointed or active."""
    invitation = (
        CadreInvitation.objects.select_related("cadre", "cadre__locus")
        .filter(
            token_hash=token_hash(token or ""),
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )
    if invitation is None or invitation.cadre.status not in ROSTER_STATUSES:
        return None
    return invitation


def check_pin(pin: str, confirm: str | None = None) -> None:
    """A PIN is 6 digits, not all the same digit and not a run (123456, 654321)."""
    pin = pin or ""
    if not PIN_PATTERN.match(pin):
        raise ValidationError({"pin": [_("PIN harus terdiri dari 6 angka.")]})
    if len(set(pin)) == 1 or pin in TRIVIAL_PINS:
        raise ValidationError({"pin": [_("PIN terlalu mudah ditebak; pilih 6 angka lain.")]})
    if confirm is not None and confirm != pin:
        raise ValidationError({"pin_confirm": [_("Ulangi PIN yang sama.")]})


@dataclass(frozen=True)
class SignedIn:
    device: CadreDevice
    token: str | None = None  # a new device's token: set in its cookie, never shown again

    @property
    def user(self):
        return self.device.account.user


def accept_invitation(
    token: str, pin: str, device_name: str = "", *, pin_confirm: str | None = None
) -> SignedIn:
    """Sets the PIN of a new device from an invitation: the cadre's account is made (or reused, and made
    valid again if it was revoked), the device made with the hash of its PIN and of its new token, and the
    invitation marked used."""
    check_pin(pin, pin_confirm)
    now = timezone.now()
    with transaction.atomic():
        invitation = valid_invitation(token)
        if invitation is not None:
            invitation = (
                CadreInvitation.objects.select_for_update().filter(pk=invitation.pk, used_at=None).first()
            )
        if invitation is None:
            raise ValidationError(
                {"token": [_("Tautan undangan ini tidak berlaku lagi (kedaluwarsa, dipakai atau dicabut).")]}
            )
        account = _account_for(invitation, now)
        device_token = secrets.token_urlsafe(32)
        device = CadreDevice.objects.create(
            account=account,
            name=(device_name or "")[:255],
            token_hash=token_hash(device_token),
            pin_hash=make_password(pin),
            last_seen_at=now,
            expires_at=now + dt.timedelta(days=DEVICE_DAYS),
        )
        invitation.used_at = now
        invitation.save(update_fields=["used_at"])
    return SignedIn(device, device_token)


def _account_for(invitation: CadreInvitation, now) -> CadreAccount:
    cadre = invitation.cadre
    office = Office.objects.get(level=OfficeLevel.REGENCY, regency_id=cadre.regency_id)
    account = CadreAccount.objects.select_related("user").filter(cadre=cadre).first()
    if account is None:
        user = get_user_model().objects.create_user(
            # An underscore, which officers' user names never hold (``accounts.services.USERNAME_PATTERN``):
            # no administrator can take a cadre's name before its invitation is accepted.
            username=f"kader_{cadre.pk}",
            password=None,  # unusable: a cadre signs in with the PIN of an invited phone
            first_name=cadre.full_name[:150],
            role=Role.CADRE,
            office=office,
        )
        return CadreAccount.objects.create(
            cadre=cadre, user=user, office=office, created_by=invitation.created_by
        )
    user = account.user
    user.is_active, user.office, user.first_name = True, office, cadre.full_name[:150]
    user.save(update_fields=["is_active", "office", "first_name"])
    if account.revoked_at is not None or account.office_id != office.pk:
        account.revoked_at, account.office = None, office
        account.save(update_fields=["revoked_at", "office"])
    return account


def device_in_use(token: str | None) -> CadreDevice | None:
    """The device of a cookie's token if it may be used: not revoked, locked or expired, its account not
    revoked, its cadre still appointed or active."""
    if not token:
        return None
    device = (
        CadreDevice.objects.select_related("account__user", "account__cadre")
        .filter(
            token_hash=token_hash(token),
            revoked_at__isnull=True,
            locked_at__isnull=True,
            expires_at__gt=timezone.now(),
            account__revoked_at__isnull=True,
            account__user__is_active=True,
        )
        .first()
    )
    if device is None or device.account.cadre.status not in ROSTER_STATUSES:
        return None
    return device


def session_device_valid(user, device_id) -> bool:
    """For each request of a cadre's session: whether the device it was signed in on is still usable."""
    return (
        device_id is not None
        and CadreDevice.objects.filter(
            pk=device_id,
            account__user=user,
            revoked_at__isnull=True,
            locked_at__isnull=True,
            expires_at__gt=timezone.now(),
            account__revoked_at__isnull=True,
            account__cadre__status__in=ROSTER_STATUSES,
        ).exists()
    )


def _device_gone() -> ValidationError:
    return ValidationError(
        {"pin": [_("Perangkat ini tidak lagi terdaftar. Minta undangan baru kepada KPU Kabupaten/Kota.")]}
    )


def unlock_device(device_token: str, pin: str) -> SignedIn:
    """Signs a cadre in again on a device with its PIN: a right PIN resets the failures and renews the
    device; the ``MAX_PIN_FAILURES``-th wrong PIN in a row locks and revokes it (the office invites again)."""
    device = device_in_use(device_token)
    if device is None:
        raise _device_gone()
    now = timezone.now()
    with transaction.atomic():
        # Checked again under the lock: PINs guessed at the same moment are counted one after another, and
        # none is tried on a device the fifth failure has locked.
        device = (
            CadreDevice.objects.select_for_update()
            .select_related("account__user")
            .filter(pk=device.pk, locked_at__isnull=True, revoked_at__isnull=True)
            .first()
        )
        if device is None:
            raise _device_gone()
        if check_password(pin or "", device.pin_hash):
            device.failed_attempts = 0
            device.last_seen_at = now
            device.expires_at = now + dt.timedelta(days=DEVICE_DAYS)
            device.save(update_fields=["failed_attempts", "last_seen_at", "expires_at"])
            return SignedIn(device)
        device.failed_attempts += 1
        locked = device.failed_attempts >= MAX_PIN_FAILURES
        if locked:
            device.locked_at = device.revoked_at = now
        device.save(update_fields=["failed_attempts", "locked_at", "revoked_at"])
    if locked:
        raise ValidationError(
            {
                "pin": [
                    _(
                        "PIN salah %(count)s kali: perangkat ini dikunci. Minta undangan baru kepada KPU "
                        "Kabupaten/Kota."
                    )
                    % {"count": MAX_PIN_FAILURES}
                ]
            }
        )
    raise ValidationError(
        {
            "pin": [
                _("PIN salah. Sisa percobaan: %(left)s.")
                % {"left": MAX_PIN_FAILURES - device.failed_attempts}
            ]
        }
    )


def touch_device(device_id: int) -> None:
    """A signed-in request on a device: it was seen now and stays valid ``DEVICE_DAYS`` more days."""
    now = timezone.now()
    CadreDevice.objects.filter(pk=device_id, revoked_at__isnull=True).update(
        last_seen_at=now, expires_at=now + dt.timedelta(days=DEVICE_DAYS)
    )


def revoke_device(actor, device: CadreDevice) -> CadreDevice:
    """The office revokes a device (a lost phone): its next request is signed out."""
    _check_office(actor, device.account.cadre)
    with transaction.atomic():
        device = CadreDevice.objects.select_for_update().get(pk=device.pk)
        if device.revoked_at is None:
            device.revoked_at = timezone.now()
            device.save(update_fields=["revoked_at"])
    return device


def revoke_account(actor, account: CadreAccount) -> CadreAccount:
    """The office closes a cadre's account: its devices and unused invitations are revoked; the cadre
    reaches nothing until invited again."""
    _check_office(actor, account.cadre)
    now = timezone.now()
    with transaction.atomic():
        account = CadreAccount.objects.select_for_update().get(pk=account.pk)
        account.revoked_at = account.revoked_at or now
        account.save(update_fields=["revoked_at"])
        account.devices.filter(revoked_at__isnull=True).update(revoked_at=now)
        CadreInvitation.objects.filter(
            cadre_id=account.cadre_id, used_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
    return account


def close_account_of_departed(cadre: Cadre) -> None:
    """A cadre who left the programme (resigned, ineligible, replaced) keeps no way into the app: its account,
    devices and unused invitations are closed with the status change (no office check: the change of status
    was the office's decision, checked by the service that made it)."""
    now = timezone.now()
    CadreAccount.objects.filter(cadre=cadre, revoked_at__isnull=True).update(revoked_at=now)
    CadreDevice.objects.filter(account__cadre=cadre, revoked_at__isnull=True).update(revoked_at=now)
    CadreInvitation.objects.filter(cadre=cadre, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )


def devices_of(cadre: Cadre):
    """The devices of a cadre's account, newest first (for the office's page of the cadre)."""
    return CadreDevice.objects.filter(account__cadre=cadre).order_by("-created_at")


def open_invitation(cadre: Cadre) -> CadreInvitation | None:
    """The cadre's latest invitation still usable (its link is not known any more: only its expiry)."""
    return (
        CadreInvitation.objects.filter(
            cadre=cadre, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-created_at")
        .first()
    )


def office_view(user, cadre: Cadre) -> dict:
    """The cadre page's card of the cadre app, for the office: whether the user may invite the cadre now,
    the devices of its account and an open invitation's expiry."""
    may = may_invite(user, cadre)
    return {
        "may_invite_app": may and cadre.status in ROSTER_STATUSES,
        "may_manage_app": may,
        "app_devices": list(devices_of(cadre)) if may else [],
        "app_open_invitation": open_invitation(cadre) if may else None,
    }
