from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.system import national_system_user
from locus.exports import loci_export
from locus.selectors.loci import locus_list


class Command(BaseCommand):
    help = _("Mengekspor lokus ke XLSX atau CSV.")

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help=_("berkas keluaran .xlsx atau .csv"))
        parser.add_argument("--year", type=int, help=_("tahun program"))
        parser.add_argument("--scope", help=_("kode provinsi atau kabupaten/kota"))

    def handle(self, *args, **options):
        path = Path(options["output"])
        if path.suffix.lower() not in (".xlsx", ".csv"):
            raise CommandError(_("Berkas keluaran harus .xlsx atau .csv."))
        loci = locus_list(
            user=national_system_user(), filters={"year": options["year"], "region": options["scope"]}
        )
        content = loci_export(loci, fmt=path.suffix.lower()[1:])
        path.write_bytes(content)
        self.stdout.write(_("%(count)s lokus ditulis ke %(path)s") % {"count": loci.count(), "path": path})
