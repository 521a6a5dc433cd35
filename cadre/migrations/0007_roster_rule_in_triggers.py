"""The ``LocusRoster`` triggers of ``0005_locus_roster`` made again with their conditions generated from the
programme rules: who counts on a roster (``locus.rules.on_roster_sql``, the same statuses as
``rules.on_roster_q`` that the pages, dashboards and reports filter on) and the women among them
(``rules.FEMALE``). The SQL is otherwise 0005's; the figures do not change. ``tests/test_one_truth.py`` reads
the installed function (PostgreSQL) or triggers (SQLite) back and checks they carry the rule; a change of the
rule needs a migration like this one.
"""

import importlib

from django.db import migrations

from kernel.db_triggers import run_sql_for_vendor
from locus import rules

PREVIOUS = importlib.import_module("cadre.migrations.0005_locus_roster")

ROSTER = rules.on_roster_sql("c")
WOMEN = f"c.sex = '{rules.FEMALE}'"

POSTGRESQL = [
    f"""
    CREATE OR REPLACE FUNCTION cadre_roster_recount(loci bigint[]) RETURNS void LANGUAGE plpgsql
    -- Its plans are kept from its first calls, maybe in a bulk load's transaction before any ANALYZE, when
    -- the cadre table looked empty: index lookups by locus keep each count to that locus' cadres.
    SET enable_seqscan = off AS $$
    BEGIN
        INSERT INTO cadre_locusroster (locus_id, filled, women, segment_mask)
        SELECT DISTINCT id, 0, 0, 0 FROM unnest(loci) AS id WHERE id IS NOT NULL
        ON CONFLICT (locus_id) DO NOTHING;
        PERFORM 1 FROM cadre_locusroster WHERE locus_id = ANY(loci) ORDER BY locus_id FOR UPDATE;
        UPDATE cadre_locusroster r
        SET filled = s.filled, women = s.women, segment_mask = s.segment_mask
        FROM (
            SELECT r2.locus_id, count(c.id) AS filled, count(c.id) FILTER (WHERE {WOMEN}) AS women,
                   COALESCE(bit_or(c.segment_mask), 0) AS segment_mask
            FROM cadre_locusroster r2
            LEFT JOIN cadre_cadre c ON c.locus_id = r2.locus_id AND {ROSTER}
            WHERE r2.locus_id = ANY(loci)
            GROUP BY r2.locus_id
        ) s
        WHERE r.locus_id = s.locus_id
          AND (r.filled, r.women, r.segment_mask) IS DISTINCT FROM (s.filled, s.women, s.segment_mask);
    END
    $$
    """,
    # Every roster counted again under the rule as written now.
    "SELECT cadre_roster_recount(ARRAY(SELECT DISTINCT locus_id FROM cadre_cadre))",
]
POSTGRESQL_REVERSE = [
    PREVIOUS.POSTGRESQL[0].replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1),
]


def _sqlite_recount(locus: str) -> str:
    """The statements that count the roster of the locus ``locus`` (an SQL expression) again."""
    cadres = f"FROM cadre_cadre c WHERE c.locus_id = {locus} AND {ROSTER}"
    mask = (
        "(SELECT COALESCE(SUM(1 << s.bit), 0) FROM locus_segment s "
        f"WHERE EXISTS (SELECT 1 {cadres} AND (c.segment_mask & (1 << s.bit)) <> 0))"
    )
    return (
        "INSERT OR IGNORE INTO cadre_locusroster (locus_id, filled, women, segment_mask) "
        f"VALUES ({locus}, 0, 0, 0); "
        f"UPDATE cadre_locusroster SET filled = (SELECT count(*) {cadres}), "
        f"women = (SELECT count(*) {cadres} AND {WOMEN}), segment_mask = {mask} "
        f"WHERE locus_id = {locus};"
    )


SQLITE = [
    *PREVIOUS.SQLITE_REVERSE,
    "CREATE TRIGGER cadre_roster_inserted AFTER INSERT ON cadre_cadre FOR EACH ROW BEGIN "
    f"{_sqlite_recount('NEW.locus_id')} END",
    "CREATE TRIGGER cadre_roster_deleted AFTER DELETE ON cadre_cadre FOR EACH ROW BEGIN "
    f"{_sqlite_recount('OLD.locus_id')} END",
    f"CREATE TRIGGER cadre_roster_updated AFTER UPDATE OF {PREVIOUS.COUNTED} ON cadre_cadre "
    "FOR EACH ROW BEGIN "
    f"{_sqlite_recount('OLD.locus_id')} {_sqlite_recount('NEW.locus_id')} END",
    "UPDATE cadre_cadre SET sex = sex",  # fires the update trigger once per cadre: every roster counted
]
SQLITE_REVERSE = [*PREVIOUS.SQLITE_REVERSE, *PREVIOUS.SQLITE[:3]]


class Migration(migrations.Migration):
    dependencies = [
        ("cadre", "0006_nik_refusals"),
    ]

    operations = [
        run_sql_for_vendor(
            {"postgresql": POSTGRESQL, "sqlite": SQLITE},
            {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE},
        ),
    ]
