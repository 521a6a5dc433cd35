"""Mounted at ``api/v1/terbuka/`` (``dp3/urls.py``)."""

from django.urls import path, register_converter

from . import views


class ProvinceCode:
    """A Kemendagri province code, two digits: anything else is no table (and no cache key of its own)."""

    regex = r"[0-9]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ProvinceCode, "province")

app_name = "open_data"

urlpatterns = [
    path("", views.CatalogueView.as_view(), name="catalogue"),
    path("<int:year>/nasional.<str:fmt>", views.TableView.as_view(), name="national"),
    path("<int:year>/nasional/metadata.json", views.MetadataView.as_view(), name="national_metadata"),
    path("<int:year>/provinsi/<province:code>.<str:fmt>", views.TableView.as_view(), name="province"),
    path(
        "<int:year>/provinsi/<province:code>/metadata.json",
        views.MetadataView.as_view(),
        name="province_metadata",
    ),
]
