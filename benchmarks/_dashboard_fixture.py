"""Bulk data for the dashboard benchmark: loci spread over the country, 25 cadres each, training sessions
with attendance and socialisation activities. ``bulk_create`` in large batches (no per-row save, no history
rows); call inside a configured Django process.

``generate(count, seed=…)`` adds ``count`` loci in villages that have none yet for the year, so it can be
called twice (50 loci, then 4,950 more) to measure at two sizes in one database."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction

from activities.models import SocialisationActivity, TrainingAttendance, TrainingSession
from cadre.models import Cadre
from locus.models import Locus, ProgrammeYear, Village

YEAR = 2024
PER_LOCUS = 26  # 25 places on the roster and one candidate still registered
SESSIONS = 3  # held sessions per regency (each for all its loci)
ACTIVITIES = 2  # per active locus
BATCH = 5000
STATUS_WEIGHTS = {"aktif": 80, "pks": 8, "ditetapkan": 6, "usulan": 4, "selesai": 2}
CATEGORIES = ("partisipasi_rendah", "rawan_konflik_bencana", "potensi_pelanggaran_tinggi")
METHODS = ("tatap_muka", "door_to_door", "pertemuan_warga", "sekolah", "radio", "media_sosial")


def _nik(district: str, birth: dt.date, sex: str, serial: int) -> str:
    """PPKKCC DDMMYY SSSS, as tests/cadre/factories.py: make_nik (day + 40 for women)."""
    day = birth.day + (40 if sex == "P" else 0)
    return f"{district.replace('.', '')}{day:02d}{birth:%m%y}{serial:04d}"


def _villages(count: int, rng: random.Random) -> list[str]:
    taken = set(Locus.objects.filter(programme_year_id=YEAR).values_list("village_id", flat=True))
    codes = [c for c in Village.objects.order_by("code").values_list("code", flat=True) if c not in taken]
    return sorted(rng.sample(codes, count))


@transaction.atomic
def generate(count: int, *, seed: int = 2024) -> dict:
    rng = random.Random(seed + count)
    year = ProgrammeYear.objects.get(year=YEAR)
    segments = list(year.segments.values_list("code", flat=True))
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    loci = Locus.objects.bulk_create(
        [
            Locus(
                village_id=code,
                regency_id=code[:5],
                province_id=code[:2],
                programme_year_id=YEAR,
                category=rng.choice(CATEGORIES),
                rationale="Data uji kecepatan dasbor.",
                status=rng.choices(statuses, weights)[0],
            )
            for code in _villages(count, rng)
        ],
        batch_size=BATCH,
    )
    programme = [locus for locus in loci if locus.status != "usulan"]
    serials: dict[tuple[str, dt.date, str], int] = defaultdict(int)
    cadres = []
    for locus in programme:
        district = locus.village_id[:8]
        for index in range(PER_LOCUS):
            sex = "P" if rng.random() < 0.36 else "L"
            birth = dt.date(1970 + rng.randrange(35), rng.randrange(1, 13), rng.randrange(1, 29))
            key = (district, birth, sex)
            serials[key] += 1
            roll = rng.random()
            status = "aktif" if roll < 0.78 else "ditetapkan" if roll < 0.9 else "terdaftar"
            if index == PER_LOCUS - 1:
                status = "terdaftar"
            cadres.append(
                Cadre(
                    locus_id=locus.pk,
                    nik=_nik(district, birth, sex, serials[key] + rng.randrange(0, 10) * 900),
                    full_name=f"Kader {locus.pk}-{index}",
                    sex=sex,
                    birth_place="Uji",
                    birth_date=birth,
                    address="RT 01",
                    domicile_village_id=locus.village_id,
                    status=status,
                    recruited_on=dt.date(2024, 3, 1),
                    programme_year_id=YEAR,
                    regency_id=locus.regency_id,
                    province_id=locus.province_id,
                )
            )
    cadres = Cadre.objects.bulk_create(cadres, batch_size=BATCH)
    through = Cadre.segments.through
    through.objects.bulk_create(
        [through(cadre_id=c.pk, segment_id=rng.choice(segments)) for c in cadres], batch_size=BATCH
    )
    by_regency = defaultdict(list)
    for locus in programme:
        if locus.status != "ditetapkan":
            by_regency[locus.regency_id].append(locus)
    sessions = []
    for regency, regency_loci in sorted(by_regency.items()):
        for number in range(1, SESSIONS + 1):
            starts = dt.datetime(2024, 4, 2 * number, 2, 0, tzinfo=dt.UTC)
            session = TrainingSession(
                programme_year_id=YEAR,
                regency_id=regency,
                province_id=regency[:2],
                session_number=number,
                topic=f"Materi sesi {number}",
                mode="luring",
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=3),
                held=True,
            )
            session.benchmark_loci = regency_loci
            sessions.append(session)
    TrainingSession.objects.bulk_create(sessions, batch_size=BATCH)
    session_loci = TrainingSession.loci.through
    session_loci.objects.bulk_create(
        [session_loci(trainingsession_id=s.pk, locus_id=lo.pk) for s in sessions for lo in s.benchmark_loci],
        batch_size=BATCH,
    )
    attending = defaultdict(list)
    for cadre in cadres:
        if cadre.status != "terdaftar":
            attending[cadre.locus_id].append(cadre.pk)
    attendance = []
    for session in sessions:
        for locus in session.benchmark_loci:
            for cadre_id in attending[locus.pk]:
                roll = rng.random()
                present = roll < 0.85
                attendance.append(
                    TrainingAttendance(
                        session_id=session.pk,
                        cadre_id=cadre_id,
                        status="hadir" if present else "tidak_hadir" if roll < 0.95 else "izin",
                        pre_score=Decimal(rng.randrange(40, 80)) if present else None,
                        post_score=Decimal(rng.randrange(60, 100)) if present else None,
                    )
                )
    TrainingAttendance.objects.bulk_create(attendance, batch_size=BATCH)
    activities = []
    for locus in programme:
        if locus.status != "aktif":
            continue
        for _n in range(ACTIVITIES):
            men = rng.randrange(10, 80)
            women = rng.randrange(10, 80)
            activities.append(
                SocialisationActivity(
                    locus_id=locus.pk,
                    held_on=dt.date(2024, rng.randrange(5, 12), rng.randrange(1, 29)),
                    village_id=locus.village_id,
                    method=rng.choice(METHODS),
                    topic="anti_hoaks",
                    title="Sosialisasi kepemiluan",
                    reached_men=men,
                    reached_women=women,
                    reached_disabled=rng.randrange(0, 5),
                    reached_first_time=rng.randrange(0, 10),
                    programme_year_id=YEAR,
                    regency_id=locus.regency_id,
                    province_id=locus.province_id,
                )
            )
    SocialisationActivity.objects.bulk_create(activities, batch_size=BATCH)
    return {
        "loci": len(loci),
        "cadres": len(cadres),
        "sessions": len(sessions),
        "attendance": len(attendance),
        "activities": len(activities),
    }
