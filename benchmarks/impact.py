"""The national impact estimate: ``python benchmarks/impact.py [--runs 3] [--skip-prepare] [--skip-worker]``.

Creates the throwaway PostgreSQL database ``sidp3_bench_impact`` (dropped and made again), migrates it and
loads the Kemendagri tree (``import_regions``: 83,762 villages in force). Then generates, with one seeded
numpy generator, results for Pemilu 2019 and Pemilu 2024 for every village in force (illustrative rows: a
regency level, a village's lasting level that falls with its size, and a transient part at each election)
and 5,000 designated loci of programme year 2021, chosen among the lowest quarter of baseline turnout of
their regency (spread over every regency in proportion to its villages), with a +3 point lift in 2024. Both
are written with COPY, with no signal, as ``seed_scale`` writes its loci.

Each measurement is the estimate of 2021 at Pemilu 2024 with 1,000 bootstrap draws:

1. in a fresh process calling the worker's task body (``impact.tasks.estimate_impact.run``): the call's
   wall time and CPU, the process' peak RSS (``os.wait4``);
2. through the real path (unless ``--skip-worker``): the estimate asked for with
   ``impact.services.freshness.estimates_request`` and computed by a ``celery -A dp3 worker --pool=solo`` on
   Redis (``--redis``, default database 13): the run's own time (``computed_at − started_at``) and the
   worker's peak resident memory (``VmHWM``) beside its resident memory when idle.

Prints Markdown tables for docs/benchmarks.md ("Impact estimate").
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402
from _harness import cpu_seconds, django_setup, manage  # noqa: E402

DB = "sidp3_bench_impact"
YEAR, ELECTION, BASELINE = 2021, "pemilu-2024", "pemilu-2019"
LOCI = 5000
LIFT = 3.0
CREATED = "2021-06-01T00:00:00Z"


# --- the data ----------------------------------------------------------------------------------------------


def prepare(loci: int = LOCI, seed: int = 2024) -> dict:
    """Results of both elections for every village in force and ``loci`` designated loci of 2021."""
    import numpy as np
    from django.db import connection, transaction

    from kernel.copy import copy_rows, next_ids
    from locus.choices import LocusCategory, LocusStatus
    from locus.models import Locus, Village, VillageResult

    rng = np.random.default_rng(seed)
    codes = np.asarray(
        Village.objects.filter(retired_at__isnull=True).order_by("code").values_list("code", flat=True)
    )
    n = len(codes)
    regency_codes = np.asarray([code[:5] for code in codes.tolist()])
    _names, regency = np.unique(regency_codes, return_inverse=True)
    registered = np.exp(rng.normal(7.3, 0.7, n)).astype(np.int64) + 80
    lasting = rng.normal(80, 5, regency.max() + 1)[regency] + rng.normal(0, 4, n)
    lasting -= 1.5 * (np.log(registered) - 7.3)
    baseline = np.clip(lasting + rng.normal(0, 3, n), 30, 99)
    # Loci: in each regency, in proportion to its villages, at random among its lowest quarter of baseline.
    share = loci / n
    chosen = []
    for index in range(regency.max() + 1):
        members = np.flatnonzero(regency == index)
        lowest = members[np.argsort(baseline[members])][: max(1, len(members) // 4)]
        take = min(len(lowest), int(round(share * len(members))))
        chosen.extend(rng.choice(lowest, take, replace=False).tolist())
    chosen = np.asarray(sorted(rng.choice(chosen, min(loci, len(chosen)), replace=False).tolist()))
    outcome = np.clip(lasting + 2.0 + rng.normal(0, 3, n), 30, 99)
    outcome[chosen] = np.clip(outcome[chosen] + LIFT, 30, 99)
    registered_2024 = (registered * rng.uniform(1.0, 1.08, n)).astype(np.int64)

    def rows(election: str, electorate: np.ndarray, turnout: np.ndarray):
        voters = np.minimum(np.round(electorate * turnout / 100).astype(np.int64), electorate)
        invalid = (voters * 0.03).astype(np.int64)
        for code, people, came, bad in zip(
            codes.tolist(), electorate.tolist(), voters.tolist(), invalid.tolist(), strict=True
        ):
            yield (
                election, code, code[:8], code[:5], code[:2], max(1, people // 280), people, 0, came,
                came - bad, bad, True,
            )  # fmt: skip

    columns = [
        "election_id", "village_id", "district_code", "regency_code", "province_code", "polling_stations",
        "registered", "additional", "voters", "valid_votes", "invalid_votes", "illustrative",
    ]  # fmt: skip
    categories = [LocusCategory.LOW_TURNOUT] * 3 + [
        LocusCategory.CONFLICT_DISASTER,
        LocusCategory.HIGH_VIOLATION,
    ]
    with transaction.atomic():  # a fresh database (``--skip-prepare`` reuses one without preparing again)
        copy_rows(VillageResult._meta.db_table, columns, rows(BASELINE, registered, baseline))
        copy_rows(VillageResult._meta.db_table, columns, rows(ELECTION, registered_2024, outcome))
        ids = next_ids(Locus._meta.db_table, "id", len(chosen))
        copy_rows(
            Locus._meta.db_table,
            ["id", "village_id", "programme_year_id", "category", "rationale", "status", "regency_id",
             "province_id", "decree_number", "agreement_number", "agreement_signatories", "status_reason",
             "created_at", "updated_at"],
            (
                (pk, code, YEAR, categories[index % len(categories)], "Lokus skala (benchmark)",
                 LocusStatus.DESIGNATED, code[:5], code[:2], "SK/benchmark", "", "", "", CREATED, CREATED)
                for index, (pk, code) in enumerate(zip(ids, codes[chosen].tolist(), strict=True))
            ),
        )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {"villages": int(n), "loci": len(chosen)}


# --- children (Django set up in this process) -------------------------------------------------------------


def child_prepare() -> None:
    print(json.dumps(prepare()))


def child_run() -> None:
    from django.utils import timezone

    from impact.models import ImpactEstimate, ImpactFigure
    from impact.tasks import estimate_impact

    # As after a change of results: asked for now, so that the task computes rather than skips.
    ImpactEstimate.objects.filter(programme_year_id=YEAR, election_id=ELECTION).update(
        requested_at=timezone.now()
    )
    started, cpu = time.perf_counter(), cpu_seconds()
    estimate_impact.run(YEAR, ELECTION)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    national = ImpactFigure.objects.get(estimate__programme_year_id=YEAR, level="nasional", category="")
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu": cpu,
                "loci": national.loci,
                "matched": national.matched,
                "controls": national.controls,
                "effect": national.effect,
                "low": national.low,
                "high": national.high,
            }
        )
    )


def child_request() -> None:
    """Ask for the estimate as a change of results would, and wait until the worker has computed it."""
    from django.utils import timezone

    from impact.models import ImpactEstimate
    from impact.services.freshness import estimates_request

    asked = timezone.now()
    estimates_request(election=ELECTION)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        estimate = ImpactEstimate.objects.get(programme_year_id=YEAR, election_id=ELECTION)
        started = estimate.started_at
        if started and started >= asked and estimate.computed_at and estimate.computed_at >= started:
            break
        if estimate.failed_at and estimate.failed_at >= asked:
            raise SystemExit(estimate.error)
        time.sleep(0.2)
    print(json.dumps({"seconds": (estimate.computed_at - estimate.started_at).total_seconds()}))


def _kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def worker_runs(env, redis: str, runs: int) -> None:
    env = {**env, "REDIS_URL": redis}
    worker = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "celery", "-A", "dp3", "worker", "--pool=solo", "-l", "warning",
         "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=_harness.ROOT, env=env,
    )  # fmt: skip
    try:
        time.sleep(8)  # Django and Celery start-up
        idle = _kib(worker.pid, "VmRSS")
        times = []
        for _ in range(runs):
            times.append(_harness.measured(__file__, ["--child", "request"], env)["seconds"])
        peak = _kib(worker.pid, "VmHWM")
        print(
            "| measurement (by the Celery worker) | runs | run, median s (min–max) "
            "| worker peak RSS MiB (idle) |"
        )
        print("|---|---:|---:|---:|")
        print(
            f"| (2) national estimate, 1,000 draws | {runs} | {statistics.median(times):.2f} "
            f"({min(times):.2f}–{max(times):.2f}) | {peak / 1024:.0f} ({idle / 1024:.0f}) |"
        )
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-prepare", action="store_true", help="reuse the database of an earlier run")
    parser.add_argument("--server", default="postgres://root@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13", help="the worker's broker")
    parser.add_argument("--skip-worker", action="store_true", help="no measurement through Celery")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        django_setup()
        {"prepare": child_prepare, "run": child_run, "request": child_request}[options.child]()
        return
    env = _harness.env_for(options.server, DB)
    print(
        f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; load average at start {os.getloadavg()[0]:.1f}"
    )
    if not options.skip_prepare:
        _harness.recreate_database(options.server, DB)
        manage(["migrate", "--verbosity", "0"], env)
        manage(["import_regions"], env)
        started = time.perf_counter()
        made = _harness.measured(__file__, ["--child", "prepare"], env)
        print(
            f"# {made['villages']:,} villages × 2 elections and {made['loci']:,} loci generated in "
            f"{time.perf_counter() - started:.1f} s"
        )
    runs = [_harness.measured(__file__, ["--child", "run"], env) for _ in range(options.runs)]
    calls = [r["seconds"] for r in runs]
    last = runs[-1]
    print(
        f"# national: {last['matched']:,} of {last['loci']:,} loci matched, {last['controls']:,} comparison "
        f"villages; effect {last['effect']:+.2f} points (95%: {last['low']:+.2f} to {last['high']:+.2f}); "
        f"planted +{LIFT}"
    )
    print("| measurement | runs | task run, median s (min–max) | its CPU, median s | process wall, median s "
          "| load average (min–max) | peak RSS MiB |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|")
    loads = [r["load"] for r in runs]
    print(
        f"| (1) national estimate, 1,000 draws, in a fresh process | {len(runs)} "
        f"| {statistics.median(calls):.2f} ({min(calls):.2f}–{max(calls):.2f}) "
        f"| {statistics.median(r['cpu'] for r in runs):.2f} "
        f"| {statistics.median(r['wall'] for r in runs):.2f} | {min(loads):.1f}–{max(loads):.1f} "
        f"| {max(r['peak_mib'] for r in runs):.0f} |"
    )
    if not options.skip_worker:
        worker_runs(env, options.redis, options.runs)


if __name__ == "__main__":
    main()
