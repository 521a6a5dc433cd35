"""Cadre trainings (pembekalan/bimtek): numbered sessions of a programme year for one or more loci of one
regency, with the attendance of each cadre and optional pre-/post-test scores."""

from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.choices import AttendanceStatus, Mode
from activities.models.base import Recorded
from kernel.localtime import local_hours, local_today
from kernel.scoping import ScopedQuerySet, ScopeLookups

SCORE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class TrainingSession(Recorded):
    """One session (e.g. 3 of 8) held for the cadres of one or more loci of the same regency."""

    programme_year = models.ForeignKey(
        "locus.ProgrammeYear",
        on_delete=models.PROTECT,
        related_name="training_sessions",
        verbose_name=_("tahun program"),
    )
    loci = models.ManyToManyField("locus.Locus", related_name="training_sessions", verbose_name=_("lokus"))
    session_number = models.PositiveSmallIntegerField(
        _("sesi ke"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    topic = models.CharField(_("materi"), max_length=255)
    module = models.CharField(_("modul"), max_length=255, blank=True)
    facilitators = models.TextField(_("fasilitator"), blank=True, help_text=_("Satu nama per baris."))
    mode = models.CharField(_("cara pelaksanaan"), max_length=10, choices=Mode.choices)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    venue = models.CharField(_("tempat"), max_length=255, blank=True)
    meeting_link = models.URLField(_("tautan"), max_length=500, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    held = models.BooleanField(
        _("sudah dilaksanakan"), default=False, help_text=_("Centang setelah sesi berlangsung.")
    )
    # The regency whose loci the session serves (every locus of the session lies in it), and its province.
    regency = models.ForeignKey(
        "locus.Regency", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    # The session's attendance rows by status, kept by database triggers whatever writes them
    # (``activities/migrations/0005``): the dashboards sum sessions, not every attendance row.
    present_count = models.PositiveIntegerField(_("hadir"), default=0, db_default=0, editable=False)
    absent_count = models.PositiveIntegerField(_("tidak hadir"), default=0, db_default=0, editable=False)
    excused_count = models.PositiveIntegerField(_("izin"), default=0, db_default=0, editable=False)
    province = models.ForeignKey("locus.Province", on_delete=models.PROTECT, related_name="+", editable=False)

    objects = ScopedQuerySet.as_manager()
    # A cadre's account sees the sessions of its locus: its schedule.
    scope_lookups = ScopeLookups(province="province_id", regency="regency_id", locus="loci")
    history = HistoricalRecords(
        excluded_fields=["updated_at", "present_count", "absent_count", "excused_count"], m2m_fields=[loci]
    )

    class Meta:
        verbose_name = _("sesi pembekalan")
        verbose_name_plural = _("sesi pembekalan")
        ordering = ["-starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="training_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["programme_year", "regency", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.session_number} · {self.topic}"

    def save(self, *args, **kwargs):
        self.province_id = self.regency_id[:2]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("activities:training_detail", args=[self.pk])

    @property
    def recorded_count(self) -> int:
        """Attendance rows recorded for the session, whatever their status."""
        return self.present_count + self.absent_count + self.excused_count

    @property
    def time_zone(self) -> str:
        return self.regency.province.time_zone

    @property
    def local_hours(self) -> str:
        """The hours as the regency's clocks show them: "09.00–12.00 WIB"."""
        return local_hours(self.starts_at, self.ends_at, self.time_zone)

    @property
    def local_date(self):
        return self.starts_at.astimezone(ZoneInfo(self.time_zone)).date()

    @property
    def has_started(self) -> bool:
        """Whether the session's day has come on the regency's calendar (attendance is recorded after)."""
        return self.local_date <= local_today(self.time_zone)


class TrainingAttendance(models.Model):
    """Whether one cadre of the session's loci attended, with optional test scores (0–100)."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("sesi")
    )
    cadre = models.ForeignKey(
        "cadre.Cadre", on_delete=models.PROTECT, related_name="attendances", verbose_name=_("kader")
    )
    status = models.CharField(_("kehadiran"), max_length=12, choices=AttendanceStatus.choices)
    pre_score = models.DecimalField(
        _("nilai pre-test"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    post_score = models.DecimalField(
        _("nilai post-test"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    note = models.CharField(_("keterangan"), max_length=255, blank=True)

    objects = ScopedQuerySet.as_manager()
    # A cadre's account sees its own attendance only.
    scope_lookups = ScopeLookups(
        province="session__province_id", regency="session__regency_id", cadre="cadre_id"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kehadiran pembekalan")
        verbose_name_plural = _("kehadiran pembekalan")
        ordering = ["session_id", "cadre_id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "cadre"], name="one_attendance_per_cadre_per_session"),
            models.CheckConstraint(
                condition=Q(pre_score__isnull=True) | Q(pre_score__gte=0, pre_score__lte=100),
                name="attendance_pre_score_0_100",
            ),
            models.CheckConstraint(
                condition=Q(post_score__isnull=True) | Q(post_score__gte=0, post_score__lte=100),
                name="attendance_post_score_0_100",
            ),
        ]
        indexes = [
            models.Index(fields=["cadre", "status"]),
            # A session's rows counted by status (the triggers of migration 0005), from the index alone.
            models.Index(fields=["session", "status"], name="attendance_session_status"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id} · {self.cadre_id}: {self.status}"
