"""The load test's users (``benchmarks/load/run.py`` starts everything and runs this file headless).

Each simulated officer logs in with one of the accounts ``run.py`` wrote to
``benchmarks/.work/load-users.json`` (KPU RI, KPU Provinsi Jawa Timur, two KPU Kabupaten/Kota), then,
staying 5–15 s on each page (``--think``), opens their dashboard (the home page) and the dashboards beneath
it, the list pages, a locus' roster, and now and then asks for a recap report (the Laporan form) and
reopens the report page.
Every response must be 200 (or the redirect after login and after the report request)."""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, task

ACCOUNTS = json.loads(
    Path(
        os.environ.get("SIDP3_LOAD_USERS", Path(__file__).parents[1] / ".work" / "load-users.json")
    ).read_text()
)
_next_account = itertools.cycle(ACCOUNTS)
LISTS = (
    "/lokus/",
    "/kader/",
    "/kegiatan/pembekalan/",
    "/kegiatan/sosialisasi/",
    "/kegiatan/evaluasi/",
    "/kegiatan/rakor/",
)
SESSIONS: dict[str, dict] = {}  # username → the cookies of its first login
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# How long an officer stays on a page (reads a dashboard, scans a list) before the next click, in seconds:
# 5–15 by default (``run.py --think``); ``--think 2-6`` is a stress run far above an office's pace.
THINK = tuple(float(s) for s in os.environ.get("SIDP3_LOAD_THINK", "5-15").split("-", 1))


class Officer(HttpUser):
    wait_time = between(*THINK)

    def on_start(self):
        """Log in, or take the session of an officer of the same account who already has: the password
        hash (PBKDF2, about a second of CPU on this machine) is a login's cost, not a page's, and 50 logins
        in the first half minute would be a morning's logins at once."""
        self.account = next(_next_account)
        cookies = SESSIONS.get(self.account["username"])
        if cookies:
            for name, value in cookies.items():
                self.client.cookies.set(name, value)
            return
        page = self.client.get("/accounts/login/", name="login (form)")
        token = CSRF.search(page.text).group(1)
        with self.client.post(
            "/accounts/login/",
            data={"username": self.account["username"], "password": self.account["password"],
                  "csrfmiddlewaretoken": token, "next": "/"},
            name="login (post)",
            catch_response=True,
        ) as response:  # fmt: skip
            if "/accounts/login/" in response.url:
                response.failure("login refused")
            else:
                SESSIONS[self.account["username"]] = dict(self.client.cookies.items())

    @task(4)
    def home_dashboard(self):
        self.client.get("/", name="dashboard: home")

    @task(2)
    def dashboards_beneath(self):
        for name, url in self.account["dashboards"]:
            self.client.get(url, name=f"dashboard: {name}")

    @task(6)
    def list_page(self):
        url = random.choice(LISTS)
        self.client.get(url, name=f"list: {url}")

    @task(2)
    def roster(self):
        locus = random.choice(self.account["loci"])
        self.client.get(f"/kader/lokus/{locus}/", name="roster: /kader/lokus/<pk>/")

    @task(1)
    def report_request(self):
        page = self.client.get("/laporan/", name="reports: /laporan/")
        found = CSRF.search(page.text)
        if not found:
            return
        token = found.group(1)
        with self.client.post(
            "/laporan/",
            data={"jenis": "recap", "tahun": self.account["year"], "wilayah": self.account["scope"],
                  "format": "xlsx", "csrfmiddlewaretoken": token},
            name="reports: request a recap",
            catch_response=True,
        ) as response:  # fmt: skip
            if "Permintaan laporan diterima" not in response.text:
                response.failure(f"report request not accepted ({response.status_code})")
