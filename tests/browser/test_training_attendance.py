"""A Tanggamus user opens a held session's attendance screen, marks the cadres present, absent or excused with
their scores, saves in one go and sees the session's attendance rate and score gain."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from activities.models import TrainingAttendance
from tests.activities.factories_evaluations import locus_at
from tests.activities.factories_trainings import cadre, session
from tests.factories import PASSWORD, ensure_reference_data

pytestmark = pytest.mark.browser


@pytest.fixture
def training(world):
    """The live server's tests flush the database after each test: the reference rows are made again."""
    ensure_reference_data()
    locus = locus_at(world.gunung_kasih)
    names = ["Ani Lestari", "Budi Santoso", "Citra Dewi", "Dedi Saputra"]
    cadres = [cadre(locus, name) for name in names]
    return session(world.users["tanggamus_staff"], [locus], number=3), cadres


def test_a_regency_user_records_attendance(world, training, new_page, log_in, live_server, screenshots):
    s, (ani, budi, citra, dedi) = training
    page = new_page()
    log_in(page, world.users["tanggamus_staff"], PASSWORD)
    page.goto(f"/kegiatan/pembekalan/{s.pk}/")
    page.get_by_role("link", name="Catat kehadiran").click()
    expect(page.locator(".attendance-sheet tbody tr")).to_have_count(4)
    page.get_by_role("button", name="Tandai semua hadir").click()
    page.locator(f"#id_status-{citra.pk}_2").check()  # Izin
    page.locator(f"#id_status-{dedi.pk}_1").check()  # Tidak hadir
    for person, pre, post in ((ani, "50", "80"), (budi, "60", "70,5")):
        page.fill(f"#id_pre-{person.pk}", pre)
        page.fill(f"#id_post-{person.pk}", post)
    page.fill(f"#id_post-{budi.pk}", "170")  # a typing error first
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".attendance-errors")).to_contain_text(
        "Nilai post-test Budi Santoso harus angka antara 0 dan 100."
    )
    assert not TrainingAttendance.objects.exists()
    page.screenshot(path=screenshots / "training_attendance_error.png", full_page=True)
    page.fill(f"#id_post-{budi.pk}", "70,5")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Kehadiran tersimpan.")).to_be_visible()
    expect(page.locator(".session-rate")).to_contain_text("50%")
    expect(page.locator(".session-rate")).to_contain_text("(2/4)")
    expect(page.locator(".session-gain")).to_contain_text("+20,3")
    page.screenshot(path=screenshots / "training_attendance_saved.png", full_page=True)
    assert TrainingAttendance.objects.filter(session=s).count() == 4
    assert TrainingAttendance.objects.get(cadre=citra).status == "izin"
