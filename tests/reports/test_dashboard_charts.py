"""The dashboards' chart builders on their own: axis titles with units, months without activity at zero,
and a chart with nothing to show said to be empty (the page writes "Belum ada data" instead of a canvas)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.template.loader import render_to_string

from activities.choices import OutreachMethod
from reports.dashboards.charts import (
    _attendance_chart,
    _category_chart,
    _fill_chart,
    _reach_chart,
    month_span,
)

DISCUSSION, VISIT = OutreachMethod.values[0], OutreachMethod.values[1]


def test_month_span_crosses_the_year():
    assert month_span(dt.date(2021, 11, 1), dt.date(2022, 2, 1)) == [
        dt.date(2021, 11, 1),
        dt.date(2021, 12, 1),
        dt.date(2022, 1, 1),
        dt.date(2022, 2, 1),
    ]
    assert month_span(dt.date(2021, 3, 1), dt.date(2021, 3, 1)) == [dt.date(2021, 3, 1)]


def test_reach_fills_the_months_without_activity_with_zero():
    reach = [
        {"month": dt.date(2021, 8, 1), "method": DISCUSSION, "people": 25},
        {"month": dt.date(2021, 11, 1), "method": DISCUSSION, "people": 10},
        {"month": dt.date(2021, 11, 1), "method": VISIT, "people": None},
    ]
    chart = _reach_chart(reach)
    assert chart.labels == ["Agu 2021", "Sep 2021", "Okt 2021", "Nov 2021"]
    by_label = {d["label"]: d["data"] for d in chart.datasets}
    assert by_label[str(OutreachMethod(DISCUSSION).label)] == [25, 0, 0, 10]
    assert by_label[str(OutreachMethod(VISIT).label)] == [0, 0, 0, 0]
    assert [row[0] for row in chart.rows] == chart.labels and [row[-1] for row in chart.rows] == [
        25,
        0,
        0,
        10,
    ]
    assert not chart.empty
    assert chart.data()["x_title"] == "Bulan" and "orang" in chart.data()["y_title"]


def test_charts_without_data_are_empty():
    assert _reach_chart([]).empty and _reach_chart([]).labels == []
    assert _category_chart(Counter()).empty
    assert _fill_chart({}, 25).empty
    # sessions planned but none held: labels, but nothing to draw
    attendance = _attendance_chart({}, 8)
    assert len(attendance.labels) == 8 and attendance.empty
    assert not _fill_chart({0: 2}, 25).empty  # two loci with no cadre yet are something to show


def test_bar_charts_name_their_axes_with_units():
    fill = _fill_chart({3: 1}, 25)
    assert (fill.x_title, fill.y_title) == ("Jumlah kader ditetapkan per lokus", "Jumlah lokus")
    attendance = _attendance_chart({1: {"present": 3, "absent": 1, "excused": 0}}, 2)
    assert attendance.y_title == "Kader hadir (%)" and attendance.data()["y_max"] == 100


def test_the_page_says_no_data_instead_of_an_empty_chart():
    empty = render_to_string("dashboard/_chart.html", {"chart": _reach_chart([])})
    assert "Belum ada data" in empty and "<canvas" not in empty
    drawn = render_to_string("dashboard/_chart.html", {"chart": _fill_chart({3: 1}, 25)})
    assert "<canvas" in drawn and 'id="chart-fill-data"' in drawn and "Jumlah lokus" in drawn
