"""A report job from request to file: parameters checked against the jurisdiction, built by the task code as
the requesting user, idempotent, failures recorded with their reason, progress throttled."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from reports import services
from reports.builders import load_all
from reports.models import JobStatus, ReportJob
from reports.services import JobParameters, report_request, run_job
from tests.locus.factories import LocusFactory
from tests.reports.jobs_support import (
    job_builders,  # noqa: F401 (the fixture of pytestmark)
)

pytestmark = pytest.mark.usefixtures("job_builders")


@pytest.fixture
def loci(world):
    return [LocusFactory(village=world.gunung_kasih), LocusFactory(village=world.flotim_village)]


def ask(user, **params):
    params = {"report_type": "uji-lokus", "format": "csv", "year": 2021, **params}
    return report_request(user=user, params=JobParameters(**params), enqueue=False)


def files_of(job) -> list[Path]:
    folder = Path(default_storage.path("laporan"))
    return sorted(folder.glob(f"laporan-{job.pk}.*")) + sorted((folder / ".sementara").glob(f"{job.pk}-*"))


def test_a_job_is_built_as_the_requesting_user(world, loci):
    job = ask(world.users["tanggamus_staff"])
    assert job.status == JobStatus.QUEUED and job.progress == 0
    job = run_job(job.pk, task_id="abc")
    assert job.status == JobStatus.SUCCEEDED
    assert (job.progress, job.attempts, job.task_id) == (100, 1, "abc")
    assert job.started_at <= job.finished_at and job.duration is not None
    assert job.filename == "lokus-2021-semua.csv" and job.content_type.startswith("text/csv")
    content = job.file.read().decode()
    assert "18.06.11.2016" in content
    assert "53.06.03.1001" not in content  # the builder saw only what the user may see


def test_running_twice_leaves_one_file_and_one_success(world, loci):
    job = ask(world.users["lampung_admin"])
    first = run_job(job.pk)
    again = run_job(job.pk)
    assert first.status == again.status == JobStatus.SUCCEEDED
    assert again.attempts == 1 and again.finished_at == first.finished_at
    assert [p.name for p in files_of(job)] == [f"laporan-{job.pk}.csv"]


def test_a_redelivered_running_job_is_built_again_into_the_same_file(world, loci):
    job = ask(world.users["lampung_admin"])
    run_job(job.pk)
    # The worker died after building: the broker delivers the message again while the row says running.
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    job = run_job(job.pk)
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2
    assert [p.name for p in files_of(job)] == [f"laporan-{job.pk}.csv"]


def test_a_job_retried_too_often_fails(world, loci):
    job = ask(world.users["lampung_admin"])
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=services.MAX_ATTEMPTS)
    job = run_job(job.pk)
    assert job.status == JobStatus.FAILED and "3 percobaan" in job.error


def test_a_report_error_is_shown_as_written(world):
    job = run_job(ask(world.users["tanggamus_staff"]).pk)  # no locus at all
    assert job.status == JobStatus.FAILED
    assert job.error == "Tidak ada lokus untuk dilaporkan di wilayah ini."
    assert not job.file and files_of(job) == []


def test_an_unexpected_error_is_generic_and_logged_without_personal_data(world, caplog):
    with caplog.at_level(logging.ERROR, logger="reports.services"):
        job = run_job(ask(world.users["tanggamus_staff"], report_type="uji-rusak").pk)
    assert job.status == JobStatus.FAILED
    assert job.error == services.internal_error_message()
    assert "NIK" not in job.error and files_of(job) == []
    record = caplog.records[-1]
    assert "RuntimeError" in record.getMessage() and "1806114101900001" not in record.getMessage()
    assert record.exc_info  # the traceback is logged (the console handler's filter masks what it holds)


def test_a_disabled_requester_gets_nothing(world, loci):
    user = world.users["tanggamus_staff"]
    job = ask(user)
    user.is_active = False
    user.save()
    job = run_job(job.pk)
    assert job.status == JobStatus.FAILED and "tidak aktif" in job.error


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"report_type": "tidak-ada"}, "report_type"),
        ({"format": "pdf"}, "format"),
        ({"scope": "53"}, "scope"),
        ({"scope": "99"}, "scope"),
        ({"year": 1999}, "year"),
        ({"report_type": "uji-profil"}, "locus"),
        ({"reason": "Pencocokan data untuk SK"}, "reason"),
    ],
)
def test_parameters_are_checked_against_the_jurisdiction(world, params, field):
    with pytest.raises(ValidationError) as error:
        ask(world.users["lampung_admin"], **params)
    assert field in error.value.message_dict
    assert not ReportJob.objects.exists()


def test_a_locus_outside_the_jurisdiction_is_refused(world, loci):
    with pytest.raises(ValidationError) as error:
        ask(world.users["tanggamus_staff"], report_type="uji-profil", locus=loci[1])
    assert "lokus" in error.value.message_dict["locus"][0].lower()


def test_the_reason_for_full_niks_needs_the_permission(world, loci):
    from django.contrib.auth.models import Permission

    user = world.users["lampung_admin"]
    user.user_permissions.add(Permission.objects.get(codename="view_full_nik"))
    user = type(user).objects.get(pk=user.pk)
    with pytest.raises(ValidationError):
        ask(user, reason="singkat")
    job = ask(user, reason="Pencocokan data dengan KTP-el untuk SK")
    assert job.reason == "Pencocokan data dengan KTP-el untuk SK"
    assert run_job(job.pk).status == JobStatus.SUCCEEDED


def test_progress_is_stored_throttled(world, loci):
    job = ask(world.users["lampung_admin"])
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    progress = services._Progress(job.pk)
    seen = []
    for percent in (1, 2, 3, 50, 51, 40, 150):
        progress(percent)
        seen.append(ReportJob.objects.get(pk=job.pk).progress)
    assert seen == [0, 2, 2, 50, 50, 50, 99]


def test_every_report_type_is_registered_with_the_recap_first():
    codes = list(load_all())
    assert codes[:4] == ["recap", "roster", "locus-profile", "minutes"]
    assert "uji-lokus" in codes  # the tests' own builder, registered after them


def test_an_unreachable_broker_fails_the_job_at_once(world, settings):
    from dp3.celery import app

    job = ask(world.users["lampung_admin"])
    saved = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        assert services.job_enqueue(job_id=job.pk) is False
    finally:
        app.conf.broker_url = saved
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "antrean tidak tersedia" in job.error.lower()
