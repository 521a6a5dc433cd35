"""Forms and the list filter of locus evaluations: input shape only (the rules live in
``activities.services.evaluations``)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from activities.choices import Assessment, EvaluationStage, EvaluationStatus
from activities.models import LocusEvaluation
from kernel.forms import style
from kernel.scoping.jurisdiction import REGENCY
from kernel.scoping.policy import policy
from kernel.widgets import PlainSelect
from locus.models import ProgrammeYear, Regency

YEAR = "tahun"


class EvaluationForm(forms.Form):
    """The officer's part of an evaluation. ``with_stage`` (creation only) asks for the stage."""

    stage = forms.ChoiceField(
        label=_("Tahap evaluasi"),
        choices=EvaluationStage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih tahap evaluasi.")},
    )
    assessment = forms.ChoiceField(
        label=_("Penilaian"),
        choices=[("", _("Belum dinilai")), *Assessment.choices],
        required=False,
        help_text=_("Wajib diisi sebelum evaluasi diajukan."),
    )
    findings = forms.CharField(
        label=_("Temuan"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Apa yang berjalan baik dan apa yang belum, menurut angka dan pengamatan di lokus."),
    )
    recommendations = forms.CharField(
        label=_("Rekomendasi"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, with_stage: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_stage:
            del self.fields["stage"]
        style(self)


class ReviewNoteForm(forms.Form):
    """The province's note: required when returning, optional when approving."""

    review_note = forms.CharField(
        label=_("Catatan pemeriksa"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Tulis catatan pemeriksa: apa yang perlu diperbaiki.")},
    )

    def __init__(self, *args, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review_note"].required = required
        style(self)


class ConfirmForm(forms.Form):
    """A POST with nothing to enter (submission, deletion)."""


class EvaluationFilter(django_filters.FilterSet):
    tahun = django_filters.ModelChoiceFilter(
        label=_("Tahun"),
        field_name="programme_year",
        queryset=ProgrammeYear.objects.order_by("-year"),
        empty_label=_("Semua tahun"),
    )
    kabupaten = django_filters.ModelChoiceFilter(
        widget=PlainSelect,
        label=_("Kabupaten/kota"),
        field_name="regency",
        queryset=Regency.objects.none(),
        empty_label=_("Semua"),
    )
    tahap = django_filters.ChoiceFilter(
        label=_("Tahap"), field_name="stage", choices=EvaluationStage.choices, empty_label=_("Semua")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), field_name="status", choices=EvaluationStatus.choices, empty_label=_("Semua")
    )

    class Meta:
        model = LocusEvaluation
        fields = []

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        super().__init__(data, queryset, **kwargs)
        if policy(user).level == REGENCY:
            del self.filters["kabupaten"]
        else:
            self.filters["kabupaten"].queryset = Regency.objects.restrict(user, "view").order_by("code")
            self.form.fields["kabupaten"].label_from_instance = lambda region: region.name
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.filters if name != YEAR)

    @property
    def chosen_year(self):
        return self.form.cleaned_data.get(YEAR) if self.is_valid() else None

    @property
    def chosen_regency(self):
        return self.form.cleaned_data.get("kabupaten") if self.is_valid() else None
