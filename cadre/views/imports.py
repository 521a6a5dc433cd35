"""Spreadsheet import of rosters (upload, preview, confirm) and exports.

- ``CadreImportView`` (``/kader/impor/``): the kernel's upload → preview → confirm pipeline
  (``kernel.imports.SpreadsheetImportView``), with the programme year and, optionally, one locus chosen
  on upload and kept in the session beside the pending file. Roles that may add cadres, for their own
  jurisdiction; rows for loci outside it are errors naming the row.
- ``CadreImportTemplateView``: the template (``kernel.import_templates``: XLSX or ODS with formatted
  columns, drop-downs and instructions; or CSV), whose example row passes the checks.
- ``CadreExportView``: the cadres of the list's filters, masked NIKs (GET); a holder of
  ``cadre.view_full_nik`` may POST a reason to export full NIKs, which is logged for every exported cadre.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from kernel.forms import IndonesianDateField
from kernel.imports import (
    ImportKind,
    ImportUploadForm,
    SpreadsheetImportView,
    template_response,
)
from kernel.spreadsheets import CONTENT_TYPES
from locus import rules
from locus.models import Locus, ProgrammeYear, Segment

from ..choices import Education
from ..exports import cadres_export
from ..filters import CadreFilter
from ..imports import cadres_import, may_import_cadres
from ..models import Cadre
from ..resources import COLUMNS, LOCUS_COLUMN, REQUIRED_COLUMNS, TABLE
from ..services import RECRUITING_LOCUS_STATUSES, may_view_full_nik, segment_rules_text

KIND = "kader"
OPTIONS_KEY = "sidp3_cadre_import_options"
TEMPLATE_HEADERS = (*COLUMNS, LOCUS_COLUMN)
# Passes every check: a woman born 15/08/1995, registered in Pugung (18.06.11), living in Gunung Kasih.
TEMPLATE_EXAMPLE = (
    "1806115508950001",
    "Siti Rahmawati",
    "P",
    "Tanggamus",
    "15/08/1995",
    "Pekon Gunung Kasih RT 01",
    "18.06.11.2016",
    "0812-3456-7890",
    "siti.rahmawati@contoh.id",
    "SMA",
    "Wiraswasta",
    "Perempuan, Pemilih Muda",
    "",
    "Ya",
    "18.06.11.2016",
)
SPEC = ImportKind(
    key=KIND,
    title=gettext_lazy("Impor kader"),
    noun=gettext_lazy("kader"),
    headers=TEMPLATE_HEADERS,
    example=TEMPLATE_EXAMPLE,
    sheet_title="Kader",
    table=TABLE,
)


class CadreImportForm(ImportUploadForm):
    """The file, the programme year and, when the file is for one locus, that locus."""

    tahun = forms.TypedChoiceField(label=gettext_lazy("Tahun program"), coerce=int)
    lokus = forms.ModelChoiceField(
        label=gettext_lazy("Lokus"),
        queryset=Locus.objects.none(),
        required=False,
        empty_label=gettext_lazy("Beberapa lokus: kolom “Kode Desa Lokus” di berkas"),
        help_text=gettext_lazy("Pilih lokus bila seluruh berkas untuk satu lokus."),
    )
    tanggal_rekrutmen = IndonesianDateField(
        label=gettext_lazy("Tanggal rekrutmen"),
        required=False,
        help_text=gettext_lazy(
            "Untuk baris tanpa kolom Tanggal Rekrutmen. Kosongkan: hari ini bila dalam tahun program, selain "
            "itu tanggal SK lokus."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        years = list(ProgrammeYear.objects.order_by("-year").values_list("year", flat=True))
        self.fields["tahun"].choices = [(year, year) for year in years]
        self.fields["tahun"].widget.attrs["class"] = "form-select"
        loci = (
            Locus.objects.restrict(user, "view")
            .filter(status__in=RECRUITING_LOCUS_STATUSES)
            .select_related("village")
            .order_by("-programme_year_id", "village__name")
        )
        self.fields["lokus"].queryset = loci
        self.fields["lokus"].label_from_instance = lambda locus: (
            f"{locus.village.name} ({locus.village_id}) · {locus.programme_year_id}"
        )
        self.fields["lokus"].widget.attrs["class"] = "form-select"
        self.fields["tanggal_rekrutmen"].widget.attrs.update(
            {"class": "form-control", "placeholder": "dd/mm/yyyy"}
        )

    def clean(self):
        data = super().clean()
        locus = data.get("lokus")
        if locus is not None and data.get("tahun") and locus.programme_year_id != data["tahun"]:
            self.add_error(
                "lokus",
                _("Lokus ini termasuk tahun program %(year)s, bukan %(chosen)s.")
                % {"year": locus.programme_year_id, "chosen": data["tahun"]},
            )
        recruited_on = data.get("tanggal_rekrutmen")
        if (
            recruited_on
            and data.get("tahun")
            and not rules.within_programme_year(recruited_on, data["tahun"])
        ):
            self.add_error(
                "tanggal_rekrutmen",
                _("Tanggal rekrutmen harus dalam tahun program %(year)s.") % {"year": data["tahun"]},
            )
        return data


class CadreImportView(SpreadsheetImportView):
    kind = KIND
    form_template = "includes/import_form.html"
    preview_template = "cadre/import_preview.html"
    intro = gettext_lazy(
        "Memuat daftar kader dari berkas: satu lokus, atau banyak lokus sekaligus dengan kolom “Kode Desa "
        "Lokus”. Kader yang sudah ada di lokus yang sama (NIK sama) diperbarui. Bila satu baris saja salah, "
        "tidak ada yang disimpan."
    )
    may_import = staticmethod(may_import_cadres)
    spec = SPEC

    @property
    def done_url_name(self) -> str:
        options = self.request.session.get(OPTIONS_KEY) or {}
        if options.get("locus_pk"):
            return reverse("cadre:roster", args=[options["locus_pk"]])
        return reverse("cadre:cadre_list") + f"?tahun={options.get('year', '')}"

    def options(self) -> dict:
        return self.request.session.get(OPTIONS_KEY) or {}

    def chosen_recruited_on(self) -> dt.date | None:
        """The recruitment date chosen on upload for the rows without one."""
        chosen = self.options().get("recruited_on")
        return dt.date.fromisoformat(chosen) if chosen else None

    def run(self, *, actor, data: bytes, filename: str, dry_run: bool):
        options = self.options()
        return cadres_import(
            actor=actor,
            data=data,
            filename=filename,
            dry_run=dry_run,
            locus_code=options.get("locus_code") or None,
            year=options.get("year") or 0,
            recruited_on=self.chosen_recruited_on(),
        )

    def new_form(self, data=None, files=None):
        initial = {}
        wanted = self.request.GET.get("lokus", "")
        if wanted.isdigit():
            locus = Locus.objects.restrict(self.request.user, "view").filter(pk=wanted).first()
            if locus is not None:
                initial = {"lokus": locus.pk, "tahun": locus.programme_year_id}
        elif self.options():
            initial = {
                "tahun": self.options().get("year"),
                "lokus": self.options().get("locus_pk"),
                "tanggal_rekrutmen": self.chosen_recruited_on(),
            }
        return CadreImportForm(data, files, user=self.request.user, initial=initial)

    def base_context(self, **extra) -> dict:
        options = self.options()
        return super().base_context(
            template_xlsx=reverse("cadre:import_template", kwargs={"fmt": "xlsx"}),
            template_ods=reverse("cadre:import_template", kwargs={"fmt": "ods"}),
            template_csv=reverse("cadre:import_template", kwargs={"fmt": "csv"}),
            crumbs=[(_("Kader"), reverse("cadre:cadre_list")), (SPEC.title, "")],
            guide_template="cadre/_import_guide.html",
            upload_fields_template="cadre/_import_upload_fields.html",
            required_columns=REQUIRED_COLUMNS,
            educations=[label for _value, label in Education.choices],
            segments=Segment.objects.order_by("order", "name").values_list("name", flat=True),
            segment_rules=segment_rules_text(),
            chosen_year=options.get("year"),
            chosen_locus=options.get("locus_name"),
            chosen_recruited_on=self.chosen_recruited_on(),
            **extra,
        )

    def uploaded(self, form) -> None:
        locus = form.cleaned_data["lokus"]
        self.request.session[OPTIONS_KEY] = {
            "year": form.cleaned_data["tahun"],
            "locus_pk": locus.pk if locus else None,
            "locus_code": locus.village_id if locus else "",
            "locus_name": locus.village.name if locus else "",
            "recruited_on": recruited_on.isoformat()
            if (recruited_on := form.cleaned_data.get("tanggal_rekrutmen"))
            else "",
        }


class CadreImportTemplateView(LoginRequiredMixin, View):
    def get(self, request, fmt: str):
        return template_response(SPEC, fmt)


class CadreExportView(LoginRequiredMixin, View):
    """GET: the cadres of the list's filters with masked NIKs. POST ``alasan`` (holders of
    ``cadre.view_full_nik``): the same with full NIKs, logged. ``?format=xlsx`` (default) or ``csv``."""

    def export(self, request, query, reason: str = ""):
        fmt = query.get("format") or "xlsx"
        if fmt not in CONTENT_TYPES:
            raise Http404
        user = request.user
        filterset = CadreFilter(query, queryset=Cadre.objects.restrict(user, "view"), user=user)
        cadres = filterset.qs if filterset.is_valid() else Cadre.objects.none()
        content, _count = cadres_export(actor=user, cadres=cadres, fmt=fmt, reason=reason)
        response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
        stamp = timezone.localdate().strftime("%Y%m%d")
        suffix = "-nik-lengkap" if reason else ""
        response["Content-Disposition"] = f'attachment; filename="kader-{stamp}{suffix}.{fmt}"'
        return response

    def get(self, request):
        return self.export(request, request.GET)

    def post(self, request):
        if not may_view_full_nik(request.user):
            raise PermissionDenied
        try:
            return self.export(request, request.POST, reason=request.POST.get("alasan", ""))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            back = request.headers.get("referer") or reverse("cadre:cadre_list")
            return redirect(
                back if back.startswith("/") or request.get_host() in back else "cadre:cadre_list"
            )
