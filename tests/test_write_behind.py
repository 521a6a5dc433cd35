"""``kernel.write_behind.WriteBehind``: jobs run in order on the caller's connection, in its transaction,
from a second thread on PostgreSQL (here in the calling thread when ``threaded`` is false); a failing job is
rolled back alone, stops the jobs after it and is handed to the caller, and the connection stays usable."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connection

from kernel.write_behind import WriteBehind


@pytest.fixture
def table(db):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE write_behind_test (n integer PRIMARY KEY, thread text)")
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS write_behind_test")


def insert(n: int):
    def job():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO write_behind_test VALUES (%s, %s)", [n, threading.current_thread().name]
            )

    return job


def rows() -> list[tuple[int, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT n, thread FROM write_behind_test ORDER BY n")
        return list(cursor.fetchall())


def _modes():
    yield False
    if connection.vendor == "postgresql":
        yield True


@pytest.mark.parametrize("threaded", list(_modes()))
def test_jobs_run_in_order_in_the_callers_transaction(table, threaded):
    writes = WriteBehind(threaded=threaded)
    for n in (1, 2, 3):
        writes.submit(insert(n))
    assert writes.close() is None
    thread = "write-behind" if threaded else threading.current_thread().name
    assert rows() == [(1, thread), (2, thread), (3, thread)]
    assert connection.in_atomic_block  # still the test's transaction: nothing was committed on the side


@pytest.mark.parametrize("threaded", list(_modes()))
def test_a_failing_job_is_rolled_back_alone_and_stops_the_later_ones(table, threaded):
    writes = WriteBehind(threaded=threaded)
    writes.submit(insert(1))

    def half_then_fail():
        insert(2)()
        insert(1)()  # the primary key refuses it: this job's row 2 goes too

    writes.submit(half_then_fail)
    writes.submit(insert(3))
    error = writes.close()
    assert isinstance(error, IntegrityError)
    assert [n for n, _thread in rows()] == [1]  # and the connection still answers
    insert(4)()
    assert [n for n, _thread in rows()] == [1, 4]


def test_on_sqlite_or_when_asked_the_jobs_run_here():
    assert WriteBehind(threaded=False).threaded is False
    assert WriteBehind().threaded is (connection.vendor == "postgresql")
