"""/api/v1/app/: what the cadre app (/kader-app/) on a DP3 cadre's phone calls (docs/developer/cadre-app.md).

Only a cadre's account (role ``kader``, signed in on its phone with its session) may call these paths; an
officer's or a machine client's request is a 403. Everything is read through the one access policy
(``restrict(user, …)``): the cadre's own row, its locus, its locus' training sessions, its own reports; never
a NIK, never another cadre's data. The writes are the services': ``activity_report`` (the rules and messages
of ``activity_create``), ``activity_resubmit``, ``activity_photo_add`` and ``attendance_check_in``. A report
and a photo carry the id the phone made (``client_id``): sent again, the answer is a 200 with what the first
request made, never a second row. The lists are whole (a cadre's reports and its locus' sessions are few):
no cursor."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from activities.choices import AttendanceStatus, OutreachMethod, OutreachTopic
from activities.models import ActivityPhoto, SocialisationActivity, TrainingAttendance, TrainingSession
from activities.selectors.evaluations import locus_evaluation_figures
from activities.services.outreach import (
    APP_PHOTO_MAX_BYTES,
    activity_photo_add,
    activity_report,
    activity_resubmit,
)
from activities.services.trainings import attendance_check_in
from cadre.models import Cadre
from kernel.scoping.jurisdiction import LOCUS
from kernel.scoping.policy import policy
from locus.models import Locus

from .conditional import ETagMixin
from .inputs import InputSerializer, StrictCharField
from .outreach import ActivityCreateSerializer, segment_reach_field


class CadreOnly(BasePermission):
    """The cadre app's paths: a cadre's account only (its jurisdiction is its locus)."""

    message = _("API aplikasi kader hanya untuk akun kader.")

    def has_permission(self, request, view) -> bool:
        access = policy(request.user)
        return access.level == LOCUS and access.may("report")


class AppView(ETagMixin, APIView):
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, CadreOnly]

    @property
    def cadre_id(self) -> int:
        return policy(self.request.user).jurisdiction.cadre_id

    def own_reports(self):
        """The cadre's own reports, through the policy (its locus' activities), with their photo counts."""
        return (
            SocialisationActivity.objects.restrict(self.request.user, "view")
            .filter(reported_by_id=self.cadre_id)
            .annotate(photo_count=Count("photos"))
        )

    def own_report(self, pk) -> SocialisationActivity:
        activity = self.own_reports().filter(pk=pk).first()
        if activity is None:
            raise Http404
        return activity


# --- profile ----------


class AppCadreSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class AppLocusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    village_code = serializers.CharField(source="village_id")
    village_name = serializers.CharField(source="village.name")
    regency_name = serializers.CharField(source="regency.name")
    programme_year = serializers.IntegerField(source="programme_year_id")


class AppCodeLabelSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class AppChoiceSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class AppProfileSerializer(serializers.Serializer):
    cadre = AppCadreSerializer()
    locus = AppLocusSerializer()
    segments = AppCodeLabelSerializer(many=True, help_text="The voter segments of the locus' year.")
    methods = AppChoiceSerializer(many=True, help_text="Outreach methods (radio, e.g. RRI, included).")
    topics = AppChoiceSerializer(many=True)
    max_photo_bytes = serializers.IntegerField()


def _choices(choices) -> list[dict]:
    return [{"value": value, "label": str(label)} for value, label in choices.choices]


class ProfileView(AppView):
    @extend_schema(
        summary="The cadre app: who and where",
        description="The signed-in cadre, its locus, the year's segments, a report's methods and topics.",
        responses={200: AppProfileSerializer},
    )
    def get(self, request):
        user = request.user
        cadre = Cadre.objects.restrict(user, "view").only("pk", "full_name").get(pk=self.cadre_id)
        locus = (
            Locus.objects.restrict(user, "view")
            .select_related("village", "regency", "programme_year")
            .get(pk=policy(user).jurisdiction.locus_id)
        )
        body = {
            "cadre": cadre,
            "locus": locus,
            "segments": [{"code": s.code, "label": s.label} for s in locus.programme_year.segments.all()],
            "methods": _choices(OutreachMethod),
            "topics": _choices(OutreachTopic),
            "max_photo_bytes": APP_PHOTO_MAX_BYTES,
        }
        return Response(AppProfileSerializer(body).data)


# --- reports ----------


class AppActivitySerializer(serializers.ModelSerializer):
    """One of the cadre's reports, with the office's review."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    photo_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = SocialisationActivity
        fields = [
            "id",
            "client_id",
            "held_on",
            "title",
            "method",
            "topic",
            "status",
            "status_label",
            "review_note",
            "reached_men",
            "reached_women",
            "photo_count",
        ]


