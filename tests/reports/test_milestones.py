"""The loci's milestones read from their records (``reports.milestones``): each milestone's derivation, the
query count pinned at two sizes, the locus page's checklist, the dashboards' counts and late loci, the action
list's selector, and the schedule page of KPU RI."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.choices import AttendanceStatus, EvaluationStage, EvaluationStatus
from activities.models import LocusEvaluation
from locus.choices import LocusStatus, MilestoneKind
from locus.choices import MilestoneLight as L
from locus.models import Locus, Milestone
from reports.milestones import late_and_at_risk, loci_milestone_summary, loci_milestones, locus_milestones
from tests.activities.factories_evaluations import attend, cadres_in, locus_at, session_for
from tests.factories import village

pytestmark = pytest.mark.django_db

TODAY = dt.date(2021, 9, 1)
K = MilestoneKind


def _schedule(year: int = 2021) -> None:
    """SK by 31 May, PKS 30 days after the SK, recruitment 60 days after, sessions 1-2 fixed, evaluations."""
    rows = [
        (K.MAPPING, None, dt.date(2021, 3, 31), None),
        (K.DECREE, None, dt.date(2021, 5, 31), None),
        (K.AGREEMENT, None, None, 30),
        (K.RECRUITMENT, None, None, 60),
        (K.TRAINING, 1, dt.date(2021, 8, 20), None),
        (K.TRAINING, 2, dt.date(2021, 9, 10), None),
        (K.MIDTERM_EVALUATION, None, dt.date(2021, 9, 30), None),
        (K.FINAL_EVALUATION, None, dt.date(2021, 12, 15), None),
    ]
    Milestone.objects.bulk_create(
        Milestone(programme_year_id=year, kind=kind, session_number=n, due_date=due, offset_days=offset)
        for kind, n, due, offset in rows
    )


def _lights(locus) -> dict[str, str]:
    checklist = locus_milestones(locus, today=TODAY)
    return {
        (m.kind if m.session_number is None else f"{m.kind}-{m.session_number}"): m.light
        for m in checklist.milestones
    }


def test_derived_from_the_records(world):
    _schedule()
    locus = locus_at(world.gunung_kasih, status=LocusStatus.DESIGNATED)  # SK 7 June 2021, no PKS
    lights = _lights(locus)
    assert lights == {
        "pemetaan": L.DONE,  # the locus exists
        "sk": L.DONE,  # designated with its decree date (after 31 May: done all the same)
        "pks": L.LATE,  # 7 June + 30 days = 7 July, past
        "rekrutmen": L.LATE,  # 7 June + 60 = 6 August, roster empty
        "pembekalan-1": L.LATE,
        "pembekalan-2": L.AT_RISK,  # 10 September: 9 days away
        "evaluasi_tengah": L.ON_TIME,  # 30 September: 29 days away
        "evaluasi_akhir": L.ON_TIME,
    }
    assert locus_milestones(locus, today=TODAY).light == L.LATE

    Locus.objects.filter(pk=locus.pk).update(status=LocusStatus.ACTIVE, agreement_date=dt.date(2021, 7, 20))
    cadres = cadres_in(locus, 25)  # a full roster (25 places in 2021)
    held = session_for(locus, number=1)
    attend(held, cadres[0], AttendanceStatus.PRESENT)
    session_for(locus, number=2)  # held, but no attendance recorded: not counted
    session_for(locus, number=3, held=False)
    LocusEvaluation.objects.create(locus=locus, stage=EvaluationStage.MIDTERM, status=EvaluationStatus.DRAFT)
    lights = _lights(locus)
    assert lights["pks"] == L.DONE
    assert lights["rekrutmen"] == L.DONE
    assert lights["pembekalan-1"] == L.DONE
    assert lights["pembekalan-2"] == L.AT_RISK
    assert lights["evaluasi_tengah"] == L.ON_TIME  # a draft is not done

    LocusEvaluation.objects.filter(locus=locus).update(status=EvaluationStatus.SUBMITTED)
    assert _lights(locus)["evaluasi_tengah"] == L.DONE


def test_roster_one_short_is_not_recruited(world):
    _schedule()
    locus = locus_at(world.gunung_kasih)
    cadres_in(locus, 24)
    assert _lights(locus)["rekrutmen"] == L.LATE


def test_without_decree_the_offsets_have_no_date_and_a_rejected_locus_has_no_checklist(world):
    _schedule()
    proposed = locus_at(world.gunung_kasih, status=LocusStatus.PROPOSED)
    checklist = locus_milestones(proposed, today=TODAY)
    by_kind = {m.kind: m for m in checklist.milestones if m.session_number is None}
    assert by_kind[K.DECREE].light == L.LATE  # the fixed 31 May has passed
    assert by_kind[K.AGREEMENT].due is None and by_kind[K.AGREEMENT].light == L.ON_TIME
    Locus.objects.filter(pk=proposed.pk).update(status=LocusStatus.REJECTED)
    assert locus_milestones(proposed, today=TODAY) is None


def test_sessions_beyond_the_plan_are_not_milestones(world):
    _schedule()
    Milestone.objects.create(programme_year_id=2021, kind=K.TRAINING, session_number=9, offset_days=200)
    locus = locus_at(world.gunung_kasih)
    assert "pembekalan-9" not in _lights(locus)  # 2021 plans 8 sessions


def _loci(n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        locus = locus_at(village(f"18.06.11.{2300 + i}", f"Desa Tonggak {i}"))
        cadres = cadres_in(locus, 2)
        attend(session_for(locus, number=1), cadres[0])
        LocusEvaluation.objects.create(
            locus=locus, stage=EvaluationStage.MIDTERM, status=EvaluationStatus.SUBMITTED
        )


def test_fixed_number_of_queries_whatever_the_number_of_loci(world):
    _schedule()
    _loci(2)
    with CaptureQueriesContext(connection) as small:
        assert len(loci_milestones(Locus.objects.all(), today=TODAY)) == 2
    _loci(12, start=2)
    with CaptureQueriesContext(connection) as large:
        assert len(loci_milestones(Locus.objects.all(), today=TODAY)) == 14
    assert len(small.captured_queries) == len(large.captured_queries) == 2


def test_summary_counts_loci_by_their_worst_light(world):
    _schedule()
    late = locus_at(world.gunung_kasih)  # PKS and the roster are late
    done = locus_at(village("18.06.11.2399", "Desa Tuntas"))
    Locus.objects.filter(pk=done.pk).update(agreement_date=dt.date(2021, 6, 20))
    Milestone.objects.filter(programme_year_id=2021).exclude(
        kind__in=[K.MAPPING, K.DECREE, K.AGREEMENT]
    ).delete()
    summary = loci_milestone_summary(Locus.objects.all(), today=TODAY)
    assert summary.count(L.LATE) == 1 and summary.count(L.DONE) == 1 and summary.loci == 2
    assert [c.locus_id for c in summary.late] == [late.pk]
    assert [m.kind for m in summary.late[0].late] == [K.AGREEMENT]


def test_locus_page_loads_the_checklist(client, world):
    _schedule()
    locus = locus_at(world.gunung_kasih)
    client.force_login(world.users["tanggamus_viewer"])
    url = reverse("dashboard:locus_milestones", args=[locus.pk])
    page = client.get(locus.get_absolute_url()).content.decode()
    assert f'hx-get="{url}"' in page
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert "Pembekalan sesi 1" in fragment and "Rekrutmen kader lengkap" in fragment
    # Each light says its name beside its icon: not colour alone.
    assert "bi-x-octagon-fill" in fragment and "Terlambat" in fragment
    assert "Selesai" in fragment
    full = client.get(url).content.decode()
    assert "<html" in full and "Pembekalan sesi 2" in full
    client.force_login(world.users["flotim_admin"])
    assert client.get(url).status_code == 404


def test_a_year_without_a_schedule_says_so(client, world):
    locus = locus_at(world.gunung_kasih)
    client.force_login(world.users["tanggamus_viewer"])
    page = client.get(reverse("dashboard:locus_milestones", args=[locus.pk])).content.decode()
    assert "Belum ada jadwal tonggak" in page


@pytest.mark.parametrize(
    "user, url",
    [("tanggamus_viewer", "/"), ("lampung_viewer", "/"), ("national_viewer", "/dasbor/kabupaten/18.06/")],
)
def test_dashboards_count_the_lights_and_list_the_late_loci(client, world, user, url):
    _schedule()
    locus = locus_at(world.gunung_kasih)
    client.force_login(world.users[user])
    page = client.get(url).content.decode()
    assert 'id="tonggak"' in page
    assert "Terlambat: <strong>1</strong>" in page
    assert f'href="{locus.get_absolute_url()}#tonggak"' in page


def test_late_and_at_risk_for_the_action_list(world):
    _schedule()
    locus_at(world.gunung_kasih)  # late (PKS, roster)
    at_risk = locus_at(village("18.06.11.2398", "Desa Waspada"))
    Locus.objects.filter(pk=at_risk.pk).update(agreement_date=dt.date(2021, 6, 20))
    cadres_in(at_risk, 25)
    attend(session_for(at_risk, number=1), at_risk.cadres.first())  # session 2 due 10 Sept: at risk
    locus_at(world.flotim_village)  # another province
    late, risky, url = late_and_at_risk(world.users["lampung_viewer"], today=TODAY)
    assert (late, risky) == (1, 1)
    assert url == "/?tahun=2021#tonggak"
    assert late_and_at_risk(world.users["national_viewer"], today=TODAY)[:2] == (2, 1)
