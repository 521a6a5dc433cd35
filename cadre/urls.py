from django.urls import path  # noqa: F401

from .views import imports as import_views  # noqa: F401
from .views import roster as roster_views  # noqa: F401

app_name = "cadre"

urlpatterns = [
    # --- rosters and cadre pages: cadre/views/roster.py ---
    # --- end rosters ---
    # --- import and export: cadre/views/imports.py ---
    # --- end import ---
]
