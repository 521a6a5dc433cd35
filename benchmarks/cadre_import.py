"""Cadre import speed: ``python benchmarks/cadre_import.py [--runs 3] [--skip-anchor] [--server URL]
[--database NAME]``.

Creates the throwaway PostgreSQL database ``sidp3_bench_cadre`` (dropped and made again), migrates it, loads
the Kemendagri tree (``import_regions``), and sets up what an office does: 400 loci in Lampung designated by
``manage.py import_loci`` from an XLSX (``lokus-400.xlsx``), then a province-wide roster of 10,000 cadres
(25 per locus; valid-structured NIKs that agree with the district, birth date and sex; two segments each)
written as XLSX and CSV under ``benchmarks/.work/``. Then, each in its own process (so that peak memory is
the process' own), into empty cadre tables unless said otherwise:

1. the import call ``cadres_import(...)`` of the CSV, then of the XLSX, timed inside the process;
2. the same CSV again: nothing changes;
3. ``manage.py import_cadres kader-10000.xlsx --year 2021`` exactly as an officer runs it: the wall time of
   the whole process from outside (Django's start-up included) and its peak memory;
4. the web page: the XLSX uploaded to ``/kader/impor/`` and its preview (a dry run of every row, the page
   with the first 1,000 rows) through Django's test client, as a KPU Provinsi Lampung officer; the time of
   the upload request, of the preview request, and the process' peak memory;
5. the anchor, in the same run: django-import-export's default configuration — a plain ``ModelResource`` of
   ``Cadre`` (``use_bulk`` False: one ``save()`` per row, diffs on), the columns mapped by name and nothing
   else checked — on the same CSV, once.

Each line gives the wall time of the whole process (start-up included), the wall and CPU time (user + system
of the importing process; PostgreSQL's own work is not in it) of the import call alone, the 1-minute load
average when the run started and the peak resident memory. Prints Markdown tables for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402
from _harness import ROOT, cpu_seconds, django_setup, manage  # noqa: E402

# The loci file ``import_loci`` reads: the columns of ``locus.resources.LOCUS_COLUMNS`` and "Alasan".
LOCUS_HEADERS = ["Kode Desa", "Tahun", "Kategori", "Status", "Nomor SK", "Tanggal SK", "Alasan"]

WORK = ROOT / "benchmarks" / ".work"
DB = "sidp3_bench_cadre"
LOCI = 400
PER_LOCUS = 25
PROVINCE = "18"


# --- children (Django set up in this process) -------------------------------------------------------------


def _lampung_villages():
    from locus.models import Village

    villages = list(
        Village.objects.filter(code__startswith=f"{PROVINCE}.", retired_at__isnull=True).order_by("code")[
            ::5
        ][:LOCI]
    )
    assert len(villages) == LOCI, len(villages)
    return villages


def child_loci_file() -> None:
    """The loci file an office imports with ``import_loci``: 400 villages of Lampung designated for 2021."""
    from kernel.spreadsheets import write_table

    rows = [
        [
            v.code,
            "2021",
            "Partisipasi Rendah",
            "Ditetapkan",
            f"{n}/PL.02-Kpt/18/2021",
            "01/03/2021",
            "Benchmark",
        ]
        for n, v in enumerate(_lampung_villages(), 1)
    ]
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "lokus-400.xlsx").write_bytes(write_table(LOCUS_HEADERS, rows, fmt="xlsx", title="Lokus"))
    print(json.dumps({"rows": len(rows), "seconds": 0}))


def child_prepare() -> None:
    """The roster file over the 400 loci imported, as CSV and XLSX."""
    import datetime as dt

    from cadre.checks import compose_nik
    from cadre.resources import COLUMNS, LOCUS_COLUMN
    from kernel.spreadsheets import write_table
    from locus.choices import LocusStatus
    from locus.models import Locus

    rng = random.Random(2021)
    villages = _lampung_villages()
    designated = Locus.objects.filter(
        programme_year_id=2021, village__in=villages, status=LocusStatus.DESIGNATED
    ).count()
    assert designated == LOCI, designated
    segments = ["Perempuan", "Pemilih Muda", "Pemilih Pemula", "Tokoh Agama", "Tokoh Masyarakat"]
    rows, serial = [], 0
    for village in villages:
        for _ in range(PER_LOCUS):
            serial += 1
            sex = rng.choice("LP")
            birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 40))
            # A new NIK ending in 0 in a CSV is refused (it may have been rounded by a spreadsheet): the
            # serials end in 1 to 9, in the CSV and the XLSX alike.
            nik = compose_nik(village.code[:8], birth, sex, (serial % 1000) * 10 + serial % 9 + 1)
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


def child_web(path: str) -> None:
    """Upload → preview on ``/kader/impor/`` through Django's test client, as an officer of KPU Provinsi
    Lampung (its staff sign in without a second step)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from accounts.choices import OfficeLevel, Role
    from accounts.models import Office, User

    office, _ = Office.objects.get_or_create(
        level=OfficeLevel.PROVINCE, province_id=PROVINCE, defaults={"name": "KPU Provinsi Lampung"}
    )
    user, _ = User.objects.get_or_create(
        username="bench-lampung", defaults={"office": office, "role": Role.STAFF}
    )
    client = Client()
    client.force_login(user)
    url = reverse("cadre:cadre_import")
    data = Path(path).read_bytes()
    upload = SimpleUploadedFile(Path(path).name, data)
    started = time.perf_counter()
    response = client.post(
        url, {"langkah": "unggah", "tahun": "2021", "lokus": "", "berkas": upload}, HTTP_HOST="localhost"
    )
    uploaded = time.perf_counter()
    assert response.status_code == 302, response.status_code
    response = client.get(url, HTTP_HOST="localhost")
    previewed = time.perf_counter()
    body = response.content.decode()
    refused = response.context["outcome"].errors if response.context else None
    assert response.status_code == 200 and not refused and "import-errors" not in body, refused
    print(
        json.dumps(
            {
                "seconds": previewed - started,
                "upload": uploaded - started,
                "preview": previewed - uploaded,
                "page_mib": len(response.content) / 2**20,
            }
        )
    )


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


