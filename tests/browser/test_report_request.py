"""A Lampung officer asks for a report on the Laporan page, watches its progress bar fill while a real Celery
worker (a subprocess on Redis and the live server's database) builds it, and downloads the file.

The worker needs the rows committed and reachable from another process: PostgreSQL and Redis (skipped
elsewhere, failing in CI when they are missing). No eager mode: the page polls a job that really runs in the
background."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reports.models import JobStatus, ReportJob
from tests.factories import PASSWORD
from tests.locus.factories import LocusFactory
from tests.reports.jobs_support import TEST_TYPES, celery_worker, registered

pytestmark = [pytest.mark.browser, pytest.mark.redis, pytest.mark.postgres]


@pytest.fixture
def worker(world):
    LocusFactory(village=world.gunung_kasih)
    LocusFactory(village=world.flotim_village)
    with registered(*TEST_TYPES), celery_worker() as process:
        yield process


def test_a_user_asks_for_a_report_and_sees_it_finish(world, worker, new_page, log_in, screenshots, tmp_path):
    page = new_page()
    log_in(page, world.users["lampung_admin"], PASSWORD)
    page.click("nav >> text=Laporan")
    expect(page.locator("h1")).to_have_text("Laporan")
    expect(page.locator("#id_tahun")).to_have_value("2021")  # the latest year with a locus of theirs
    page.select_option("#id_jenis", "uji-lambat")
    # Choosing the type reloads the form (HTMX) with that type's formats: wait for it before going on.
    csv_format = page.locator('input[name="format"][value="csv"]')
    expect(csv_format).to_be_visible()
    csv_format.check()
    page.select_option("#id_wilayah", "18.06")
    page.click("form.report-request button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("Permintaan laporan diterima")
    row = page.locator("tr.report-job").first
    expect(row.locator('[role="progressbar"]')).to_be_visible()
    page.screenshot(path=str(screenshots / "report-request-running.png"), full_page=True)
    expect(row).to_have_attribute("data-status", JobStatus.SUCCEEDED, timeout=90_000)
    expect(row.locator('[role="progressbar"]')).to_have_count(0)
    page.screenshot(path=str(screenshots / "report-request-done.png"), full_page=True)
    with page.expect_download() as download_info:
        row.get_by_role("link", name="Unduh").click()
    download = download_info.value
    assert download.suggested_filename == "lokus-2021-18.06.csv"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    content = saved.read_text()
    assert "18.06.11.2016" in content and "53.06.03.1001" not in content
    assert ReportJob.objects.get().attempts == 1
