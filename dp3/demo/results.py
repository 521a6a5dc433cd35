"""Illustrative election results per village (``VillageResult``, ``illustrative=True``) for Pemilu 2019 and
Pemilu 2024 in the demo provinces, so that the *Dampak program* page has something to show; then the
estimates of the demo's programme years. Idempotent and repeatable: every figure comes from a hash of the
village code (``_stable_fraction``), and only villages without a row are written.

One truth: ``seed_evidence`` stores each village's Pemilu 2019 turnout as an ``ElectionIndicator``; the 2019
results here are built so that their derived turnout (``voters / (registered + additional)``) rounds to that
figure at two decimals. Pemilu 2024 = 2019 + a common trend + noise + a modest illustrative lift in the
designated loci (``LIFT``): made-up figures, labelled illustrative wherever they are shown.
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.db import transaction

from dp3.demo.loci import DEMO_PROVINCES, _stable_fraction, _standard_normal
from impact.services.estimates import estimate_compute
from impact.services.freshness import estimable_pairs
from locus import rules
from locus.models import Election, ElectionIndicator, Locus, Village, VillageResult
from regions.choices import VillageKind

BASELINE, OUTCOME = "pemilu-2019", "pemilu-2024"
TREND = 2.0  # points: the common change from 2019 to 2024 in the demo
NOISE = 2.5  # points: the standard deviation of a village's own change
LIFT = 2.5  # points: the illustrative lift in designated loci
VOTERS_PER_STATION = 280


def electorate_for(code: str, kind: str) -> tuple[int, int]:
    """(registered, additional) at Pemilu 2019: a kelurahan larger than a desa; 0–2% added on the day."""
    low, spread = (2500, 9000) if kind == VillageKind.KELURAHAN else (500, 3000)
    registered = int(low + spread * _stable_fraction(code, "dpt") ** 2)
    additional = int(registered * 0.02 * _stable_fraction(code, "dptb"))
    return registered, additional


def voters_for(percent: Decimal, registered: int, additional: int) -> tuple[int, int]:
    """The registered voters and the voters whose turnout, ``voters / (registered + additional)``, rounds
    half up to ``percent`` at two decimals. A small electorate's steps are wider than 0.01% (and a turnout
    near a simple fraction, 75% = 3/4, is reached only by some electorates), so the registered voters grow
    by one until such a count exists. Returns (registered, voters)."""
    cents = int(percent * 100)
    for more in range(0, 20000):
        electorate = registered + more + additional
        voters = round(cents * electorate / 10000)
        for candidate in (voters - 1, voters, voters + 1):
            # cents - 0.5 <= 10000 * voters / electorate < cents + 0.5, in integers.
            low, high = (2 * cents - 1) * electorate, (2 * cents + 1) * electorate
            if 0 <= candidate <= electorate and low <= 20000 * candidate < high:
                return registered + more, candidate
    raise ValueError(f"no voter count rounds to {percent}% from {registered} registered")


def _row(election: Election, code: str, registered: int, additional: int, voters: int) -> VillageResult:
    invalid = int(voters * (0.02 + 0.03 * _stable_fraction(code, f"invalid:{election.code}")))
    return VillageResult(
        election=election,
        village_id=code,
        district_code=code[:8],
        regency_code=code[:5],
        province_code=code[:2],
        polling_stations=max(1, math.ceil(registered / VOTERS_PER_STATION)),
        registered=registered,
        additional=additional,
        voters=voters,
        valid_votes=voters - invalid,
        invalid_votes=invalid,
        illustrative=True,
    )


@transaction.atomic
def seed_results() -> int:
    """The 2019 and 2024 results of every village in force in the demo provinces that has a Pemilu 2019
    indicator. Returns the number of rows created."""
    baseline, outcome = Election.objects.get(code=BASELINE), Election.objects.get(code=OUTCOME)
    turnout_2019 = dict(
        ElectionIndicator.objects.filter(
            election=baseline, province_code__in=DEMO_PROVINCES, turnout_percent__isnull=False
        ).values_list("region_code", "turnout_percent")
    )
    existing = set(
        VillageResult.objects.filter(province_code__in=DEMO_PROVINCES).values_list(
            "village_id", "election_id"
        )
    )
    treated = set(Locus.objects.filter(rules.treated_locus_q()).values_list("village_id", flat=True))
    villages = Village.objects.filter(
        district__regency__province_id__in=DEMO_PROVINCES, retired_at__isnull=True
    ).values_list("code", "kind")
    rows = []
    for code, kind in villages.iterator():
        percent = turnout_2019.get(code)
        if percent is None:
            continue
        registered, additional = electorate_for(code, kind)
        registered, voters = voters_for(percent, registered, additional)
        if (code, BASELINE) not in existing:
            rows.append(_row(baseline, code, registered, additional, voters))
        if (code, OUTCOME) not in existing:
            change = TREND + NOISE * _standard_normal(code, "change") + (LIFT if code in treated else 0.0)
            later = min(max(float(percent) + change, 35.0), 97.0)
            registered_2024 = int(registered * (1.0 + 0.08 * _stable_fraction(code, "growth")))
            additional_2024 = int(registered_2024 * 0.02 * _stable_fraction(code, "dptb-2024"))
            electorate = registered_2024 + additional_2024
            rows.append(
                _row(
                    outcome,
                    code,
                    registered_2024,
                    additional_2024,
                    min(round(electorate * later / 100), electorate),
                )
            )
    VillageResult.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def seed_estimates() -> list:
    """Compute the estimate of every programme year with designated loci and results before and after it
    (the demo: 2021 at Pemilu 2024, against Pemilu 2019), synchronously."""
    return [estimate_compute(year=year, election=code) for year, code in estimable_pairs()]
