"""URLs of the activities app under /kegiatan/, one section per area (views in activities/views/<area>.py)."""

from django.urls import path  # noqa: F401

app_name = "activities"

# --- coordination meetings (rakor): activities/views/meetings.py ---
meeting_patterns = []
# --- end meetings ---


# --- trainings and socialisation activities: activities/views/trainings.py, activities/views/outreach.py ---
training_patterns = []
# --- end trainings ---


# --- evaluations and targets: activities/views/evaluations.py, activities/views/targets.py ---
evaluation_patterns = []
# --- end evaluations ---


urlpatterns = [*meeting_patterns, *training_patterns, *evaluation_patterns]
