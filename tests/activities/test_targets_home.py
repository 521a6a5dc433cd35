"""The home page's progress bars: the user's office targets for the latest programme year with a target,
and for a province or KPU RI the targets of the offices beneath; its query count pinned."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from accounts.choices import OfficeLevel, Role
from activities.models import Target
from locus.models import ProgrammeYear
from tests.activities.factories_evaluations import activity_in, cadres_in, locus_at, session_for
from tests.factories import UserFactory, district, office_for, province, regency, village


@pytest.fixture
def palembang(world):
    """KPU Kota Palembang, 2021: 150 cadres recruited of a target of 400, 3 of 8 sessions held."""
    province("16", "Sumatera Selatan")
    kota = regency("16.71", "Kota Palembang")
    district("16.71.01", "Ilir Barat II")
    locus = locus_at(village("16.71.01.1001", "Tanjung Puri"))
    cadres_in(locus, 150)
    for number in (1, 2, 3):
        session_for(locus, number=number)
    activity_in(locus, men=120, women=180)
    year = ProgrammeYear.objects.get(year=2021)
    office = office_for(OfficeLevel.REGENCY, kota)
    Target.objects.create(office=office, programme_year=year, cadres=400, sessions=8, people_reached=2000)
    user = UserFactory(username="kota-palembang-uji", office=office, role=Role.COMMISSIONER)
    return user


def test_regency_home_shows_its_progress_bars(client, palembang):
    client.force_login(palembang)
    body = client.get(reverse("home")).content.decode()
    assert "Target DP3 2021" in body
    assert "Kader direkrut" in body
    assert "150</span> / 400" in body and "(38%)" in body
    assert "3</span> / 8" in body
    assert "300</span> / 2.000" in body or "300</span> / 2,000" in body
    assert "Wilayah kerja" in body  # what the home page showed before stays


def test_province_home_lists_its_regencies(client, world, palembang):
    sumsel = office_for(OfficeLevel.PROVINCE, province("16", "Sumatera Selatan"))
    user = UserFactory(username="prov-sumsel-uji", office=sumsel, role=Role.ADMIN)
    Target.objects.create(
        office=office_for(OfficeLevel.REGENCY, world.tanggamus), programme_year_id=2021, cadres=50
    )
    client.force_login(user)
    body = client.get(reverse("home")).content.decode()
    assert "Capaian target kabupaten/kota, DP3 2021" in body
    assert "KPU Kota Palembang" in body and "150 / 400" in body
    assert "Tanggamus" not in body


def test_national_home_lists_provinces(client, world, palembang):
    Target.objects.create(
        office=office_for(OfficeLevel.PROVINCE, world.lampung), programme_year_id=2021, cadres=100
    )
    client.force_login(world.users["national_admin"])
    body = client.get(reverse("home")).content.decode()
    assert "Capaian target provinsi, DP3 2021" in body and "KPU Provinsi Lampung" in body
    assert "KPU Kota Palembang" not in body  # a regency is not one level beneath KPU RI


def test_home_without_targets_shows_no_bars(client, world):
    client.force_login(world.users["tanggamus_viewer"])
    body = client.get(reverse("home")).content.decode()
    assert "home-targets" not in body


@pytest.mark.parametrize("username", ["kota-palembang-uji", "national_admin"])
def test_home_query_count(client, world, palembang, username, django_assert_max_num_queries):
    Target.objects.create(
        office=office_for(OfficeLevel.PROVINCE, world.lampung), programme_year_id=2021, cadres=100
    )
    user = palembang if username == "kota-palembang-uji" else world.users[username]
    client.force_login(user)
    # Session and user 2 (+1 for KPU RI's authenticator), the action list 1 and, for a regency or province
    # office, its loci late or at risk on their milestones 3 (tests/reports/test_actions.py pins it), the
    # overview 1, the targets 2, the dashboard of the jurisdiction 7, its milestones 2 and its advocacy budget
    # 1 (tests/reports/test_dashboard_views.py pins it and checks it does not grow with the data; on SQLite
    # its loci statement is five queries).
    with django_assert_max_num_queries(20 + (0 if connection.vendor == "postgresql" else 4)):
        response = client.get(reverse("home"))
    assert response.status_code == 200


def test_home_shows_the_latest_year_with_a_target(client, palembang):
    Target.objects.create(office=palembang.office, programme_year_id=2022, cadres=500)
    client.force_login(palembang)
    body = client.get(reverse("home")).content.decode()
    assert "Target DP3 2022" in body and "0</span> / 500" in body and "Target DP3 2021" not in body
