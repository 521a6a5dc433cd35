"""The audit trail of account management, and the notices that tell an account's owner what was done to it.

The services (services.py, two_factor.py) call ``audit_record`` inside their transaction, after the change,
with the request's address from ``kernel.network.client_ip`` (the client behind trusted proxies):
the entry is written with the change (and rolled back with it), and the notices are rendered then and sent
once the transaction has committed (never for a change that did not happen). A mail server that fails does not
undo the change: the failure is logged, the entry stays.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import FieldDoesNotExist
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template import loader
from django.utils import formats, timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .choices import APIAccess, AuditAction, Role
from .models import AccountAuditEntry, User

logger = logging.getLogger(__name__)

NOTICE_SUBJECT_TEMPLATE = "accounts/email/account_notice_subject.txt"
NOTICE_BODY_TEMPLATE = "accounts/email/account_notice.txt"

# The fields of an account whose changes the trail records, in the order they are shown.
TRACKED_FIELDS = (
    "email",
    "first_name",
    "last_name",
    "position",
    "phone",
    "role",
    "office",
    "is_active",
    "is_staff",
    "is_superuser",
    "groups",
    "permissions",
)


def permissions_of(user) -> set[str]:
    """Every permission ``user`` holds, directly or through its groups, as "app_label.codename", whether the
    account is active or not (Django's ``get_all_permissions`` answers nothing for an inactive account: a
    disabled account is compared as it would be once reactivated)."""
    if user.pk is None:
        return set()
    rows = (
        Permission.objects.filter(Q(user=user) | Q(group__user=user))
        .values_list("content_type__app_label", "codename")
        .distinct()
    )
    return {f"{app_label}.{codename}" for app_label, codename in rows}


def permission_names(codes: Iterable[str]) -> list[str]:
    """The readable names of permissions given as "app_label.codename", in order."""
    names = []
    for code in sorted(codes):
        app_label, _dot, codename = code.partition(".")
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        names.append(str(permission.name) if permission else code)
    return names


def account_state(user) -> dict[str, object]:
    """The tracked fields of ``user`` as stored now (JSON values: the office by name, the groups by name, the
    account's own permissions as "app_label.codename")."""
    state: dict[str, object] = {
        name: getattr(user, name)
        for name in TRACKED_FIELDS
        if name not in {"office", "groups", "permissions"}
    }
    state["office"] = user.office.name if user.office_id else ""
    if user.pk is None:
        state["groups"], state["permissions"] = [], []
    else:
        state["groups"] = sorted(user.groups.values_list("name", flat=True))
        state["permissions"] = sorted(
            f"{app_label}.{codename}"
            for app_label, codename in user.user_permissions.values_list(
                "content_type__app_label", "codename"
            )
        )
    return state


def changes_between(before: dict, after: dict) -> dict[str, list]:
    """``{field: [old, new]}`` for each tracked field whose value differs. With an empty ``before`` (a new
    account) only the fields given a value are listed."""
    return {
        name: [before.get(name), after.get(name)]
        for name in TRACKED_FIELDS
        if before.get(name) != after.get(name)
        and (name in before or after.get(name) not in (None, "", [], False))
    }


def field_label(name: str) -> str:
    # Django's own fields in SIDP3's words (the forms say "surel", not "alamat email").
    labels = {
        "email": _("surel"),
        "first_name": _("nama depan"),
        "last_name": _("nama belakang"),
        "is_active": _("akun aktif"),
        "is_staff": _("akses halaman admin Django"),
        "is_superuser": _("superuser"),
        "groups": _("grup"),
        "permissions": pgettext("account field", "izin"),
        "devices": _("perangkat verifikasi dua langkah"),
        "api_client": _("klien API"),
        "api_access": _("akses klien API"),
        "expires_at": _("berlaku sampai"),
    }
    if name in labels:
        return labels[name]
    try:
        return str(User._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a name recorded by an older version
        return name


def value_display(name: str, value) -> str:
    """A recorded value as a reader understands it (Indonesian)."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if name == "role":
        return str(Role(value).label) if value in Role.values else str(value)
    if name == "permissions":
        return ", ".join(permission_names(value))
    if name == "api_access":
        return str(APIAccess(value).label) if value in APIAccess.values else str(value)
    if name == "expires_at":
        moment = parse_datetime(str(value))
        return formats.date_format(timezone.localtime(moment), "DATE_FORMAT") if moment else str(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def change_rows(changes: dict) -> list[tuple[str, str, str]]:
    """(label, old, new) for each recorded change, in the trail's field order."""
    order = [name for name in TRACKED_FIELDS if name in changes] + [
        name for name in changes if name not in TRACKED_FIELDS
    ]
    return [
        (field_label(name), value_display(name, changes[name][0]), value_display(name, changes[name][1]))
        for name in order
    ]


def audit_record(
    *,
    actor,
    user,
    action: str,
    changes: dict | None = None,
    ip_address: str | None = None,
    office=None,
    notify: Iterable[str] = (),
) -> AccountAuditEntry:
    """Write one entry of the trail and send the notices to the addresses in ``notify`` once the transaction
    commits. ``office``: the office whose region scopes the entry (default: the account's)."""
    office = office if office is not None else (user.office if user.office_id else None)
    ip_address = _valid_ip(ip_address)
    entry = AccountAuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_username=getattr(actor, "username", "") or "",
        target=user if user.pk else None,
        target_username=user.username,
        action=action,
        changes=changes or {},
        ip_address=ip_address,
        province_code=(office.province_id or "") if office else "",
        regency_code=(office.regency_id or "") if office else "",
    )
    logger.info(
        "Account %s (%s) by user %s from %s: %s",
        user.pk,
        action,
        getattr(actor, "pk", None),
        ip_address or "-",
        ", ".join(sorted(entry.changes)) or "-",
    )
    addresses = list(dict.fromkeys(address for address in notify if address))
    if addresses:
        messages = [_notice(entry=entry, user=user, actor=actor, address=address) for address in addresses]
        transaction.on_commit(lambda: _send(messages, user_pk=user.pk))
    return entry


def _valid_ip(address: str | None) -> str | None:
    """An address as the column stores it, or None (a socket's name, an empty header): the trail is written
    whatever the server put in ``REMOTE_ADDR``."""
    try:
        return str(ipaddress.ip_address((address or "").strip()))
    except ValueError:
        return None


def _notice(*, entry: AccountAuditEntry, user, actor, address: str) -> EmailMessage:
    """The notice of ``entry`` to ``address``, in Indonesian (the recipients' language, whatever the language
    of the administrator's page)."""
    time_zone = user.time_zone
    email_change = entry.changes.get("email")
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "entry": entry,
            "action": entry.action,
            "actions": AuditAction,
            "actor": actor,
            "actor_office": actor.office if getattr(actor, "office_id", None) else None,
            "rows": change_rows(entry.changes),
            "email_change": email_change,
            "to_old_address": bool(email_change) and address == email_change[0],
            "time_zone": time_zone,
        }
        subject = "".join(loader.render_to_string(NOTICE_SUBJECT_TEMPLATE, context).splitlines())
        body = loader.render_to_string(NOTICE_BODY_TEMPLATE, context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])


def _send(messages: list[EmailMessage], *, user_pk: int) -> None:
    for message in messages:
        try:
            message.send()
        except Exception:  # a notice that cannot be sent must not break the change already saved
            logger.exception("Account notice to user %s (%s) not sent", user_pk, message.to[0])
