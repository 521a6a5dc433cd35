"""``Cadre.segment_mask``: the bits of a cadre's segments, kept by the database itself.

Triggers on the cadre–segment table keep the mask whatever writes the rows (a form's ``segments.set``, the
spreadsheet import's COPY, the admin, a bulk load), and a cadre row that is updated gets its mask computed
again from those rows, so that a cadre saved from a stale instance never writes an old mask back. The
dashboards then read a locus' coverage of the required segments from the roster index alone
(``cadre_roster_by_locus`` includes the mask) instead of joining every cadre to its segments.
"""

from django.db import migrations, models

from kernel.db_triggers import run_sql_for_vendor

POSTGRESQL = [
    # The mask of one cadre, from its rows (bits are unique per segment, so the sum is the OR).
    """
    CREATE FUNCTION cadre_segment_mask(cadre bigint) RETURNS bigint LANGUAGE sql STABLE AS $$
        SELECT COALESCE(bit_or(1::bigint << s.bit), 0)
        FROM cadre_cadre_segments cs JOIN locus_segment s ON s.code = cs.segment_id
        WHERE cs.cadre_id = cadre
    $$
    """,
    """
    CREATE FUNCTION cadre_keep_segment_mask() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.segment_mask := cadre_segment_mask(NEW.id);
        RETURN NEW;
    END
    $$
    """,
    "CREATE TRIGGER cadre_keep_segment_mask BEFORE UPDATE ON cadre_cadre "
    "FOR EACH ROW EXECUTE FUNCTION cadre_keep_segment_mask()",
    # Rows added or removed: touch their cadres once per statement (the trigger above computes the mask).
    """
    CREATE FUNCTION cadre_segments_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE cadre_cadre SET segment_mask = 0 WHERE id IN (SELECT DISTINCT cadre_id FROM changed);
        RETURN NULL;
    END
    $$
    """,
    "CREATE TRIGGER cadre_segments_inserted AFTER INSERT ON cadre_cadre_segments "
    "REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION cadre_segments_changed()",
    "CREATE TRIGGER cadre_segments_deleted AFTER DELETE ON cadre_cadre_segments "
    "REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION cadre_segments_changed()",
    "CREATE TRIGGER cadre_segments_updated_from AFTER UPDATE ON cadre_cadre_segments "
    "REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION cadre_segments_changed()",
    "CREATE TRIGGER cadre_segments_updated_to AFTER UPDATE ON cadre_cadre_segments "
    "REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION cadre_segments_changed()",
    "UPDATE cadre_cadre SET segment_mask = 0",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER cadre_segments_updated_to ON cadre_cadre_segments",
    "DROP TRIGGER cadre_segments_updated_from ON cadre_cadre_segments",
    "DROP TRIGGER cadre_segments_deleted ON cadre_cadre_segments",
    "DROP TRIGGER cadre_segments_inserted ON cadre_cadre_segments",
    "DROP FUNCTION cadre_segments_changed()",
    "DROP TRIGGER cadre_keep_segment_mask ON cadre_cadre",
    "DROP FUNCTION cadre_keep_segment_mask()",
    "DROP FUNCTION cadre_segment_mask(bigint)",
]

# SQLite (make run): row triggers; recursive triggers are off, so the cadre trigger's own update does not
# fire it again.
SQLITE_MASK = """(
    SELECT COALESCE(SUM(1 << s.bit), 0)
    FROM cadre_cadre_segments cs JOIN locus_segment s ON s.code = cs.segment_id
    WHERE cs.cadre_id = {cadre}
)"""
SQLITE = [
    "CREATE TRIGGER cadre_keep_segment_mask AFTER UPDATE ON cadre_cadre FOR EACH ROW BEGIN "
    f"UPDATE cadre_cadre SET segment_mask = {SQLITE_MASK.format(cadre='NEW.id')} WHERE id = NEW.id; END",
    "CREATE TRIGGER cadre_segments_inserted AFTER INSERT ON cadre_cadre_segments FOR EACH ROW BEGIN "
    f"UPDATE cadre_cadre SET segment_mask = {SQLITE_MASK.format(cadre='NEW.cadre_id')} "
    "WHERE id = NEW.cadre_id; END",
    "CREATE TRIGGER cadre_segments_deleted AFTER DELETE ON cadre_cadre_segments FOR EACH ROW BEGIN "
    f"UPDATE cadre_cadre SET segment_mask = {SQLITE_MASK.format(cadre='OLD.cadre_id')} "
    "WHERE id = OLD.cadre_id; END",
    "CREATE TRIGGER cadre_segments_updated AFTER UPDATE ON cadre_cadre_segments FOR EACH ROW BEGIN "
    f"UPDATE cadre_cadre SET segment_mask = {SQLITE_MASK.format(cadre='OLD.cadre_id')} "
    "WHERE id = OLD.cadre_id; "
    f"UPDATE cadre_cadre SET segment_mask = {SQLITE_MASK.format(cadre='NEW.cadre_id')} "
    "WHERE id = NEW.cadre_id; END",
    f"UPDATE cadre_cadre SET segment_mask = {SQLITE_MASK.format(cadre='cadre_cadre.id')}",
]
SQLITE_REVERSE = [
    "DROP TRIGGER cadre_segments_updated",
    "DROP TRIGGER cadre_segments_deleted",
    "DROP TRIGGER cadre_segments_inserted",
    "DROP TRIGGER cadre_keep_segment_mask",
]


class Migration(migrations.Migration):
    dependencies = [
        ("cadre", "0002_dashboard_indexes"),
        ("locus", "0006_segment_bit"),
    ]

    operations = [
        migrations.AddField(
            model_name="cadre",
            name="segment_mask",
            field=models.BigIntegerField(db_default=0, default=0, editable=False),
        ),
        run_sql_for_vendor(
            {"postgresql": POSTGRESQL, "sqlite": SQLITE},
            {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE},
        ),
        migrations.RemoveIndex(model_name="cadre", name="cadre_roster_by_locus"),
        migrations.AddIndex(
            model_name="cadre",
            index=models.Index(
                condition=models.Q(("recruited_by__isnull", True), ("status__in", ("ditetapkan", "aktif"))),
                fields=["programme_year", "locus"],
                include=("sex", "id", "segment_mask"),
                name="cadre_roster_by_locus",
            ),
        ),
    ]
