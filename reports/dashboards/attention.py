"""What needs attention on a dashboard: the reasons a locus is listed (``REASONS``), the rules in Python
(``attention_reasons``, the twins of the loci statement's flags), what is wrong in words, and the overdue
follow-ups of the place. The place dashboards and the locus dashboard use the same ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Window
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from activities.selectors.meetings import follow_up_list
from locus import rules
from locus.choices import LocusStatus
from locus.models import ProgrammeYear, Segment
from locus.rules import RosterFigures

from .places import Place

QUIET_DAYS = 30
FOLLOW_UP_LIMIT = 10

# The per-locus table's column of each reason.
REASON_COLUMNS = {"roster": "roster", "women": "women_short", "segments": "segments", "quiet": "quiet"}
REASONS = {
    "roster": gettext_lazy("Kader belum lengkap"),
    "women": gettext_lazy("Perempuan di bawah minimal"),
    "segments": gettext_lazy("Unsur wajib belum terwakili"),
    "quiet": gettext_lazy("Tanpa sosialisasi 30 hari"),
}


@dataclass
class AttentionLocus:
    pk: int
    village: str
    regency: str
    status: str
    reasons: list[tuple[str, str]]  # (reason key, what is wrong)

    def items(self) -> list[tuple[str, str, str]]:
        """(the page that shows it, the reason, what is wrong): the roster for composition, else the locus."""
        return [
            (self.url if key == "quiet" else self.roster_url, str(REASONS[key]), text)
            for key, text in self.reasons
        ]

    @cached_property
    def url(self) -> str:
        return reverse("locus:locus_detail", args=[self.pk])

    @cached_property
    def roster_url(self) -> str:
        return reverse("cadre:roster", args=[self.pk])


def attention_reasons(
    *, status: str, roster: RosterFigures, covered_mask: int, required_mask: int, last_activity, quiet_since
) -> list[str]:
    """The keys of ``REASONS`` that hold at one locus: the rules of ``_attention_flags`` and
    ``LOCUS_FIGURES_SQL``'s quiet loci, in Python (the same functions of ``locus.rules``), for the SQLite
    path and the locus dashboard."""
    if not rules.is_recruiting_locus(status):
        return []
    reasons = []
    if roster.roster_short:
        reasons.append("roster")
    if roster.women_below_minimum:
        reasons.append("women")
    if rules.segments_missing(filled=roster.filled, covered_mask=covered_mask, required_mask=required_mask):
        reasons.append("segments")
    if status == LocusStatus.ACTIVE and (last_activity is None or last_activity < quiet_since):
        reasons.append("quiet")
    return reasons


def _reason_text(key: str, row: dict, year: ProgrammeYear, required: list[Segment]) -> str:
    """What is wrong, in words; for the segments, the required ones the roster's mask lacks."""
    filled = row["filled"]
    if key == "segments":
        return ", ".join(
            s.label for s in rules.missing_segments(covered_mask=row["covered"], required=required)
        )
    if key == "roster":
        return ngettext(
            "%(filled)s dari %(size)s kader", "%(filled)s dari %(size)s kader", year.roster_size
        ) % {
            "filled": filled,
            "size": year.roster_size,
        }
    if key == "women":
        return _("perempuan %(percent)s%% (minimal %(min)s%%)") % {
            "percent": rules.share_percent(row["women"], filled),
            "min": year.min_women_percent,
        }
    if key == "quiet":
        if row["last_activity"] is None:
            return _("belum ada kegiatan sosialisasi")
        return _("terakhir %(date)s") % {"date": formats.date_format(row["last_activity"], "j F Y")}
    return ""


def _follow_ups(*, user, place: Place, now: dt.datetime):
    """The overdue follow-ups of the meetings the user may see, assigned to an office of the place."""
    # The list shows the meeting's link and the responsible office only: fewer joins to plan than the full
    # list's (planning them was most of this query's time).
    follow_ups = (
        follow_up_list(user=user, overdue_at=now)
        .filter(place.q("responsible__"))
        .select_related(None)
        .select_related("meeting", "responsible")
        .annotate(overdue_total=Window(Count("pk")))  # all of them, counted before the LIMIT: one query
    )
    listed = list(follow_ups[:FOLLOW_UP_LIMIT])
    return listed, listed[0].overdue_total if listed else 0
