"""Report builders at national scale: ``python benchmarks/report_roster.py [--runs 3] [--server URL]``.

Creates the throwaway PostgreSQL database ``sidp3_bench_builders`` (dropped and made again), migrates it,
loads the Kemendagri tree (``import_regions``) and runs ``manage.py seed_scale --loci 5000 --year 2021``
(5,000 loci over every province, 125,000 cadres, trainings, activities, evaluations). Then, each in a fresh
process (so that peak memory is the build's own), as the KPU RI system account:

1. the national roster, XLSX (``reports.builders.roster.build_roster``, NIKs masked);
2. the same as CSV;
3. the national roster, XLSX, with full NIKs (a reason given): 125,000 rows in the NIK access log;
4. the recap PDF of one province (Jawa Timur, the most loci) and the national recap XLSX.

5. the same recap PDF and national roster XLSX through the real path: a report job asked for with
   ``reports.services.report_request`` and built by a ``celery -A dp3 worker --pool=solo`` on Redis
   (``--redis``, default database 12): the job's own build time (``finished_at − started_at``) and the
   worker process' peak resident memory (``VmHWM``), beside its resident memory when idle.

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


def child_build(kind: str, fmt: str, scope: str = "", reason: str = "") -> None:
    from accounts.system import national_system_user
    from cadre.models import NikAccess
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


# --- through the worker ----------------------------------------------------------------------------------

WORKER_JOBS = {
    "recap-pdf": (("recap", "pdf", PROVINCE), "(5a) recap PDF of Jawa Timur, by the Celery worker"),
    "roster-xlsx": (("roster", "xlsx", ""), "(5b) national roster XLSX, by the Celery worker"),
}


def _kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def child_request(kind: str, fmt: str, scope: str) -> None:
    """Ask for one report as the KPU RI system account and wait until the worker has built it."""
    from django.db import transaction

    from accounts.system import national_system_user
    from reports.models import ReportJob
    from reports.services import JobParameters, report_request

    with transaction.atomic():
        job = report_request(
            user=national_system_user(),
            params=JobParameters(report_type=kind, format=fmt, year=2021, scope=scope),
        )
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        job = ReportJob.objects.get(pk=job.pk)
        if job.status in ("selesai", "gagal"):
            break
        time.sleep(0.2)
    seconds = (
        (job.finished_at - job.started_at).total_seconds() if job.finished_at and job.started_at else None
    )
    print(json.dumps({"status": job.status, "error": job.error, "seconds": seconds}))


def worker_runs(env, redis: str, runs: int) -> None:
    """Start one solo worker, send it each job ``runs`` times, print the job times and its memory."""
    import subprocess

    env = {**env, "REDIS_URL": redis}
    worker = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "celery", "-A", "dp3", "worker", "--pool=solo", "-l", "warning",
         "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=_harness.ROOT, env=env,
    )  # fmt: skip
    try:
        time.sleep(8)  # Django and Celery start-up
        idle = _kib(worker.pid, "VmRSS")
        print(f"# worker idle: {idle / 1024:.0f} MiB resident")
        print("| measurement | runs | job build, median s (min–max) | worker peak RSS MiB (idle before) |")
        print("|---|---:|---:|---:|")
        for args, label in WORKER_JOBS.values():
            times = []
            for _ in range(runs):
                result = _harness.measured(__file__, ["--child", "request", *args], env)
                if result["status"] != "selesai":
                    raise SystemExit(f"{label}: {result}")
                times.append(result["seconds"])
            peak = _kib(worker.pid, "VmHWM")
            print(
                f"| {label} | {runs} | {statistics.median(times):.2f} ({min(times):.2f}–{max(times):.2f}) "
                f"| {peak / 1024:.0f} ({idle / 1024:.0f}) |"
            )
    finally:
        worker.terminate()
        worker.wait(timeout=30)


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
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12", help="the worker's broker")
    parser.add_argument("--skip-worker", action="store_true", help="no measurement through Celery")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        django_setup()
        kind, *rest = options.child
        {"build": child_build, "request": child_request}[kind](*rest)
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
        seconds = _harness.seed_scale(5000, env, year=2021)
        print(f"# seed_scale --loci 5000 --year 2021: {seconds:.1f} s")
    if not options.skip_worker:
        worker_runs(env, options.redis, options.runs)
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
