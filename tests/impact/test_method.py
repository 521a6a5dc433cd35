"""The method on generated data (no database): a planted effect is found, no effect is not invented, though
the loci are chosen for LOW baseline turnout with a transient part that makes a naive before/after comparison
rise by itself (regression to the mean); matching stays within regency/province and kind; unmatched loci are
counted; the same seed gives the same figures."""

from __future__ import annotations

import numpy as np
import pytest

from impact.services import method
from impact.services.method import IN_PROVINCE, IN_REGENCY, UNMATCHED, Settings, Villages
from tests.impact.support import lowest, turnout_model

REGENCIES, PER_REGENCY, LOCI_PER_REGENCY = 40, 150, 8  # 6,000 villages over 40 regencies in 4 provinces


def generated(*, lift: float, seed: int = 7, shock: float = 0.0):
    """``shock``: the standard deviation of a change common to every village of a regency (drawn apart, so
    that the rest of the data is the same with or without it)."""
    n = REGENCIES * PER_REGENCY
    regency = np.repeat(np.arange(REGENCIES), PER_REGENCY)
    baseline, outcome, electorate = turnout_model(n, regencies=regency, seed=seed)
    outcome = outcome + np.random.default_rng(seed + 2).normal(0, 1, REGENCIES)[regency] * shock
    kind = (np.random.default_rng(seed + 1).random(n) < 0.15).astype(np.int64)  # some kelurahan
    # Loci: the lowest baseline turnouts of each regency, each kind.
    loci = np.union1d(
        lowest(baseline, regency * 2 + kind, LOCI_PER_REGENCY - 2),
        lowest(baseline, regency, LOCI_PER_REGENCY),
    )
    outcome = outcome.copy()
    outcome[loci] += lift
    comparison = np.ones(n, dtype=bool)
    comparison[loci] = False
    villages = Villages(
        kind=kind, regency=regency, province=regency // 10, baseline=baseline, outcome=outcome,
        electorate=electorate, comparison=comparison,
    )  # fmt: skip
    return villages, loci


DEFAULT = Settings()


def national(villages, loci, settings=DEFAULT):
    matching = method.match(villages, loci, settings)
    result = method.effects(villages, loci, matching, adjust=settings.adjust)
    figure = method.group_figure(np.arange(len(loci)), villages, loci, matching, result, settings, "nasional")
    return figure, matching, result


def naive(villages, loci) -> float:
    """Before/after: the loci's mean change against every other village's."""
    change = villages.change
    return float(change[loci].mean() - change[villages.comparison].mean())


def test_a_planted_lift_of_three_points_is_found_and_zero_is_excluded():
    villages, loci = generated(lift=3.0)
    figure, _matching, _result = national(villages, loci)
    assert len(villages) == 6000 and len(loci) > 300
    assert figure.low <= 3.0 <= figure.high, (figure.low, figure.effect, figure.high)
    assert figure.low > 0
    # The naive comparison is biased upwards by regression to the mean: loci were chosen low.
    assert naive(villages, loci) > 4.5


def test_no_effect_is_not_invented():
    villages, loci = generated(lift=0.0)
    figure, _matching, _result = national(villages, loci)
    assert figure.low <= 0.0 <= figure.high, (figure.low, figure.effect, figure.high)
    assert naive(villages, loci) > 1.5  # what a before/after comparison would have claimed


def test_without_the_adjustment_the_nearest_matches_keep_part_of_the_rise():
    """Why the matches' changes are adjusted: loci are their regency's lowest villages, so their nearest
    comparison villages still sit above them and rise less by themselves."""
    villages, loci = generated(lift=0.0)
    plain, _m, _r = national(villages, loci, Settings(adjust=False))
    adjusted, _m, _r = national(villages, loci)
    assert plain.effect > 0.8 and not plain.low <= 0 <= plain.high
    assert abs(adjusted.effect) < abs(plain.effect) / 3


def test_matches_stay_in_the_regency_or_province_and_kind_and_are_never_loci():
    villages, loci = generated(lift=0.0)
    _figure, matching, _result = national(villages, loci)
    for row, locus in enumerate(loci):
        found = matching.matches[row][matching.matches[row] >= 0]
        assert not np.isin(found, loci).any()
        assert (villages.kind[found] == villages.kind[locus]).all()
        if matching.level[row] == IN_REGENCY:
            assert len(found) == 3 and (villages.regency[found] == villages.regency[locus]).all()
        elif matching.level[row] == IN_PROVINCE:
            assert 1 <= len(found) <= 3 and (villages.province[found] == villages.province[locus]).all()
        else:
            assert len(found) == 0
        assert (matching.distances[row][: len(found)] <= 0.5).all()
        assert np.all(np.diff(matching.distances[row][: len(found)]) >= 0)  # nearest first
    # Loci are their regency's lowest villages: many need the province, and a few (the rarer kelurahan) find
    # nothing near enough at all.
    assert {IN_REGENCY, IN_PROVINCE, UNMATCHED} == set(matching.level.tolist())


def test_the_province_is_searched_when_the_regency_has_too_few_within_the_caliper():
    # Regency 0: one locus at 50% and comparison villages far above it; regency 1 (same province): villages
    # close to it. Regency 2 (another province): closer still, but never used.
    baseline = np.array([50.0, 80, 81, 82, 83, 50.5, 51, 49.5, 80, 50.1, 50.2, 50.3])
    villages = Villages(
        kind=np.zeros(12, dtype=np.int64), regency=np.array([0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2]),
        province=np.array([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1]), baseline=baseline, outcome=baseline + 2,
        electorate=np.full(12, 1000), comparison=np.ones(12, dtype=bool),
    )  # fmt: skip
    matching = method.match(villages, np.array([0]), Settings())
    assert matching.level[0] == IN_PROVINCE
    assert set(matching.matches[0].tolist()) == {5, 6, 7}


