"""National-scale data for benchmarks and load tests: ``seed_scale(loci=N, year=..., seed=...)``.

Adds ``N`` loci of a programme year in villages that have none yet, spread over every province (round-robin
over the provinces, within each over its regencies, a random village of each), with what a programme year
leaves behind: designation decrees and agreements (PKS) with their status timeline; a full roster of valid
cadres per locus (``ProgrammeYear.roster_size``, 25) whose NIKs agree with the district, birth date and sex
(``cadre.checks.compose_nik``), with at least the year's share of women and every required segment; the
held training sessions of each regency with the attendance and test scores of every cadre; socialisation
activities; mid-term evaluations (draft, submitted with their figures frozen, approved); coordination
meetings of KPU RI and of each province with attendees, agenda, speakers and follow-ups; and the offices
of every region concerned.

Every row is generated in Python from one ``random.Random`` seeded with ``seed`` (and the number of loci
the year already has, so that a second call adds different loci), and written in bulk by
``dp3.scale.writer`` (COPY on PostgreSQL, ``bulk_create`` on SQLite): no per-row save and no history rows.
The same seed on the same regions gives the same data. Loci: 80% active (trained, with activities and an
evaluation), 10% with a signed PKS (appointed cadres), 10% designated (cadres still being recruited)."""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.system import national_system_user
from dp3.scale.activities import ActivitiesGenerator, _offices
from dp3.scale.base import ScaleError
from dp3.scale.cadres import CadresGenerator
from dp3.scale.loci import LociGenerator, _choose_villages
from locus.models import Locus, ProgrammeYear, Province, Regency, Village

__all__ = ["ScaleError", "seed_scale"]


class _Generator(LociGenerator, CadresGenerator, ActivitiesGenerator):
    """Every app's generator on one shared state (``GeneratorBase``), called in a fixed order."""


@transaction.atomic
def seed_scale(*, loci: int, year: int | None = None, seed: int = 2024) -> dict[str, int]:
    """Add ``loci`` loci of programme year ``year`` (the latest by default) with everything described in
    the module docstring; returns the number of rows written per table."""
    if loci < 1:
        raise ScaleError(_("Jumlah lokus harus 1 atau lebih."))
    programmes = ProgrammeYear.objects.prefetch_related("segments", "required_segments")
    programme = programmes.filter(year=year).first() if year else programmes.order_by("-year").first()
    if programme is None:
        raise ScaleError(
            _("Tahun program %(year)s belum ada; buat dulu di halaman Tahun Program.") % {"year": year or "-"}
        )
    existing = Locus.objects.filter(programme_year_id=programme.year).count()
    rng = random.Random(f"{seed}:{programme.year}:{existing}")
    codes = _choose_villages(loci, programme.year, rng)
    names = dict(Village.objects.filter(code__in=codes).values_list("code", "name"))
    regencies = {code[:5] for code in codes}
    provinces = {code[:2] for code in codes}
    names.update(Regency.objects.filter(code__in=regencies).values_list("code", "name"))
    zones = {}
    for code, name, zone in Province.objects.filter(code__in=provinces).values_list(
        "code", "name", "time_zone"
    ):
        names[code], zones[code] = name, zone
    actor = national_system_user()
    offices = _offices(provinces, regencies, names)
    generator = _Generator(programme=programme, rng=rng, today=timezone.localdate())
    made = generator.loci(codes, names, actor.pk, start=existing + 1)
    generator.cadres(made, names)
    training = generator.trainings(made, names, zones)
    reach = generator.activities(made)
    generator.evaluations(made, training, reach, actor.pk)
    generator.meetings(made, offices, names, zones)
    return generator.write()
