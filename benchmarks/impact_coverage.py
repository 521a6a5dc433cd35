"""How often does the impact estimate's 95% interval hold the true effect? ``python
benchmarks/impact_coverage.py [--runs 300] [--draws 1000] [--scenarios quarter lowest] [--regency-shock 2]
[--district-shock 0] [--seed 1]``.

No database: the method (``impact.services.method``) runs on simulated villages, as the worker runs it on the
real ones. Each run draws a new country from one seeded numpy generator:

- 8 provinces of 3, 4, 5, 7, 9, 12, 15 and 20 regencies (75 regencies: provinces on both sides of the five
  regencies a cluster bootstrap needs), a regency of 25 to 500 villages (about 130), kecamatan of about 15
  villages; a share of kelurahan that varies by regency (about one in seven), with three times the electorate;
- a lasting turnout level per village: 79% + a province level (SD 2) + a regency level (SD 3) + the village's
  own (SD 4), lower in larger villages (-1.5 points per unit of log electorate);
- Pemilu 2019 turnout = the lasting level + a **transient** part (SD 3, so that a village chosen for a low
  2019 figure rises by itself: regression to the mean);
- the change to Pemilu 2024 = +2 points + a **shock common to the regency** (SD ``--regency-shock``, 2) + a
  shock common to the kecamatan (SD ``--district-shock``, none by default) + the **village's own noise**
  (SD 3), and the planted effect in the loci: **+3.0 or 0**;
- loci: 6% of each regency's villages (at least one), chosen for **low 2019 turnout**. Scenario ``quarter``:
  at random among the lowest quarter of their regency (as ``benchmarks/impact.py`` picks them; most find
  comparison villages in their regency); ``lowest``: the lowest villages of their regency (as
  ``tests/impact/test_method.py``; most fall back to the province, and its few low comparison villages serve
  many loci).

Then the estimate with the page's settings (3 nearest within the regency, else the province, caliper 0.5,
the adjustment) and five intervals of ``--draws`` draws for the country, each province and each regency with
two or more matched loci:

(a)  the plain bootstrap of loci (``method.bootstrap_interval``: the interval before this study);
(b)  the loci resampled and, in each draw, every comparison village reweighted (exponential weights, mean 1):
     each locus' matches' mean is recomputed with the draw's weights;
(b') the bootstrap of loci and comparison villages (``method.interval``, after Otsu and Rai 2017): each locus'
     effect split into its own part and its matches' parts; the loci's own parts and the comparison
     villages' parts (weighted by how often the group uses each) resampled independently;
(c)  a cluster bootstrap: the group's regencies resampled with their loci's effects; (a) in a group with fewer
     than 5 regencies (a regency's own estimate);
(c') the group's regencies resampled with their loci's own parts and their comparison villages' parts (a
     village shared by loci of two regencies counted once, in its own regency); (b') in a group with fewer
     than 5 regencies.

Prints, per scenario, how the loci were matched, how often a comparison village is shared, the spread of the
national estimate over the runs, and a Markdown table of coverage (the share of intervals holding the planted
effect) and mean width, per method, effect and level, for docs/benchmarks.md ("Impact estimate").
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import zlib
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from impact.services import method  # noqa: E402 (numpy only, no Django)

PROVINCE_REGENCIES = (3, 4, 5, 7, 9, 12, 15, 20)
LOCUS_SHARE = 0.06
MIN_CLUSTERS = 5
METHODS = ("a", "b", "b'", "c", "c'")
NAMES = {
    "a": "(a) loci",
    "b": "(b) loci, comparison villages reweighted",
    "b'": "(b') loci and comparison villages (**default**)",
    "c": "(c) regencies, else (a)",
    "c'": "(c') regencies with loci and comparison villages, else (b')",
}
LEVELS = ("national", "province", "regency")


# --- the data ----------------------------------------------------------------------------------------------


def country(
    rng: np.random.Generator, *, lift: float, scenario: str, regency_shock: float, district_shock: float
):
    """Villages with both elections' turnout and the loci (positions), as the module's description says."""
    regency_province = np.repeat(np.arange(len(PROVINCE_REGENCIES)), PROVINCE_REGENCIES)
    regencies = len(regency_province)
    sizes = np.clip(np.round(np.exp(rng.normal(np.log(130), 0.6, regencies))), 25, 500).astype(int)
    regency = np.repeat(np.arange(regencies), sizes)
    n = len(regency)
    province = regency_province[regency]
    place = np.concatenate([np.arange(size) for size in sizes])
    _codes, district = np.unique(regency * 1000 + place // 15, return_inverse=True)
    kind = (rng.random(n) < rng.beta(1, 6, regencies)[regency]).astype(np.int64)  # 1: kelurahan
    electorate = (np.exp(rng.normal(7.3, 0.6, n)) + 80).astype(np.int64)
    electorate[kind == 1] *= 3
    level = 79 + rng.normal(0, 2, len(PROVINCE_REGENCIES))[province] + rng.normal(0, 3, regencies)[regency]
    lasting = level + rng.normal(0, 4, n) - 1.5 * (np.log(electorate) - 7.3)
    baseline = np.clip(lasting + rng.normal(0, 3, n), 20, 99)
    shock = rng.normal(0, regency_shock, regencies)[regency]
    shock += rng.normal(0, district_shock, district.max() + 1)[district] if district_shock else 0.0
    outcome = lasting + 2.0 + shock + rng.normal(0, 3, n)
    loci = []
    for index in range(regencies):
        members = np.flatnonzero(regency == index)
        take = max(1, round(LOCUS_SHARE * len(members)))
        ordered = members[np.argsort(baseline[members])]
        if scenario == "lowest":
            loci.extend(ordered[:take].tolist())
        else:
            loci.extend(rng.choice(ordered[: max(take, len(members) // 4)], take, replace=False).tolist())
    loci = np.asarray(sorted(loci))
    outcome[loci] += lift
    comparison = np.ones(n, dtype=bool)
    comparison[loci] = False
    villages = method.Villages(
        kind=kind, regency=regency, province=province, baseline=baseline, outcome=np.clip(outcome, 20, 99),
        electorate=electorate, comparison=comparison,
    )  # fmt: skip
    return villages, loci


# --- the intervals that are not the method's ----------------------------------------------------------------


def _percentiles(means: np.ndarray) -> tuple[float, float]:
    low, high = np.nanpercentile(means, [2.5, 97.5])
    return float(low), float(high)


def _generator(seed: int, key: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(key.encode()), 7])


def _group_villages(members, matching, result):
    """The group's comparison villages, each one's part (its residual × its share of the group's matches),
    and for each matched locus the positions of its matches among them (-1: none)."""
    matches = matching.matches[members]
    valid = matches >= 0
    share = valid / valid.sum(axis=1, keepdims=True)
    villages, inverse = np.unique(matches[valid], return_inverse=True)
    parts = np.bincount(inverse, weights=share[valid], minlength=len(villages)) * result.residual[villages]
    positions = np.full(matches.shape, -1)
    positions[valid] = inverse
    return villages, parts, positions


def reweighted(members, matching, result, *, draws: int, seed: int, key: str):
    """(b): loci resampled; each comparison village weighted Exp(1) in the draw, and each locus' matches'
    mean recomputed with those weights. A match's adjusted change is the locus' expected change plus the
    match's residual, so a locus' effect under weights w is ``own - sum(w r) / sum(w)``."""
    n = len(members)
    if n < 2:
        return None
    villages, _parts, positions = _group_villages(members, matching, result)
    valid = positions >= 0
    safe = np.where(valid, positions, 0)
    residual = np.where(valid, result.residual[villages][safe], 0.0)
    own = result.own[members]
    generator = _generator(seed, key)
    means = np.empty(draws)
    chunk = max(1, method.CHUNK_CELLS // (n * positions.shape[1]))
    for start in range(0, draws, chunk):
        size = min(chunk, draws - start)
        weights = generator.exponential(1.0, (size, len(villages)))[:, safe] * valid
        effect = own - (weights * residual).sum(axis=2) / weights.sum(axis=2)
        drawn = generator.integers(0, n, (size, n))
        means[start : start + size] = np.take_along_axis(effect, drawn, axis=1).mean(axis=1)
    return _percentiles(means)


def _clusters(totals: np.ndarray, loci: np.ndarray, *, draws: int, seed: int, key: str):
    generator = _generator(seed, key)
    drawn = generator.integers(0, len(totals), (draws, len(totals)))
    counted = loci[drawn].sum(axis=1).astype(float)
    counted[counted == 0] = np.nan
    return _percentiles(totals[drawn].sum(axis=1) / counted)


def cluster_effects(members, villages, loci, result, *, draws: int, seed: int, key: str):
    """(c): the group's regencies resampled, each with its loci's effects."""
    _keys, cluster = np.unique(villages.regency[loci[members]], return_inverse=True)
    totals = np.bincount(cluster, weights=result.effect[members])
    return _clusters(totals, np.bincount(cluster), draws=draws, seed=seed, key=key)


def cluster_parts(members, villages, loci, matching, result, *, draws: int, seed: int, key: str):
    """(c'): the group's regencies (those of its loci and of their comparison villages) resampled, each with
    its loci's own parts less its comparison villages' parts; the mean is over the loci drawn."""
    group_villages, parts, _positions = _group_villages(members, matching, result)
    locus_regencies = villages.regency[loci[members]]
    _keys, cluster = np.unique(
        np.concatenate([locus_regencies, villages.regency[group_villages]]), return_inverse=True
    )
    of_loci, of_villages = cluster[: len(members)], cluster[len(members) :]
    size = cluster.max() + 1
    totals = np.bincount(of_loci, weights=result.own[members], minlength=size)
    totals -= np.bincount(of_villages, weights=parts, minlength=size)
    return _clusters(totals, np.bincount(of_loci, minlength=size), draws=draws, seed=seed, key=key)


# --- a run -------------------------------------------------------------------------------------------------


def run(seed: int, *, lift: float, scenario: str, draws: int, regency_shock: float, district_shock: float):
    """One country, its estimate and every group's five intervals, with matching statistics:
    ({level: [(effect, {method: (low, high)})]}, statistics)."""
    villages, loci = country(
        np.random.default_rng(seed), lift=lift, scenario=scenario, regency_shock=regency_shock,
        district_shock=district_shock,
    )  # fmt: skip
    settings = method.Settings(draws=draws, seed=seed)
    matching = method.match(villages, loci, settings)
    result = method.effects(villages, loci, matching)
    matched = matching.matched
    groups = {("national", "nasional"): np.flatnonzero(matched)}
    for level, regions, prefix in (
        ("province", villages.province[loci], "provinsi"),
        ("regency", villages.regency[loci], "kabupaten"),
    ):
        for region in np.unique(regions):
            groups[(level, f"{prefix}:{region}")] = np.flatnonzero(matched & (regions == region))
    figures = defaultdict(list)
    for (level, key), members in groups.items():
        if len(members) < 2:
            continue
        effects = result.effect[members]
        plain = method.bootstrap_interval(effects, draws=draws, seed=seed, key=key)
        linear = method.interval(members, matching, result, draws=draws, seed=seed, key=key)
        few = len(np.unique(villages.regency[loci[members]])) < MIN_CLUSTERS
        intervals = {
            "a": plain,
            "b": reweighted(members, matching, result, draws=draws, seed=seed, key=key),
            "b'": linear,
            "c": plain
            if few
            else cluster_effects(members, villages, loci, result, draws=draws, seed=seed, key=key),
            "c'": linear
            if few
            else cluster_parts(members, villages, loci, matching, result, draws=draws, seed=seed, key=key),
        }
        figures[level].append((float(effects.mean()), intervals))
    used = matching.matches[matched]
    _villages, uses = np.unique(used[used >= 0], return_counts=True)
    statistics = {
        "villages": len(villages),
        "loci": len(loci),
        "in_regency": float((matching.level == method.IN_REGENCY).mean()),
        "in_province": float((matching.level == method.IN_PROVINCE).mean()),
        "unmatched": float((matching.level == method.UNMATCHED).mean()),
        # Of the matches, the mean number of loci that share the village of a match (1: none shared).
        "sharing": float((uses**2).sum() / uses.sum()),
    }
    return figures, statistics


def study(scenario: str, options) -> None:
    started = time.perf_counter()
    hits = defaultdict(int)
    widths = defaultdict(float)
    counts = defaultdict(int)
    national_errors = []
    stats = defaultdict(list)
    for lift in (3.0, 0.0):
        for index in range(options.runs):
            seed = options.seed * 1_000_003 + index * 2 + (lift == 0.0)
            figures, statistics = run(
                seed, lift=lift, scenario=scenario, draws=options.draws, regency_shock=options.regency_shock,
                district_shock=options.district_shock,
            )  # fmt: skip
            for name, value in statistics.items():
                stats[name].append(value)
            for level, rows in figures.items():
                for effect, intervals in rows:
                    if level == "national":
                        national_errors.append(effect - lift)
                    counts[(lift, level)] += 1
                    for name, (low, high) in intervals.items():
                        hits[(lift, level, name)] += low <= lift <= high
                        widths[(lift, level, name)] += high - low
    mean = {name: float(np.mean(values)) for name, values in stats.items()}
    errors = np.asarray(national_errors)
    print(
        f"\n### Scenario `{scenario}`: {options.runs} runs per effect, {options.draws:,} draws; "
        f"regency shock SD {options.regency_shock:g}, kecamatan shock SD {options.district_shock:g}\n"
    )
    print(
        f"About {mean['villages']:,.0f} villages and {mean['loci']:,.0f} loci per run; loci matched in their "
        f"regency {mean['in_regency']:.0%}, in their province {mean['in_province']:.0%}, unmatched "
        f"{mean['unmatched']:.0%}; a match's village serves {mean['sharing']:.2f} loci on average. The "
        f"national estimate missed the planted effect by {errors.mean():+.3f} points on average, with a "
        f"standard deviation of {errors.std():.3f} over the runs (an interval of ±{1.96 * errors.std():.2f} "
        f"would be right). {time.perf_counter() - started:.0f} s.\n"
    )
    header = "| method | effect |"
    rule = "|---|---:|"
    for level in LEVELS:
        groups = counts[(3.0, level)] + counts[(0.0, level)]
        header += f" {level} ({groups:,} intervals): coverage | mean width |"
        rule += "---:|---:|"
    print(header)
    print(rule)
    for name in METHODS:
        for lift in (3.0, 0.0):
            row = f"| {NAMES[name]} | {lift:+.1f} |"
            for level in LEVELS:
                count = counts[(lift, level)]
                row += (
                    f" {hits[(lift, level, name)] / count:.1%} | {widths[(lift, level, name)] / count:.2f} |"
                )
            print(row)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=300, help="runs per planted effect (+3.0 and 0)")
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument(
        "--scenarios", nargs="+", default=["quarter", "lowest"], choices=["quarter", "lowest"]
    )
    parser.add_argument(
        "--regency-shock", type=float, default=2.0, help="SD of the change common to a regency"
    )
    parser.add_argument(
        "--district-shock", type=float, default=0.0, help="SD of the change common to a kecamatan"
    )
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    print(
        f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, numpy {np.__version__}; load average at start {os.getloadavg()[0]:.1f}"
    )
    for scenario in options.scenarios:
        study(scenario, options)


if __name__ == "__main__":
    main()
