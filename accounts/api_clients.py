"""Machine clients of the API (models.APIClient): made and revoked by an office's administrators, found by
their token.

Who: an administrator (or a superuser) makes a client for an office within their jurisdiction, as for a
user account (``services._check_office``: the access policy's "manage" on offices), and revokes the clients
of their jurisdiction.

The token: ``sidp3_<prefix>_<secret>``, the secret 32 random bytes from ``secrets``. Only the SHA-256 of the
whole token is stored: with that much randomness a fast unsalted hash is right (as GitHub's and knox's
tokens are), and the public prefix finds the row without comparing hashes across the table. The token is
returned once, to the page that shows it; nothing else keeps it.

The client acts through an account of its own (``User.is_api_client``) in its office, viewer for read only
and staff for read and write, with an unusable password: the one access policy applies to its calls as to
an officer's pages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import audit_record
from .choices import APIAccess, AuditAction, Role
from .models import APICall, APIClient, Office, User
from .services import _check_office, _require_administrator

logger = logging.getLogger(__name__)

TOKEN_SCHEME = "sidp3"  # noqa: S105 - the tokens' public first word, no secret
SECRET_BYTES = 32
PREFIX_BYTES = 6  # 12 hex characters: the public part, unique
# A year, counted to the end of its last day: "365 days" or a date a year ahead chosen on the form.
MAX_LIFETIME = dt.timedelta(days=366)
# ``last_used_at`` is written at most once a minute per client, not on every call.
LAST_USED_PRECISION = dt.timedelta(minutes=1)
CALL_RETENTION = dt.timedelta(days=90)

ROLE_FOR_ACCESS = {APIAccess.READ: Role.VIEWER, APIAccess.READ_WRITE: Role.STAFF}


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    prefix = secrets.token_hex(PREFIX_BYTES)
    return prefix, f"{TOKEN_SCHEME}_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"


def token_prefix(token: str) -> str | None:
    """The public prefix of a token in SIDP3's form, or None for anything else."""
    scheme, _sep, rest = (token or "").partition("_")
    prefix, _sep, secret = rest.partition("_")
    if scheme != TOKEN_SCHEME or len(prefix) != 2 * PREFIX_BYTES or not secret:
        return None
    return prefix


def api_client_for_token(token: str) -> APIClient | None:
    """The client whose token this is (revoked or expired ones included: the caller says which), with its
    account, office and the office's region; None for a token nobody holds. One query."""
    prefix = token_prefix(token)
    if prefix is None:
        return None
    client = (
        APIClient.objects.select_related("user__office__province", "user__office__regency")
        .filter(token_prefix=prefix)
        .first()
    )
    if client is None or not hmac.compare_digest(client.token_hash, token_hash(token)):
        return None
    return client


def api_client_mark_used(*, client: APIClient, now: dt.datetime | None = None) -> None:
    """Note that ``client`` was used, at most once a minute (one UPDATE, not one per call)."""
    now = now or timezone.now()
    if client.last_used_at is None or now - client.last_used_at >= LAST_USED_PRECISION:
        APIClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now


def _check_name(office: Office, name: str, now: dt.datetime) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Nama klien wajib diisi."), code="required")
    limit = APIClient._meta.get_field("name").max_length
    if len(name) > limit:
        raise ValidationError(
            _("Nama klien paling panjang %(limit)s karakter.") % {"limit": limit}, code="max_length"
        )
    if APIClient.objects.active(now).filter(office=office, name__iexact=name).exists():
        raise ValidationError(
            _("%(office)s sudah memiliki klien aktif bernama %(name)s. Pilih nama lain.")
            % {"office": office.name, "name": name},
            code="unique",
        )
    return name


def _check_access(access: str) -> str:
    if access not in APIAccess.values:
        raise ValidationError(_("Pilih akses klien: baca saja, atau baca dan tulis."), code="invalid")
    return access


