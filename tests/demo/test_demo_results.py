"""The demo's illustrative election results: Pemilu 2019 turnout derived from them equals the demo's
ElectionIndicator (one truth) to two decimals, Pemilu 2024 is there too, a second run adds nothing, and the
estimate they feed is computed and marked illustrative."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from dp3.demo.loci import DEMO_PROVINCES, seed_evidence, seed_loci
from dp3.demo.offices import seed_offices_and_users
from dp3.demo.results import seed_estimates, seed_results, voters_for
from impact.models import ImpactEstimate, ImpactFigure
from locus.models import ElectionIndicator, VillageResult


@pytest.mark.parametrize("percent", ["74.99", "75.00", "66.67", "58.01", "96.00"])
def test_voters_round_to_the_indicator_even_where_small_electorates_cannot(percent):
    registered, voters = voters_for(Decimal(percent), 515, 7)
    turnout = (Decimal(100 * voters) / Decimal(registered + 7)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert turnout == Decimal(percent) and registered >= 515


def test_demo_results_match_the_indicators_and_feed_an_illustrative_estimate(demo_regions):
    seed_offices_and_users()
    seed_evidence()
    seed_loci()
    created = seed_results()
    assert created and seed_results() == 0  # a second run adds nothing
    indicators = dict(
        ElectionIndicator.objects.filter(
            election_id="pemilu-2019", province_code__in=DEMO_PROVINCES
        ).values_list("region_code", "turnout_percent")
    )
    results = VillageResult.objects.filter(election_id="pemilu-2019")
    assert results.count() == len(indicators) and not results.filter(illustrative=False).exists()
    for result in results:
        derived = (Decimal(100 * result.voters) / Decimal(result.electorate)).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )
        assert derived == indicators[result.village_id], result.village_id
    assert VillageResult.objects.filter(election_id="pemilu-2024").count() == len(indicators)
    [estimate] = seed_estimates()
    assert (estimate.programme_year_id, estimate.election_id, estimate.baseline_id) == (
        2021,
        "pemilu-2024",
        "pemilu-2019",
    )
    assert estimate.illustrative and ImpactEstimate.objects.count() == 1
    national = ImpactFigure.objects.get(estimate=estimate, level="nasional", category="")
    assert national.loci == 7 and national.matched >= 5  # the demo's designated loci
