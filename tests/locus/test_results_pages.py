"""The election results pages: the upload (a job, its task run as the worker runs it), the job's page and its
polling progress, the summary of the jurisdiction (its queries pinned), and the results on the region pages,
with the illustrative label wherever illustrative figures are shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kernel.spreadsheets import write_table
from locus.choices import ResultsJobStatus
from locus.models import Election, ResultsImportJob, Village, VillageResult
from locus.services.results_jobs import results_job_create, results_job_enqueue, results_job_run
from tests.locus.factories import VillageResultFactory
from tests.locus.test_results_import import (
    EXPECTED,
    GOOD,
    GUNUNG_KASIH,
    HEADERS,
    SUKABANJAR,
    WAIBALUN,
    csv_bytes,
    stored,
    tps,
)

LIST = reverse("locus:results_list")
IMPORT = reverse("locus:results_import")
ILLUSTRATIVE = "Data ilustrasi — bukan hasil resmi KPU"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def eager():
    from dp3.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def uploaded_files(media_root: Path) -> list[Path]:
    folder = media_root / "hasil-pemilu"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def post_file(client, data: bytes, *, name="hasil.csv", election="pemilu-2024", illustrative=False):
    fields = {"pemilu": election, "berkas": SimpleUploadedFile(name, data)}
    if illustrative:
        fields["ilustrasi"] = "on"
    return client.post(IMPORT, fields)


def result(code: str, **figures) -> VillageResult:
    return VillageResultFactory(village=Village.objects.get(code=code), **figures)


def test_an_upload_makes_a_job_that_the_worker_runs_to_the_end(
    client, world, eager, media_root, django_capture_on_commit_callbacks
):
    client.force_login(world.users["lampung_commissioner"])
    with django_capture_on_commit_callbacks(execute=True):
        response = post_file(client, csv_bytes(GOOD), illustrative=True)
    job = ResultsImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.uploaded_by, job.election_id, job.filename, job.illustrative) == (
        world.users["lampung_commissioner"],
        "pemilu-2024",
        "hasil.csv",
        True,
    )
    assert job.status == ResultsJobStatus.SUCCEEDED and job.progress == 100 and job.task_id
    assert (job.rows_read, job.villages_new, job.villages_changed, job.villages_unchanged) == (5, 2, 0, 0)
    assert stored() == EXPECTED and all(VillageResult.objects.values_list("illustrative", flat=True))
    assert not job.file and not uploaded_files(media_root)  # the file goes once the job has run
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Impor selesai." in page and 'hx-trigger="every 2s"' not in page
    assert ILLUSTRATIVE in page


def test_a_queued_job_polls_its_status_until_it_is_done(client, world, media_root):
    user = world.users["lampung_admin"]
    job = results_job_create(
        actor=user,
        election=Election.objects.get(pk="pemilu-2024"),
        upload=SimpleUploadedFile("hasil.csv", csv_bytes(GOOD)),
        enqueue=False,
    )
    assert job.status == ResultsJobStatus.QUEUED and len(uploaded_files(media_root)) == 1
    client.force_login(user)
    status_url = reverse("locus:results_job_status", args=[job.pk])
    page = client.get(job.get_absolute_url()).content.decode()
    assert (
        f'hx-get="{status_url}"' in page and 'hx-trigger="every 2s"' in page and 'role="progressbar"' in page
    )
    results_job_run(job.pk, task_id="uji")
    fragment = client.get(status_url).content.decode()
    assert "<html" not in fragment and "hx-trigger" not in fragment
    assert 'data-status="selesai"' in fragment and "Baris TPS dibaca" in fragment
    assert results_job_run(job.pk).attempts == 1  # a second delivery changes nothing


def test_progress_is_stored_while_the_file_is_read(world, monkeypatch):
    from locus.services import results_import, results_jobs

    monkeypatch.setattr(results_import, "PROGRESS_ROWS", 2)
    monkeypatch.setattr(results_jobs, "PROGRESS_SECONDS", 0)
    seen = []
    real = results_jobs._Progress.__call__

    def spy(self, percent, **kwargs):
        real(self, percent, **kwargs)
        seen.append(ResultsImportJob.objects.get(pk=self.job_id).progress)

    monkeypatch.setattr(results_jobs._Progress, "__call__", spy)
    rows = [tps(number=n) for n in range(1, 21)]  # a workbook: read by rows, 2 at a time
    job = results_job_create(
        actor=world.users["lampung_admin"],
        election=Election.objects.get(pk="pemilu-2024"),
        upload=SimpleUploadedFile("hasil.xlsx", write_table(HEADERS, rows, fmt="xlsx")),
        enqueue=False,
    )
    job = results_job_run(job.pk)
    assert seen == sorted(seen) and 0 < seen[0] < 20 and seen[-1] == 90 and len(set(seen)) > 5
    assert job.progress == 100


def test_a_refused_file_fails_the_job_with_its_errors_and_writes_nothing(
    client, world, eager, media_root, django_capture_on_commit_callbacks
):
    client.force_login(world.users["lampung_commissioner"])
    with django_capture_on_commit_callbacks(execute=True):
        post_file(client, csv_bytes([tps(dpt=-1), tps(WAIBALUN, 2)]))
    job = ResultsImportJob.objects.get()
    assert job.status == ResultsJobStatus.FAILED and job.error_count == 2 and job.rows_read == 2
    assert not VillageResult.objects.exists() and not uploaded_files(media_root)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Impor gagal: 2 kesalahan" in page
    assert "Baris 2, kolom “DPT”" in page and "Baris 3, kolom “Kode Wilayah”" in page


def test_a_job_whose_uploader_may_no_longer_import_fails(world):
    user = world.users["lampung_admin"]
    job = results_job_create(
        actor=user,
        election=Election.objects.get(pk="pemilu-2024"),
        upload=SimpleUploadedFile("hasil.csv", csv_bytes(GOOD)),
        enqueue=False,
    )
    user.is_active = False
    user.save(update_fields=["is_active"])
    job = results_job_run(job.pk)
    assert job.status == ResultsJobStatus.FAILED and "tidak lagi berwenang" in job.errors[0]["message"]
    assert not VillageResult.objects.exists() and not job.file


def test_an_unreachable_broker_fails_the_job_at_once(world, media_root):
    from dp3.celery import app

    job = results_job_create(
        actor=world.users["lampung_admin"],
        election=Election.objects.get(pk="pemilu-2024"),
        upload=SimpleUploadedFile("hasil.csv", csv_bytes(GOOD)),
        enqueue=False,
    )
    saved = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        assert results_job_enqueue(job_id=job.pk) is False
    finally:
        app.conf.broker_url = saved
    job.refresh_from_db()
    assert (
        job.status == ResultsJobStatus.FAILED and "antrean tidak tersedia" in job.errors[0]["message"].lower()
    )
    assert not uploaded_files(media_root)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("hasil.txt", b"Kode Wilayah\n", "Berkas harus berformat XLSX, ODS, XLS atau CSV"),
        ("hasil.xlsx", b"bukan zip", "Isi berkas bukan XLSX"),
        ("hasil.csv", b"\xff\xfe\x81\x8d", "Berkas CSV tidak dapat dibaca"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_on_the_form(
    client, world, media_root, name, data, message
):
    client.force_login(world.users["lampung_admin"])
    response = post_file(client, data, name=name)
    assert response.status_code == 200 and message in response.content.decode()
    assert not ResultsImportJob.objects.exists() and not uploaded_files(media_root)


def test_the_size_limit_is_the_results_own(client, world, settings, media_root):
    settings.SIDP3_MAX_UPLOAD_BYTES = 10  # the other imports' limit does not apply
    settings.SIDP3_MAX_RESULTS_UPLOAD_BYTES = 1000
    client.force_login(world.users["lampung_admin"])
    response = post_file(client, csv_bytes([tps(number=n) for n in range(1, 40)]))
    assert response.status_code == 200 and "Berkas terlalu besar" in response.content.decode()
    assert not ResultsImportJob.objects.exists()


def test_the_import_page_offers_the_elections_and_the_templates(client, world):
    client.force_login(world.users["lampung_commissioner"])
    page = client.get(IMPORT).content.decode()
    for fmt in ("xlsx", "ods", "csv"):
        assert reverse("locus:import_template", kwargs={"kind": "hasil-pemilu", "fmt": fmt}) in page
    assert 'value="pemilu-2024"' in page and 'name="ilustrasi"' in page and "KODE_WIL" in page


def test_the_summary_sums_the_jurisdiction_by_regency(client, world):
    result(GUNUNG_KASIH, registered=600, additional=6, voters=480, valid_votes=470, invalid_votes=10)
    result(SUKABANJAR, registered=400, additional=0, voters=300, valid_votes=290, invalid_votes=10)
    result(WAIBALUN, registered=500, additional=0, voters=100, valid_votes=90, invalid_votes=10)
    client.force_login(world.users["lampung_viewer"])
    response = client.get(LIST)
    summary = response.context["summaries"][0]
    assert (summary.election.pk, summary.figures.villages, summary.figures.voters) == ("pemilu-2024", 2, 780)
    assert summary.figures.turnout_percent == pytest.approx(100 * 780 / 1006)
    assert [(r.code, r.name) for r in response.context["regions"]] == [("18.06", "Kabupaten Tanggamus")]
    page = response.content.decode()
    assert "77,5%" in page and "Waibalun" not in page and ILLUSTRATIVE not in page
    assert reverse("locus:results_import") not in page  # a viewer does not import
    client.force_login(world.users["tanggamus_staff"])
    response = client.get(LIST)
    assert [r.code for r in response.context["regions"]] == ["18.06.11", "18.06.21"]  # by district


def test_the_summary_pins_its_queries_and_labels_illustrative_figures(
    client, world, django_assert_num_queries
):
    client.force_login(world.users["national_admin"])
    result(GUNUNG_KASIH)
    result(GUNUNG_KASIH, election_id="pemilu-2019")
    # The session, the user, the second step's device; the elections summed; the chosen one by regency and
    # the regencies' names; the user's imports.
    with django_assert_num_queries(7):
        client.get(LIST)
    for code in (SUKABANJAR, WAIBALUN):
        result(code, illustrative=True)
        result(code, election_id="pemilu-2019")
    for _ in range(3):
        results_job_create(
            actor=world.users["national_admin"],
            election=Election.objects.get(pk="pemilu-2024"),
            upload=SimpleUploadedFile("hasil.csv", csv_bytes(GOOD)),
            enqueue=False,
        )
    with django_assert_num_queries(7):
        response = client.get(LIST + "?pemilu=pemilu-2024")
    page = response.content.decode()
    assert ILLUSTRATIVE in page and page.count("hasil.csv") == 3
    assert {r.code for r in response.context["regions"]} == {"18.06", "53.06"}


def test_the_region_pages_show_their_results_to_whoever_holds_the_whole_region(client, world):
    result(GUNUNG_KASIH, illustrative=True)
    result(SUKABANJAR, election_id="pemilu-2019")
    village_url = reverse("locus:village_detail", args=[GUNUNG_KASIH])
    regency_url = reverse("locus:regency_detail", args=["18.06"])
    province_url = reverse("locus:province_detail", args=["18"])
    client.force_login(world.users["tanggamus_staff"])
    village_page = client.get(village_url)
    assert [r.election.pk for r in village_page.context["results"]] == ["pemilu-2024"]
    assert "79,2%" in village_page.content.decode() and ILLUSTRATIVE in village_page.content.decode()
    regency = client.get(regency_url).context["results"]
    assert [(r.election.pk, r.figures.villages) for r in regency] == [("pemilu-2024", 1), ("pemilu-2019", 1)]
    assert client.get(province_url).context["results"] == []  # Tanggamus is not all of Lampung
    client.force_login(world.users["flotim_admin"])
    assert client.get(village_url).context["results"] == []
    client.force_login(world.users["lampung_viewer"])
    assert len(client.get(province_url).context["results"]) == 2


def test_the_region_pages_pin_their_queries(client, world, django_assert_num_queries):
    client.force_login(world.users["lampung_viewer"])
    url = reverse("locus:regency_detail", args=["18.06"])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    result(GUNUNG_KASIH)
    result(SUKABANJAR, election_id="pemilu-2019")
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(url)


def test_the_ranking_links_the_results_and_their_import(client, world):
    client.force_login(world.users["lampung_commissioner"])
    page = client.get(reverse("locus:ranking")).content.decode()
    assert LIST in page and IMPORT in page
    client.force_login(world.users["tanggamus_staff"])
    page = client.get(reverse("locus:ranking")).content.decode()
    assert LIST in page and IMPORT not in page


def test_a_job_delivered_again_after_its_worker_was_lost_runs_again_up_to_three_times(world):
    job = results_job_create(
        actor=world.users["lampung_admin"],
        election=Election.objects.get(pk="pemilu-2024"),
        upload=SimpleUploadedFile("hasil.csv", csv_bytes(GOOD)),
        enqueue=False,
    )
    ResultsImportJob.objects.filter(pk=job.pk).update(
        status=ResultsJobStatus.RUNNING, attempts=1, progress=40
    )
    job = results_job_run(job.pk)
    assert (job.status, job.attempts, job.progress) == (ResultsJobStatus.SUCCEEDED, 2, 100)
    assert stored() == EXPECTED
    lost = results_job_create(
        actor=world.users["lampung_admin"],
        election=Election.objects.get(pk="pemilu-2019"),
        upload=SimpleUploadedFile("hasil.csv", csv_bytes(GOOD)),
        enqueue=False,
    )
    ResultsImportJob.objects.filter(pk=lost.pk).update(status=ResultsJobStatus.RUNNING, attempts=3)
    lost = results_job_run(lost.pk)
    assert lost.status == ResultsJobStatus.FAILED and "setelah 3 percobaan" in lost.errors[0]["message"]
    assert not lost.file and not VillageResult.objects.filter(election_id="pemilu-2019").exists()


def test_the_sweep_fails_jobs_stuck_running_or_never_taken_and_removes_their_files(world, media_root):
    """No job page polls for ever: a job whose worker was lost for good, or that no worker took for a day,
    is failed with a message telling the user to upload again; a fresh queued job is left alone."""
    import datetime as dt

    from django.utils import timezone

    from locus.services.results_jobs import results_jobs_sweep
    from locus.tasks import sweep_results_jobs

    def job():
        return results_job_create(
            actor=world.users["lampung_admin"],
            election=Election.objects.get(pk="pemilu-2024"),
            upload=SimpleUploadedFile("hasil.csv", csv_bytes(GOOD)),
            enqueue=False,
        )

    now = timezone.now()
    stuck, forgotten, waiting = job(), job(), job()
    ResultsImportJob.objects.filter(pk=stuck.pk).update(
        status=ResultsJobStatus.RUNNING, started_at=now - dt.timedelta(hours=2)
    )
    ResultsImportJob.objects.filter(pk=forgotten.pk).update(created_at=now - dt.timedelta(days=2))
    assert len(uploaded_files(media_root)) == 3

    assert results_jobs_sweep(now=now) == 2
    jobs = {j.pk: j for j in ResultsImportJob.objects.all()}
    assert jobs[stuck.pk].status == jobs[forgotten.pk].status == ResultsJobStatus.FAILED
    assert "melewati batas waktu" in jobs[stuck.pk].errors[0]["message"]
    assert "tidak sempat diproses" in jobs[forgotten.pk].errors[0]["message"]
    assert jobs[waiting.pk].status == ResultsJobStatus.QUEUED
    assert [p.name for p in uploaded_files(media_root)] == [Path(jobs[waiting.pk].file.name).name]
    assert VillageResult.objects.count() == 0
    assert sweep_results_jobs() == 0  # the task, as the beat runs it: nothing left to sweep
