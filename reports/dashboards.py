"""The dashboard of a place (the country, a province or a regency) for a programme year, computed live from
the rows on every request: no summary tables to rebuild, no cache. Three figures are read from rows the
database keeps in step with theirs by triggers, in the transaction that writes them
(``dp3/db_triggers.py``): a cadre's segments as bits (``Cadre.segment_mask``), a locus' roster
(``cadre.LocusRoster``: appointed core cadres, women, the OR of their masks) and a session's attendance by
status (``TrainingSession.present_count``…).

What counts (the rules are ``locus.rules``', as on every page that shows these figures):
- loci: every locus of the year in the place, by category and by status; the *programme* loci are those
  designated or later (designated, PKS signed, active, closed): they carry a roster and the sessions;
- cadres appointed: the cadres on the roster (appointed and active core cadres, not follow-on), against the
  roster size × the programme loci; the women's share is of those cadres, against the year's minimum,
  compared exactly on the counts and shown rounded down;
- sessions held: per programme locus, its held training sessions up to the plan, against the planned
  sessions × the programme loci (a session may serve several loci of a regency: it counts once for each);
- attendance rate: present ÷ recorded attendance of the held sessions of the year;
- people reached: men + women reached by the socialisation activities of the year.

Loci that need attention are the designated, PKS-signed and active loci whose roster is incomplete, whose
women's share is below the minimum or which miss a required segment (flags computed by the rules' ORM
expressions in the loci's query, and by their Python twins for the SQLite path and the locus dashboard), and
the active loci without a socialisation activity for 30 days. Overdue follow-ups are those of meetings the
user may see, assigned to an office of the place, past due on the office's local calendar and not done.

The cost is fixed whatever the number of loci: one query for the years, one for the required segments, one
for the loci (``LOCUS_FIGURES_SQL``: the loci with their roster figures, and grouped queries by locus over
the sessions and the activities, joined once to the loci; PostgreSQL flags what needs attention and sums by
child, so Python receives one row per child and the listed loci, never one per locus), one grouped query
each for attendance (over the sessions) and for reach, one for the overdue follow-ups (the first ten and,
by a window count, how many there are). Every part starts from ``restrict(user, "view")``: the loci are
restricted, and a locus' roster lies in its jurisdiction."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Max, Q, Sum, Value, Window
from django.db.models.functions import Coalesce, TruncMonth
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.choices import OutreachMethod
from activities.models import FollowUpAction, SocialisationActivity, TrainingSession
from activities.selectors.meetings import follow_up_list
from dp3.scoping.jurisdiction import NATIONAL, PROVINCE, REGENCY, jurisdiction_of
from locus import rules
from locus.choices import LocusCategory, LocusStatus
from locus.models import Locus, ProgrammeYear, Province, Regency, Segment, Village
from locus.rules import RosterFigures, SessionFigures

LS = LocusStatus
QUIET_DAYS = 30
ATTENTION_LIMIT = 25
FOLLOW_UP_LIMIT = 10

# The per-locus table's column of each reason.
REASON_COLUMNS = {"roster": "roster", "women": "women_short", "segments": "segments", "quiet": "quiet"}
REASONS = {
    "roster": gettext_lazy("Kader belum lengkap"),
    "women": gettext_lazy("Perempuan di bawah minimal"),
    "segments": gettext_lazy("Unsur wajib belum terwakili"),
    "quiet": gettext_lazy("Tanpa sosialisasi 30 hari"),
}


# --- the place ----------


@dataclass(frozen=True)
class Place:
    """Where a dashboard looks: the country (no code), a province or a regency."""

    level: str  # NATIONAL, PROVINCE or REGENCY
    province: Province | None = None
    regency: Regency | None = None

    @property
    def code(self) -> str | None:
        if self.regency:
            return self.regency.code
        return self.province.code if self.province else None

    @property
    def name(self) -> str:
        if self.regency:
            return self.regency.name
        return self.province.name if self.province else _("Seluruh Indonesia")

    def q(self, prefix: str = "") -> Q:
        """The rows of this place, on a model that stores ``province_id`` and ``regency_id``."""
        if self.level == REGENCY:
            return Q(**{f"{prefix}regency_id": self.regency.code})
        if self.level == PROVINCE:
            return Q(**{f"{prefix}province_id": self.province.code})
        return Q()

    def url(self, year: int | None = None) -> str:
        if self.level == REGENCY:
            url = reverse("dashboard:regency", args=[self.regency.code])
        elif self.level == PROVINCE:
            url = reverse("dashboard:province", args=[self.province.code])
        else:
            url = reverse("home")
        return f"{url}?tahun={year}" if year else url


def home_place(*, user) -> Place | None:
    """The place of the user's own jurisdiction: the country, its province or its regency."""
    jurisdiction = jurisdiction_of(user)
    # The office's regions come loaded with the user (dp3.accounts.backends): no query when they are its.
    office = user.office if user.office_id else None
    if jurisdiction.level == NATIONAL:
        return Place(NATIONAL)
    if jurisdiction.level == PROVINCE:
        if office and office.province_id == jurisdiction.province_code:
            return Place(PROVINCE, province=office.province)
        return Place(PROVINCE, province=Province.objects.get(code=jurisdiction.province_code))
    if jurisdiction.level == REGENCY:
        if office and office.regency_id == jurisdiction.regency_code and office.province_id:
            return Place(REGENCY, province=office.province, regency=office.regency)
        regency = Regency.objects.select_related("province").get(code=jurisdiction.regency_code)
        return Place(REGENCY, province=regency.province, regency=regency)
    return None


