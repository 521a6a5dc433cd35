"""Targets: progress computed live from the records of each office's jurisdiction, its scoping, who may set
which office's target, and the target pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import OfficeLevel
from activities.models import Target
from activities.selectors.targets import office_target_progress, targets_with_progress
from activities.services.targets import target_create, target_update
from cadre.choices import CadreStatus
from locus.models import ProgrammeYear
from tests.activities.factories_evaluations import activity_in, cadre_in, cadres_in, locus_at, session_for
from tests.factories import office_for, village

S = CadreStatus


@pytest.fixture
def records(world):
    """Tanggamus 2021: 7 recruited (5 active, 1 registered, 1 follow-on interviewed) and 3 not (ineligible,
    resigned, replaced); 2 held sessions, 1 not held (session 1 serves both loci: 3 sessions held counted per
    locus, as the dashboards count them); 100 people reached. Flores Timur 2021: 4 cadres, 1 held
    session, 50 reached. Tanggamus 2022: 2 cadres."""
    gunung_kasih = locus_at(world.gunung_kasih)
    sukabanjar = locus_at(village("18.06.21.2005", "Sukabanjar"))
    core = cadres_in(gunung_kasih, 3) + cadres_in(sukabanjar, 2)
    cadre_in(gunung_kasih, status=S.REGISTERED)
    cadre_in(gunung_kasih, status=S.INTERVIEWED, recruited_by=core[0])
    for status in (S.INELIGIBLE, S.RESIGNED, S.REPLACED):
        cadre_in(sukabanjar, status=status)
    session_for(gunung_kasih, sukabanjar, number=1)
    session_for(gunung_kasih, number=2)
    session_for(gunung_kasih, number=3, held=False)
    activity_in(gunung_kasih, men=40, women=35, disabled=2)
    activity_in(sukabanjar, men=10, women=15)
    flotim = locus_at(world.flotim_village)
    cadres_in(flotim, 4)
    session_for(flotim, number=1)
    activity_in(flotim, men=20, women=30)
    cadres_in(locus_at(world.gunung_kasih, year=2022), 2)
    return world


def _office(world, level, key=None):
    return office_for(level, getattr(world, key) if key else None)


def test_regency_progress_counts_its_own_rows_only(records):
    progress = office_target_progress(office=_office(records, OfficeLevel.REGENCY, "tanggamus"), year=2021)
    assert progress == {"cadres": 7, "sessions": 3, "people_reached": 100}
    flotim = office_target_progress(office=_office(records, OfficeLevel.REGENCY, "flotim"), year=2021)
    assert flotim == {"cadres": 4, "sessions": 1, "people_reached": 50}


def test_province_and_national_progress_sum_their_jurisdiction(records):
    lampung = office_target_progress(office=_office(records, OfficeLevel.PROVINCE, "lampung"), year=2021)
    assert lampung == {"cadres": 7, "sessions": 3, "people_reached": 100}
    national = office_target_progress(office=_office(records, OfficeLevel.NATIONAL), year=2021)
    assert national == {"cadres": 11, "sessions": 4, "people_reached": 150}
    assert (
        office_target_progress(office=_office(records, OfficeLevel.REGENCY, "tanggamus"), year=2022)["cadres"]
        == 2
    )


def test_progress_takes_three_queries_for_any_number_of_targets(records):
    year = ProgrammeYear.objects.get(year=2021)
    offices = [
        _office(records, OfficeLevel.NATIONAL),
        _office(records, OfficeLevel.PROVINCE, "lampung"),
        _office(records, OfficeLevel.REGENCY, "tanggamus"),
        _office(records, OfficeLevel.REGENCY, "flotim"),
    ]
    targets = [
        Target.objects.create(office=o, programme_year=year, cadres=10, sessions=4, people_reached=100)
        for o in offices
    ]
    for target in targets:
        target.office  # loaded  # noqa: B018
    with CaptureQueriesContext(connection) as ctx:
        rows = targets_with_progress(targets)
    assert len(ctx.captured_queries) == 1
    tanggamus = rows[2].items
    assert [(i.done, i.target, i.percent) for i in tanggamus] == [(7, 10, 70), (3, 4, 75), (100, 100, 100)]
    assert tanggamus[2].reached and not tanggamus[0].reached
    assert rows[0].items[0].done == 11 and rows[0].items[0].bar == 100


def test_a_province_sets_its_regencies_targets_and_its_own(world):
    year = ProgrammeYear.objects.get(year=2021)
    lampung_staff = world.users["lampung_staff"]
    target = target_create(
        actor=lampung_staff,
        office=_office(world, OfficeLevel.REGENCY, "tanggamus"),
        programme_year=year,
        cadres=50,
        sessions=16,
        people_reached=500,
    )
    target_create(
        actor=lampung_staff,
        office=_office(world, OfficeLevel.PROVINCE, "lampung"),
        programme_year=year,
        cadres=50,
        sessions=16,
        people_reached=500,
    )
    with pytest.raises(PermissionDenied):
        target_create(
            actor=lampung_staff,
            office=_office(world, OfficeLevel.REGENCY, "flotim"),
            programme_year=year,
            cadres=1,
            sessions=1,
            people_reached=1,
        )
    with pytest.raises(ValidationError) as error:
        target_create(
            actor=world.users["tanggamus_staff"],
            office=target.office,
            programme_year=year,
            cadres=1,
            sessions=1,
            people_reached=1,
        )
    assert "office" in error.value.message_dict
    target = target_update(
        actor=world.users["tanggamus_staff"], target=target, cadres=60, sessions=16, people_reached=500
    )
    assert target.cadres == 60


def test_a_regency_sets_only_its_own(world):
    year = ProgrammeYear.objects.get(year=2021)
    with pytest.raises(PermissionDenied):
        target_create(
            actor=world.users["tanggamus_admin"],
            office=_office(world, OfficeLevel.PROVINCE, "lampung"),
            programme_year=year,
            cadres=1,
            sessions=1,
            people_reached=1,
        )
    province_target = Target.objects.create(
        office=_office(world, OfficeLevel.PROVINCE, "lampung"), programme_year=year
    )
    with pytest.raises(PermissionDenied):
        target_update(
            actor=world.users["tanggamus_admin"],
            target=province_target,
            cadres=1,
            sessions=1,
            people_reached=1,
        )
    with pytest.raises(PermissionDenied):
        target_create(
            actor=world.users["tanggamus_viewer"],
            office=_office(world, OfficeLevel.REGENCY, "tanggamus"),
            programme_year=year,
            cadres=1,
            sessions=1,
            people_reached=1,
        )


def test_target_list_shows_progress_of_the_jurisdiction(client, records, django_assert_max_num_queries):
    year = ProgrammeYear.objects.get(year=2021)
    Target.objects.create(
        office=_office(records, OfficeLevel.REGENCY, "tanggamus"), programme_year=year, cadres=50
    )
    Target.objects.create(
        office=_office(records, OfficeLevel.REGENCY, "flotim"), programme_year=year, cadres=40
    )
    Target.objects.create(
        office=_office(records, OfficeLevel.PROVINCE, "lampung"), programme_year=year, cadres=100
    )
    client.force_login(records.users["lampung_viewer"])
    with django_assert_max_num_queries(13):
        response = client.get(reverse("activities:target_list"))
    body = response.content.decode()
    assert "KPU Kabupaten Tanggamus" in body and "KPU Provinsi Lampung" in body
    assert "Flores Timur" not in body
    assert "7</span> / 50" in body and "(14%)" in body
    assert "Tetapkan target" not in body  # a viewer sets nothing


def test_target_form_offers_only_offices_in_the_jurisdiction(client, world):
    client.force_login(world.users["lampung_staff"])
    body = client.get(reverse("activities:target_create")).content.decode()
    assert "KPU Kabupaten Tanggamus" in body and "Flores Timur" not in body
    flotim = _office(world, OfficeLevel.REGENCY, "flotim")
    response = client.post(
        reverse("activities:target_create"),
        {"office": flotim.pk, "programme_year": 2021, "cadres": 5, "sessions": 1, "people_reached": 10},
    )
    assert response.status_code == 200 and not Target.objects.exists()
    tanggamus = _office(world, OfficeLevel.REGENCY, "tanggamus")
    response = client.post(
        reverse("activities:target_create"),
        {"office": tanggamus.pk, "programme_year": 2021, "cadres": 50, "sessions": 16, "people_reached": 500},
    )
    assert response.status_code == 302
    assert Target.objects.get().cadres == 50
