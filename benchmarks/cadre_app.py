"""Cadre app figures: ``python benchmarks/cadre_app.py [--server URL] [--activities 50]``.

Creates the throwaway database ``sidp3_bench_cadre_app`` (the test world: Lampung/Tanggamus and NTT), invites
a cadre of a Tanggamus locus, collects the static files as production does (content-hashed, gzip and Brotli
by WhiteNoise) and starts ``manage.py runserver --noreload`` on localhost with them
(``benchmarks/cadre_app_settings.py``). Then, in Debian's Chromium through Playwright:

- the app shell's size: every file the first load of ``/kader-app/`` fetches (the HTML, the CSS, the module,
  the manifest, the icons it shows), raw, gzip and Brotli, as WhiteNoise serves them;
- the first load on a slow mobile link (Chrome DevTools' ``Network.emulateNetworkConditions``: 1.6 Mbit/s
  down, 750 kbit/s up, 300 ms round trip), signed in, empty cache: the page's load event and the moment the
  cadre's name (from ``/api/v1/app/profile/``) shows;
- a repeat load with no connection at all (the service worker's cache, the data from IndexedDB);
- ``--activities`` activities, each with a photo, recorded offline and sent in one reconnect: the time until
  the queue is empty, and the rows in the database (activities, photos: no loss, no duplicate).
Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import brotli

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402

DB = "sidp3_bench_cadre_app"
PIN = "482913"
CHROMIUM = os.environ.get("SIDP3_CHROMIUM", "/usr/bin/chromium")
SLOW = {
    "offline": False,
    "latency": 300,
    "downloadThroughput": 1_600_000 / 8,
    "uploadThroughput": 750_000 / 8,
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def photo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise((1200, 900), 60).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def prepare(env) -> str:
    """The world, a cadre of a Tanggamus locus and their invitation's path."""
    _harness.manage(["migrate"], env)
    os.environ.update(env)
    _harness.django_setup()
    from cadre import accounts
    from tests.activities.factories_evaluations import locus_at
    from tests.activities.factories_trainings import cadre
    from tests.conftest import build_world

    world = build_world()
    member = cadre(locus_at(world.gunung_kasih), "Siti Aminah")
    return accounts.invite_cadre(world.users["tanggamus_staff"], member).path


def sizes(responses: list[tuple[str, bytes]]) -> tuple[int, int, int]:
    raw = sum(len(body) for _url, body in responses)
    gz = sum(len(gzip.compress(body, 9)) if not _binary(url) else len(body) for url, body in responses)
    br = sum(len(brotli.compress(body)) if not _binary(url) else len(body) for url, body in responses)
    return raw, gz, br


