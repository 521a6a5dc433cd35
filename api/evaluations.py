"""Locus evaluations in the API: the list and an evaluation as their pages show them.

The list is the evaluation list page's selector (``activities.selectors.evaluations.evaluation_list``:
``LocusEvaluation.objects.restrict(user, "view")``): a province office sees its regencies' evaluations in
every status, drafts included, as on the page. An evaluation's detail adds the officer's assessment and the
figures its page shows (``evaluation_figures``: live while the evaluation may still change, frozen once
submitted), and who submitted and approved it, as the page names them."""

from __future__ import annotations

import django_filters as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from activities.choices import EvaluationStage, EvaluationStatus
from activities.models import LocusEvaluation
from activities.selectors import evaluations as selectors

from .filters import UpdatedSinceFilter, integer_filter
from .views import ReadOnlyViewSet

# --- serializers ----------


class EvaluationSerializer(serializers.ModelSerializer):
    """An evaluation as a row of the evaluation list shows it, with its workflow dates and the reviewer's
    note (the reason it was returned)."""

    village = serializers.CharField(source="locus.village_id", read_only=True)
    village_name = serializers.CharField(source="locus.village.name", read_only=True)
    district_name = serializers.CharField(source="locus.village.district.name", read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    assessment_label = serializers.CharField(source="get_assessment_display", read_only=True)

    class Meta:
        model = LocusEvaluation
        fields = [
            "id",
            "programme_year",
            "province",
            "regency",
            "locus",
            "village",
            "village_name",
            "district_name",
            "stage",
            "stage_label",
            "status",
            "status_label",
            "assessment",
            "assessment_label",
            "submitted_at",
            "approved_at",
            "review_note",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"review_note": {"help_text": "The province's note, e.g. why it was returned."}}


class EvaluationFiguresSerializer(serializers.Serializer):
    """The figures gathered from the locus' records (``EvaluationFigures.as_json``); null where there is
    nothing to divide by, or where figures frozen long ago lack a count."""

    roster_size = serializers.IntegerField(allow_null=True)
    cadres_active = serializers.IntegerField(allow_null=True)
    cadres_active_percent = serializers.FloatField(allow_null=True)
    cadres_women = serializers.IntegerField(allow_null=True)
    women_percent = serializers.IntegerField(allow_null=True)
    min_women_percent = serializers.IntegerField(allow_null=True)
    follow_on_cadres = serializers.IntegerField(allow_null=True)
    sessions_planned = serializers.IntegerField(allow_null=True)
    sessions_held = serializers.IntegerField(allow_null=True)
    sessions_percent = serializers.FloatField(allow_null=True)
    attendance_rows = serializers.IntegerField(allow_null=True)
    attendance_present = serializers.IntegerField(allow_null=True)
    attendance_percent = serializers.FloatField(allow_null=True)
    post_test_average = serializers.FloatField(allow_null=True)
    gain_average = serializers.FloatField(allow_null=True)
    activities = serializers.IntegerField(allow_null=True)
    reached_men = serializers.IntegerField(allow_null=True)
    reached_women = serializers.IntegerField(allow_null=True)
    reached_total = serializers.IntegerField(allow_null=True)
    reached_disabled = serializers.IntegerField(allow_null=True)
    reached_first_time = serializers.IntegerField(allow_null=True)


class EvaluationDetailSerializer(EvaluationSerializer):
    figures = serializers.SerializerMethodField()
    figures_frozen = serializers.SerializerMethodField(
        help_text="true: frozen when submitted; false: live from the records (draft or returned)."
    )
    submitted_by = serializers.SerializerMethodField()
    approved_by = serializers.SerializerMethodField()

    class Meta(EvaluationSerializer.Meta):
        fields = [
            *EvaluationSerializer.Meta.fields,
            "findings",
            "recommendations",
            "figures",
            "figures_frozen",
            "figures_at",
            "submitted_by",
            "approved_by",
        ]

    @extend_schema_field(EvaluationFiguresSerializer)
    def get_figures(self, evaluation) -> dict:
        return evaluation.shown_figures[0].as_json()

    def get_figures_frozen(self, evaluation) -> bool:
        return evaluation.shown_figures[1]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_submitted_by(self, evaluation) -> str | None:
        return _name(evaluation.submitted_by)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_approved_by(self, evaluation) -> str | None:
        return _name(evaluation.approved_by)


def _name(user) -> str | None:
    """As the page names them (``User.__str__``: the full name, else the username)."""
    return str(user) if user else None


# --- filters ----------


class EvaluationFilter(filters.FilterSet):
    year = integer_filter("programme_year_id", "Programme year, e.g. 2021.")
    province = filters.CharFilter(field_name="province_id", help_text="Province code, e.g. 18.")
    regency = filters.CharFilter(field_name="regency_id", help_text="Regency code, e.g. 18.06.")
    locus = integer_filter("locus_id", "The locus' id.")
    stage = filters.ChoiceFilter(choices=EvaluationStage.choices)
    status = filters.MultipleChoiceFilter(choices=EvaluationStatus.choices)
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = LocusEvaluation
        fields = ["year", "province", "regency", "locus", "stage", "status", "updated_since"]


# --- views ----------


@extend_schema_view(
    list=extend_schema(
        summary="Locus evaluations", description="Evaluations within the user's jurisdiction."
    ),
    retrieve=extend_schema(
        summary="A locus evaluation",
        description="An evaluation as its page shows it: the assessment beside the locus' figures.",
    ),
)
class EvaluationViewSet(ReadOnlyViewSet):
    queryset = LocusEvaluation.objects.none()
    filterset_class = EvaluationFilter

    def get_serializer_class(self):
        return EvaluationDetailSerializer if self.action == "retrieve" else EvaluationSerializer

    def get_queryset(self):
        evaluations = selectors.evaluation_list(user=self.request.user)
        if self.action == "retrieve":
            evaluations = evaluations.select_related("locus__programme_year", "submitted_by", "approved_by")
        return evaluations

    def get_object(self):
        evaluation = super().get_object()
        evaluation.shown_figures = selectors.evaluation_figures(evaluation)
        return evaluation
