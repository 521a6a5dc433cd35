"""URLs of the activities app under /kegiatan/, one section per area (views in activities/views/<area>.py)."""

from django.urls import path  # noqa: F401

app_name = "activities"

# --- coordination meetings (rakor): activities/views/meetings.py ---
from activities.views import meetings as meeting_views  # noqa: E402

meeting_patterns = [
    path("rakor/", meeting_views.MeetingListView.as_view(), name="meeting_list"),
    path("rakor/kalender/", meeting_views.MeetingCalendarView.as_view(), name="meeting_calendar"),
    path("rakor/baru/", meeting_views.MeetingCreateView.as_view(), name="meeting_create"),
    path("rakor/<int:pk>/", meeting_views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("rakor/<int:pk>/ubah/", meeting_views.MeetingUpdateView.as_view(), name="meeting_update"),
    path("rakor/<int:pk>/hapus/", meeting_views.MeetingDeleteView.as_view(), name="meeting_delete"),
    path(
        "rakor/<int:pk>/notulen.pdf",
        meeting_views.MeetingMinutesPdfView.as_view(),
        name="meeting_minutes_pdf",
    ),
    path(
        "rakor/<int:pk>/lampiran/",
        meeting_views.MeetingAttachmentCreateView.as_view(),
        name="meeting_attachment_create",
    ),
    path(
        "rakor/lampiran/<int:pk>/", meeting_views.MeetingAttachmentView.as_view(), name="meeting_attachment"
    ),
    path(
        "rakor/lampiran/<int:pk>/hapus/",
        meeting_views.MeetingAttachmentDeleteView.as_view(),
        name="meeting_attachment_delete",
    ),
    path("rakor/tindak-lanjut/", meeting_views.FollowUpListView.as_view(), name="follow_up_list"),
    path(
        "rakor/tindak-lanjut/<int:pk>/status/",
        meeting_views.FollowUpStatusView.as_view(),
        name="follow_up_status",
    ),
]
# --- end meetings ---


# --- trainings and socialisation activities: activities/views/trainings.py, activities/views/outreach.py ---
from activities.views import outreach as outreach_views  # noqa: E402
from activities.views import trainings as training_views  # noqa: E402

training_patterns = [
    path("pembekalan/", training_views.TrainingListView.as_view(), name="training_list"),
    path("pembekalan/baru/", training_views.TrainingCreateView.as_view(), name="training_create"),
    path("pembekalan/<int:pk>/", training_views.TrainingDetailView.as_view(), name="training_detail"),
    path("pembekalan/<int:pk>/ubah/", training_views.TrainingUpdateView.as_view(), name="training_update"),
    path("pembekalan/<int:pk>/hapus/", training_views.TrainingDeleteView.as_view(), name="training_delete"),
    path(
        "pembekalan/<int:pk>/qr-presensi/",
        training_views.TrainingCheckInQRView.as_view(),
        name="training_check_in_qr",
    ),
    path(
        "pembekalan/<int:pk>/kehadiran/",
        training_views.TrainingAttendanceView.as_view(),
        name="training_attendance",
    ),
    path("pembekalan/lokus/<int:pk>/", training_views.LocusTrainingView.as_view(), name="training_locus"),
    path("pembekalan/kader/<int:pk>/", training_views.CadreTrainingView.as_view(), name="training_cadre"),
    path("sosialisasi/", outreach_views.ActivityListView.as_view(), name="activity_list"),
    path(
        "sosialisasi/lokus/<int:pk>/baru/",
        outreach_views.ActivityCreateView.as_view(),
        name="activity_create",
    ),
    path("sosialisasi/<int:pk>/", outreach_views.ActivityDetailView.as_view(), name="activity_detail"),
    path("sosialisasi/<int:pk>/ubah/", outreach_views.ActivityUpdateView.as_view(), name="activity_update"),
    path("sosialisasi/<int:pk>/hapus/", outreach_views.ActivityDeleteView.as_view(), name="activity_delete"),
    path("sosialisasi/<int:pk>/terima/", outreach_views.ActivityAcceptView.as_view(), name="activity_accept"),
    path(
        "sosialisasi/<int:pk>/kembalikan/",
        outreach_views.ActivityReturnView.as_view(),
        name="activity_return",
    ),
    path(
        "sosialisasi/<int:pk>/bukti/baru/",
        outreach_views.ActivityPhotoAddView.as_view(),
        name="activity_photo_add",
    ),
    path("sosialisasi/bukti/<int:pk>/", outreach_views.ActivityPhotoView.as_view(), name="activity_photo"),
]
# --- end trainings ---


# --- evaluations and targets: activities/views/evaluations.py, activities/views/targets.py ---
from activities.views import evaluations as evaluation_views  # noqa: E402
from activities.views import targets as target_views  # noqa: E402

evaluation_patterns = [
    path("evaluasi/", evaluation_views.EvaluationListView.as_view(), name="evaluation_list"),
    path(
        "evaluasi/lokus/<int:pk>/baru/",
        evaluation_views.EvaluationCreateView.as_view(),
        name="evaluation_create",
    ),
    path("evaluasi/<int:pk>/", evaluation_views.EvaluationDetailView.as_view(), name="evaluation_detail"),
    path(
        "evaluasi/<int:pk>/ubah/", evaluation_views.EvaluationUpdateView.as_view(), name="evaluation_update"
    ),
    path(
        "evaluasi/<int:pk>/ajukan/", evaluation_views.EvaluationSubmitView.as_view(), name="evaluation_submit"
    ),
    path(
        "evaluasi/<int:pk>/setujui/",
        evaluation_views.EvaluationApproveView.as_view(),
        name="evaluation_approve",
    ),
    path(
        "evaluasi/<int:pk>/kembalikan/",
        evaluation_views.EvaluationReturnView.as_view(),
        name="evaluation_return",
    ),
    path(
        "evaluasi/<int:pk>/hapus/", evaluation_views.EvaluationDeleteView.as_view(), name="evaluation_delete"
    ),
    path("target/", target_views.TargetListView.as_view(), name="target_list"),
    path("target/baru/", target_views.TargetCreateView.as_view(), name="target_create"),
    path("target/<int:pk>/ubah/", target_views.TargetUpdateView.as_view(), name="target_update"),
]
# --- end evaluations ---


# --- advocacy and stakeholder engagements: activities/views/advocacy.py ---
from activities.views import advocacy as advocacy_views  # noqa: E402

advocacy_patterns = [
    path("advokasi/", advocacy_views.AdvocacyListView.as_view(), name="advocacy_list"),
    path("advokasi/baru/", advocacy_views.AdvocacyCreateView.as_view(), name="advocacy_create"),
    path("advokasi/<int:pk>/", advocacy_views.AdvocacyDetailView.as_view(), name="advocacy_detail"),
    path("advokasi/<int:pk>/ubah/", advocacy_views.AdvocacyUpdateView.as_view(), name="advocacy_update"),
    path("advokasi/<int:pk>/keputusan/", advocacy_views.AdvocacyDecideView.as_view(), name="advocacy_decide"),
    path(
        "advokasi/<int:pk>/dokumen/baru/",
        advocacy_views.AdvocacyDocumentAddView.as_view(),
        name="advocacy_document_add",
    ),
    path(
        "advokasi/dokumen/<int:pk>/", advocacy_views.AdvocacyDocumentView.as_view(), name="advocacy_document"
    ),
]
# --- end advocacy ---


urlpatterns = [*meeting_patterns, *training_patterns, *evaluation_patterns, *advocacy_patterns]
