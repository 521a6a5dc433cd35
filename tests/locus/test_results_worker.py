"""A real Celery worker (a subprocess: ``celery -A dp3 worker``) against Redis and the test database runs a
results import uploaded through the page: the job's file under the shared media folder, its progress, the
villages written, the file removed. The rows are committed (``transactional_db``) so that the worker sees
them; the worker is stopped afterwards."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from locus.choices import ResultsJobStatus
from locus.models import ResultsImportJob, VillageResult
from tests.factories import build_world
from tests.locus.test_results_import import EXPECTED, GOOD, csv_bytes, stored
from tests.reports.jobs_support import celery_worker, use_private_media, wait_for

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


def test_a_worker_imports_a_file_uploaded_on_the_page(transactional_db, settings, tmp_path):
    media = use_private_media(settings, tmp_path)
    world = build_world()
    client = Client()
    client.force_login(world.users["lampung_commissioner"])
    with celery_worker():
        response = client.post(
            reverse("locus:results_import"),
            {"pemilu": "pemilu-2024", "berkas": SimpleUploadedFile("hasil.csv", csv_bytes(GOOD))},
        )
        assert response.status_code == 302
        job = wait_for(
            lambda: ResultsImportJob.objects.filter(
                status__in=[ResultsJobStatus.SUCCEEDED, ResultsJobStatus.FAILED]
            ).first(),
            timeout=120,
            what="the worker to finish the import",
        )
    assert job.status == ResultsJobStatus.SUCCEEDED, job.errors
    assert job.task_id and job.attempts == 1 and job.progress == 100 and job.rows_read == 5
    assert stored() == EXPECTED and VillageResult.objects.count() == 2
    assert not job.file and not any((media / "hasil-pemilu").iterdir())
    page = client.get(reverse("locus:results_job_status", args=[job.pk])).content.decode()
    assert 'data-status="selesai"' in page
