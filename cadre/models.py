"""Cadres (kader) of a locus: personal data under UU 27/2022, with change history and a log of every view of
a full NIK."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kernel.scoping import ScopedQuerySet, ScopeLookups
from locus import rules

from .choices import CadreStatus, Education, NikAccessAction, Sex
from .querysets import CadreQuerySet

nik_validator = RegexValidator(r"^[0-9]{16}$", _("NIK harus terdiri dari 16 digit angka."))


def statement_path(instance: "Cadre", filename: str) -> str:
    return f"kader/{instance.programme_year_id}/{instance.locus_id}/pernyataan-{filename}"


class Cadre(models.Model):
    # The indexes are chosen in ``Meta.indexes`` (each column's default index, and the pattern-matching copy
    # PostgreSQL gets for a text key, would only slow every write: a roster import keeps each index).
    locus = models.ForeignKey(
        "locus.Locus",
        on_delete=models.PROTECT,
        related_name="cadres",
        verbose_name=_("lokus"),
        db_index=False,
    )
    nik = models.CharField(_("NIK"), max_length=16, validators=[nik_validator])
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_place = models.CharField(_("tempat lahir"), max_length=100)
    birth_date = models.DateField(_("tanggal lahir"))
    address = models.CharField(_("alamat"), max_length=255)
    domicile_village = models.ForeignKey(
        "locus.Village",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("desa domisili"),
        db_index=False,
    )
    phone = models.CharField(
        _("nomor HP"), max_length=20, blank=True, help_text=_("Disimpan dalam format +62.")
    )
    email = models.EmailField(_("surel"), blank=True)
    education = models.CharField(
        _("pendidikan terakhir"), max_length=10, choices=Education.choices, blank=True
    )
    occupation = models.CharField(_("pekerjaan"), max_length=100, blank=True)
    segments = models.ManyToManyField(
        "locus.Segment", related_name="cadres", verbose_name=_("unsur pemilih"), blank=True
    )
    # The bits (``Segment.bit``) of the cadre's segments, kept by database triggers on the cadre–segment
    # table whatever writes it (forms, the COPY import, the admin): the dashboards read a locus' coverage
    # of the required segments from the roster index alone (``cadre/migrations/0003``).
    segment_mask = models.BigIntegerField(default=0, db_default=0, editable=False)
    disability = models.CharField(_("jenis disabilitas"), max_length=100, blank=True)
    nonpartisan = models.BooleanField(
        _("menyatakan bukan anggota partai politik"),
        default=False,
        help_text=_("Tidak menjadi anggota atau berafiliasi dengan partai politik atau peserta pemilu."),
    )
    nonpartisan_statement = models.FileField(
        _("surat pernyataan bukan anggota parpol"), upload_to=statement_path, blank=True, max_length=255
    )
    interest_ppk = models.BooleanField(_("berminat menjadi PPK"), default=False)
    interest_pps = models.BooleanField(_("berminat menjadi PPS"), default=False)
    interest_kpps = models.BooleanField(_("berminat menjadi KPPS"), default=False)
    status = models.CharField(
        _("status"), max_length=25, choices=CadreStatus.choices, default=CadreStatus.REGISTERED
    )
    status_reason = models.TextField(_("alasan"), blank=True)
    recruited_on = models.DateField(_("tanggal pendaftaran"))
    verification = models.JSONField(_("daftar periksa verifikasi"), default=dict, blank=True)
    interview_notes = models.TextField(_("catatan wawancara"), blank=True)
    interviewed_on = models.DateField(_("tanggal wawancara"), null=True, blank=True)
    decree_number = models.CharField(_("nomor SK penetapan"), max_length=120, blank=True)
    decree_date = models.DateField(_("tanggal SK penetapan"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("menggantikan"),
    )
    recruited_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_on_cadres",
        verbose_name=_("direkrut oleh (kader lanjutan)"),
    )
    # Denormalised from the locus when saved: scoping without joins and the one-NIK-per-year constraint.
    programme_year = models.ForeignKey(
        "locus.ProgrammeYear", on_delete=models.PROTECT, related_name="+", editable=False, db_index=False
    )
    regency = models.ForeignKey(
        "locus.Regency", on_delete=models.PROTECT, related_name="+", editable=False, db_index=False
    )
    province = models.ForeignKey(
        "locus.Province", on_delete=models.PROTECT, related_name="+", editable=False, db_index=False
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    objects = CadreQuerySet.as_manager()
    # A cadre's account sees its own row only, never another cadre's personal data.
    scope_lookups = ScopeLookups(province="province_id", regency="regency_id", locus="locus_id", cadre="id")
    # The history is read by cadre (``id``) and time; no other column of it is searched.
    history = HistoricalRecords(
        excluded_fields=["updated_at", "segment_mask"],
        m2m_fields=[segments],
        no_db_index=[
            "nik",
            "status",
            "domicile_village",
            "locus",
            "programme_year",
            "regency",
            "province",
            "recruited_by",
            "replaces",
        ],
    )

    class Meta:
        verbose_name = _("kader")
        verbose_name_plural = _("kader")
        ordering = ["locus_id", "full_name"]
        permissions = [("view_full_nik", _("Dapat melihat NIK lengkap (dengan alasan, tercatat)"))]
        constraints = [
            models.UniqueConstraint(
                fields=["programme_year", "nik"],
                condition=Q(status__in=list(rules.LIVE_STATUSES)),
                name="one_live_cadre_per_nik_per_year",
            ),
            models.CheckConstraint(condition=Q(sex__in=["L", "P"]), name="cadre_sex_l_or_p"),
        ]
        indexes = [
            # Also the locus' and the programme year's foreign keys (their leading column).
            models.Index(fields=["locus", "status"]),
            models.Index(fields=["programme_year", "regency", "status"]),
            models.Index(fields=["nik"], name="cadre_nik"),
            models.Index(fields=["regency"], name="cadre_regency"),
            models.Index(fields=["province"], name="cadre_province"),
            models.Index(fields=["domicile_village"], name="cadre_domicile_village"),
            # The dashboards' cadres per locus (appointed and active core cadres), read from the index alone.
            models.Index(
                fields=["programme_year", "locus"],
                include=["sex", "id", "segment_mask"],
                condition=rules.on_roster_q(),
                name="cadre_roster_by_locus",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        locus = self.locus
        self.programme_year_id = locus.programme_year_id
        self.regency_id = locus.regency_id
        self.province_id = locus.province_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("cadre:cadre_detail", args=[self.pk])

    @property
    def is_follow_on(self) -> bool:
        return self.recruited_by_id is not None


class LocusRoster(models.Model):
    """A locus' roster in three figures, kept by the database from its cadres in the transaction that writes
    them (triggers in ``cadre/migrations/0005_locus_roster.py``, their condition generated from
    ``locus.rules.on_roster_sql`` since ``0007``): the cadres on the roster (``rules.counts_on_roster``:
    appointed and active, not follow-on), the women among them and the OR of their segment masks. Django never
    writes it; the dashboards read it instead of counting 125,000 cadres on every request. A locus that never
    had a cadre has no row (read as zeros)."""

    locus = models.OneToOneField(
        "locus.Locus",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="roster_figures",
        editable=False,
        verbose_name=_("lokus"),
    )
    filled = models.PositiveIntegerField(_("kader inti ditetapkan"), default=0, editable=False)
    women = models.PositiveIntegerField(_("perempuan"), default=0, editable=False)
    segment_mask = models.BigIntegerField(_("unsur terwakili"), default=0, editable=False)

    class Meta:
        verbose_name = _("ringkasan daftar kader lokus")
        verbose_name_plural = _("ringkasan daftar kader lokus")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.locus_id}: {self.filled}"


class NikAccess(models.Model):
    """Who saw or exported a cadre's full NIK, when and why (UU 27/2022: processing is recorded); also who was
    refused registering a NIK that is a cadre outside their jurisdiction, and who was throttled for it
    (``cadre.services.NikGuard``): the only row without a cadre."""

    cadre = models.ForeignKey(
        Cadre,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="nik_accesses",
        verbose_name=_("kader"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("pengguna")
    )
    action = models.CharField(_("tindakan"), max_length=10, choices=NikAccessAction.choices)
    reason = models.CharField(_("alasan"), max_length=255)
    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_lookups = ScopeLookups(province="cadre__province_id", regency="cadre__regency_id")

    class Meta:
        verbose_name = _("akses NIK")
        verbose_name_plural = _("akses NIK")
        ordering = ["-at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action=NikAccessAction.THROTTLED, cadre__isnull=True)
                | (~Q(action=NikAccessAction.THROTTLED) & Q(cadre__isnull=False)),
                name="nik_access_names_a_cadre_unless_throttled",
            ),
        ]
        indexes = [
            # The throttle's count of a user's refusals in the last hour, from the index alone (a national
            # user's export logs 125,000 rows of that user: the user's index alone would visit them all).
            models.Index(fields=["user", "action", "at"], name="nik_access_user_action_at"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.cadre_id} · {self.at:%Y-%m-%d %H:%M}"


class CadreAccount(models.Model):
    """A cadre's account of the cadre app (``/kader-app/``): a user of role ``kader`` of the regency office
    of the cadre's locus, without a password (the cadre signs in with a PIN on an invited phone,
    ``CadreDevice``). Its jurisdiction is the cadre's locus (``kernel.scoping.jurisdiction``); revoked, it
    reaches nothing."""

    cadre = models.OneToOneField(
        Cadre, on_delete=models.PROTECT, related_name="account", verbose_name=_("kader")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cadre_account",
        verbose_name=_("akun pengguna"),
    )
    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("kantor")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dibuat oleh")
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    class Meta:
        verbose_name = _("akun aplikasi kader")
        verbose_name_plural = _("akun aplikasi kader")

    def __str__(self) -> str:
        return str(self.cadre_id)


class CadreInvitation(models.Model):
    """A one-time link that lets a cadre set a PIN on their phone: only the SHA-256 of its token is kept.
    Valid for 7 days, once; a newer invitation revokes the earlier unused ones."""

    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("kader")
    )
    token_hash = models.CharField(_("sidik token"), max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dibuat oleh")
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    used_at = models.DateTimeField(_("dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    class Meta:
        verbose_name = _("undangan aplikasi kader")
        verbose_name_plural = _("undangan aplikasi kader")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.cadre_id} · {self.created_at:%Y-%m-%d}"


class CadreDevice(models.Model):
    """A phone a cadre signed in on: its PIN (Django's password hash) and the SHA-256 of the device token
    kept in its cookie. Five wrong PINs lock and revoke it; it expires unless used (renewed on each use);
    the office revokes it when the phone is lost."""

    account = models.ForeignKey(
        CadreAccount, on_delete=models.CASCADE, related_name="devices", verbose_name=_("akun")
    )
    name = models.CharField(_("perangkat"), max_length=255, blank=True)
    token_hash = models.CharField(_("sidik token perangkat"), max_length=64, unique=True)
    pin_hash = models.CharField(_("sidik PIN"), max_length=255)
    failed_attempts = models.PositiveSmallIntegerField(_("PIN salah berturut-turut"), default=0)
    locked_at = models.DateTimeField(_("dikunci"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    class Meta:
        verbose_name = _("perangkat kader")
        verbose_name_plural = _("perangkat kader")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name or str(self.pk)