def province_place(*, user, code: str) -> Place | None:
    """A province the user's jurisdiction holds whole (KPU RI, or the province itself); else None (404)."""
    jurisdiction = jurisdiction_of(user)
    if jurisdiction.level not in (NATIONAL, PROVINCE):
        return None
    province = Province.objects.restrict(user, "view").filter(code=code).first()
    return Place(PROVINCE, province=province) if province else None


def regency_place(*, user, code: str) -> Place | None:
    regency = Regency.objects.restrict(user, "view").select_related("province").filter(code=code).first()
    return Place(REGENCY, province=regency.province, regency=regency) if regency else None


def place_crumbs(*, user, place: Place, year: int | None) -> list[tuple[str, str | None]]:
    """The drill-down path beneath the home page to ``place``; a regency office gets no link to its
    province (it may not open it)."""
    crumbs = []
    if place.province and place.level != PROVINCE:
        may_open = jurisdiction_of(user).level in (NATIONAL, PROVINCE)
        crumbs.append(
            (place.province.name, Place(PROVINCE, province=place.province).url(year) if may_open else None)
        )
    crumbs.append((place.name, None))
    return crumbs


# --- the figures ----------


@dataclass(frozen=True)
class Tile:
    label: str
    value: int | None
    of: int | None = None
    unit: str = ""
    note: str = ""
    short: bool = False  # below the norm

    @property
    def percent(self) -> int | None:
        if self.of:
            return round(100 * (self.value or 0) / self.of)
        return None


@dataclass(frozen=True)
class Chart:
    """One chart: its id, title, the Chart.js kind, labels and datasets (label, numbers), and the same
    numbers as a table (header, rows)."""

    id: str
    title: str
    kind: str
    labels: list[str]
    datasets: list[dict]
    header: list[str]
    rows: list[list]
    stacked: bool = False

    def data(self) -> dict:
        return {"kind": self.kind, "labels": self.labels, "datasets": self.datasets, "stacked": self.stacked}


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


@dataclass
class ChildRow:
    """One province, regency or locus beneath the place, with its figures."""

    code: str
    name: str
    url: str
    loci: int = 0
    programme: int = 0
    filled: int = 0
    women: int = 0
    sessions: int = 0
    reached: int = 0
    attention: int = 0
    status: str = ""
    capacity: int = 0
    min_women_percent: int = 0

    @property
    def roster(self) -> RosterFigures:
        """The rosters of its programme loci, summed."""
        return RosterFigures(self.capacity, self.filled, self.women, self.min_women_percent)

    @property
    def fill_percent(self) -> int | None:
        return self.roster.fill_percent

    @property
    def women_percent(self) -> int | None:
        return self.roster.women_share_percent

    @property
    def women_below_minimum(self) -> bool:
        return self.roster.women_below_minimum


