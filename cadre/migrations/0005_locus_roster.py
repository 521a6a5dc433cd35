"""``LocusRoster``: each locus' roster in three figures, kept by the database from its cadres.

Appointed and active core cadres, the women among them and the OR of their segment masks, counted again for
the loci whose cadres a statement added, removed or updated (on SQLite: updated in locus, status, sex,
recruiter or segments), whatever writes them: a form, the spreadsheet import's COPY, the admin, a bulk load, raw SQL.
The national dashboard then reads 5,000 rows instead of grouping 125,000 cadres on every request.

On PostgreSQL the count is per statement (transition tables) and takes turns per locus: the roster rows are
locked, in order, before counting, and the count runs with a snapshot taken after the lock (each statement
of a plpgsql function gets its own under READ COMMITTED), so two transactions adding cadres to one locus at
once never leave a count that misses one of them. On SQLite (one writer at a time) row triggers do the same;
the OR of the masks is built bit by bit from the segments, as SQLite has no bit_or.

The roster statuses and the female code are those of ``cadre.choices`` (``ROSTER_STATUSES``,
``Sex.FEMALE``); changing them needs a migration that replaces these functions.
"""

from django.db import migrations, models

from kernel.db_triggers import run_sql_for_vendor

ROSTER = "c.recruited_by_id IS NULL AND c.status IN ('ditetapkan', 'aktif')"
# What changes a roster's figures in a cadre row.
COUNTED = "locus_id, status, sex, recruited_by_id, segment_mask"

POSTGRESQL = [
    f"""
    CREATE FUNCTION cadre_roster_recount(loci bigint[]) RETURNS void LANGUAGE plpgsql
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
            SELECT r2.locus_id, count(c.id) AS filled, count(c.id) FILTER (WHERE c.sex = 'P') AS women,
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
    """
    CREATE FUNCTION cadre_roster_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM cadre_roster_recount(ARRAY(SELECT DISTINCT locus_id FROM changed));
        RETURN NULL;
    END
    $$
    """,
    # The loci of the rows before and after: no join of the two transition tables (they have no
    # statistics, and a plan made while they were small would loop over both for every row).
    """
    CREATE FUNCTION cadre_roster_rows_updated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM cadre_roster_recount(ARRAY(SELECT locus_id FROM old_rows UNION SELECT locus_id FROM new_rows));
        RETURN NULL;
    END
    $$
    """,
    "CREATE TRIGGER cadre_roster_inserted AFTER INSERT ON cadre_cadre "
    "REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION cadre_roster_rows_changed()",
    "CREATE TRIGGER cadre_roster_deleted AFTER DELETE ON cadre_cadre "
    "REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION cadre_roster_rows_changed()",
    "CREATE TRIGGER cadre_roster_updated AFTER UPDATE ON cadre_cadre "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION cadre_roster_rows_updated()",
    "SELECT cadre_roster_recount(ARRAY(SELECT DISTINCT locus_id FROM cadre_cadre))",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER cadre_roster_updated ON cadre_cadre",
    "DROP TRIGGER cadre_roster_deleted ON cadre_cadre",
    "DROP TRIGGER cadre_roster_inserted ON cadre_cadre",
    "DROP FUNCTION cadre_roster_rows_updated()",
    "DROP FUNCTION cadre_roster_rows_changed()",
    "DROP FUNCTION cadre_roster_recount(bigint[])",
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
        f"women = (SELECT count(*) {cadres} AND c.sex = 'P'), segment_mask = {mask} "
        f"WHERE locus_id = {locus};"
    )


SQLITE = [
    "CREATE TRIGGER cadre_roster_inserted AFTER INSERT ON cadre_cadre FOR EACH ROW BEGIN "
    f"{_sqlite_recount('NEW.locus_id')} END",
    "CREATE TRIGGER cadre_roster_deleted AFTER DELETE ON cadre_cadre FOR EACH ROW BEGIN "
    f"{_sqlite_recount('OLD.locus_id')} END",
    f"CREATE TRIGGER cadre_roster_updated AFTER UPDATE OF {COUNTED} ON cadre_cadre FOR EACH ROW BEGIN "
    f"{_sqlite_recount('OLD.locus_id')} {_sqlite_recount('NEW.locus_id')} END",
    "INSERT INTO cadre_locusroster (locus_id, filled, women, segment_mask) "
    "SELECT DISTINCT locus_id, 0, 0, 0 FROM cadre_cadre",
    "UPDATE cadre_cadre SET sex = sex",  # fires the update trigger once per cadre: every roster counted
]
SQLITE_REVERSE = [
    "DROP TRIGGER cadre_roster_updated",
    "DROP TRIGGER cadre_roster_deleted",
    "DROP TRIGGER cadre_roster_inserted",
]


class Migration(migrations.Migration):
    dependencies = [
        ("cadre", "0004_cadre_name_search_index"),
        ("locus", "0006_segment_bit"),
    ]

    operations = [
        migrations.CreateModel(
            name="LocusRoster",
            fields=[
                (
                    "locus",
                    models.OneToOneField(
                        editable=False,
                        on_delete=models.deletion.CASCADE,
                        primary_key=True,
                        related_name="roster_figures",
                        serialize=False,
                        to="locus.locus",
                        verbose_name="lokus",
                    ),
                ),
                (
                    "filled",
                    models.PositiveIntegerField(
                        default=0, editable=False, verbose_name="kader inti ditetapkan"
                    ),
                ),
                ("women", models.PositiveIntegerField(default=0, editable=False, verbose_name="perempuan")),
                (
                    "segment_mask",
                    models.BigIntegerField(default=0, editable=False, verbose_name="unsur terwakili"),
                ),
            ],
            options={
                "verbose_name": "ringkasan daftar kader lokus",
                "verbose_name_plural": "ringkasan daftar kader lokus",
                "default_permissions": (),
            },
        ),
        run_sql_for_vendor(
            {"postgresql": POSTGRESQL, "sqlite": SQLITE},
            {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE},
        ),
    ]
