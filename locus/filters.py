"""Filters of the loci list (and of its export), and the year, regency and locus filters every list of
things done in loci starts from (``ScopedListFilter``: trainings, activities). Every choice they offer lies in
the user's jurisdiction: a province office chooses among its regencies, a regency office gets neither a
province nor a regency choice."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from kernel.forms import style_filters
from kernel.scoping.jurisdiction import NATIONAL, PROVINCE, REGENCY
from kernel.scoping.policy import policy
from kernel.widgets import PlainSelect
from locus.choices import LocusCategory, LocusStatus
from locus.models import Locus, ProgrammeYear, Province, Regency
from locus.selectors.loci import LOCUS_WAITS_FOR_REGENCY, latest_locus_year, locus_filter_choices

YEAR = "tahun"


class LocusFilter(django_filters.FilterSet):
    tahun = django_filters.ModelChoiceFilter(
        label=_("Tahun"),
        field_name="programme_year",
        queryset=ProgrammeYear.objects.order_by("-year"),
        empty_label=_("Semua tahun"),
    )
    provinsi = django_filters.ModelChoiceFilter(
        widget=PlainSelect,
        label=_("Provinsi"),
        field_name="province",
        queryset=Province.objects.none(),
        empty_label=_("Semua"),
    )
    kabupaten = django_filters.ModelChoiceFilter(
        widget=PlainSelect,
        label=_("Kabupaten/kota"),
        field_name="regency",
        queryset=Regency.objects.none(),
        empty_label=_("Semua"),
    )
    kategori = django_filters.ChoiceFilter(
        label=_("Kategori"), field_name="category", choices=LocusCategory.choices, empty_label=_("Semua")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), field_name="status", choices=LocusStatus.choices, empty_label=_("Semua")
    )

    class Meta:
        model = Locus
        fields = []

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        super().__init__(data, queryset, **kwargs)
        level = policy(user).level
        if level == NATIONAL:
            self.filters["provinsi"].queryset = Province.objects.restrict(user, "view").order_by("code")
            regencies = Regency.objects.restrict(user, "view")
            province = self.data.get("provinsi", "")
            if province:  # the regencies of the chosen province (an unknown one is an error of its own)
                regencies = regencies.filter(province_id=province)
            self.filters["kabupaten"].queryset = regencies.order_by("code")
        else:
            del self.filters["provinsi"]
            if level == PROVINCE:
                self.filters["kabupaten"].queryset = Regency.objects.restrict(user, "view").order_by("code")
            else:
                del self.filters["kabupaten"]
        for name in ("provinsi", "kabupaten"):
            if name in self.form.fields:
                self.form.fields[name].label_from_instance = lambda region: region.name
        style_filters(self.form)

    @property
    def is_filtered(self) -> bool:
        """Whether anything beyond the default year narrows the list."""
        return any(self.data.get(name) for name in self.filters if name != YEAR)

    @property
    def chosen_year(self):
        return self.form.cleaned_data.get(YEAR) if self.is_valid() else None


# --- the filters of lists of things done in loci (trainings, activities) ---------------------------------


class ScopedListFilter(django_filters.FilterSet):
    """A list's filters with ``tahun``, ``kabupaten`` and ``lokus`` choices within the user's jurisdiction
    (each list declares ``lokus`` on its own field)."""

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

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        super().__init__(data, queryset, **kwargs)
        restrict_choices(self, user)

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.filters if name != YEAR)

    @property
    def chosen_year(self):
        return self.form.cleaned_data.get(YEAR) if self.is_valid() else None


def restrict_choices(filterset, user) -> None:
    """The regency and locus choices of a list's filters, within the user's jurisdiction; Bootstrap classes
    on every field."""
    if policy(user).level == REGENCY:
        del filterset.filters["kabupaten"]
    else:
        filterset.filters["kabupaten"].queryset = (
            Regency.objects.restrict(user, "view")
            .filter(code__in=Locus.objects.restrict(user, "view").values("regency_id"))
            .order_by("code")
        )
    loci, waiting = locus_filter_choices(
        user=user,
        year=filterset.data.get(YEAR, ""),
        regency=filterset.data.get("kabupaten", "") if "kabupaten" in filterset.filters else "",
        chosen=filterset.data.get("lokus", ""),
    )
    filterset.filters["lokus"].queryset = loci
    form = filterset.form
    form.fields["lokus"].label_from_instance = lambda locus: locus.village.name
    if waiting:
        form.fields["lokus"].empty_label = LOCUS_WAITS_FOR_REGENCY
    if "kabupaten" in form.fields:
        form.fields["kabupaten"].label_from_instance = lambda region: region.name
    style_filters(form)


def default_year_data(request_data, *, user):
    """The query with ``tahun`` set to the newest programme year that has loci in the jurisdiction when the
    query does not name one."""
    data = request_data.copy()
    if YEAR not in data:
        year = latest_locus_year(user=user)
        data[YEAR] = str(year) if year else ""
    return data
