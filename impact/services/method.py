"""The method: a matched difference-in-differences on arrays (numpy), with no database, so that it can be
tested on generated data and timed on its own (docs/developer/impact.md).

1. Every village with results at both elections has a baseline turnout, an outcome turnout and a baseline
   electorate; a locus is one of them. The distance between two villages is the Euclidean distance of their
   baseline turnout and log electorate, each standardised (divided by its standard deviation over the loci
   and the comparison villages).
2. Each locus takes its ``neighbours`` nearest comparison villages of the same kind (desa, kelurahan, desa
   adat) in its own regency, within ``caliper``. When its regency has fewer than ``neighbours`` of them
   within the caliper, it takes the nearest within the caliper in its province instead (its regency's among
   them). A locus with none within the caliper in its province is unmatched: counted, not estimated.
   Matching is with replacement: a village may serve several loci.
3. A locus' effect is its turnout change minus the mean change of its matches, in percentage points; a
   group's estimate is the mean over its matched loci (the effect on the treated, ATT).

   Each match's change is first *adjusted* for what still separates it from the locus (``adjust``, on by
   default): the bias correction of Abadie and Imbens (2011). Loci are chosen for low turnout, and their
   nearest comparison villages still sit a little above them (the lowest villages of a regency are the loci
   themselves) or, matched in the province, in another regency; a village with a lower baseline rises more
   by itself (regression to the mean), so the plain difference keeps part of that rise. The adjustment is
   read from the comparison villages alone: a regression of their change on baseline turnout and log
   electorate within regencies (regency intercepts), and a match's change is moved by the slope times the
   locus' and the match's difference, plus the difference of their regencies' intercepts. On generated data
   where loci are the lowest villages of their regency, the plain matched difference kept +1.4 points of a
   true zero and the adjusted one +0.1 (``tests/impact/test_method.py``).
4. The 95% interval: ``draws`` bootstrap samples that resample the group's matched loci *and* the comparison
   villages they use (``interval``). A locus' effect splits exactly into its own part (its change minus the
   change the adjustment's model expects of it) and its matches' parts (each match's change minus the change
   expected of it, shared by every locus that uses the match); the group's mean is the loci's own parts less
   each comparison village's part weighted by how often the group uses it. Each draw resamples the loci's own
   parts and, independently, the comparison villages' weighted parts (after Otsu and Rai's 2017 bootstrap of a
   matching estimator's linear parts), which counts a comparison village's chance once, with its full weight,
   however many loci share it. Resampling the loci's effects alone (``bootstrap_interval``) treats a village
   shared by five loci as five independent villages: in simulated data (``benchmarks/impact_coverage.py``,
   docs/benchmarks.md) its 95% interval held the true effect in 84-94% of runs nationally and per province,
   this one in 92-95%. A shock common to a whole regency needs nothing more: the matches in the locus' regency
   share it, and the regency intercepts of step 3 carry it to the others. The 2.5th and 97.5th percentiles of
   the draws' means. Each group's draws come from a generator seeded with the estimate's seed and the group's
   key, so the same data give the same figures whatever the order in which groups are computed. A group of
   fewer than ``MIN_INTERVAL_LOCI`` matched loci gets no interval: the draws of two or three loci take only a
   handful of distinct values, and their percentiles are the loci's own extremes, not an uncertainty.

Vectorised: the matching loops over regencies (and provinces for the loci that fall back), never over loci;
each group's bootstrap is a matrix of draws × (loci + comparison villages), in chunks that keep memory flat.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

# Matching levels, per locus.
UNMATCHED, IN_REGENCY, IN_PROVINCE = 0, 1, 2
# The fewest matched loci a group needs for an interval (step 4).
MIN_INTERVAL_LOCI = 5
# A bootstrap chunk holds at most this many drawn indices (8 bytes each, and as many values gathered).
CHUNK_CELLS = 2_000_000


@dataclass(frozen=True)
class Villages:
    """One entry per village with results at both elections (arrays of equal length, in a fixed order)."""

    kind: np.ndarray  # int: the village's kind (desa, kelurahan, desa adat)
    regency: np.ndarray  # int: its regency
    province: np.ndarray  # int: its province
    baseline: np.ndarray  # float: turnout at the baseline election, percent
    outcome: np.ndarray  # float: turnout at the outcome election, percent
    electorate: np.ndarray  # int: the electorate at the baseline election (registered + additional)
    comparison: np.ndarray  # bool: may serve as a comparison village (never a locus)

    def __len__(self) -> int:
        return len(self.baseline)

    @property
    def change(self) -> np.ndarray:
        return self.outcome - self.baseline


@dataclass(frozen=True)
class Settings:
    neighbours: int = 3
    caliper: float = 0.5
    draws: int = 1000
    seed: int = 20210101
    adjust: bool = True  # the bias correction of step 3


@dataclass(frozen=True)
class Matching:
    """Per locus (rows in the order of the loci given): the indices of its matches (-1: none), their
    distances (inf: none), and where they were found (UNMATCHED, IN_REGENCY, IN_PROVINCE)."""

    matches: np.ndarray  # (loci, neighbours) int
    distances: np.ndarray  # (loci, neighbours) float
    level: np.ndarray  # (loci,) int8

    @property
    def matched(self) -> np.ndarray:
        return self.level != UNMATCHED


@dataclass(frozen=True)
class Effects:
    """Per locus: its change, the mean change of its matches, the mean adjustment of their changes and its
    effect, ``change - match_change - adjustment`` (NaN when unmatched).

    For the interval (step 4), the effect's two parts: per village, ``residual``, its change minus the change
    the adjustment's model expects of it (``change_model``); per locus, ``own``, its effect plus the mean
    residual of its matches. So ``effect == own - mean(residual[matches])`` exactly: the locus' own chance
    and its matches' chance, which other loci may share."""

    change: np.ndarray
    match_change: np.ndarray
    match_baseline: np.ndarray
    adjustment: np.ndarray
    effect: np.ndarray
    own: np.ndarray
    residual: np.ndarray


