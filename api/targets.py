"""Targets and their progress in the API: each office's target for a programme year beside what its
jurisdiction has achieved, per indicator (cadres recruited, training sessions held, people reached).

The targets are the target list page's (``activities.selectors.targets.target_list``:
``Target.objects.restrict(user, "view")``); the achieved figures are the page's own
(``targets_with_progress``, the one query the page, the home page and the recap share), computed for the rows
of the page being answered, never restated here."""

from __future__ import annotations

import django_filters as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response

from accounts.choices import OfficeLevel
from activities.models import Target
from activities.selectors import targets as selectors

from .filters import UpdatedSinceFilter, integer_filter
from .views import ReadOnlyViewSet

# --- serializers ----------


class IndicatorSerializer(serializers.Serializer):
    """One indicator of a target (``activities.selectors.targets.Progress``)."""

    indicator = serializers.ChoiceField(
        source="figure", choices=[(figure, figure) for figure in selectors.FIGURES], read_only=True
    )
    label = serializers.CharField(read_only=True)
    target = serializers.IntegerField(read_only=True)
    achieved = serializers.IntegerField(source="done", read_only=True)
    percent = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Achieved against target, rounded; null without a target."
    )
    reached = serializers.BooleanField(read_only=True, help_text="A target set and achieved.")


class TargetSerializer(serializers.Serializer):
    """A target with its progress (``activities.selectors.targets.TargetProgress``)."""

    id = serializers.IntegerField(source="target.pk", read_only=True)
    programme_year = serializers.IntegerField(source="target.programme_year_id", read_only=True)
    office = serializers.IntegerField(source="target.office_id", read_only=True)
    office_name = serializers.CharField(source="target.office.name", read_only=True)
    office_level = serializers.ChoiceField(
        source="target.office.level", choices=OfficeLevel.choices, read_only=True
    )
    province = serializers.CharField(source="target.office.province_id", read_only=True, allow_null=True)
    regency = serializers.CharField(source="target.office.regency_id", read_only=True, allow_null=True)
    note = serializers.CharField(source="target.note", read_only=True)
    updated_at = serializers.DateTimeField(source="target.updated_at", read_only=True)
    indicators = IndicatorSerializer(source="items", many=True, read_only=True)


# --- filters ----------


class TargetFilter(filters.FilterSet):
    year = integer_filter("programme_year_id", "Programme year, e.g. 2021.")
    office = integer_filter("office_id", "The office's id.")
    level = filters.ChoiceFilter(
        field_name="office__level", choices=OfficeLevel.choices, help_text="The office's level."
    )
    province = filters.CharFilter(field_name="office__province_id", help_text="Province code, e.g. 18.")
    regency = filters.CharFilter(field_name="office__regency_id", help_text="Regency code, e.g. 18.06.")
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = Target
        fields = ["year", "office", "level", "province", "regency", "updated_since"]


# --- views ----------


@extend_schema_view(
    list=extend_schema(
        summary="Targets and progress",
        description="The targets of the user's office and of the offices in its jurisdiction, each indicator "
        "with its target and what the office's jurisdiction has achieved.",
    ),
    retrieve=extend_schema(summary="A target and its progress"),
)
class TargetViewSet(ReadOnlyViewSet):
    queryset = Target.objects.none()
    serializer_class = TargetSerializer
    filterset_class = TargetFilter

    def get_queryset(self):
        return selectors.target_list(user=self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = selectors.targets_with_progress(page)  # one query for the page's targets
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        (row,) = selectors.targets_with_progress([self.get_object()])
        return Response(self.get_serializer(row).data)
