from django.urls import path  # noqa: F401

from .views import app_accounts as app_account_views
from .views import imports as import_views  # noqa: F401
from .views import nik_access as nik_access_views
from .views import roster as roster_views  # noqa: F401

app_name = "cadre"

urlpatterns = [
    # --- rosters and cadre pages: cadre/views/roster.py ---
    path("", roster_views.CadreListView.as_view(), name="cadre_list"),
    path("lokus/<int:pk>/", roster_views.RosterView.as_view(), name="roster"),
    path("lokus/<int:pk>/daftar/", roster_views.CadreCreateView.as_view(), name="cadre_create"),
    path("<int:pk>/", roster_views.CadreDetailView.as_view(), name="cadre_detail"),
    path("<int:pk>/ubah/", roster_views.CadreUpdateView.as_view(), name="cadre_update"),
    path("<int:pk>/langkah/<slug:step>/", roster_views.CadreStepView.as_view(), name="cadre_step"),
    path("<int:pk>/ganti/", roster_views.CadreReplaceView.as_view(), name="cadre_replace"),
    path("<int:pk>/nik/", roster_views.CadreRevealNikView.as_view(), name="cadre_reveal_nik"),
    path("<int:pk>/akses/", roster_views.CadreAccessReportView.as_view(), name="cadre_access_report"),
    # --- the cadre app's accounts, for the office: cadre/views/app_accounts.py ---
    path("<int:pk>/undang/", app_account_views.CadreInviteView.as_view(), name="cadre_invite"),
    path(
        "<int:pk>/perangkat/<int:device>/cabut/",
        app_account_views.CadreDeviceRevokeView.as_view(),
        name="cadre_device_revoke",
    ),
    # --- end rosters ---
    # --- the personal-data access report of one officer: cadre/views/nik_access.py ---
    path("akses-nik/", nik_access_views.NikAccessIndexView.as_view(), name="nik_access_index"),
    path(
        "akses-nik/pengguna/<int:pk>/",
        nik_access_views.NikAccessOfficerView.as_view(),
        name="nik_access_officer",
    ),
    path(
        "akses-nik/pengguna/<int:pk>/unduh.<str:fmt>",
        nik_access_views.NikAccessOfficerExportView.as_view(),
        name="nik_access_officer_export",
    ),
    # --- import and export: cadre/views/imports.py ---
    path("impor/", import_views.CadreImportView.as_view(), name="cadre_import"),
    path("impor/templat.<str:fmt>", import_views.CadreImportTemplateView.as_view(), name="import_template"),
    path("ekspor/", import_views.CadreExportView.as_view(), name="cadre_export"),
    # --- end import ---
]
