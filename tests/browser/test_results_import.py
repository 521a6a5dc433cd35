"""A Lampung commissioner uploads a results file per TPS, watches the job's page while a real Celery worker (a
subprocess on Redis and the live server's database) imports it, and reads the results on the summary and on
the village's page; on a desktop (1366 px) and on a phone (390 px), where no page scrolls sideways.

The worker needs the rows committed and reachable from another process: PostgreSQL and Redis (skipped
elsewhere, failing in CI when they are missing). No eager mode: the page polls a job that really runs."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from locus.choices import ResultsJobStatus
from locus.models import ResultsImportJob, Village
from tests.browser.conftest import PHONE
from tests.browser.test_phone_width import _wider_than_the_screen
from tests.factories import PASSWORD
from tests.locus.factories import VillageResultFactory
from tests.locus.test_results_import import GOOD, GUNUNG_KASIH, SUKABANJAR, csv_bytes, tps
from tests.reports.jobs_support import celery_worker, use_private_media

pytestmark = [pytest.mark.browser, pytest.mark.redis, pytest.mark.postgres]

WIDE = {"width": 1366, "height": 900}


@pytest.fixture
def worker(world, settings, tmp_path):
    use_private_media(settings, tmp_path)
    with celery_worker() as process:
        yield process


def test_a_commissioner_imports_results_and_reads_them(
    world, worker, new_page, log_in, screenshots, tmp_path
):
    page = new_page(WIDE)
    log_in(page, world.users["lampung_commissioner"], PASSWORD)
    page.goto("/lokus/pemeringkatan/")
    page.get_by_role("link", name="Impor hasil pemilu").click()
    expect(page.locator("h1")).to_have_text("Impor hasil pemilu")
    page.screenshot(path=str(screenshots / "results-import-form.png"), full_page=True)
    file = tmp_path / "hasil-tanggamus.csv"
    file.write_bytes(csv_bytes([*GOOD, tps(number=5), tps(number=901)]))
    page.select_option("#id_pemilu", "pemilu-2024")
    page.set_input_files("#id_berkas", str(file))
    page.check("#id_ilustrasi")
    page.click("form.results-upload button[type=submit]")
    status = page.locator("#results-job-status")
    expect(status).to_have_attribute("data-status", ResultsJobStatus.SUCCEEDED, timeout=90_000)
    expect(status.locator('[role="progressbar"]')).to_have_count(0)
    expect(status).to_contain_text("Impor selesai.")
    expect(status).to_contain_text("tidak ada baris untuk TPS 4")  # TPS 1–3 and 5: one missing
    expect(page.locator("main")).to_contain_text("Data ilustrasi — bukan hasil resmi KPU")
    page.screenshot(path=str(screenshots / "results-job-done.png"), full_page=True)
    page.get_by_role("link", name="Hasil pemilu").last.click()
    expect(page.locator("table.results-regions")).to_contain_text("Kabupaten Tanggamus")
    page.screenshot(path=str(screenshots / "results-list.png"), full_page=True)
    page.goto(f"/wilayah/desa/{GUNUNG_KASIH}/")
    expect(page.locator(".region-results")).to_contain_text("Pemilu 2024")
    page.screenshot(path=str(screenshots / "results-village.png"), full_page=True)
    job = ResultsImportJob.objects.get()
    assert job.attempts == 1 and job.villages_new == 2 and not job.file


def test_the_pages_fit_a_phone_and_a_running_job_shows_its_bar(world, new_page, log_in, screenshots):
    user = world.users["lampung_commissioner"]
    running = ResultsImportJob.objects.create(
        election_id="pemilu-2024",
        uploaded_by=user,
        filename="hasil-tps-nasional-pemilu-2024-final.csv",
        status=ResultsJobStatus.RUNNING,
        progress=46,
    )
    failed = ResultsImportJob.objects.create(
        election_id="pemilu-2019",
        uploaded_by=user,
        filename="hasil.xlsx",
        status=ResultsJobStatus.FAILED,
        error_count=250,
        errors=[
            {
                "row": n,
                "column": "Pengguna Hak Pilih",
                "message": "pengguna hak pilih (250) melebihi DPT (200).",
            }
            for n in range(2, 6)
        ],
    )
    for code in (GUNUNG_KASIH, SUKABANJAR):
        VillageResultFactory(village=Village.objects.get(code=code))
    page = new_page(PHONE)
    log_in(page, user, PASSWORD)
    assert (
        _wider_than_the_screen(
            page,
            [
                "/lokus/hasil-pemilu/",
                "/lokus/hasil-pemilu/impor/",
                running.get_absolute_url(),
                failed.get_absolute_url(),
                f"/wilayah/desa/{GUNUNG_KASIH}/",
            ],
        )
        == []
    )
    page.goto(running.get_absolute_url())
    expect(page.locator('#results-job-status [role="progressbar"]')).to_have_attribute("aria-valuenow", "46")
    page.screenshot(path=str(screenshots / "results-job-running-phone.png"), full_page=True)
    page.goto(failed.get_absolute_url())
    expect(page.locator(".results-job-errors li")).to_have_count(4)
    # The errors not listed are counted against those listed, not against the service's limit.
    expect(page.locator(".alert-danger")).to_contain_text("246 kesalahan lainnya (hanya 4 yang pertama")
    page.screenshot(path=str(screenshots / "results-job-failed-phone.png"), full_page=True)
    page.goto("/lokus/hasil-pemilu/impor/")
    page.screenshot(path=str(screenshots / "results-import-phone.png"), full_page=True)
    page.goto("/lokus/hasil-pemilu/")
    expect(page.locator("table.results-regions")).to_contain_text("Kabupaten Tanggamus")
    page.screenshot(path=str(screenshots / "results-list-phone.png"), full_page=True)
