"""The dashboard's figures on known data: tiles, chart data, loci needing attention, overdue follow-ups, and
scoping (Tanggamus never counts Flores Timur)."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from activities.choices import AttendanceStatus
from cadre.choices import CadreStatus
from locus.choices import LocusStatus
from reports.dashboards import Place, dashboard, home_place
from tests.activities.factories_evaluations import (
    activity_in,
    attend,
    cadre_in,
    cadres_in,
    locus_at,
    session_for,
)
from tests.activities.factories_meetings import ntt_rakor, tanggamus_meeting
from tests.factories import village

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(world):
    gunung_kasih = locus_at(world.gunung_kasih)
    sukabanjar = locus_at(village("18.06.21.2005", "Sukabanjar"), status=LocusStatus.DESIGNATED)
    women = cadres_in(gunung_kasih, 2, sex="P")
    men = cadres_in(gunung_kasih, 8, sex="L")
    cadres_in(gunung_kasih, 3, sex="P", status=CadreStatus.REGISTERED)  # candidates: not appointed
    session = session_for(gunung_kasih, number=1)
    for cadre in women + men[:1]:
        attend(session, cadre)
    attend(session, men[1], AttendanceStatus.ABSENT)
    activity_in(gunung_kasih, men=10, women=15)
    waibalun = locus_at(world.flotim_village)
    flotim_cadres = cadres_in(waibalun, 25, sex="P")
    flotim_session = session_for(waibalun, number=2)
    for cadre in flotim_cadres:
        attend(flotim_session, cadre)
    activity_in(waibalun, men=100, women=100)
    return {"gunung_kasih": gunung_kasih, "sukabanjar": sukabanjar, "waibalun": waibalun}


def _regency(world):
    user = world.users["tanggamus_viewer"]
    return dashboard(user=user, place=home_place(user=user))


def test_tiles_of_a_regency(world, data):
    figures = _regency(world).figures
    shown = {"women_percent": figures.women_percent, "attendance_percent": figures.attendance_percent}
    assert asdict(figures) | shown == {
        "loci": 2,
        "programme_loci": 2,
        "cadres": 10,
        "cadre_places": 50,
        "women": 2,
        "women_percent": 20,
        "min_women_percent": 30,
        "sessions_held": 1,
        "sessions_planned": 16,
        "attendance_present": 3,
        "attendance_recorded": 4,
        "attendance_percent": 75,
        "people_reached": 25,
        "activities": 1,
    }
    women_tile = _regency(world).tiles[2]
    assert women_tile.value == 20 and women_tile.short


def test_chart_data(world, data):
    charts = {chart.id: chart for chart in _regency(world).charts}
    assert charts["chart-category"].datasets[0]["data"] == [2, 0, 0]
    fill = charts["chart-fill"]
    assert fill.labels == ["0–5", "6–10", "11–15", "16–20", "21–24", "25"]
    assert fill.datasets[0]["data"] == [1, 1, 0, 0, 0, 0]
    attendance = charts["chart-attendance"]
    assert attendance.datasets[0]["data"][:2] == [75, None]
    assert attendance.rows[0][1:] == [3, 1, 0, "75%"]
    reach = charts["chart-reach"]
    assert len(reach.labels) == 1 and reach.datasets[0]["data"] == [25]
    assert reach.rows[0][-1] == 25


def test_attention_reasons(world, data):
    result = _regency(world)
    assert result.attention_total == 2
    by_village = {item.village: dict(item.reasons) for item in result.attention}
    assert set(by_village["Gunung Kasih"]) == {"roster", "women", "segments", "quiet"}
    assert by_village["Gunung Kasih"]["roster"] == "10 dari 25 kader"
    assert by_village["Gunung Kasih"]["women"] == "perempuan 20% (minimal 30%)"
    assert "Perempuan" in by_village["Gunung Kasih"]["segments"]
    # Designated: no cadres yet, and not active so no activity expected.
    assert set(by_village["Sukabanjar"]) == {"roster"}
    assert {k: n for k, _label, n in result.attention_counts} == {
        "roster": 2,
        "women": 1,
        "segments": 1,
        "quiet": 1,
    }


def test_the_regency_never_counts_flores_timur(world, data):
    result = _regency(world)
    assert "Waibalun" not in [child.name for child in result.children]
    national = dashboard(user=world.users["national_viewer"], place=Place("nasional"))
    assert national.figures.loci == 3
    assert national.figures.cadres == 35
    assert national.figures.people_reached == 225
    assert [child.name for child in national.children] == ["Lampung", "Nusa Tenggara Timur"]
    # A Tanggamus user asking for the national place still sees only Tanggamus (restrict first).
    sneaky = dashboard(user=world.users["tanggamus_viewer"], place=Place("nasional"))
    assert sneaky.figures.loci == 2 and sneaky.figures.people_reached == 25


def test_overdue_follow_ups_of_the_users_offices(world, data):
    tanggamus_meeting(world)  # due 31 August 2021, open
    ntt_rakor(world)  # assigned to Flores Timur
    result = _regency(world)
    assert result.follow_ups_total == 1
    assert result.follow_ups[0].description == "Pembekalan kader"
    national = dashboard(user=world.users["national_viewer"], place=Place("nasional"))
    assert national.follow_ups_total == 2


def test_year_switch_and_default(world, data):
    locus_at(world.gunung_kasih, year=2022, status=LocusStatus.PROPOSED)
    user = world.users["tanggamus_viewer"]
    place = home_place(user=user)
    assert dashboard(user=user, place=place).year.year == 2022
    assert dashboard(user=user, place=place, year=2021).figures.cadres == 10
    assert dashboard(user=user, place=place).years == [2022, 2021]


def test_required_segments_covered_by_the_roster(world):
    """A locus is flagged only when its appointed core cadres miss a required segment (a follow-on cadre or a
    candidate holding the missing one does not count); the country agrees with the regency."""
    complete = locus_at(world.gunung_kasih)
    missing = locus_at(village("18.06.21.2005", "Sukabanjar"))
    required = list(complete.programme_year.required_segments.order_by("order", "name"))
    assert len(required) >= 2
    for segment in required:
        cadre_in(complete).segments.add(segment)
    lead = None
    for segment in required[1:]:
        lead = cadre_in(missing)
        lead.segments.add(segment)
    cadre_in(missing, recruited_by=lead).segments.add(required[0])  # follow-on: not core
    cadre_in(missing, status=CadreStatus.REGISTERED).segments.add(required[0])  # a candidate
    for user, place in (("tanggamus_viewer", None), ("national_viewer", Place("nasional"))):
        viewer = world.users[user]
        result = dashboard(user=viewer, place=place or home_place(user=viewer))
        flagged = {item.village: dict(item.reasons) for item in result.attention}
        assert "segments" not in flagged["Gunung Kasih"]
        assert flagged["Sukabanjar"]["segments"] == required[0].name
        assert {k: n for k, _label, n in result.attention_counts}["segments"] == 1


@pytest.mark.postgres
@pytest.mark.parametrize("actor", ["national_viewer", "lampung_viewer", "tanggamus_viewer", "flotim_admin"])
def test_the_sqlite_path_sums_the_same_as_postgresql(world, data, actor, monkeypatch):
    """``make run`` (SQLite) sums the per-locus table in Python; PostgreSQL in one query. Same answers."""
    from django.db import connection

    user = world.users[actor]
    place = home_place(user=user)
    on_postgresql = dashboard(user=user, place=place)
    monkeypatch.setattr(connection, "vendor", "sqlite")
    in_python = dashboard(user=user, place=place)
    assert in_python.figures == on_postgresql.figures
    assert in_python.children == on_postgresql.children
    assert in_python.status_counts == on_postgresql.status_counts
    assert in_python.attention_counts == on_postgresql.attention_counts
    assert in_python.attention == on_postgresql.attention
    assert [c.data() for c in in_python.charts] == [c.data() for c in on_postgresql.charts]
