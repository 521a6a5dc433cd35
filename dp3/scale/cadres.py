"""Scale data of the cadre app: a full roster of valid cadres per locus, with the year's share of women
and every required segment."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from cadre.checks import compose_nik
from cadre.choices import VERIFICATION_ITEMS
from cadre.models import Cadre
from dp3.demo.cadres import EDUCATIONS, FAMILY, GIVEN_MEN, GIVEN_WOMEN, OCCUPATIONS
from dp3.scale.base import (
    DISABILITIES,
    DISABILITY_SEGMENT,
    FIRST_TIME_SEGMENT,
    WOMEN_SEGMENT,
    YOUNG_SEGMENTS,
    GeneratorBase,
    S,
    _day,
    _Locus,
)
from locus.choices import LocusStatus


class CadresGenerator(GeneratorBase):
    def _segments(self, sexes: list[str]) -> list[list[str]]:
        """The segments of each place on a roster: every required segment on one cadre at least (the
        women's segment on a woman), each woman in the women's segment where the year offers it, a second
        segment for about a third."""
        rng = self.rng
        size = len(sexes)
        primary: list[str | None] = [None] * size
        places = list(range(size))
        rng.shuffle(places)
        for code in self.required:
            free = [i for i in places if primary[i] is None and (code != WOMEN_SEGMENT or sexes[i] == "P")]
            if free:
                primary[free[0]] = code
        others = [c for c in self.allowed if c != WOMEN_SEGMENT] or self.allowed
        segments = []
        for i in range(size):
            first = primary[i]
            if first is None:
                if sexes[i] == "P" and WOMEN_SEGMENT in self.allowed:
                    first = WOMEN_SEGMENT
                else:
                    first = rng.choice(others) if others else None
            chosen = [first] if first else []
            if chosen and rng.random() < 0.3:
                second = rng.choice(others)
                if second not in chosen and (second != WOMEN_SEGMENT or sexes[i] == "P"):
                    chosen.append(second)
            segments.append(chosen)
        return segments

    def _cadre_statuses(self, locus: _Locus) -> list[str]:
        if locus.status == LocusStatus.ACTIVE:
            return [S.ACTIVE] * self.size
        if locus.status == LocusStatus.AGREEMENT_SIGNED:
            return [S.APPOINTED] * self.size
        # Still recruiting: some appointed, the others at each earlier step.
        steps = [S.APPOINTED, S.INTERVIEWED, S.VERIFIED, S.REGISTERED]
        return [steps[min(3, i * 4 // self.size)] for i in range(self.size)]

    def cadres(self, loci: list[_Locus], names: dict[str, str]) -> None:
        rng, year = self.rng, self.year
        ids = iter(self.ids.take(Cadre, len(loci) * self.size))
        serials: dict[tuple, int] = defaultdict(int)
        checklist = {key: True for key, _label in VERIFICATION_ITEMS}
        for locus in loci:
            province, regency, district = locus.village[:2], locus.village[:5], locus.village[:8]
            women = min(self.size, self.women_min + rng.randrange(0, 6))
            sexes = ["P"] * women + ["L"] * (self.size - women)
            rng.shuffle(sexes)
            families = FAMILY.get(province, FAMILY["18"])
            pairs = {
                sex: rng.sample(
                    [(g, f) for g in given for f in families[sex] if g != f],
                    sexes.count(sex),
                )
                for sex, given in (("L", GIVEN_MEN), ("P", GIVEN_WOMEN))
            }
            birth_place = names[regency].replace("Kabupaten ", "").replace("Kota ", "")
            decree_date = _day(year, 4, 1, self.today)
            for place, (sex, segments, status) in enumerate(
                zip(sexes, self._segments(sexes), self._cadre_statuses(locus), strict=True)
            ):
                recruited_on = _day(year, 3, 1 + rng.randrange(28), self.today)
                if FIRST_TIME_SEGMENT in segments:
                    years = 17.2 + 3.5 * rng.random()
                elif any(s in YOUNG_SEGMENTS for s in segments):
                    years = 21 + 9 * rng.random()
                else:
                    years = 25 + 35 * rng.random()
                birth = recruited_on - dt.timedelta(days=int(years * 365.25))
                key = (district, birth, sex)
                while True:
                    serials[key] += 1
                    nik = compose_nik(district, birth, sex, serials[key])
                    if nik not in self.taken_niks:
                        break
                self.taken_niks.add(nik)
                given, family = pairs[sex].pop()
                pk = next(ids)
                reached = {
                    S.REGISTERED: 0,
                    S.VERIFIED: 1,
                    S.INTERVIEWED: 2,
                    S.APPOINTED: 3,
                    S.ACTIVE: 4,
                }[status]
                cadre = {
                    "id": pk,
                    "locus_id": locus.pk,
                    "nik": nik,
                    "full_name": f"{given} {family}",
                    "sex": sex,
                    "birth_place": birth_place,
                    "birth_date": birth,
                    "address": f"{locus.village_name} RT {place % 6 + 1:02d}/RW {place % 3 + 1:02d}",
                    "domicile_village_id": locus.village,
                    "phone": f"+62812{rng.randrange(10**7, 10**8)}",
                    "email": "",
                    "education": rng.choice(EDUCATIONS),
                    "occupation": (
                        "Pelajar/Mahasiswa" if FIRST_TIME_SEGMENT in segments else rng.choice(OCCUPATIONS)
                    ),
                    "disability": rng.choice(DISABILITIES) if DISABILITY_SEGMENT in segments else "",
                    "nonpartisan": True,
                    "interest_ppk": rng.random() < 0.1,
                    "interest_pps": rng.random() < 0.25,
                    "interest_kpps": rng.random() < 0.35,
                    "status": status,
                    "recruited_on": recruited_on,
                    "verification": checklist if reached >= 1 else {},
                    "interview_notes": (
                        "Memahami tugas kader; tidak berafiliasi dengan partai politik atau peserta pemilu."
                        if reached >= 2
                        else ""
                    ),
                    "interviewed_on": recruited_on + dt.timedelta(days=3) if reached >= 2 else None,
                    "decree_number": (
                        f"{locus.number}/PP.06-Kpt/{regency.replace('.', '')}/{year}" if reached >= 3 else ""
                    ),
                    "decree_date": decree_date if reached >= 3 else None,
                    "programme_year_id": year,
                    "regency_id": regency,
                    "province_id": province,
                }
                self.add(Cadre, **cadre)
                for code in segments:
                    self.add(Cadre.segments.through, cadre_id=pk, segment_id=code)
                locus.cadres.append({**cadre, "segments": segments})

    # --- trainings, activities, evaluations -----------------------------------------------------------------
