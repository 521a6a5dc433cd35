"""The API's filters (django-filter). Codes are Kemendagri's dotted codes; ``updated_since`` is an ISO 8601
date and time (with its offset): the rows changed at or after it. A value that cannot be read is answered
with a 400 naming the field."""

import datetime as dt

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from cadre.choices import CadreStatus, Sex
from cadre.models import Cadre
from locus.choices import LocusCategory, LocusStatus
from locus.models import District, Locus, Regency, Village

UPDATED_SINCE_HELP = "ISO 8601 date and time, e.g. 2026-01-31T08:00:00+07:00: rows changed at or after it."


class IntegerFilter(filters.NumberFilter):
    """A whole number (a year, an id), where django-filter's NumberFilter reads a decimal."""

    field_class = forms.IntegerField


def integer_filter(field_name: str, help_text: str) -> IntegerFilter:
    """An IntegerFilter the schema calls an integer, with its description."""
    schema = {"type": "integer", "description": help_text}
    return extend_schema_field(schema)(IntegerFilter(field_name=field_name, help_text=help_text))


def date_filter(name: str, field_name: str, lookup_expr: str, help_text: str) -> filters.DateFilter:
    """An ISO 8601 date filter (``2021-07-01``) whose refusal names the parameter ``name``."""
    message = format_lazy(
        "{name}: {text}", name=name, text=_("masukkan tanggal ISO 8601, misalnya 2021-07-01.")
    )
    return filters.DateFilter(
        field_name=field_name,
        lookup_expr=lookup_expr,
        help_text=help_text,
        error_messages={"invalid": message},
    )


def datetime_filter(
    name: str, field_name: str, lookup_expr: str, help_text: str
) -> filters.IsoDateTimeFilter:
    """An ISO 8601 date-and-time filter (with its offset) whose refusal names the parameter ``name``."""
    text = _("masukkan tanggal dan waktu ISO 8601, misalnya 2026-01-31T08:00:00+07:00.")
    return filters.IsoDateTimeFilter(
        field_name=field_name,
        lookup_expr=lookup_expr,
        help_text=help_text,
        error_messages={"invalid": format_lazy("{name}: {text}", name=name, text=text)},
    )


class UpdatedSinceField(filters.IsoDateTimeFilter.field_class):
    default_error_messages = {
        "invalid": _(
            "updated_since: masukkan tanggal dan waktu ISO 8601, misalnya 2026-01-31T08:00:00+07:00."
        )
    }

    def to_python(self, value):
        """In UTC: Python reads offsets up to ±23:59, PostgreSQL refuses those beyond ±15:59 (a 500 before);
        an instant outside Python's years 1 to 9999 cannot be read."""
        value = super().to_python(value)
        if value is None:
            return value
        try:
            return value.astimezone(dt.UTC)
        except OverflowError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class UpdatedSinceFilter(filters.IsoDateTimeFilter):
    field_class = UpdatedSinceField

    def __init__(self, **kwargs):
        super().__init__(field_name="updated_at", lookup_expr="gte", help_text=UPDATED_SINCE_HELP, **kwargs)


class StrictBooleanField(forms.TypedChoiceField):
    """``true`` or ``false`` and nothing else: django-filter's BooleanFilter reads any other word as "no
    filter" and would answer every row for ``?retired=ya``."""

    def __init__(self, *, label_name: str, **kwargs):
        kwargs.pop("empty_value", None)
        super().__init__(
            choices=[("true", "true"), ("false", "false")],
            coerce=lambda value: value == "true",
            empty_value=None,
            **kwargs,
        )
        self.error_messages["invalid_choice"] = _("%(field)s: isi dengan true atau false.") % {
            "field": label_name
        }


@extend_schema_field(
    {"type": "boolean", "description": "true: only retired codes; false: only codes in force."}
)
class RetiredFilter(filters.Filter):
    field_class = StrictBooleanField

    def __init__(self, **kwargs):
        super().__init__(field_name="retired_at", label_name="retired", **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(retired_at__isnull=not value)


class RetiredFilterSet(filters.FilterSet):
    retired = RetiredFilter()


class RegencyFilter(RetiredFilterSet):
    province = filters.CharFilter(field_name="province_id", help_text="Province code, e.g. 18.")

    class Meta:
        model = Regency
        fields = ["province", "kind"]


class DistrictFilter(RetiredFilterSet):
    regency = filters.CharFilter(field_name="regency_id", help_text="Regency code, e.g. 18.06.")
    province = filters.CharFilter(field_name="regency__province_id", help_text="Province code, e.g. 18.")

    class Meta:
        model = District
        fields = ["regency", "province", "kind"]


class VillageFilter(RetiredFilterSet):
    district = filters.CharFilter(field_name="district_id", help_text="District code, e.g. 18.06.11.")
    regency = filters.CharFilter(field_name="district__regency_id", help_text="Regency code, e.g. 18.06.")

    class Meta:
        model = Village
        fields = ["district", "regency", "kind"]


class LocusFilter(filters.FilterSet):
    year = integer_filter("programme_year_id", "Programme year, e.g. 2021.")
    province = filters.CharFilter(field_name="province_id", help_text="Province code, e.g. 18.")
    regency = filters.CharFilter(field_name="regency_id", help_text="Regency code, e.g. 18.06.")
    village = filters.CharFilter(field_name="village_id", help_text="Village code, e.g. 18.06.11.2016.")
    status = filters.MultipleChoiceFilter(choices=LocusStatus.choices)
    category = filters.MultipleChoiceFilter(choices=LocusCategory.choices)
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = Locus
        fields = ["year", "province", "regency", "village", "status", "category", "updated_since"]


class CadreFilter(filters.FilterSet):
    year = integer_filter("programme_year_id", "Programme year, e.g. 2021.")
    province = filters.CharFilter(field_name="province_id", help_text="Province code, e.g. 18.")
    regency = filters.CharFilter(field_name="regency_id", help_text="Regency code, e.g. 18.06.")
    locus = integer_filter("locus_id", "The locus' id.")
    status = filters.MultipleChoiceFilter(choices=CadreStatus.choices)
    sex = filters.ChoiceFilter(choices=Sex.choices)
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = Cadre
        fields = ["year", "province", "regency", "locus", "status", "sex", "updated_since"]
