from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.commands import SpreadsheetImportCommand
from locus.services.imports import incidents_import, indicators_import

SERVICES = {"indikator": indicators_import, "konflik-bencana": incidents_import}


class Command(SpreadsheetImportCommand):
    help = _(
        "Mengimpor indikator pemilu (kolom: Kode Wilayah, Pemilu, Partisipasi (%), Temuan Pelanggaran, "
        "Skor IKP, Keterangan) atau, dengan --jenis konflik-bencana, catatan konflik/bencana (kolom: Kode "
        "Wilayah, Jenis, Tahun, Keterangan) dari berkas XLSX/CSV. Semua atau tidak sama sekali."
    )
    summary = gettext_lazy("%(new)s baris baru, %(updated)s diperbarui, %(unchanged)s tidak berubah.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--jenis", choices=sorted(SERVICES), default="indikator", help=_("jenis data (bawaan: indikator)")
        )

    def get_service(self, options):
        return SERVICES[options["jenis"]]
