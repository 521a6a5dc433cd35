"""The rules of training sessions and attendance: planned sessions, one number per locus and year, one
regency, local times stored in UTC, attendance all-or-nothing and only for the session's cadres."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import OfficeLevel, Role
from activities.models import TrainingAttendance, TrainingSession
from activities.services.trainings import (
    AttendanceRow,
    attendance_cadres,
    attendance_record,
    training_session_delete,
    training_session_update,
)
from tests.activities.factories_evaluations import locus_at
from tests.activities.factories_trainings import cadre, session
from tests.factories import UserFactory, district, office_for, province, regency, village


@pytest.fixture
def tanggamus(world):
    gunung_kasih = locus_at(world.gunung_kasih)
    sukabanjar = locus_at(village("18.06.21.2005", "Sukabanjar"))
    return {
        "gunung_kasih": gunung_kasih,
        "sukabanjar": sukabanjar,
        "staff": world.users["tanggamus_staff"],
        "siti": cadre(gunung_kasih, "Siti Rahmawati"),
        "budi": cadre(gunung_kasih, "Budi Santoso", sex="L"),
        "candidate": cadre(gunung_kasih, "Calon Kader", status="terverifikasi"),
        "wayan": cadre(sukabanjar, "Wayan Saputra", sex="L"),
    }


def _errors(excinfo) -> dict:
    return {key: " ".join(messages) for key, messages in excinfo.value.message_dict.items()}


def test_a_session_is_stored_in_utc_and_shown_in_the_regency_zone(tanggamus):
    s = session(tanggamus["staff"], [tanggamus["gunung_kasih"], tanggamus["sukabanjar"]], number=3)
    s.refresh_from_db()
    assert s.starts_at == dt.datetime(2021, 11, 5, 2, 0, tzinfo=dt.UTC)  # 09.00 WIB
    assert s.ends_at == dt.datetime(2021, 11, 5, 5, 0, tzinfo=dt.UTC)
    assert s.local_hours == "09.00–12.00 WIB"
    assert (s.regency_id, s.province_id) == ("18.06", "18")
    assert set(s.loci.all()) == {tanggamus["gunung_kasih"], tanggamus["sukabanjar"]}
    assert s.history.first().history_user == tanggamus["staff"]


def test_wit_in_papua_and_wita_in_ntt_are_stored_as_the_right_utc(world):
    province("91", "Papua")
    regency("91.03", "Kabupaten Jayapura")
    district("91.03.01", "Sentani")
    papua_locus = locus_at(village("91.03.01.1001", "Hinekombe"))
    papua_staff = UserFactory(
        username="kab-jayapura", office=office_for(OfficeLevel.REGENCY, papua_locus.regency), role=Role.STAFF
    )
    papua = session(papua_staff, [papua_locus])
    assert papua.starts_at == dt.datetime(2021, 11, 5, 0, 0, tzinfo=dt.UTC)  # 09.00 WIT = UTC+9
    assert papua.local_hours == "09.00–12.00 WIT"
    ntt = session(world.users["flotim_admin"], [locus_at(world.flotim_village)])
    assert ntt.starts_at == dt.datetime(2021, 11, 5, 1, 0, tzinfo=dt.UTC)  # 09.00 WITA = UTC+8
    assert ntt.local_hours == "09.00–12.00 WITA"


def test_a_number_above_the_plan_is_refused(tanggamus):
    planned = tanggamus["gunung_kasih"].programme_year.planned_sessions
    with pytest.raises(ValidationError) as excinfo:
        session(tanggamus["staff"], [tanggamus["gunung_kasih"]], number=planned + 1)
    assert f"melebihi rencana tahun program 2021 ({planned} sesi)" in _errors(excinfo)["session_number"]
    assert not TrainingSession.objects.exists()


def test_a_second_session_with_the_same_number_for_a_locus_is_refused(tanggamus):
    session(tanggamus["staff"], [tanggamus["gunung_kasih"]], number=2)
    with pytest.raises(ValidationError) as excinfo:
        session(tanggamus["staff"], [tanggamus["sukabanjar"], tanggamus["gunung_kasih"]], number=2)
    assert "Sesi ke-2 tahun 2021 sudah ada untuk lokus Gunung Kasih" in _errors(excinfo)["session_number"]
    # The same number for another locus is another session.
    session(tanggamus["staff"], [tanggamus["sukabanjar"]], number=2)
    assert TrainingSession.objects.count() == 2


def test_loci_of_two_regencies_are_refused(world, tanggamus):
    flotim = locus_at(world.flotim_village)
    with pytest.raises(ValidationError) as excinfo:
        session(world.users["national_admin"], [tanggamus["gunung_kasih"], flotim])
    assert "satu kabupaten/kota" in _errors(excinfo)["loci"]


def test_a_locus_outside_the_jurisdiction_is_refused(world, tanggamus):
    with pytest.raises(PermissionDenied):
        session(tanggamus["staff"], [locus_at(world.flotim_village)])


def test_end_before_start_and_a_viewer_are_refused(world, tanggamus):
    with pytest.raises(ValidationError) as excinfo:
        session(tanggamus["staff"], [tanggamus["gunung_kasih"]], start=dt.time(12), end=dt.time(9))
    assert "sesudah jam mulai" in _errors(excinfo)["end_time"]
    with pytest.raises(PermissionDenied):
        session(world.users["tanggamus_viewer"], [tanggamus["gunung_kasih"]])


def test_update_keeps_its_own_number_and_may_not_drop_a_locus_with_attendance(tanggamus):
    s = session(tanggamus["staff"], [tanggamus["gunung_kasih"], tanggamus["sukabanjar"]], number=1)
    attendance_record(
        actor=tanggamus["staff"], session=s, rows=[AttendanceRow(tanggamus["wayan"].pk, "hadir")]
    )
    fields = {"date": dt.date(2021, 11, 5), "start_time": dt.time(13), "end_time": dt.time(15)}
    s = training_session_update(
        actor=tanggamus["staff"],
        session=s,
        loci=[tanggamus["gunung_kasih"], tanggamus["sukabanjar"]],
        session_number=1,
        topic="Materi baru",
        mode="hybrid",
        **fields,
    )
    assert (s.topic, s.local_hours) == ("Materi baru", "13.00–15.00 WIB")
    with pytest.raises(ValidationError) as excinfo:
        training_session_update(
            actor=tanggamus["staff"],
            session=s,
            loci=[tanggamus["gunung_kasih"]],
            session_number=1,
            topic="Materi baru",
            mode="hybrid",
            **fields,
        )
    assert "Sukabanjar" in _errors(excinfo)["loci"]


def test_attendance_takes_appointed_and_active_cadres_of_the_loci(tanggamus):
    follow_on = cadre(tanggamus["gunung_kasih"], "Kader Lanjutan", recruited_by=tanggamus["siti"])
    appointed = cadre(tanggamus["gunung_kasih"], "Kader Ditetapkan", status="ditetapkan")
    cadre(tanggamus["gunung_kasih"], "Kader Mundur", status="mengundurkan_diri")
    s = session(tanggamus["staff"], [tanggamus["gunung_kasih"]])
    assert set(attendance_cadres(s)) == {tanggamus["siti"], tanggamus["budi"], follow_on, appointed}


def test_attendance_is_recorded_at_once_and_marks_the_session_held(tanggamus):
    s = session(tanggamus["staff"], [tanggamus["gunung_kasih"]])
    siti, budi = tanggamus["siti"], tanggamus["budi"]
    attendance_record(
        actor=tanggamus["staff"],
        session=s,
        rows=[
            AttendanceRow(siti.pk, "hadir", Decimal("60"), Decimal("85.5")),
            AttendanceRow(budi.pk, "izin"),
        ],
    )
    s.refresh_from_db()
    assert s.held
    rows = {a.cadre_id: a for a in TrainingAttendance.objects.filter(session=s)}
    assert rows[siti.pk].post_score == Decimal("85.50") and rows[budi.pk].status == "izin"
    assert rows[siti.pk].history.first().history_user == tanggamus["staff"]
    # Recording again updates the rows (no duplicates).
    attendance_record(
        actor=tanggamus["staff"], session=s, rows=[AttendanceRow(budi.pk, "hadir", Decimal("70"), None)]
    )
    assert TrainingAttendance.objects.filter(session=s).count() == 2
    assert TrainingAttendance.objects.get(session=s, cadre=budi).status == "hadir"


def test_a_cadre_of_another_locus_is_refused_and_nothing_is_saved(tanggamus):
    s = session(tanggamus["staff"], [tanggamus["gunung_kasih"]])
    with pytest.raises(ValidationError):
        attendance_record(
            actor=tanggamus["staff"],
            session=s,
            rows=[
                AttendanceRow(tanggamus["siti"].pk, "hadir"),
                AttendanceRow(tanggamus["wayan"].pk, "hadir"),
            ],
        )
    with pytest.raises(ValidationError):  # a candidate is not a cadre yet
        attendance_record(
            actor=tanggamus["staff"], session=s, rows=[AttendanceRow(tanggamus["candidate"].pk, "hadir")]
        )
    assert not TrainingAttendance.objects.exists()
    s.refresh_from_db()
    assert not s.held


def test_scores_out_of_range_are_named_by_cadre_and_column(tanggamus):
    s = session(tanggamus["staff"], [tanggamus["gunung_kasih"]])
    siti, budi = tanggamus["siti"], tanggamus["budi"]
    with pytest.raises(ValidationError) as excinfo:
        attendance_record(
            actor=tanggamus["staff"],
            session=s,
            rows=[
                AttendanceRow(siti.pk, "hadir", Decimal("60"), Decimal("101")),
                AttendanceRow(budi.pk, "tidak_hadir", Decimal("50"), None),
            ],
        )
    errors = _errors(excinfo)
    assert errors[f"post-{siti.pk}"] == "Nilai post-test Siti Rahmawati harus angka antara 0 dan 100."
    assert "Budi Santoso tidak hadir" in errors[f"status-{budi.pk}"]
    with pytest.raises(ValidationError) as excinfo:
        attendance_record(
            actor=tanggamus["staff"], session=s, rows=[AttendanceRow(siti.pk, "hadir", Decimal("-1"), None)]
        )
    assert "Nilai pre-test Siti Rahmawati" in _errors(excinfo)[f"pre-{siti.pk}"]
    assert not TrainingAttendance.objects.exists()


def test_attendance_of_a_future_session_is_refused(tanggamus):
    s = session(tanggamus["staff"], [tanggamus["gunung_kasih"]], day=dt.date.today() + dt.timedelta(days=30))
    with pytest.raises(ValidationError, match="setelah sesi berlangsung"):
        attendance_record(
            actor=tanggamus["staff"], session=s, rows=[AttendanceRow(tanggamus["siti"].pk, "hadir")]
        )


def test_attendance_and_deletion_outside_the_jurisdiction_or_role_are_refused(world, tanggamus):
    s = session(tanggamus["staff"], [tanggamus["gunung_kasih"]])
    with pytest.raises(PermissionDenied):
        attendance_record(actor=world.users["flotim_admin"], session=s, rows=[])
    with pytest.raises(PermissionDenied):
        training_session_delete(actor=tanggamus["staff"], session=s)  # staff may not delete
    training_session_delete(actor=world.users["tanggamus_commissioner"], session=s)
    assert not TrainingSession.objects.exists()
