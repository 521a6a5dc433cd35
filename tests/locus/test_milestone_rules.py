"""The milestone rules (``locus.rules``): each light, the boundaries at 0 and 14 days, the due date from a
fixed date or the SK date, and a locus' worst light. Plain values, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from locus import rules
from locus.choices import MilestoneLight as L

TODAY = dt.date(2021, 8, 1)


def _in(days: int) -> dt.date:
    return TODAY + dt.timedelta(days=days)


@pytest.mark.parametrize(
    "days, light",
    [
        (-30, L.LATE),
        (-1, L.LATE),  # due yesterday
        (0, L.AT_RISK),  # due today: not late yet
        (1, L.AT_RISK),
        (14, L.AT_RISK),  # the last day of the window
        (15, L.ON_TIME),
        (90, L.ON_TIME),
    ],
)
def test_light_of_a_milestone_not_done(days, light):
    assert rules.milestone_light(done=False, due=_in(days), today=TODAY) == light


@pytest.mark.parametrize("days", [-30, 0, 14, 90])
def test_done_is_done_whatever_the_date(days):
    assert rules.milestone_light(done=True, due=_in(days), today=TODAY) == L.DONE


def test_without_a_due_date_a_milestone_is_on_time_until_done():
    assert rules.milestone_light(done=False, due=None, today=TODAY) == L.ON_TIME
    assert rules.milestone_light(done=True, due=None, today=TODAY) == L.DONE


def test_the_at_risk_window_is_fourteen_days():
    assert rules.MILESTONE_AT_RISK_DAYS == 14


def test_due_date_fixed_or_counted_from_the_decree():
    decree = dt.date(2021, 6, 7)
    fixed = dt.date(2021, 9, 30)
    assert rules.milestone_due(due_date=fixed, offset_days=None, decree_date=decree) == fixed
    assert rules.milestone_due(due_date=fixed, offset_days=None, decree_date=None) == fixed
    assert rules.milestone_due(due_date=None, offset_days=30, decree_date=decree) == dt.date(2021, 7, 7)
    assert rules.milestone_due(due_date=None, offset_days=-7, decree_date=decree) == dt.date(2021, 5, 31)
    assert rules.milestone_due(due_date=None, offset_days=30, decree_date=None) is None


def test_a_locus_shows_its_worst_light():
    assert rules.worst_light([L.DONE, L.ON_TIME, L.AT_RISK]) == L.AT_RISK
    assert rules.worst_light([L.DONE, L.LATE, L.AT_RISK]) == L.LATE
    assert rules.worst_light([L.DONE, L.DONE]) == L.DONE
    assert rules.worst_light([]) is None


@pytest.mark.parametrize(
    "status, decree_date, met",
    [
        ("usulan", None, False),
        ("ditetapkan", None, False),
        ("ditetapkan", dt.date(2021, 6, 7), True),
        ("selesai", dt.date(2021, 6, 7), True),
        ("dibatalkan", dt.date(2021, 6, 7), False),
    ],
)
def test_decree_met(status, decree_date, met):
    assert rules.has_decree(status=status, decree_date=decree_date) is met


@pytest.mark.parametrize(
    "status, agreement_date, met",
    [
        ("ditetapkan", dt.date(2021, 7, 1), False),
        ("pks", None, False),
        ("pks", dt.date(2021, 7, 1), True),
        ("aktif", dt.date(2021, 7, 1), True),
    ],
)
def test_agreement_met(status, agreement_date, met):
    assert rules.has_agreement(status=status, agreement_date=agreement_date) is met


def test_labels_and_keys():
    assert rules.milestone_key("pembekalan", 3) == "pembekalan-3"
    assert rules.milestone_key("sk") == "sk"
    assert rules.milestone_label("pembekalan", 3) == "Pembekalan sesi 3"
