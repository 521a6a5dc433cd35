"""Writes about offices and user accounts, with their rules.

Who may create which account:

- the actor must be an active administrator (role ``admin``) or a superuser;
- a KPU RI administrator: accounts for KPU RI, for any province office and for any regency office;
- a province administrator: for their own province office and for the regency offices within the province
  (never KPU RI, never another province);
- a regency administrator: for their own regency office only.

This is exactly the access policy's "manage" on offices (``policy(actor).allows("manage", office)``, a
province grant covers its regencies), and the rule is checked after saving, inside the transaction, with the
same policy: nobody can move an account or an office out of their own jurisdiction, even through a hand-made
request. Nobody deactivates themselves
or changes their own role or office, and only a superuser changes a superuser's account.

Which accounts an administrator may manage (change, disable or reactivate, reset the authenticator of, mail a
password link to, create): ``_check_may_manage``, the one rule every service calls. Besides the jurisdiction,
the account's rights must lie within the administrator's own (``rights_refusal``): its role ranks no higher,
its permissions (its groups' included, such as ``cadre.view_full_nik``) are all held by the administrator,
and if it must use the second sign-in step, so must the administrator. Anything more goes to an administrator
who holds those rights, or to a superuser. Otherwise an office administrator could point a colleague's e-mail
at themselves, reset their authenticator, mail themselves a password link and act with the colleague's
rights under the colleague's name.

Every change is written to the audit trail (``audit.audit_record``, models.AccountAuditEntry) in the same
transaction, and notified to the account's address; a changed address is notified to the old and the new one.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from kernel.scoping.policy import policy
from regions.models import Province, Regency

from . import two_factor
from .audit import account_state, audit_record, changes_between, permission_names, permissions_of
from .choices import AuditAction, OfficeLevel, Role
from .models import Notification, Office, PendingImport, User

logger = logging.getLogger(__name__)

USERNAME_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
USERNAME_MIN_LENGTH = 3

RESET_SUBJECT_TEMPLATE = "registration/password_reset_subject.txt"
RESET_EMAIL_TEMPLATE = "registration/password_reset_email.txt"


# --- rules --------------------------------------------------------------------------------------------------


def _require_administrator(actor) -> None:
    if not policy(actor).may("manage"):
        raise ValidationError(_("Hanya administrator yang dapat mengelola akun pengguna."))


def office_levels_for(actor) -> list[str]:
    """The office levels ``actor`` may create accounts for (most senior first)."""
    if not policy(actor).may("manage"):
        return []
    level = policy(actor).level
    if level == OfficeLevel.NATIONAL:
        return [OfficeLevel.NATIONAL, OfficeLevel.PROVINCE, OfficeLevel.REGENCY]
    if level == OfficeLevel.PROVINCE:
        return [OfficeLevel.PROVINCE, OfficeLevel.REGENCY]
    if level == OfficeLevel.REGENCY:
        return [OfficeLevel.REGENCY]
    return []


def _office_in_jurisdiction(actor, office: Office) -> bool:
    return policy(actor).allows("manage", office)


def _user_in_jurisdiction(actor, user: User) -> bool:
    return policy(actor).allows("manage", user)


def _check_office(actor, office: Office | None) -> None:
    if office is None:
        raise ValidationError({"office": _("Pilih kantor pengguna.")})
    if office.level not in office_levels_for(actor) or not _office_in_jurisdiction(actor, office):
        raise ValidationError(
            {
                "office": _(
                    "%(office)s berada di luar wilayah kerja Anda: akun tidak dapat ditempatkan di sana."
                )
                % {"office": office.name}
            }
        )


# How far each role reaches, to compare an account's role with an administrator's.
ROLE_RANK = {Role.VIEWER: 0, Role.STAFF: 1, Role.COMMISSIONER: 2, Role.ADMIN: 3}


def rights_refusal(actor, user: User) -> str | None:
    """Why the rights of ``user`` (an account, saved or about to be) go beyond ``actor``'s, in Indonesian;
    None when they lie within them. A superuser holds every right; only a superuser manages a superuser."""
    if actor.is_superuser:
        return None
    if user.is_superuser:
        return _("Akun superuser hanya dapat diubah oleh superuser.")
    reason = None
    if ROLE_RANK.get(user.role, len(ROLE_RANK)) > ROLE_RANK.get(actor.role, -1):
        reason = _("Peran akun ini (%(role)s) lebih tinggi daripada peran Anda.") % {
            "role": user.get_role_display()
        }
    elif user.is_staff and not actor.is_staff:
        reason = _("Akun ini dapat membuka halaman admin Django, sedangkan akun Anda tidak.")
    else:
        actor_permissions = permissions_of(actor)
        user_permissions = permissions_of(user)
        missing = user_permissions - actor_permissions
        if missing:
            reason = _("Akun ini memegang izin yang tidak Anda miliki: %(permissions)s.") % {
                "permissions": "; ".join(permission_names(missing))
            }
        else:
            user_second_step = two_factor.requires_two_factor_with(user, user_permissions)
            actor_second_step = two_factor.requires_two_factor_with(actor, actor_permissions)
            if user_second_step and not actor_second_step:
                reason = _("Akun ini wajib memakai verifikasi dua langkah, sedangkan akun Anda tidak.")
    if reason is None:
        return None
    return "{} {}".format(
        reason,
        _(
            "Akun dengan hak yang tidak Anda miliki hanya dapat dikelola oleh administrator yang memiliki "
            "hak tersebut, atau oleh superuser."
        ),
    )


def management_refusal(actor, user: User) -> str | None:
    """Why ``actor`` may not manage ``user`` (outside the jurisdiction, or beyond the actor's rights), or
    None: for showing or hiding an account's buttons. The services check again inside their transaction."""
    if not policy(actor).may("manage"):
        return _("Hanya administrator yang dapat mengelola akun pengguna.")
    if user.is_superuser and not actor.is_superuser:
        return _("Akun superuser hanya dapat diubah oleh superuser.")
    if not _user_in_jurisdiction(actor, user):
        return _("Akun ini berada di luar wilayah kerja Anda.")
    return rights_refusal(actor, user)


def _check_may_manage(actor, user: User) -> None:
    """The rule of every service that acts on an existing account (see the module's docstring)."""
    refusal = management_refusal(actor, user)
    if refusal is not None:
        logger.warning("Management of user %s refused to user %s", user.pk, getattr(actor, "pk", None))
        raise ValidationError(refusal, code="beyond_rights")


def check_username_format(username: str) -> str:
    """Lowercase letters, digits and hyphens (not at either end), at least 3 characters."""
    username = (username or "").strip()
    if len(username) < USERNAME_MIN_LENGTH:
        raise ValidationError(
            _("Nama pengguna minimal %(count)d karakter.") % {"count": USERNAME_MIN_LENGTH}, code="min_length"
        )
    if not USERNAME_PATTERN.match(username):
        raise ValidationError(
            _(
                "Nama pengguna hanya boleh berisi huruf kecil, angka dan tanda hubung (-), "
                "dan tidak diawali atau diakhiri tanda hubung."
            ),
            code="invalid",
        )
    return username


def normalize_phone_number(phone: str) -> str:
    """An Indonesian phone number in E.164 (+62...), or "" when empty. Invalid numbers are refused."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    from lokal.phone import parse_phone  # importing lokal loads its PII masker too (0.15 s): when needed

    info = parse_phone(phone)
    if not info.valid:
        raise ValidationError(
            _("Nomor HP tidak valid. Tulis seperti 0812-3456-7890 atau +62 812 3456 7890."), code="invalid"
        )
    return info.e164


def _check_username(username: str) -> str:
    username = check_username_format(username)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("Nama pengguna ini sudah dipakai."), code="unique")
    return username


def _check_email(email: str, *, exclude_pk: int | None = None) -> str:
    email = User.objects.normalize_email((email or "").strip())
    if not email:
        raise ValidationError(_("Surel wajib diisi: tautan untuk membuat kata sandi dikirim ke sana."))
    others = User.objects.filter(email__iexact=email)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise ValidationError(_("Surel ini sudah dipakai akun lain."), code="unique")
    return email


def _check_role(role: str) -> str:
    if role not in Role.values:
        raise ValidationError(_("Peran tidak dikenal."))
    return role


def _check_first_name(first_name: str) -> str:
    first_name = (first_name or "").strip()
    if not first_name:
        raise ValidationError(_("Nama depan wajib diisi."), code="required")
    return first_name


class _FieldErrors:
    """Collects the errors of every field, so that one answer names them all."""

    def __init__(self):
        self.errors: dict[str, list] = {}

    def check(self, field: str, func, *args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ValidationError as error:
            self.errors.setdefault(field, []).extend(error.error_list)
            return None

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


# --- offices ------------------------------------------------------------------------------------------------


@transaction.atomic
def office_get_or_create(*, actor, level: str, region=None) -> Office:
    """The office of ``level`` serving ``region`` (None for KPU RI, a Province or a Regency), created on
    demand with its default name, provided that ``actor`` may create accounts for it."""
    _require_administrator(actor)
    if level not in office_levels_for(actor):
        raise ValidationError({"level": _("Anda tidak dapat memilih tingkat kantor ini.")})
    if level == OfficeLevel.NATIONAL:
        lookup: dict = {"level": level}
        defaults: dict = {}
    elif level == OfficeLevel.PROVINCE:
        if not isinstance(region, Province):
            raise ValidationError({"province": _("Pilih provinsi kantor.")})
        lookup = {"level": level, "province": region}
        defaults = {}
    elif level == OfficeLevel.REGENCY:
        if not isinstance(region, Regency):
            raise ValidationError({"regency": _("Pilih kabupaten/kota kantor.")})
        lookup = {"level": level, "regency": region}
        defaults = {"province_id": region.province_id}
    else:
        raise ValidationError({"level": _("Tingkat kantor tidak dikenal.")})
    if region is not None and region.is_retired:
        raise ValidationError({_region_field(level): _("Wilayah ini sudah tidak berlaku.")})

    office = Office.objects.filter(**lookup).first()
    if office is None:
        office = Office(**lookup, **defaults, name=Office.default_name(level, region))
        office.full_clean()
        try:
            with transaction.atomic():
                office.save()
        except IntegrityError:
            # Created at the same moment by someone else: use theirs.
            office = Office.objects.get(**lookup)
    if not _office_in_jurisdiction(actor, office):
        raise ValidationError(
            {
                _region_field(level): _("%(office)s berada di luar wilayah kerja Anda.")
                % {"office": office.name}
            }
        )
    return office


def _region_field(level: str) -> str:
    return {OfficeLevel.PROVINCE: "province", OfficeLevel.REGENCY: "regency"}.get(level, "level")


# --- users --------------------------------------------------------------------------------------------------


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    email: str,
    first_name: str,
    last_name: str = "",
    position: str = "",
    phone: str = "",
    role: str,
    office: Office,
    ip_address: str | None = None,
) -> User:
    """A new account of ``office`` with an unusable password: the user sets their own password through the
    link that ``user_send_password_reset`` e-mails (the view sends it right after the account is saved).
    Refused when the account would hold more than its creator (``rights_refusal``)."""
    _require_administrator(actor)
    _check_office(actor, office)
    fields = _FieldErrors()
    username = fields.check("username", _check_username, username)
    email = fields.check("email", _check_email, email)
    first_name = fields.check("first_name", _check_first_name, first_name)
    phone = fields.check("phone", normalize_phone_number, phone)
    role = fields.check("role", _check_role, role)
    fields.raise_if_any()
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=(last_name or "").strip(),
        position=(position or "").strip(),
        phone=phone,
        role=role,
        office=office,
        is_active=True,
        is_staff=False,
        is_superuser=False,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    # Checked again after saving, through the access policy, and against the creator's own rights.
    if not _user_in_jurisdiction(actor, user):
        raise ValidationError({"office": _("Akun ini akan berada di luar wilayah kerja Anda.")})
    _check_rights_after_saving(actor, user)
    _record_changes(
        actor=actor,
        user=user,
        changes=changes_between({}, account_state(user)),
        ip_address=ip_address,
        created=True,
    )
    return user


def _check_rights_after_saving(actor, user: User) -> User:
    """The account as now saved (a fresh object: its office, role and permissions) must stay within the
    actor's rights; the caller's transaction rolls everything back otherwise."""
    user = User.objects.select_related("office").get(pk=user.pk)
    refusal = rights_refusal(actor, user)
    if refusal is not None:
        logger.warning("Account %s would go beyond the rights of user %s", user.pk, actor.pk)
        raise ValidationError(refusal, code="beyond_rights")
    return user


@transaction.atomic
def user_update(
    *,
    actor,
    user: User,
    email: str,
    first_name: str,
    last_name: str = "",
    position: str = "",
    phone: str = "",
    role: str,
    office: Office,
    is_active: bool | None = None,
    ip_address: str | None = None,
) -> User:
    """Change an account's name, e-mail, position, phone, role, office and (optionally) whether it is active.

    Administrators cannot change their own role, office or active state: another administrator does it,
    so that nobody locks themselves out by mistake. The changes go to the audit trail and are notified to
    the account's address; a new address is notified to the old one too (an account whose address was
    pointed elsewhere learns it at the address its owner reads).
    """
    _require_administrator(actor)
    user = User.objects.select_for_update(of=("self",)).select_related("office").get(pk=user.pk)
    _check_may_manage(actor, user)
    before = account_state(user)
    old_office = user.office
    if is_active is None:
        is_active = user.is_active
    if user.pk == actor.pk:
        if role != user.role:
            raise ValidationError({"role": _("Anda tidak dapat mengubah peran akun Anda sendiri.")})
        if office.pk != user.office_id:
            raise ValidationError(
                {"office": _("Anda tidak dapat memindahkan akun Anda sendiri ke kantor lain.")}
            )
        if not is_active:
            raise ValidationError({"is_active": _("Anda tidak dapat menonaktifkan akun Anda sendiri.")})
    if office.pk != user.office_id:
        _check_office(actor, office)
    fields = _FieldErrors()
    email = fields.check("email", _check_email, email, exclude_pk=user.pk)
    first_name = fields.check("first_name", _check_first_name, first_name)
    phone = fields.check("phone", normalize_phone_number, phone)
    role = fields.check("role", _check_role, role)
    fields.raise_if_any()
    user.email = email
    user.first_name = first_name
    user.last_name = (last_name or "").strip()
    user.position = (position or "").strip()
    user.phone = phone
    user.role = role
    user.office = office
    was_active = user.is_active
    user.is_active = is_active
    user.full_clean()
    user.save()
    if not _user_in_jurisdiction(actor, user):
        raise ValidationError({"office": _("Akun ini akan berada di luar wilayah kerja Anda.")})
    saved = _check_rights_after_saving(actor, user)
    if was_active and not is_active:
        user_logout_everywhere(user=user)
    changes = changes_between(before, account_state(saved))
    if changes:
        _record_changes(actor=actor, user=saved, changes=changes, ip_address=ip_address, office=old_office)
    return user


def _record_changes(*, actor, user: User, changes: dict, ip_address, office=None, created: bool = False):
    """The trail's entry for changed fields of an account (these services or the Django admin), with its
    notices: to the account's address, and to the old address when the address itself changed (a new
    account gets its password link instead)."""
    if created:
        action, notify = AuditAction.CREATE, []
    else:
        if "is_active" in changes:
            action = AuditAction.ACTIVATE if changes["is_active"][1] else AuditAction.DEACTIVATE
        else:
            action = AuditAction.UPDATE
        notify = [changes["email"][0] if "email" in changes else "", user.email]
    return audit_record(
        actor=actor,
        user=user,
        action=action,
        changes=changes,
        ip_address=ip_address,
        office=office,
        notify=notify,
    )


@transaction.atomic
def user_set_active(*, actor, user: User, active: bool, ip_address: str | None = None) -> User:
    """Deactivate (the user can no longer sign in; nothing is deleted) or reactivate an account; written to
    the audit trail and notified to the account's address."""
    _require_administrator(actor)
    user = User.objects.select_for_update(of=("self",)).select_related("office").get(pk=user.pk)
    _check_may_manage(actor, user)
    if user.pk == actor.pk and not active:
        raise ValidationError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    changed = user.is_active != active
    if changed:
        user.is_active = active
        user.full_clean()
        user.save(update_fields=["is_active"])
    if not _user_in_jurisdiction(actor, user):
        raise ValidationError(_("Akun ini berada di luar wilayah kerja Anda."))
    if not active:
        user_logout_everywhere(user=user)
    if changed:
        audit_record(
            actor=actor,
            user=user,
            action=AuditAction.ACTIVATE if active else AuditAction.DEACTIVATE,
            changes={"is_active": [not active, active]},
            ip_address=ip_address,
            notify=[user.email],
        )
    return user