def _binary(url: str) -> bool:
    return url.split("?")[0].endswith((".png", ".jpg", ".woff2", ".ico"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgres://root@127.0.0.1:5432")
    parser.add_argument("--activities", type=int, default=50)
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    static_root = tempfile.mkdtemp(prefix="sidp3-cadre-app-static-")
    _harness.recreate_database(options.server, DB)
    env = _harness.env_for(options.server, DB)
    env.update(
        DJANGO_SETTINGS_MODULE="cadre_app_settings",
        PYTHONPATH=f"{Path(__file__).resolve().parent}{os.pathsep}{_harness.ROOT}",
        SIDP3_BENCH_STATIC_ROOT=static_root,
        SIDP3_API_RATE="100000/hour",
        DJANGO_ALLOWED_HOSTS="localhost,127.0.0.1",
    )
    _harness.manage(["collectstatic", "--noinput"], env)
    invitation = prepare(env)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=_harness.ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://localhost:{port}"
    rows: list[tuple[str, str, str]] = []
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            # Set the PIN on a first page (the invitation), then measure the app's first load in a fresh
            # context holding only the session's cookies: no HTTP cache, no service worker yet.
            setup = browser.new_context(base_url=base)
            page = setup.new_page()
            page.goto(invitation)
            page.fill("#id_pin", PIN)
            page.fill("#id_pin_confirm", PIN)
            page.click("button[type=submit]")
            page.wait_for_url("**/kader-app/")
            state = setup.storage_state()
            setup.close()

            context = browser.new_context(
                base_url=base, storage_state=state, viewport={"width": 390, "height": 844}
            )
            context.set_default_timeout(60_000)
            page = context.new_page()
            fetched: list[tuple[str, bytes]] = []

            def keep(response):
                url = response.url
                if "/api/" in url or response.request.resource_type == "fetch" and "sw.js" in url:
                    return
                if response.request.frame == page.main_frame and response.status == 200:
                    with contextlib.suppress(Exception):  # a body the browser already dropped
                        fetched.append((url, response.body()))

            page.on("response", keep)
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", SLOW)
            started = time.perf_counter()
            page.goto("/kader-app/", wait_until="load")
            loaded = time.perf_counter() - started
            page.get_by_text("Siti Aminah").wait_for()
            ready = time.perf_counter() - started
            page.evaluate("navigator.serviceWorker.ready.then(() => true)")
            page.remove_listener("response", keep)
            raw, gz, br = sizes(fetched)
            rows.append(
                (
                    f"App shell, first load ({len(fetched)} files)",
                    f"{raw / 1000:.0f} KB raw, {gz / 1000:.0f} KB gzip, {br / 1000:.0f} KB Brotli",
                    "≤ 200 KB compressed",
                )
            )
            rows.append(
                (
                    "First load at 1.6 Mbit/s, 300 ms RTT",
                    f"load {loaded:.2f} s; cadre's name shown {ready:.2f} s",
                    "≤ 3 s",
                )
            )
            # Repeat load with no connection: the worker's cache and IndexedDB.
            page.wait_for_timeout(1000)
            context.set_offline(True)
            # A new tab, as when the cadre opens the app again: a whole load, not a jump within the page.
            page.close()
            page = context.new_page()
            started = time.perf_counter()
            page.goto("/kader-app/", wait_until="load")
            page.get_by_text("Siti Aminah").wait_for()
            offline = time.perf_counter() - started
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            rows.append(("Repeat load offline", f"{offline:.2f} s (load and the cadre's name)", "≤ 1 s"))

            # The queue: N activities with a photo each, recorded offline, sent in one reconnect.
            cdp.send(
                "Network.emulateNetworkConditions",
                {**SLOW, "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
            )
            image = photo()
            page.goto("/kader-app/#lapor")
            page.locator("#method option").nth(1).wait_for(state="attached")
            for number in range(options.activities):
                page.fill("#title", f"Sosialisasi {number + 1}")
                page.locator("#method").select_option(index=1)
                page.locator("#topic").select_option(index=1)
                page.fill("#reached_women", "3")
                page.set_input_files(
                    "#photos", files=[{"name": "f.jpg", "mimeType": "image/jpeg", "buffer": image}]
                )
                page.locator(".photo-preview").wait_for()
                page.click("#save-activity")
                page.locator("#queue-count").filter(has_text=str(number + 1)).wait_for()
                page.goto("/kader-app/#lapor")
            cdp.send(
                "Network.emulateNetworkConditions",
                {**SLOW, "offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
            )
            started = time.perf_counter()
            context.set_offline(False)
            page.locator("#queue-count").wait_for(state="hidden", timeout=600_000)
            sent = time.perf_counter() - started
            browser.close()
        from activities.models import ActivityPhoto, SocialisationActivity

        activities = SocialisationActivity.objects.filter(title__startswith="Sosialisasi ").count()
        photos = ActivityPhoto.objects.filter(activity__title__startswith="Sosialisasi ").count()
        distinct = (
            SocialisationActivity.objects.filter(title__startswith="Sosialisasi ")
            .values("title")
            .distinct()
            .count()
        )
        rows.append(
            (
                f"{options.activities} queued activities with a photo, one reconnect",
                f"sent in {sent:.1f} s; {activities} activities ({distinct} distinct), "
                f"{photos} photos in the database",
                f"{options.activities} and {options.activities}, no duplicate",
            )
        )
    finally:
        server.terminate()
        server.wait()
    load = os.getloadavg()[0]
    print(f"\n{os.cpu_count()} cores, load average {load:.2f}\n")
    print("| Measure | Result | Target |")
    print("| --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
