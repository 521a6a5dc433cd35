"""A real Celery worker (a subprocess: ``celery -A dp3 worker``) against Redis and the test database builds
a job asked for through the service, as the web page does. The rows are committed (``transactional_db``) so
that the worker sees them; the worker is stopped afterwards."""

from __future__ import annotations

import pytest

from reports.models import JobStatus, ReportJob
from reports.services import JobParameters, report_request
from tests.factories import build_world
from tests.locus.factories import LocusFactory
from tests.reports.jobs_support import TEST_TYPES, celery_worker, registered, wait_for

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


def test_a_worker_builds_a_requested_job(transactional_db):
    world = build_world()
    LocusFactory(village=world.gunung_kasih)
    LocusFactory(village=world.flotim_village)
    with registered(*TEST_TYPES), celery_worker():
        job = report_request(
            user=world.users["lampung_admin"],
            params=JobParameters(report_type="uji-lokus", format="csv", year=2021),
        )
        job = wait_for(
            lambda: ReportJob.objects.filter(
                pk=job.pk, status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED]
            ).first(),
            timeout=120,
            what="the worker to finish the job",
        )
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.task_id and job.attempts == 1 and job.progress == 100
    content = job.file.read().decode()
    assert "18.06.11.2016" in content and "53.06.03.1001" not in content