def measured_command(args: list[str], env) -> dict:
    """``python manage.py ARGS`` as an officer runs it, timed from outside: its wall time, its CPU time (user
    + system of the process) and its peak RSS (MiB), and the 1-minute load average when it started."""
    load = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mib": usage.ru_maxrss / 1024,
        "load": load,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-anchor", action="store_true")
    parser.add_argument("--server", default="postgres://root@127.0.0.1:5432")
    parser.add_argument("--database", default=DB, help="the throwaway database (dropped and made again)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        django_setup()
        kind, *rest = options.child
        {
            "loci-file": child_loci_file,
            "prepare": child_prepare,
            "import": child_import,
            "web": child_web,
            "anchor": child_anchor,
            "truncate": child_truncate,
        }[kind](*rest)
        return
    env = _harness.env_for(options.server, options.database)
    print(
        f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(f"# load average at start: {os.getloadavg()[0]:.1f}")
    _harness.recreate_database(options.server, options.database)
    manage(["migrate", "--verbosity", "0"], env)
    manage(["import_regions"], env)
    _harness.measured(__file__, ["--child", "loci-file"], env)
    loci = measured_command(["import_loci", str(WORK / "lokus-400.xlsx")], env)
    print(f"# import_loci lokus-400.xlsx: {loci['wall']:.2f} s, peak {loci['peak_mib']:.0f} MiB")
    _harness.measured(__file__, ["--child", "prepare"], env)
    csv_file, xlsx_file = WORK / "kader-10000.csv", WORK / "kader-10000.xlsx"
    results: dict[str, list[dict]] = {"csv": [], "xlsx": [], "again": [], "anchor": []}
    outside: dict[str, list[dict]] = {"command": [], "web": []}
    for _ in range(options.runs):
        for fmt, path in (("csv", csv_file), ("xlsx", xlsx_file)):
            _harness.measured(__file__, ["--child", "truncate"], env)
            results[fmt].append(_harness.measured(__file__, ["--child", "import", str(path)], env))
        results["again"].append(_harness.measured(__file__, ["--child", "import", str(csv_file)], env))
        _harness.measured(__file__, ["--child", "truncate"], env)
        outside["command"].append(measured_command(["import_cadres", str(xlsx_file), "--year", "2021"], env))
        _harness.measured(__file__, ["--child", "truncate"], env)
        outside["web"].append(_harness.measured(__file__, ["--child", "web", str(xlsx_file)], env))
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
    print()
    print(
        "| measurement (from outside) | runs | wall s, median (min–max) | CPU s, median | load average "
        "(min–max) | peak RSS MiB |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    commands = outside["command"]
    walls = [r["wall"] for r in commands]
    loads = [r["load"] for r in commands]
    print(
        "| (3) `manage.py import_cadres kader-10000.xlsx --year 2021`, the whole process "
        f"| {len(commands)} | {statistics.median(walls):.2f} ({min(walls):.2f}–{max(walls):.2f}) "
        f"| {statistics.median(r['cpu'] for r in commands):.2f} | {min(loads):.1f}–{max(loads):.1f} "
        f"| {max(r['peak_mib'] for r in commands):.0f} |"
    )
    web = outside["web"]
    for key, label in (
        ("seconds", "(4) web: upload → preview of kader-10000.xlsx"),
        ("upload", "(4a) the upload request"),
        ("preview", "(4b) the preview request (dry run and page)"),
    ):
        values = [r[key] for r in web]
        print(
            f"| {label} | {len(web)} | {statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f}) "
            f"| – | {min(r['load'] for r in web):.1f}–{max(r['load'] for r in web):.1f} "
            f"| {max(r['peak_mib'] for r in web):.0f} |"
        )


if __name__ == "__main__":
    main()
