"""/api/v1/: the API (docs/developer/api.md), its OpenAPI schema and its reference page."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

# ``schema`` registers the token's OpenAPI security scheme with drf-spectacular before a schema is generated.
from . import advocacy, app, evaluations, figures, meetings, outreach, schema, targets, trainings, views  # noqa: F401

app_name = "api"

router = SimpleRouter()
router.register("provinces", views.ProvinceViewSet, basename="province")
router.register("regencies", views.RegencyViewSet, basename="regency")
router.register("districts", views.DistrictViewSet, basename="district")
router.register("villages", views.VillageViewSet, basename="village")
router.register("programme-years", views.ProgrammeYearViewSet, basename="programmeyear")
router.register("loci", views.LocusViewSet, basename="locus")
router.register("cadres", views.CadreViewSet, basename="cadre")
router.register("meetings", meetings.MeetingViewSet, basename="meeting")
router.register("evaluations", evaluations.EvaluationViewSet, basename="evaluation")
router.register("targets", targets.TargetViewSet, basename="target")
router.register("activities", outreach.ActivityViewSet, basename="activity")
router.register("training-sessions", trainings.TrainingSessionViewSet, basename="trainingsession")
router.register("advocacy", advocacy.AdvocacyViewSet, basename="advocacy")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    path("figures/", figures.FiguresView.as_view(), name="figures"),
    # The cadre app's paths (api/app.py): a cadre's account only.
    path("app/profile/", app.ProfileView.as_view(), name="app_profile"),
    path("app/activities/", app.AppActivitiesView.as_view(), name="app_activities"),
    path("app/activities/<int:pk>/", app.AppActivityView.as_view(), name="app_activity"),
    path("app/activities/<int:pk>/photos/", app.AppActivityPhotosView.as_view(), name="app_activity_photos"),
    path("app/schedule/", app.ScheduleView.as_view(), name="app_schedule"),
    path("app/check-in/", app.CheckInView.as_view(), name="app_check_in"),
    path("app/figures/", app.FiguresView.as_view(), name="app_figures"),
    path("", include(router.urls)),
    # Last: whatever else ends in a slash is the API's JSON 404 (open data, mounted before, keeps its own).
    re_path(r"^(?!terbuka/)(?P<rest>[\s\S]*)/$", views.NotFoundView.as_view(), name="not_found"),
]
