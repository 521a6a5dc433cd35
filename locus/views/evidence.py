"""Views of the evidence for choosing loci (ranking, indicator and incident imports), the loci import and
the programme years.

- ``RankingView``: candidate villages of the user's jurisdiction ranked by the evidence of a category.
- ``LocusImportView``, ``IndicatorImportView``, ``IncidentImportView``: upload → preview (a dry run of the
  import service) → confirm (the real, all-or-nothing import). The uploaded bytes wait between the steps in
  ``MEDIA_ROOT/imports/<uuid>``, named only by the session; the file is removed once confirmed or cancelled.
- ``ImportTemplateView``: an empty spreadsheet with the header row and one example row (XLSX or CSV).
- ``ProgrammeYearListView``/``DetailView`` (every logged-in user) and ``UpdateView`` (KPU RI administrators).
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from kernel.scoping.policy import role_may
from kernel.spreadsheets import ImportOutcome, SpreadsheetError, read_table, write_table
from locus.choices import IncidentKind, LocusCategory, LocusStatus
from locus.forms.evidence import ImportConfirmForm, ImportUploadForm, ProgrammeYearForm, RankingForm
from locus.models import Election, ProgrammeYear
from locus.resources import IMPORT_STATUSES, INCIDENT_COLUMNS, INDICATOR_COLUMNS, LOCUS_COLUMNS
from locus.selectors.loci import candidate_ranking
from locus.selectors.programme import programme_year_history
from locus.services.imports import (
    incidents_import,
    indicators_import,
    loci_import,
    may_import_evidence,
    may_import_loci,
)
from locus.services.programme import may_update_programme_year, programme_year_update


def _loci_crumb() -> tuple[str, str]:
    return (_("Lokus"), reverse("locus:locus_list"))


# --- ranking ------------------------------------------------------------------------------------------------

CATEGORY_ORDER_NOTES = {
    LocusCategory.LOW_TURNOUT: gettext_lazy(
        "Diurutkan dari partisipasi pemilih terendah. Desa tanpa angka sendiri memakai angka kecamatan, "
        "lalu angka kabupaten/kota."
    ),
    LocusCategory.CONFLICT_DISASTER: gettext_lazy(
        "Diurutkan dari catatan konflik/bencana terbanyak (catatan desa, kecamatan dan kabupaten/kota "
        "dijumlahkan)."
    ),
    LocusCategory.HIGH_VIOLATION: gettext_lazy(
        "Diurutkan dari skor IKP tertinggi, lalu temuan pelanggaran terbanyak. Desa tanpa angka sendiri "
        "memakai angka kecamatan, lalu angka kabupaten/kota."
    ),
}

STATUS_BADGES = {
    LocusStatus.PROPOSED: "text-bg-secondary",
    LocusStatus.DESIGNATED: "text-bg-primary",
    LocusStatus.AGREEMENT_SIGNED: "text-bg-info",
    LocusStatus.ACTIVE: "text-bg-success",
    LocusStatus.CLOSED: "text-bg-dark",
    LocusStatus.REJECTED: "text-bg-warning",
    LocusStatus.CANCELLED: "text-bg-warning",
}


class RankingView(LoginRequiredMixin, TemplateView):
    """Candidate villages for a category, ranked by the evidence, 50 a page (``halaman``)."""

    template_name = "locus/ranking.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = RankingForm(self.request.GET, user=user)
        page = None
        category = LocusCategory.LOW_TURNOUT
        year = election = None
        needs_region = False
        if form.is_valid() and form.jurisdiction.is_national and not form.region_code:
            # All 83,762 villages at once take seconds to rank: KPU RI picks a province first.
            needs_region = True
        elif form.is_valid():
            data = form.cleaned_data
            category = LocusCategory(data["kategori"])
            year, election = data["tahun"], data["pemilu"]
            ranking = candidate_ranking(
                user=user,
                programme_year=year,
                category=category,
                election=election,
                region_code=form.region_code or None,
                kind=data["jenis"] or None,
                include_loci=data["lokus"],
            )
            page = Paginator(ranking, self.paginate_by).get_page(self.request.GET.get("halaman"))
            for row in page.object_list:
                if row.locus_status:
                    row.locus_status_label = LocusStatus(row.locus_status).label
                    row.locus_status_badge = STATUS_BADGES.get(row.locus_status, "text-bg-secondary")
        elif form.data.get("kategori") in LocusCategory.values:
            category = LocusCategory(form.data["kategori"])
        query = form.data.copy()
        query.pop("halaman", None)
        tabs = []
        for value, label in LocusCategory.choices:
            tab_query = query.copy()
            tab_query["kategori"] = value
            tabs.append((value, label, tab_query.urlencode(), value == category))
        return super().get_context_data(
            form=form,
            page_obj=page,
            rows=page.object_list if page else [],
            year=year,
            election=election,
            needs_region=needs_region,
            category=category,
            order_note=CATEGORY_ORDER_NOTES[category],
            tabs=tabs,
            region_selects=form.region_selects(),
            query_without_page=query.urlencode(),
            may_propose=role_may(user, "add"),
            may_import_evidence=may_import_evidence(user),
            crumbs=[_loci_crumb(), (_("Pemeringkatan calon lokus"), "")],
            **kwargs,
        )


# --- spreadsheet imports ------------------------------------------------------------------------------------

IMPORT_SUBDIR = "imports"
SESSION_KEY = "sidp3_pending_imports"
STALE_AFTER_SECONDS = 24 * 60 * 60
PREVIEW_ROWS = 1000
PREVIEW_ERRORS = 1000


@dataclass(frozen=True)
class ImportKind:
    """One kind of spreadsheet the browser imports: its columns, an example row and its service."""

    key: str  # in the template URL: lokus, indikator, konflik-bencana
    title: str
    noun: str
    headers: tuple[str, ...]
    example: tuple
    sheet_title: str


IMPORT_KINDS = {
    "lokus": ImportKind(
        key="lokus",
        title=gettext_lazy("Impor lokus"),
        noun=gettext_lazy("lokus"),
        headers=(*LOCUS_COLUMNS, "Alasan"),
        example=(
            "18.06.11.2016",
            2021,
            "Partisipasi Rendah",
            "Ditetapkan",
            "12/PP.06-Kpt/18/Prov/VI/2021",
            "07/06/2021",
            "Partisipasi Pemilu 2019 terendah di Kecamatan Pugung.",
        ),
        sheet_title="Lokus",
    ),
    "indikator": ImportKind(
        key="indikator",
        title=gettext_lazy("Impor indikator pemilu"),
        noun=gettext_lazy("indikator"),
        headers=INDICATOR_COLUMNS,
        example=(
            "18.06.11.2016",
            "Pemilu 2019",
            Decimal("61.50"),
            3,
            Decimal("72.40"),
            "Rekap KPU Tanggamus",
        ),
        sheet_title="Indikator",
    ),
    "konflik-bencana": ImportKind(
        key="konflik-bencana",
        title=gettext_lazy("Impor catatan konflik/bencana"),
        noun=gettext_lazy("catatan"),
        headers=INCIDENT_COLUMNS,
        example=("18.06.21.2005", "Banjir", 2020, "Banjir bandang merendam permukiman warga."),
        sheet_title="Konflik-Bencana",
    ),
}


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
    with contextlib.suppress(OSError, ValueError, KeyError):
        _upload_path(entry["token"]).unlink(missing_ok=True)


ROW_STATUS = {
    "new": ("new", gettext_lazy("Baru"), "text-bg-success"),
    "update": ("update", gettext_lazy("Diperbarui"), "text-bg-info"),
    "skip": ("skip", gettext_lazy("Tidak berubah"), "text-bg-light border"),
    "invalid": ("invalid", gettext_lazy("Tidak sah"), "text-bg-danger"),
}


@dataclass(frozen=True)
class PreviewRow:
    number: int
    cells: list
    status: str
    status_label: str
    badge: str
    errors: list


@dataclass(frozen=True)
class Preview:
    headers: list
    rows: list[PreviewRow]
    total_rows: int
    invalid: int
    errors: list
    hidden_errors: int


def _row_error_text(error) -> str:
    if error.column:
        return _("Kolom “%(column)s”: %(message)s") % {"column": error.column, "message": error.message}
    return error.message


def build_preview(outcome: ImportOutcome, *, data: bytes, filename: str) -> Preview:
    """Every row of the file (up to PREVIEW_ROWS) with what the import does with it and its errors."""
    errors_by_row = defaultdict(list)
    for error in outcome.errors:
        if error.row is not None:
            errors_by_row[error.row].append(error)
    try:
        dataset = read_table(data, filename)
    except SpreadsheetError:
        dataset = None
    headers, rows = [], []
    total = 0
    if dataset is not None:
        headers = dataset.headers[:-1]
        total = len(dataset)
        for index, values in enumerate(dataset):
            if index >= PREVIEW_ROWS:
                break
            number = int(values[-1])
            row_errors = errors_by_row.get(number, [])
            result = outcome.rows[index] if index < len(outcome.rows) else None
            kind = "invalid" if row_errors else getattr(result, "import_type", None)
            status, label, badge = ROW_STATUS.get(kind, ROW_STATUS["invalid"])
            rows.append(
                PreviewRow(
                    number=number,
                    cells=list(values[:-1]),
                    status=status,
                    status_label=label,
                    badge=badge,
                    errors=[_row_error_text(error) for error in row_errors],
                )
            )
    return Preview(
        headers=headers,
        rows=rows,
        total_rows=total,
        invalid=len(errors_by_row),
        errors=[str(error) for error in outcome.errors[:PREVIEW_ERRORS]],
        hidden_errors=max(0, len(outcome.errors) - PREVIEW_ERRORS),
    )


class SpreadsheetImportView(LoginRequiredMixin, TemplateView):
    """Upload → preview → confirm for one kind of spreadsheet.

    GET shows the preview of the pending upload of this kind when there is one, else the upload form.
    POST ``langkah``: ``unggah`` (store the file, then show its preview), ``impor`` (import it for real),
    ``batal`` (drop it)."""

    kind: str = ""
    form_template = "locus/import_form.html"
    preview_template = "locus/import_preview.html"
    done_url_name = ""
    intro = ""

    @staticmethod
    def may_import(user) -> bool:
        raise NotImplementedError

    @staticmethod
    def run(*, actor, data: bytes, filename: str, dry_run: bool) -> ImportOutcome:
        raise NotImplementedError

    def extra_crumbs(self) -> list[tuple[str, str]]:
        """Breadcrumbs between "Lokus" and this import: the evidence imports sit under the ranking."""
        if self.done_url_name == "locus:ranking":
            return [(_("Pemeringkatan calon lokus"), reverse("locus:ranking"))]
        return []

    @property
    def spec(self) -> ImportKind:
        return IMPORT_KINDS[self.kind]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.may_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_template_names(self):
        return [self.template_name]

    def base_context(self, **extra) -> dict:
        spec = self.spec
        return {
            "spec": spec,
            "intro": self.intro,
            "max_upload": filesizeformat(settings.SIDP3_MAX_UPLOAD_BYTES),
            "template_xlsx": reverse("locus:import_template", kwargs={"kind": spec.key, "fmt": "xlsx"}),
            "template_csv": reverse("locus:import_template", kwargs={"kind": spec.key, "fmt": "csv"}),
            "crumbs": [_loci_crumb(), *self.extra_crumbs(), (spec.title, "")],
            "guide_template": f"locus/_import_guide_{spec.key.replace('-', '_')}.html",
            "categories": LocusCategory.labels,
            "statuses": [LocusStatus(status).label for status in IMPORT_STATUSES],
            "incident_kinds": IncidentKind.labels,
            "elections": Election.objects.order_by("held_on").values_list("name", flat=True),
            "years": ProgrammeYear.objects.order_by("year").values_list("year", flat=True),
            **extra,
        }

    def render_form(self, form, *, status: int = 200, **extra):
        self.template_name = self.form_template
        return self.render_to_response(self.base_context(form=form, **extra), status=status)

    def render_preview(self, pending: PendingUpload, outcome: ImportOutcome, **extra):
        self.template_name = self.preview_template
        extra.setdefault("form", ImportUploadForm())
        context = self.base_context(
            pending=pending,
            outcome=outcome,
            preview=build_preview(outcome, data=pending.data, filename=pending.filename),
            confirm_form=ImportConfirmForm(initial={"berkas_id": pending.token}),
            **extra,
        )
        return self.render_to_response(context)

    def get(self, request, *args, **kwargs):
        pending = pending_upload(request, self.kind)
        if pending is None:
            return self.render_form(ImportUploadForm())
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
            return self.render_form(ImportUploadForm(), status=413, upload_error=message)
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(form)
        store_upload(request, self.kind, form.cleaned_data["berkas"])
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


class LocusImportView(SpreadsheetImportView):
    kind = "lokus"
    done_url_name = "locus:locus_list"
    intro = gettext_lazy(
        "Memuat atau memperbarui lokus dari berkas. Satu baris untuk satu desa per tahun program; lokus yang "
        "sudah ada diperbarui. Bila satu baris saja salah, tidak ada yang disimpan."
    )
    may_import = staticmethod(may_import_loci)
    run = staticmethod(loci_import)


class IndicatorImportView(SpreadsheetImportView):
    kind = "indikator"
    done_url_name = "locus:ranking"
    intro = gettext_lazy(
        "Memuat angka partisipasi, temuan pelanggaran dan skor IKP per desa, kecamatan atau kabupaten/kota "
        "untuk satu pemilu/pemilihan. Angka yang sudah ada untuk wilayah dan pemilu yang sama diperbarui. "
        "Bila satu baris saja salah, tidak ada yang disimpan."
    )
    may_import = staticmethod(may_import_evidence)
    run = staticmethod(indicators_import)


class IncidentImportView(SpreadsheetImportView):
    kind = "konflik-bencana"
    done_url_name = "locus:ranking"
    intro = gettext_lazy(
        "Memuat catatan konflik dan bencana per desa, kecamatan atau kabupaten/kota. Catatan yang sama "
        "(wilayah, jenis, tahun dan keterangan) tidak dicatat dua kali. Bila satu baris saja salah, tidak "
        "ada yang disimpan."
    )
    may_import = staticmethod(may_import_evidence)
    run = staticmethod(incidents_import)


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


class ImportTemplateView(LoginRequiredMixin, View):
    """An import template: the header row and one example row, as XLSX or CSV."""

    def get(self, request, kind: str, fmt: str):
        spec = IMPORT_KINDS.get(kind)
        if spec is None or fmt not in CONTENT_TYPES:
            raise Http404
        data = write_table(list(spec.headers), [spec.example], fmt=fmt, title=spec.sheet_title)
        response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="templat-impor-{spec.key}.{fmt}"'
        return response


# --- programme years ----------------------------------------------------------------------------------------


def _years_crumb() -> tuple[str, str]:
    return (_("Tahun program"), reverse("locus:programmeyear_list"))


class ProgrammeYearListView(LoginRequiredMixin, ListView):
    template_name = "locus/programmeyear_list.html"
    context_object_name = "years"

    def get_queryset(self):
        return ProgrammeYear.objects.prefetch_related("segments", "required_segments").order_by("-year")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            may_update=may_update_programme_year(self.request.user),
            crumbs=[_loci_crumb(), (_("Tahun program"), "")],
            **kwargs,
        )


class ProgrammeYearDetailView(LoginRequiredMixin, DetailView):
    template_name = "locus/programmeyear_detail.html"
    context_object_name = "programme_year"
    pk_url_kwarg = "year"

    def get_queryset(self):
        return ProgrammeYear.objects.prefetch_related("segments", "required_segments")

    def get_context_data(self, **kwargs):
        year = self.object
        required = {segment.code for segment in year.required_segments.all()}
        return super().get_context_data(
            segments=[(segment, segment.code in required) for segment in year.segments.all()],
            history=programme_year_history(year),
            may_update=may_update_programme_year(self.request.user),
            crumbs=[_loci_crumb(), _years_crumb(), (str(year), "")],
            **kwargs,
        )


class ProgrammeYearUpdateView(LoginRequiredMixin, FormView):
    """KPU RI administrators set up a programme year; every other role gets 403."""

    template_name = "locus/programmeyear_form.html"
    form_class = ProgrammeYearForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_update_programme_year(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object(self) -> ProgrammeYear:
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(ProgrammeYear, pk=self.kwargs["year"])
        return self._object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_object()}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            year = programme_year_update(
                actor=self.request.user,
                programme_year=self.get_object(),
                aim=data["aim"],
                description=data["description"],
                roster_size=data["roster_size"],
                min_women_percent=data["min_women_percent"],
                planned_sessions=data["planned_sessions"],
                segments=data["segments"],
                required_segments=data["required_segments"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, _("Perubahan %(year)s disimpan.") % {"year": year})
        return redirect(year.get_absolute_url())

    def get_context_data(self, **kwargs):
        year = self.get_object()
        return super().get_context_data(
            programme_year=year,
            crumbs=[_loci_crumb(), _years_crumb(), (str(year), year.get_absolute_url()), (_("Ubah"), "")],
            **kwargs,
        )
