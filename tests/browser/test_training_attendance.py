"""A Tanggamus user opens a held session's attendance screen, marks the cadres present, absent or excused with
their scores, saves in one go and sees the session's attendance rate and score gain; on a phone, one locus of
a session at a time, with the save button on screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from activities.models import TrainingAttendance
from tests.activities.factories_evaluations import locus_at
from tests.activities.factories_trainings import cadre, session
from tests.browser.conftest import PHONE
from tests.factories import PASSWORD, ensure_reference_data, village

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
    expect(page.locator(".attendance-sheet .attendance-card")).to_have_count(4)
    page.get_by_role("button", name="Tandai semua hadir").click()
    page.locator(f"label[for=id_status-{citra.pk}_2]").click()  # Izin
    page.locator(f"label[for=id_status-{dedi.pk}_1]").click()  # Tidak hadir
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


@pytest.fixture
def two_loci(world):
    """A session of two loci: twelve cadres in Gunung Kasih (more than a phone screen holds), two in
    Sukabanjar."""
    ensure_reference_data()
    gk = locus_at(world.gunung_kasih)
    sb = locus_at(village("18.06.21.2005", "Sukabanjar"))
    gk_cadres = [cadre(gk, f"Kader Gunung Kasih {n:02d}") for n in range(1, 13)]
    sb_cadres = [cadre(sb, "Kader Sukabanjar 01"), cadre(sb, "Kader Sukabanjar 02")]
    return session(world.users["tanggamus_staff"], [gk, sb], number=2), gk, gk_cadres, sb_cadres


def _save_button_on_screen(page) -> bool:
    box = page.get_by_role("button", name="Simpan").bounding_box()
    viewport = page.viewport_size
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= viewport["height"]
        and box["x"] >= 0
        and box["x"] + box["width"] <= viewport["width"]
    )


def test_attendance_on_a_phone_one_locus_at_a_time(world, two_loci, new_page, log_in, screenshots):
    s, gk, gk_cadres, sb_cadres = two_loci
    page = new_page(PHONE)
    log_in(page, world.users["tanggamus_staff"], PASSWORD)
    page.goto(f"/kegiatan/pembekalan/{s.pk}/kehadiran/")
    # Two loci: the locus first, no card yet.
    expect(page.locator(".attendance-card")).to_have_count(0)
    page.get_by_role("link", name="Gunung Kasih").click()
    cards = page.locator(".attendance-sheet .attendance-card")
    expect(cards).to_have_count(12)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The cards are taller than the screen, the save button is on it all the same.
    assert page.evaluate("document.documentElement.scrollHeight") > 2 * PHONE["height"]
    assert _save_button_on_screen(page)
    page.screenshot(path=screenshots / "training_attendance_phone.png")
    for person in gk_cadres[:10]:
        page.locator(f"label[for=id_status-{person.pk}_0]").click()  # Hadir, tapped on its card
    page.locator(f"label[for=id_status-{gk_cadres[10].pk}_1]").click()  # Tidak hadir
    page.locator(f"label[for=id_status-{gk_cadres[11].pk}_2]").click()  # Izin
    page.fill(f"#id_pre-{gk_cadres[0].pk}", "55")
    page.fill(f"#id_post-{gk_cadres[0].pk}", "82,5")
    expect(page.locator("[data-marked-count]")).to_have_text("12")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight / 2)")
    assert _save_button_on_screen(page)  # halfway down the cards too
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Kehadiran kader Gunung Kasih tersimpan.")).to_be_visible()
    expect(page.get_by_text("12 dari 12 kader sudah dicatat")).to_be_visible()
    records = {a.cadre_id: a for a in TrainingAttendance.objects.filter(session=s)}
    assert len(records) == 12
    assert [records[c.pk].status for c in gk_cadres] == ["hadir"] * 10 + ["tidak_hadir", "izin"]
    assert str(records[gk_cadres[0].pk].post_score) == "82.50"
    assert not any(c.pk in records for c in sb_cadres)
