"""Filters of the loci list (and of its export), and the year, regency and locus filters every list of
things done in loci starts from (``ScopedListFilter``: trainings, activities; its fields and choices also
serve the cadres' and the evaluations' lists). Every choice they offer lies in the user's jurisdiction: a
province office chooses among its regencies, a regency office gets neither a province nor a regency choice."""

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


# --- the filter fields and choices several lists share (loci, cadres, trainings, activities, evaluations) ---


def year_filter(label=None) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=label or _("Tahun"),
        field_name="programme_year",
        queryset=ProgrammeYear.objects.order_by("-year"),
        empty_label=_("Semua tahun"),
    )


def province_filter() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        widget=PlainSelect,
        label=_("Provinsi"),
        field_name="province",
        queryset=Province.objects.none(),
        empty_label=_("Semua"),
    )


def regency_filter() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        widget=PlainSelect,
        label=_("Kabupaten/kota"),
        field_name="regency",
        queryset=Regency.objects.none(),
        empty_label=_("Semua"),
    )


def locus_filter(field_name: str = "locus") -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        widget=PlainSelect,
        label=_("Lokus"),
        field_name=field_name,
        queryset=Locus.objects.none(),
        empty_label=_("Semua"),
    )


class YearFilterSet(django_filters.FilterSet):
    """A list's filters that start from the programme year (``tahun``): the year alone does not count as
    narrowing the list."""

    @property
    def is_filtered(self) -> bool:
        """Whether anything beyond the default year narrows the list."""
        return any(self.data.get(name) for name in self.filters if name != YEAR)

    @property
    def chosen_year(self):
        return self.form.cleaned_data.get(YEAR) if self.is_valid() else None

    @property
    def chosen_regency(self):
        return self.form.cleaned_data.get("kabupaten") if self.is_valid() else None


class LocusFilter(YearFilterSet):
    tahun = year_filter()
    provinsi = province_filter()
    kabupaten = regency_filter()
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


# --- the filters of lists of things done in loci (trainings, activities) ---------------------------------


class ScopedListFilter(YearFilterSet):
    """A list's filters with ``tahun``, ``kabupaten`` and ``lokus`` choices within the user's jurisdiction
    (each list declares ``lokus`` on its own field, with ``locus_filter``)."""

    tahun = year_filter()
    kabupaten = regency_filter()

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        super().__init__(data, queryset, **kwargs)
        restrict_choices(self, user)


def restrict_choices(filterset, user, *, regencies_with_loci: bool = True) -> None:
    """The regency and locus choices of a list's filters (``kabupaten``, and ``lokus`` where it has one),
    within the user's jurisdiction: the regencies with loci there, or every regency there; Bootstrap classes
    on every field."""
    if policy(user).level == REGENCY:
        del filterset.filters["kabupaten"]
    else:
        regencies = Regency.objects.restrict(user, "view")
        if regencies_with_loci:
            regencies = regencies.filter(code__in=Locus.objects.restrict(user, "view").values("regency_id"))
        filterset.filters["kabupaten"].queryset = regencies.order_by("code")
    waiting = False
    if "lokus" in filterset.filters:
        loci, waiting = locus_filter_choices(
            user=user,
            year=filterset.data.get(YEAR, ""),
            regency=filterset.data.get("kabupaten", "") if "kabupaten" in filterset.filters else "",
            chosen=filterset.data.get("lokus", ""),
        )
        filterset.filters["lokus"].queryset = loci
    form = filterset.form
    if "lokus" in form.fields:
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
