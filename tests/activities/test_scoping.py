"""The scoping of activity records: who sees a coordination meeting (organiser's jurisdiction, and the
offices that took part), and the denormalised region fields every scoped activity model relies on."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.choices import OfficeLevel
from activities.models import CoordinationMeeting
from tests.factories import office_for


def _meeting(office, **extra) -> CoordinationMeeting:
    starts = dt.datetime(2021, 11, 3, 1, 0, tzinfo=dt.UTC)
    return CoordinationMeeting.objects.create(
        organiser=office,
        title="Rakor DP3",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3, minutes=30),
        mode="daring",
        **extra,
    )


@pytest.fixture
def meetings(world):
    ntt = office_for(OfficeLevel.PROVINCE, world.ntt)
    flotim = office_for(OfficeLevel.REGENCY, world.flotim)
    tanggamus = office_for(OfficeLevel.REGENCY, world.tanggamus)
    lampung = office_for(OfficeLevel.PROVINCE, world.lampung)
    national = office_for(OfficeLevel.NATIONAL)
    ntt_rakor = _meeting(ntt)
    ntt_rakor.participants.add(flotim)
    national_rakor = _meeting(national)
    national_rakor.participants.add(lampung)
    tanggamus_meeting = _meeting(tanggamus)
    return {"ntt": ntt_rakor, "national": national_rakor, "tanggamus": tanggamus_meeting}


def _seen(user, action="view") -> set[int]:
    return set(CoordinationMeeting.objects.restrict(user, action).values_list("pk", flat=True))


def test_organiser_regions_are_denormalised(meetings):
    assert (meetings["ntt"].province_id, meetings["ntt"].regency_id) == ("53", None)
    assert (meetings["tanggamus"].province_id, meetings["tanggamus"].regency_id) == ("18", "18.06")
    assert (meetings["national"].province_id, meetings["national"].regency_id) == (None, None)
    assert meetings["ntt"].time_zone == "Asia/Makassar"
    assert meetings["national"].time_zone == "Asia/Jakarta"


def test_national_sees_every_meeting(world, meetings):
    assert _seen(world.users["national_viewer"]) == {m.pk for m in meetings.values()}


def test_participating_regency_sees_its_province_rakor_but_may_not_change_it(world, meetings):
    flotim_admin = world.users["flotim_admin"]
    assert _seen(flotim_admin) == {meetings["ntt"].pk}
    assert _seen(flotim_admin, "change") == set()


def test_province_sees_its_own_its_regencies_and_those_it_attended(world, meetings):
    assert _seen(world.users["lampung_viewer"]) == {meetings["national"].pk, meetings["tanggamus"].pk}
    assert _seen(world.users["ntt_admin"]) == {meetings["ntt"].pk}
    # Changing reaches the organiser's jurisdiction only: not KPU RI's meeting Lampung attended.
    assert _seen(world.users["lampung_admin"], "change") == {meetings["tanggamus"].pk}


def test_regency_sees_only_its_own_when_it_took_part_in_nothing(world, meetings):
    assert _seen(world.users["tanggamus_viewer"]) == {meetings["tanggamus"].pk}


def test_restrict_returns_each_meeting_once_however_many_participants_match(world, meetings):
    lampung = office_for(OfficeLevel.PROVINCE, world.lampung)
    tanggamus = office_for(OfficeLevel.REGENCY, world.tanggamus)
    meetings["national"].participants.add(tanggamus)
    rows = list(
        CoordinationMeeting.objects.restrict(world.users["lampung_viewer"]).values_list("pk", flat=True)
    )
    assert sorted(rows) == sorted({meetings["national"].pk, meetings["tanggamus"].pk})
    assert lampung in meetings["national"].participants.all()
