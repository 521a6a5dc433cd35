"""Build one report now, in this process, with the same code as the background task, and write it to a file.

    python manage.py generate_report recap --scope 18 --year 2021 --format xlsx -o rekap-lampung.xlsx
    python manage.py generate_report roster --locus 18.06.11.2016 --year 2021 --format pdf -o kader.pdf \
        --user prov-lampung --reason "Pencocokan data untuk SK"

Runs as the KPU RI system account unless ``--user`` is given. ``--locus`` takes the village code (KODE_DESA);
with ``--year`` it names the locus of that village that year. The job is recorded like any other (visible to
that user on the Laporan page). On failure the command exits non-zero with the message the page would show.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.commands import import_actor
from activities.models import CoordinationMeeting
from locus.models import Locus
from reports.builders import CONTENT_TYPES
from reports.models import JobStatus
from reports.services import JobParameters, report_request, run_job


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{name}: {' '.join(m)}" for name, m in error.message_dict.items())
    return " ".join(error.messages)


class Command(BaseCommand):
    help = _("Membuat satu laporan sekarang (tanpa antrean) dan menulisnya ke berkas.")

    def add_arguments(self, parser):
        parser.add_argument("type", help=_("jenis laporan, mis. recap, locus-profile, roster, minutes"))
        parser.add_argument("--year", type=int, required=True, help=_("tahun program"))
        parser.add_argument("--format", required=True, choices=sorted(CONTENT_TYPES), help=_("format berkas"))
        parser.add_argument("-o", "--output", required=True, help=_("berkas yang ditulis"))
        parser.add_argument(
            "--scope", default="", help=_("kode provinsi atau kabupaten/kota, mis. 18 atau 18.06")
        )
        parser.add_argument("--locus", help=_("kode desa/kelurahan lokus (KODE_DESA), mis. 18.06.11.2016"))
        parser.add_argument("--meeting", type=int, help=_("nomor (ID) rapat koordinasi"))
        parser.add_argument("--user", help=_("nama pengguna yang meminta (bawaan: pengguna sistem KPU RI)"))
        parser.add_argument("--reason", default="", help=_("alasan meminta NIK lengkap"))

    def handle(self, *args, **options):
        user = import_actor(options["user"])
        output = Path(options["output"])
        # Before anything is built or logged: a report that cannot be written is not asked for.
        if not output.parent.is_dir() or (output.exists() and not os.access(output, os.W_OK)):
            raise CommandError(_("Berkas %(path)s tidak dapat ditulis.") % {"path": output})
        locus = meeting = None
        if options["locus"]:
            locus = (
                Locus.objects.restrict(user, "view")
                .filter(village_id=options["locus"], programme_year_id=options["year"])
                .first()
            )
            if locus is None:
                raise CommandError(
                    _("Lokus desa %(code)s tahun %(year)s tidak ada atau di luar wilayah kerja pengguna.")
                    % {"code": options["locus"], "year": options["year"]}
                )
        if options["meeting"]:
            meeting = CoordinationMeeting.objects.restrict(user, "view").filter(pk=options["meeting"]).first()
            if meeting is None:
                raise CommandError(_("Rapat ini tidak ada atau di luar wilayah kerja pengguna."))
        params = JobParameters(
            report_type=options["type"],
            format=options["format"],
            year=options["year"],
            scope=options["scope"],
            locus=locus,
            meeting=meeting,
            reason=options["reason"],
        )
        try:
            job = report_request(user=user, params=params, enqueue=False)
        except ValidationError as error:
            raise CommandError(_messages(error)) from error
        job = run_job(job.pk)
        if job.status != JobStatus.SUCCEEDED:
            raise CommandError(job.error)
        with job.file.open("rb") as source, open(options["output"], "wb") as target:
            shutil.copyfileobj(source, target)
        self.stdout.write(
            _("Laporan %(name)s ditulis ke %(path)s.") % {"name": job.filename, "path": options["output"]}
        )
