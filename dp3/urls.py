from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from . import health, views

# Every app's admin module, imported here rather than when Django starts (dp3/apps.py): only a process that
# serves pages needs them.
admin.autodiscover()


class FaviconView(RedirectView):
    """``/favicon.ico``, which browsers and crawlers ask for whatever the page links: the static icon (its
    hashed name in production, so resolved per request rather than at import)."""

    permanent = False
    http_method_names = ["get", "head"]

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("favicon.ico")


urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("navigasi/status/", views.NavigationStatusView.as_view(), name="nav_status"),
    path("accounts/", include("accounts.urls")),
    path("", include("locus.urls")),
    path("kader/", include("cadre.urls")),
    # The cadre app, for DP3 cadres on their phones (cadre/app_urls.py).
    path("kader-app/", include("cadre.app_urls")),
    path("kegiatan/", include("activities.urls")),
    path("laporan/", include("reports.urls")),
    # The programme's effect on turnout (impact/), beside the dashboards.
    path("dasbor/dampak/", include("impact.urls")),
    path("dasbor/", include("reports.dashboards.urls")),
    # The API: named by its module, so that the project package imports nothing of the layer above it.
    # Open data for Satu Data portals: public aggregates, no personal data (api/open_data/).
    path("api/v1/terbuka/", include("api.open_data.urls")),
    path("api/v1/", include("api.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("siap/", health.ReadinessView.as_view(), name="readiness"),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
]

# Uploaded files are never served from MEDIA_URL, not even in development: each is served by a view that
# checks the user's jurisdiction first (e.g. locus documents).

handler400 = "dp3.views.bad_request"
handler403 = "dp3.views.permission_denied"
handler404 = "dp3.views.page_not_found"
handler500 = "dp3.views.server_error"
