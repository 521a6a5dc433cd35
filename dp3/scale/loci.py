"""Scale data of the locus app: the villages chosen round-robin over provinces and regencies, and the loci
with their designation and agreement timeline."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.utils.translation import gettext as _

from dp3.scale.base import (
    GeneratorBase,
    ScaleError,
    _at,
    _day,
    _Locus,
)
from locus.choices import LocusCategory, LocusStatus
from locus.models import Locus, LocusEvent, Village

# The status of a locus follows its place in the run: every tenth designated, every tenth with a PKS.
DESIGNATED_EVERY, AGREEMENT_AT = 10, 5


def _status_of(index: int) -> str:
    if index % DESIGNATED_EVERY == 0:
        return LocusStatus.DESIGNATED
    if index % DESIGNATED_EVERY == AGREEMENT_AT:
        return LocusStatus.AGREEMENT_SIGNED
    return LocusStatus.ACTIVE


def _choose_villages(count: int, year: int, rng: random.Random) -> list[str]:
    """``count`` village codes without a locus in ``year``: provinces in turn (shuffled), within each its
    regencies in turn (shuffled), a random village of each regency."""
    taken = set(Locus.objects.filter(programme_year_id=year).values_list("village_id", flat=True))
    by_regency: dict[str, list[str]] = defaultdict(list)
    for code in (
        Village.objects.filter(retired_at__isnull=True, district__regency__retired_at__isnull=True)
        .order_by("code")
        .values_list("code", flat=True)
    ):
        if code not in taken:
            by_regency[code[:5]].append(code)
    if not by_regency:
        raise ScaleError(
            _("Wilayah belum dimuat atau semua desa sudah menjadi lokus. Jalankan dulu: import_regions")
        )
    by_province: dict[str, list[str]] = defaultdict(list)
    for regency in sorted(by_regency):
        by_province[regency[:2]].append(regency)
    provinces = sorted(by_province)
    rng.shuffle(provinces)
    for regencies in by_province.values():
        rng.shuffle(regencies)
    for villages in by_regency.values():
        rng.shuffle(villages)
    # Regencies in the order loci go to them: the first regency of each province, then the second, ...
    order = []
    for turn in range(max(len(r) for r in by_province.values())):
        order.extend(by_province[p][turn] for p in provinces if turn < len(by_province[p]))
    chosen: list[str] = []
    while len(chosen) < count:
        before = len(chosen)
        for regency in order:
            if by_regency[regency]:
                chosen.append(by_regency[regency].pop())
                if len(chosen) == count:
                    break
        if len(chosen) == before:
            raise ScaleError(
                _("Hanya %(free)s desa yang belum menjadi lokus tahun %(year)s; diminta %(count)s.")
                % {"free": before, "year": year, "count": count}
            )
    return chosen


class LociGenerator(GeneratorBase):
    def loci(self, codes: list[str], names: dict[str, str], actor_id: int, start: int) -> list[_Locus]:
        rng, year = self.rng, self.year
        made = []
        for pk, (index, code) in zip(
            self.ids.take(Locus, len(codes)), enumerate(codes, start=start), strict=True
        ):
            status = _status_of(index - 1)
            regency = code[:5]
            reg = regency.replace(".", "")
            decree = _day(year, 2, 1 + index % 27, self.today)
            agreement = _day(year, 3, 1 + index % 27, self.today)
            signed = status != LocusStatus.DESIGNATED
            self.add(
                Locus,
                id=pk,
                village_id=code,
                programme_year_id=year,
                category=rng.choice(LocusCategory.values),
                rationale=(
                    f"Desa {names[code]} dipilih menurut indikator partisipasi, kerawanan dan pelanggaran "
                    f"pemilu sebelumnya (data uji skala)."
                ),
                status=status,
                regency_id=regency,
                province_id=code[:2],
                decree_number=f"{index}/PP.06-Kpt/{reg}/{year}",
                decree_date=decree,
                agreement_number=f"{index}/PKS/KPU-{reg}/{year}" if signed else "",
                agreement_date=agreement if signed else None,
                agreement_signatories=(
                    f"Ketua KPU {names[regency]}\nKepala Desa {names[code]}" if signed else ""
                ),
            )
            steps = [("", LocusStatus.PROPOSED, decree - dt.timedelta(days=14))]
            steps.append((LocusStatus.PROPOSED, LocusStatus.DESIGNATED, decree))
            if signed:
                steps.append((LocusStatus.DESIGNATED, LocusStatus.AGREEMENT_SIGNED, agreement))
            if status == LocusStatus.ACTIVE:
                steps.append((LocusStatus.AGREEMENT_SIGNED, LocusStatus.ACTIVE, agreement))
            for moment, (before, after, day) in enumerate(steps):
                self.add(
                    LocusEvent,
                    locus_id=pk,
                    from_status=before,
                    to_status=after,
                    actor_id=actor_id,
                    at=_at(day, 9 + moment, "Asia/Jakarta"),
                    note=f"SK {index}/PP.06-Kpt/{reg}/{year}" if after == LocusStatus.DESIGNATED else "",
                )
            made.append(_Locus(pk, code, names[code], status, index, []))
        return made

    # --- cadres --------------------------------------------------------------------------------------------
