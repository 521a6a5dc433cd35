"""Support for the report job tests: small real builders and a real Celery worker.

The builders write a CSV of the loci the requesting user may see (through ``restrict``, like the real ones)
and report their progress. They are registered by the ``job_builders`` fixture of each test module and, in a
worker subprocess started by ``celery_worker``, at import (``-I tests.reports.jobs_support`` with
``SIDP3_TEST_BUILDERS=1`` in its environment).
"""

from __future__ import annotations

import contextlib
import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from reports.builders import BUILDERS, BuiltReport, ReportError, ReportType, load_all, register

CSV = "text/csv; charset=utf-8"


def _loci(request):
    from locus.models import Locus

    loci = Locus.objects.restrict(request.user, "view").select_related("village")
    if request.year:
        loci = loci.filter(programme_year_id=request.year)
    if request.scope:
        field = "regency_id" if "." in request.scope else "province_id"
        loci = loci.filter(**{field: request.scope})
    if request.locus_id:
        loci = loci.filter(pk=request.locus_id)
    return list(loci.order_by("village_id"))


def build_loci_csv(request, *, delay: float = 0.0) -> BuiltReport:
    loci = _loci(request)
    if not loci:
        raise ReportError("Tidak ada lokus untuk dilaporkan di wilayah ini.")
    steps = max(len(loci), 10 if delay else 1)
    with open(request.output_path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["kode_desa", "desa", "tahun"])
        for step in range(steps):
            if step < len(loci):
                writer.writerow(
                    [loci[step].village_id, loci[step].village.name, loci[step].programme_year_id]
                )
            request.progress(100 * (step + 1) // steps)
            time.sleep(delay)
    return BuiltReport(
        filename=f"lokus-{request.year}-{request.scope or 'semua'}.{request.format}", content_type=CSV
    )


def build_loci_xlsx(request) -> BuiltReport:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["kode_desa", "desa"])
    for locus in _loci(request):
        sheet.append([locus.village_id, locus.village.name])
    workbook.save(request.output_path)
    return BuiltReport(filename=f"rekap-{request.year}-{request.scope}.xlsx", content_type="application/xlsx")


def build_crash(request) -> BuiltReport:
    raise RuntimeError("NIK 1806114101900001 tidak terbaca")  # personal data in the exception text


TEST_TYPES = (
    ReportType(code="uji-lokus", label="Uji: daftar lokus", formats=("csv",), build=build_loci_csv),
    ReportType(
        code="uji-lambat",
        label="Uji: daftar lokus (lambat)",
        formats=("csv",),
        build=lambda request: build_loci_csv(request, delay=0.3),
    ),
    ReportType(code="uji-profil", label="Uji: profil lokus", formats=("csv",), build=build_loci_csv,
               needs=("locus_id",)),
    ReportType(code="uji-rusak", label="Uji: rusak", formats=("csv",), build=build_crash),
)  # fmt: skip
RECAP = ReportType(code="recap", label="Rekap (uji)", formats=("xlsx",), build=build_loci_xlsx)


@contextlib.contextmanager
def registered(*types: ReportType):
    saved = dict(load_all())  # the real types loaded first, so that the restore keeps them
    for report_type in types:
        register(report_type)
    try:
        yield
    finally:
        BUILDERS.clear()
        BUILDERS.update(saved)


if os.environ.get("SIDP3_TEST_BUILDERS"):
    for _type in TEST_TYPES:
        register(_type)


def subprocess_database_url() -> str:
    """The database pytest-django is using (test_<name>), for a subprocess that must see the same rows."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def purge_queue() -> None:
    from dp3.celery import app

    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)


def worker_log() -> Path:
    """The Celery worker's log, one per pytest-xdist worker (``var/test-celery-worker-gw0.log``)."""
    suffix = f"-{os.environ['PYTEST_XDIST_WORKER']}" if os.environ.get("PYTEST_XDIST_WORKER") else ""
    return Path(settings.BASE_DIR) / "var" / f"test-celery-worker{suffix}.log"


WORKER = [sys.executable, "-m", "celery", "-A", "dp3", "worker", "--pool=solo", "-l", "info",
          "--without-heartbeat", "--without-gossip", "--without-mingle"]  # fmt: skip


@contextlib.contextmanager
def celery_worker(timeout: float = 60, *, args=WORKER, env: dict | None = None, purge: bool = True):
    """A real ``celery -A dp3 worker`` on the test database and the test Redis, stopped afterwards.

    It runs in a process group of its own (``os.killpg(worker.pid, ...)`` reaches it and its pool
    processes, never pytest); ``env`` adds to its environment (e.g. a short visibility timeout)."""
    if purge:
        purge_queue()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dp3.settings.test",
        "DATABASE_URL": subprocess_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SIDP3_TEST_BUILDERS": "1",
        **(env or {}),
    }
    log = worker_log()
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab" if not purge else "wb") as output:
        worker = subprocess.Popen(  # noqa: S603 - fixed arguments
            [*args, "-I", "tests.reports.jobs_support"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield worker
    finally:
        if worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=5)


def wait_for(predicate, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    log = worker_log()
    tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
    raise AssertionError(f"timed out after {timeout}s waiting for {what}\n--- worker log ---\n{tail}")


def use_private_media(settings, tmp_path) -> Path:
    """A media folder of the test's own, so that files of other tests (same job ids) are never counted."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def job_builders(settings, tmp_path):
    """Report files in a private media folder of the test, and the test report types registered. Modules
    that want it for every test import it and mark it used: ``pytestmark = usefixtures("job_builders")``."""
    use_private_media(settings, tmp_path)
    with registered(*TEST_TYPES):
        yield
