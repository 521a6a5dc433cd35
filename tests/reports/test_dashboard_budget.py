"""The advocacy budget on the dashboards: by province for KPU RI, by office (the province's own and its
regencies') for a province, the office's own for a regency; only the year's engagements in the place and the
jurisdiction; the same sums as the advocacy list; one query whatever the number of engagements."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.choices import AdvocacyStatus
from locus.models import ProgrammeYear
from locus.rules import BudgetFigures
from reports.dashboards import dashboard, home_place, province_place, regency_place
from tests.activities.factories_advocacy import engagement
from tests.activities.factories_evaluations import locus_at

pytestmark = pytest.mark.django_db
S = AdvocacyStatus


@pytest.fixture
def budget(world):
    locus_at(world.gunung_kasih)  # a dashboard shows the years with loci
    locus_at(world.flotim_village)
    engagement(world, budget_asked=150_000_000, status=S.APPROVED, committed=120_000_000)
    engagement(world, budget_asked=40_000_000, status=S.REJECTED)
    engagement(world, "lampung", budget_asked=300_000_000, status=S.APPROVED, committed=250_000_000)
    engagement(world, "flotim", budget_asked=90_000_000, status=S.APPROVED, committed=90_000_000)
    # Another programme year: not the dashboard's.
    engagement(world, budget_asked=500_000_000, programme_year=ProgrammeYear.objects.get(year=2022))
    return world


def _areas(data) -> list[tuple[str, str, int, int]]:
    return [(a.code, a.name, a.figures.asked, a.figures.mobilised) for a in data.budget_areas]


def test_kpu_ri_sees_each_province(budget):
    user = budget.users["national_viewer"]
    data = dashboard(user=user, place=home_place(user=user), year=2021)
    assert data.budget == BudgetFigures(engagements=4, approved=3, asked=580_000_000, mobilised=460_000_000)
    assert _areas(data) == [
        ("18", "Lampung", 490_000_000, 370_000_000),
        ("53", "Nusa Tenggara Timur", 90_000_000, 90_000_000),
    ]


def test_a_province_sees_its_own_office_beside_its_regencies(budget):
    user = budget.users["lampung_viewer"]
    data = dashboard(user=user, place=home_place(user=user), year=2021)
    assert data.budget.mobilised == 370_000_000
    assert _areas(data) == [
        ("18", "KPU Provinsi Lampung", 300_000_000, 250_000_000),
        ("18.06", "KPU Kabupaten Tanggamus", 190_000_000, 120_000_000),
    ]
    assert dashboard(user=user, place=regency_place(user=user, code="18.06"), year=2021).budget.mobilised == (
        120_000_000
    )


def test_a_regency_sees_its_own(budget):
    user = budget.users["tanggamus_viewer"]
    data = dashboard(user=user, place=home_place(user=user), year=2021)
    assert data.budget == BudgetFigures(engagements=2, approved=1, asked=190_000_000, mobilised=120_000_000)
    national = budget.users["national_viewer"]
    assert dashboard(user=national, place=province_place(user=national, code="53"), year=2021).budget == (
        BudgetFigures(engagements=1, approved=1, asked=90_000_000, mobilised=90_000_000)
    )


def test_the_dashboard_and_the_list_agree(client, budget):
    user = budget.users["lampung_viewer"]
    client.force_login(user)
    listed = client.get(reverse("activities:advocacy_list"), {"tahun": "2021"}).context["budget"]
    page = client.get(reverse("home")).context["dashboard"].budget
    assert listed == page
    body = client.get(reverse("home")).content.decode()
    assert "Rp 490.000.000" in body and "Rp 370.000.000" in body
    assert reverse("dashboard:regency", args=["18.06"]) + "?tahun=2021" in body


def test_one_query_whatever_the_number_of_engagements(client, budget):
    client.force_login(budget.users["national_viewer"])
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for n in range(20):
        engagement(budget, "flotim" if n % 2 else "tanggamus", title=f"Audiensi {n}", budget_asked=n)
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many.captured_queries) == len(few.captured_queries)
    assert sum("activities_advocacyengagement" in q["sql"] for q in many.captured_queries) == 1
