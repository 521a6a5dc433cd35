"""Report jobs: one row per report a user asked for, built in the background by ``reports.tasks``.

A job keeps the parameters of the request (type, programme year, region scope, locus, meeting, format, the
reason given for full NIKs), never a NIK or a name. Its file lives under ``MEDIA_ROOT/laporan/`` with a name
taken from the job's id (``laporan/laporan-<id>.<format>``), so a retried build replaces it instead of leaving
a second file; it is served only by ``reports:job_download``.

Who sees a job: the user who asked for it, and nobody else, whatever their level (a national administrator
included): a report may hold full NIKs asked for with a reason by that user alone, and every other user can
ask for the same report within their own jurisdiction. ``ReportJob.scope_lookups`` says so; the admin
(superusers) lists every job for support.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kernel.scoping import OwnedBy, ScopedQuerySet
from reports.builders import load_all

REPORT_FOLDER = "laporan"


class JobStatus(models.TextChoices):
    QUEUED = "antre", _("antre")
    RUNNING = "berjalan", _("berjalan")
    SUCCEEDED = "selesai", _("selesai")
    FAILED = "gagal", _("gagal")
    EXPIRED = "kedaluwarsa", _("kedaluwarsa")


ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)


class ReportJobQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)


class ReportJob(models.Model):
    report_type = models.CharField(_("jenis laporan"), max_length=32)
    year = models.PositiveSmallIntegerField(_("tahun program"), null=True, blank=True)
    scope = models.CharField(
        _("wilayah"),
        max_length=13,
        blank=True,
        help_text=_("Kode provinsi atau kabupaten/kota; kosong: semua"),
    )
    locus = models.ForeignKey(
        "locus.Locus",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lokus"),
    )
    meeting = models.ForeignKey(
        "activities.CoordinationMeeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rapat koordinasi"),
    )
    format = models.CharField(_("format"), max_length=4)
    reason = models.CharField(_("alasan NIK lengkap"), max_length=255, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="report_jobs",
        verbose_name=_("diminta oleh"),
    )
    status = models.CharField(_("status"), max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    file = models.FileField(_("berkas"), upload_to=REPORT_FOLDER, max_length=255, blank=True)
    filename = models.CharField(_("nama berkas"), max_length=200, blank=True)
    content_type = models.CharField(_("jenis isi"), max_length=100, blank=True)
    error = models.TextField(_("keterangan kegagalan"), blank=True)
    created_at = models.DateTimeField(_("diminta pada"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai dibuat"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    task_id = models.CharField(_("ID tugas Celery"), max_length=64, blank=True)

    objects = ReportJobQuerySet.as_manager()
    # The user's own jobs. Asking for a report is reading ("view"), so every role that may view may ask; a
    # user without a jurisdiction (no office, disabled) has none.
    scope_lookups = OwnedBy("requested_by")

    class Meta:
        verbose_name = _("permintaan laporan")
        verbose_name_plural = _("permintaan laporan")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="reportjob_user_created"),
            models.Index(fields=["status", "started_at"], name="reportjob_status_started"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="reportjob_progress_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.report_type} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("reports:job_list")

    @property
    def storage_name(self) -> str:
        """The file's name in the storage, fixed by the job's id: a retried build overwrites it."""
        return f"{REPORT_FOLDER}/laporan-{self.pk}.{self.format}"

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def type_label(self):
        report_type = load_all().get(self.report_type)
        return report_type.label if report_type else self.report_type

    def get_download_url(self) -> str:
        return reverse("reports:job_download", args=[self.pk])
