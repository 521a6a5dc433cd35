"""Forms of the loci pages: input shape only. The rules (who may, in which order, what is required for a
step) live in ``locus.services.loci``; the views show the services' errors on these fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kernel.forms import IndonesianDateField, StyledForm, reason_field, style
from kernel.scoping.mixins import ScopedFormMixin
from kernel.uploads import ACCEPT_DOCUMENT
from locus.choices import DocumentKind, LocusCategory
from locus.models import Locus, ProgrammeYear, Village
from regions.forms import VillageField

CATEGORY_HELP = {
    LocusCategory.LOW_TURNOUT: _("Partisipasi pemilih pada pemilu/pemilihan terakhir rendah."),
    LocusCategory.CONFLICT_DISASTER: _("Desa rawan konflik sosial atau bencana alam."),
    LocusCategory.HIGH_VIOLATION: _("Temuan pelanggaran atau skor IKP Bawaslu tinggi."),
}


class LocusFieldsForm(forms.Form):
    """The category and the rationale of a locus: what a proposal says, and what may be corrected later."""

    category = forms.ChoiceField(
        label=_("Kategori lokus"),
        choices=LocusCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih salah satu kategori lokus.")},
    )
    rationale = forms.CharField(
        label=_("Alasan pemilihan"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("Data yang mendukung: partisipasi, temuan pelanggaran, IKP, catatan konflik/bencana."),
        error_messages={"required": _("Alasan pemilihan wajib diisi.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    def category_options(self):
        """(radio, explanation) for each category, for a radio list with explanations."""
        return [(radio, CATEGORY_HELP.get(radio.data["value"], "")) for radio in self["category"]]


class LocusProposeForm(ScopedFormMixin, LocusFieldsForm):
    """Propose a village as a locus. Villages are restricted to those the user may ``add`` in."""

    scope_action = "add"
    field_order = ["village", "programme_year", "category", "rationale"]

    village = VillageField(
        label=_("Desa/kelurahan"),
        queryset=Village.objects.select_related("district__regency__province"),
        error_messages={"required": _("Pilih desa/kelurahan yang diusulkan.")},
    )
    programme_year = forms.ModelChoiceField(
        label=_("Tahun program"),
        queryset=ProgrammeYear.objects.order_by("-year"),
        empty_label=None,
        error_messages={"invalid_choice": _("Tahun program tidak dikenal.")},
    )

    def chosen_village(self) -> Village | None:
        """The village the form names now (bound or prefilled), if the user may propose there: for the
        label under the input."""
        if self.is_bound:
            self.is_valid()
            return self.cleaned_data.get("village")
        code = self.initial.get("village")
        return self.fields["village"].queryset.filter(code=code).first() if code else None


class LocusUpdateForm(LocusFieldsForm):
    """Correct a proposal's category or rationale."""

    @staticmethod
    def initial_for(locus: Locus) -> dict:
        return {"category": locus.category, "rationale": locus.rationale}


def _note_field() -> forms.CharField:
    return forms.CharField(
        label=_("Catatan"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


def _document_field(label) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT_DOCUMENT}),
        help_text=_("PDF, JPG atau PNG. Bila halaman ini menampilkan kesalahan, pilih berkasnya lagi."),
    )


class StepForm(StyledForm):
    """The form of a step of a locus (or of a document)."""


class DesignateForm(StepForm):
    decree_number = forms.CharField(
        label=_("Nomor SK"),
        max_length=120,
        error_messages={"required": _("Nomor SK wajib diisi.")},
        widget=forms.TextInput(attrs={"placeholder": _("mis. 45/PP.06-Kpt/15/Prov/X/2021")}),
    )
    decree_date = IndonesianDateField(
        label=_("Tanggal SK"), error_messages={"required": _("Tanggal SK wajib diisi.")}
    )
    decree_file = _document_field(_("Berkas SK (tidak wajib)"))
    note = _note_field()


class AgreementForm(StepForm):
    agreement_number = forms.CharField(
        label=_("Nomor PKS"), max_length=120, error_messages={"required": _("Nomor PKS wajib diisi.")}
    )
    agreement_date = IndonesianDateField(
        label=_("Tanggal PKS"), error_messages={"required": _("Tanggal PKS wajib diisi.")}
    )
    agreement_signatories = forms.CharField(
        label=_("Penanda tangan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Nama dan jabatan, mis. Ketua KPU Kabupaten dan Kepala Desa."),
        error_messages={"required": _("Penanda tangan PKS wajib diisi.")},
    )
    agreement_file = _document_field(_("Berkas PKS (tidak wajib)"))
    note = _note_field()


class NoteForm(StepForm):
    note = _note_field()


class RejectForm(StepForm):
    reason = reason_field(_("Alasan penolakan"), _("Alasan penolakan wajib diisi."))


class CancelForm(StepForm):
    reason = reason_field(_("Alasan pembatalan"), _("Alasan pembatalan wajib diisi."))


class DocumentForm(StepForm):
    kind = forms.ChoiceField(label=_("Jenis dokumen"), choices=DocumentKind.choices)
    title = forms.CharField(
        label=_("Judul"), max_length=200, error_messages={"required": _("Judul dokumen wajib diisi.")}
    )
    file = forms.FileField(
        label=_("Berkas"),
        widget=forms.FileInput(attrs={"accept": ACCEPT_DOCUMENT}),
        help_text=_("PDF, JPG atau PNG."),
        error_messages={"required": _("Pilih berkas yang diunggah.")},
    )
