"""A regency officer reviews cadres' reports: the action list names them, its link opens the activity list
filtered on "Dilaporkan kader", and on an activity's page "Kembalikan" without a note is refused with the
message under the field, with a note the page shows it; "Terima" on the other report counts it. At a desktop
and a phone's width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from activities.choices import ActivityStatus
from activities.models import SocialisationActivity
from tests.activities.factories_evaluations import locus_at
from tests.activities.factories_trainings import activity, cadre
from tests.browser.conftest import PHONE
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser
WIDE = {"width": 1366, "height": 900}


@pytest.fixture
def reports(world):
    locus = locus_at(world.gunung_kasih)
    ani, budi = cadre(locus, "Ani Lestari"), cadre(locus, "Budi Santoso", sex="L")
    staff = world.users["tanggamus_staff"]
    activity(staff, locus, [budi], title="Sosialisasi di balai pekon oleh petugas")
    return [
        activity(staff, locus, [ani], reported_by=ani, title="Sosialisasi anti hoaks di posyandu"),
        activity(staff, locus, [budi], reported_by=budi, title="Siaran RRI bersama kader", method="radio"),
    ]


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "390"])
def test_an_officer_reviews_cadres_reports(
    world, reports, new_page, log_in, live_server, screenshots, viewport
):
    width = viewport["width"]
    page = new_page(viewport)
    log_in(page, world.users["tanggamus_commissioner"], PASSWORD)
    item = page.locator('#perlu-tindakan [data-action="activities_reported"]')
    expect(item).to_contain_text("2 kegiatan dilaporkan kader menunggu tinjauan")
    item.get_by_role("link", name="Buka").click()
    page.wait_for_url(re.compile(r".*/kegiatan/sosialisasi/\?tahun=&status=dilaporkan$"))
    expect(page.locator(".activity-table tbody tr")).to_have_count(2)
    expect(page.locator(".activity-status-tabs .active")).to_have_text("Dilaporkan kader")
    page.screenshot(path=screenshots / f"activity_list_reported_{width}.png", full_page=True)
    page.get_by_role("link", name="Semua").click()
    expect(page.locator(".activity-table tbody tr")).to_have_count(3)
    page.screenshot(path=screenshots / f"activity_list_{width}.png", full_page=True)

    first, second = reports
    page.goto(first.get_absolute_url())
    review = page.locator(".activity-review")
    expect(review).to_contain_text("Dilaporkan kader Ani Lestari")
    page.screenshot(path=screenshots / f"activity_review_{width}.png", full_page=True)
    review.get_by_role("button", name="Kembalikan").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("catatan pengembalian")
    page.screenshot(path=screenshots / f"activity_return_refused_{width}.png", full_page=True)
    page.fill("textarea[name=note]", "Jumlah warga terjangkau belum sesuai daftar hadir.")
    page.get_by_role("button", name="Kembalikan").click()
    page.wait_for_url(f"{live_server.url}{first.get_absolute_url()}")
    expect(page.locator(".activity-returned")).to_contain_text("belum sesuai daftar hadir")
    page.screenshot(path=screenshots / f"activity_returned_{width}.png", full_page=True)

    page.goto(second.get_absolute_url())
    page.locator(".activity-review").get_by_role("button", name="Terima").click()
    page.wait_for_url(f"{live_server.url}{second.get_absolute_url()}")
    expect(page.locator(".alert-success").first).to_contain_text("Laporan kader diterima")
    expect(page.locator(".activity-facts")).to_contain_text("Diterima oleh")
    page.screenshot(path=screenshots / f"activity_accepted_{width}.png", full_page=True)
    statuses = dict(SocialisationActivity.objects.values_list("title", "status"))
    assert statuses[first.title] == ActivityStatus.RETURNED
    assert statuses[second.title] == ActivityStatus.ACCEPTED