@dataclass(frozen=True)
class GroupFigure:
    """A group's figures (``ImpactFigure``): ``loci`` with results at both elections, ``matched`` of them with
    comparison villages, ``controls`` distinct comparison villages used; means over the matched loci."""

    loci: int
    matched: int
    controls: int
    locus_baseline: float | None
    match_baseline: float | None
    locus_change: float | None
    match_change: float | None
    adjustment: float | None
    effect: float | None
    low: float | None
    high: float | None


def standardised(villages: Villages, loci: np.ndarray) -> np.ndarray:
    """The two matching features, baseline turnout and log electorate, divided by their standard deviations
    over the loci and the comparison villages: an (n, 2) array."""
    features = _features(villages)
    pool = villages.comparison.copy()
    pool[loci] = True
    spread = features[pool].std(axis=0) if pool.any() else np.ones(2)
    spread[~(spread > 0)] = 1.0
    return features / spread


def _nearest(z, loci, locus_groups, pool, pool_groups, neighbours: int, caliper: float):
    """For each locus, its ``neighbours`` nearest villages of ``pool`` with the same group key within
    ``caliper``: (indices with -1 for none, distances with inf for none). One pass per group."""
    found = np.full((len(loci), neighbours), -1, dtype=np.int64)
    distances = np.full((len(loci), neighbours), np.inf)
    if not len(loci) or not len(pool):
        return found, distances
    pool_order = np.argsort(pool_groups, kind="stable")
    sorted_pool, sorted_keys = pool[pool_order], pool_groups[pool_order]
    locus_order = np.argsort(locus_groups, kind="stable")
    keys, locus_starts = np.unique(locus_groups[locus_order], return_index=True)
    locus_ends = np.append(locus_starts[1:], len(loci))
    pool_starts = np.searchsorted(sorted_keys, keys, side="left")
    pool_ends = np.searchsorted(sorted_keys, keys, side="right")
    for index in range(len(keys)):
        candidates = sorted_pool[pool_starts[index] : pool_ends[index]]
        if not len(candidates):
            continue
        rows = locus_order[locus_starts[index] : locus_ends[index]]
        gap = z[loci[rows]][:, None, :] - z[candidates][None, :, :]
        distance = np.sqrt((gap * gap).sum(axis=2))
        distance[distance > caliper] = np.inf
        take = min(neighbours, len(candidates))
        if len(candidates) > take:
            nearest = np.argpartition(distance, take - 1, axis=1)[:, :take]
        else:
            nearest = np.broadcast_to(np.arange(take), (len(rows), take))
        near = np.take_along_axis(distance, nearest, axis=1)
        order = np.argsort(near, axis=1, kind="stable")
        nearest = np.take_along_axis(nearest, order, axis=1)
        near = np.take_along_axis(near, order, axis=1)
        chosen = candidates[nearest]
        chosen[~np.isfinite(near)] = -1
        found[rows, :take] = chosen
        distances[rows, :take] = near
    return found, distances


