"""Election results per village: the sum of a village's polling stations (TPS) for one election.

The file an office loads lists every TPS (region code, TPS number, registered voters, voters who came, valid
and invalid votes); what is kept is the village's sum, from which districts and regencies are summed by query.
Turnout is never stored: it is ``voters / (registered + additional)`` (``locus.rules.turnout_percent``),
derived wherever it is shown (``VillageResult.turnout``, ``locus.selectors.results``).

A file is loaded in the worker (``ResultsImportJob``, ``locus.services.results_jobs``): the upload waits under
``MEDIA_ROOT/hasil-pemilu/`` until the job has run, and is removed then.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kernel.scoping import OwnedBy, ScopedQuerySet, ScopeLookups
from locus import rules
from locus.choices import ResultsJobStatus
from regions.models import Village

from .programme import Election

RESULTS_FOLDER = "hasil-pemilu"


class VillageResult(models.Model):
    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, related_name="village_results", verbose_name=_("pemilu/pemilihan")
    )
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("desa/kelurahan")
    )
    # The village's district, regency and province codes, kept with the row: results are summed and scoped by
    # them without joining the region tree.
    district_code = models.CharField(_("kode kecamatan"), max_length=8, editable=False)
    regency_code = models.CharField(_("kode kabupaten/kota"), max_length=5, editable=False)
    province_code = models.CharField(_("kode provinsi"), max_length=2, editable=False)
    polling_stations = models.PositiveIntegerField(_("jumlah TPS"))
    registered = models.PositiveIntegerField(_("pemilih terdaftar (DPT)"))
    additional = models.PositiveIntegerField(
        _("pemilih tambahan (DPTb dan DPK)"),
        default=0,
        help_text=_("Pemilih yang tidak ada di DPT tetapi memberikan suara (DPTb, DPK)."),
    )
    voters = models.PositiveIntegerField(_("pengguna hak pilih"))
    valid_votes = models.PositiveIntegerField(_("suara sah"))
    invalid_votes = models.PositiveIntegerField(_("suara tidak sah"))
    illustrative = models.BooleanField(
        _("data ilustrasi"),
        default=False,
        help_text=_("Angka buatan untuk demo dan pelatihan, bukan hasil resmi."),
    )

    objects = ScopedQuerySet.as_manager()
    scope_lookups = ScopeLookups(province="province_code", regency="regency_code")

    class Meta:
        verbose_name = _("hasil pemilu desa/kelurahan")
        verbose_name_plural = _("hasil pemilu desa/kelurahan")
        constraints = [
            models.UniqueConstraint(fields=["election", "village"], name="one_result_per_village_election"),
            models.CheckConstraint(
                condition=rules.voters_within_electorate_q(), name="result_voters_within_registered"
            ),
            models.CheckConstraint(
                condition=rules.votes_within_voters_q(), name="result_votes_within_voters"
            ),
        ]
        indexes = [
            models.Index(fields=["election", "regency_code"], name="result_election_regency"),
        ]

    def __str__(self) -> str:
        return f"{self.village_id} · {self.election_id}"

    def save(self, *args, **kwargs):
        self.district_code, self.regency_code, self.province_code = self.region_codes(self.village_id)
        super().save(*args, **kwargs)

    @staticmethod
    def region_codes(village_code: str) -> tuple[str, str, str]:
        """The district, regency and province codes kept with a village's row: 18.06.21.2005 → 18.06.21,
        18.06, 18 (a village code's first three parts are always 2, 2 and 2 digits)."""
        return village_code[:8], village_code[:5], village_code[:2]

    @property
    def electorate(self) -> int:
        """Everyone who could vote here: the DPT and the voters added on the day (DPTb, DPK)."""
        return rules.electorate(registered=self.registered, additional=self.additional)

    @property
    def turnout(self) -> float | None:
        """Turnout in percent (``voters / electorate``), or None for a village without voters on record."""
        return rules.turnout_percent(
            voters=self.voters, registered=self.registered, additional=self.additional
        )


ACTIVE_JOB_STATUSES = (ResultsJobStatus.QUEUED, ResultsJobStatus.RUNNING)


class ResultsImportJob(models.Model):
    """One upload of an election's TPS results, checked and written by the worker (``locus.tasks``).

    The job keeps what the page shows while it runs and afterwards: its progress, the TPS rows read, the
    villages new, changed and unchanged, or the errors that refused the file (the first
    ``locus.services.results_import.ERROR_LIMIT`` of them, with their total). Seen by the user who uploaded
    the file only (``OwnedBy``), as a report job is."""

    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, related_name="+", verbose_name=_("pemilu/pemilihan")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="results_import_jobs",
        verbose_name=_("diunggah oleh"),
    )
    illustrative = models.BooleanField(
        _("data ilustrasi"),
        default=False,
        help_text=_("Angka buatan untuk demo dan pelatihan, bukan hasil resmi."),
    )
    file = models.FileField(_("berkas"), upload_to=RESULTS_FOLDER, max_length=255, blank=True)
    filename = models.CharField(_("nama berkas"), max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=ResultsJobStatus.choices, default=ResultsJobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    rows_read = models.PositiveIntegerField(_("baris TPS dibaca"), default=0)
    villages_new = models.PositiveIntegerField(_("desa/kelurahan baru"), default=0)
    villages_changed = models.PositiveIntegerField(_("desa/kelurahan berubah"), default=0)
    villages_unchanged = models.PositiveIntegerField(_("desa/kelurahan tidak berubah"), default=0)
    # [{"row": 12, "column": "DPT", "message": "..."}], in row order; ``error_count`` counts them all.
    errors = models.JSONField(_("kesalahan"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("jumlah kesalahan"), default=0)
    warnings = models.JSONField(_("peringatan"), default=list, blank=True)
    created_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai diproses"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    task_id = models.CharField(_("ID tugas Celery"), max_length=64, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_lookups = OwnedBy("uploaded_by")

    class Meta:
        verbose_name = _("impor hasil pemilu")
        verbose_name_plural = _("impor hasil pemilu")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["uploaded_by", "-created_at"], name="resultsjob_user_created")]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="resultsjob_progress_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.filename} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("locus:results_job", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_JOB_STATUSES

    @property
    def villages(self) -> int:
        return self.villages_new + self.villages_changed + self.villages_unchanged

    @property
    def omitted_errors(self) -> int:
        return max(0, self.error_count - len(self.errors))

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None
