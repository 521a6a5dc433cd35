from django.urls import path, register_converter

from . import views


class RegionCodeConverter:
    """A dotted Kemendagri code: "18", "18.06", "18.06.11", "18.06.11.2016" (anything else is a 404)."""

    regex = r"[0-9]{2}(?:\.[0-9]{1,4}){0,3}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RegionCodeConverter, "region_code")

app_name = "locus"

urlpatterns = [
    path("", views.RegionIndexView.as_view(), name="region_index"),
    path("cari/", views.RegionSearchView.as_view(), name="region_search"),
    path("cari/saran/", views.RegionSuggestView.as_view(), name="region_suggest"),
    path("provinsi/<region_code:code>/", views.ProvinceDetailView.as_view(), name="province_detail"),
    path("kabupaten/<region_code:code>/", views.RegencyDetailView.as_view(), name="regency_detail"),
    path("kecamatan/<region_code:code>/", views.DistrictDetailView.as_view(), name="district_detail"),
    path("desa/<region_code:code>/", views.VillageDetailView.as_view(), name="village_detail"),
]
