"""Views of the evidence for choosing loci (ranking, indicator and incident imports), the loci import and
the programme years.

- ``RankingView``: candidate villages of the user's jurisdiction ranked by the evidence of a category.
- ``LocusImportView``, ``IndicatorImportView``, ``IncidentImportView``: upload → preview (a dry run of the
  import service) → confirm (the real, all-or-nothing import), the kernel's pipeline
  (``kernel.imports.SpreadsheetImportView``) with the loci's services, columns and guides.
- ``ImportTemplateView``: an empty spreadsheet with the header row and one example row (XLSX or CSV).
- ``ProgrammeYearListView``/``DetailView`` (every logged-in user) and ``UpdateView`` (KPU RI administrators).
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from kernel.imports import ImportKind, SpreadsheetImportView, template_response
from kernel.scoping.policy import policy
from locus.choices import IncidentKind, LocusCategory, LocusStatus
from locus.forms.evidence import ProgrammeYearForm, RankingForm
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
            may_propose=policy(user).may("add"),
            may_import_evidence=may_import_evidence(user),
            crumbs=[_loci_crumb(), (_("Pemeringkatan calon lokus"), "")],
            **kwargs,
        )


# --- spreadsheet imports ------------------------------------------------------------------------------------

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


class LocusSpreadsheetImportView(SpreadsheetImportView):
    """The imports of loci and of the evidence: their kinds, templates, guides and breadcrumbs."""

    form_template = "locus/import_form.html"
    preview_template = "locus/import_preview.html"

    @property
    def spec(self) -> ImportKind:
        return IMPORT_KINDS[self.kind]

    def extra_crumbs(self) -> list[tuple[str, str]]:
        """Breadcrumbs between "Lokus" and this import: the evidence imports sit under the ranking."""
        if self.done_url_name == "locus:ranking":
            return [(_("Pemeringkatan calon lokus"), reverse("locus:ranking"))]
        return []

    def base_context(self, **extra) -> dict:
        spec = self.spec
        return super().base_context(
            template_xlsx=reverse("locus:import_template", kwargs={"kind": spec.key, "fmt": "xlsx"}),
            template_csv=reverse("locus:import_template", kwargs={"kind": spec.key, "fmt": "csv"}),
            crumbs=[_loci_crumb(), *self.extra_crumbs(), (spec.title, "")],
            guide_template=f"locus/_import_guide_{spec.key.replace('-', '_')}.html",
            categories=LocusCategory.labels,
            statuses=[LocusStatus(status).label for status in IMPORT_STATUSES],
            incident_kinds=IncidentKind.labels,
            elections=Election.objects.order_by("held_on").values_list("name", flat=True),
            years=ProgrammeYear.objects.order_by("year").values_list("year", flat=True),
            **extra,
        )


class LocusImportView(LocusSpreadsheetImportView):
    kind = "lokus"
    done_url_name = "locus:locus_list"
    intro = gettext_lazy(
        "Memuat atau memperbarui lokus dari berkas. Satu baris untuk satu desa per tahun program; lokus yang "
        "sudah ada diperbarui. Bila satu baris saja salah, tidak ada yang disimpan."
    )
    may_import = staticmethod(may_import_loci)
    run = staticmethod(loci_import)


class IndicatorImportView(LocusSpreadsheetImportView):
    kind = "indikator"
    done_url_name = "locus:ranking"
    intro = gettext_lazy(
        "Memuat angka partisipasi, temuan pelanggaran dan skor IKP per desa, kecamatan atau kabupaten/kota "
        "untuk satu pemilu/pemilihan. Angka yang sudah ada untuk wilayah dan pemilu yang sama diperbarui. "
        "Bila satu baris saja salah, tidak ada yang disimpan."
    )
    may_import = staticmethod(may_import_evidence)
    run = staticmethod(indicators_import)


class IncidentImportView(LocusSpreadsheetImportView):
    kind = "konflik-bencana"
    done_url_name = "locus:ranking"
    intro = gettext_lazy(
        "Memuat catatan konflik dan bencana per desa, kecamatan atau kabupaten/kota. Catatan yang sama "
        "(wilayah, jenis, tahun dan keterangan) tidak dicatat dua kali. Bila satu baris saja salah, tidak "
        "ada yang disimpan."
    )
    may_import = staticmethod(may_import_evidence)
    run = staticmethod(incidents_import)


class ImportTemplateView(LoginRequiredMixin, View):
    """An import template: the header row and one example row, as XLSX or CSV."""

    def get(self, request, kind: str, fmt: str):
        spec = IMPORT_KINDS.get(kind)
        if spec is None:
            raise Http404
        return template_response(spec, fmt)


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
