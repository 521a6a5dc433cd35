"""What the spreadsheet import commands share (``import_loci``, ``import_indicators`` and those to come).

A command takes a file, ``--dry-run`` and ``--user``, and runs the same service as the import page, as that
user or else the KPU RI system account. A refused file prints its errors to stderr and fails the command; an
accepted one prints a one-line summary.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.system import national_system_user
from kernel.spreadsheets import ImportOutcome

ImportService = Callable[..., ImportOutcome]  # (*, actor, data, filename, dry_run) -> ImportOutcome


class SpreadsheetImportCommand(BaseCommand):
    """An import command. Subclasses set ``help``, ``service`` and ``summary``.

    ``service``: ``staticmethod(<entity>_import)``, called as ``(*, actor, data, filename, dry_run)`` and
    returning an ``ImportOutcome``; a command with a choice of services overrides ``get_service(options)``.
    ``summary``: a lazy translatable text with ``%(new)s``, ``%(updated)s`` and ``%(unchanged)s``, e.g.
    ``gettext_lazy("%(new)s lokus baru, %(updated)s diperbarui, %(unchanged)s tidak berubah.")``.
    """

    service: ImportService | None = None
    summary = None
    # An import changes data, not the project: it skips Django's system checks (about 0.3 s of start-up,
    # importing every URL and view), which ``migrate``, ``check --deploy`` and the server run.
    requires_system_checks = []

    def create_parser(self, prog_name, subcommand, **kwargs):
        # ``help`` may be a lazy translation (``import_cadres``); argparse needs the text itself.
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("berkas .xlsx, .ods, .xls atau .csv"))
        parser.add_argument("--dry-run", action="store_true", help=_("periksa saja, tidak menyimpan"))
        parser.add_argument("--user", help=_("nama pengguna yang mengimpor (bawaan: pengguna sistem KPU RI)"))

    def get_service(self, options) -> ImportService:
        return self.service

    def handle(self, *args, **options):
        # What Django's start-up made lives as long as the process: out of the garbage collector's sight, so
        # that the file's many new objects do not make it walk them again and again (0.3–0.4 s of 10,000
        # cadres).
        gc.freeze()
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Berkas tidak ditemukan: %(path)s") % {"path": path})
        actor = import_actor(options["user"])
        try:
            outcome = self.get_service(options)(
                actor=actor, data=path.read_bytes(), filename=path.name, dry_run=options["dry_run"]
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        for warning in outcome.warnings:
            self.stderr.write(_("Peringatan: %(warning)s") % {"warning": warning})
        if outcome.errors:
            for error in outcome.errors:
                self.stderr.write(str(error))
            if outcome.omitted_errors:
                self.stderr.write(_("… dan %(count)s kesalahan lainnya.") % {"count": outcome.omitted_errors})
            raise CommandError(
                _("Berkas ditolak: %(count)s kesalahan. Tidak ada yang disimpan.")
                % {"count": outcome.error_count}
            )
        summary = self.summary % self.summary_values(outcome)
        if outcome.skipped:
            summary += " " + _("%(count)s baris dilewati.") % {"count": len(outcome.skipped)}
        if options["dry_run"]:
            self.stdout.write(
                _("Pemeriksaan selesai, tidak ada yang disimpan: %(summary)s") % {"summary": summary}
            )
        else:
            self.stdout.write(self.style.SUCCESS(_("Impor selesai: %(summary)s") % {"summary": summary}))

    def summary_values(self, outcome: ImportOutcome) -> dict:
        """What ``summary`` names (a command whose summary names more adds to it)."""
        return {"new": outcome.new, "updated": outcome.updated, "unchanged": outcome.unchanged}


def import_actor(username: str | None):
    """The user named by ``--user`` (CommandError when there is none), else the KPU RI system account."""
    if not username:
        return national_system_user()
    actor = get_user_model().objects.select_related("office").filter(username=username).first()
    if actor is None:
        raise CommandError(_("Pengguna %(user)s tidak ada.") % {"user": username})
    return actor
