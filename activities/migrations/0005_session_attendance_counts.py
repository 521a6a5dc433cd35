"""``TrainingSession.present_count``, ``absent_count`` and ``excused_count``, kept by the database.

Triggers on the attendance table count a session's rows again after any statement that adds, changes or
removes them, and a session row that is updated gets its counts computed again, so that a session saved from
a stale instance never writes old counts back (``kernel/db_triggers.py``). The dashboards' attendance by
session then sums the year's sessions instead of reading every attendance row of the country.
"""

from django.db import migrations, models

from kernel.db_triggers import run_sql_for_vendor

PRESENT, ABSENT, EXCUSED = "hadir", "tidak_hadir", "izin"

POSTGRESQL = [
    f"""
    CREATE FUNCTION training_session_keep_counts() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        SELECT count(*) FILTER (WHERE status = '{PRESENT}'),
               count(*) FILTER (WHERE status = '{ABSENT}'),
               count(*) FILTER (WHERE status = '{EXCUSED}')
        INTO NEW.present_count, NEW.absent_count, NEW.excused_count
        FROM activities_trainingattendance WHERE session_id = NEW.id;
        RETURN NEW;
    END
    $$
    """,
    "CREATE TRIGGER training_session_keep_counts BEFORE UPDATE ON activities_trainingsession "
    "FOR EACH ROW EXECUTE FUNCTION training_session_keep_counts()",
    # Rows added, changed or removed: touch their sessions once per statement (the trigger above counts).
    """
    CREATE FUNCTION training_attendance_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE activities_trainingsession SET present_count = 0
        WHERE id IN (SELECT DISTINCT session_id FROM changed);
        RETURN NULL;
    END
    $$
    """,
    "CREATE TRIGGER training_attendance_inserted AFTER INSERT ON activities_trainingattendance "
    "REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION training_attendance_changed()",
    "CREATE TRIGGER training_attendance_deleted AFTER DELETE ON activities_trainingattendance "
    "REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION training_attendance_changed()",
    "CREATE TRIGGER training_attendance_updated_from AFTER UPDATE ON activities_trainingattendance "
    "REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION training_attendance_changed()",
    "CREATE TRIGGER training_attendance_updated_to AFTER UPDATE ON activities_trainingattendance "
    "REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION training_attendance_changed()",
    "UPDATE activities_trainingsession SET present_count = 0",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER training_attendance_updated_to ON activities_trainingattendance",
    "DROP TRIGGER training_attendance_updated_from ON activities_trainingattendance",
    "DROP TRIGGER training_attendance_deleted ON activities_trainingattendance",
    "DROP TRIGGER training_attendance_inserted ON activities_trainingattendance",
    "DROP FUNCTION training_attendance_changed()",
    "DROP TRIGGER training_session_keep_counts ON activities_trainingsession",
    "DROP FUNCTION training_session_keep_counts()",
]

# SQLite (make run): row triggers; recursive triggers are off, so the session trigger's own update does not
# fire it again.
SQLITE_COUNTS = (
    "present_count = (SELECT count(*) FROM activities_trainingattendance "
    f"WHERE session_id = {{session}} AND status = '{PRESENT}'), "
    "absent_count = (SELECT count(*) FROM activities_trainingattendance "
    f"WHERE session_id = {{session}} AND status = '{ABSENT}'), "
    "excused_count = (SELECT count(*) FROM activities_trainingattendance "
    f"WHERE session_id = {{session}} AND status = '{EXCUSED}')"
)


def _sqlite_recount(session: str) -> str:
    return f"UPDATE activities_trainingsession SET {SQLITE_COUNTS.format(session=session)} WHERE id = {session};"


SQLITE = [
    "CREATE TRIGGER training_session_keep_counts AFTER UPDATE ON activities_trainingsession FOR EACH ROW "
    f"BEGIN {_sqlite_recount('NEW.id')} END",
    "CREATE TRIGGER training_attendance_inserted AFTER INSERT ON activities_trainingattendance FOR EACH ROW "
    f"BEGIN {_sqlite_recount('NEW.session_id')} END",
    "CREATE TRIGGER training_attendance_deleted AFTER DELETE ON activities_trainingattendance FOR EACH ROW "
    f"BEGIN {_sqlite_recount('OLD.session_id')} END",
    "CREATE TRIGGER training_attendance_updated AFTER UPDATE ON activities_trainingattendance FOR EACH ROW "
    f"BEGIN {_sqlite_recount('OLD.session_id')} {_sqlite_recount('NEW.session_id')} END",
    f"UPDATE activities_trainingsession SET {SQLITE_COUNTS.format(session='activities_trainingsession.id')}",
]
SQLITE_REVERSE = [
    "DROP TRIGGER training_attendance_updated",
    "DROP TRIGGER training_attendance_deleted",
    "DROP TRIGGER training_attendance_inserted",
    "DROP TRIGGER training_session_keep_counts",
]


def _count(verbose_name: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(db_default=0, default=0, editable=False, verbose_name=verbose_name)


class Migration(migrations.Migration):
    dependencies = [("activities", "0004_dashboard_indexes")]

    operations = [
        migrations.AddField("trainingsession", "present_count", _count("hadir")),
        migrations.AddField("trainingsession", "absent_count", _count("tidak hadir")),
        migrations.AddField("trainingsession", "excused_count", _count("izin")),
        run_sql_for_vendor(
            {"postgresql": POSTGRESQL, "sqlite": SQLITE},
            {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE},
        ),
    ]
