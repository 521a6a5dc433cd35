"""The dashboard of one locus, the last level beneath the regency's: its figures (those an evaluation
freezes, from ``locus_evaluation_figures``), its roster at a glance, attendance by session and reach by month,
what needs attention there and its latest evaluation. Computed live from the rows on every request.

The rules of what needs attention and the charts are those of the place dashboards (``reports.dashboards``),
applied to this one locus. Meetings are not held for one locus: the overdue follow-ups shown are those of the
offices of the locus' regency.

The cost is fixed whatever the number of cadres, sessions or activities: the locus, four aggregates for the
figures, two for the roster, one for attendance by session, one for reach by month (with the last activity),
one for the overdue follow-ups, one for the evaluations and one for its effect on turnout (with one more
for its comparison villages when it has an effect). The locus is loaded through ``restrict(user,
"view")``; the caller gets None outside the jurisdiction (a 404)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Sum
from django.db.models.functions import TruncMonth
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from activities.choices import EvaluationStage
from activities.models import LocusEvaluation, SocialisationActivity
from activities.selectors.evaluations import EvaluationFigures, locus_evaluation_figures
from activities.selectors.trainings import locus_attendance_by_number
from cadre.selectors import RosterSummary, roster_summary
from impact.selectors import LocusImpact, locus_impact
from kernel.scoping.jurisdiction import PROVINCE, REGENCY
from kernel.scoping.policy import policy
from locus import rules
from locus.models import Locus
from locus.rules import SessionFigures

from .attention import QUIET_DAYS, AttentionLocus, _follow_ups, _reason_text, attention_reasons
from .charts import Chart, _attendance_chart, _reach_chart
from .figures import Tile, sessions_tile
from .places import Place

STAGE_ORDER = {value: index for index, value in enumerate(EvaluationStage.values)}


@dataclass
class LocusDashboard:
    locus: Locus
    place: Place  # the locus' regency
    figures: EvaluationFigures
    roster: RosterSummary
    tiles: list[Tile] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    attention: AttentionLocus | None = None
    follow_ups: list = field(default_factory=list)
    follow_ups_total: int = 0
    evaluation: LocusEvaluation | None = None
    last_activity: dt.date | None = None
    province_url: str | None = None  # the province's dashboard, for a jurisdiction holding the province
    impact: LocusImpact | None = None  # its effect on turnout and its comparison villages (impact/)

    @property
    def year(self):
        return self.locus.programme_year


def dashboard_locus(*, user, pk: int) -> Locus | None:
    """The locus ``pk`` if the user may see it, with its places and programme year; else None."""
    return (
        Locus.objects.restrict(user, "view")
        .select_related("village__district", "regency__province", "programme_year")
        .filter(pk=pk)
        .first()
    )


def locus_crumbs(data: LocusDashboard) -> list[tuple[str, str | None]]:
    """Home, then the province (linked for those who may open it), the regency and the locus."""
    year = data.year.year
    regency = data.place
    crumbs = [(regency.province.name, data.province_url)]
    crumbs.append((regency.name, regency.url(year)))
    crumbs.append((data.locus.village.name, None))
    return crumbs


def _reach(*, user, locus: Locus) -> list[dict]:
    """The locus' activities and people reached by month and method, each group with its latest date (the
    last activity is the latest of them): one query."""
    return list(
        SocialisationActivity.objects.restrict(user, "view")
        .counted()
        .filter(locus_id=locus.pk)
        .annotate(month=TruncMonth("held_on"))
        .values("month", "method")
        .order_by("month", "method")
        .annotate(activities=Count("pk"), people=Sum(rules.reached_expr()), last=Max("held_on"))
    )


def _attendance(*, user, locus: Locus) -> dict[int, dict]:
    """Present, absent and excused of the locus' own cadres in its held sessions, by session number."""
    return {
        number: {"present": rate.present, "absent": rate.absent, "excused": rate.excused}
        for number, rate in locus_attendance_by_number(user=user, locus=locus).items()
    }


