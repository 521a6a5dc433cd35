import datetime as dt
from functools import partial

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.commands import SpreadsheetImportCommand
from cadre.imports import cadres_import
from kernel.spreadsheets import parse_date


class Command(SpreadsheetImportCommand):
    help = gettext_lazy(
        "Mengimpor daftar kader dari berkas XLSX, ODS, XLS atau CSV (kolom: NIK, Nama Lengkap, Jenis "
        "Kelamin, Tempat Lahir, Tanggal Lahir, Alamat, Kode Desa, No. HP, Email, Pendidikan Terakhir, "
        "Pekerjaan, Unsur, Disabilitas, Bukan Anggota Parpol, Tanggal Rekrutmen, dan Kode Desa Lokus bila "
        "--locus tidak diberikan). Semua atau tidak sama sekali."
    )
    summary = gettext_lazy("%(new)s kader baru, %(updated)s diperbarui, %(unchanged)s tidak berubah.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--locus", metavar="KODE_DESA", help=gettext_lazy("kode desa lokus untuk seluruh berkas")
        )
        parser.add_argument(
            "--year", type=int, required=True, metavar="TAHUN", help=gettext_lazy("tahun program")
        )
        parser.add_argument(
            "--appointed",
            action="store_true",
            help=gettext_lazy("kader langsung berstatus ditetapkan (daftar kader)"),
        )
        parser.add_argument(
            "--recruited-on",
            metavar="DD/MM/YYYY",
            type=_date,
            help=gettext_lazy(
                "tanggal rekrutmen baris yang tidak mengisi kolom Tanggal Rekrutmen (bawaan: hari ini bila "
                "dalam tahun program, selain itu tanggal SK lokus)"
            ),
        )

    def get_service(self, options):
        return partial(
            cadres_import,
            locus_code=options["locus"],
            year=options["year"],
            appointed=options["appointed"],
            recruited_on=options["recruited_on"],
        )


def _date(text: str) -> dt.date:
    try:
        day = parse_date(text)
    except ValueError as exc:
        raise CommandError(_("--recruited-on: %(error)s") % {"error": exc}) from exc
    if day is None:
        raise CommandError(_("--recruited-on: tanggal wajib diisi."))
    return day
