from functools import partial

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.commands import SpreadsheetImportCommand
from locus.models import Election
from locus.services.results_import import results_import


class Command(SpreadsheetImportCommand):
    help = _(
        "Mengimpor hasil pemilu per TPS (kolom: Kode Wilayah, No TPS, DPT, DPTb/DPK, Pengguna Hak Pilih, "
        "Suara Sah, Suara Tidak Sah) dari berkas XLSX/ODS/CSV untuk satu pemilu: hasil setiap desa/kelurahan "
        "di berkas diganti. Semua atau tidak sama sekali."
    )
    summary = gettext_lazy(
        "%(rows)s baris TPS dibaca; %(new)s desa/kelurahan baru, %(updated)s berubah, %(unchanged)s tidak "
        "berubah."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--election", required=True, help=_("kode pemilu, misalnya pemilu-2024"))
        parser.add_argument(
            "--illustrative",
            action="store_true",
            help=_("angka ilustrasi untuk demo atau pelatihan, bukan hasil resmi KPU"),
        )

    def get_service(self, options):
        election = Election.objects.filter(pk=options["election"]).first()
        if election is None:
            codes = ", ".join(Election.objects.order_by("held_on").values_list("code", flat=True))
            raise CommandError(
                _("Pemilu %(code)s tidak ada; tersedia: %(codes)s.")
                % {"code": options["election"], "codes": codes}
            )
        return partial(results_import, election=election, illustrative=options["illustrative"])

    def summary_values(self, outcome) -> dict:
        return {**super().summary_values(outcome), "rows": outcome.rows_read}
