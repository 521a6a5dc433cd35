"""Computing and storing an estimate on the database: the rule of the elections compared, the groups and
their counts, the loci's matches within regency/province and kind and never among villages that were loci,
the same figures for the same seed, and freshness (results written and loci changed ask for a recomputation,
run by the task; a request already served is skipped)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from impact.choices import FigureLevel, MatchedIn
from impact.models import ImpactEstimate, ImpactFigure, LocusEffect, LocusMatch
from impact.services.estimates import estimate_compute
from impact.services.freshness import estimable_pairs, estimate_run, estimates_request
from locus import rules
from locus.choices import LocusStatus
from locus.models import Election, ProgrammeYear, Village
from locus.signals import results_changed
from tests.impact.conftest import make_electorate, other_locus

pytestmark = pytest.mark.django_db

D = dt.date


# --- the rule ----------


def test_the_baseline_is_the_latest_election_of_the_same_kind_before_the_year_began():
    elections = [
        ("pemilu-2014", D(2014, 4, 9)),
        ("pemilu-2019", D(2019, 4, 17)),
        ("pilkada-2018", D(2018, 6, 27)),
        ("pilkada-2020", D(2020, 12, 9)),
        ("pemilu-2024", D(2024, 2, 14)),
        ("pilkada-2024", D(2024, 11, 27)),
    ]
    assert rules.baseline_election(
        year=2021, outcome=("pemilu-2024", D(2024, 2, 14)), elections=elections
    ) == ("pemilu-2019")
    assert rules.baseline_election(
        year=2021, outcome=("pilkada-2024", D(2024, 11, 27)), elections=elections
    ) == ("pilkada-2020")
    assert rules.baseline_election(
        year=2019, outcome=("pilkada-2020", D(2020, 12, 9)), elections=elections
    ) == ("pilkada-2018")
    # Held before the programme year began: not an outcome.
    assert (
        rules.baseline_election(year=2021, outcome=("pilkada-2020", D(2020, 12, 9)), elections=elections)
        is None
    )
    # No earlier election of its kind: nothing to compare with.
    assert (
        rules.baseline_election(year=2014, outcome=("pemilu-2014", D(2014, 4, 9)), elections=elections)
        is None
    )
    assert rules.election_kind("pilkada-2024") == "pilkada"


def test_which_loci_are_treated_and_which_villages_are_no_comparison():
    assert [s for s in LocusStatus.values if rules.is_treated_locus(s)] == [
        "ditetapkan",
        "pks",
        "aktif",
        "selesai",
    ]
    assert [s for s in LocusStatus.values if not rules.excludes_from_comparison(s)] == ["ditolak"]


def test_a_pair_without_baseline_or_held_before_the_year_is_refused(world):
    with pytest.raises(ValidationError, match="sebelum tahun program 2021 dimulai"):
        estimate_compute(year=2021, election="pemilu-2019")
    ProgrammeYear.objects.create(year=2019, aim="pengetahuan")
    with pytest.raises(ValidationError, match="Tidak ada pemilu/pemilihan sejenis"):
        estimate_compute(year=2019, election="pemilu-2019")
    with pytest.raises(ValidationError, match="tidak ada"):
        estimate_compute(year=2021, election="pemilu-2099")


# --- the computation ----------


def test_an_estimate_stores_its_groups_loci_and_matches(world, electorate):
    estimate = estimate_compute(year=2021, election="pemilu-2024")
    assert estimate.baseline_id == "pemilu-2019" and estimate.computed_at and not estimate.illustrative
    figures = {
        (f.level, f.region_code, f.category): f for f in ImpactFigure.objects.filter(estimate=estimate)
    }
    national = figures[(FigureLevel.NATIONAL, "", "")]
    assert national.loci == len(electorate.loci) and national.missing_results == 1
    assert national.matched + national.unmatched == national.loci and national.matched >= national.loci // 2
    assert national.effect == pytest.approx(
        national.locus_change - national.match_change - national.adjustment, abs=1e-3
    )
    assert {key[:2] for key in figures if key[0] == FigureLevel.PROVINCE} == {
        ("provinsi", "18"),
        ("provinsi", "53"),
    }
    assert {key[1] for key in figures if key[0] == FigureLevel.REGENCY} == {"18.06", "18.07", "53.06"}
    assert figures[(FigureLevel.REGENCY, "18.06", "")].missing_results == 1
    # Categories nationally and per province.
    assert (FigureLevel.NATIONAL, "", "partisipasi_rendah") in figures
    assert (FigureLevel.PROVINCE, "18", "potensi_pelanggaran_tinggi") in figures  # the locus without results
    # Counts add up: the provinces' loci make the nation's.
    assert (
        sum(f.loci for k, f in figures.items() if k[0] == FigureLevel.PROVINCE and not k[2]) == national.loci
    )

    effects = LocusEffect.objects.filter(estimate=estimate).select_related("locus__village")
    assert effects.count() == len(electorate.loci) + 1
    assert effects.get(locus=electorate.missing).matched_in == MatchedIn.NO_RESULTS
    gunung_kasih = effects.get(locus__village=world.gunung_kasih)
    assert gunung_kasih.baseline_turnout == pytest.approx(
        electorate.baseline[world.gunung_kasih.code], abs=0.1
    )
    loci_villages = {locus.village_id for locus in electorate.loci}
    for match in LocusMatch.objects.filter(effect__estimate=estimate).select_related(
        "effect__locus__village", "control"
    ):
        locus_village = match.effect.locus.village
        assert match.control_id not in loci_villages
        assert match.control.kind == locus_village.kind
        if match.effect.matched_in == MatchedIn.REGENCY:
            assert match.control_id[:5] == locus_village.code[:5]
        else:
            assert match.control_id[:2] == locus_village.code[:2]


def test_the_same_data_and_seed_give_the_same_figures(world, electorate):
    def figures():
        estimate_compute(year=2021, election="pemilu-2024")
        return sorted(
            ImpactFigure.objects.values_list(
                "level", "province_code", "regency_code", "category", "effect", "low", "high"
            )
        )

    first = figures()
    assert figures() == first
    assert ImpactEstimate.objects.count() == 1 and LocusEffect.objects.count() == len(electorate.loci) + 1


def test_the_planted_lift_is_found_through_the_database(world, electorate):
    estimate_compute(year=2021, election="pemilu-2024")
    national = ImpactFigure.objects.get(level=FigureLevel.NATIONAL, category="")
    assert national.low <= 3.0 <= national.high, (national.low, national.effect, national.high)


def test_villages_ever_loci_are_no_comparison_except_rejected_proposals(world):
    """Twins of Gunung Kasih (same district, kind, turnout and size): a cancelled locus, a proposal for 2022
    and a designated locus of 2023 never serve; a rejected proposal does."""
    district = world.pugung
    codes = [world.gunung_kasih.code, *villages_in_twins(district)]
    from tests.impact.support import results

    results(
        codes, baseline=[60.0] * 5 + [85.0] * 10, outcome=[66.0] * 5 + [87.0] * 10, electorate=[1000] * 15
    )
    gunung_kasih = other_locus(codes[0], LocusStatus.DESIGNATED)
    other_locus(codes[1], LocusStatus.CANCELLED)
    other_locus(codes[2], LocusStatus.PROPOSED, year=2022)
    other_locus(codes[3], LocusStatus.DESIGNATED, year=2023)
    other_locus(codes[4], LocusStatus.REJECTED)
    estimate_compute(year=2021, election="pemilu-2024")
    matched = list(LocusMatch.objects.filter(effect__locus=gunung_kasih).values_list("control_id", flat=True))
    assert codes[4] in matched and not set(codes[1:4]) & set(matched)


def villages_in_twins(district):
    from tests.impact.support import villages_in

    return villages_in(district, 14, first=2501)


def test_illustrative_results_mark_the_estimate(world):
    make_electorate(world, illustrative=True)
    assert estimate_compute(year=2021, election="pemilu-2024").illustrative


def test_the_command_computes_and_prints_the_national_figure(world, electorate, capsys):
    call_command("estimate_impact", "--year", "2021", "--election", "pemilu-2024")
    assert "DP3 2021, pemilu-2024 dibanding pemilu-2019" in capsys.readouterr().out
    with pytest.raises(Exception, match="sebelum tahun program"):
        call_command("estimate_impact", "--year", "2021", "--election", "pemilu-2019")


# --- freshness ----------


def test_estimable_pairs_need_designated_loci_and_results_at_both_elections(world, electorate):
    assert estimable_pairs() == [(2021, "pemilu-2024")]
    assert estimable_pairs(election="pemilu-2019") == [(2021, "pemilu-2024")]
    assert estimable_pairs(election="pilkada-2024") == []


def test_results_written_ask_for_the_estimate_and_the_task_computes_it(
    world, electorate, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        results_changed.send(sender=None, election=Election.objects.get(code="pemilu-2024"))
    estimate = ImpactEstimate.objects.get()
    assert estimate.computed_at and estimate.requested_at <= estimate.started_at
    assert ImpactFigure.objects.filter(estimate=estimate).exists()


def test_a_locus_designated_asks_once_per_transaction(world, electorate, eager):
    from django.db import connection

    estimate_compute(year=2021, election="pemilu-2024")
    before = ImpactFigure.objects.get(level=FigureLevel.NATIONAL, category="").loci
    village = (
        Village.objects.filter(code__startswith="18.07.01.2")
        .exclude(code__in=[locus.village_id for locus in electorate.loci])
        .first()
    )
    locus = other_locus(village.code, LocusStatus.DESIGNATED)
    locus.rationale = "Diubah"
    locus.save()
    # Every locus saved in this transaction (the fixture's too): one request after the commit.
    requests = [
        callback for _ids, callback, _robust in connection.run_on_commit if hasattr(callback, "impact_marker")
    ]
    assert len(requests) == 1
    requests[0]()
    after = ImpactFigure.objects.get(level=FigureLevel.NATIONAL, category="")
    assert after.loci == before + 1
    assert LocusEffect.objects.filter(locus=locus).exists()


def test_a_request_already_served_is_not_computed_again(world, electorate):
    estimates_request(enqueue=False)
    estimate = estimate_run(year=2021, election="pemilu-2024")
    started = estimate.started_at
    assert estimate_run(year=2021, election="pemilu-2024").started_at == started  # served: skipped
    estimates_request(enqueue=False)  # data changed again
    assert estimate_run(year=2021, election="pemilu-2024").started_at > started


def test_the_state_says_queued_running_and_failed(world, electorate):
    from django.utils import timezone

    estimate = estimates_request(enqueue=False)[0]
    state = estimate.state()
    assert state.queued and not state.running and state.computed_at is None
    estimate.started_at = timezone.now()
    assert estimate.state().running and not estimate.state().queued
    estimate.failed_at, estimate.error = timezone.now() + dt.timedelta(seconds=1), "Gagal."
    assert estimate.state().failed and estimate.state().error == "Gagal." and not estimate.state().running
