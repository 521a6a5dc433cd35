import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dp3.scale.services import ScaleError, seed_scale


class Command(BaseCommand):
    help = gettext_lazy(
        "Menambahkan N lokus uji skala nasional (25 kader per lokus, pembekalan, kegiatan, evaluasi, rakor) "
        "di desa yang belum menjadi lokus, tersebar di semua provinsi. Untuk uji kecepatan; bukan data nyata."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loci", type=int, required=True, help=gettext_lazy("jumlah lokus yang ditambahkan")
        )
        parser.add_argument(
            "--year", type=int, default=None, help=gettext_lazy("tahun program (bawaan: tahun terakhir)")
        )
        parser.add_argument(
            "--seed", type=int, default=2024, help=gettext_lazy("benih acak: benih sama, data sama")
        )

    def handle(self, *args, **options):
        if not settings.SIDP3_ALLOW_DEMO:
            raise CommandError(
                _("Data uji tidak boleh dimuat di lingkungan produksi (SIDP3_ALLOW_DEMO mati).")
            )
        started = time.perf_counter()
        try:
            counts = seed_scale(loci=options["loci"], year=options["year"], seed=options["seed"])
        except ScaleError as exc:
            raise CommandError(str(exc)) from exc
        if connection.vendor == "postgresql":
            # Fresh planner statistics for the tables just filled (autovacuum would come later).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in counts))
        if options["verbosity"]:
            self.stdout.write(
                _("Data uji skala dimuat dalam %(seconds).1f detik:")
                % {"seconds": time.perf_counter() - started}
            )
            for table, count in counts.items():
                self.stdout.write(f"  {table:<45} {count:>9,}")
