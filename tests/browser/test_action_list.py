"""A province commissioner starts from "Perlu tindakan Anda" on the home page: the evaluation waiting for
approval is there with its count, the link opens the list filtered to it, and approving it empties the list
and the navigation badge."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from activities.choices import EvaluationStage, EvaluationStatus
from activities.models import LocusEvaluation
from locus.choices import StageAim
from locus.models import ProgrammeYear
from tests.activities.factories_evaluations import locus_at
from tests.browser.conftest import PHONE
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def submitted(world):
    ProgrammeYear.objects.get_or_create(year=2021, defaults={"aim": StageAim.KNOWLEDGE})
    locus = locus_at(world.gunung_kasih)
    return LocusEvaluation.objects.create(
        locus=locus,
        stage=EvaluationStage.END,
        status=EvaluationStatus.SUBMITTED,
        assessment="baik",
        findings="Kader aktif di pekon.",
        created_by=world.users["tanggamus_staff"],
        submitted_by=world.users["tanggamus_commissioner"],
    )


def test_province_approves_an_evaluation_from_its_action_list(
    world, submitted, new_page, log_in, live_server, screenshots
):
    page = new_page()
    log_in(page, world.users["lampung_commissioner"], PASSWORD)
    actions = page.locator("#perlu-tindakan")
    item = actions.locator('[data-action="evaluations_to_approve"]')
    expect(item).to_contain_text("1 evaluasi lokus menunggu persetujuan")
    expect(page.locator(".nav-action-count")).to_have_text("1")  # the badge, loaded by HTMX
    page.screenshot(path=screenshots / "home_action_list.png")

    item.get_by_role("link", name="Buka").click()
    page.wait_for_url(re.compile(r".*/kegiatan/evaluasi/\?tahun=&status=diajukan$"))
    page.get_by_role("link", name="Gunung Kasih").click()
    page.wait_for_url(f"{live_server.url}{submitted.get_absolute_url()}")
    page.get_by_role("link", name="Setujui").click()
    page.get_by_role("button", name="Setujui").click()
    page.wait_for_url(f"{live_server.url}{submitted.get_absolute_url()}")
    expect(page.locator(".alert-success").first).to_contain_text("Evaluasi disetujui")
    submitted.refresh_from_db()
    assert submitted.status == EvaluationStatus.APPROVED

    page.goto("/")
    expect(page.locator("#perlu-tindakan")).to_contain_text("Tidak ada yang menunggu tindakan Anda")
    expect(page.locator("#nav-actions")).to_be_attached()
    expect(page.locator(".nav-action-count")).to_have_count(0)

    phone = new_page(PHONE)
    log_in(phone, world.users["tanggamus_commissioner"], PASSWORD)
    expect(phone.locator("#perlu-tindakan")).to_be_visible()
    phone.screenshot(path=screenshots / "home_action_list_phone.png", full_page=True)
