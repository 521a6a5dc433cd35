"""Filters of the cadre list. Every choice lies in the user's jurisdiction; the search is by name only (a NIK
is no search term for a user who may not see full NIKs: a hit would confirm it)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from locus.filters import YEAR, YearFilterSet, locus_filter, regency_filter, restrict_choices, year_filter
from locus.models import Segment

from .choices import CadreStatus, Sex
from .models import Cadre
from .services import may_view_full_nik

__all__ = ["YEAR", "CadreFilter"]


class CadreFilter(YearFilterSet):
    tahun = year_filter()
    kabupaten = regency_filter()
    lokus = locus_filter()
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
        restrict_choices(self, user, regencies_with_loci=False)  # every regency, not only those with loci
        self.form.fields["q"].widget.attrs["placeholder"] = _("Nama kader")

    def search(self, queryset, name, value):
        term = " ".join(str(value).split())
        if not term:
            return queryset
        if term.isdigit():
            # digits: a NIK only for a user who may see full NIKs; otherwise nothing (no confirmation)
            return queryset.filter(nik=term) if may_view_full_nik(self.user) else queryset.none()
        return queryset.filter(full_name__icontains=term)
