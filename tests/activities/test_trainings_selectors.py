"""Attendance rates and score gains on known data, per session, per locus and per cadre, in a fixed number of
queries, and always within the user's jurisdiction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from activities.selectors.trainings import (
    attendance_sheet,
    cadre_training_record,
    locus_training_summary,
    session_locus_rates,
    training_attendance_rates,
    training_list,
)
from activities.services.trainings import AttendanceRow, attendance_record
from tests.activities.factories_evaluations import locus_at
from tests.activities.factories_trainings import cadre, session
from tests.factories import village

D = Decimal


@pytest.fixture
def data(world):
    """Gunung Kasih: Ani, Budi, Citra; Sukabanjar: Dedi. Session 1 (both loci) and session 2 (Gunung Kasih)
    held, session 3 planned.

    session 1: Ani hadir 50→80, Budi hadir 60→70, Citra izin, Dedi hadir 40→60
    session 2: Ani hadir 70→90, Budi tidak hadir, Citra hadir (no scores)
    """
    staff = world.users["tanggamus_staff"]
    gk = locus_at(world.gunung_kasih)
    sb = locus_at(village("18.06.21.2005", "Sukabanjar"))
    ani, budi, citra = cadre(gk, "Ani Lestari"), cadre(gk, "Budi Santoso", sex="L"), cadre(gk, "Citra Dewi")
    dedi = cadre(sb, "Dedi Saputra", sex="L")
    s1 = session(staff, [gk, sb], number=1, day=dt.date(2021, 7, 3))
    s2 = session(staff, [gk], number=2, day=dt.date(2021, 8, 7))
    s3 = session(staff, [gk], number=3, day=dt.date(2021, 9, 4))
    attendance_record(
        actor=staff,
        session=s1,
        rows=[
            AttendanceRow(ani.pk, "hadir", D(50), D(80)),
            AttendanceRow(budi.pk, "hadir", D(60), D(70)),
            AttendanceRow(citra.pk, "izin"),
            AttendanceRow(dedi.pk, "hadir", D(40), D(60)),
        ],
    )
    attendance_record(
        actor=staff,
        session=s2,
        rows=[
            AttendanceRow(ani.pk, "hadir", D(70), D(90)),
            AttendanceRow(budi.pk, "tidak_hadir"),
            AttendanceRow(citra.pk, "hadir"),
        ],
    )
    return locals()


def test_rates_and_gains_per_session(world, data, django_assert_num_queries):
    with django_assert_num_queries(1):
        rates = training_attendance_rates(
            user=world.users["tanggamus_viewer"], sessions=[data["s1"], data["s2"], data["s3"]]
        )
    s1, s2 = rates[data["s1"].pk], rates[data["s2"].pk]
    assert (s1.present, s1.excused, s1.recorded, s1.percent) == (3, 1, 4, 75)
    assert s1.gain == D("20.0")  # (30 + 10 + 20) / 3
    assert (s2.present, s2.absent, s2.percent, s2.gain) == (2, 1, 67, D("20.0"))
    assert data["s3"].pk not in rates


def test_rates_per_locus_of_a_session(world, data):
    rates = dict(session_locus_rates(user=world.users["tanggamus_viewer"], session=data["s1"]))
    assert (rates[data["gk"]].percent, rates[data["gk"]].gain) == (67, D("20.0"))
    assert (rates[data["sb"]].percent, rates[data["sb"]].gain) == (100, D("20.0"))


def test_locus_summary(world, data, django_assert_max_num_queries):
    data["s1"].refresh_from_db()
    with django_assert_max_num_queries(5):
        summary = locus_training_summary(user=world.users["tanggamus_viewer"], locus=data["gk"])
        cadres = {row.cadre.full_name: row.rate for row in summary.cadres}
    assert (summary.planned, summary.held) == (8, 2)
    assert [s.session_number for s, _rate in summary.sessions] == [1, 2, 3]
    assert summary.sessions[0][1].percent == 67  # Gunung Kasih's cadres only: Dedi is Sukabanjar's
    assert (summary.overall.present, summary.overall.recorded) == (4, 6)
    assert summary.overall.gain == D("20.0")  # Ani 30 and 20, Budi 10
    assert (cadres["Ani Lestari"].percent, cadres["Ani Lestari"].gain) == (100, D("25.0"))
    assert (cadres["Budi Santoso"].percent, cadres["Budi Santoso"].gain) == (50, D("10.0"))
    assert (cadres["Citra Dewi"].percent, cadres["Citra Dewi"].gain) == (50, None)


def test_cadre_record(world, data):
    records, rate = cadre_training_record(user=world.users["tanggamus_viewer"], cadre=data["ani"])
    assert [r.session.session_number for r in records] == [1, 2]
    assert (rate.percent, rate.pre_average, rate.post_average, rate.gain) == (
        100,
        D("60.0"),
        D("85.0"),
        D("25.0"),
    )


def test_nothing_is_counted_outside_the_jurisdiction(world, data):
    flotim = world.users["flotim_admin"]
    assert not training_attendance_rates(user=flotim, sessions=[data["s1"]])
    assert not training_list(user=flotim).exists()
    summary = locus_training_summary(user=flotim, locus=data["gk"])
    assert (summary.sessions, summary.cadres, summary.overall.recorded) == ([], [], 0)
    assert training_list(user=world.users["lampung_viewer"]).count() == 3


def test_attendance_sheet_lists_the_cadres_of_every_locus_of_the_session(
    world, data, django_assert_num_queries
):
    with django_assert_num_queries(2):
        sheet = attendance_sheet(user=world.users["tanggamus_staff"], session=data["s1"])
    assert [row.cadre.full_name for row in sheet] == [
        "Ani Lestari",
        "Budi Santoso",
        "Citra Dewi",
        "Dedi Saputra",
    ]
    assert sheet[2].attendance.status == "izin"
