"""Targets of an office for a programme year: cadres recruited, training sessions held, people reached."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kernel.scoping import ScopedQuerySet, ScopeLookups


class Target(models.Model):
    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="targets", verbose_name=_("kantor")
    )
    programme_year = models.ForeignKey(
        "locus.ProgrammeYear",
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name=_("tahun program"),
    )
    cadres = models.PositiveIntegerField(_("target kader direkrut"), default=0)
    sessions = models.PositiveIntegerField(_("target sesi pembekalan"), default=0)
    people_reached = models.PositiveIntegerField(_("target warga terjangkau"), default=0)
    note = models.TextField(_("keterangan"), blank=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_lookups = ScopeLookups(province="office__province_id", regency="office__regency_id")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("target")
        ordering = ["-programme_year_id", "office_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "programme_year"], name="one_target_per_office_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} · {self.programme_year_id}"

    def get_absolute_url(self) -> str:
        return reverse("activities:target_list")