def _check_expiry(expires_at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    if expires_at is None:
        raise ValidationError(_("Masa berlaku wajib diisi."), code="required")
    if expires_at <= now:
        raise ValidationError(_("Masa berlaku harus berakhir di masa depan."), code="past")
    if expires_at - now > MAX_LIFETIME:
        raise ValidationError(_("Masa berlaku paling lama satu tahun."), code="too_long")
    return expires_at


@transaction.atomic
def api_client_create(
    *,
    actor,
    office: Office,
    name: str,
    access: str,
    expires_at: dt.datetime | None,
    ip_address: str | None = None,
) -> tuple[APIClient, str]:
    """A new client of ``office`` and its token, which nobody can read again afterwards."""
    _require_administrator(actor)
    _check_office(actor, office)
    # One client of a name at a time per office: two administrators naming theirs alike wait for each other.
    office = Office.objects.select_for_update().get(pk=office.pk)
    now = timezone.now()
    errors: dict[str, list] = {}
    for field, check in (
        ("name", lambda: _check_name(office, name, now)),
        ("access", lambda: _check_access(access)),
        ("expires_at", lambda: _check_expiry(expires_at, now)),
    ):
        try:
            check()
        except ValidationError as error:
            errors[field] = error.error_list
    if errors:
        raise ValidationError(errors)
    name = name.strip()
    for _attempt in range(3):
        prefix, token = _new_token()
        try:
            with transaction.atomic():
                user = User(
                    username=f"klien-api-{prefix}",
                    first_name=name[:150],
                    office=office,
                    role=ROLE_FOR_ACCESS[access],
                    is_active=True,
                    is_api_client=True,
                    weekly_reminders=False,
                )
                user.set_unusable_password()
                user.save()
                client = APIClient.objects.create(
                    office=office,
                    user=user,
                    name=name,
                    access=access,
                    expires_at=expires_at,
                    token_prefix=prefix,
                    token_hash=token_hash(token),
                    created_by=actor if actor.pk else None,
                    created_at=now,
                )
            break
        except IntegrityError:  # a prefix already taken: 1 in 2^48, drawn again
            continue
    else:
        raise RuntimeError("No free token prefix after three draws")
    audit_record(
        actor=actor,
        user=user,
        action=AuditAction.API_CLIENT_CREATE,
        changes={
            "api_client": [None, name],
            "api_access": [None, access],
            "expires_at": [None, expires_at.isoformat()],
        },
        ip_address=ip_address,
    )
    logger.info("API client %s of office %s created by user %s", client.pk, office.pk, actor.pk)
    return client, token


@transaction.atomic
def api_client_revoke(*, actor, client: APIClient, ip_address: str | None = None) -> APIClient:
    """Revoke ``client``: its token is refused from the next call on, and its account is disabled."""
    _require_administrator(actor)
    client = (
        APIClient.objects.select_for_update(of=("self",)).select_related("office", "user").get(pk=client.pk)
    )
    _check_office(actor, client.office)
    if client.revoked_at is not None:
        raise ValidationError(_("Klien API ini sudah dicabut."), code="revoked")
    client.revoked_at = timezone.now()
    client.revoked_by = actor if actor.pk else None
    client.save(update_fields=["revoked_at", "revoked_by"])
    User.objects.filter(pk=client.user_id).update(is_active=False)
    audit_record(
        actor=actor,
        user=client.user,
        action=AuditAction.API_CLIENT_REVOKE,
        changes={"api_client": [client.name, None], "is_active": [True, False]},
        ip_address=ip_address,
    )
    logger.info("API client %s revoked by user %s", client.pk, actor.pk)
    return client


def api_call_record(*, client_id: int, method: str, path: str, status: int, duration_ms: int) -> APICall:
    """One line of a client's call log (api/middleware.py, after the answer)."""
    path_field = APICall._meta.get_field("path")
    return APICall.objects.create(
        client_id=client_id,
        method=method[:10],
        path=path[: path_field.max_length],
        status=status,
        duration_ms=max(0, duration_ms),
    )


def api_calls_purge(*, now: dt.datetime | None = None) -> int:
    """Remove the calls older than 90 days; returns how many."""
    cutoff = (now or timezone.now()) - CALL_RETENTION
    deleted, _rows = APICall.objects.filter(at__lt=cutoff).delete()
    return deleted
