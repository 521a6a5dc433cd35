from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dp3.accounts.system import national_system_user
from locus.services.imports import incidents_import, indicators_import

SERVICES = {"indikator": indicators_import, "konflik-bencana": incidents_import}


class Command(BaseCommand):
    help = _(
        "Mengimpor indikator pemilu (kolom: Kode Wilayah, Pemilu, Partisipasi (%), Temuan Pelanggaran, "
        "Skor IKP, Keterangan) atau, dengan --jenis konflik-bencana, catatan konflik/bencana (kolom: Kode "
        "Wilayah, Jenis, Tahun, Keterangan) dari berkas XLSX/CSV. Semua atau tidak sama sekali."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("berkas .xlsx atau .csv"))
        parser.add_argument(
            "--jenis", choices=sorted(SERVICES), default="indikator", help=_("jenis data (bawaan: indikator)")
        )
        parser.add_argument("--dry-run", action="store_true", help=_("periksa saja, tidak menyimpan"))
        parser.add_argument("--user", help=_("nama pengguna yang mengimpor (bawaan: pengguna sistem KPU RI)"))

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Berkas tidak ditemukan: %(path)s") % {"path": path})
        if options["user"]:
            actor = get_user_model().objects.select_related("office").filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(_("Pengguna %(user)s tidak ada.") % {"user": options["user"]})
        else:
            actor = national_system_user()
        service = SERVICES[options["jenis"]]
        try:
            outcome = service(
                actor=actor, data=path.read_bytes(), filename=path.name, dry_run=options["dry_run"]
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        if outcome.errors:
            for error in outcome.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("Berkas ditolak: %(count)s kesalahan. Tidak ada yang disimpan.")
                % {"count": len(outcome.errors)}
            )
        summary = _("%(new)s baris baru, %(updated)s diperbarui, %(unchanged)s tidak berubah.") % {
            "new": outcome.new,
            "updated": outcome.updated,
            "unchanged": outcome.unchanged,
        }
        if options["dry_run"]:
            self.stdout.write(
                _("Pemeriksaan selesai, tidak ada yang disimpan: %(summary)s") % {"summary": summary}
            )
        else:
            self.stdout.write(self.style.SUCCESS(_("Impor selesai: %(summary)s") % {"summary": summary}))
