"""Offices (KPU RI, KPU Provinsi, KPU Kabupaten/Kota) and their users, each with one role; the audit trail of
what administrators do to accounts."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kernel.scoping import ScopeLookups
from kernel.scoping.policy import policy

from .choices import (
    APIAccess,
    APIClientStatus,
    AuditAction,
    NotificationKind,
    OfficeLevel,
    Role,
    notification_text,
)
from .querysets import AccountAuditQuerySet, APIClientQuerySet, OfficeQuerySet, UserQuerySet


class Office(models.Model):
    level = models.CharField(_("tingkat"), max_length=10, choices=OfficeLevel.choices)
    province = models.ForeignKey(
        "locus.Province", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("provinsi")
    )
    regency = models.ForeignKey(
        "locus.Regency", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("kabupaten/kota")
    )
    name = models.CharField(_("nama kantor"), max_length=150, unique=True)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    email = models.EmailField(_("surel kantor"), blank=True)
    # The office's local date of the last weekly reminder e-mail: claimed by one conditional UPDATE before
    # sending, so that a task run twice in the hour sends once (reports/reminders.py).
    reminders_sent_on = models.DateField(
        _("pengingat mingguan terakhir"), null=True, blank=True, editable=False
    )

    objects = OfficeQuerySet.as_manager()
    scope_lookups = ScopeLookups(province="province_id", regency="regency_id")

    class Meta:
        verbose_name = _("kantor")
        verbose_name_plural = _("kantor")
        ordering = ["province_id", "regency_id", "name"]
        constraints = [
            models.CheckConstraint(
                name="office_level_matches_region",
                condition=(
                    Q(level="nasional", province__isnull=True, regency__isnull=True)
                    | Q(level="provinsi", province__isnull=False, regency__isnull=True)
                    | Q(level="kabupaten", province__isnull=False, regency__isnull=False)
                ),
            ),
            models.UniqueConstraint(
                fields=["province"], condition=Q(level="provinsi"), name="one_office_per_province"
            ),
            models.UniqueConstraint(fields=["regency"], name="one_office_per_regency"),
            models.UniqueConstraint(
                fields=["level"], condition=Q(level="nasional"), name="one_national_office"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:office_detail", args=[self.pk])

    def clean(self):
        if (
            self.level == OfficeLevel.REGENCY
            and self.regency_id
            and self.province_id
            and not self.regency_id.startswith(f"{self.province_id}.")
        ):
            raise ValidationError({"regency": _("Kabupaten/kota tidak berada di provinsi yang dipilih.")})

    @property
    def region(self):
        """The region the office serves: its regency, its province, or None for KPU RI."""
        return self.regency or self.province

    @property
    def time_zone(self) -> str:
        return self.province.time_zone if self.province_id else "Asia/Jakarta"

    @classmethod
    def default_name(cls, level: str, region) -> str:
        if level == OfficeLevel.NATIONAL:
            return "KPU RI"
        if level == OfficeLevel.PROVINCE:
            return f"KPU Provinsi {region.name}"
        # Regency names already say "Kabupaten X" or "Kota X".
        return f"KPU {region.name}"


class SIDP3UserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("kantor"),
    )
    role = models.CharField(_("peran"), max_length=12, choices=Role.choices, default=Role.VIEWER)
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    weekly_reminders = models.BooleanField(
        _("surel pengingat mingguan"),
        default=True,
        help_text=_("Setiap Senin pukul 07.00 waktu kantor Anda: daftar hal yang menunggu tindakan Anda."),
    )
    # The account of a machine client of the API (APIClient.user): made by accounts/api_clients.py, never
    # signs in to the pages (accounts.backends), holds no Django permission (``has_perm``), and is left out
    # of the lists of people, their counts and their e-mails (``UserQuerySet.people``).
    is_api_client = models.BooleanField(_("akun klien API"), default=False, editable=False)

    objects = SIDP3UserManager()
    scope_lookups = ScopeLookups(province="office__province_id", regency="office__regency_id")

    class Meta(AbstractUser.Meta):
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        ordering = ["username"]

    @property
    def time_zone(self) -> str:
        """The clock the user reads times on: their office's (its province's), Jakarta's without one."""
        return self.office.time_zone if self.office_id else "Asia/Jakarta"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_detail", args=[self.pk])

    @property
    def jurisdiction(self):
        return policy(self).jurisdiction

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    def has_perm(self, perm, obj=None) -> bool:
        # A machine client acts through its role only: never ``cadre.view_full_nik`` or any other
        # permission, whatever a superuser may have ticked in the Django admin. Nor does a cadre's account.
        if self.is_api_client or self.is_cadre:
            return False
        return super().has_perm(perm, obj)

    @property
    def is_cadre(self) -> bool:
        """A DP3 cadre's account of the cadre app (``cadre.CadreAccount``): no officer's page, no second
        step (the PIN on an invited phone is its second factor), no permission."""
        return self.role == Role.CADRE

    def has_module_perms(self, app_label) -> bool:
        if self.is_api_client or self.is_cadre:
            return False
        return super().has_module_perms(app_label)


