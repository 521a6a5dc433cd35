"""The region imports that completed (``locus.services.region_import``): what each read and the state of the
region tables it left, so that importing the same source again over an untouched tree is known to change
nothing without reading and comparing 91,000 rows."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RegionImport(models.Model):
    finished_at = models.DateTimeField(_("selesai pada"), default=timezone.now)
    source_label = models.CharField(_("sumber"), max_length=500)
    # SHA-256 of the source's bytes and of the import's own code (how a row is read and checked, what kind,
    # time zone and parent follow from it); empty for rows handed over in memory, which are never skipped.
    digest = models.CharField(_("sidik sumber"), max_length=64, blank=True)
    # The region tables' write counter (PostgreSQL: a sequence that a statement trigger on each table
    # advances, migration 0010) once this import had written; None where the database keeps none (SQLite).
    tree_version = models.BigIntegerField(_("versi pohon wilayah"), null=True, blank=True)
    # The source's rows per level (LEVEL_KEYS → count): what a skipped re-import reports as unchanged.
    source_rows = models.JSONField(_("baris sumber per tingkat"), default=dict)
    changes = models.PositiveIntegerField(_("perubahan"), default=0)

    class Meta:
        verbose_name = _("impor wilayah")
        verbose_name_plural = _("impor wilayah")
        ordering = ["-finished_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source_label} ({self.finished_at:%Y-%m-%d %H:%M})"
