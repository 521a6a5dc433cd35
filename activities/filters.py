"""The filters of the activities' lists: meetings, trainings, socialisation activities, evaluations and
advocacy. Every choice lies in the user's jurisdiction; the year, regency and locus fields are the ones every
list of things done in loci shares (``locus.filters``)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import OfficeLevel
from activities.choices import (
    ActivityStatus,
    AdvocacyKind,
    AdvocacyParty,
    AdvocacyStatus,
    EvaluationStage,
    EvaluationStatus,
    Mode,
    OutreachMethod,
    OutreachTopic,
)
from activities.models import (
    AdvocacyEngagement,
    CoordinationMeeting,
    LocusEvaluation,
    SocialisationActivity,
    TrainingSession,
)
from activities.selectors.meetings import local_days_q
from activities.selectors.trainings import without_attendance
from kernel.forms import style_filters
from kernel.scoping.jurisdiction import NATIONAL
from kernel.scoping.policy import policy
from locus.filters import (
    YEAR,
    ScopedListFilter,
    YearFilterSet,
    locus_filter,
    regency_filter,
    restrict_choices,
    year_filter,
)
from locus.models import Province

__all__ = ["YEAR", "ActivityFilter", "AdvocacyFilter", "EvaluationFilter", "MeetingFilter", "TrainingFilter"]


class MeetingFilter(django_filters.FilterSet):
    tahun = year_filter(_("Tahun program"))
    tingkat = django_filters.ChoiceFilter(
        label=_("Tingkat penyelenggara"),
        field_name="organiser__level",
        choices=OfficeLevel.choices,
        empty_label=_("Semua"),
    )
    provinsi = django_filters.ModelChoiceFilter(
        label=_("Provinsi"), field_name="province", queryset=Province.objects.none(), empty_label=_("Semua")
    )
    cara = django_filters.ChoiceFilter(
        label=_("Cara"), field_name="mode", choices=Mode.choices, empty_label=_("Semua")
    )
    dari = django_filters.DateFilter(
        label=_("Dari tanggal"), method="from_day", widget=forms.DateInput(attrs={"type": "date"})
    )
    sampai = django_filters.DateFilter(
        label=_("Sampai tanggal"), method="to_day", widget=forms.DateInput(attrs={"type": "date"})
    )
    q = django_filters.CharFilter(label=_("Cari judul"), field_name="title", lookup_expr="icontains")

    class Meta:
        model = CoordinationMeeting
        fields = []

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        super().__init__(data, queryset, **kwargs)
        level = policy(user).level
        if level == NATIONAL:
            self.filters["provinsi"].queryset = Province.objects.order_by("name")
        else:
            del self.filters["provinsi"]
        if "provinsi" in self.form.fields:
            self.form.fields["provinsi"].label_from_instance = lambda region: region.name
        self.form.fields["q"].widget.attrs["placeholder"] = _("Judul rapat")
        style_filters(self.form)

    def from_day(self, queryset, name, value):
        return queryset.filter(local_days_q(value, None)) if value else queryset

    def to_day(self, queryset, name, value):
        return queryset.filter(local_days_q(None, value)) if value else queryset

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.filters)


class TrainingFilter(ScopedListFilter):
    lokus = locus_filter("loci")
    pelaksanaan = django_filters.ChoiceFilter(
        label=_("Pelaksanaan"),
        field_name="held",
        choices=(
            ("sudah", _("Sudah dilaksanakan")),
            ("rencana", _("Direncanakan")),
            ("tanpa_presensi", _("Lewat tanggal, presensi belum dicatat")),
        ),
        empty_label=_("Semua"),
        method="filter_held",
    )

    class Meta:
        model = TrainingSession
        fields = []

    def filter_held(self, queryset, name, value):
        if value == "tanpa_presensi":  # the action list's item (reports/actions.py)
            return without_attendance(queryset, now=timezone.now())
        return queryset.filter(held=value == "sudah") if value else queryset


class ActivityFilter(ScopedListFilter):
    lokus = locus_filter()
    # The office's review: "Dilaporkan kader" are the cadres' reports awaiting it (the action list's link).
    status = django_filters.ChoiceFilter(
        label=_("Status"), field_name="status", choices=ActivityStatus.choices, empty_label=_("Semua")
    )
    metode = django_filters.ChoiceFilter(
        label=_("Metode"), field_name="method", choices=OutreachMethod.choices, empty_label=_("Semua")
    )
    tema = django_filters.ChoiceFilter(
        label=_("Tema"), field_name="topic", choices=OutreachTopic.choices, empty_label=_("Semua")
    )
    dari = django_filters.DateFilter(
        label=_("Dari tanggal"),
        field_name="held_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sampai = django_filters.DateFilter(
        label=_("Sampai tanggal"),
        field_name="held_on",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = SocialisationActivity
        fields = []


class EvaluationFilter(YearFilterSet):
    tahun = year_filter()
    kabupaten = regency_filter()
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
        restrict_choices(self, user, regencies_with_loci=False)  # every regency, not only those with loci


class AdvocacyFilter(YearFilterSet):
    """The advocacy list: year, kind, party and status (every engagement the user sees is in reach)."""

    tahun = year_filter()
    jenis = django_filters.ChoiceFilter(
        label=_("Bentuk kegiatan"), field_name="kind", choices=AdvocacyKind.choices, empty_label=_("Semua")
    )
    pihak = django_filters.ChoiceFilter(
        label=_("Pihak"), field_name="party_kind", choices=AdvocacyParty.choices, empty_label=_("Semua")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), field_name="status", choices=AdvocacyStatus.choices, empty_label=_("Semua")
    )

    class Meta:
        model = AdvocacyEngagement
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        style_filters(self.form)
