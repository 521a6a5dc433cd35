"""The locus dashboard, the last level of the drill-down: its figures on known data, the charts' data and
tables, what needs attention, the links up and across, 404 outside the jurisdiction, and a number of SQL
queries that does not grow with the data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.choices import AttendanceStatus
from cadre.choices import CadreStatus
from reports.dashboards.locus import dashboard_locus, locus_dashboard
from tests.activities.factories_evaluations import (
    activity_in,
    attend,
    cadre_in,
    cadres_in,
    locus_at,
    session_for,
)
from tests.factories import village
from tests.reports.test_dashboard_views import _queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def gunung_kasih(world):
    locus = locus_at(world.gunung_kasih)
    women = cadres_in(locus, 2, sex="P")
    men = cadres_in(locus, 8, sex="L")
    cadres_in(locus, 3, sex="P", status=CadreStatus.REGISTERED)  # candidates: not appointed
    cadre_in(locus, sex="L", recruited_by=women[0])  # a follow-on cadre
    first = session_for(locus, number=1)
    attend(first, women[0], pre="60", post="80")
    attend(first, women[1], pre="50", post="70")
    attend(first, men[0])
    attend(first, men[1], AttendanceStatus.ABSENT)
    second = session_for(locus, number=2)
    attend(second, women[0], AttendanceStatus.EXCUSED)
    attend(second, men[0], pre="70", post="75")
    session_for(locus, number=3, held=False)
    activity_in(locus, men=10, women=15)
    waibalun = locus_at(world.flotim_village)
    cadres_in(waibalun, 5)
    return locus


def _dashboard(world, locus, user="tanggamus_viewer"):
    user = world.users[user]
    return locus_dashboard(user=user, locus=dashboard_locus(user=user, pk=locus.pk))


def test_figures_and_tiles(world, gunung_kasih):
    data = _dashboard(world, gunung_kasih)
    f = data.figures.as_json()
    assert (f["cadres_active"], f["roster_size"], f["cadres_women"], f["women_percent"]) == (10, 25, 2, 20.0)
    assert (f["follow_on_cadres"], f["sessions_held"], f["sessions_planned"]) == (1, 2, 8)
    assert (f["attendance_present"], f["attendance_rows"], f["attendance_percent"]) == (4, 6, 66.7)
    assert (f["post_test_average"], f["gain_average"]) == (75.0, 15.0)
    assert (f["activities"], f["reached_total"]) == (1, 25)
    tiles = {tile.label: tile for tile in data.tiles}
    assert tiles["Kader ditetapkan"].value == 10 and tiles["Kader ditetapkan"].percent == 40
    assert tiles["Keterwakilan perempuan"].short
    assert tiles["Sesi pembekalan terlaksana"].of == 8
    assert data.roster.filled == 10 and data.roster.waiting_verification == 3


def test_charts(world, gunung_kasih):
    charts = {chart.id: chart for chart in _dashboard(world, gunung_kasih).charts}
    attendance = charts["chart-attendance"]
    assert attendance.labels[:3] == ["Sesi 1", "Sesi 2", "Sesi 3"] and len(attendance.labels) == 8
    assert attendance.rows[0][1:] == [3, 1, 0, "75%"]
    assert attendance.rows[1][1:] == [1, 0, 1, "50%"]
    assert attendance.rows[2][1:] == [0, 0, 0, "—"]  # planned, not held
    reach = charts["chart-reach"]
    assert reach.labels == ["Agu 2021"] and reach.datasets[0]["data"] == [25]


def test_attention(world, gunung_kasih):
    data = _dashboard(world, gunung_kasih)
    reasons = dict(data.attention.reasons)
    assert reasons["roster"] == "10 dari 25 kader"
    assert reasons["women"] == "perempuan 20% (minimal 30%)"
    assert set(reasons) <= {"roster", "women", "segments", "quiet"}
    assert "quiet" in reasons  # the only activity was in August 2021
    assert data.evaluation is None


def test_the_page(client, world, gunung_kasih):
    client.force_login(world.users["lampung_viewer"])
    response = client.get(reverse("dashboard:locus", args=[gunung_kasih.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Gunung Kasih" in page
    for url in (
        reverse("dashboard:province", args=["18"]) + "?tahun=2021",
        reverse("dashboard:regency", args=["18.06"]) + "?tahun=2021",
        reverse("locus:locus_detail", args=[gunung_kasih.pk]),
        reverse("cadre:roster", args=[gunung_kasih.pk]),
        reverse("activities:training_locus", args=[gunung_kasih.pk]),
        reverse("activities:activity_list") + f"?lokus={gunung_kasih.pk}",
    ):
        assert f'href="{url}' in page, url
    assert 'id="chart-attendance-data"' in page and 'id="chart-reach-table"' in page
    assert "js/dashboard.js" in page
    # A regency office may not open its province's dashboard: no link to it.
    client.force_login(world.users["tanggamus_viewer"])
    page = client.get(reverse("dashboard:locus", args=[gunung_kasih.pk])).content.decode()
    assert reverse("dashboard:province", args=["18"]) not in page


def test_regency_dashboard_links_to_the_locus_dashboard(client, world, gunung_kasih):
    client.force_login(world.users["tanggamus_viewer"])
    page = client.get(reverse("dashboard:regency", args=["18.06"])).content.decode()
    assert f'href="{reverse("dashboard:locus", args=[gunung_kasih.pk])}"' in page


def test_out_of_jurisdiction_is_404(client, world, gunung_kasih):
    waibalun = locus_at(world.flotim_village)
    client.force_login(world.users["tanggamus_admin"])
    assert client.get(reverse("dashboard:locus", args=[waibalun.pk])).status_code == 404
    assert client.get(reverse("dashboard:locus", args=[gunung_kasih.pk])).status_code == 200
    client.force_login(world.users["flotim_admin"])
    assert client.get(reverse("dashboard:locus", args=[gunung_kasih.pk])).status_code == 404


def _locus_with(count: int, code: str):
    locus = locus_at(village(code, f"Desa {count}"))
    cadres = cadres_in(locus, count - count // 2, sex="P") + cadres_in(locus, count // 2, sex="L")
    cadre_in(locus, recruited_by=cadres[0])
    for number in (1, 2, 3):
        session = session_for(locus, number=number)
        for cadre in cadres:
            attend(session, cadre, pre="50", post="70")
    for day in range(count // 5):
        activity = activity_in(locus, men=day, women=1)
        activity.held_on = timezone.localdate() - dt.timedelta(days=day)
        activity.save()
    return locus


def test_query_count_is_pinned_and_constant(client, world, django_assert_num_queries):
    small = _locus_with(5, "18.06.11.2301")
    large = _locus_with(25, "18.06.11.2302")
    client.force_login(world.users["tanggamus_viewer"])
    client.get(reverse("dashboard:locus", args=[small.pk]))  # warm caches of the session and content types
    assert _queries(client, reverse("dashboard:locus", args=[small.pk])) == _queries(
        client, reverse("dashboard:locus", args=[large.pk])
    )
    # The session and the user with their office: 2 (the session was renewed a moment ago: not saved
    # again); the locus: 1; figures 4, roster 2, attendance by session 1, reach with the last activity 1,
    # follow-ups 1, evaluations 1, its effect on turnout 1 (none here; with one, its matches 1 more).
    with django_assert_num_queries(14):
        client.get(reverse("dashboard:locus", args=[large.pk]))
