"""API speed: ``python benchmarks/api.py [--requests 20] [--server URL]``.

Uses the database of ``benchmarks/dashboard.py`` (``sidp3_bench_dashboards``: 5,000 loci of 2024 and
their 125,000 cadres from ``seed_scale``; run that benchmark first), migrated to the current code. Through
the Django test client, as a KPU RI user (session authentication, as a browser): the cadres list of the API
at 1,000 rows a page (the first page and one further by its cursor), the loci list at 1,000 a page, the same
cadres page through a KPU RI API client's token (its call logged), the lists of socialisation activities,
training sessions, coordination meetings and evaluations at 1,000 a page, the national dashboard figures, and
the open data's national table (JSON and CSV) and catalogue, first computed and then from the cache. Each line
gives the SQL queries of one request and the median and 95th percentile of the server time (ms). Prints a
Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import django_setup, measure_page  # noqa: E402

DB = "sidp3_bench_dashboards"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--server", default="postgres://root@127.0.0.1:5432")
    options = parser.parse_args()
    os.environ["DATABASE_URL"] = f"{options.server.rstrip('/')}/{DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dp3.settings.local")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
    os.environ["SIDP3_API_RATE"] = "100000/hour"
    os.environ["SIDP3_API_CLIENT_RATE"] = "100000/hour"
    django_setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from accounts.choices import OfficeLevel, Role
    from accounts.models import Office, User
    from cadre.models import Cadre

    call_command("migrate", verbosity=0)
    office, _ = Office.objects.get_or_create(level=OfficeLevel.NATIONAL, defaults={"name": "KPU RI"})
    user, _ = User.objects.get_or_create(
        username="bench-nasional", defaults={"office": office, "role": Role.VIEWER}
    )
    client = Client()
    client.force_login(user)
    token_client = Client(HTTP_AUTHORIZATION=f"Bearer {_machine_token(office)}")
    cadres = Cadre.objects.count()
    load = os.getloadavg()[0]
    print(f"# {os.cpu_count()} cores, {cadres} cadres, load average {load:.2f}", file=sys.stderr)
    first = client.get("/api/v1/cadres/?page_size=1000", HTTP_HOST="localhost").json()
    next_page = first["next"].split("localhost", 1)[-1] if first.get("next") else None
    assert len(first["results"]) == 1000, len(first["results"])
    pages = [
        ("cadres, 1,000 a page, first page", "/api/v1/cadres/?page_size=1000"),
        ("cadres, 1,000 a page, a page by its cursor", next_page),
        ("loci, 1,000 a page", "/api/v1/loci/?page_size=1000"),
        ("activities, 1,000 a page", "/api/v1/activities/?page_size=1000"),
        ("training sessions, 1,000 a page", "/api/v1/training-sessions/?page_size=1000"),
        ("coordination meetings, 1,000 a page", "/api/v1/meetings/?page_size=1000"),
        ("evaluations, 1,000 a page", "/api/v1/evaluations/?page_size=1000"),
        ("dashboard figures, national, 2024", "/api/v1/figures/?year=2024"),
    ]
    rows = []
    for label, url in pages:
        result = measure_page(client, url, options.requests)
        rows.append((label, result))
        print(label, result, file=sys.stderr)
    for label, url in [
        ("cadres, 1,000 a page, API client's token (call logged)", "/api/v1/cadres/?page_size=1000"),
    ]:
        result = measure_page(token_client, url, options.requests)
        rows.append((label, result))
        print(label, result, file=sys.stderr)
    # Open data: computed once (the cache emptied), then from the cache.
    for label, url in [
        ("open data, national table (JSON)", "/api/v1/terbuka/2024/nasional.json"),
        ("open data, national table (CSV)", "/api/v1/terbuka/2024/nasional.csv"),
        ("open data, catalogue", "/api/v1/terbuka/"),
    ]:
        cache.clear()
        started = time.perf_counter()
        response = client.get(url, HTTP_HOST="localhost")
        computed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
        result = measure_page(client, url, options.requests)  # every request after the first: from the cache
        result["computed"] = computed
        rows.append((label, result))
        print(label, result, file=sys.stderr)
    print("| request | SQL queries | median ms | p95 ms | computed (cache empty) ms |")
    print("|---|---:|---:|---:|---:|")
    for label, result in rows:
        computed = f"{result['computed']:.0f}" if "computed" in result else "–"
        median, p95 = f"{result['median']:.0f}", f"{result['p95']:.0f}"
        print(f"| {label} | {result['queries']} | {median} | {p95} | {computed} |")
    print(f"# load average at end {os.getloadavg()[0]:.2f}", file=sys.stderr)


def _machine_token(office) -> str:
    """A fresh read-only API client of KPU RI (made by a KPU RI administrator): its token."""
    import datetime as dt

    from django.utils import timezone

    from accounts.api_clients import api_client_create
    from accounts.choices import APIAccess, Role
    from accounts.models import APIClient, User

    admin, _ = User.objects.get_or_create(
        username="bench-admin-nasional", defaults={"office": office, "role": Role.ADMIN}
    )
    APIClient.objects.filter(name="Benchmark", office=office, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=admin
    )
    _client, token = api_client_create(
        actor=admin,
        office=office,
        name="Benchmark",
        access=APIAccess.READ,
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    return token


if __name__ == "__main__":
    main()
