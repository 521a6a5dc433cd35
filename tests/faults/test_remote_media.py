"""Media on S3-compatible storage (web and workers on different hosts): SIDP3_MEDIA_S3_BUCKET switches the
default storage to django-storages' S3Storage, private (no ACL, signed URLs), and report jobs work with a
storage that has no local path: the worker builds in a local scratch folder, uploads under the job's fixed
name (a rebuilt job replaces its file, never a second one), and the download still goes through the view
that restricts it.

The storage without a path here is Django's InMemoryStorage without its local paths (no S3 service runs on
this machine); the S3
settings are checked by loading the production settings in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse

from reports.models import JobStatus, ReportJob
from reports.services import JobParameters, report_request, run_job
from tests.locus.factories import LocusFactory
from tests.reports.jobs_support import TEST_TYPES, registered


def test_report_files_go_through_a_storage_without_local_paths(world, client, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "tests.faults.support.PathlessStorage"}}
    settings.SIDP3_REPORT_SCRATCH_DIR = str(tmp_path / "scratch")
    LocusFactory(village=world.gunung_kasih)
    user = world.users["tanggamus_staff"]
    with registered(*TEST_TYPES):
        job = report_request(
            user=user, params=JobParameters(report_type="uji-lokus", format="csv", year=2021), enqueue=False
        )
        job = run_job(job.pk)
        assert job.status == JobStatus.SUCCEEDED, job.error
        # Built again (a redelivered message): the same name is replaced, never a second file.
        ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
        job = run_job(job.pk)
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2
    _dirs, files = default_storage.listdir("laporan")
    assert files == [os.path.basename(job.storage_name)]
    assert list((tmp_path / "scratch").iterdir()) == []  # the local copy is gone once uploaded
    client.force_login(user)
    response = client.get(reverse("reports:job_download", args=[job.pk]))
    assert response.status_code == 200 and b"18.06.11.2016" in b"".join(response.streaming_content)
    client.force_login(world.users["flotim_admin"])
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404


def test_the_s3_settings_make_a_private_bucket_storage():
    code = (
        "import json, django; django.setup();"
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(json.dumps({'backend': type(s).__name__, 'bucket': s.bucket_name, 'acl': s.default_acl,"
        " 'signed': s.querystring_auth, 'endpoint': s.endpoint_url, 'location': s.location,"
        " 'overwrite': s.file_overwrite}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dp3.settings.production",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "sidp3.example.go.id",
        "SIDP3_MEDIA_S3_BUCKET": "sidp3-media",
        "SIDP3_MEDIA_S3_ENDPOINT_URL": "https://s3.example.go.id",
        "AWS_ACCESS_KEY_ID": "id",
        "AWS_SECRET_ACCESS_KEY": "secret",
    }
    out = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found["backend"] == "S3Storage" and found["bucket"] == "sidp3-media"
    assert found["acl"] is None and found["signed"] is True and found["overwrite"] is False
    assert found["endpoint"] == "https://s3.example.go.id" and found["location"] == "media"
