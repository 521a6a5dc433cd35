"""Cadre import speed: ``python benchmarks/cadre_import.py [--runs 3] [--skip-anchor] [--server URL]``.

Creates the throwaway PostgreSQL database ``sidp3_bench_cadre`` (dropped and made again), migrates it, loads
the Kemendagri tree (``import_regions``), designates 400 loci in Lampung in bulk and writes a province-wide
roster of 10,000 cadres (25 per locus; valid-structured NIKs that agree with the district, birth date and
sex; two segments each) as XLSX and CSV under ``benchmarks/.work/``. Then, each in its own process (so that
peak memory is the process' own):

1. ``import_cadres FILE --year 2021`` (CSV, then XLSX) into empty cadre tables, all checks, bulk writes;
2. the same CSV again: nothing changes;
3. the anchor, in the same run: django-import-export's default configuration — a plain ``ModelResource`` of
   ``Cadre`` (``use_bulk`` False: one ``save()`` per row, diffs on), the columns mapped by name and nothing
   else checked — on the same CSV, once.

Each line gives the wall time of the whole process (start-up included), the wall and CPU time (user + system
of the importing process; PostgreSQL's own work is not in it) of the import call alone, the 1-minute load
average when the run started and the peak resident memory. Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402
from _harness import ROOT, cpu_seconds, django_setup, manage  # noqa: E402

WORK = ROOT / "benchmarks" / ".work"
DB = "sidp3_bench_cadre"
LOCI = 400
PER_LOCUS = 25
PROVINCE = "18"


# --- children (Django set up in this process) -------------------------------------------------------------


def child_prepare() -> None:
    """400 designated loci in Lampung and the roster file, as CSV and XLSX."""
    import datetime as dt

    from cadre.checks import compose_nik
    from cadre.resources import COLUMNS, LOCUS_COLUMN
    from kernel.spreadsheets import write_table
    from locus.choices import LocusCategory, LocusStatus
    from locus.models import Locus, ProgrammeYear, Village

    rng = random.Random(2021)
    year = ProgrammeYear.objects.get(year=2021)
    villages = list(
        Village.objects.filter(code__startswith=f"{PROVINCE}.", retired_at__isnull=True).order_by("code")[
            ::5
        ][:LOCI]
    )
    assert len(villages) == LOCI, len(villages)
    Locus.objects.bulk_create(
        [
            Locus(
                village=v,
                programme_year=year,
                category=LocusCategory.LOW_TURNOUT,
                rationale="Benchmark",
                status=LocusStatus.DESIGNATED,
                regency_id=v.code[:5],
                province_id=v.code[:2],
            )
            for v in villages
        ]
    )
    segments = ["Perempuan", "Pemilih Muda", "Pemilih Pemula", "Tokoh Agama", "Tokoh Masyarakat"]
    rows, serial = [], 0
    for village in villages:
        for _ in range(PER_LOCUS):
            serial += 1
            sex = rng.choice("LP")
            birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 40))
            nik = compose_nik(village.code[:8], birth, sex, serial % 10000 or 1)
            rows.append(
                [
                    nik,
                    f"Kader Uji {serial}",
                    sex,
                    "Bandar Lampung",
                    birth.strftime("%d/%m/%Y"),
                    f"Dusun {serial % 7 + 1} RT {serial % 12 + 1:02d}",
                    village.code,
                    f"0812{serial:08d}",
                    f"kader{serial}@contoh.id",
                    rng.choice(["SMA", "S1", "SMP", "D3"]),
                    "Petani",
                    ", ".join(rng.sample(segments, 2)),
                    "",
                    "Ya",
                    village.code,
                ]
            )
    headers = [*COLUMNS, LOCUS_COLUMN]
    WORK.mkdir(parents=True, exist_ok=True)
    for fmt in ("csv", "xlsx"):
        (WORK / f"kader-10000.{fmt}").write_bytes(write_table(headers, rows, fmt=fmt, title="Kader"))
    print(json.dumps({"rows": len(rows), "seconds": 0}))


def child_import(path: str) -> None:
    from accounts.system import national_system_user
    from cadre.imports import cadres_import

    data = Path(path).read_bytes()
    actor = national_system_user()
    started, cpu = time.perf_counter(), cpu_seconds()
    outcome = cadres_import(actor=actor, data=data, filename=Path(path).name, dry_run=False, year=2021)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    if outcome.errors:
        raise SystemExit("; ".join(str(e) for e in outcome.errors[:5]))
    print(json.dumps({"seconds": seconds, "cpu": cpu, "new": outcome.new, "unchanged": outcome.unchanged}))


def child_anchor(path: str) -> None:
    import datetime as dt

    from import_export import fields, resources, widgets

    from cadre.models import Cadre
    from kernel.spreadsheets import read_table
    from locus.models import Locus, Segment, Village

    class PlainCadreResource(resources.ModelResource):
        nik = fields.Field(attribute="nik", column_name="NIK")
        full_name = fields.Field(attribute="full_name", column_name="Nama Lengkap")
        sex = fields.Field(attribute="sex", column_name="Jenis Kelamin")
        birth_place = fields.Field(attribute="birth_place", column_name="Tempat Lahir")
        birth_date = fields.Field(
            attribute="birth_date", column_name="Tanggal Lahir", widget=widgets.DateWidget("%d/%m/%Y")
        )
        address = fields.Field(attribute="address", column_name="Alamat")
        domicile_village = fields.Field(
            attribute="domicile_village",
            column_name="Kode Desa",
            widget=widgets.ForeignKeyWidget(Village, "code"),
        )
        phone = fields.Field(attribute="phone", column_name="No. HP")
        email = fields.Field(attribute="email", column_name="Email")
        occupation = fields.Field(attribute="occupation", column_name="Pekerjaan")
        segments = fields.Field(
            attribute="segments", column_name="Unsur", widget=widgets.ManyToManyWidget(Segment, ",", "name")
        )
        locus = fields.Field(
            attribute="locus",
            column_name="Kode Desa Lokus",
            widget=widgets.ForeignKeyWidget(Locus, "village_id"),
        )

        class Meta:
            model = Cadre
            fields = (
                "nik",
                "full_name",
                "sex",
                "birth_place",
                "birth_date",
                "address",
                "domicile_village",
                "phone",
                "email",
                "occupation",
                "segments",
                "locus",
            )
            import_id_fields = ("nik", "locus")

        def before_save_instance(self, instance, row, **kwargs):
            instance.recruited_on = dt.date.today()
            instance.nonpartisan = True

    dataset = read_table(Path(path).read_bytes(), Path(path).name)
    dataset.headers = [h if h != "__baris__" else "baris" for h in dataset.headers]
    started, cpu = time.perf_counter(), cpu_seconds()
    result = PlainCadreResource().import_data(dataset, dry_run=False, use_transactions=True)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    if result.has_errors() or result.has_validation_errors():
        raise SystemExit(
            f"anchor failed: {result.base_errors[:1]} {[r.errors for r in result.error_rows[:1]]}"
        )
    print(json.dumps({"seconds": seconds, "cpu": cpu, "new": result.totals.get("new", 0)}))


def child_truncate() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE cadre_nikaccess, cadre_cadre_segments, cadre_historicalcadre_segments, "
            "cadre_historicalcadre, cadre_cadre RESTART IDENTITY CASCADE"
        )
    print(json.dumps({"seconds": 0}))


# --- the run ----------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-anchor", action="store_true")
    parser.add_argument("--server", default="postgres://root@127.0.0.1:5432")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        django_setup()
        kind, *rest = options.child
        {
            "prepare": child_prepare,
            "import": child_import,
            "anchor": child_anchor,
            "truncate": child_truncate,
        }[kind](*rest)
        return
    env = _harness.env_for(options.server, DB)
    print(
        f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(f"# load average at start: {os.getloadavg()[0]:.1f}")
    _harness.recreate_database(options.server, DB)
    manage(["migrate", "--verbosity", "0"], env)
    manage(["import_regions"], env)
    _harness.measured(__file__, ["--child", "prepare"], env)
    csv_file, xlsx_file = WORK / "kader-10000.csv", WORK / "kader-10000.xlsx"
    results: dict[str, list[dict]] = {"csv": [], "xlsx": [], "again": [], "anchor": []}
    for _ in range(options.runs):
        for fmt, path in (("csv", csv_file), ("xlsx", xlsx_file)):
            _harness.measured(__file__, ["--child", "truncate"], env)
            results[fmt].append(_harness.measured(__file__, ["--child", "import", str(path)], env))
        results["again"].append(_harness.measured(__file__, ["--child", "import", str(csv_file)], env))
    if not options.skip_anchor:
        _harness.measured(__file__, ["--child", "truncate"], env)
        results["anchor"].append(_harness.measured(__file__, ["--child", "anchor", str(csv_file)], env))
    labels = {
        "csv": "(1a) `import_cadres kader-10000.csv --year 2021`, empty cadre tables",
        "xlsx": "(1b) `import_cadres kader-10000.xlsx --year 2021`, empty cadre tables",
        "again": "(2) the same CSV again: 10,000 unchanged",
        "anchor": "**anchor**: plain `ModelResource` of `Cadre` (`use_bulk` False), same CSV, empty tables",
    }
    print(f"# load average at end: {os.getloadavg()[0]:.1f}")
    print(
        "| measurement | runs | import call, median s (min–max) | its CPU, median s | process wall, median s "
        "| load average (min–max) | peak RSS MiB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for key, runs in results.items():
        if not runs:
            continue
        calls = [r["seconds"] for r in runs]
        loads = [r["load"] for r in runs]
        spread = f"{statistics.median(calls):.2f} ({min(calls):.2f}–{max(calls):.2f})"
        cpu = statistics.median(r["cpu"] for r in runs)
        wall = statistics.median(r["wall"] for r in runs)
        peak = max(r["peak_mib"] for r in runs)
        print(
            f"| {labels[key]} | {len(runs)} | {spread} | {cpu:.2f} | {wall:.2f} "
            f"| {min(loads):.1f}–{max(loads):.1f} | {peak:.0f} |"
        )


if __name__ == "__main__":
    main()