@dataclass(frozen=True)
class PlaceFigures:
    """The tiles' figures of a place: its loci, the rosters of its programme loci summed (``roster``), the
    sessions held for them against planned (``sessions``), attendance, activities and people reached."""

    loci: int = 0
    programme_loci: int = 0
    cadres: int = 0  # the cadres on the rosters: appointed and active core cadres
    cadre_places: int = 0  # the roster size × the programme loci
    women: int = 0
    min_women_percent: int = 0
    sessions_held: int = 0
    sessions_planned: int = 0
    attendance_present: int = 0
    attendance_recorded: int = 0
    people_reached: int = 0
    activities: int = 0

    @property
    def roster(self) -> RosterFigures:
        return RosterFigures(self.cadre_places, self.cadres, self.women, self.min_women_percent)

    @property
    def sessions(self) -> SessionFigures:
        return SessionFigures(held=self.sessions_held, planned=self.sessions_planned)

    @property
    def women_percent(self) -> int | None:
        return self.roster.women_share_percent

    @property
    def attendance_percent(self) -> int | None:
        return (
            round(100 * self.attendance_present / self.attendance_recorded)
            if self.attendance_recorded
            else None
        )


@dataclass
class Dashboard:
    place: Place
    years: list[int]
    year: ProgrammeYear | None
    tiles: list[Tile] = field(default_factory=list)
    status_counts: list[tuple[str, int]] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    attention: list[AttentionLocus] = field(default_factory=list)
    attention_total: int = 0
    attention_counts: list[tuple[str, str, int]] = field(default_factory=list)
    follow_ups: list[FollowUpAction] = field(default_factory=list)
    follow_ups_total: int = 0
    children: list[ChildRow] = field(default_factory=list)
    child_level: str = ""
    figures: PlaceFigures = field(default_factory=PlaceFigures)


def _compiled(queryset) -> tuple[str, list]:
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


# The place's children: provinces of the country, regencies of a province, loci of a regency: the per-locus
# table's column that is the child's code, the one that finds its name, and the table holding the names
# (never user input). Names are joined to the children and the listed loci only, never to every locus.
CHILD_COLUMNS = {
    NATIONAL: ("province_id", "province_id", Province._meta.db_table),
    PROVINCE: ("regency_id", "regency_id", Regency._meta.db_table),
    REGENCY: ("id::text", "village_id", Village._meta.db_table),
}

