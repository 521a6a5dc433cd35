from django.urls import path

import locus.urls  # noqa: F401  (registers the region_code converter)

from . import views

app_name = "dashboard"

urlpatterns = [
    path("provinsi/<region_code:code>/", views.ProvinceDashboardView.as_view(), name="province"),
    path("kabupaten/<region_code:code>/", views.RegencyDashboardView.as_view(), name="regency"),
    path("lokus/<int:pk>/", views.LocusDashboardView.as_view(), name="locus"),
    path("lokus/<int:pk>/tonggak/", views.LocusMilestonesView.as_view(), name="locus_milestones"),
]
