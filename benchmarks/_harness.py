"""What every benchmark script shares: a fresh PostgreSQL database, ``manage.py`` runs against it, and
measured child processes (wall time, peak RSS and the load average at their start).

A script runs its measurements in children of itself (``python benchmarks/<script>.py --child ...``), so that
each figure is one fresh process, as a command or a worker would be."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def env_for(server: str, database: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = f"{server.rstrip('/')}/{database}"
    env.setdefault("DJANGO_SETTINGS_MODULE", "dp3.settings.local")
    return env


def manage(args: list[str], env) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def recreate_database(server: str, database: str) -> None:
    import psycopg2

    connection = psycopg2.connect(f"{server.rstrip('/')}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {database}")
        cursor.execute(f"CREATE DATABASE {database}")
    connection.close()


def measured(script: str, args: list[str], env) -> dict:
    """Run ``script`` as a child with ``args``; the JSON of its last output line, with its wall time, its peak
    RSS (MiB) and the 1-minute load average when it started."""
    load = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, script, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    output = process.stdout.read()
    if status != 0:
        raise SystemExit(f"child {args} failed: {output}")
    result = json.loads(output.strip().splitlines()[-1])
    result.update(wall=wall, peak_mib=usage.ru_maxrss / 1024, load=load)
    return result


def cpu_seconds() -> float:
    """User + system time of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --- page benchmarks: a database grown with seed_scale, pages timed through the Django test client --------


def seed_scale(loci: int, env, *, year: int = 2024, seed: int = 2024) -> float:
    """``manage.py seed_scale --loci N`` as its own process; its wall time."""
    started = time.perf_counter()
    manage(["seed_scale", "--loci", str(loci), "--year", str(year), "--seed", str(seed)], env)
    return time.perf_counter() - started


def vacuum_analyze() -> None:
    """What autovacuum does after a bulk load: planner statistics, and the visibility map that lets the
    covering indexes be read without the table (in a process where Django is set up)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def measure_page(client, url: str, requests: int) -> dict:
    """The SQL queries of one request (after a warm-up request) and the median and 95th percentile of the
    server time over ``requests`` requests, in ms."""
    import statistics

    from django.db import connection

    response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == 200, (url, response.status_code)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url, HTTP_HOST="localhost")
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url, HTTP_HOST="localhost")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return {
        "queries": len(queries),
        "median": statistics.median(times),
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
    }


def run_pages(*, database: str, pages, description: str) -> None:
    """The common run of ``dashboard.py`` and ``list_pages.py``: (re)create ``database``, migrate, load the
    regions, grow it with ``seed_scale`` to 50 then 5,000 loci of 2024, and at each size time every page of
    ``pages()`` (a list of (label, url), computed once the data is there) as a KPU RI user. Prints a
    Markdown table."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--server", default="postgres://root@127.0.0.1:5432")
    parser.add_argument("--reuse", action="store_true", help="keep the database and its data")
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 5000])
    options = parser.parse_args()
    os.environ["DATABASE_URL"] = f"{options.server.rstrip('/')}/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dp3.settings.local")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
    if not options.reuse:
        recreate_database(options.server, database)
        manage(["migrate", "-v0"], os.environ)
        manage(["import_regions"], os.environ)
    django_setup()
    from django.test import Client

    from accounts.choices import OfficeLevel, Role
    from accounts.models import Office, User
    from locus.models import Locus

    office, _ = Office.objects.get_or_create(level=OfficeLevel.NATIONAL, defaults={"name": "KPU RI"})
    user, _ = User.objects.get_or_create(
        username="bench-nasional", defaults={"office": office, "role": Role.VIEWER}
    )
    client = Client()
    client.force_login(user)
    print(f"# {os.cpu_count()} cores, load average at start {os.getloadavg()[0]:.2f}", file=sys.stderr)
    results = []
    for size in options.sizes:
        have = Locus.objects.filter(programme_year_id=2024).count()
        if have > size:  # --reuse on a database already grown past this size
            print(f"{have} loci already: {size} not measured", file=sys.stderr)
            continue
        if have < size:
            seconds = seed_scale(size - have, os.environ)
            print(f"seed_scale --loci {size - have}: {seconds:.1f} s", file=sys.stderr)
            vacuum_analyze()
        for label, url in pages():
            load = os.getloadavg()[0]
            result = measure_page(client, url, options.requests)
            results.append((size, label, result, load))
            print(size, label, result, f"load {load:.2f}", file=sys.stderr)
    print("| loci | page | SQL queries | median ms | p95 ms | load average |")
    print("|---:|---|---:|---:|---:|---:|")
    for size, label, result, load in results:
        print(
            f"| {size:,} | {label} | {result['queries']} | {result['median']:.0f} | {result['p95']:.0f} | "
            f"{load:.2f} |"
        )
