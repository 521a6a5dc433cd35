"""Generated election results for the impact tests: villages made in bulk in existing districts, with
results at Pemilu 2019 and Pemilu 2024 whose turnout follows a simple model (a lasting level per village, a
transient part at each election, a common trend), loci chosen for their LOW baseline turnout."""

from __future__ import annotations

import numpy as np

from locus.models import District, Regency, Village, VillageResult
from regions.choices import DistrictKind, VillageKind

BASELINE, OUTCOME = "pemilu-2019", "pemilu-2024"


def district_in(regency_code: str, number: int, province_name: str = "") -> District:
    """A district ``<regency>.<number>`` (made when missing, with its regency)."""
    from tests.factories import regency

    if not Regency.objects.filter(code=regency_code).exists():
        regency(regency_code, f"Kabupaten Uji {regency_code}")
    district, _ = District.objects.get_or_create(
        code=f"{regency_code}.{number:02d}",
        defaults={"name": f"Kecamatan Uji {regency_code}.{number:02d}", "kind": DistrictKind.KECAMATAN,
                  "regency_id": regency_code},
    )  # fmt: skip
    return district


def villages_in(district: District, count: int, *, first: int = 2101, kelurahan_every: int = 0) -> list[str]:
    """``count`` new villages in ``district`` (every ``kelurahan_every``-th a kelurahan): their codes."""
    rows = []
    for index in range(count):
        kelurahan = kelurahan_every and index % kelurahan_every == 0
        number = (1000 if kelurahan else 2000) + (first % 1000) + index
        code = f"{district.code}.{number:04d}"
        kind = VillageKind.KELURAHAN if kelurahan else VillageKind.DESA
        rows.append(Village(code=code, name=f"Desa {code}", kind=kind, district=district))
    Village.objects.bulk_create(rows, ignore_conflicts=True)
    return [row.code for row in rows]


def results(codes, *, baseline, outcome, electorate, illustrative: bool = False) -> None:
    """Results at both elections: turnouts in percent, the electorate (registered, none added)."""
    rows = []
    for election, turnouts in ((BASELINE, baseline), (OUTCOME, outcome)):
        for code, turnout, people in zip(codes, turnouts, electorate, strict=True):
            people = int(people)
            voters = min(people, max(0, round(people * float(turnout) / 100)))
            invalid = voters // 50
            rows.append(
                VillageResult(
                    election_id=election, village_id=code, district_code=code[:8], regency_code=code[:5],
                    province_code=code[:2], polling_stations=max(1, people // 280), registered=people,
                    additional=0, voters=voters, valid_votes=voters - invalid, invalid_votes=invalid,
                    illustrative=illustrative,
                )
            )  # fmt: skip
    VillageResult.objects.bulk_create(rows)


def turnout_model(n: int, *, regencies: np.ndarray, seed: int, transient: float = 3.0):
    """(baseline, outcome, electorate) for ``n`` villages: a regency level, a lasting village level that
    falls with size, a transient part at each election, a common trend of +2 points."""
    rng = np.random.default_rng(seed)
    levels = rng.normal(78, 4, int(regencies.max()) + 1)[regencies]
    electorate = (np.exp(rng.normal(7.3, 0.6, n)) + 80).astype(int)
    lasting = levels + rng.normal(0, 5, n) - 1.5 * (np.log(electorate) - 7.3)
    baseline = np.clip(lasting + rng.normal(0, transient, n), 20, 99)
    outcome = np.clip(lasting + 2.0 + rng.normal(0, transient, n), 20, 99)
    return baseline, outcome, electorate


def lowest(baseline: np.ndarray, groups: np.ndarray, per_group: int) -> np.ndarray:
    """The ``per_group`` villages of lowest baseline turnout in each group (loci chosen for low turnout)."""
    chosen = []
    for group in np.unique(groups):
        members = np.flatnonzero(groups == group)
        chosen.extend(members[np.argsort(baseline[members])[:per_group]].tolist())
    return np.asarray(sorted(chosen))
