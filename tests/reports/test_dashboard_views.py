"""The dashboard pages: landing by role, drill-down links, charts' data and tables on the page, and the
number of SQL queries pinned and constant whatever the number of loci."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.choices import AttendanceStatus
from tests.activities.factories_evaluations import activity_in, attend, cadres_in, locus_at, session_for
from tests.factories import village

pytestmark = pytest.mark.django_db


def _loci(world, count: int):
    loci = []
    for n in range(count):
        locus = locus_at(village(f"18.06.11.{2100 + n}", f"Desa Uji {n}"))
        cadres = cadres_in(locus, 3, sex="P") + cadres_in(locus, 2, sex="L")
        session = session_for(locus, number=1)
        for cadre in cadres:
            attend(session, cadre, AttendanceStatus.PRESENT)
        activity_in(locus, men=5, women=6)
        loci.append(locus)
    waibalun = locus_at(world.flotim_village)
    cadres_in(waibalun, 2)
    return loci


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_landing_by_role(client, world):
    _loci(world, 2)
    client.force_login(world.users["tanggamus_viewer"])
    page = client.get("/").content.decode()
    assert "Dasbor DP3 2021: Kabupaten Tanggamus" in page
    assert "Desa Uji 1" in page and "Waibalun" not in page
    client.force_login(world.users["lampung_viewer"])
    page = client.get("/").content.decode()
    assert "Dasbor DP3 2021: Lampung" in page
    assert reverse("dashboard:regency", args=["18.06"]) + "?tahun=2021" in page
    client.force_login(world.users["national_viewer"])
    page = client.get("/").content.decode()
    assert "Seluruh Indonesia" in page
    assert reverse("dashboard:province", args=["18"]) + "?tahun=2021" in page
    assert 'id="chart-fill-data"' in page and 'data-chart="chart-fill-data"' in page
    assert 'id="chart-fill-table"' in page
    assert "js/dashboard.js" in page


@pytest.mark.parametrize("asked", ["2019", "abc"])
def test_a_year_without_loci_is_said_not_hidden(client, world, asked):
    _loci(world, 1)
    client.force_login(world.users["lampung_viewer"])
    page = client.get("/", {"tahun": asked}).content.decode()
    assert "Dasbor DP3 2021: Lampung" in page
    assert (
        f"Tahun program “{asked}” tidak memiliki lokus di wilayah ini; yang ditampilkan tahun 2021." in page
    )
    assert "tidak memiliki lokus" not in client.get("/", {"tahun": "2021"}).content.decode()


def test_drill_down_out_of_jurisdiction_is_404(client, world):
    client.force_login(world.users["tanggamus_admin"])
    assert client.get(reverse("dashboard:regency", args=["53.06"])).status_code == 404
    assert client.get(reverse("dashboard:province", args=["18"])).status_code == 404
    assert client.get(reverse("dashboard:regency", args=["18.06"])).status_code == 200
    client.force_login(world.users["lampung_admin"])
    assert client.get(reverse("dashboard:province", args=["53"])).status_code == 404
    assert client.get(reverse("dashboard:province", args=["18"])).status_code == 200


@pytest.mark.parametrize(
    "user, url",
    [
        ("national_viewer", "/dasbor/provinsi/18/"),
        ("lampung_viewer", "/dasbor/kabupaten/18.06/"),
        ("national_viewer", "/"),
        ("tanggamus_viewer", "/"),
    ],
)
def test_query_count_is_pinned_and_constant(client, world, user, url, django_assert_max_num_queries):
    client.force_login(world.users[user])
    loci = _loci(world, 2)
    client.get(url)  # warm caches of the session and content types
    small = _queries(client, url)
    for n in range(18):
        locus = locus_at(village(f"18.06.11.{2200 + n}", f"Desa Tambah {n}"))
        cadres_in(locus, 4)
        session = session_for(locus, loci[0], number=2 + n % 6) if n < 6 else None
        if session:
            attend(session, locus.cadres.first())
        activity_in(locus, men=1, women=1)
    large = _queries(client, url)
    assert small == large
    # The session and the user with its office and region: 2 (the session is not written again within a
    # minute); the dashboard: years, required segments, loci, attendance, reach, reach per segment,
    # follow-ups: 7, the milestones (the loci with their records, the schedules: 2) and the advocacy budget by
    # province or office (1); a place beneath the user's own is looked up (1); the home page adds the office
    # overview (1) and its targets. On SQLite the loci statement's five parts are five queries
    # (``_locus_figures_in_python``).
    limit = (14 if url == "/" else 13) + (0 if connection.vendor == "postgresql" else 4)
    with django_assert_max_num_queries(limit):
        client.get(url)
