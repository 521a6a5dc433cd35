"""Dashboard speed: ``python benchmarks/dashboard.py [--requests 20] [--server URL] [--reuse]``.

Creates the throwaway PostgreSQL database ``sidp3_bench_dashboards`` (dropped and made again unless
``--reuse``), migrates it, loads the Kemendagri tree (``import_regions``), then generates in bulk
(``benchmarks/_dashboard_fixture.py``) 50 loci of programme year 2024 across the country with 25 cadres
each (valid-structured NIKs), three held training sessions per regency with the attendance of every
appointed and active cadre, and two socialisation activities per active locus; measures; adds 4,950 loci
more the same way (5,000 loci, 125,000 cadres) and measures again. ``--reuse`` keeps the database of the
last run (saving the generation while iterating) and measures only the sizes it has not grown past.

Each measurement requests, with the Django test client as a KPU RI user, the home page (the national
dashboard with the office overview and targets), the dashboard of the province with the most loci and that
of its regency with the most loci: the SQL queries of one request and the median and 95th percentile of the
server time over ``--requests`` requests (after one warm-up), with the 1-minute load average. Prints a
Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402
from _harness import ROOT  # noqa: E402

DB = "sidp3_bench_dashboards"


def measure(client, url: str, requests: int) -> dict:
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url, HTTP_HOST="localhost")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times.sort()
    return {
        "queries": len(queries),
        "median": statistics.median(times),
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
    }


def pages() -> list[tuple[str, str]]:
    from django.db.models import Count

    from locus.models import Locus

    loci = Locus.objects.filter(programme_year_id=2024)
    province = loci.values("province_id").annotate(n=Count("pk")).order_by("-n", "province_id")[0]
    regency = (
        loci.filter(province_id=province["province_id"])
        .values("regency_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "regency_id")[0]
    )
    p, r = province["province_id"], regency["regency_id"]
    return [
        ("national (home page)", "/"),
        (f"province {p} ({province['n']} loci)", f"/dasbor/provinsi/{p}/"),
        (f"regency {r} ({regency['n']} loci)", f"/dasbor/kabupaten/{r}/"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--server", default="postgres://root@127.0.0.1:5432")
    parser.add_argument("--reuse", action="store_true", help="keep the database and its data")
    options = parser.parse_args()
    os.environ["DATABASE_URL"] = f"{options.server.rstrip('/')}/{DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dp3.settings.local")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
    if not options.reuse:
        _harness.recreate_database(options.server, DB)
        _harness.manage(["migrate", "-v0"], os.environ)
        _harness.manage(["import_regions"], os.environ)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from benchmarks._dashboard_fixture import generate
    from dp3.accounts.choices import OfficeLevel, Role
    from dp3.accounts.models import Office, User
    from locus.models import Locus

    office, _ = Office.objects.get_or_create(level=OfficeLevel.NATIONAL, defaults={"name": "KPU RI"})
    user, _ = User.objects.get_or_create(
        username="bench-nasional", defaults={"office": office, "role": Role.VIEWER}
    )
    client = Client()
    client.force_login(user)
    results = []
    sizes = (50, 5000)
    for size in sizes:
        have = Locus.objects.filter(programme_year_id=2024).count()
        if have > size:  # --reuse on a database already grown past this size
            print(f"{have} loci already: {size} not measured", file=sys.stderr)
            continue
        if have < size:
            started = time.perf_counter()
            made = generate(size - have)
            print(f"generated {made} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
            with connection.cursor() as cursor:
                # What autovacuum does after a bulk load: statistics, and the visibility map that lets
                # the dashboards' covering indexes be read without the table.
                cursor.execute("VACUUM ANALYZE")
        for label, url in pages():
            load = os.getloadavg()[0]
            result = measure(client, url, options.requests)
            results.append((size, label, result, load))
            print(size, label, result, f"load {load:.2f}", file=sys.stderr)
    print("| loci | page | SQL queries | median ms | p95 ms | load average |")
    print("|---:|---|---:|---:|---:|---:|")
    for size, label, result, load in results:
        print(
            f"| {size:,} | {label} | {result['queries']} | {result['median']:.0f} | {result['p95']:.0f} | "
            f"{load:.2f} |"
        )


if __name__ == "__main__":
    main()