# Every locus with its figures (grouped queries joined once on the locus, not one subquery per locus) and
# what needs attention; then, from that table: the children's sums, the loci by status, by category and by
# number of cadres, the count of each reason, and the loci listed as needing attention.
LOCUS_FIGURES_SQL = """
WITH per_locus AS MATERIALIZED (
    -- The programme rules' flags (roster, women_short, segments) and the sessions held up to the plan come
    -- computed by the ORM expressions of ``locus.rules`` in the parts.
    SELECT l.id, l.category, l.status, l.province_id, l.regency_id, l.village_id, l.programme,
           l.filled, l.women, l.covered, l.roster, l.women_short, l.segments,
           COALESCE(h.sessions, 0) AS sessions,
           COALESCE(a.reached, 0) AS reached, a.last_activity
    FROM ({loci}) l
    LEFT JOIN ({held}) h ON h.locus_id = l.id
    LEFT JOIN ({activities}) a ON a.locus_id = l.id
), reasons AS (
    SELECT *,
           status = %(active)s AND (last_activity IS NULL OR last_activity < %(quiet_since)s) AS quiet
    FROM per_locus
), flagged AS (
    SELECT *, roster::int + women_short::int + segments::int + quiet::int AS reasons FROM reasons
)
SELECT
    (SELECT json_agg(c) FROM (
        SELECT c.code, n.name, c.status, c.loci, c.programme, c.filled, c.women, c.sessions, c.reached,
               c.attention
        FROM (
            SELECT {child_code} AS code, {child_key} AS name_key, min(status) AS status, count(*) AS loci,
                   count(*) FILTER (WHERE programme) AS programme,
                   COALESCE(sum(filled) FILTER (WHERE programme), 0) AS filled,
                   COALESCE(sum(women) FILTER (WHERE programme), 0) AS women,
                   COALESCE(sum(sessions) FILTER (WHERE programme), 0) AS sessions,
                   sum(reached) AS reached, count(*) FILTER (WHERE reasons > 0) AS attention
            FROM flagged GROUP BY 1, 2
        ) c JOIN {child_names} n ON n.code = c.name_key
    ) c),
    (SELECT json_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM flagged GROUP BY 1) s),
    (SELECT json_object_agg(category, n) FROM (SELECT category, count(*) AS n FROM flagged GROUP BY 1) g),
    (SELECT json_object_agg(filled, n) FROM (
        SELECT filled, count(*) AS n FROM flagged WHERE programme GROUP BY 1
    ) f),
    (SELECT json_build_object(
        'roster', count(*) FILTER (WHERE roster), 'women', count(*) FILTER (WHERE women_short),
        'segments', count(*) FILTER (WHERE segments), 'quiet', count(*) FILTER (WHERE quiet)
    ) FROM flagged),
    (SELECT json_agg(t) FROM (
        SELECT t.id, v.name AS village_name, r.name AS regency_name, t.status, t.filled, t.women, t.covered,
               t.last_activity, t.roster, t.women_short, t.segments, t.quiet
        FROM (
            SELECT * FROM flagged WHERE reasons > 0 ORDER BY reasons DESC, village_id, id LIMIT %(limit)s
        ) t
        JOIN {villages} v ON v.code = t.village_id
        JOIN {regencies} r ON r.code = t.regency_id
        ORDER BY t.reasons DESC, t.village_id, t.id
    ) t)
"""


@dataclass
class LocusFigures:
    """What the per-locus table sums to: the children's rows (dicts), counts of loci by status, category and
    (programme loci) number of cadres, the count of each reason, and the listed loci needing attention."""

    children: list[dict]
    statuses: Counter
    categories: Counter
    fill: dict[int, int]
    reasons: dict[str, int]
    attention: list[dict]


