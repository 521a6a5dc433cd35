from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportJobListView.as_view(), name="job_list"),
    path("<int:pk>/status/", views.ReportJobStatusView.as_view(), name="job_status"),
    path("<int:pk>/unduh/", views.ReportJobDownloadView.as_view(), name="job_download"),
]
