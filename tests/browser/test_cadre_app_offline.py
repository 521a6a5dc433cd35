"""The cadre app offline, in a real Chromium against the live server and the real API (/api/v1/app/):

- a cadre accepts an invitation (sets a PIN), goes offline, records two activities each with a photo, closes
  the page, opens the app again with no connection (served by the service worker, the queue from IndexedDB),
  comes back online and the queue is sent: the regency office has both, once each, as *dilaporkan*, and
  accepts one, which the cadre then sees as *Diterima*;
- a connection cut in the middle of a send (the activity's answer lost, then a photo's upload dropped) is
  retried without a duplicate;
- arriving from a training session's QR code (``/kader-app/presensi/<code>/``) offline, the check-in waits
  and is sent when the connection returns.
"""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from PIL import Image

from activities.models import ActivityPhoto, SocialisationActivity, TrainingAttendance
from activities.services.trainings import check_in_code
from cadre import accounts
from tests.activities.factories_evaluations import locus_at
from tests.activities.factories_trainings import cadre, session
from tests.browser.conftest import PHONE
from tests.browser.test_security_headers import watch_console
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PIN = "482913"
SHOTS = "cadre-app-offline"


def big_jpeg() -> bytes:
    """A camera-sized photo of about 1.5 MB: the phone must reduce it under 500,000 bytes."""
    buffer = io.BytesIO()
    Image.effect_noise((2400, 1800), 70).convert("RGB").save(buffer, "JPEG", quality=95)
    assert len(buffer.getvalue()) > 500_000
    return buffer.getvalue()


def real_problems(problems: list[str]) -> list[str]:
    """Console errors except the failed requests of a phone with no connection (what offline means)."""
    return [p for p in problems if "ERR_INTERNET_DISCONNECTED" not in p and "Failed to fetch" not in p]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="id-ID")
    context.set_default_timeout(20_000)
    yield context
    context.close()


@pytest.fixture
def member(world):
    return cadre(locus_at(world.gunung_kasih), "Siti Aminah")


def accept_invitation(page, world, member) -> None:
    invitation = accounts.invite_cadre(world.users["tanggamus_staff"], member)
    page.goto(invitation.path)
    page.get_by_label("PIN (6 angka)").fill(PIN)
    page.get_by_label("Ulangi PIN").fill(PIN)
    page.get_by_role("button", name="Simpan PIN dan masuk").click()
    page.wait_for_url("**/kader-app/")
    page.get_by_text("Siti Aminah").wait_for()  # the profile from the API
    assert page.evaluate("navigator.serviceWorker.ready.then(r => Boolean(r.active))")
    # Every file of the shell is in the worker's cache before the phone goes offline.
    page.wait_for_timeout(300)


def record(page, title: str, photo: bytes) -> None:
    if not page.url.endswith("#lapor"):
        page.goto("/kader-app/#lapor")
    page.get_by_label("Judul atau tempat kegiatan").fill(title)
    page.get_by_label("Metode").select_option("radio")
    page.get_by_label("Topik").select_option(index=1)
    page.fill("#reached_men", "4")
    page.fill("#reached_women", "6")
    page.set_input_files(
        "#photos", files=[{"name": "kegiatan.jpg", "mimeType": "image/jpeg", "buffer": photo}]
    )
    page.locator(".photo-preview").wait_for()
    page.get_by_role("button", name="Simpan laporan").click()
    page.get_by_text(title).wait_for()


def wait_for(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.25)


def test_reports_recorded_offline_survive_closing_and_are_sent_once(
    world, phone, member, screenshots, browser, live_server, log_in
):
    page = phone.new_page()
    problems = watch_console(page)
    accept_invitation(page, world, member)

    phone.set_offline(True)
    photo = big_jpeg()
    record(page, "Siaran RRI tentang pemilih pemula", photo)
    record(page, "Sosialisasi di balai desa", photo)
    assert page.get_by_text("Menunggu dikirim", exact=True).count() == 2
    page.screenshot(path=str(screenshots / f"{SHOTS}-waiting.png"), full_page=True)
    assert SocialisationActivity.objects.filter(reported_by=member).count() == 0
    page.close()

    # The browser is closed and opened again, still with no connection: the worker serves the app.
    page = phone.new_page()
    problems += watch_console(page)
    page.goto("/kader-app/#laporan")
    page.get_by_text("Luring").wait_for()
    page.get_by_text("Siti Aminah").wait_for()  # the profile from IndexedDB
    assert page.get_by_text("Menunggu dikirim", exact=True).count() == 2

    phone.set_offline(False)
    page.locator("#queue-count").wait_for(state="hidden")
    reports = SocialisationActivity.objects.filter(reported_by=member)
    wait_for(lambda: ActivityPhoto.objects.filter(activity__in=reports).count() == 2)
    assert sorted(reports.values_list("title", flat=True)) == [
        "Siaran RRI tentang pemilih pemula",
        "Sosialisasi di balai desa",
    ]
    assert set(reports.values_list("status", flat=True)) == {"dilaporkan"}
    for saved in ActivityPhoto.objects.filter(activity__in=reports):
        assert saved.file.size < 500_000
    page.get_by_text("Terkirim (dilaporkan)").first.wait_for()

    # The regency office sees both, once each, among the reports waiting on its activity list, and accepts
    # one on its page; the cadre sees it accepted.
    office = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=live_server.url)
    desk = office.new_page()
    log_in(desk, world.users["tanggamus_staff"], PASSWORD)
    desk.goto("/kegiatan/sosialisasi/?status=dilaporkan")
    listed = desk.locator("table tbody tr")
    assert listed.count() == 2
    for title in ("Siaran RRI tentang pemilih pemula", "Sosialisasi di balai desa"):
        assert desk.get_by_role("link", name=title).count() == 1
    desk.get_by_role("link", name="Siaran RRI tentang pemilih pemula").click()
    desk.get_by_role("button", name="Terima").click()
    desk.get_by_text("Laporan kader diterima").first.wait_for()
    office.close()
    radio = reports.get(title="Siaran RRI tentang pemilih pemula")
    assert radio.status == "diterima" and radio.reviewed_by == world.users["tanggamus_staff"]
    page.reload()
    page.get_by_text("Diterima", exact=True).wait_for()
    page.screenshot(path=str(screenshots / f"{SHOTS}-sent.png"), full_page=True)
    assert reports.count() == 2 and ActivityPhoto.objects.filter(activity__in=reports).count() == 2
    assert not real_problems(problems)


