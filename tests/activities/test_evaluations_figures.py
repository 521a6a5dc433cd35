"""The figures of a locus evaluation, gathered from the records on known data, in a fixed number of
queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.choices import AttendanceStatus
from activities.selectors.evaluations import figure_rows, locus_evaluation_figures
from cadre.choices import CadreStatus
from locus.models import Locus
from tests.activities.factories_evaluations import (
    activity_in,
    attend,
    cadre_in,
    cadres_in,
    locus_at,
    session_for,
)
from tests.factories import village

S = CadreStatus


@pytest.fixture
def known(world):
    """Gunung Kasih: 10 active core cadres (4 women), 2 appointed men, 1 registered, 1 resigned, 2 follow-on
    cadres (one ineligible, not counted); 3 held sessions and 1 planned; 2 activities."""
    locus = locus_at(world.gunung_kasih)
    women = cadres_in(locus, 4, sex="P")
    men = cadres_in(locus, 6, sex="L") + cadres_in(locus, 2, sex="L", status=S.APPOINTED)
    cadre_in(locus, status=S.REGISTERED)
    cadre_in(locus, status=S.RESIGNED)
    cadre_in(locus, status=S.ACTIVE, recruited_by=women[0])
    cadre_in(locus, status=S.INTERVIEWED, recruited_by=women[0])
    cadre_in(locus, status=S.INELIGIBLE, recruited_by=women[1])
    held = [session_for(locus, number=n) for n in (1, 2, 3)]
    planned = session_for(locus, number=4, held=False)
    # Attendance: 6 rows in held sessions, 4 present; scores pre/post on three present rows.
    attend(held[0], women[0], pre="50", post="80")
    attend(held[0], women[1], pre="60", post="70")
    attend(held[0], men[0], AttendanceStatus.ABSENT)
    attend(held[1], women[0], post="90")  # no pre-test: in the post average, not in the gain
    attend(held[1], men[1], AttendanceStatus.EXCUSED)
    attend(held[2], women[2], pre="40", post="70")
    attend(planned, women[3])  # a session not held: not counted
    # A neighbouring locus of the same regency shares session 1; its cadre's row is not Gunung Kasih's.
    other = locus_at(village("18.06.21.2005", "Sukabanjar"))
    held[0].loci.add(other)
    attend(held[0], cadre_in(other, sex="L"), AttendanceStatus.ABSENT)
    activity_in(locus, men=30, women=45, disabled=3, first_time=12)
    activity_in(locus, men=10, women=15, disabled=1, first_time=8)
    activity_in(other, men=99, women=99)
    return Locus.objects.select_related("programme_year").get(pk=locus.pk)


def test_figures_on_known_data(known):
    f = locus_evaluation_figures(locus=known).as_json()
    assert f["roster_size"] == 25
    assert f["cadres_active"] == 12  # 10 active + 2 appointed core cadres
    assert f["cadres_active_percent"] == 48.0
    assert f["cadres_women"] == 4
    assert f["women_percent"] == 33  # 4 of 12, rounded down as every page shows it (was 33.3)
    assert f["min_women_percent"] == 30
    assert f["follow_on_cadres"] == 2
    assert (f["sessions_held"], f["sessions_planned"]) == (3, 8)
    assert f["sessions_percent"] == 37.5
    assert (f["attendance_present"], f["attendance_rows"]) == (4, 6)
    assert f["attendance_percent"] == 66.7
    assert f["post_test_average"] == 77.5  # (80 + 70 + 90 + 70) / 4
    assert f["gain_average"] == 23.3  # (30 + 10 + 30) / 3
    assert f["activities"] == 2
    assert (f["reached_men"], f["reached_women"], f["reached_total"]) == (40, 60, 100)
    assert (f["reached_disabled"], f["reached_first_time"]) == (4, 20)


def test_figures_of_a_locus_without_records_divide_by_nothing(world):
    locus = Locus.objects.select_related("programme_year").get(pk=locus_at(world.flotim_village).pk)
    f = locus_evaluation_figures(locus=locus).as_json()
    assert f["cadres_active"] == 0 and f["women_percent"] is None
    assert f["attendance_percent"] is None and f["post_test_average"] is None and f["gain_average"] is None
    assert f["reached_total"] == 0
    assert [row.value for row in figure_rows(f)][:3] == [0, 0, 0]


def test_figures_are_plain_json_numbers(known):
    import json

    f = locus_evaluation_figures(locus=known).as_json()
    assert json.loads(json.dumps(f)) == f


def _queries(locus) -> int:
    with CaptureQueriesContext(connection) as ctx:
        locus_evaluation_figures(locus=locus)
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_records(known):
    before = _queries(known)
    assert before <= 4
    extra = cadres_in(known, 5)
    session = session_for(known, number=5)
    for cadre in extra:
        attend(session, cadre, pre="10", post="20")
        activity_in(known, men=1)
    assert _queries(known) == before
