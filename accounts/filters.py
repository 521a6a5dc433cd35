"""Filters for the lists of users and offices. Every choice they offer is restricted to the jurisdiction."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kernel.forms import style_filters

from .choices import AuditAction, OfficeLevel, Role
from .models import Office


def offices_in_jurisdiction(request):
    if request is None:
        return Office.objects.none()
    return Office.objects.restrict(request.user, "manage").order_by(
        F("province_id").asc(nulls_first=True), F("regency_id").asc(nulls_first=True), "name"
    )


def _search_terms(queryset, fields: tuple[str, ...], value: str):
    """Every word of ``value`` must appear in one of ``fields`` ("budi santoso" finds Budi Santoso)."""
    for term in value.split()[:5]:
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": term})
        queryset = queryset.filter(condition)
    return queryset


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Cari"),
        method="search",
        widget=forms.TextInput(attrs={"placeholder": _("Nama atau nama pengguna"), "type": "search"}),
    )
    office = django_filters.ModelChoiceFilter(
        label=_("Kantor"), queryset=offices_in_jurisdiction, empty_label=_("Semua kantor")
    )
    role = django_filters.ChoiceFilter(label=_("Peran"), choices=Role.choices, empty_label=_("Semua peran"))
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("aktif", _("Aktif")), ("nonaktif", _("Nonaktif"))],
        empty_label=_("Semua status"),
        method="filter_status",
    )

    def search(self, queryset, name, value):
        return _search_terms(queryset, ("username", "first_name", "last_name", "email"), value)

    def filter_status(self, queryset, name, value):
        return queryset.filter(is_active=value == "aktif")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_filters(self.form)


class OfficeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Cari"),
        method="search",
        widget=forms.TextInput(attrs={"placeholder": _("Nama kantor atau wilayah"), "type": "search"}),
    )
    level = django_filters.ChoiceFilter(
        label=_("Tingkat"), choices=OfficeLevel.choices, empty_label=_("Semua tingkat")
    )

    def search(self, queryset, name, value):
        return _search_terms(queryset, ("name", "province__name", "regency__name"), value)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_filters(self.form)


class AuditFilter(django_filters.FilterSet):
    """The audit trail: by account (``?target=<id>``, the link of an account's page), by action, by name."""

    q = django_filters.CharFilter(
        label=_("Cari"),
        method="search",
        widget=forms.TextInput(attrs={"placeholder": _("Nama pengguna akun atau pelaku"), "type": "search"}),
    )
    action = django_filters.ChoiceFilter(
        label=_("Tindakan"), choices=AuditAction.choices, empty_label=_("Semua tindakan")
    )
    target = django_filters.NumberFilter(field_name="target_id", widget=forms.HiddenInput)

    def search(self, queryset, name, value):
        return _search_terms(queryset, ("target_username", "actor_username"), value)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_filters(self.form)
