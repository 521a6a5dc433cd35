from django.urls import path

from . import views

app_name = "impact"

urlpatterns = [
    path("", views.ImpactView.as_view(), name="estimate"),
    path("lokus/<int:pk>/", views.LocusMatchesView.as_view(), name="locus_matches"),
]
