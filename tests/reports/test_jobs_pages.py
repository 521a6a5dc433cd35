"""The Laporan page: the request form within the jurisdiction, the user's own jobs, the polling status row
and the download, which checks the user again."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from reports.models import JobStatus, ReportJob
from reports.services import JobParameters, report_request, run_job
from tests.locus.factories import LocusFactory
from tests.reports.jobs_support import (
    job_builders,  # noqa: F401 (the fixture of pytestmark)
)

pytestmark = pytest.mark.usefixtures("job_builders")

LIST = reverse("reports:job_list")


@pytest.fixture
def eager():
    from dp3.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def job_for(user, **params):
    params = {"report_type": "uji-lokus", "format": "csv", "year": 2021, **params}
    return report_request(user=user, params=JobParameters(**params), enqueue=False)


def test_the_page_lists_only_the_users_own_jobs(client, world, django_assert_max_num_queries):
    LocusFactory(village=world.gunung_kasih)
    own = [run_job(job_for(world.users["tanggamus_staff"]).pk) for _ in range(3)]
    other = job_for(world.users["tanggamus_admin"])
    client.force_login(world.users["tanggamus_staff"])
    with django_assert_max_num_queries(14):  # the same for any number of jobs
        response = client.get(LIST)
    page = response.content.decode()
    for job in own:
        assert f'id="job-{job.pk}"' in page and job.get_download_url() in page
    assert f'id="job-{other.pk}"' not in page


def test_asking_for_a_report_queues_and_builds_it(client, world, eager, django_capture_on_commit_callbacks):
    LocusFactory(village=world.gunung_kasih)
    client.force_login(world.users["tanggamus_viewer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(LIST, {"jenis": "uji-lokus", "tahun": 2021, "wilayah": "", "format": "csv"})
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert job.requested_by == world.users["tanggamus_viewer"] and job.status == JobStatus.SUCCEEDED
    assert job.task_id


def test_a_region_outside_the_jurisdiction_is_not_offered(client, world):
    client.force_login(world.users["lampung_admin"])
    page = client.get(LIST).content.decode()
    assert 'value="18.06"' in page and 'value="53"' not in page and 'value="53.06"' not in page
    response = client.post(LIST, {"jenis": "uji-lokus", "tahun": 2021, "wilayah": "53", "format": "csv"})
    assert response.status_code == 200 and "wilayah" in response.context["form"].errors
    assert not ReportJob.objects.exists()


def test_the_form_follows_the_chosen_type(client, world):
    inside, outside = LocusFactory(village=world.gunung_kasih), LocusFactory(village=world.flotim_village)
    client.force_login(world.users["lampung_admin"])
    response = client.get(
        LIST, {"jenis": "uji-profil", "tahun": 2021, "muat_ulang": "1"}, HTTP_HX_REQUEST="true"
    )
    fields = response.content.decode()
    assert "<html" not in fields and 'name="lokus"' in fields and 'name="wilayah"' not in fields
    assert f'value="{inside.pk}"' in fields and f'value="{outside.pk}"' not in fields
    response = client.post(LIST, {"jenis": "uji-profil", "tahun": 2021, "lokus": outside.pk, "format": "csv"})
    assert "lokus" in response.context["form"].errors


def test_the_reason_field_shows_only_with_the_full_nik_permission(client, world):
    user = world.users["lampung_admin"]
    client.force_login(user)
    assert 'name="alasan"' not in client.get(LIST).content.decode()
    user.user_permissions.add(Permission.objects.get(codename="view_full_nik"))
    assert 'name="alasan"' in client.get(LIST).content.decode()


def test_the_status_row_polls_until_the_job_is_done(client, world):
    LocusFactory(village=world.gunung_kasih)
    user = world.users["tanggamus_staff"]
    job = job_for(user)
    client.force_login(user)
    url = reverse("reports:job_status", args=[job.pk])
    row = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in row and 'role="progressbar"' in row
    run_job(job.pk)
    row = client.get(url).content.decode()
    assert "hx-trigger" not in row and job.get_download_url() in row


def test_a_failure_is_shown_in_plain_words(client, world):
    user = world.users["tanggamus_staff"]
    job = run_job(job_for(user).pk)
    client.force_login(user)
    row = client.get(reverse("reports:job_status", args=[job.pk])).content.decode()
    assert "Tidak ada lokus untuk dilaporkan di wilayah ini." in row and "hx-trigger" not in row


def test_the_download_is_for_the_requester_only(client, world):
    LocusFactory(village=world.gunung_kasih)
    job = run_job(job_for(world.users["tanggamus_staff"]).pk)
    client.force_login(world.users["tanggamus_staff"])
    response = client.get(job.get_download_url())
    assert response.status_code == 200
    assert 'filename="lokus-2021-semua.csv"' in response["Content-Disposition"]
    assert b"18.06.11.2016" in b"".join(response.streaming_content)
    for other in ("tanggamus_admin", "national_admin", "flotim_admin"):
        client.force_login(world.users[other])
        assert client.get(job.get_download_url()).status_code == 404


def test_an_unfinished_job_has_no_download(client, world):
    job = job_for(world.users["tanggamus_staff"])
    client.force_login(world.users["tanggamus_staff"])
    assert client.get(job.get_download_url()).status_code == 404


def test_my_reports_name_the_region_asked_for(client, world, eager, django_capture_on_commit_callbacks):
    LocusFactory(village=world.gunung_kasih)
    client.force_login(world.users["lampung_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(LIST, {"jenis": "uji-lokus", "tahun": 2021, "wilayah": "18.06", "format": "csv"})
    page = client.get(LIST).content.decode()
    assert "Kabupaten Tanggamus ·" in page
    job = ReportJob.objects.get()
    row = client.get(reverse("reports:job_status", args=[job.pk])).content.decode()
    assert "Kabupaten Tanggamus ·" in row
