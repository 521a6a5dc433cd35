"""The periodic work: the sweep of stuck jobs, the retention of files, the beat schedule and the weekly
recap e-mailed to every province office."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.choices import OfficeLevel
from accounts.models import Office
from reports import services, tasks
from reports.models import JobStatus, ReportJob
from reports.services import JobParameters, report_request, run_job
from tests.locus.factories import LocusFactory
from tests.reports.jobs_support import (
    RECAP,
    TEST_TYPES,
    registered,
    use_private_media,
)


@pytest.fixture(autouse=True)
def job_builders(settings, tmp_path):
    use_private_media(settings, tmp_path)
    with registered(*TEST_TYPES, RECAP):
        yield


@contextlib.contextmanager
def eager_tasks():
    from dp3.celery import app

    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = False


def queued(user, **fields):
    job = report_request(
        user=user, params=JobParameters(report_type="uji-lokus", format="csv", year=2021), enqueue=False
    )
    ReportJob.objects.filter(pk=job.pk).update(**fields)
    return ReportJob.objects.get(pk=job.pk)


def test_the_sweep_fails_jobs_stuck_running_past_their_limit(world):
    now = timezone.now()
    user = world.users["lampung_staff"]
    stuck = queued(
        user, status=JobStatus.RUNNING, started_at=now - services.running_limit() - timedelta(minutes=1)
    )
    working = queued(user, status=JobStatus.RUNNING, started_at=now - timedelta(minutes=10))
    forgotten = queued(user, created_at=now - timedelta(days=2))
    waiting = queued(user)
    assert tasks.sweep_report_jobs() == 2
    statuses = {job.pk: job.status for job in ReportJob.objects.all()}
    assert statuses[stuck.pk] == statuses[forgotten.pk] == JobStatus.FAILED
    assert statuses[working.pk] == JobStatus.RUNNING and statuses[waiting.pk] == JobStatus.QUEUED
    assert "batas waktu" in ReportJob.objects.get(pk=stuck.pk).error
    # The stuck job's message arrives again later: it stays failed.
    assert run_job(stuck.pk).status == JobStatus.FAILED


def test_retention_removes_old_files_and_marks_the_jobs_expired(world, settings):
    settings.SIDP3_REPORT_RETENTION_DAYS = 7
    LocusFactory(village=world.gunung_kasih)
    user = world.users["tanggamus_staff"]
    old, recent = (run_job(queued(user).pk) for _ in range(2))
    ReportJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=8))
    old_path = Path(old.file.path)
    leftover = Path(default_storage.path(services.TEMP_FOLDER)) / "9999-sisa.csv"
    leftover.parent.mkdir(parents=True, exist_ok=True)
    leftover.write_text("sisa")
    two_days_ago = (timezone.now() - timedelta(days=2)).timestamp()
    import os

    os.utime(leftover, (two_days_ago, two_days_ago))
    assert tasks.expire_report_files() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == JobStatus.EXPIRED and not old.file and not old_path.exists()
    assert recent.status == JobStatus.SUCCEEDED and Path(recent.file.path).exists()
    assert not leftover.exists()


def test_the_beat_schedule_exists_after_migrate(db):
    from django_celery_beat.models import PeriodicTask

    weekly = PeriodicTask.objects.select_related("crontab").get(task="reports.tasks.send_weekly_recaps")
    crontab = weekly.crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_week) == ("0", "7", "1")
    assert str(crontab.timezone) == "Asia/Jakarta" and weekly.enabled
    tasks_scheduled = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {"reports.tasks.sweep_report_jobs", "reports.tasks.expire_report_files"} <= tasks_scheduled


def test_weekly_recaps_mail_every_province_office_its_own_recap(world):
    LocusFactory(village=world.gunung_kasih)
    LocusFactory(village=world.flotim_village)
    Office.objects.filter(level=OfficeLevel.PROVINCE, province=world.lampung).update(email="lampung@kpu.test")
    with eager_tasks():
        assert tasks.send_weekly_recaps() == 2
    assert len(mail.outbox) == 2
    by_office = {message.subject.split("— ")[1]: message for message in mail.outbox}
    lampung = next(m for name, m in by_office.items() if "Lampung" in name)
    ntt = next(m for name, m in by_office.items() if "Nusa Tenggara Timur" in name)
    assert lampung.to[0] == "lampung@kpu.test" and "lampung-admin@kpu.test" in lampung.to
    assert "flotim-admin@kpu.test" not in lampung.to and "ntt-admin@kpu.test" in ntt.to
    ((name, content, content_type),) = lampung.attachments
    assert name.endswith(".xlsx") and content.startswith(b"PK")
    from io import BytesIO

    from openpyxl import load_workbook

    codes = [row[0] for row in load_workbook(BytesIO(content)).active.iter_rows(values_only=True)]
    assert "18.06.11.2016" in codes and "53.06.03.1001" not in codes
    assert ReportJob.objects.filter(report_type="recap", status=JobStatus.SUCCEEDED).count() == 2
    assert set(ReportJob.objects.values_list("scope", flat=True)) == {"18", "53"}
