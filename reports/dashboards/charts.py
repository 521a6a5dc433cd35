"""The dashboards' charts (``Chart``: Chart.js data and the same numbers as a table): loci by category, the
programme loci by number of cadres, people reached by month and method, attendance by session.

Every bar chart names its axes with their units; reach by month has every month between the first and the
last with activity, those without at zero; a chart with nothing to show says so (``Chart.empty``) instead of
drawing empty axes."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from activities.choices import OutreachMethod
from locus.choices import LocusCategory


@dataclass(frozen=True)
class Chart:
    """One chart: its id, title, the Chart.js kind, labels and datasets (label, numbers), and the same
    numbers as a table (header, rows)."""

    id: str
    title: str
    kind: str
    labels: list[str]
    datasets: list[dict]
    header: list[str]
    rows: list[list]
    stacked: bool = False
    x_title: str = ""  # the axes' titles, with their units (bar charts)
    y_title: str = ""
    y_max: int | None = None  # a fixed top of the value axis (100 for a percentage)

    @property
    def empty(self) -> bool:
        """Nothing to draw: no labels, or every number zero or unknown."""
        return not any(number for dataset in self.datasets for number in dataset["data"])

    def data(self) -> dict:
        return {
            "kind": self.kind,
            "labels": self.labels,
            "datasets": self.datasets,
            "stacked": self.stacked,
            "x_title": self.x_title,
            "y_title": self.y_title,
            "y_max": self.y_max,
        }


def _category_chart(counts: Counter) -> Chart:
    labels = [str(label) for _value, label in LocusCategory.choices]
    numbers = [counts[value] for value, _label in LocusCategory.choices]
    return Chart(
        id="chart-category",
        title=_("Lokus menurut kategori"),
        kind="doughnut",
        labels=labels,
        datasets=[{"label": _("Lokus"), "data": numbers}],
        header=[_("Kategori"), _("Lokus")],
        rows=[[label, n] for label, n in zip(labels, numbers, strict=True)],
    )


def _fill_buckets(size: int) -> list[tuple[int, int | None]]:
    bounds = [(0, 5), (6, 10), (11, 15), (16, 20), (21, size - 1)]
    return [(low, min(high, size - 1)) for low, high in bounds if low <= min(high, size - 1)] + [(size, None)]


def _bucket_label(low: int, high: int | None) -> str:
    if high is None:
        return str(low)
    return f"{low}–{high}" if high != low else str(low)


def _fill_chart(fill: dict[int, int], size: int) -> Chart:
    """``fill``: the number of programme loci with each number of cadres."""
    buckets = _fill_buckets(size)
    numbers = [0] * len(buckets)
    for filled, loci in fill.items():
        for index, (low, high) in enumerate(buckets):
            if filled >= low and (high is None or filled <= high):
                numbers[index] += loci
                break
    labels = [_bucket_label(low, high) for low, high in buckets]
    return Chart(
        id="chart-fill",
        title=_("Sebaran keterisian kader per lokus"),
        kind="bar",
        labels=labels,
        datasets=[{"label": _("Lokus"), "data": numbers}],
        header=[_("Kader ditetapkan"), _("Lokus")],
        rows=[[label, n] for label, n in zip(labels, numbers, strict=True)],
        x_title=_("Jumlah kader ditetapkan per lokus"),
        y_title=_("Jumlah lokus"),
    )


def month_span(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of every month from ``first``'s to ``last``'s, both included."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _reach_chart(reach) -> Chart:
    """``reach``: rows of month, method and people reached. Every month from the first to the last with
    activity is shown, those without at zero, so that a quiet month is seen as one."""
    found = [r["month"] for r in reach if r["month"] is not None]
    months = month_span(min(found), max(found)) if found else []
    used = {r["method"] for r in reach}
    methods = [(value, str(label)) for value, label in OutreachMethod.choices if value in used]
    people = {(r["month"], r["method"]): r["people"] or 0 for r in reach}
    labels = [formats.date_format(month, "M Y") for month in months]
    return Chart(
        id="chart-reach",
        title=_("Warga terjangkau per bulan menurut metode"),
        kind="bar",
        labels=labels,
        datasets=[
            {"label": label, "data": [people.get((month, value), 0) for month in months]}
            for value, label in methods
        ],
        header=[_("Bulan"), *[label for _value, label in methods], _("Jumlah")],
        rows=[
            [
                label,
                *[people.get((month, value), 0) for value, _l in methods],
                sum(people.get((month, value), 0) for value, _l in methods),
            ]
            for month, label in zip(months, labels, strict=True)
        ],
        stacked=True,
        x_title=_("Bulan"),
        y_title=_("Warga terjangkau (orang)"),
    )


def _attendance_chart(attendance: dict[int, dict], planned: int) -> Chart:
    numbers = list(range(1, max([planned, *attendance]) + 1))
    labels = [_("Sesi %(n)s") % {"n": n} for n in numbers]
    rows, percents = [], []
    for n, label in zip(numbers, labels, strict=True):
        a = attendance.get(n, {"present": 0, "absent": 0, "excused": 0})
        recorded = a["present"] + a["absent"] + a["excused"]
        percent = round(100 * a["present"] / recorded) if recorded else None
        percents.append(percent)
        shown = f"{percent}%" if percent is not None else "—"
        rows.append([label, a["present"], a["absent"], a["excused"], shown])
    return Chart(
        id="chart-attendance",
        title=_("Kehadiran menurut sesi pembekalan"),
        kind="bar",
        labels=labels,
        datasets=[{"label": _("Hadir (%)"), "data": percents}],
        header=[_("Sesi"), _("Hadir"), _("Tidak hadir"), _("Izin"), _("Tingkat kehadiran")],
        rows=rows,
        x_title=_("Sesi pembekalan"),
        y_title=_("Kader hadir (%)"),
        y_max=100,
    )
