from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views
from .forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("verifikasi/", views.TwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path("verifikasi/pasang/", views.TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            form_class=PasswordChangeForm, success_url=reverse_lazy("accounts:password_change_done")
        ),
        name="password_change",
    ),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path("password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=SetPasswordForm, success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("profil/", views.ProfileView.as_view(), name="profile"),
    path("notifikasi/", views.NotificationListView.as_view(), name="notification_list"),
    path("notifikasi/<int:pk>/baca/", views.NotificationReadView.as_view(), name="notification_read"),
    path("notifikasi/baca-semua/", views.NotificationReadAllView.as_view(), name="notification_read_all"),
    path("pengguna/", views.UserListView.as_view(), name="user_list"),
    path("pengguna/tambah/", views.UserCreateView.as_view(), name="user_create"),
    path("pengguna/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("pengguna/<int:pk>/ubah/", views.UserUpdateView.as_view(), name="user_update"),
    path("pengguna/<int:pk>/status/", views.UserSetActiveView.as_view(), name="user_set_active"),
    path("pengguna/<int:pk>/reset-2fa/", views.UserTwoFactorResetView.as_view(), name="user_reset_2fa"),
    path("pengguna/<int:pk>/kirim-tautan/", views.UserSendResetView.as_view(), name="user_send_reset"),
    path("jejak-audit/", views.AccountAuditListView.as_view(), name="audit_list"),
    path("klien-api/", views.APIClientListView.as_view(), name="api_client_list"),
    path("klien-api/baru/", views.APIClientCreateView.as_view(), name="api_client_create"),
    path("klien-api/<int:pk>/", views.APIClientDetailView.as_view(), name="api_client_detail"),
    path("klien-api/<int:pk>/cabut/", views.APIClientRevokeView.as_view(), name="api_client_revoke"),
    path("kantor/", views.OfficeListView.as_view(), name="office_list"),
    path("kantor/<int:pk>/", views.OfficeDetailView.as_view(), name="office_detail"),
]
