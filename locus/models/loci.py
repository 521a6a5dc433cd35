"""A locus: a village chosen for the DP3 programme in a programme year, and its path through the stages."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kernel.history import translated_note
from kernel.scoping import ScopedQuerySet, ScopeLookups
from locus.choices import DocumentKind, LocusCategory, LocusStatus
from locus.querysets import LocusQuerySet
from regions.models import Province, Regency, Village

from .programme import ProgrammeYear


class Locus(models.Model):
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="loci", verbose_name=_("desa")
    )
    programme_year = models.ForeignKey(
        ProgrammeYear, on_delete=models.PROTECT, related_name="loci", verbose_name=_("tahun program")
    )
    category = models.CharField(_("kategori"), max_length=30, choices=LocusCategory.choices)
    rationale = models.TextField(_("alasan pemilihan"))
    status = models.CharField(
        _("status"), max_length=12, choices=LocusStatus.choices, default=LocusStatus.PROPOSED, db_index=True
    )
    # Denormalised from the village when saved, so that scoping needs no join through the region tree.
    regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="+", editable=False, verbose_name=_("kabupaten/kota")
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", editable=False, verbose_name=_("provinsi")
    )
    decree_number = models.CharField(_("nomor SK"), max_length=120, blank=True)
    decree_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    agreement_number = models.CharField(_("nomor PKS"), max_length=120, blank=True)
    agreement_date = models.DateField(_("tanggal PKS"), null=True, blank=True)
    agreement_signatories = models.TextField(_("penanda tangan PKS"), blank=True)
    status_reason = models.TextField(_("alasan penolakan/pembatalan"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diusulkan oleh"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    objects = LocusQuerySet.as_manager()
    # A cadre's account sees its own locus.
    scope_lookups = ScopeLookups(province="province_id", regency="regency_id", locus="id")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("lokus")
        verbose_name_plural = _("lokus")
        ordering = ["-programme_year_id", "village_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "programme_year"], name="one_locus_per_village_per_year"
            ),
        ]
        indexes = [
            models.Index(fields=["programme_year", "province", "category"]),
            models.Index(fields=["programme_year", "regency", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.village.name} ({self.programme_year_id})"

    def save(self, *args, **kwargs):
        self.regency_id = self.village_id[:5]
        self.province_id = self.village_id[:2]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("locus:locus_detail", args=[self.pk])


class LocusEvent(models.Model):
    """One step of a locus through its stages: who moved it from which status to which, when and why."""

    locus = models.ForeignKey(Locus, on_delete=models.CASCADE, related_name="events", verbose_name=_("lokus"))
    from_status = models.CharField(_("dari status"), max_length=12, choices=LocusStatus.choices, blank=True)
    to_status = models.CharField(_("ke status"), max_length=12, choices=LocusStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("oleh")
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    note = models.TextField(_("catatan"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_lookups = ScopeLookups(province="locus__province_id", regency="locus__regency_id")

    class Meta:
        verbose_name = _("riwayat status lokus")
        verbose_name_plural = _("riwayat status lokus")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.locus_id}: {self.from_status} → {self.to_status}"

    @property
    def shown_note(self) -> str:
        """The note in the reader's language when the system wrote it (an import), else as typed."""
        return translated_note(self.note)


def locus_document_path(instance: "LocusDocument", filename: str) -> str:
    locus = instance.locus
    return f"lokus/{locus.programme_year_id}/{locus.village_id}/{instance.kind}-{filename}"


class LocusDocument(models.Model):
    """A document of a locus (SK, PKS, other): PDF or image, stored under the media root, served only to users
    who may see the locus (``locus:document_download``)."""

    locus = models.ForeignKey(
        Locus, on_delete=models.CASCADE, related_name="documents", verbose_name=_("lokus")
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=DocumentKind.choices)
    title = models.CharField(_("judul"), max_length=200)
    file = models.FileField(_("berkas"), upload_to=locus_document_path, max_length=255)
    content_type = models.CharField(_("jenis berkas"), max_length=100)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("diunggah oleh")
    )
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_lookups = ScopeLookups(province="locus__province_id", regency="locus__regency_id")

    class Meta:
        verbose_name = _("dokumen lokus")
        verbose_name_plural = _("dokumen lokus")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("locus:document_download", args=[self.pk])
