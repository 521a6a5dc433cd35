"""Socialisation activities (kegiatan sosialisasi): the list and one activity as the activity pages show them,
and recording one through ``activities.services.outreach.activity_create``, the call the page makes.

Reads go through ``activities.selectors.outreach`` (``SocialisationActivity.objects.restrict(user, "view")``):
another jurisdiction's activity is absent from the list and a 404. The evidence files are listed with the URL
of the page that serves them (it restricts before it opens a file); they are uploaded on the activity's page,
not through the API.

A cadre's report (``status`` *dilaporkan*) is reviewed by the office through ``activity_accept`` and
``activity_return``, as on the activity's page: a role that may not change activities is a 403, an activity
outside the jurisdiction a 404, then the service (400 naming the field, or 403 with its message). Only
accepted activities (*diterima*) count in any figure."""

from __future__ import annotations

import django_filters as filters
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from activities.choices import ActivityStatus, OutreachMethod, OutreachTopic
from activities.forms.outreach import ActivityForm
from activities.models import ActivityPhoto, ActivitySegmentReach, SocialisationActivity
from activities.selectors import outreach as selectors
from activities.services.outreach import ActivityData, activity_accept, activity_create, activity_return
from locus.models import Locus, Village

from .filters import UpdatedSinceFilter, date_filter, integer_filter
from .inputs import InputSerializer, StrictCharField, WholeNumberField
from .permissions import require_role
from .views import ReadOnlyViewSet

# --- filters ----------


def segment_reach_field(name: str) -> str:
    """The service names the people reached of one segment ``reach_<code>``: the API's ``segment_reach``
    (every view writing an activity names it so)."""
    return "segment_reach" if name.startswith("reach_") else name


class ActivityFilter(filters.FilterSet):
    year = integer_filter("programme_year_id", "Programme year, e.g. 2021.")
    province = filters.CharFilter(field_name="province_id", help_text="Province code, e.g. 18.")
    regency = filters.CharFilter(field_name="regency_id", help_text="Regency code, e.g. 18.06.")
    locus = integer_filter("locus_id", "The locus' id.")
    method = filters.MultipleChoiceFilter(choices=OutreachMethod.choices)
    topic = filters.MultipleChoiceFilter(choices=OutreachTopic.choices)
    status = filters.MultipleChoiceFilter(
        choices=ActivityStatus.choices,
        help_text="Review status: diterima (counted), dilaporkan (a cadre's report awaiting review), "
        "dikembalikan (returned to the cadre with a note).",
    )
    held_from = date_filter("held_from", "held_on", "gte", "ISO 8601 date: activities held on or after it.")
    held_to = date_filter("held_to", "held_on", "lte", "ISO 8601 date: activities held on or before it.")
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = SocialisationActivity
        fields = [
            "year",
            "province",
            "regency",
            "locus",
            "method",
            "topic",
            "status",
            "held_from",
            "held_to",
            "updated_since",
        ]


# --- output ----------


class ActivityCadreSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(read_only=True)


class ActivitySegmentReachSerializer(serializers.ModelSerializer):
    segment = serializers.CharField(source="segment_id", read_only=True, help_text="The segment's code.")

    class Meta:
        model = ActivitySegmentReach
        fields = ["segment", "people"]


class ActivityPhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The file, for users who may see the activity.")

    class Meta:
        model = ActivityPhoto
        fields = ["id", "kind", "title", "content_type", "size", "uploaded_at", "url"]

    def get_url(self, photo) -> str:
        path = reverse("activities:activity_photo", args=[photo.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ActivityReporterSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(read_only=True)


class ActivitySerializer(serializers.ModelSerializer):
    """An activity as the list page shows one: place, method, topic, cadres, the people reached and its
    review status."""

    village_name = serializers.CharField(source="village.name", read_only=True)
    method_label = serializers.CharField(source="get_method_display", read_only=True)
    topic_label = serializers.CharField(source="get_topic_display", read_only=True)
    cadres = ActivityCadreSerializer(many=True, read_only=True, help_text="Its cadres, by name.")
    target_segments = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    reached_total = serializers.IntegerField(read_only=True, help_text="Men and women reached.")
    segment_reach = ActivitySegmentReachSerializer(
        many=True,
        read_only=True,
        help_text="People reached per segment of the year (parts of the men and women reached); a segment "
        "absent reached nobody.",
    )
    photo_count = serializers.IntegerField(read_only=True, help_text="Evidence files (photos, PDF reports).")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    reported_by = ActivityReporterSerializer(
        read_only=True, allow_null=True, help_text="The cadre who reported it from the app; null: an officer."
    )

    class Meta:
        model = SocialisationActivity
        fields = [
            "id",
            "programme_year",
            "province",
            "regency",
            "locus",
            "village",
            "village_name",
            "held_on",
            "method",
            "method_label",
            "topic",
            "topic_label",
            "title",
            "cadres",
            "target_segments",
            "reached_men",
            "reached_women",
            "reached_disabled",
            "reached_first_time",
            "reached_total",
            "segment_reach",
            "photo_count",
            "status",
            "status_label",
            "reported_by",
            "review_note",
            "updated_at",
        ]


class ActivityDetailSerializer(ActivitySerializer):
    """An activity as its page shows one: the list's fields, its notes and its evidence files."""

    photos = ActivityPhotoSerializer(many=True, read_only=True)

    class Meta(ActivitySerializer.Meta):
        fields = [*ActivitySerializer.Meta.fields, "notes", "photos", "created_at"]


# --- input ----------


class ActivityCreateSerializer(InputSerializer):
    """An activity to record: the fields of the activity page (``ActivityData``)."""

    locus = serializers.IntegerField(help_text="The id of a locus within the user's jurisdiction.")
    cadres = serializers.ListField(
        child=WholeNumberField(), required=False, default=list, help_text="Ids of appointed or active cadres."
    )
    held_on = serializers.DateField(required=False, allow_null=True, default=None)
    village = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Kemendagri code of the village where it was held (in the locus' regency); empty: the "
        "locus' village.",
    )
    method = StrictCharField(
        required=False, allow_blank=True, default="", help_text="An OutreachMethod value."
    )
    topic = StrictCharField(required=False, allow_blank=True, default="", help_text="An OutreachTopic value.")
    title = StrictCharField(
        required=False, allow_blank=True, default="", max_length=ActivityForm.base_fields["title"].max_length
    )
    target_segments = serializers.ListField(
        child=StrictCharField(), required=False, default=list, help_text="Segment codes of the year."
    )
    reached_men = WholeNumberField(required=False, default=0)
    reached_women = WholeNumberField(required=False, default=0)
    reached_disabled = WholeNumberField(required=False, default=0, help_text="Included in men and women.")
    reached_first_time = WholeNumberField(required=False, default=0, help_text="Included in men and women.")
    segment_reach = serializers.DictField(
        child=WholeNumberField(),
        required=False,
        default=dict,
        help_text='People reached per segment code of the year, e.g. {"perempuan": 12}.',
    )
    notes = StrictCharField(required=False, allow_blank=True, default="")

    def activity_data(self) -> ActivityData:
        data = {name: value for name, value in self.validated_data.items() if name != "locus"}
        code = data.pop("village")
        village = None
        if code:
            village = Village.objects.filter(code=code).first()
            if village is None:
                raise ValidationError({"village": [_("Wilayah %(code)s tidak ditemukan.") % {"code": code}]})
        return ActivityData(village=village, **data)


class ActivityAcceptSerializer(InputSerializer):
    """No input: an empty JSON object, or no body."""


class ActivityReturnSerializer(InputSerializer):
    """Why a cadre's report goes back: required (the service's message names ``note``)."""

    note = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text="What the cadre should correct.",
    )


# --- the resource ----------


@extend_schema_view(
    list=extend_schema(
        summary="Socialisation activities", description="Activities within the user's jurisdiction."
    ),
    retrieve=extend_schema(summary="A socialisation activity", description="With its notes and evidence."),
)
class ActivityViewSet(ReadOnlyViewSet):
    queryset = SocialisationActivity.objects.none()
    filterset_class = ActivityFilter

    def get_serializer_class(self):
        return ActivitySerializer if self.action == "list" else ActivityDetailSerializer

    def get_queryset(self):
        user = self.request.user
        activities = (
            selectors.for_listing(selectors.activity_list(user=user))
            .select_related("reported_by")
            .prefetch_related("segment_reach")  # the segments' order: ActivitySegmentReach's ordering
        )
        if self.action != "list":
            photos = ActivityPhoto.objects.restrict(user, "view")
            activities = activities.prefetch_related(Prefetch("photos", queryset=photos))
        return activities

    def service_error_field(self, name: str) -> str:
        return segment_reach_field(name)

    @extend_schema(
        summary="Record a socialisation activity",
        description=(
            "Records an activity of a locus through the activity page's service: its rules and messages. A "
            "locus outside the user's jurisdiction is answered as one that does not exist (400 on `locus`). "
            "Evidence files are uploaded on the activity's page."
        ),
        request=ActivityCreateSerializer,
        responses={201: ActivityDetailSerializer},
    )
    def create(self, request, *args, **kwargs):
        user = request.user
        require_role(user, "add")
        shape = ActivityCreateSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        locus = Locus.objects.restrict(user, "add").filter(pk=shape.validated_data["locus"]).first()
        if locus is None:
            raise ValidationError({"locus": [_("Lokus tidak ditemukan.")]})
        activity = activity_create(actor=user, locus=locus, data=shape.activity_data())
        answer = self.get_serializer(self.get_queryset().get(pk=activity.pk))
        return Response(answer.data, status=status.HTTP_201_CREATED)

    def _detail(self, pk: int):
        return ActivityDetailSerializer(
            self.get_queryset().get(pk=pk), context=self.get_serializer_context()
        ).data

    @extend_schema(
        summary="Accept a cadre's report",
        description=(
            "`dilaporkan` → `diterima`: from then on the activity counts in every figure. Through the "
            "activity page's service; no input. Another status is a 400 on `status`."
        ),
        request=ActivityAcceptSerializer,
        responses={200: ActivityDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        require_role(request.user, "change")
        activity = self.get_object()
        ActivityAcceptSerializer(data=request.data).is_valid(raise_exception=True)
        activity = activity_accept(actor=request.user, activity=activity)
        return Response(self._detail(activity.pk))

    @extend_schema(
        summary="Return a cadre's report",
        description=(
            "`dilaporkan` → `dikembalikan`, with the note the cadre reads (required: 400 on `note`). Through "
            "the activity page's service. Another status is a 400 on `status`."
        ),
        request=ActivityReturnSerializer,
        responses={200: ActivityDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        require_role(request.user, "change")
        activity = self.get_object()
        shape = ActivityReturnSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        activity = activity_return(actor=request.user, activity=activity, note=shape.validated_data["note"])
        return Response(self._detail(activity.pk))
