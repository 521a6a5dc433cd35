from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.commands import SpreadsheetImportCommand
from locus.services.imports import loci_import


class Command(SpreadsheetImportCommand):
    help = _(
        "Mengimpor lokus dari berkas XLSX/CSV (kolom: Kode Desa, Tahun, Kategori, Status, Nomor SK, "
        "Tanggal SK). "
        "Semua atau tidak sama sekali."
    )
    service = staticmethod(loci_import)
    summary = gettext_lazy("%(new)s lokus baru, %(updated)s diperbarui, %(unchanged)s tidak berubah.")