def test_a_connection_cut_in_the_middle_of_a_send_makes_no_duplicate(world, phone, member):
    page = phone.new_page()
    accept_invitation(page, world, member)
    cuts = {"activity": 0, "photo": 0}

    def lose_the_answer(route):
        # The server gets the activity, the phone never hears back: it must send it again.
        if route.request.method == "POST" and cuts["activity"] == 0:
            cuts["activity"] += 1
            route.fetch()
            route.abort("connectionreset")
        else:
            route.continue_()

    def drop_the_upload(route):
        if cuts["photo"] == 0:
            cuts["photo"] += 1
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/api/v1/app/activities/", lose_the_answer)
    page.route("**/api/v1/app/activities/*/photos/", drop_the_upload)
    record(page, "Sosialisasi di sekolah", big_jpeg())
    page.locator("#queue-count").wait_for(state="hidden", timeout=60_000)
    assert cuts == {"activity": 1, "photo": 1}
    reports = SocialisationActivity.objects.filter(reported_by=member)
    assert reports.count() == 1
    wait_for(lambda: ActivityPhoto.objects.filter(activity__in=reports).count() == 1)


def test_an_answer_that_will_never_change_keeps_its_entry_and_lets_the_others_go(world, phone, member):
    """A report the server refuses for good (here a proxy's 413 on the first send) stays on the phone with
    the reason; the report after it is sent all the same, instead of the whole queue waiting behind it."""
    page = phone.new_page()
    accept_invitation(page, world, member)
    phone.set_offline(True)
    record(page, "Sosialisasi di pasar", big_jpeg())
    record(page, "Sosialisasi di balai desa", big_jpeg())
    refused = {"count": 0}

    def too_large_once(route):
        if route.request.method == "POST" and refused["count"] == 0:
            refused["count"] += 1
            route.fulfill(status=413, body="")
        else:
            route.continue_()

    page.route("**/api/v1/app/activities/", too_large_once)
    phone.set_offline(False)
    page.get_by_text("Berkas terlalu besar untuk dikirim.").first.wait_for(timeout=30_000)
    wait_for(lambda: SocialisationActivity.objects.filter(reported_by=member).count() == 1)
    assert SocialisationActivity.objects.get(reported_by=member).title == "Sosialisasi di balai desa"


def test_a_check_in_from_the_session_qr_code_waits_offline(world, phone, member, screenshots):
    training = session(world.users["tanggamus_staff"], [member.locus], day=dt.date.today())
    page = phone.new_page()
    accept_invitation(page, world, member)
    code = check_in_code(training)
    phone.set_offline(True)
    page.goto(f"/kader-app/presensi/{code}/")
    page.get_by_text("Presensi disimpan di ponsel").wait_for()
    assert page.url.endswith("/kader-app/#presensi")
    page.screenshot(path=str(screenshots / f"{SHOTS}-check-in.png"), full_page=True)
    phone.set_offline(False)
    page.locator("#queue-count").wait_for(state="hidden")
    wait_for(lambda: TrainingAttendance.objects.filter(session=training, cadre=member).exists())
    page.screenshot(path=str(screenshots / f"{SHOTS}-checked-in.png"), full_page=True)
    page.locator("#check-ins").get_by_text("Hadir", exact=True).wait_for()


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1366, "height": 900}], ids=["phone", "desktop"])
def test_every_screen_without_a_csp_violation(world, browser, live_server, member, screenshots, viewport):
    width = "phone" if viewport == PHONE else "desktop"
    session(world.users["tanggamus_staff"], [member.locus], day=dt.date.today())
    context = browser.new_context(viewport=viewport, base_url=live_server.url, locale="id-ID")
    context.set_default_timeout(20_000)
    page = context.new_page()
    problems = watch_console(page)
    accept_invitation(page, world, member)
    record(page, "Sosialisasi di pasar", big_jpeg())
    page.locator("#queue-count").wait_for(state="hidden")
    for screen, shows in [
        ("lapor", "Simpan laporan"),
        ("laporan", "Sosialisasi di pasar"),
        ("jadwal", "Sesi 1"),
        ("presensi", "Pindai kode QR"),
        ("angka", "Orang dijangkau"),
    ]:
        page.goto(f"/kader-app/#{screen}")
        page.locator(f"#screen-{screen}").get_by_text(shows).first.wait_for()
        page.screenshot(path=str(screenshots / f"cadre-app-{screen}-{width}.png"), full_page=True)
    context.close()
    assert not real_problems(problems)
