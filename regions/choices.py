"""The kinds of region in the Kemendagri lists, and the time zone of each province."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kernel.localtime import TimeZone


class RegencyKind(models.TextChoices):
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")


class DistrictKind(models.TextChoices):
    KECAMATAN = "kecamatan", _("Kecamatan")
    DISTRIK = "distrik", _("Distrik")


class VillageKind(models.TextChoices):
    DESA = "desa", _("Desa")
    KELURAHAN = "kelurahan", _("Kelurahan")
    DESA_ADAT = "desa_adat", _("Desa adat")


# Province codes by time zone (Permendagri on the division of time zones; DOMAIN.md).
WITA_PROVINCES = frozenset({"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"})
WIT_PROVINCES = frozenset({"81", "82", "91", "92", "93", "94", "95", "96"})


def time_zone_for_province(code: str) -> str:
    if code in WIT_PROVINCES:
        return TimeZone.WIT
    if code in WITA_PROVINCES:
        return TimeZone.WITA
    return TimeZone.WIB
