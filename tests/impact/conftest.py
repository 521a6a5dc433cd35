"""A small generated electorate on the test world's real codes: villages in Tanggamus (two districts), in a
second Lampung regency (18.07) and in Flores Timur (NTT), with results at Pemilu 2019 and 2024, and
designated 2021 loci chosen for their LOW baseline turnout (Gunung Kasih among them), lifted by 3 points."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pytest

from locus.choices import LocusCategory, LocusStatus
from locus.models import Locus, Village
from tests.impact.support import district_in, lowest, results, turnout_model, villages_in
from tests.locus.factories import LocusFactory

LIFT = 3.0


@dataclass
class Electorate:
    codes: list[str]
    loci: list[Locus]
    baseline: dict[str, float] = field(default_factory=dict)
    outcome: dict[str, float] = field(default_factory=dict)
    missing: Locus | None = None  # a designated locus without results


def make_electorate(world, *, lift: float = LIFT, illustrative: bool = False, seed: int = 3) -> Electorate:
    places = [
        (world.pugung, 60, 0),
        (district_in("18.06", 21), 40, 0),
        (district_in("18.07", 1), 50, 1),
        (world.larantuka, 60, 2),
    ]
    codes, regency = [world.gunung_kasih.code, "18.06.21.2005", world.flotim_village.code], [0, 0, 2]
    for district, count, group in places:
        made = villages_in(district, count, kelurahan_every=7)
        codes += made
        regency += [group] * len(made)
    regency = np.asarray(regency)
    baseline, outcome, electorate = turnout_model(len(codes), regencies=regency, seed=seed)
    baseline[0] = min(baseline[regency == 0]) - 1  # Gunung Kasih: the lowest of Tanggamus
    kinds = dict(Village.objects.filter(code__in=codes).values_list("code", "kind"))
    kind = np.asarray([1 if kinds[code] == "kelurahan" else 0 for code in codes])
    # The lowest desa of each regency (the locus' villages are desa but Waibalun, a kelurahan).
    chosen = np.union1d(lowest(np.where(kind == 0, baseline, np.inf), regency, 4), [0, 2])
    outcome = outcome.copy()
    outcome[chosen] += lift
    results(codes, baseline=baseline, outcome=outcome, electorate=electorate, illustrative=illustrative)
    categories = [LocusCategory.LOW_TURNOUT, LocusCategory.CONFLICT_DISASTER]
    loci = [
        LocusFactory(village=Village.objects.get(code=codes[index]), category=categories[n % 2])
        for n, index in enumerate(chosen.tolist())
    ]
    missing_village = villages_in(world.pugung, 1, first=2901)[0]
    missing = LocusFactory(
        village=Village.objects.get(code=missing_village), category=LocusCategory.HIGH_VIOLATION
    )
    return Electorate(
        codes=codes,
        loci=loci,
        baseline=dict(zip(codes, baseline.tolist(), strict=True)),
        outcome=dict(zip(codes, outcome.tolist(), strict=True)),
        missing=missing,
    )


@pytest.fixture
def electorate(world) -> Electorate:
    return make_electorate(world)


@pytest.fixture
def eager():
    from dp3.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def other_locus(code: str, status: str, year: int = 2021) -> Locus:
    return LocusFactory(village=Village.objects.get(code=code), status=status, year=year)


__all__ = ["LocusStatus", "make_electorate", "other_locus"]
