"""/kader-app/: the cadre app: signing in with a PIN, and the offline app (its shell, service worker and
manifest; the data come from /api/v1/app/)."""

from django.urls import path

from .views import app_access, app_shell

app_name = "cadre_app"

urlpatterns = [
    path("", app_access.HomeView.as_view(), name="home"),
    path("presensi/<str:code>/", app_access.HomeView.as_view(), name="check_in"),
    path("sw.js", app_shell.ServiceWorkerView.as_view(), name="service_worker"),
    path("manifest.webmanifest", app_shell.ManifestView.as_view(), name="manifest"),
    path("masuk/", app_access.SignInView.as_view(), name="sign_in"),
    path("undangan/<str:token>/", app_access.InvitationView.as_view(), name="invitation"),
]
