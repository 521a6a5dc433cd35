"""Filters of the cadre list. Every choice lies in the user's jurisdiction; the search is by name only (a NIK
is no search term for a user who may not see full NIKs: a hit would confirm it)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from kernel.forms import style_filters
from kernel.scoping.jurisdiction import REGENCY
from kernel.scoping.policy import policy
from kernel.widgets import PlainSelect
from locus.models import Locus, ProgrammeYear, Regency, Segment
from locus.selectors.loci import LOCUS_WAITS_FOR_REGENCY, locus_filter_choices

from .choices import CadreStatus, Sex
from .models import Cadre
from .services import may_view_full_nik

YEAR = "tahun"


class CadreFilter(django_filters.FilterSet):
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
    lokus = django_filters.ModelChoiceFilter(
        widget=PlainSelect,
        label=_("Lokus"),
        field_name="locus",
        queryset=Locus.objects.none(),
        empty_label=_("Semua"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), field_name="status", choices=CadreStatus.choices, empty_label=_("Semua")
    )
    jk = django_filters.ChoiceFilter(
        label=_("Jenis kelamin"), field_name="sex", choices=Sex.choices, empty_label=_("Semua")
    )
    unsur = django_filters.ModelChoiceFilter(
        label=_("Unsur pemilih"),
        field_name="segments",
        queryset=Segment.objects.all(),
        empty_label=_("Semua"),
    )
    q = django_filters.CharFilter(label=_("Cari nama"), method="search")

    class Meta:
        model = Cadre
        fields = []

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.user = user
        if policy(user).level == REGENCY:
            del self.filters["kabupaten"]
        else:
            self.filters["kabupaten"].queryset = Regency.objects.restrict(user, "view").order_by("code")
        loci, waiting = locus_filter_choices(
            user=user,
            year=self.data.get(YEAR, ""),
            regency=self.data.get("kabupaten", "") if "kabupaten" in self.filters else "",
            chosen=self.data.get("lokus", ""),
        )
        self.filters["lokus"].queryset = loci
        self.form.fields["lokus"].label_from_instance = lambda locus: locus.village.name
        if waiting:
            self.form.fields["lokus"].empty_label = LOCUS_WAITS_FOR_REGENCY
        if "kabupaten" in self.form.fields:
            self.form.fields["kabupaten"].label_from_instance = lambda region: region.name
        self.form.fields["q"].widget.attrs["placeholder"] = _("Nama kader")
        style_filters(self.form)

    def search(self, queryset, name, value):
        term = " ".join(str(value).split())
        if not term:
            return queryset
        if term.isdigit():
            # digits: a NIK only for a user who may see full NIKs; otherwise nothing (no confirmation)
            return queryset.filter(nik=term) if may_view_full_nik(self.user) else queryset.none()
        return queryset.filter(full_name__icontains=term)

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.filters if name != YEAR)

    @property
    def chosen_year(self):
        return self.form.cleaned_data.get(YEAR) if self.is_valid() else None

    @property
    def chosen_regency(self):
        return self.form.cleaned_data.get("kabupaten") if self.is_valid() else None