def test_a_locus_with_no_village_within_the_caliper_is_unmatched_and_counted():
    baseline = np.array([20.0, 80, 81, 82, 83, 84])
    zeros = np.zeros(6, dtype=np.int64)
    villages = Villages(
        kind=zeros, regency=zeros, province=zeros, baseline=baseline, outcome=baseline + 1,
        electorate=np.full(6, 1000), comparison=np.ones(6, dtype=bool),
    )  # fmt: skip
    figure, matching, result = national(villages, np.array([0]))
    assert matching.level[0] == UNMATCHED and (matching.matches[0] == -1).all()
    assert (figure.loci, figure.matched, figure.controls) == (1, 0, 0)
    assert figure.effect is None and figure.low is None and np.isnan(result.effect[0])


def test_a_group_of_fewer_than_five_matched_loci_gets_no_interval():
    """With two loci the draws' percentiles are the two loci's own effects, not an uncertainty."""
    villages, loci = generated(lift=0.0)
    _figure, matching, result = national(villages, loci)
    matched = np.flatnonzero(matching.matched)
    assert method.MIN_INTERVAL_LOCI == 5
    for n in (1, 2, 4):
        assert method.interval(matched[:n], matching, result, draws=1000, seed=1, key="k") is None
    assert method.interval(matched[:5], matching, result, draws=1000, seed=1, key="x") is not None
    assert method.bootstrap_interval(np.array([2.0]), draws=1000, seed=1, key="kabupaten:18.06") is None


def test_the_same_seed_gives_the_same_figures_and_another_seed_another_interval():
    villages, loci = generated(lift=3.0)
    first, _m, _r = national(villages, loci)
    again, _m, _r = national(villages, loci)
    other, _m, _r = national(villages, loci, Settings(seed=99))
    assert first == again
    assert other.effect == pytest.approx(first.effect) and (other.low, other.high) != (first.low, first.high)


def test_groups_are_seeded_by_their_key_not_their_order():
    villages, loci = generated(lift=0.0)
    _figure, matching, result = national(villages, loci)
    members = np.flatnonzero(matching.matched)[:50]
    a = method.interval(members, matching, result, draws=500, seed=5, key="provinsi:18")
    method.interval(members, matching, result, draws=500, seed=5, key="provinsi:53")  # another group first
    assert method.interval(members, matching, result, draws=500, seed=5, key="provinsi:18") == a
    assert method.interval(members, matching, result, draws=500, seed=5, key="provinsi:53") != a


# --- the interval: loci and their comparison villages ----------


def test_an_effect_is_the_locus_own_part_less_its_matches_parts():
    """What the interval resamples adds up to the effect exactly: the locus' own part and the residuals of
    its matches (each match's change less the change the adjustment's model expects of it)."""
    villages, loci = generated(lift=3.0, shock=2.0)
    _figure, matching, result = national(villages, loci)
    matched = matching.matched
    matches = matching.matches[matched]
    valid = matches >= 0
    residuals = np.where(valid, result.residual[np.where(valid, matches, 0)], 0.0)
    rebuilt = result.own[matched] - residuals.sum(axis=1) / valid.sum(axis=1)
    assert np.allclose(rebuilt, result.effect[matched])
    assert np.isfinite(result.residual[villages.comparison]).all()


def test_where_regencies_share_shocks_the_interval_is_wider_than_the_loci_bootstrap():
    """Villages of a regency share a shock to their change, and the loci, their regency's lowest villages,
    share their few low comparison villages: resampling the loci' effects alone counts a village shared by
    several loci as several independent villages, and its interval is too narrow (it held the true effect
    in about 86% of simulated runs, benchmarks/impact_coverage.py). The page's interval resamples each
    comparison village once, with its full weight."""
    villages, loci = generated(lift=3.0, shock=2.0)
    figure, matching, result = national(villages, loci)
    _used, uses = np.unique(matching.matches[matching.matches >= 0], return_counts=True)
    assert uses.max() >= 4  # comparison villages shared by several loci
    matched = np.flatnonzero(matching.matched)
    loci_only = method.bootstrap_interval(
        result.effect[matched], draws=1000, seed=DEFAULT.seed, key="nasional"
    )
    width, loci_width = figure.high - figure.low, loci_only[1] - loci_only[0]
    assert width > 1.15 * loci_width, (width, loci_width)
    assert figure.low <= 3.0 <= figure.high and figure.low > 0
    # Both are centred on the same estimate.
    assert abs((figure.low + figure.high) / 2 - (loci_only[0] + loci_only[1]) / 2) < 0.1 * width


def test_a_shock_common_to_a_whole_regency_moves_neither_the_estimate_nor_its_interval():
    """Matches in the locus' regency share its shock, and the adjustment's regency intercepts carry it to
    matches from elsewhere in the province: a change common to all of a regency's villages cancels."""
    calm, _loci = generated(lift=3.0)
    shaken, loci = generated(lift=3.0, shock=4.0)
    assert not np.allclose(calm.change, shaken.change)
    first, _m, _r = national(calm, loci)
    second, _m, _r = national(shaken, loci)
    for name in ("effect", "low", "high"):
        assert getattr(second, name) == pytest.approx(getattr(first, name), abs=1e-9), name
    assert second.adjustment != pytest.approx(first.adjustment)  # what carried the shock across regencies
