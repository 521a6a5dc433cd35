"""Template helpers: local times with their zone ("09.00 WITA"), Indonesian number formats and Rupiah
("Rp 150.000.000")."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django import template
from django.utils import formats

from kernel import money
from kernel.localtime import TIME_ZONE_ABBREVIATIONS

register = template.Library()


@register.filter
def local_time(value: dt.datetime | None, time_zone: str = "Asia/Jakarta") -> str:
    """A moment as the clock shows it in ``time_zone``, with the zone's abbreviation: "09.00 WITA"."""
    if not value:
        return ""
    local = value.astimezone(ZoneInfo(time_zone))
    abbreviation = TIME_ZONE_ABBREVIATIONS.get(time_zone, local.tzname() or "")
    return f"{formats.time_format(local, 'TIME_FORMAT')} {abbreviation}".strip()


@register.filter
def local_date(value: dt.datetime | None, time_zone: str = "Asia/Jakarta") -> str:
    if not value:
        return ""
    return formats.date_format(value.astimezone(ZoneInfo(time_zone)), "DATE_FORMAT")


@register.filter
def zone_abbreviation(time_zone: str) -> str:
    return TIME_ZONE_ABBREVIATIONS.get(time_zone, "")


@register.filter
def bar_width(value) -> str:
    """The class that sets a progress bar's width (``w-pct-0`` … ``w-pct-100``, static/css/sidp3.css): the
    Content-Security-Policy allows no style attribute. Rounded, and held between 0 and 100."""
    try:
        percent = round(float(value))
    except (TypeError, ValueError):
        percent = 0
    return f"w-pct-{min(100, max(0, percent))}"


@register.filter
def rupiah(value) -> str:
    """A whole Rupiah amount as KPU writes it: "Rp 150.000.000" ("" for None)."""
    return money.rupiah(value)
