from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cadre.imports import cadres_import
from dp3.accounts.system import national_system_user


def actor_from(username: str | None):
    """The named user, or the national system account."""
    if not username:
        return national_system_user()
    actor = get_user_model().objects.select_related("office").filter(username=username).first()
    if actor is None:
        raise CommandError(_("Pengguna %(user)s tidak ada.") % {"user": username})
    return actor


class Command(BaseCommand):
    help = _(
        "Mengimpor daftar kader dari berkas XLSX/CSV (kolom: NIK, Nama Lengkap, Jenis Kelamin, "
        "Tempat Lahir, Tanggal Lahir, Alamat, Kode Desa, No. HP, Email, Pendidikan Terakhir, Pekerjaan, "
        "Unsur, Disabilitas, Bukan Anggota Parpol, dan Kode Desa Lokus bila --locus tidak diberikan). "
        "Semua atau tidak sama sekali."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("berkas .xlsx atau .csv"))
        parser.add_argument("--locus", metavar="KODE_DESA", help=_("kode desa lokus untuk seluruh berkas"))
        parser.add_argument("--year", type=int, required=True, metavar="TAHUN", help=_("tahun program"))
        parser.add_argument("--dry-run", action="store_true", help=_("periksa saja, tidak menyimpan"))
        parser.add_argument(
            "--appointed", action="store_true", help=_("kader langsung berstatus ditetapkan (daftar kader)")
        )
        parser.add_argument("--user", help=_("nama pengguna yang mengimpor (bawaan: pengguna sistem KPU RI)"))

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Berkas tidak ditemukan: %(path)s") % {"path": path})
        actor = actor_from(options["user"])
        try:
            outcome = cadres_import(
                actor=actor,
                data=path.read_bytes(),
                filename=path.name,
                dry_run=options["dry_run"],
                locus_code=options["locus"],
                year=options["year"],
                appointed=options["appointed"],
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
        summary = _("%(new)s kader baru, %(updated)s diperbarui, %(unchanged)s tidak berubah.") % {
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
