"""Evidence for selecting loci: election figures and conflict/disaster records per region.

A record may be made for a village, a district or a regency; a village inherits the figures of its district
and regency where it has none of its own (``locus.selectors.loci.candidate_ranking``).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kernel.scoping import ScopedQuerySet, ScopeLookups
from locus.choices import IncidentKind

from .programme import Election


class RegionCodedRecord(models.Model):
    """A record about a region named by its Kemendagri code (regency, district or village)."""

    region_code = models.CharField(_("kode wilayah"), max_length=13, db_index=True)
    province_code = models.CharField(_("kode provinsi"), max_length=2, editable=False)
    regency_code = models.CharField(_("kode kabupaten/kota"), max_length=5, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_lookups = ScopeLookups(province="province_code", regency="regency_code")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.province_code = self.region_code[:2]
        self.regency_code = self.region_code[:5]
        super().save(*args, **kwargs)

    @property
    def level(self) -> int:
        return self.region_code.count(".") + 1


class ElectionIndicator(RegionCodedRecord):
    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("pemilu/pemilihan")
    )
    turnout_percent = models.DecimalField(
        _("partisipasi pemilih (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    violation_findings = models.PositiveIntegerField(_("temuan pelanggaran"), null=True, blank=True)
    ikp_score = models.DecimalField(
        _("skor IKP"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Indeks Kerawanan Pemilu (Bawaslu), 0–100."),
    )
    note = models.CharField(_("keterangan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("indikator pemilu")
        verbose_name_plural = _("indikator pemilu")
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "election"], name="one_indicator_per_region_election"
            )
        ]
        indexes = [models.Index(fields=["election", "region_code"])]

    def __str__(self) -> str:
        return f"{self.region_code} · {self.election_id}"


class IncidentRecord(RegionCodedRecord):
    """A conflict or disaster record (kind, year, note) for a region."""

    kind = models.CharField(_("jenis"), max_length=30, choices=IncidentKind.choices)
    year = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(1945), MaxValueValidator(2100)]
    )
    note = models.CharField(_("keterangan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("catatan konflik/bencana")
        verbose_name_plural = _("catatan konflik/bencana")
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "kind", "year", "note"], name="unique_incident_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_code} · {self.get_kind_display()} {self.year}"
