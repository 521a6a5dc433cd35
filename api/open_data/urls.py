"""Mounted at ``api/v1/terbuka/`` (``dp3/urls.py``)."""

from django.urls import path

from . import views

app_name = "open_data"

urlpatterns = [
    path("", views.CatalogueView.as_view(), name="catalogue"),
    path("<int:year>/nasional.<str:fmt>", views.TableView.as_view(), name="national"),
    path("<int:year>/nasional/metadata.json", views.MetadataView.as_view(), name="national_metadata"),
    path("<int:year>/provinsi/<slug:code>.<str:fmt>", views.TableView.as_view(), name="province"),
    path(
        "<int:year>/provinsi/<slug:code>/metadata.json",
        views.MetadataView.as_view(),
        name="province_metadata",
    ),
]
