"""The form of a report request: its shape only; ``reports.services.report_request`` checks the rules.

Every choice is restricted to the user's jurisdiction (``ScopedFormMixin`` for the loci and meetings,
``selectors.scope_choices`` for the regions), so a hand-made POST naming anything else fails validation. The
fields shown follow the chosen type (the page reloads the form through HTMX when the type changes): the
locus or meeting picker when the type needs one, else the region; the formats the type offers; the reason
for full NIKs only for users holding ``cadre.view_full_nik``.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import CoordinationMeeting
from cadre.services import may_view_full_nik
from kernel.forms import style
from kernel.scoping.mixins import ScopedFormMixin
from kernel.widgets import PlainSelect
from locus.models import Locus, ProgrammeYear
from reports.builders import load_all
from reports.selectors import scope_choices
from reports.services import JobParameters

# Form field → the name the service's ValidationError uses.
SERVICE_FIELDS = {"report_type": "jenis", "year": "tahun", "scope": "wilayah", "locus": "lokus",
                  "meeting": "rapat", "format": "format", "reason": "alasan"}  # fmt: skip


class LocusChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Locus) -> str:
        return f"{obj.village.name} — {obj.village.district.regency.name} ({obj.programme_year_id})"


class ReportRequestForm(ScopedFormMixin, forms.Form):
    jenis = forms.ChoiceField(label=_("Jenis laporan"))
    tahun = forms.ModelChoiceField(
        label=_("Tahun program"),
        queryset=ProgrammeYear.objects.order_by("-year"),
        empty_label=None,
        error_messages={"invalid_choice": _("Pilih tahun program yang ada.")},
    )
    # 553 regions for KPU RI: written without a template per option.
    wilayah = forms.ChoiceField(label=_("Wilayah"), required=False, widget=PlainSelect)
    lokus = LocusChoiceField(
        label=_("Lokus"),
        queryset=Locus.objects.with_places().order_by("village__name"),
        required=False,
        error_messages={"invalid_choice": _("Lokus ini tidak ada atau di luar wilayah kerja Anda.")},
    )
    rapat = forms.ModelChoiceField(
        label=_("Rapat koordinasi"),
        queryset=CoordinationMeeting.objects.order_by("-starts_at"),
        required=False,
        error_messages={"invalid_choice": _("Rapat ini tidak ada atau di luar wilayah kerja Anda.")},
    )
    format = forms.ChoiceField(label=_("Format"), widget=forms.RadioSelect)
    alasan = forms.CharField(
        label=_("Alasan meminta NIK lengkap"),
        required=False,
        max_length=255,
        help_text=_("Kosongkan agar NIK disamarkan. Alasan ini tercatat bersama permintaan."),
        widget=forms.TextInput(attrs={"placeholder": _("mis. pencocokan data dengan KTP-el untuk SK")}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        builders = load_all()
        self.builders = builders
        self.fields["jenis"].choices = [(code, t.label) for code, t in builders.items()]
        self.fields["wilayah"].choices = scope_choices(user=user)
        self.report_type = builders.get(self._value("jenis")) or next(iter(builders.values()), None)
        formats = self.report_type.formats if self.report_type else ()
        self.fields["format"].choices = [(f, f.upper()) for f in formats]
        if formats and not self._value("format"):
            self.initial.setdefault("format", formats[0])
        year = self._value("tahun")
        # A year a date can hold (a hand-made ?tahun=10000 must not crash the year lookup of meetings).
        if year and str(year).isdecimal() and 1 <= int(year) <= 9999:
            self.fields["lokus"].queryset = self.fields["lokus"].queryset.filter(programme_year_id=int(year))
            self.fields["rapat"].queryset = self.fields["rapat"].queryset.filter(starts_at__year=int(year))
        needs = self.report_type.needs if self.report_type else ()
        if "locus_id" not in needs:
            del self.fields["lokus"]
        if "meeting_id" not in needs:
            del self.fields["rapat"]
        if needs:
            del self.fields["wilayah"]
        if not may_view_full_nik(user):
            del self.fields["alasan"]
        for name in ("jenis", "tahun"):
            self.fields[name].widget.attrs["data-reload"] = "1"
        style(self)

    def _value(self, name: str):
        if self.is_bound:
            return self.data.get(name)
        value = self.initial.get(name)
        return getattr(value, "pk", value)

    def parameters(self) -> JobParameters:
        data = self.cleaned_data
        return JobParameters(
            report_type=data["jenis"],
            format=data["format"],
            year=data["tahun"].year if data.get("tahun") else None,
            scope=data.get("wilayah") or "",
            locus=data.get("lokus"),
            meeting=data.get("rapat"),
            reason=data.get("alasan") or "",
        )