def _tiles(f: EvaluationFigures) -> list[Tile]:
    def number(value) -> str:
        return "—" if value is None else formats.number_format(value, use_l10n=True)

    roster = f.roster
    return [
        Tile(
            _("Kader ditetapkan"),
            roster.filled,
            of=roster.size,
            note=_("kader inti ditetapkan dan aktif"),
            short=roster.roster_short,
        ),
        Tile(
            _("Keterwakilan perempuan"),
            roster.women_share_percent,
            unit="%",
            note=_("%(women)s perempuan · minimal %(min)s%%")
            % {"women": roster.women, "min": roster.min_women_percent},
            short=roster.women_below_minimum,
        ),
        Tile(_("Kader lanjutan"), f.follow_on_cadres, note=_("dihitung terpisah dari kader inti")),
        sessions_tile(SessionFigures(held=f.sessions_held, planned=f.sessions_planned)),
        Tile(
            _("Tingkat kehadiran"),
            f.attendance_percent,
            unit="%",
            note=_("%(present)s hadir dari %(recorded)s tercatat")
            % {"present": number(f.attendance_present), "recorded": number(f.attendance_rows)},
        ),
        Tile(
            _("Rata-rata nilai post-test"),
            f.post_test_average,
            note=_("kenaikan rata-rata (post − pre): %(gain)s") % {"gain": number(f.gain_average)},
        ),
        Tile(_("Kegiatan sosialisasi"), f.activities),
        Tile(
            _("Warga terjangkau"),
            f.reached_total,
            note=_("%(men)s laki-laki · %(women)s perempuan")
            % {"men": number(f.reached_men), "women": number(f.reached_women)},
        ),
    ]


def _attention(locus: Locus, roster: RosterSummary, last_activity, today: dt.date) -> AttentionLocus | None:
    """The place dashboards' rules (``reports.dashboards.attention_reasons``) on this locus' roster and
    activities."""
    year = locus.programme_year
    required = sorted([*roster.covered, *roster.missing], key=lambda segment: (segment.order, segment.name))
    covered = rules.segment_mask(roster.covered)
    keys = attention_reasons(
        status=locus.status,
        roster=roster,
        covered_mask=covered,
        required_mask=rules.segment_mask(required),
        last_activity=last_activity,
        quiet_since=today - dt.timedelta(days=QUIET_DAYS),
    )
    if not keys:
        return None
    row = {"filled": roster.filled, "women": roster.women, "covered": covered, "last_activity": last_activity}
    return AttentionLocus(
        pk=locus.pk,
        village=locus.village.name,
        regency=locus.regency.name,
        status=locus.get_status_display(),
        reasons=[(key, _reason_text(key, row, year, required)) for key in keys],
    )


def locus_dashboard(*, user, locus: Locus, now: dt.datetime | None = None) -> LocusDashboard:
    """The dashboard of ``locus`` (loaded by ``dashboard_locus``): a fixed number of queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    year = locus.programme_year
    place = Place(REGENCY, province=locus.regency.province, regency=locus.regency)
    figures = locus_evaluation_figures(locus=locus)
    roster = roster_summary(locus, today=today)
    data = LocusDashboard(locus=locus, place=place, figures=figures, roster=roster, tiles=_tiles(figures))
    if policy(user).allows("view", place.province):  # not a regency office: a province is above it
        data.province_url = Place(PROVINCE, province=place.province).url(year.year)
    reach = _reach(user=user, locus=locus)
    data.charts = [
        _attendance_chart(_attendance(user=user, locus=locus), year.planned_sessions),
        _reach_chart(reach),
    ]
    data.last_activity = max((row["last"] for row in reach), default=None)
    data.attention = _attention(locus, roster, data.last_activity, today)
    data.follow_ups, data.follow_ups_total = _follow_ups(user=user, place=place, now=now)
    evaluations = LocusEvaluation.objects.restrict(user, "view").filter(locus_id=locus.pk)
    data.evaluation = max(evaluations, key=lambda e: STAGE_ORDER.get(e.stage, -1), default=None)
    data.impact = locus_impact(user=user, locus=locus)
    return data
