"""Dashboard speed: ``python benchmarks/dashboard.py [--requests 20] [--server URL] [--reuse]``.

Creates the throwaway PostgreSQL database ``sidp3_bench_dashboards`` (dropped and made again unless
``--reuse``), migrates it, loads the Kemendagri tree (``import_regions``), adds 50 loci of programme year
2024 with ``manage.py seed_scale`` (25 cadres each, held trainings with attendance, activities, evaluations,
meetings), measures; adds 4,950 loci more the same way (5,000 loci, 125,000 cadres) and measures again.
``--reuse`` keeps the database of the last run and measures only the sizes it has not grown past.

Each measurement requests, with the Django test client as a KPU RI user, the home page (the national
dashboard with the office overview and targets), the dashboard of the province with the most loci, that of
its regency with the most loci and the dashboard of one active locus there: the SQL queries of one request
and the median and 95th percentile of the server time over ``--requests`` requests (after one warm-up), with
the 1-minute load average. Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402

DB = "sidp3_bench_dashboards"


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
    locus = loci.filter(regency_id=r, status="aktif").order_by("pk").first()
    return [
        ("national (home page)", "/"),
        (f"province {p} ({province['n']} loci)", f"/dasbor/provinsi/{p}/"),
        (f"regency {r} ({regency['n']} loci)", f"/dasbor/kabupaten/{r}/"),
        (f"locus {locus.village_id}", f"/dasbor/lokus/{locus.pk}/"),
    ]


if __name__ == "__main__":
    _harness.run_pages(database=DB, pages=pages, description=__doc__)