class AppActivityInputSerializer(ActivityCreateSerializer):
    """A report: the activity page's fields but the locus and the cadres (the reporting cadre's own)."""

    locus = None
    cadres = None
    target_segments = None

    def activity_data(self):
        self.validated_data.pop("client_id", None)
        return super().activity_data()


class AppActivityCreateSerializer(AppActivityInputSerializer):
    client_id = serializers.UUIDField(help_text="The id the phone made for the report.")


class AppActivitiesView(AppView):
    def service_error_field(self, name: str) -> str:
        return segment_reach_field(name)

    @extend_schema(
        summary="The cadre's own reports",
        description="Newest first, with their review status and the office's note; not paginated.",
        responses={200: AppActivitySerializer(many=True)},
    )
    def get(self, request):
        return Response(AppActivitySerializer(self.own_reports(), many=True).data)

    @extend_schema(
        summary="Report an activity",
        description=(
            "Through `activity_report` (the rules and messages of recording an activity on the pages): the "
            "activity of the cadre's locus, carried out by the cadre, *dilaporkan* until the office reviews "
            "it. A resend of the same `client_id` answers 200 with the activity made the first time."
        ),
        request=AppActivityCreateSerializer,
        responses={201: AppActivitySerializer, 200: AppActivitySerializer},
    )
    def post(self, request):
        shape = AppActivityCreateSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        client_id = shape.validated_data["client_id"]
        activity, created = activity_report(
            actor=request.user, data=shape.activity_data(), client_id=client_id
        )
        answer = AppActivitySerializer(self.own_report(activity.pk)).data
        return Response(answer, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class AppActivityView(AppView):
    def service_error_field(self, name: str) -> str:
        return segment_reach_field(name)

    @extend_schema(
        summary="Correct and send again a returned report",
        description=(
            "Through `activity_resubmit`: a report the office returned (*dikembalikan*), checked as a new "
            "one, waits for review again (*dilaporkan*). Another status is a 400 on `status`."
        ),
        request=AppActivityInputSerializer,
        responses={200: AppActivitySerializer},
    )
    def put(self, request, pk: int):
        activity = self.own_report(pk)
        shape = AppActivityInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        activity_resubmit(actor=request.user, activity=activity, data=shape.activity_data())
        return Response(AppActivitySerializer(self.own_report(pk)).data)


class AppPhotoInputSerializer(InputSerializer):
    photo = serializers.FileField(help_text="JPEG, PNG or WebP, at most 500,000 bytes.")
    client_id = serializers.UUIDField(help_text="The id the phone made for the photo.")


class AppPhotoSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActivityPhoto
        fields = ["id", "client_id"]


class AppActivityPhotosView(AppView):
    parser_classes = [MultiPartParser]

    def service_error_field(self, name: str) -> str:
        return "photo" if name == "file" else name

    @extend_schema(
        summary="Add a photo to one's report",
        description=(
            "Through `activity_photo_add`: a JPEG, PNG or WebP of at most 500,000 bytes, to a report "
            "awaiting review or returned. A resend of the same `client_id` answers 200 with the photo stored "
            "the first time."
        ),
        request={"multipart/form-data": AppPhotoInputSerializer},
        responses={201: AppPhotoSerializer, 200: AppPhotoSerializer},
    )
    def post(self, request, pk: int):
        activity = self.own_report(pk)
        shape = AppPhotoInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        client_id = shape.validated_data["client_id"]
        resent = ActivityPhoto.objects.filter(client_id=client_id, activity_id=activity.pk).exists()
        photo = activity_photo_add(
            actor=request.user, activity=activity, upload=shape.validated_data["photo"], client_id=client_id
        )
        return Response(
            AppPhotoSerializer(photo).data, status=status.HTTP_200_OK if resent else status.HTTP_201_CREATED
        )


# --- schedule and check-in ----------


class AppSessionSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="topic")
    place = serializers.SerializerMethodField(help_text="The venue, or the link of an online session.")
    checked_in = serializers.BooleanField(help_text="The cadre is recorded as present (hadir).")

    class Meta:
        model = TrainingSession
        fields = ["id", "title", "session_number", "starts_at", "ends_at", "place", "mode", "checked_in"]

    def get_place(self, session) -> str:
        return session.venue or session.meeting_link


