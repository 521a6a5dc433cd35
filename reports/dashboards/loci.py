"""The loci of a place in one statement (``LOCUS_FIGURES_SQL``): every locus of the year with its roster
figures, its sessions held and its reach, flagged by the programme rules' ORM expressions and summed by
child in PostgreSQL; the same answer summed in Python for SQLite (``_locus_figures_in_python``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Max, Sum, Value
from django.db.models.functions import Coalesce

from activities.models import SocialisationActivity, TrainingSession
from kernel.scoping.jurisdiction import NATIONAL, PROVINCE, REGENCY
from locus import rules
from locus.choices import LocusStatus
from locus.models import Locus, ProgrammeYear, Province, Regency, Segment, Village
from locus.rules import RosterFigures

from .attention import REASON_COLUMNS, attention_reasons
from .places import Place

ATTENTION_LIMIT = 25

# The place's children: provinces of the country, regencies of a province, loci of a regency: the per-locus
# table's column that is the child's code, the one that finds its name, and the table holding the names
# (never user input). Names are joined to the children and the listed loci only, never to every locus.
CHILD_COLUMNS = {
    NATIONAL: ("province_id", "province_id", Province._meta.db_table),
    PROVINCE: ("regency_id", "regency_id", Regency._meta.db_table),
    REGENCY: ("id::text", "village_id", Village._meta.db_table),
}

# The sums of ``LOCUS_FIGURES_SQL`` for each child, by the name of their ``ChildRow`` field.
CHILD_SUMS = ("loci", "programme", "filled", "women", "sessions", "reached", "attention")

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


def locus_figures(
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
        .counted()
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
    params.update(active=LocusStatus.ACTIVE, quiet_since=quiet_since, limit=ATTENTION_LIMIT)
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


def _compiled(queryset) -> tuple[str, list]:
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


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
