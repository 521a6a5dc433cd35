"""The loci, indicator and conflict/disaster imports: upload → preview (a dry run of the import service)
→ confirm (the real, all-or-nothing import), the kernel's pipeline (``kernel.imports.SpreadsheetImportView``)
with the loci's services, columns and guides; ``ImportTemplateView`` gives the template of each (XLSX, ODS or
CSV: ``kernel.import_templates``)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from kernel.imports import ImportKind, SpreadsheetImportView, template_response
from locus.choices import IncidentKind, LocusCategory, LocusStatus
from locus.models import Election, ProgrammeYear
from locus.resources import (
    IMPORT_STATUSES,
    INCIDENT_COLUMNS,
    INCIDENT_TABLE,
    INDICATOR_COLUMNS,
    INDICATOR_TABLE,
    LOCUS_COLUMNS,
    LOCUS_TABLE,
    RESULTS_COLUMNS,
    RESULTS_TABLE,
)
from locus.services.imports import (
    incidents_import,
    indicators_import,
    loci_import,
    may_import_evidence,
    may_import_loci,
)
from locus.views.loci import loci_crumb

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
        table=LOCUS_TABLE,
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
        table=INDICATOR_TABLE,
    ),
    "hasil-pemilu": ImportKind(
        key="hasil-pemilu",
        title=gettext_lazy("Impor hasil pemilu"),
        noun=gettext_lazy("TPS"),
        headers=RESULTS_COLUMNS,
        example=("18.06.21.2005", 1, 254, 3, 201, 195, 6),
        sheet_title="Hasil TPS",
        table=RESULTS_TABLE,
    ),
    "konflik-bencana": ImportKind(
        key="konflik-bencana",
        title=gettext_lazy("Impor catatan konflik/bencana"),
        noun=gettext_lazy("catatan"),
        headers=INCIDENT_COLUMNS,
        example=("18.06.21.2005", "Banjir", 2020, "Banjir bandang merendam permukiman warga."),
        sheet_title="Konflik-Bencana",
        table=INCIDENT_TABLE,
    ),
}


class LocusSpreadsheetImportView(SpreadsheetImportView):
    """The imports of loci and of the evidence: their kinds, templates, guides and breadcrumbs."""

    form_template = "includes/import_form.html"
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
            template_ods=reverse("locus:import_template", kwargs={"kind": spec.key, "fmt": "ods"}),
            template_csv=reverse("locus:import_template", kwargs={"kind": spec.key, "fmt": "csv"}),
            crumbs=[loci_crumb(), *self.extra_crumbs(), (spec.title, "")],
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
    """An import template: XLSX, ODS or CSV (``kernel.imports.template_response``)."""

    def get(self, request, kind: str, fmt: str):
        spec = IMPORT_KINDS.get(kind)
        if spec is None:
            raise Http404
        return template_response(spec, fmt)
