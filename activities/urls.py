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
training_patterns = []
# --- end trainings ---


# --- evaluations and targets: activities/views/evaluations.py, activities/views/targets.py ---
evaluation_patterns = []
# --- end evaluations ---


urlpatterns = [*meeting_patterns, *training_patterns, *evaluation_patterns]
