"""``TrainingSession.present_count``, ``absent_count`` and ``excused_count`` are kept by the database from
the session's attendance rows, whatever writes them; a session saved from a stale instance keeps the right
counts. Runs on the database of the run (PostgreSQL in CI, SQLite for ``make run``)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection

from activities.models import TrainingAttendance, TrainingSession
from activities.services.trainings import AttendanceRow, attendance_record
from tests.activities.factories_trainings import session
from tests.activities.test_trainings_services import tanggamus  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def counts(s: TrainingSession) -> tuple[int, int, int]:
    return TrainingSession.objects.values_list("present_count", "absent_count", "excused_count").get(pk=s.pk)


def test_recording_attendance_keeps_the_counts(tanggamus):  # noqa: F811
    s = session(tanggamus["staff"], [tanggamus["gunung_kasih"]])
    siti, budi = tanggamus["siti"], tanggamus["budi"]
    assert counts(s) == (0, 0, 0)
    rows = [AttendanceRow(siti.pk, "hadir", Decimal("60"), Decimal("85")), AttendanceRow(budi.pk, "izin")]
    attendance_record(actor=tanggamus["staff"], session=s, rows=rows)
    assert counts(s) == (1, 0, 1)
    attendance_record(actor=tanggamus["staff"], session=s, rows=[AttendanceRow(budi.pk, "tidak_hadir")])
    assert counts(s) == (1, 1, 0)


def test_a_stale_session_saved_keeps_the_counts(tanggamus):  # noqa: F811
    s = session(tanggamus["staff"], [tanggamus["gunung_kasih"]])
    stale = TrainingSession.objects.get(pk=s.pk)
    attendance_record(
        actor=tanggamus["staff"], session=s, rows=[AttendanceRow(tanggamus["siti"].pk, "hadir")]
    )
    stale.topic = "Materi baru"
    stale.save()
    assert counts(s) == (1, 0, 0)


def test_rows_written_in_bulk_raw_or_deleted_keep_the_counts(tanggamus):  # noqa: F811
    s = session(tanggamus["staff"], [tanggamus["gunung_kasih"]])
    other = session(tanggamus["staff"], [tanggamus["gunung_kasih"]], number=2)
    siti, budi = tanggamus["siti"], tanggamus["budi"]
    TrainingAttendance.objects.bulk_create(
        [
            TrainingAttendance(session=s, cadre=siti, status="hadir"),
            TrainingAttendance(session=s, cadre=budi, status="hadir"),
            TrainingAttendance(session=other, cadre=budi, status="izin"),
        ]
    )
    assert (counts(s), counts(other)) == ((2, 0, 0), (0, 0, 1))
    table = TrainingAttendance._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET session_id = %s WHERE cadre_id = %s AND session_id = %s",
            [other.pk, siti.pk, s.pk],
        )
    assert (counts(s), counts(other)) == ((1, 0, 0), (1, 0, 1))
    TrainingAttendance.objects.filter(session=other).update(status="tidak_hadir")
    assert counts(other) == (0, 2, 0)
    TrainingAttendance.objects.filter(session=other).delete()
    assert counts(other) == (0, 0, 0)
