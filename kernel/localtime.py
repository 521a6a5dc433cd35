"""Indonesia's three time zones, and times entered on a local clock (WIB, WITA, WIT): stored in UTC. Showing
them again is the template filters' work (``kernel/templatetags/dp3_tags.py``: ``local_time``,
``local_date``)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (UTC+7)")
    WITA = "Asia/Makassar", _("WITA (UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (UTC+9)")


TIME_ZONE_ABBREVIATIONS = {TimeZone.WIB: "WIB", TimeZone.WITA: "WITA", TimeZone.WIT: "WIT"}


def to_utc(local: dt.datetime, time_zone: str) -> dt.datetime:
    """A naive time on the clock of ``time_zone`` (e.g. "Asia/Makassar") as an aware UTC datetime; an aware
    one is only converted."""
    if timezone.is_aware(local):
        return local.astimezone(dt.UTC)
    return local.replace(tzinfo=ZoneInfo(time_zone)).astimezone(dt.UTC)


def local_moment(day: dt.date, clock: dt.time, time_zone: str) -> dt.datetime:
    """A date and a clock time as read in ``time_zone``, as an aware UTC moment."""
    return to_utc(dt.datetime.combine(day, clock), time_zone)


def local_today(time_zone: str, *, now: dt.datetime | None = None) -> dt.date:
    """Today's date on the clock of ``time_zone`` (a follow-up is overdue, a session has started, by the
    local calendar of the office concerned, not the server's)."""
    return (now or timezone.now()).astimezone(ZoneInfo(time_zone)).date()


def local_hours(starts: dt.datetime, ends: dt.datetime, time_zone: str) -> str:
    """From–to as the clocks of ``time_zone`` show them, with the zone: "09.00–12.30 WITA"."""
    zone = ZoneInfo(time_zone)
    start = formats.time_format(starts.astimezone(zone), "TIME_FORMAT")
    end = formats.time_format(ends.astimezone(zone), "TIME_FORMAT")
    return f"{start}–{end} {TIME_ZONE_ABBREVIATIONS.get(time_zone, '')}".strip()
