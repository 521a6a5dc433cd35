"""Training sessions (pembekalan/bimtek): the list and one session with its attendance, as the training pages
show them (cadres by id and name, never a NIK), and recording attendance through
``activities.services.trainings.attendance_record``, the call the attendance screen makes: every row checked,
then all saved or none, the session marked held.

Reads go through ``activities.selectors.trainings`` (``TrainingSession.objects.restrict(user, "view")``):
another jurisdiction's session is absent from the list and a 404."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from activities.choices import Mode
from activities.models import TrainingAttendance, TrainingSession
from activities.selectors import trainings as selectors
from activities.services.trainings import AttendanceRow, attendance_record

from .filters import UpdatedSinceFilter, datetime_filter, integer_filter
from .inputs import InputSerializer, NumberField, StrictCharField, WholeNumberField
from .permissions import require_role
from .views import ReadOnlyViewSet

# --- filters ----------


class TrainingSessionFilter(filters.FilterSet):
    year = integer_filter("programme_year_id", "Programme year, e.g. 2021.")
    province = filters.CharFilter(field_name="province_id", help_text="Province code, e.g. 18.")
    regency = filters.CharFilter(field_name="regency_id", help_text="Regency code, e.g. 18.06.")
    locus = integer_filter("loci", "The id of a locus the session serves.")
    mode = filters.ChoiceFilter(choices=Mode.choices)
    held = filters.BooleanFilter(field_name="held", help_text="true: sessions marked held.")
    starts_from = datetime_filter(
        "starts_from",
        "starts_at",
        "gte",
        "ISO 8601 date and time with its offset: sessions starting at or after it.",
    )
    starts_before = datetime_filter(
        "starts_before",
        "starts_at",
        "lt",
        "ISO 8601 date and time with its offset: sessions starting before it.",
    )
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = TrainingSession
        fields = [
            "year",
            "province",
            "regency",
            "locus",
            "mode",
            "held",
            "starts_from",
            "starts_before",
            "updated_since",
        ]


# --- output ----------


class AttendanceSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.full_name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    pre_score = serializers.DecimalField(
        max_digits=5, decimal_places=2, coerce_to_string=False, read_only=True
    )
    post_score = serializers.DecimalField(
        max_digits=5, decimal_places=2, coerce_to_string=False, read_only=True
    )

    class Meta:
        model = TrainingAttendance
        fields = ["cadre", "cadre_name", "status", "status_label", "pre_score", "post_score", "note"]


class TrainingSessionSerializer(serializers.ModelSerializer):
    """A session as the trainings list shows one, with its attendance counts (the session's own)."""

    mode_label = serializers.CharField(source="get_mode_display", read_only=True)
    loci = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Ids of the loci it serves."
    )

    class Meta:
        model = TrainingSession
        fields = [
            "id",
            "programme_year",
            "province",
            "regency",
            "loci",
            "session_number",
            "topic",
            "module",
            "mode",
            "mode_label",
            "starts_at",
            "ends_at",
            "venue",
            "meeting_link",
            "held",
            "present_count",
            "absent_count",
            "excused_count",
            "updated_at",
        ]


class TrainingSessionDetailSerializer(TrainingSessionSerializer):
    """A session as its page shows one: the list's fields, facilitators, notes and its attendance rows."""

    facilitators = serializers.SerializerMethodField(help_text="One name per line on the page.")
    attendances = AttendanceSerializer(many=True, read_only=True, help_text="One row per cadre recorded.")

    class Meta(TrainingSessionSerializer.Meta):
        fields = [
            *TrainingSessionSerializer.Meta.fields,
            "facilitators",
            "notes",
            "created_at",
            "attendances",
        ]

    def get_facilitators(self, session) -> list[str]:
        return [line.strip() for line in session.facilitators.splitlines() if line.strip()]


# --- input ----------


class AttendanceRowSerializer(InputSerializer):
    """One cadre's attendance (``AttendanceRow``)."""

    cadre = WholeNumberField(help_text="The id of a cadre of the session's loci.")
    status = StrictCharField(
        required=False, allow_blank=True, default="", help_text="hadir, tidak_hadir or izin."
    )
    pre_score = NumberField(required=False, allow_null=True, default=None, help_text="0–100, two decimals.")
    post_score = NumberField(required=False, allow_null=True, default=None, help_text="0–100, two decimals.")
    note = StrictCharField(required=False, allow_blank=True, default="")


class AttendanceRecordSerializer(InputSerializer):
    rows = AttendanceRowSerializer(
        many=True, help_text="The cadres recorded; the others are left as they are."
    )

    def attendance_rows(self) -> list[AttendanceRow]:
        return [
            AttendanceRow(
                cadre_id=row["cadre"],
                status=row["status"],
                pre_score=row["pre_score"],
                post_score=row["post_score"],
                note=row["note"],
            )
            for row in self.validated_data["rows"]
        ]


# --- the resource ----------


@extend_schema_view(
    list=extend_schema(summary="Training sessions", description="Sessions within the user's jurisdiction."),
    retrieve=extend_schema(summary="A training session", description="With its attendance rows (no NIK)."),
)
class TrainingSessionViewSet(ReadOnlyViewSet):
    queryset = TrainingSession.objects.none()
    filterset_class = TrainingSessionFilter

    def get_serializer_class(self):
        return TrainingSessionSerializer if self.action == "list" else TrainingSessionDetailSerializer

    def get_queryset(self):
        user = self.request.user
        sessions = selectors.training_list(user=user)
        if self.action != "list":
            rows = TrainingAttendance.objects.restrict(user, "view").select_related("cadre")
            sessions = sessions.prefetch_related(Prefetch("attendances", queryset=rows))
        return sessions

    def service_error_field(self, name: str) -> str:
        """The service names a row's field ``<column>-<cadre id>``, its message the cadre: here ``rows``."""
        column, _dash, pk = name.partition("-")
        return "rows" if pk.isdecimal() else name

    @extend_schema(
        summary="Record attendance",
        description=(
            "Records the attendance of cadres of the session's loci through the attendance screen's "
            "service: every row is checked, then all are saved or none, and the session is marked held. A "
            "row's refusal is under `rows`, naming the cadre. Answers the session's detail."
        ),
        request=AttendanceRecordSerializer,
        responses={200: TrainingSessionDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        require_role(request.user, "change")
        session = self.get_object()
        shape = AttendanceRecordSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        attendance_record(actor=request.user, session=session, rows=shape.attendance_rows())
        return Response(self.get_serializer(self.get_queryset().get(pk=session.pk)).data)
