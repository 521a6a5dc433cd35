"""The admin of activities for KPU RI's technical administrators. Records are entered through the app's pages
(their services carry the rules); the admin shows them with their change history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kernel.admin import ReadOnlyInline

from .models import (
    ActivityPhoto,
    AdvocacyDocument,
    AdvocacyEngagement,
    CoordinationMeeting,
    FollowUpAction,
    LocusEvaluation,
    MeetingAgendaItem,
    MeetingAttachment,
    MeetingAttendee,
    MeetingSpeaker,
    SocialisationActivity,
    Target,
    TrainingAttendance,
    TrainingSession,
)


class AttendeeInline(ReadOnlyInline):
    model = MeetingAttendee
    fields = ("order", "name", "position", "office", "institution")


class AgendaInline(ReadOnlyInline):
    model = MeetingAgendaItem
    fields = ("order", "title", "starts_at")


class SpeakerInline(ReadOnlyInline):
    model = MeetingSpeaker
    fields = ("order", "name", "position", "topic")


class FollowUpInline(ReadOnlyInline):
    model = FollowUpAction
    fields = ("description", "responsible", "due_on", "status")


class MeetingAttachmentInline(ReadOnlyInline):
    model = MeetingAttachment
    fields = ("kind", "title", "content_type", "size", "uploaded_by", "uploaded_at")


@admin.register(CoordinationMeeting)
class CoordinationMeetingAdmin(SimpleHistoryAdmin):
    list_display = ("title", "organiser", "starts_at", "mode", "programme_year")
    list_filter = ("mode", "programme_year", "province")
    search_fields = ("title", "venue")
    list_select_related = ("organiser",)
    raw_id_fields = ("organiser",)
    filter_horizontal = ("participants",)
    readonly_fields = ("province", "regency", "created_by", "created_at", "updated_at")
    inlines = [AttendeeInline, AgendaInline, SpeakerInline, FollowUpInline, MeetingAttachmentInline]


@admin.register(FollowUpAction)
class FollowUpActionAdmin(SimpleHistoryAdmin):
    list_display = ("description", "meeting", "responsible", "due_on", "status")
    list_filter = ("status",)
    list_select_related = ("meeting", "responsible")
    raw_id_fields = ("meeting", "responsible")


class AttendanceInline(ReadOnlyInline):
    model = TrainingAttendance
    fields = ("cadre", "status", "pre_score", "post_score", "note")
    raw_id_fields = ("cadre",)


@admin.register(TrainingSession)
class TrainingSessionAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "regency", "programme_year", "starts_at", "mode", "held")
    list_filter = ("programme_year", "mode", "held", "province")
    search_fields = ("topic", "module")
    list_select_related = ("regency",)
    raw_id_fields = ("regency", "loci")
    readonly_fields = ("province", "created_by", "created_at", "updated_at")
    inlines = [AttendanceInline]


class ActivityPhotoInline(ReadOnlyInline):
    model = ActivityPhoto
    fields = ("kind", "title", "content_type", "size", "uploaded_by", "uploaded_at")


@admin.register(SocialisationActivity)
class SocialisationActivityAdmin(SimpleHistoryAdmin):
    list_display = ("title", "locus", "held_on", "method", "topic", "reached_men", "reached_women")
    list_filter = ("programme_year", "method", "topic", "province")
    search_fields = ("title",)
    list_select_related = ("locus__village",)
    raw_id_fields = ("locus", "village", "cadres")
    filter_horizontal = ("target_segments",)
    readonly_fields = ("programme_year", "regency", "province", "created_by", "created_at", "updated_at")
    inlines = [ActivityPhotoInline]


@admin.register(LocusEvaluation)
class LocusEvaluationAdmin(SimpleHistoryAdmin):
    list_display = ("locus", "stage", "status", "assessment", "submitted_at", "approved_at")
    list_filter = ("programme_year", "stage", "status", "province")
    list_select_related = ("locus__village",)
    raw_id_fields = ("locus",)
    readonly_fields = (
        "figures",
        "figures_at",
        "submitted_by",
        "submitted_at",
        "approved_by",
        "approved_at",
        "programme_year",
        "regency",
        "province",
        "created_by",
        "created_at",
        "updated_at",
    )


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ("office", "programme_year", "cadres", "sessions", "people_reached")
    list_filter = ("programme_year",)
    list_select_related = ("office",)
    raw_id_fields = ("office",)


class AdvocacyDocumentInline(ReadOnlyInline):
    model = AdvocacyDocument
    fields = ("kind", "title", "content_type", "size", "uploaded_by", "uploaded_at")


@admin.register(AdvocacyEngagement)
class AdvocacyEngagementAdmin(SimpleHistoryAdmin):
    list_display = (
        "title",
        "office",
        "held_on",
        "kind",
        "party_name",
        "status",
        "budget_asked",
        "budget_committed",
    )
    list_filter = ("programme_year", "kind", "party_kind", "status", "province")
    search_fields = ("title", "party_name")
    list_select_related = ("office",)
    raw_id_fields = ("office",)
    readonly_fields = ("province", "regency", "created_by", "created_at", "updated_at")
    inlines = [AdvocacyDocumentInline]