def user_logout_everywhere(*, user, keep_session: str | None = None) -> int:
    """End every open session of ``user`` (a disabled account, a password set by an administrator, a reset
    authenticator). ``keep_session``: a session key left open (an administrator changing their own password).
    Returns the number of sessions ended.

    Sessions live in the database (``django.contrib.sessions``, the default engine): the live ones (30 minutes
    of idle timeout keep them few) are decoded to find the user's. Each request also refuses by itself a
    session whose user has been disabled (``ModelBackend.get_user``) or whose password has changed (the
    session's auth hash), so this is the second lock, which also frees the rows at once."""
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key != keep_session and session.get_decoded().get(SESSION_KEY) == str(user.pk):
            ended.append(session.session_key)
    Session.objects.filter(session_key__in=ended).delete()
    if ended:
        logger.info("Ended %s session(s) of user %s", len(ended), user.pk)
    return len(ended)


@dataclass(frozen=True)
class ResetLink:
    uid: str
    token: str

    @property
    def path(self) -> str:
        return reverse("accounts:password_reset_confirm", kwargs={"uidb64": self.uid, "token": self.token})


def password_reset_link(user: User) -> ResetLink:
    return ResetLink(
        uid=urlsafe_base64_encode(force_bytes(user.pk)), token=default_token_generator.make_token(user)
    )


