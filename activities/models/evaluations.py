"""The evaluation of a locus at a stage of its programme year: the figures gathered from the records
beside the officer's assessment; submitted by the regency, approved (then read-only) or returned by
the province."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.choices import Assessment, EvaluationStage, EvaluationStatus
from kernel.scoping import ScopedQuerySet

from .base import LocusRecord


class LocusEvaluation(LocusRecord):
    locus = models.ForeignKey(
        "locus.Locus", on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("lokus")
    )
    stage = models.CharField(_("tahap evaluasi"), max_length=10, choices=EvaluationStage.choices)
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.DRAFT,
        db_index=True,
    )
    # The figures gathered from the records (cadres active, sessions held against planned, attendance,
    # post-test average, activities and reach), frozen when the evaluation is submitted.
    figures = models.JSONField(_("angka capaian"), default=dict, blank=True)
    figures_at = models.DateTimeField(_("angka dihitung pada"), null=True, blank=True)
    assessment = models.CharField(_("penilaian"), max_length=10, choices=Assessment.choices, blank=True)
    findings = models.TextField(_("temuan"), blank=True)
    recommendations = models.TextField(_("rekomendasi"), blank=True)
    review_note = models.TextField(_("catatan pemeriksa"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diajukan oleh"),
    )
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disetujui oleh"),
    )
    approved_at = models.DateTimeField(_("disetujui pada"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("evaluasi lokus")
        verbose_name_plural = _("evaluasi lokus")
        ordering = ["-programme_year_id", "locus_id", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["locus", "stage"], name="one_evaluation_per_locus_per_stage"),
        ]
        indexes = [models.Index(fields=["programme_year", "regency", "status"])]

    def __str__(self) -> str:
        return f"{self.locus} · {self.get_stage_display()}"

    def get_absolute_url(self) -> str:
        return reverse("activities:evaluation_detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.status == EvaluationStatus.APPROVED

    @property
    def is_editable(self) -> bool:
        """Draft or returned: the regency office may still change it (and its figures are live)."""
        return self.status in (EvaluationStatus.DRAFT, EvaluationStatus.RETURNED)