class AccountAuditEntry(models.Model):
    """One thing an administrator (or a superuser) did to an account: who, to whom, what (with the changed
    fields' old and new values), when and from which address.

    Written by the services in the same transaction as the change, never changed afterwards. The names of both
    accounts are copied, so that the entry still reads the same if an account is renamed or deleted. The
    region is the target account's office at the time (before a move): the entries are read through
    ``restrict(user, "manage")``, by the administrators of that regency, of its province and of KPU RI.
    """

    created_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dilakukan oleh"),
    )
    actor_username = models.CharField(_("nama pengguna pelaku"), max_length=150)
    target = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("akun"),
    )
    target_username = models.CharField(_("nama pengguna akun"), max_length=150)
    action = models.CharField(_("tindakan"), max_length=20, choices=AuditAction.choices)
    changes = models.JSONField(
        _("perubahan"),
        default=dict,
        blank=True,
        encoder=DjangoJSONEncoder,
        help_text=_("Untuk setiap isian yang berubah: nilai lama dan nilai baru."),
    )
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    province_code = models.CharField(_("kode provinsi"), max_length=2, blank=True)
    regency_code = models.CharField(_("kode kabupaten/kota"), max_length=5, blank=True)

    objects = AccountAuditQuerySet.as_manager()
    scope_lookups = ScopeLookups(province="province_code", regency="regency_code")

    class Meta:
        verbose_name = _("jejak audit akun")
        verbose_name_plural = _("jejak audit akun")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["province_code", "-created_at"], name="accountaudit_province_time"),
            models.Index(fields=["regency_code", "-created_at"], name="accountaudit_regency_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.target_username} ({self.actor_username})"


class Notification(models.Model):
    """Something that happened to the work of a user's office and waits on them (an evaluation returned, a
    locus designated): shown in the navigation bar until read. The words are chosen when it is shown
    (``NotificationKind``'s text with ``params``), so each reader sees them in their own language."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("pengguna")
    )
    kind = models.CharField(_("jenis"), max_length=30, choices=NotificationKind.choices)
    params = models.JSONField(_("isi"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        return notification_text(self.kind, self.params)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class PendingImport(models.Model):
    """A spreadsheet uploaded and previewed but neither imported nor cancelled yet (``kernel.imports`` keeps
    the file; this row lets the user's action list say so). Removed when the upload is imported, cancelled
    or replaced; read only while the file is kept (``STALE_AFTER_SECONDS``)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="pending_imports", verbose_name=_("pengguna")
    )
    kind = models.CharField(_("jenis impor"), max_length=50)
    filename = models.CharField(_("nama berkas"), max_length=255)
    path = models.CharField(_("halaman impor"), max_length=500)
    uploaded_at = models.DateTimeField(_("diunggah"), default=timezone.now)

    class Meta:
        verbose_name = _("impor tertunda")
        verbose_name_plural = _("impor tertunda")
        ordering = ["-uploaded_at"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_pending_import_per_kind")]

    def __str__(self) -> str:
        return self.filename


class APIClient(models.Model):
    """A machine account of the API for one office (a data warehouse, a partner's system): a name, read or
    read and write, an expiry of at most a year. Its token is shown once when it is made and stored only as
    the SHA-256 of the whole token, found by its public ``token_prefix``. It acts through its own account
    (``user``, ``User.is_api_client``) of its office, with the role that its access gives (viewer or staff):
    the one access policy applies to it unchanged."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="api_clients", verbose_name=_("kantor")
    )
    user = models.OneToOneField(
        User, on_delete=models.PROTECT, related_name="api_client", verbose_name=_("akun mesin")
    )
    name = models.CharField(_("nama klien"), max_length=100)
    access = models.CharField(_("akses"), max_length=12, choices=APIAccess.choices)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    token_prefix = models.CharField(_("awalan token"), max_length=16, unique=True, editable=False)
    token_hash = models.CharField(_("hash token"), max_length=64, editable=False)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("dibuat oleh")
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicabut oleh"),
    )
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)

    objects = APIClientQuerySet.as_manager()
    scope_lookups = ScopeLookups(province="office__province_id", regency="office__regency_id")

    class Meta:
        verbose_name = _("klien API")
        verbose_name_plural = _("klien API")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:api_client_detail", args=[self.pk])

    def status_at(self, now) -> str:
        """Revoked, expired or active at ``now``: the one definition (``APIClientQuerySet.active`` is its
        filter)."""
        if self.revoked_at is not None:
            return APIClientStatus.REVOKED
        if self.expires_at <= now:
            return APIClientStatus.EXPIRED
        return APIClientStatus.ACTIVE

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())

    def get_status_display(self) -> str:
        return APIClientStatus(self.status).label


class APICall(models.Model):
    """One request a machine client made to the API, and its answer: the call log shown on the client's page
    (kept 90 days, ``api_calls_purge``)."""

    client = models.ForeignKey(
        APIClient, on_delete=models.CASCADE, related_name="calls", verbose_name=_("klien API")
    )
    at = models.DateTimeField(_("waktu"), default=timezone.now)
    method = models.CharField(_("metode"), max_length=10)
    path = models.CharField(_("alamat"), max_length=500)
    status = models.PositiveSmallIntegerField(_("status"))
    duration_ms = models.PositiveIntegerField(_("durasi (ms)"))

    class Meta:
        verbose_name = _("panggilan API")
        verbose_name_plural = _("panggilan API")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["client", "-at"], name="apicall_client_time")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"
