"""National-scale data for benchmarks, written in bulk: ``load_scale(loci=5000, per_locus=25, year=2021)``.

5,000 designated loci spread over every province (round-robin over the provinces, evenly over each one's
villages), 25 cadres each (125,000: valid-structured NIKs that agree with the district, birth date and sex,
as ``tests/cadre/factories.py: make_nik``; two segments each), all through PostgreSQL ``COPY``: no
per-row save, no history rows. Call it in a process where Django is set up, on an empty programme year."""

from __future__ import annotations

import datetime as dt
import io
import random
from collections import defaultdict

SEGMENTS = ("perempuan", "pemilih-muda", "pemilih-pemula", "tokoh-agama", "tokoh-masyarakat", "karang-taruna")
STATUSES = ("aktif",) * 18 + ("ditetapkan",) * 5 + ("terdaftar", "terverifikasi")
EDUCATION = ("sma", "s1", "smp", "diploma")


def _copy(cursor, table: str, columns: list[str], rows) -> int:
    """COPY rows (tuples; None is NULL) into ``table``; the number written."""
    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row))
        buffer.write("\n")
        count += 1
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
    return count


def _spread_villages(loci: int) -> list[tuple[str, str]]:
    """(village code, district code) of ``loci`` villages: round-robin over provinces, evenly within each."""
    from locus.models import Village

    by_province: dict[str, list[str]] = defaultdict(list)
    for code in (
        Village.objects.filter(retired_at__isnull=True).order_by("code").values_list("code", flat=True)
    ):
        by_province[code[:2]].append(code)
    provinces = sorted(by_province)
    share = {
        p: loci // len(provinces) + (1 if i < loci % len(provinces) else 0) for i, p in enumerate(provinces)
    }
    chosen = []
    for province in provinces:
        codes = by_province[province]
        step = max(1, len(codes) // share[province])
        chosen.extend(codes[::step][: share[province]])
    assert len(chosen) == loci, (len(chosen), loci)
    return [(code, code[:8]) for code in chosen]


def load_scale(*, loci: int = 5000, per_locus: int = 25, year: int = 2021, seed: int = 2021) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from cadre.models import Cadre
    from locus.models import Locus

    rng = random.Random(seed)
    villages = _spread_villages(loci)
    now = timezone.now().isoformat()
    with transaction.atomic(), connection.cursor() as cursor:
        _copy(
            cursor,
            Locus._meta.db_table,
            [
                "village_id",
                "programme_year_id",
                "category",
                "rationale",
                "status",
                "regency_id",
                "province_id",
                "decree_number",
                "agreement_number",
                "agreement_signatories",
                "status_reason",
                "created_at",
                "updated_at",
            ],
            (
                (
                    code,
                    year,
                    rng.choice(("partisipasi_rendah", "rawan_konflik_bencana", "potensi_pelanggaran_tinggi")),
                    "Lokus uji skala nasional",
                    "ditetapkan",
                    code[:5],
                    code[:2],
                    f"SK/{i}/2021",
                    "",
                    "",
                    "",
                    now,
                    now,
                )
                for i, (code, _district) in enumerate(villages, start=1)
            ),
        )
        locus_ids = dict(
            Locus.objects.filter(
                programme_year_id=year, village_id__in=[v for v, _d in villages]
            ).values_list("village_id", "pk")
        )
        serials: dict[str, int] = defaultdict(int)
        cadre_rows = []
        for village, district in villages:
            for _ in range(per_locus):
                serials[district] += 1
                sex = rng.choice("LP")
                birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 40))
                day = birth.day + (40 if sex == "P" else 0)
                nik = f"{district.replace('.', '')}{day:02d}{birth:%m%y}{serials[district]:04d}"
                n = len(cadre_rows) + 1
                cadre_rows.append(
                    (
                        locus_ids[village],
                        nik,
                        f"Kader Uji {n}",
                        sex,
                        "Tempat Lahir",
                        birth.isoformat(),
                        f"Dusun {n % 7 + 1} RT {n % 12 + 1:02d}",
                        village,
                        f"+62812{n:08d}",
                        f"kader{n}@contoh.id",
                        rng.choice(EDUCATION),
                        "Petani",
                        "",
                        "t",
                        "",
                        "f",
                        "f",
                        "f",
                        rng.choice(STATUSES),
                        "",
                        "2021-06-01",
                        "{}",
                        "",
                        None,
                        "",
                        None,
                        None,
                        None,
                        year,
                        village[:5],
                        village[:2],
                        now,
                        now,
                    )
                )
        columns = [f.column for f in Cadre._meta.concrete_fields if f.column != "id"]
        cadres = _copy(cursor, Cadre._meta.db_table, columns, cadre_rows)
        del cadre_rows
        cursor.execute(
            f"SELECT id FROM {Cadre._meta.db_table} WHERE programme_year_id = %s ORDER BY id", [year]
        )
        ids = [row[0] for row in cursor.fetchall()]
        segments = _copy(
            cursor,
            Cadre.segments.through._meta.db_table,
            ["cadre_id", "segment_id"],
            ((pk, segment) for pk in ids for segment in rng.sample(SEGMENTS, 2)),
        )
        cursor.execute(
            f"ANALYZE {Locus._meta.db_table}, {Cadre._meta.db_table}, {Cadre.segments.through._meta.db_table}"
        )
    return {"loci": len(villages), "cadres": cadres, "segments": segments}