def _locus_figures(
    *, user, place: Place, year: ProgrammeYear, required: list[Segment], quiet_since: dt.date
) -> LocusFigures:
    """One query: every restricted part below is a grouped query by locus, joined to the year's loci of
    the place; PostgreSQL sums them (the country's 5,000 loci become 38 provinces here, not in Python)."""
    required_mask = rules.segment_mask(required)
    # Each locus with its roster's figures (``cadre.LocusRoster``, kept by the database from the cadres):
    # 5,000 rows joined one to one, instead of grouping 125,000 cadres; then the rules' flags on them.
    loci = (
        Locus.objects.restrict(user, "view")
        .filter(place.q(), programme_year_id=year.pk)
        .order_by()
        .values("id", "category", "status", "province_id", "regency_id", "village_id")
        .annotate(
            filled=Coalesce("roster_figures__filled", 0),
            women=Coalesce("roster_figures__women", 0),
            segment_mask=Coalesce("roster_figures__segment_mask", 0),
        )
        .annotate(
            programme=_boolean(rules.programme_locus_q()),
            covered=F("segment_mask").bitand(Value(required_mask)),
            **_attention_flags(year, required_mask),
        )
    )
    by_locus = {
        "held": TrainingSession.loci.through.objects.filter(
            trainingsession__in=TrainingSession.objects.restrict(user, "view").filter(
                place.q(), programme_year_id=year.pk, held=True
            )
        )
        .order_by()
        .values("locus_id")
        .annotate(sessions=rules.locus_sessions_held_expr(Count("*"), year.planned_sessions)),
        "activities": SocialisationActivity.objects.restrict(user, "view")
        .filter(place.q(), programme_year_id=year.pk)
        .order_by()
        .values("locus_id")
        .annotate(reached=Sum(rules.reached_expr()), last_activity=Max("held_on")),
    }
    if connection.vendor != "postgresql":
        return _locus_figures_in_python(
            loci=loci,
            by_locus=by_locus,
            place=place,
            year=year,
            required_mask=required_mask,
            quiet_since=quiet_since,
        )
    parts, params = {}, {}
    for name, queryset in {"loci": loci, **by_locus}.items():
        sql, part_params = _compiled(queryset)
        # Name the parts' parameters so that they and the outer query's can be passed together.
        for index, value in enumerate(part_params):
            params[f"{name}_{index}"] = value
        parts[name] = sql.replace("%%", "%%%%") % tuple(f"%({name}_{i})s" for i in range(len(part_params)))
    child_code, child_key, child_names = CHILD_COLUMNS[place.level]
    params.update(active=LS.ACTIVE, quiet_since=quiet_since, limit=ATTENTION_LIMIT)
    sql = LOCUS_FIGURES_SQL.format(
        child_code=child_code,
        child_key=child_key,
        child_names=child_names,
        villages=Village._meta.db_table,
        regencies=Regency._meta.db_table,
        **parts,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        children, statuses, categories, fill, reasons, attention = cursor.fetchone()
    for row in attention or []:
        if row["last_activity"]:
            row["last_activity"] = dt.date.fromisoformat(row["last_activity"])
    return LocusFigures(
        children=children or [],
        statuses=Counter(statuses or {}),
        categories=Counter(categories or {}),
        fill={int(filled): n for filled, n in (fill or {}).items()},
        reasons=reasons,
        attention=attention or [],
    )


def _boolean(condition) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _attention_flags(year: ProgrammeYear, required_mask: int) -> dict:
    """The reasons of the programme rules (``locus.rules``) as ORM expressions on a locus annotated with
    ``filled``, ``women`` and ``segment_mask``: only a locus still recruiting (designated, PKS, active)
    needs attention for its roster."""
    recruiting = rules.recruiting_locus_q()
    return {
        "roster": _boolean(recruiting & rules.roster_short_expr("filled", year.roster_size)),
        "women_short": _boolean(
            recruiting & rules.women_below_minimum_expr("women", "filled", year.min_women_percent)
        ),
        "segments": _boolean(
            recruiting & rules.segments_missing_expr("filled", "segment_mask", required_mask)
        ),
    }


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
    if status == LS.ACTIVE and (last_activity is None or last_activity < quiet_since):
        reasons.append("quiet")
    return reasons


def _locus_figures_in_python(
    *,
    loci,
    by_locus: dict,
    place: Place,
    year: ProgrammeYear,
    required_mask: int,
    quiet_since: dt.date,
) -> LocusFigures:
    """``LOCUS_FIGURES_SQL``'s result from the same grouped querysets, summed in Python: for SQLite (a laptop
    with ``make run``), which lacks the JSON, FILTER and bit_or aggregates. A test holds both to the same
    answer on PostgreSQL."""
    loci = loci.annotate(
        province_name=F("province__name"), regency_name=F("regency__name"), village_name=F("village__name")
    )
    held = {row["locus_id"]: row["sessions"] for row in by_locus["held"]}
    activities = {row["locus_id"]: row for row in by_locus["activities"]}
    code_key, name_key = {
        NATIONAL: ("province_id", "province_name"),
        PROVINCE: ("regency_id", "regency_name"),
        REGENCY: ("id", "village_name"),
    }[place.level]
    children: dict[str, dict] = {}
    statuses, categories, fill = Counter(), Counter(), Counter()
    reasons = dict.fromkeys(("roster", "women", "segments", "quiet"), 0)
    flagged = []
    for locus in loci:
        pk, status = locus["id"], locus["status"]
        filled, women = locus["filled"], locus["women"]
        covered = locus["segment_mask"] & required_mask
        activity = activities.get(pk, {})
        last_activity = activity.get("last_activity")
        programme = rules.is_programme_locus(status)
        keys = attention_reasons(
            status=status,
            roster=RosterFigures.of_year(year, filled=filled, women=women),
            covered_mask=covered,
            required_mask=required_mask,
            last_activity=last_activity,
            quiet_since=quiet_since,
        )
        row = {
            "id": pk,
            "village_name": locus["village_name"],
            "regency_name": locus["regency_name"],
            "status": status,
            "filled": filled,
            "women": women,
            "covered": covered,
            "last_activity": last_activity,
            **{column: key in keys for key, column in REASON_COLUMNS.items()},
        }
        count = len(keys)
        for key in keys:
            reasons[key] += 1
        code = str(locus[code_key])
        child = children.setdefault(
            code, {"code": code, "name": locus[name_key], "status": status, **dict.fromkeys(CHILD_SUMS, 0)}
        )
        child["status"] = min(child["status"], status)
        child["loci"] += 1
        child["reached"] += activity.get("reached") or 0
        child["attention"] += count > 0
        if programme:
            child["programme"] += 1
            child["filled"] += filled
            child["women"] += women
            child["sessions"] += held.get(pk, 0)
            fill[filled] += 1
        statuses[status] += 1
        categories[locus["category"]] += 1
        if count:
            flagged.append((-count, locus["village_id"], pk, row))
    flagged.sort(key=lambda item: item[:3])
    return LocusFigures(
        children=list(children.values()),
        statuses=statuses,
        categories=categories,
        fill=dict(fill),
        reasons=reasons,
        attention=[item[-1] for item in flagged[:ATTENTION_LIMIT]],
    )


def _reason_text(key: str, row: dict, year: ProgrammeYear, required: list[Segment]) -> str:
    """What is wrong, in words; for the segments, the required ones the roster's mask lacks."""
    filled = row["filled"]
    if key == "segments":
        return ", ".join(
            s.name for s in rules.missing_segments(covered_mask=row["covered"], required=required)
        )
    if key == "roster":
        return _("%(filled)s dari %(size)s kader") % {"filled": filled, "size": year.roster_size}
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


def sessions_tile(sessions: SessionFigures) -> Tile:
    """The sessions held per locus against planned (``locus.rules``): the one figure called "Sesi pembekalan
    terlaksana" on every dashboard, as the targets count it too."""
    return Tile(_("Sesi pembekalan terlaksana"), sessions.held, of=sessions.planned, note=_("sesi per lokus"))


def _fill_buckets(size: int) -> list[tuple[int, int | None]]:
    bounds = [(0, 5), (6, 10), (11, 15), (16, 20), (21, size - 1)]
    return [(low, min(high, size - 1)) for low, high in bounds if low <= min(high, size - 1)] + [(size, None)]


def _bucket_label(low: int, high: int | None) -> str:
    if high is None:
        return str(low)
    return f"{low}–{high}" if high != low else str(low)


def _attendance(*, user, place: Place, year: ProgrammeYear) -> dict[int, dict]:
    """Attendance by session number: the held sessions' counts (kept by the database from their rows)."""
    rows = (
        TrainingSession.objects.restrict(user, "view")
        .filter(place.q(), programme_year_id=year.pk, held=True)
        .values("session_number")
        .order_by("session_number")
        .annotate(present=Sum("present_count"), absent=Sum("absent_count"), excused=Sum("excused_count"))
    )
    return {row["session_number"]: row for row in rows}


def _reach(*, user, place: Place, year: ProgrammeYear) -> list[dict]:
    return list(
        SocialisationActivity.objects.restrict(user, "view")
        .filter(place.q(), programme_year_id=year.pk)
        .annotate(month=TruncMonth("held_on"))
        .values("month", "method")
        .order_by("month", "method")
        .annotate(activities=Count("pk"), people=Sum(rules.reached_expr()))
    )


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


def dashboard_years(*, user, place: Place) -> list[ProgrammeYear]:
    """The programme years with loci in the place, latest first."""
    with_loci = Locus.objects.restrict(user, "view").filter(place.q()).values("programme_year_id")
    return list(ProgrammeYear.objects.filter(year__in=with_loci).order_by("-year"))


def dashboard(*, user, place: Place, year: int | None = None, now: dt.datetime | None = None) -> Dashboard:
    """The dashboard of ``place`` for programme year ``year`` (default, or when the place has no loci that
    year: the latest year with loci). A fixed number of queries whatever the number of loci."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    years = dashboard_years(user=user, place=place)
    chosen = next((y for y in years if y.year == year), years[0] if years else None)
    result = Dashboard(place=place, years=[y.year for y in years], year=chosen)
    result.follow_ups, result.follow_ups_total = _follow_ups(user=user, place=place, now=now)
    if chosen is None:
        return result
    required = list(chosen.required_segments.order_by("order", "name"))
    loci = _locus_figures(
        user=user,
        place=place,
        year=chosen,
        required=required,
        quiet_since=today - dt.timedelta(days=QUIET_DAYS),
    )
    attendance = _attendance(user=user, place=place, year=chosen)
    reach = _reach(user=user, place=place, year=chosen)
    _fill(result, loci=loci, required=required, attendance=attendance, reach=reach)
    return result


def _fill(result: Dashboard, *, loci: LocusFigures, required, attendance, reach) -> None:
    year = result.year
    _fill_children(result, loci.children)
    programme = sum(c.programme for c in result.children)
    filled = sum(c.filled for c in result.children)
    women = sum(c.women for c in result.children)
    sessions = sum(c.sessions for c in result.children)
    present = sum(a["present"] for a in attendance.values())
    recorded = sum(a["present"] + a["absent"] + a["excused"] for a in attendance.values())
    reached = sum(r["people"] or 0 for r in reach)
    f = result.figures = PlaceFigures(
        loci=sum(c.loci for c in result.children),
        programme_loci=programme,
        cadres=filled,
        cadre_places=year.roster_size * programme,
        women=women,
        min_women_percent=year.min_women_percent,
        sessions_held=sessions,
        sessions_planned=year.planned_sessions * programme,
        attendance_present=present,
        attendance_recorded=recorded,
        people_reached=reached,
        activities=sum(r["activities"] for r in reach),
    )
    result.tiles = [
        Tile(
            _("Lokus"),
            f.loci,
            note=_("%(n)s ditetapkan atau sesudahnya") % {"n": formats.number_format(f.programme_loci)},
        ),
        Tile(_("Kader ditetapkan"), filled, of=f.cadre_places, note=_("kader inti ditetapkan dan aktif")),
        Tile(
            _("Keterwakilan perempuan"),
            f.roster.women_share_percent,
            unit="%",
            note=_("minimal %(min)s%%") % {"min": year.min_women_percent},
            short=f.roster.women_below_minimum,
        ),
        sessions_tile(f.sessions),
        Tile(
            _("Tingkat kehadiran"),
            f.attendance_percent,
            unit="%",
            note=_("%(present)s hadir dari %(recorded)s tercatat")
            % {"present": formats.number_format(present), "recorded": formats.number_format(recorded)},
        ),
        Tile(
            _("Warga terjangkau"),
            reached,
            note=_("%(n)s kegiatan sosialisasi") % {"n": formats.number_format(f.activities)},
        ),
    ]
    result.status_counts = [(label, n) for value, label in LocusStatus.choices if (n := loci.statuses[value])]
    result.charts = [
        _category_chart(loci.categories),
        _fill_chart(loci.fill, year.roster_size),
        _reach_chart(reach),
        _attendance_chart(attendance, year.planned_sessions),
    ]
    result.attention_counts = [(key, str(label), loci.reasons[key]) for key, label in REASONS.items()]
    result.attention_total = sum(c.attention for c in result.children)
    result.attention = [
        AttentionLocus(
            pk=row["id"],
            village=row["village_name"],
            regency=row["regency_name"],
            status=str(LocusStatus(row["status"]).label),
            reasons=[
                (key, _reason_text(key, row, year, required)) for key in REASONS if row[REASON_COLUMNS[key]]
            ],
        )
        for row in loci.attention
    ]


# The sums of ``LOCUS_FIGURES_SQL`` for each child, by the name of their ``ChildRow`` field.
CHILD_SUMS = ("loci", "programme", "filled", "women", "sessions", "reached", "attention")


def _fill_children(result: Dashboard, children: list[dict]) -> None:
    place, year = result.place, result.year
    result.child_level = {NATIONAL: PROVINCE, PROVINCE: REGENCY}.get(place.level, "lokus")
    rows = []
    for child in children:
        code = child["code"]
        if result.child_level == PROVINCE:
            url = Place(PROVINCE, province=Province(code=code)).url(year.year)
        elif result.child_level == REGENCY:
            url = Place(REGENCY, regency=Regency(code=code)).url(year.year)
        else:
            url = reverse("locus:locus_detail", args=[code])
        rows.append(
            ChildRow(
                code=code,
                name=child["name"],
                url=url,
                **{key: child[key] for key in CHILD_SUMS},
                status=str(LocusStatus(child["status"]).label) if result.child_level == "lokus" else "",
                capacity=year.roster_size * child["programme"],
                min_women_percent=year.min_women_percent,
            )
        )
    result.children = sorted(rows, key=lambda c: c.code)


def _category_chart(counts: Counter) -> Chart:
    labels = [str(label) for _value, label in LocusCategory.choices]
    numbers = [counts[value] for value, _label in LocusCategory.choices]
    return Chart(
        id="chart-category",
        title=_("Lokus menurut kategori"),
        kind="doughnut",
        labels=labels,
        datasets=[{"label": _("Lokus"), "data": numbers}],
        header=[_("Kategori"), _("Lokus")],
        rows=[[label, n] for label, n in zip(labels, numbers, strict=True)],
    )


def _fill_chart(fill: dict[int, int], size: int) -> Chart:
    """``fill``: the number of programme loci with each number of cadres."""
    buckets = _fill_buckets(size)
    numbers = [0] * len(buckets)
    for filled, loci in fill.items():
        for index, (low, high) in enumerate(buckets):
            if filled >= low and (high is None or filled <= high):
                numbers[index] += loci
                break
    labels = [_bucket_label(low, high) for low, high in buckets]
    return Chart(
        id="chart-fill",
        title=_("Sebaran keterisian kader per lokus"),
        kind="bar",
        labels=labels,
        datasets=[{"label": _("Lokus"), "data": numbers}],
        header=[_("Kader ditetapkan"), _("Lokus")],
        rows=[[label, n] for label, n in zip(labels, numbers, strict=True)],
    )


def _reach_chart(reach) -> Chart:
    months = sorted({r["month"] for r in reach})
    used = {r["method"] for r in reach}
    methods = [(value, str(label)) for value, label in OutreachMethod.choices if value in used]
    people = {(r["month"], r["method"]): r["people"] or 0 for r in reach}
    labels = [formats.date_format(month, "M Y") for month in months]
    return Chart(
        id="chart-reach",
        title=_("Warga terjangkau per bulan menurut metode"),
        kind="bar",
        labels=labels,
        datasets=[
            {"label": label, "data": [people.get((month, value), 0) for month in months]}
            for value, label in methods
        ],
        header=[_("Bulan"), *[label for _value, label in methods], _("Jumlah")],
        rows=[
            [
                label,
                *[people.get((month, value), 0) for value, _l in methods],
                sum(people.get((month, value), 0) for value, _l in methods),
            ]
            for month, label in zip(months, labels, strict=True)
        ],
        stacked=True,
    )


def _attendance_chart(attendance: dict[int, dict], planned: int) -> Chart:
    numbers = list(range(1, max([planned, *attendance]) + 1))
    labels = [_("Sesi %(n)s") % {"n": n} for n in numbers]
    rows, percents = [], []
    for n, label in zip(numbers, labels, strict=True):
        a = attendance.get(n, {"present": 0, "absent": 0, "excused": 0})
        recorded = a["present"] + a["absent"] + a["excused"]
        percent = round(100 * a["present"] / recorded) if recorded else None
        percents.append(percent)
        shown = f"{percent}%" if percent is not None else "—"
        rows.append([label, a["present"], a["absent"], a["excused"], shown])
    return Chart(
        id="chart-attendance",
        title=_("Kehadiran menurut sesi pembekalan"),
        kind="bar",
        labels=labels,
        datasets=[{"label": _("Hadir (%)"), "data": percents}],
        header=[_("Sesi"), _("Hadir"), _("Tidak hadir"), _("Izin"), _("Tingkat kehadiran")],
        rows=rows,
    )
