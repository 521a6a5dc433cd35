"""``seed_scale``: the generated data keeps the programme's rules, is spread over the provinces and is the
same for the same seed. Runs on the database of the test run: COPY on PostgreSQL, ``bulk_create`` on SQLite
(run this file once without DATABASE_URL for the SQLite path)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from accounts.models import Office
from activities.models import (
    CoordinationMeeting,
    FollowUpAction,
    LocusEvaluation,
    SocialisationActivity,
    TrainingAttendance,
    TrainingSession,
)
from activities.selectors.evaluations import locus_evaluation_figures
from cadre.checks import check_nik, compose_nik
from cadre.choices import ROSTER_STATUSES
from cadre.models import Cadre
from cadre.selectors import roster_summary
from cadre.services import CadreData, Lookups, check_cadre
from dp3.scale.services import seed_scale
from locus.models import Locus, LocusEvent, ProgrammeYear
from tests.conftest import DEMO_PROVINCE_CODES, load_real_regions

YEAR = 2024


@pytest.fixture
def regions(db):
    load_real_regions()


def _data(cadre: Cadre) -> CadreData:
    return CadreData(
        nik=cadre.nik,
        full_name=cadre.full_name,
        sex=cadre.sex,
        birth_place=cadre.birth_place,
        birth_date=cadre.birth_date,
        address=cadre.address,
        domicile_village_code=cadre.domicile_village_id,
        phone=cadre.phone,
        email=cadre.email,
        education=cadre.education,
        occupation=cadre.occupation,
        segment_codes=[s.code for s in cadre.segments.all()],
        disability=cadre.disability,
        nonpartisan=cadre.nonpartisan,
        recruited_on=cadre.recruited_on,
    )


def _snapshot() -> dict:
    """The generated data by natural keys (ids come from sequences and differ between runs)."""
    return {
        "loci": sorted(
            Locus.objects.values_list(
                "village_id", "status", "category", "decree_number", "agreement_number", "agreement_date"
            )
        ),
        "cadres": sorted(
            (c.nik, c.locus.village_id, c.full_name, c.sex, c.birth_date, c.status, c.phone, c.recruited_on)
            + tuple(sorted(s.code for s in c.segments.all()))
            for c in Cadre.objects.select_related("locus").prefetch_related("segments")
        ),
        "attendance": sorted(
            TrainingAttendance.objects.values_list(
                "session__regency_id",
                "session__session_number",
                "cadre__nik",
                "status",
                "pre_score",
                "post_score",
            )
        ),
        "activities": sorted(
            SocialisationActivity.objects.values_list(
                "locus__village_id", "held_on", "method", "topic", "reached_men", "reached_women"
            )
        ),
        "evaluations": sorted(
            LocusEvaluation.objects.values_list("locus__village_id", "status", "assessment")
        ),
        "meetings": sorted(CoordinationMeeting.objects.values_list("title", "starts_at")),
    }


def test_nik_builder_gives_what_the_checks_read():
    import datetime as dt

    nik = compose_nik("18.06.11", dt.date(1995, 8, 15), "P", 7)
    assert nik == "1806115508950007"
    check = check_nik(nik)
    assert check.valid and (check.sex, check.day, check.month, check.year_2) == ("P", 15, 8, 95)
    assert check.district_code == "18.06.11"


def test_seed_scale_keeps_the_programme_rules(regions):
    counts = seed_scale(loci=6, year=YEAR, seed=7)
    programme = ProgrammeYear.objects.get(year=YEAR)
    loci = list(Locus.objects.filter(programme_year=programme).select_related("programme_year"))
    assert len(loci) == counts["locus_locus"] == 6
    # Spread: every province loaded has a locus (five provinces, six loci).
    assert {locus.province_id for locus in loci} == set(DEMO_PROVINCE_CODES)
    assert {locus.status for locus in loci} == {"ditetapkan", "pks", "aktif"}
    cadres = list(Cadre.objects.filter(programme_year=programme).prefetch_related("segments"))
    assert len(cadres) == 6 * programme.roster_size == 150
    lookups = Lookups(
        village_codes={c.domicile_village_id for c in cadres},
        district_codes={f"{c.nik[:2]}.{c.nik[2:4]}.{c.nik[4:6]}" for c in cadres},
    )
    by_locus = {locus.pk: locus for locus in loci}
    for cadre in cadres:
        checked = check_cadre(_data(cadre), locus=by_locus[cadre.locus_id], lookups=lookups)
        assert checked.errors == {} and checked.warnings == [], (cadre.nik, checked.errors, checked.warnings)
        assert cadre.domicile_village_id == by_locus[cadre.locus_id].village_id
        assert (cadre.regency_id, cadre.province_id) == (cadre.locus.regency_id, cadre.locus.province_id)
    assert len({c.nik for c in cadres}) == len(cadres)
    required = {s.code for s in programme.required_segments.all()}
    for locus in loci:
        summary = roster_summary(locus)
        if locus.status == "ditetapkan":
            # Still recruiting: a quarter or so appointed, the others at the earlier steps.
            assert 0 < summary.filled < programme.roster_size
            assert summary.waiting_verification and summary.waiting_interview and summary.waiting_appointment
            live = [c for c in cadres if c.locus_id == locus.pk]
            assert required <= {s.code for c in live for s in c.segments.all()}
            assert sum(c.sex == "P" for c in live) * 100 >= programme.min_women_percent * len(live)
            continue
        assert summary.filled == programme.roster_size
        assert summary.missing == [], locus
        assert summary.women * 100 >= programme.min_women_percent * summary.filled
    # Every woman of the women's segment is a woman.
    assert all(c.sex == "P" for c in cadres if "perempuan" in {s.code for s in c.segments.all()})
    # The status timeline ends where the locus stands.
    for locus in loci:
        events = list(LocusEvent.objects.filter(locus=locus).order_by("at"))
        assert events[0].to_status == "usulan" and events[-1].to_status == locus.status


def test_seed_scale_trainings_activities_and_evaluations_follow_the_rules(regions):
    seed_scale(loci=6, year=YEAR, seed=7)
    programme = ProgrammeYear.objects.get(year=YEAR)
    active = set(Locus.objects.filter(status="aktif").values_list("pk", flat=True))
    assert active
    for session in TrainingSession.objects.prefetch_related("loci"):
        loci = list(session.loci.all())
        assert loci and {lo.regency_id for lo in loci} == {session.regency_id}
        assert {lo.pk for lo in loci} <= active
        assert 1 <= session.session_number <= programme.planned_sessions and session.held
        rows = list(session.attendances.select_related("cadre"))
        assert {a.cadre.locus_id for a in rows} <= {lo.pk for lo in loci}
        assert all(a.cadre.status in ROSTER_STATUSES for a in rows)
        assert len(rows) == sum(lo.cadres.filter(status__in=ROSTER_STATUSES).count() for lo in loci)
    for activity in SocialisationActivity.objects.prefetch_related("cadres"):
        assert activity.locus_id in active
        assert activity.village_id.startswith(activity.locus.regency_id + ".")
        assert activity.cadres.exists()
        assert all(
            c.locus_id == activity.locus_id and c.status in ROSTER_STATUSES for c in activity.cadres.all()
        )
    evaluations = list(LocusEvaluation.objects.select_related("locus__programme_year"))
    assert {e.locus_id for e in evaluations} == active
    for evaluation in evaluations:
        if evaluation.status == "draf":
            assert evaluation.figures == {} and evaluation.figures_at is None
        else:
            # Frozen as submission freezes them: the figures the app computes from the rows.
            assert evaluation.figures == locus_evaluation_figures(locus=evaluation.locus).as_json()
            assert evaluation.submitted_at is not None
    for follow_up in FollowUpAction.objects.select_related("meeting"):
        assert follow_up.meeting.participants.filter(pk=follow_up.responsible_id).exists()
    # The offices of the regions concerned exist, so that their users and meetings can be made.
    assert Office.objects.filter(regency_id__in=Locus.objects.values("regency_id")).count() == len(
        set(Locus.objects.values_list("regency_id", flat=True))
    )


def test_seed_scale_is_repeatable_with_a_seed_and_adds_new_loci_when_called_again(regions):
    with transaction.atomic():
        seed_scale(loci=6, year=YEAR, seed=7)
        first = _snapshot()
        transaction.set_rollback(True)
    assert not Locus.objects.exists()
    seed_scale(loci=6, year=YEAR, seed=7)
    assert _snapshot() == first
    villages = set(Locus.objects.values_list("village_id", flat=True))
    seed_scale(loci=4, year=YEAR, seed=7)
    assert Locus.objects.count() == 10
    assert len(set(Locus.objects.values_list("village_id", flat=True)) - villages) == 4
    assert Cadre.objects.values("programme_year_id", "nik").distinct().count() == 250


def test_seed_scale_command_reports_and_refuses_bad_input(regions, settings, capsys):
    call_command("seed_scale", "--loci", "2", "--year", str(YEAR))
    assert "cadre_cadre" in capsys.readouterr().out
    with pytest.raises(CommandError, match="1 atau lebih"):
        call_command("seed_scale", "--loci", "0")
    with pytest.raises(CommandError, match="Tahun program 2099 belum ada"):
        call_command("seed_scale", "--loci", "1", "--year", "2099")
    with pytest.raises(CommandError, match=r"Hanya \d+ desa"):
        call_command("seed_scale", "--loci", "1000000")
    settings.SIDP3_ALLOW_DEMO = False
    with pytest.raises(CommandError, match="produksi"):
        call_command("seed_scale", "--loci", "1")


def test_seed_scale_without_regions_says_what_to_run(db):
    with pytest.raises(CommandError, match="import_regions"):
        call_command("seed_scale", "--loci", "1")
