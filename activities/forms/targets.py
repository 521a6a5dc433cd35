"""The target form: input shape only (who may set which office's target is in
``activities.services.targets``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from kernel.forms import style
from kernel.scoping.mixins import ScopedFormMixin
from locus.models import ProgrammeYear

YEAR = "tahun"


class TargetForm(ScopedFormMixin, forms.Form):
    """Office and year (on creation only: ``with_office``), and the three figures."""

    scope_action = "change"

    office = forms.ModelChoiceField(
        label=_("Kantor"),
        queryset=Office.objects.order_by("province_id", "regency_id", "name"),
        error_messages={
            "required": _("Pilih kantor."),
            "invalid_choice": _("Pilih kantor di wilayah kerja Anda."),
        },
    )
    programme_year = forms.ModelChoiceField(
        label=_("Tahun program"),
        queryset=ProgrammeYear.objects.order_by("-year"),
        error_messages={"required": _("Pilih tahun program.")},
    )
    cadres = forms.IntegerField(label=_("Target kader direkrut"), min_value=0, max_value=1_000_000)
    sessions = forms.IntegerField(
        label=_("Target sesi pembekalan"),
        min_value=0,
        max_value=10_000,
        # Progress counts sessions as the dashboards do (``locus.rules.locus_sessions_held``).
        help_text=_("Dihitung per lokus: mis. 2 lokus × 8 sesi = 16."),
    )
    people_reached = forms.IntegerField(
        label=_("Target warga terjangkau"), min_value=0, max_value=100_000_000
    )
    note = forms.CharField(
        label=_("Keterangan"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mis. dasar penetapan: anggaran pemerintah daerah, surat KPU Provinsi."),
    )

    def __init__(self, *args, with_office: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_office:
            del self.fields["office"]
            del self.fields["programme_year"]
        style(self)