class EmailNotSent(Exception):
    """The mail server refused or could not be reached; nothing else has changed."""


def user_send_password_reset(
    *,
    actor,
    user: User,
    domain: str,
    use_https: bool = False,
    new_account: bool = False,
    ip_address: str | None = None,
) -> None:
    """E-mail ``user`` the standard one-time link to set a new password (the link of the "lupa kata sandi"
    page), on an administrator's request. Works for new accounts, which have no usable password yet. The
    mail itself, to the account's address, names the administrator who asked; the trail records it."""
    _require_administrator(actor)
    user = User.objects.select_related("office").get(pk=user.pk)  # as it is now, not as the caller saw it
    _check_may_manage(actor, user)
    if not user.is_active:
        raise ValidationError(_("Akun ini nonaktif. Aktifkan akun terlebih dahulu."))
    if not user.email:
        raise ValidationError(_("Akun ini tidak memiliki surel. Isi surelnya terlebih dahulu."))
    link = password_reset_link(user)
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": "SIDP3",
        "uid": link.uid,
        "user": user,
        "token": link.token,
        "protocol": "https" if use_https else "http",
        "new_account": new_account,
        "sent_by": actor,
    }
    subject = "".join(loader.render_to_string(RESET_SUBJECT_TEMPLATE, context).splitlines())
    body = loader.render_to_string(RESET_EMAIL_TEMPLATE, context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    try:
        message.send()
    except Exception as exc:  # any failure of the mail server means "not sent"
        logger.exception("Password reset e-mail to user %s not sent", user.pk)
        raise EmailNotSent(str(exc)) from exc
    audit_record(
        actor=actor,
        user=user,
        action=AuditAction.PASSWORD_LINK,
        ip_address=ip_address,
    )


# --- changes made in the Django admin (superusers) ---------------------------------------------------------


def account_change_record(*, actor, user: User, before: dict | None, ip_address: str | None = None):
    """For a change a superuser made in the Django admin (not through these services): compare ``before``
    (``audit.account_state`` of the account before the change; None for a new account) with the account as
    saved now, write the trail and send the notices as the services do. Returns the entry, or None when
    nothing tracked changed."""
    user = User.objects.select_related("office").get(pk=user.pk)
    changes = changes_between(before or {}, account_state(user))
    if not changes:
        return None
    return _record_changes(
        actor=actor, user=user, changes=changes, ip_address=ip_address, created=before is None
    )


def user_password_set_record(*, actor, user: User, ip_address: str | None = None):
    """A password a superuser set in the Django admin: in the trail, and notified to the account's address."""
    user = User.objects.select_related("office").get(pk=user.pk)
    return audit_record(
        actor=actor,
        user=user,
        action=AuditAction.PASSWORD_SET,
        ip_address=ip_address,
        notify=[user.email],
    )


# --- notifications, reminders and pending imports ---------------------------------------------------------


def office_recipients(*, regency_id: str):
    """The active accounts of the regency office of ``regency_id``, who act on its loci and evaluations."""
    return (
        User.objects.people()
        .filter(is_active=True, office__level=OfficeLevel.REGENCY, office__regency_id=regency_id)
        .order_by("pk")
    )


def notify_regency_office(*, regency_id: str, kind: str, params: dict, url: str = "") -> int:
    """One notification of ``kind`` for each active account of the regency office of ``regency_id``; called
    by the service that did the thing, in its transaction. Returns how many were made."""
    rows = [
        Notification(user_id=pk, kind=kind, params=params, url=url)
        for pk in office_recipients(regency_id=regency_id).values_list("pk", flat=True)
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def notification_mark_read(*, user: User, pk: int):
    """Mark one of ``user``'s own notifications read (another's does not exist for them) and return it."""
    notification = Notification.objects.filter(user=user, pk=pk).first()
    if notification is None:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def user_set_weekly_reminders(*, user: User, enabled: bool) -> User:
    """Turn the weekly reminder e-mail on or off: the user's own choice, on their profile page."""
    user.weekly_reminders = bool(enabled)
    user.save(update_fields=["weekly_reminders"])
    return user


def pending_import_record(sender, *, user, kind: str, filename: str, path: str, **kwargs) -> None:
    """``kernel.signals.upload_stored``'s receiver: the user has an upload of ``kind`` waiting to be
    confirmed on ``path``."""
    if user is None or not getattr(user, "is_authenticated", False):
        return
    PendingImport.objects.update_or_create(
        user=user,
        kind=kind[:50],
        defaults={"filename": filename[:255], "path": path[:500], "uploaded_at": timezone.now()},
    )


def pending_import_forget(sender, *, user, kind: str, **kwargs) -> None:
    """``kernel.signals.upload_discarded``'s receiver: imported, cancelled or gone."""
    if user is None or not getattr(user, "is_authenticated", False):
        return
    PendingImport.objects.filter(user=user, kind=kind[:50]).delete()
