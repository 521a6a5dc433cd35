from django.urls import path

from . import views

app_name = "locus"

urlpatterns = [
    path("", views.RegionIndexView.as_view(), name="region_index"),
]
