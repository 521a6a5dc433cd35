"""The four levels of the region tree (province → regency/city → district → village): each one's model, code
length and parent, and the kind or time zone that follows from a code and a name."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from locus.models import District, Province, Regency, Village
from regions.choices import DistrictKind, RegencyKind, VillageKind, time_zone_for_province

_KOTA = re.compile(r"kota\b", re.IGNORECASE)


def _province_time_zone(code: str, name: str) -> str:
    return str(time_zone_for_province(code))


def _regency_kind(code: str, name: str) -> str:
    return RegencyKind.KOTA.value if _KOTA.match(name) else RegencyKind.KABUPATEN.value


def _district_kind(code: str, name: str) -> str:
    return DistrictKind.DISTRIK.value if code[:2] >= "91" else DistrictKind.KECAMATAN.value


_VILLAGE_KINDS = {
    "1": VillageKind.KELURAHAN.value,
    "2": VillageKind.DESA.value,
    "3": VillageKind.DESA_ADAT.value,
}


def _village_kind(code: str, name: str) -> str:
    return _VILLAGE_KINDS[code[9]]


@dataclass(frozen=True)
class _Level:
    key: str
    model: type
    code_length: int
    attr_field: str  # time_zone for provinces, kind below
    attribute: Callable[[str, str], str]  # (code, name) → kind or time zone
    parent_field: str | None = None  # the foreign key's attname
    parent_length: int = 0


_LEVELS = (
    _Level("province", Province, 2, "time_zone", _province_time_zone),
    _Level("regency", Regency, 5, "kind", _regency_kind, "province_id", 2),
    _Level("district", District, 8, "kind", _district_kind, "regency_id", 5),
    _Level("village", Village, 13, "kind", _village_kind, "district_id", 8),
)
LEVEL_KEYS = tuple(level.key for level in _LEVELS)
LEVEL_LABELS = {
    "province": gettext_lazy("Provinsi"),
    "regency": gettext_lazy("Kabupaten/Kota"),
    "district": gettext_lazy("Kecamatan"),
    "village": gettext_lazy("Desa/Kelurahan"),
}