def match(villages: Villages, loci: np.ndarray, settings: Settings) -> Matching:
    """Each locus' comparison villages (see the module's description): its regency first, its province when
    the regency has too few within the caliper."""
    loci = np.asarray(loci, dtype=np.int64)
    k = settings.neighbours
    z = standardised(villages, loci)
    comparison = villages.comparison.copy()
    comparison[loci] = False  # a locus is never its own or another's comparison village
    pool = np.flatnonzero(comparison)
    kinds = int(villages.kind.max(initial=0)) + 1

    def key(regions: np.ndarray, at: np.ndarray) -> np.ndarray:
        return regions[at].astype(np.int64) * kinds + villages.kind[at]

    found, distances = _nearest(
        z, loci, key(villages.regency, loci), pool, key(villages.regency, pool), k, settings.caliper
    )
    level = np.where((found >= 0).any(axis=1), IN_REGENCY, UNMATCHED).astype(np.int8)
    short = np.flatnonzero((found >= 0).sum(axis=1) < k)
    if len(short):
        wide, wide_distances = _nearest(
            z, loci[short], key(villages.province, loci[short]), pool, key(villages.province, pool), k,
            settings.caliper,
        )  # fmt: skip
        found[short], distances[short] = wide, wide_distances
        level[short] = np.where((wide >= 0).any(axis=1), IN_PROVINCE, UNMATCHED)
    return Matching(matches=found, distances=distances, level=level)


def _features(villages: Villages) -> np.ndarray:
    return np.column_stack([villages.baseline, np.log(np.maximum(villages.electorate, 1))]).astype(float)


