"""Kemendagri regions (province → regency/city → district → village), keyed by their dotted codes.

Codes are never deleted: a code absent from a newer Kepmendagri list gets ``retired_at``, so that records made
under it stay readable.

The models belong to the ``locus`` app (``Meta.app_label``): their tables, their migrations and the names
``locus.Province`` … are locus' as before. They are defined here, below accounts, because an office is for a
province or a regency; ``locus.models`` imports them, which registers them with the app.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kernel.localtime import TIME_ZONE_ABBREVIATIONS, TimeZone
from kernel.scoping import ScopeLookups
from regions.choices import DistrictKind, RegencyKind, VillageKind
from regions.querysets import RegionManager


class Region(models.Model):
    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    # No B-tree index of its own: a name is searched by the trigram index on UPPER(name) (locus migration
    # 0002), which also serves iexact; the B-tree (and its pattern twin) only slowed the bulk import and
    # tempted the planner into walking all names in order for a common term (locus migration 0011).
    name = models.CharField(_("nama"), max_length=100)
    retired_at = models.DateField(_("tidak berlaku sejak"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # never searched by; an index would only slow the bulk import down
        verbose_name=_("penggantinya"),
        help_text=_("Untuk kode yang tidak berlaku lagi: kode yang menggantikannya."),
    )

    objects = RegionManager()

    class Meta:
        abstract = True
        app_label = "locus"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    def current_successor(self):
        """The region now in force for a retired code (following a chain of successors), or None."""
        seen, region = set(), self
        while region.retired_at is not None and region.successor_id and region.code not in seen:
            seen.add(region.code)
            region = region.successor
        return region if region is not self and region.retired_at is None else None


class Province(Region):
    time_zone = models.CharField(_("zona waktu"), max_length=20, choices=TimeZone.choices)

    scope_lookups = ScopeLookups(province="code", regency=None, code="code")

    class Meta(Region.Meta):
        verbose_name = _("provinsi")
        verbose_name_plural = _("provinsi")

    def __str__(self) -> str:
        return f"Provinsi {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("locus:province_detail", args=[self.code])

    @property
    def time_zone_abbreviation(self) -> str:
        return TIME_ZONE_ABBREVIATIONS.get(self.time_zone, "")

    @property
    def province(self):
        return self

    def path(self) -> list:
        return [self]


class Regency(Region):
    kind = models.CharField(_("jenis"), max_length=10, choices=RegencyKind.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="regencies", verbose_name=_("provinsi")
    )

    scope_lookups = ScopeLookups(province="province_id", regency="code", code="code")

    class Meta(Region.Meta):
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")

    def get_absolute_url(self) -> str:
        return reverse("locus:regency_detail", args=[self.code])

    def path(self) -> list:
        return [self.province, self]


class District(Region):
    kind = models.CharField(_("jenis"), max_length=10, choices=DistrictKind.choices)
    regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="districts", verbose_name=_("kabupaten/kota")
    )

    scope_lookups = ScopeLookups(province="regency__province_id", regency="regency_id", code="code")

    class Meta(Region.Meta):
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")

    def get_absolute_url(self) -> str:
        return reverse("locus:district_detail", args=[self.code])

    @property
    def province(self):
        return self.regency.province

    def path(self) -> list:
        return [self.regency.province, self.regency, self]


class Village(Region):
    kind = models.CharField(_("jenis"), max_length=10, choices=VillageKind.choices)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="villages", verbose_name=_("kecamatan")
    )

    scope_lookups = ScopeLookups(
        province="district__regency__province_id", regency="district__regency_id", code="code"
    )

    class Meta(Region.Meta):
        verbose_name = _("desa/kelurahan")
        verbose_name_plural = _("desa/kelurahan")

    def get_absolute_url(self) -> str:
        return reverse("locus:village_detail", args=[self.code])

    @property
    def regency(self):
        return self.district.regency

    @property
    def province(self):
        return self.district.regency.province

    def path(self) -> list:
        return [self.district.regency.province, self.district.regency, self.district, self]
