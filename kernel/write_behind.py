"""Writes of one transaction made by a second thread while the calling thread goes on checking rows.

A large import spends about as long in PostgreSQL (COPY, index upkeep, foreign-key checks) as in Python
(reading and checking rows). Done one after the other, the two cores take turns; with ``WriteBehind`` the
import hands each checked batch to a writer thread and checks the next batch meanwhile, so PostgreSQL
stores one batch while Python checks the next.

The writer works on the caller's own connection (Django's thread sharing, as its live-server tests share an
in-memory database), hence in the caller's transaction: everything is still saved or rolled back together.
One connection cannot serve two threads at once, so the rules are:

- the caller does not use the database between ``submit`` and ``wait`` (every query an import's rows need
  is read before its rows are checked);
- each job runs in its own savepoint: a job that fails (an ``IntegrityError`` when someone else registered
  the same NIK meanwhile) leaves the transaction usable, and no later job runs; ``wait`` returns the error;
- ``wait`` before anything else touches the connection, and ``close`` at the end whatever happened.

On SQLite (the development server and parts of the tests) and wherever ``threaded`` is false, each job runs
at once in the calling thread, with the same savepoint and error handling.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections, transaction

_STOP = object()


class WriteBehind:
    def __init__(self, using: str = DEFAULT_DB_ALIAS, *, threaded: bool | None = None):
        self.using = using
        self.connection = connections[using]
        self.threaded = self.connection.vendor == "postgresql" if threaded is None else threaded
        self.error: BaseException | None = None
        self._jobs: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None

    # --- the calling thread ------------------------------------------------------------------------------

    def submit(self, job: Callable[[], None]) -> None:
        """Run ``job`` (no arguments) in its own savepoint, in the writer thread or here; skipped once a job
        has failed."""
        if not self.threaded:
            self._run(job)
            return
        if self._thread is None:
            self.connection.inc_thread_sharing()
            self._thread = threading.Thread(target=self._work, name="write-behind", daemon=True)
            self._thread.start()
        self._jobs.put(job)

    def wait(self) -> BaseException | None:
        """Wait until every job submitted so far has run; the first job's error, if one failed."""
        if self._thread is not None:
            self._jobs.join()
        return self.error

    def close(self) -> BaseException | None:
        """Wait, then stop the writer thread (the object may not be used after)."""
        error = self.wait()
        if self._thread is not None:
            self._jobs.put(_STOP)
            self._thread.join()
            self._thread = None
            self.connection.dec_thread_sharing()
        return error

    # --- the writer thread -------------------------------------------------------------------------------

    def _work(self) -> None:
        # The caller's connection, in this thread too: the ORM and ``transaction.atomic`` find it here.
        connections[self.using] = self.connection
        while True:
            job = self._jobs.get()
            try:
                if job is _STOP:
                    return
                self._run(job)
            finally:
                self._jobs.task_done()

    def _run(self, job: Callable[[], None]) -> None:
        if self.error is not None:
            return
        try:
            with transaction.atomic(using=self.using):
                job()
        except BaseException as exc:  # handed to the caller, which decides what it means
            self.error = exc