class ScheduleView(AppView):
    @extend_schema(
        summary="The cadre's schedule",
        description="The training sessions of the cadre's locus, earliest first; not paginated.",
        responses={200: AppSessionSerializer(many=True)},
    )
    def get(self, request):
        present = TrainingAttendance.objects.filter(
            session_id=OuterRef("pk"), cadre_id=self.cadre_id, status=AttendanceStatus.PRESENT
        )
        sessions = (
            TrainingSession.objects.restrict(request.user, "view")
            .annotate(checked_in=Exists(present))
            .order_by("starts_at", "pk")
        )
        return Response(AppSessionSerializer(sessions, many=True).data)


class AppCheckInInputSerializer(InputSerializer):
    code = StrictCharField(
        required=False, allow_blank=True, default="", help_text="The text inside the session's QR code."
    )
    client_id = serializers.UUIDField(required=False, allow_null=True, default=None)


class AppCheckInSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(source="topic")


class AppCheckInSerializer(serializers.Serializer):
    session = AppCheckInSessionSerializer()
    status = serializers.CharField()


class CheckInView(AppView):
    @extend_schema(
        summary="Check in to a training session",
        description=(
            "Through `attendance_check_in`: the signed code of the session's QR code, valid from the day "
            "before to the day after the session, for a session of the cadre's locus. The cadre is recorded "
            "present (hadir); checking in again answers the same. A wrong or expired code is a 400 on `code`."
        ),
        request=AppCheckInInputSerializer,
        responses={200: AppCheckInSerializer},
    )
    def post(self, request):
        shape = AppCheckInInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        session = attendance_check_in(actor=request.user, code=shape.validated_data["code"])
        return Response(AppCheckInSerializer({"session": session, "status": AttendanceStatus.PRESENT}).data)


# --- figures ----------


class AppFiguresSerializer(serializers.Serializer):
    activities = serializers.IntegerField(help_text="Accepted activities (they count).")
    people_reached = serializers.IntegerField()
    sessions_held = serializers.IntegerField()
    sessions_planned = serializers.IntegerField()
    cadres_on_roster = serializers.IntegerField()
    roster_size = serializers.IntegerField()
    women_percent = serializers.IntegerField(allow_null=True, help_text="Null: nobody on the roster.")


class FiguresView(AppView):
    @extend_schema(
        summary="The locus' figures",
        description="The locus' figures as its evaluation shows them (`locus_evaluation_figures`).",
        responses={200: AppFiguresSerializer},
    )
    def get(self, request):
        locus = (
            Locus.objects.restrict(request.user, "view")
            .select_related("programme_year")
            .get(pk=policy(request.user).jurisdiction.locus_id)
        )
        f = locus_evaluation_figures(locus=locus)
        body = {
            "activities": f.activities,
            "people_reached": f.reached_total,
            "sessions_held": f.sessions_held,
            "sessions_planned": f.sessions_planned,
            "cadres_on_roster": f.cadres_active,
            "roster_size": f.roster_size,
            "women_percent": f.women_percent,
        }
        return Response(AppFiguresSerializer(body).data)
