"""The spreadsheet import pipeline of the pages: upload → preview → confirm.

The upload is checked (``ImportUploadForm``: XLSX or CSV by its content, within
``SIDP3_MAX_UPLOAD_BYTES``) and its bytes wait between the steps in ``MEDIA_ROOT/imports/<uuid>``, named only
by the session; the preview is a dry run of the import service (``build_preview``: every row with what the
import does with it and its errors); the confirmation runs the same service for real, all or nothing; the
file is removed once confirmed or cancelled. ``SpreadsheetImportView`` is the page; an app subclasses it with
its service, its permission check, its ``ImportKind`` (columns, example row) and its templates.
``template_response`` serves the import's template (``kernel.import_templates``): XLSX, ODS or CSV.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from kernel.columns import TableSpec
from kernel.import_templates import write_template
from kernel.signals import upload_discarded, upload_stored
from kernel.spreadsheets import CONTENT_TYPES, ImportOutcome, mask_digit_runs, write_table
from kernel.workbook import EXTENSIONS, WorkbookError, csv_encoding

IMPORT_SUBDIR = "imports"
SESSION_KEY = "sidp3_pending_imports"
STALE_AFTER_SECONDS = 24 * 60 * 60
PREVIEW_ROWS = 1000
PREVIEW_ERRORS = 1000


@dataclass(frozen=True)
class ImportKind:
    """One kind of spreadsheet the browser imports: its columns, an example row and its service."""

    key: str  # in the template URL and the template's file name: lokus, indikator, kader …
    title: str
    noun: str
    headers: tuple[str, ...]
    example: tuple
    sheet_title: str
    table: TableSpec | None = None  # the columns, their kinds and choices (templates, guides)


def _import_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / IMPORT_SUBDIR


def _purge_stale_uploads() -> None:
    """Uploads left behind by previews never confirmed (the session ended) go after a day."""
    folder = _import_dir()
    if not folder.is_dir():
        return
    cutoff = time.time() - STALE_AFTER_SECONDS
    for path in folder.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue


@dataclass(frozen=True)
class PendingUpload:
    token: str
    filename: str
    data: bytes


def _upload_path(token: str) -> Path:
    # The token comes from the session (never from the request); it is still checked to be a UUID.
    return _import_dir() / uuid.UUID(hex=token).hex


def store_upload(request, kind: str, upload) -> None:
    discard_upload(request, kind)
    _purge_stale_uploads()
    token = uuid.uuid4().hex
    path = _upload_path(token)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    pending = dict(request.session.get(SESSION_KEY, {}))
    pending[kind] = {"token": token, "filename": upload.name}
    request.session[SESSION_KEY] = pending
    upload_stored.send(
        sender=SpreadsheetImportView,
        user=getattr(request, "user", None),
        kind=kind,
        filename=upload.name,
        path=request.path,
    )


def pending_upload(request, kind: str) -> PendingUpload | None:
    entry = request.session.get(SESSION_KEY, {}).get(kind)
    if not entry:
        return None
    try:
        data = _upload_path(entry["token"]).read_bytes()
    except (OSError, ValueError, KeyError):
        discard_upload(request, kind)
        return None
    return PendingUpload(token=entry["token"], filename=entry.get("filename", ""), data=data)


def discard_upload(request, kind: str) -> None:
    pending = dict(request.session.get(SESSION_KEY, {}))
    entry = pending.pop(kind, None)
    if entry is None:
        return
    request.session[SESSION_KEY] = pending
    upload_discarded.send(sender=SpreadsheetImportView, user=getattr(request, "user", None), kind=kind)
    with contextlib.suppress(OSError, ValueError, KeyError):
        _upload_path(entry["token"]).unlink(missing_ok=True)


ROW_STATUS = {
    "new": ("new", gettext_lazy("Baru"), "text-bg-success"),
    "update": ("update", gettext_lazy("Diperbarui"), "text-bg-info"),
    "skip": ("skip", gettext_lazy("Tidak berubah"), "text-bg-light border"),
    "skipped": ("skipped", gettext_lazy("Dilewati"), "text-bg-warning"),
    "invalid": ("invalid", gettext_lazy("Tidak sah"), "text-bg-danger"),
}


def preview_cell(value):
    """A cell as the preview shows it: dates as dd/mm/yyyy, whole numbers without ".0", 16-digit runs
    masked."""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if value is None:
        return ""
    text = str(value)
    return mask_digit_runs(text) if len(text) >= 16 else text


@dataclass(frozen=True)
class PreviewRow:
    number: int
    cells: list
    status: str
    status_label: str
    badge: str
    errors: list
    notes: list


@dataclass(frozen=True)
class Preview:
    headers: list
    rows: list[PreviewRow]
    total_rows: int
    invalid: int
    errors: list
    hidden_errors: int
    warnings: list
    skipped: int
    sheet: str = ""
    header_row: int = 0


def _row_error_text(error) -> str:
    if error.column:
        return _("Kolom “%(column)s”: %(message)s") % {"column": error.column, "message": error.message}
    return error.message


def build_preview(outcome: ImportOutcome) -> Preview:
    """Every row the import read (up to PREVIEW_ROWS) with what the import does with it, its errors and
    notes. No row is shown when the file could not be read as a table (its header not found): only the
    refusal. Every 16-digit run of every cell is masked."""
    errors_by_row = defaultdict(list)
    for error in outcome.errors:
        if error.row is not None:
            errors_by_row[error.row].append(error)
    table = outcome.table
    headers, rows = [], []
    total = 0
    if table is not None:
        headers = [preview_cell(h) for h in table.headers[:-1]]
        total = len(table)
        for index, values in enumerate(table):
            if index >= PREVIEW_ROWS:
                break
            number = int(values[-1])
            row_errors = errors_by_row.get(number, [])
            result = outcome.rows[index] if index < len(outcome.rows) else None
            if row_errors:
                kind = "invalid"
            elif number in outcome.skipped:
                kind = "skipped"
            else:
                kind = getattr(result, "import_type", None)
            status, label, badge = ROW_STATUS.get(kind, ROW_STATUS["invalid"])
            rows.append(
                PreviewRow(
                    number=number,
                    cells=[preview_cell(v) for v in values[:-1]],
                    status=status,
                    status_label=label,
                    badge=badge,
                    errors=[mask_digit_runs(_row_error_text(error)) for error in row_errors],
                    notes=list(outcome.notes.get(number, [])),
                )
            )
    return Preview(
        headers=headers,
        rows=rows,
        total_rows=total,
        invalid=len(errors_by_row),
        errors=[mask_digit_runs(str(error)) for error in outcome.errors[:PREVIEW_ERRORS]],
        hidden_errors=max(0, len(outcome.errors) - PREVIEW_ERRORS),
        warnings=[mask_digit_runs(str(w)) for w in outcome.warnings],
        skipped=len(outcome.skipped),
        sheet=getattr(table, "sheet_name", "") if table is not None else "",
        header_row=getattr(table, "header_row", 0) if table is not None else 0,
    )


# --- the upload form ---------------------------------------------------------------------------------------

SPREADSHEET_EXTENSIONS = EXTENSIONS
ZIP_SIGNATURE = b"PK\x03\x04"  # XLSX and ODS are zip packages
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # XLS (Excel 97–2003)
SIGNATURES = {".xlsx": ZIP_SIGNATURE, ".ods": ZIP_SIGNATURE, ".xls": OLE2_SIGNATURE}


class ImportUploadForm(forms.Form):
    berkas = forms.FileField(
        label=gettext_lazy("Berkas XLSX, ODS, XLS atau CSV"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.ods,.xls,.csv,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
                "application/vnd.oasis.opendocument.spreadsheet,application/vnd.ms-excel",
                "class": "form-control",
            }
        ),
    )

    def upload_limit(self) -> int:
        """The largest file this form takes (an import of larger files overrides it)."""
        return settings.SIDP3_MAX_UPLOAD_BYTES

    def clean_berkas(self):
        upload = self.cleaned_data["berkas"]
        name = os.path.basename((upload.name or "").replace("\\", "/"))
        extension = os.path.splitext(name)[1].lower()
        if extension not in SPREADSHEET_EXTENSIONS:
            raise forms.ValidationError(
                _("Berkas harus berformat XLSX, ODS, XLS atau CSV (.xlsx, .ods, .xls atau .csv).")
            )
        limit = self.upload_limit()
        if upload.size > limit:
            raise forms.ValidationError(
                _("Berkas terlalu besar (%(size)s); ukuran maksimal %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        upload.seek(0)
        head = upload.read(4096)
        upload.seek(0)
        signature = SIGNATURES.get(extension)
        if signature and not head.startswith(signature):
            raise forms.ValidationError(
                _("Isi berkas bukan %(format)s; simpan ulang dari Excel atau LibreOffice sebagai %(ext)s.")
                % {"format": extension.lstrip(".").upper(), "ext": extension}
            )
        if extension == ".csv" and (
            head.startswith(ZIP_SIGNATURE) or head.startswith(OLE2_SIGNATURE) or b"\x00" in head
        ):
            raise forms.ValidationError(_("Isi berkas bukan CSV; simpan ulang sebagai CSV (UTF-8)."))
        if extension == ".csv" and not _decodable(upload):
            raise forms.ValidationError(_("Berkas CSV tidak dapat dibaca; simpan ulang sebagai CSV (UTF-8)."))
        upload.name = name[-120:]
        return upload


def _decodable(upload) -> bool:
    """Whether a CSV is UTF-8 or Windows-1252 text (the encodings the spreadsheet reader understands), read
    in chunks (a national results file is tens of megabytes)."""
    try:
        csv_encoding(upload)
    except WorkbookError:
        return False
    finally:
        upload.seek(0)
    return True


class ImportConfirmForm(forms.Form):
    """The confirmation of a previewed file: names the pending upload the preview showed."""

    berkas_id = forms.UUIDField(widget=forms.HiddenInput)


# --- the page ----------------------------------------------------------------------------------------------


class SpreadsheetImportView(LoginRequiredMixin, TemplateView):
    """Upload → preview → confirm for one kind of spreadsheet.

    GET shows the preview of the pending upload of this kind when there is one, else the upload form.
    POST ``langkah``: ``unggah`` (store the file, then show its preview), ``impor`` (import it for real),
    ``batal`` (drop it).

    A subclass sets ``kind`` (the session's key for its pending upload), ``spec``, ``form_template``,
    ``preview_template``, ``done_url_name`` (a URL name or a URL) and ``intro``, and gives ``may_import`` and
    ``run``; it may add to ``base_context``, take more on upload (``new_form``, ``uploaded``) and show the
    rows otherwise (``preview_of``)."""

    kind: str = ""
    spec: ImportKind
    form_template = ""
    preview_template = ""
    done_url_name = ""
    intro = ""

    @staticmethod
    def may_import(user) -> bool:
        raise NotImplementedError

    @staticmethod
    def run(*, actor, data: bytes, filename: str, dry_run: bool) -> ImportOutcome:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.may_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_template_names(self):
        return [self.template_name]

    def base_context(self, **extra) -> dict:
        return {
            "spec": self.spec,
            "intro": self.intro,
            "max_upload": filesizeformat(settings.SIDP3_MAX_UPLOAD_BYTES),
            **extra,
        }

    def new_form(self, data=None, files=None) -> ImportUploadForm:
        """The upload form (a subclass's may ask for more than the file)."""
        return ImportUploadForm(data, files)

    def uploaded(self, form) -> None:
        """After the file of a valid upload form is stored: keep what else the form chose."""

    def preview_of(self, pending: PendingUpload, outcome: ImportOutcome) -> Preview:
        return build_preview(outcome)

    def render_form(self, form, *, status: int = 200, **extra):
        self.template_name = self.form_template
        return self.render_to_response(self.base_context(form=form, **extra), status=status)

    def render_preview(self, pending: PendingUpload, outcome: ImportOutcome, **extra):
        self.template_name = self.preview_template
        extra.setdefault("form", self.new_form())
        context = self.base_context(
            pending=pending,
            outcome=outcome,
            preview=self.preview_of(pending, outcome),
            confirm_form=ImportConfirmForm(initial={"berkas_id": pending.token}),
            **extra,
        )
        return self.render_to_response(context)

    def get(self, request, *args, **kwargs):
        pending = pending_upload(request, self.kind)
        if pending is None:
            return self.render_form(self.new_form())
        outcome = self.run(actor=request.user, data=pending.data, filename=pending.filename, dry_run=True)
        return self.render_preview(pending, outcome)

    def post(self, request, *args, **kwargs):
        step = request.POST.get("langkah", "unggah")
        if step == "batal":
            discard_upload(request, self.kind)
            messages.info(request, _("Berkas dibatalkan; tidak ada data yang disimpan."))
            return redirect(request.path)
        if step == "impor":
            return self.confirm(request)
        return self.upload(request)

    def upload(self, request):
        limit = settings.SIDP3_MAX_UPLOAD_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit + 64 * 1024:
            # Refused before the body is read: the browser sent far more than the limit.
            message = _("Berkas terlalu besar; ukuran maksimal %(limit)s.") % {"limit": filesizeformat(limit)}
            return self.render_form(self.new_form(), status=413, upload_error=message)
        form = self.new_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(form)
        store_upload(request, self.kind, form.cleaned_data["berkas"])
        self.uploaded(form)
        return redirect(request.path)

    def confirm(self, request):
        pending = pending_upload(request, self.kind)
        form = ImportConfirmForm(request.POST)
        if pending is None or not form.is_valid() or form.cleaned_data["berkas_id"].hex != pending.token:
            messages.warning(
                request, _("Pratinjau itu tidak berlaku lagi. Unggah berkasnya kembali untuk diperiksa.")
            )
            return redirect(request.path)
        outcome = self.run(actor=request.user, data=pending.data, filename=pending.filename, dry_run=False)
        discard_upload(request, self.kind)
        if not outcome.ok:
            return self.render_preview(pending, outcome, failed=True)
        messages.success(
            request,
            _("Impor %(file)s selesai: %(new)s baru, %(updated)s diperbarui, %(unchanged)s tidak berubah.")
            % {
                "file": pending.filename,
                "new": outcome.new,
                "updated": outcome.updated,
                "unchanged": outcome.unchanged,
            },
        )
        return redirect(self.done_url_name)


# The formats of the import templates (the exports stay XLSX and CSV: ``CONTENT_TYPES``).
TEMPLATE_CONTENT_TYPES = {**CONTENT_TYPES, "ods": "application/vnd.oasis.opendocument.spreadsheet"}


def template_response(spec: ImportKind, fmt: str) -> HttpResponse:
    """An import template (404 for another format): XLSX or ODS with formatted columns, drop-downs and the
    ``Petunjuk`` sheet (``kernel.import_templates``), or CSV with the header row and the example row."""
    if fmt not in TEMPLATE_CONTENT_TYPES:
        raise Http404
    if fmt == "csv":
        data = write_table(list(spec.headers), [spec.example], fmt=fmt, title=spec.sheet_title)
    else:
        data = write_template(spec, fmt)
    response = HttpResponse(data, content_type=TEMPLATE_CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="templat-impor-{spec.key}.{fmt}"'
    return response
