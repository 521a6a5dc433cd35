"""/kader-app/: the cadre app (sign-in now; the offline app will live under the same prefix)."""

from django.urls import path

from .views import app_access

app_name = "cadre_app"

urlpatterns = [
    path("", app_access.HomeView.as_view(), name="home"),
    path("masuk/", app_access.SignInView.as_view(), name="sign_in"),
    path("undangan/<str:token>/", app_access.InvitationView.as_view(), name="invitation"),
]
