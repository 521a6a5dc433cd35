"""Report builders at national scale: ``python benchmarks/report_roster.py [--runs 3] [--server URL]``.

Creates the throwaway PostgreSQL database ``sidp3_bench_builders`` (dropped and made again), migrates it,
loads the Kemendagri tree (``import_regions``) and writes 5,000 designated loci over every province with 25
cadres each (125,000; ``benchmarks/_scale_fixture.py``, COPY). Then, each in a fresh process (so that peak
memory is the build's own), as the KPU RI system account:

1. the national roster, XLSX (``reports.builders.roster.build_roster``, NIKs masked);
2. the same as CSV;
3. the national roster, XLSX, with full NIKs (a reason given): 125,000 rows in the NIK access log;
4. the recap PDF of one province (Jawa Timur, the most loci) and the national recap XLSX.

Each line gives the build call's wall and CPU time (user + system of the building process; PostgreSQL's own
work is not in it), the wall time of the whole process (start-up included), the 1-minute load average when
the run started and the peak resident memory of the process (``os.wait4``'s ``ru_maxrss``). Prints a
Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402
from _harness import cpu_seconds, django_setup, manage  # noqa: E402

DB = "sidp3_bench_builders"
PROVINCE = "35"  # Jawa Timur: the most villages, so the most loci of the spread


# --- children (Django set up in this process) -------------------------------------------------------------


def child_prepare() -> None:
    from benchmarks._scale_fixture import load_scale

    started = time.perf_counter()
    counts = load_scale(loci=5000, per_locus=25, year=2021)
    print(json.dumps({**counts, "seconds": time.perf_counter() - started}))


def child_build(kind: str, fmt: str, scope: str = "", reason: str = "") -> None:
    from cadre.models import NikAccess
    from dp3.accounts.system import national_system_user
    from reports.builders import BUILDERS, ReportRequest, recap, roster  # noqa: F401 (registers the types)

    user = national_system_user()
    if reason:
        from django.contrib.auth.models import Permission

        user.user_permissions.add(Permission.objects.get(codename="view_full_nik"))
        user = type(user).objects.get(pk=user.pk)
        NikAccess.objects.all().delete()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"report.{fmt}"
        request = ReportRequest(
            type=kind, user=user, format=fmt, output_path=path, year=2021, scope=scope or None, reason=reason
        )
        started, cpu = time.perf_counter(), cpu_seconds()
        BUILDERS[kind].build(request)
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        size = path.stat().st_size
    print(json.dumps({"seconds": seconds, "cpu": cpu, "bytes": size, "logged": NikAccess.objects.count()}))


# --- the run ----------------------------------------------------------------------------------------------

RUNS = {
    "roster-xlsx": (["roster", "xlsx"], "(1) national roster, XLSX, NIKs masked"),
    "roster-csv": (["roster", "csv"], "(2) national roster, CSV, NIKs masked"),
    "roster-full": (
        ["roster", "xlsx", "", "Verifikasi data kader tingkat nasional"],
        "(3) national roster, XLSX, full NIKs (125,000 rows logged)",
    ),
    "recap-pdf": (["recap", "pdf", PROVINCE], "(4a) recap PDF of Jawa Timur"),
    "recap-xlsx": (["recap", "xlsx"], "(4b) national recap XLSX"),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-prepare", action="store_true", help="reuse the database of an earlier run")
    parser.add_argument("--only", nargs="*", choices=list(RUNS), help="the measurements to take")
    parser.add_argument("--server", default="postgres://root@127.0.0.1:5432")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        django_setup()
        kind, *rest = options.child
        {"prepare": child_prepare, "build": child_build}[kind](*rest)
        return
    env = _harness.env_for(options.server, DB)
    print(
        f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(f"# load average at start: {os.getloadavg()[0]:.1f}")
    if not options.skip_prepare:
        _harness.recreate_database(options.server, DB)
        manage(["migrate", "--verbosity", "0"], env)
        manage(["import_regions"], env)
        prepared = _harness.measured(__file__, ["--child", "prepare"], env)
        print(
            f"# prepared {prepared['loci']} loci, {prepared['cadres']} cadres in {prepared['seconds']:.1f} s"
        )
    results: dict[str, list[dict]] = {key: [] for key in options.only or RUNS}
    for _ in range(options.runs):
        for key in results:
            results[key].append(_harness.measured(__file__, ["--child", "build", *RUNS[key][0]], env))
    print(f"# load average at end: {os.getloadavg()[0]:.1f}")
    print(
        "| measurement | runs | build call, median s (min–max) | its CPU, median s | process wall, median s "
        "| load average (min–max) | peak RSS MiB | file MiB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for key, runs in results.items():
        calls = [r["seconds"] for r in runs]
        loads = [r["load"] for r in runs]
        spread = f"{statistics.median(calls):.2f} ({min(calls):.2f}–{max(calls):.2f})"
        cpu = statistics.median(r["cpu"] for r in runs)
        wall = statistics.median(r["wall"] for r in runs)
        peak = max(r["peak_mib"] for r in runs)
        size = runs[-1]["bytes"] / 2**20
        print(
            f"| {RUNS[key][1]} | {len(runs)} | {spread} | {cpu:.2f} | {wall:.2f} "
            f"| {min(loads):.1f}–{max(loads):.1f} | {peak:.0f} | {size:.1f} |"
        )


if __name__ == "__main__":
    main()