def change_model(villages: Villages, loci: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How a comparison village's change goes with its baseline turnout and log electorate, within its
    regency: the slopes (2,) and each regency's intercept (regencies without comparison villages: NaN),
    from a least-squares fit on the comparison villages (loci excluded)."""
    comparison = villages.comparison.copy()
    comparison[loci] = False
    pool = np.flatnonzero(comparison)
    regencies = int(villages.regency.max(initial=0)) + 1
    intercepts = np.full(regencies, np.nan)
    if len(pool) < 3:
        return np.zeros(2), intercepts
    features, change, regency = _features(villages)[pool], villages.change[pool], villages.regency[pool]
    counts = np.bincount(regency, minlength=regencies)

    def within(values: np.ndarray) -> np.ndarray:
        return (
            values
            - (np.bincount(regency, weights=values, minlength=regencies) / np.maximum(counts, 1))[regency]
        )

    slopes = np.linalg.lstsq(
        np.column_stack([within(features[:, 0]), within(features[:, 1])]), within(change), rcond=None
    )[0]
    residual = change - features @ slopes
    with np.errstate(invalid="ignore", divide="ignore"):
        intercepts = np.bincount(regency, weights=residual, minlength=regencies) / counts
    return slopes, np.where(counts > 0, intercepts, np.nan)


def effects(villages: Villages, loci: np.ndarray, matching: Matching, *, adjust: bool = True) -> Effects:
    """Each locus' change, its matches' mean change and baseline, the mean adjustment of their changes
    (step 3 of the module's description; zero with ``adjust=False``) and its effect (NaN when unmatched),
    with the effect's two parts for the interval (``Effects``)."""
    change = villages.change
    valid = matching.matches >= 0
    safe = np.where(valid, matching.matches, 0)
    count = valid.sum(axis=1)
    shift = np.zeros(safe.shape)
    slopes, intercepts = change_model(villages, loci)
    features = _features(villages)
    if adjust and len(loci):
        shift = (features[loci][:, None, :] - features[safe]) @ slopes
        regency_gap = intercepts[villages.regency[loci]][:, None] - intercepts[villages.regency[safe]]
        shift += np.where(np.isfinite(regency_gap), regency_gap, 0.0)
    # A comparison village's regency has an intercept (it is in the fit), so its residual is finite; with
    # too few comparison villages for a fit (fewer than three) there is none, and the residuals are taken as
    # zero: the interval is then the plain bootstrap of the loci's effects.
    residual = change - features @ slopes - intercepts[villages.regency]
    residual[~np.isfinite(residual)] = 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        match_change = np.where(valid, change[safe], 0.0).sum(axis=1) / count
        match_baseline = np.where(valid, villages.baseline[safe], 0.0).sum(axis=1) / count
        adjustment = np.where(valid, shift, 0.0).sum(axis=1) / count
        match_residual = np.where(valid, residual[safe], 0.0).sum(axis=1) / count
    locus_change = change[loci]
    effect = locus_change - match_change - adjustment
    return Effects(
        change=locus_change,
        match_change=match_change,
        match_baseline=match_baseline,
        adjustment=adjustment,
        effect=effect,
        own=effect + match_residual,
        residual=residual,
    )


def _generator(seed: int, key: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(key.encode())])


def interval(
    members: np.ndarray, matching: Matching, result: Effects, *, draws: int, seed: int, key: str
) -> tuple[float, float] | None:
    """The group's 95% interval (step 4 of the module's description): ``draws`` resamples of its matched
    loci's own parts and, independently, of its comparison villages' parts, each village's residual
    weighted by its share in the group's matches (a village matched to two loci, one of three matches each:
    2/3). The 2.5th and 97.5th percentiles of the draws' means; None for fewer than ``MIN_INTERVAL_LOCI``
    matched loci.
    ``members``: positions of matched loci. Seeded by ``seed`` and the group's ``key``."""
    n = len(members)
    if n < MIN_INTERVAL_LOCI or draws < 1:
        return None
    matches = matching.matches[members]
    valid = matches >= 0
    share = valid / valid.sum(axis=1, keepdims=True)
    villages, inverse = np.unique(matches[valid], return_inverse=True)
    parts = np.bincount(inverse, weights=share[valid], minlength=len(villages)) * result.residual[villages]
    own = result.own[members]
    generator = _generator(seed, key)
    means = np.empty(draws)
    chunk = max(1, CHUNK_CELLS // (n + len(villages)))
    for start in range(0, draws, chunk):
        size = min(chunk, draws - start)
        loci_sum = own[generator.integers(0, n, size=(size, n))].sum(axis=1)
        villages_sum = parts[generator.integers(0, len(parts), size=(size, len(parts)))].sum(axis=1)
        means[start : start + size] = (loci_sum - villages_sum) / n
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)


def bootstrap_interval(values: np.ndarray, *, draws: int, seed: int, key: str) -> tuple[float, float] | None:
    """The plain bootstrap of loci: the 2.5th and 97.5th percentiles of the means of ``draws`` resamples of
    ``values`` (the loci's effects, with replacement); None for fewer than two values. Not the page's
    interval (``interval``): too narrow where loci share comparison villages, kept to measure against it
    (``benchmarks/impact_coverage.py``, ``tests/impact/test_method.py``)."""
    n = len(values)
    if n < 2 or draws < 1:
        return None
    generator = _generator(seed, key)
    means = np.empty(draws)
    chunk = max(1, CHUNK_CELLS // n)
    for start in range(0, draws, chunk):
        size = min(chunk, draws - start)
        drawn = generator.integers(0, n, size=(size, n))
        means[start : start + size] = values[drawn].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)


def _mean(values: np.ndarray) -> float | None:
    return float(values.mean()) if len(values) else None


def group_figure(
    members: np.ndarray, villages: Villages, loci: np.ndarray, matching: Matching, result: Effects,
    settings: Settings, key: str,
) -> GroupFigure:  # fmt: skip
    """The figures of a group of loci (``members``: positions in ``loci``)."""
    matched = members[matching.matched[members]]
    used = matching.matches[matched]
    bounds = interval(matched, matching, result, draws=settings.draws, seed=settings.seed, key=key)
    return GroupFigure(
        loci=len(members),
        matched=len(matched),
        controls=len(np.unique(used[used >= 0])),
        locus_baseline=_mean(villages.baseline[loci[matched]]),
        match_baseline=_mean(result.match_baseline[matched]),
        locus_change=_mean(result.change[matched]),
        match_change=_mean(result.match_change[matched]),
        adjustment=_mean(result.adjustment[matched]),
        effect=_mean(result.effect[matched]),
        low=bounds[0] if bounds else None,
        high=bounds[1] if bounds else None,
    )


def groups_of(labels: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The positions of the loci sharing each label: {"18": array([0, 4, 9]), …} for each array of labels
    given under a prefix (``{"provinsi": provinces}`` → keys "provinsi:18"…)."""
    groups: dict[str, np.ndarray] = {}
    for prefix, values in labels.items():
        values = np.asarray(values)
        order = np.argsort(values, kind="stable")
        keys, starts = np.unique(values[order], return_index=True)
        ends = np.append(starts[1:], len(values))
        for value, start, end in zip(keys.tolist(), starts, ends, strict=True):
            groups[f"{prefix}:{value}"] = np.sort(order[start:end])
    return groups
