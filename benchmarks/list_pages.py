"""List pages at national scale: ``python benchmarks/list_pages.py [--requests 20] [--server URL] [--reuse]``.

The same run as ``benchmarks/dashboard.py`` (its own database ``sidp3_bench_lists``: migrate,
``import_regions``, ``seed_scale`` to 50 and then 5,000 loci of 2024), timing the list pages a KPU RI user
opens: loci, cadres (all, one year, a name search), coordination meetings, follow-ups, trainings,
socialisation activities, evaluations, the report page, and one locus' page and roster. The SQL queries of
one request, the median and 95th percentile of the server time over ``--requests`` requests after a warm-up,
the 1-minute load average. Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402

DB = "sidp3_bench_lists"


def pages() -> list[tuple[str, str]]:
    from locus.models import Locus

    locus = Locus.objects.filter(programme_year_id=2024, status="aktif").order_by("pk").first()
    return [
        ("loci `/lokus/`", "/lokus/"),
        ("cadres `/kader/`", "/kader/"),
        ("cadres of 2024 `/kader/?tahun=2024`", "/kader/?tahun=2024"),
        ("cadres, name search `/kader/?q=siti`", "/kader/?q=siti"),
        ("meetings `/kegiatan/rakor/`", "/kegiatan/rakor/"),
        ("follow-ups `/kegiatan/rakor/tindak-lanjut/`", "/kegiatan/rakor/tindak-lanjut/"),
        ("trainings `/kegiatan/pembekalan/`", "/kegiatan/pembekalan/"),
        ("activities `/kegiatan/sosialisasi/`", "/kegiatan/sosialisasi/"),
        ("evaluations `/kegiatan/evaluasi/`", "/kegiatan/evaluasi/"),
        ("reports `/laporan/`", "/laporan/"),
        ("one locus `/lokus/<pk>/`", f"/lokus/{locus.pk}/"),
        ("one roster `/kader/lokus/<pk>/`", f"/kader/lokus/{locus.pk}/"),
    ]


if __name__ == "__main__":
    _harness.run_pages(database=DB, pages=pages, description=__doc__)
