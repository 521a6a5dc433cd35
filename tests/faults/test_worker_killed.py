"""A Celery worker killed with SIGKILL while it builds a report: the job never stays running forever and never
leaves two files.

- Redelivery, in one job: first only the pool process is killed (the kernel's OOM killer does that); the
  worker's main process rejects the message (``reject_on_worker_lost``) and it is delivered again at once.
  Then the whole worker (its process group) is killed while the second attempt runs; a new worker is
  started, Redis hands the unacknowledged message out again after the visibility timeout (short here
  through SIDP3_BROKER_VISIBILITY_TIMEOUT, 60 minutes in production), and the job ends succeeded on its
  third attempt with exactly one file in storage (an attempt writes aside and moves its file into place;
  what a killed attempt half wrote is removed by the next one).
- No redelivery (the message is gone: Redis restarted without its data): the sweep fails the job with its
  Indonesian reason once it has run past the hard time limit, and removes what it had half written.

The job is a real roster (``reports/builders/roster.py``, XLSX) of enough cadres to take a few seconds,
bulk-inserted in one locus; the test waits for the job's own progress (> 0) before killing.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import signal
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from cadre.models import Cadre
from reports import services
from reports.models import JobStatus, ReportJob
from reports.services import JobParameters, report_request
from tests.factories import build_world
from tests.locus.factories import LocusFactory
from tests.reports.jobs_support import WORKER, celery_worker, use_private_media, wait_for

pytestmark = [pytest.mark.redis, pytest.mark.postgres]

CADRES = 30_000
VISIBILITY = 8  # seconds: Redis hands an unacknowledged message out again after this long
# prefork with one child, as in production (docker compose runs `celery -A dp3 worker`).
PREFORK = [arg for arg in WORKER if arg != "--pool=solo"] + ["--pool=prefork", "--concurrency=1"]
WORKER_ENV = {"SIDP3_BROKER_VISIBILITY_TIMEOUT": str(VISIBILITY)}


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dict):
        return json.dumps(value)
    return str(value)


def bulk_cadres(locus, count: int) -> None:
    """``count`` cadres in one locus, written with PostgreSQL COPY (valid NIK structure, unique per programme
    year); every other column takes its model default."""
    now = timezone.now().isoformat()
    fields = [f for f in Cadre._meta.concrete_fields if not f.primary_key]
    buffer = io.StringIO()
    for n in range(count):
        birth = dt.date(1970, 1, 1) + dt.timedelta(days=n // 9999)
        values = {
            "locus_id": locus.pk,
            "nik": f"180611{birth:%d%m%y}{n % 9999 + 1:04d}",
            "full_name": f"Kader Uji {n}",
            "sex": "L",
            "birth_place": "Tanggamus",
            "birth_date": birth.isoformat(),
            "address": f"Dusun {n % 7 + 1}",
            "domicile_village_id": locus.village_id,
            "phone": f"+62812{n:08d}",
            "status": "aktif",
            "recruited_on": "2021-06-01",
            "programme_year_id": locus.programme_year_id,
            "regency_id": locus.regency_id,
            "province_id": locus.province_id,
            "created_at": now,
            "updated_at": now,
        }
        row = [values[f.attname] if f.attname in values else f.get_default() for f in fields]
        buffer.write("\t".join(_copy_value(value) for value in row) + "\n")
    buffer.seek(0)
    columns = ", ".join(f.column for f in fields)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {Cadre._meta.db_table} ({columns}) FROM STDIN", buffer)


@pytest.fixture
def roster_job(transactional_db, settings, tmp_path):
    media = use_private_media(settings, tmp_path)
    world = build_world()
    bulk_cadres(LocusFactory(village=world.gunung_kasih), CADRES)

    def ask() -> ReportJob:
        return report_request(
            user=world.users["tanggamus_admin"],
            params=JobParameters(report_type="roster", format="xlsx", year=2021, scope="18.06"),
        )

    return ask, media


def files_in(media: Path) -> list[Path]:
    return sorted(path for path in media.rglob("*") if path.is_file())


def running_with_progress(job_id: int):
    job = ReportJob.objects.get(pk=job_id)
    assert job.status in (JobStatus.QUEUED, JobStatus.RUNNING), (job.status, job.error)
    return job if job.status == JobStatus.RUNNING and job.progress > 0 else None


def finished(job_id: int):
    return ReportJob.objects.filter(pk=job_id, status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED]).first()


def kill_group(worker) -> None:
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def assert_one_roster_file(job: ReportJob, media: Path) -> None:
    assert files_in(media) == [media / job.storage_name], files_in(media)
    sheet = load_workbook(media / job.storage_name, read_only=True)["Kader"]
    assert sum(1 for _row in sheet.iter_rows(values_only=True)) == CADRES + 1


def test_a_job_whose_worker_was_killed_is_delivered_again_and_succeeds_once(roster_job):
    ask, media = roster_job
    with celery_worker(args=PREFORK, env=WORKER_ENV) as worker:
        job = ask()
        wait_for(lambda: running_with_progress(job.pk), timeout=120, what="the build to report progress")
        # 1. The pool child only, as the kernel's OOM killer would: the main process rejects the message
        #    (reject_on_worker_lost) and it is delivered again at once, to a new child.
        children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
        assert len(children) == 1, children
        os.kill(int(children[0]), signal.SIGKILL)
        wait_for(
            lambda: ReportJob.objects.filter(pk=job.pk, attempts=2, progress__gt=0).first(),
            timeout=120,
            what="the rejected job to be built again",
        )
        # 2. The whole worker, main process included: nobody is left to give the message back.
        kill_group(worker)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and job.attempts == 2  # nobody can tell the worker died
    assert not (media / job.storage_name).exists()

    # 3. A new worker: Redis hands the unacknowledged message out again after the visibility timeout.
    with celery_worker(args=PREFORK, env=WORKER_ENV, purge=False):
        job = wait_for(lambda: finished(job.pk), timeout=VISIBILITY + 150, what="the redelivered job to end")
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.attempts == 3 and job.progress == 100
    assert_one_roster_file(job, media)


def test_without_redelivery_the_sweep_fails_the_job_and_removes_its_leftovers(roster_job):
    ask, media = roster_job
    with celery_worker(args=PREFORK, env=WORKER_ENV) as worker:
        job = ask()
        wait_for(
            lambda: running_with_progress(job.pk), timeout=120, what="the roster build to report progress"
        )
        kill_group(worker)
    # The message is lost with the worker (Redis restarted without its data): nothing will deliver it.
    import redis
    from django.conf import settings

    redis.Redis.from_url(settings.REDIS_URL).delete("unacked", "unacked_index")
    job.refresh_from_db()
    leftover = media / services.TEMP_FOLDER / f"{job.pk}-{'0' * 32}.xlsx"  # as a CSV build leaves one
    leftover.parent.mkdir(parents=True, exist_ok=True)
    leftover.write_bytes(b"kode_desa,desa\n18.06.11.2016,Gun")
    assert job.status == JobStatus.RUNNING
    # Before the hard time limit (+ 5 minutes) it may still be working somewhere: the sweep leaves it.
    assert services.jobs_sweep(now=job.started_at + services.running_limit() / 2) == 0
    assert services.jobs_sweep(now=job.started_at + services.running_limit() + dt.timedelta(minutes=1)) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "melewati batas waktu" in job.error and job.finished_at
    assert files_in(media) == []
    assert services.run_job(job.pk).status == JobStatus.FAILED  # a late delivery changes nothing


def test_an_attempt_removes_what_a_killed_attempt_half_wrote(transactional_db, settings, tmp_path):
    """A CSV build writes straight to its temporary file: a killed attempt leaves it behind. The next
    attempt of the same job removes it; other jobs' files stay."""
    from tests.reports.jobs_support import TEST_TYPES, registered

    media = use_private_media(settings, tmp_path)
    world = build_world()
    LocusFactory(village=world.gunung_kasih)
    with registered(*TEST_TYPES):
        job = report_request(
            user=world.users["tanggamus_staff"],
            params=JobParameters(report_type="uji-lokus", format="csv", year=2021),
            enqueue=False,
        )
        scratch = media / services.TEMP_FOLDER
        scratch.mkdir(parents=True)
        (scratch / f"{job.pk}-{'a' * 32}.csv").write_text("kode_desa,desa\n18.06")
        other = scratch / f"{job.pk + 1000}-{'b' * 32}.csv"
        other.write_text("kode_desa\n")
        job = services.run_job(job.pk)
    assert job.status == JobStatus.SUCCEEDED
    assert files_in(media) == sorted([media / job.storage_name, other])
