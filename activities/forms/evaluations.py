"""Forms of locus evaluations: input shape only (the rules live in
``activities.services.evaluations``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.choices import Assessment, EvaluationStage
from kernel.forms import style


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
