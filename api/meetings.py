"""Coordination meetings (rakor) in the API: the list and a meeting as their pages show them.

The list is the meeting list page's selector (``activities.selectors.meetings.meeting_list``): the meetings
organised in the user's jurisdiction and those its offices took part in (``shared_through="participants"``
in ``CoordinationMeeting.scope_lookups``), through ``restrict(user, "view")``. A meeting's detail adds what
its page shows (``meeting_rows``, the page's own selector): the participating offices, the attendees with
their positions, the agenda, the speakers, the follow-ups with their status and due date, and the
attachments' titles and kinds (never the files, which have their own restricted download)."""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from accounts.choices import OfficeLevel
from accounts.models import Office
from activities.choices import Mode
from activities.models import (
    CoordinationMeeting,
    FollowUpAction,
    MeetingAgendaItem,
    MeetingAttachment,
    MeetingAttendee,
    MeetingSpeaker,
)
from activities.selectors import meetings as selectors

from .filters import UpdatedSinceFilter, integer_filter
from .views import ReadOnlyViewSet

# --- serializers ----------


class OfficeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Office
        fields = ["id", "name", "level", "province", "regency"]


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting as a row of the meeting list shows it."""

    organiser_name = serializers.CharField(source="organiser.name", read_only=True)
    organiser_level = serializers.ChoiceField(
        source="organiser.level", choices=OfficeLevel.choices, read_only=True
    )
    time_zone = serializers.CharField(
        read_only=True, help_text="The organiser's zone: the meeting's times are shown on its clock."
    )
    mode_label = serializers.CharField(source="get_mode_display", read_only=True)
    participant_count = serializers.IntegerField(read_only=True, help_text="Offices taking part.")

    class Meta:
        model = CoordinationMeeting
        fields = [
            "id",
            "title",
            "programme_year",
            "organiser",
            "organiser_name",
            "organiser_level",
            "province",
            "regency",
            "starts_at",
            "ends_at",
            "time_zone",
            "mode",
            "mode_label",
            "participant_count",
            "created_at",
            "updated_at",
        ]


class AttendeeSerializer(serializers.ModelSerializer):
    office_name = serializers.CharField(source="office.name", read_only=True, default="")

    class Meta:
        model = MeetingAttendee
        fields = ["order", "name", "position", "office", "office_name", "institution"]


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingAgendaItem
        fields = ["order", "title", "starts_at", "notes"]


class SpeakerSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingSpeaker
        fields = ["order", "name", "position", "topic"]


class FollowUpSerializer(serializers.ModelSerializer):
    responsible_name = serializers.CharField(source="responsible.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    overdue = serializers.BooleanField(
        read_only=True, help_text="Past its due date on the responsible office's calendar and not done."
    )

    class Meta:
        model = FollowUpAction
        fields = [
            "id",
            "description",
            "responsible",
            "responsible_name",
            "due_on",
            "status",
            "status_label",
            "completed_on",
            "note",
            "overdue",
        ]


class AttachmentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = MeetingAttachment
        fields = ["title", "kind", "kind_label"]


class MeetingDetailSerializer(MeetingSerializer):
    """A meeting as its page shows it (the rows come from the page's ``meeting_rows``)."""

    participants = OfficeRefSerializer(many=True, read_only=True, source="rows.participants")
    attendees = AttendeeSerializer(many=True, read_only=True, source="rows.attendees")
    agenda = AgendaItemSerializer(many=True, read_only=True, source="rows.agenda")
    speakers = SpeakerSerializer(many=True, read_only=True, source="rows.speakers")
    follow_ups = FollowUpSerializer(many=True, read_only=True, source="rows.follow_ups")
    attachments = AttachmentSerializer(many=True, read_only=True, source="rows.attachments")

    class Meta(MeetingSerializer.Meta):
        fields = [
            *MeetingSerializer.Meta.fields,
            "venue",
            "meeting_link",
            "summary",
            "minutes",
            "conclusions",
            "minutes_taker",
            "participants",
            "attendees",
            "agenda",
            "speakers",
            "follow_ups",
            "attachments",
        ]
        extra_kwargs = {"minutes": {"help_text": "Markdown, as written."}}


# --- filters ----------


class DayField(forms.DateField):
    """A day whose unreadable value is answered naming the parameter (``day_name``)."""

    def __init__(self, *, day_name: str, **kwargs):
        super().__init__(**kwargs)
        self.error_messages["invalid"] = _("%(name)s: masukkan tanggal, misalnya 2021-11-03.") % {
            "name": day_name
        }


class DayFilter(filters.DateFilter):
    field_class = DayField


def day_filter(name: str, method: str, help_text: str) -> DayFilter:
    """A DayFilter the schema calls a date, with its description."""
    schema = {"type": "string", "format": "date", "description": help_text}
    return extend_schema_field(schema)(DayFilter(method=method, day_name=name, help_text=help_text))


class MeetingFilter(filters.FilterSet):
    year = integer_filter("programme_year_id", "Programme year, e.g. 2021.")
    organiser = integer_filter("organiser_id", "The organising office's id.")
    level = filters.ChoiceFilter(
        field_name="organiser__level", choices=OfficeLevel.choices, help_text="The organiser's level."
    )
    province = filters.CharFilter(
        field_name="province_id", help_text="The organiser's province code, e.g. 18."
    )
    regency = filters.CharFilter(
        field_name="regency_id", help_text="The organiser's regency code, e.g. 18.06."
    )
    mode = filters.ChoiceFilter(choices=Mode.choices)
    date_from = day_filter(
        "date_from", "from_day", "Meetings on or after this day on their organiser's clock, e.g. 2021-11-01."
    )
    date_to = day_filter(
        "date_to", "to_day", "Meetings on or before this day on their organiser's clock, e.g. 2021-11-30."
    )
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = CoordinationMeeting
        fields = [
            "year",
            "organiser",
            "level",
            "province",
            "regency",
            "mode",
            "date_from",
            "date_to",
            "updated_since",
        ]

    # The meeting list page's day filters (``local_days_q``): a meeting touching the day counts.
    def from_day(self, queryset, name, value):
        return queryset.filter(selectors.local_days_q(value, None))

    def to_day(self, queryset, name, value):
        return queryset.filter(selectors.local_days_q(None, value))


# --- views ----------


@extend_schema_view(
    list=extend_schema(
        summary="Coordination meetings",
        description="Meetings organised in the user's jurisdiction or attended by its offices.",
    ),
    retrieve=extend_schema(
        summary="A coordination meeting",
        description="A meeting as its page shows it: agenda, attendees, speakers, follow-ups, attachments.",
    ),
)
class MeetingViewSet(ReadOnlyViewSet):
    queryset = CoordinationMeeting.objects.none()
    filterset_class = MeetingFilter

    def get_serializer_class(self):
        return MeetingDetailSerializer if self.action == "retrieve" else MeetingSerializer

    def get_queryset(self):
        return selectors.meeting_list(user=self.request.user)

    def get_object(self):
        meeting = super().get_object()
        meeting.rows = selectors.meeting_rows(meeting)
        return meeting
