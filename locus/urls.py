from django.urls import path, register_converter

from .views import imports as import_views
from .views import loci as loci_views
from .views import programme as programme_views
from .views import ranking as ranking_views
from .views import regions as views
from .views import results as results_views


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
    path("wilayah/", views.RegionIndexView.as_view(), name="region_index"),
    path("wilayah/cari/", views.RegionSearchView.as_view(), name="region_search"),
    path("wilayah/cari/saran/", views.RegionSuggestView.as_view(), name="region_suggest"),
    path("wilayah/provinsi/<region_code:code>/", views.ProvinceDetailView.as_view(), name="province_detail"),
    path("wilayah/kabupaten/<region_code:code>/", views.RegencyDetailView.as_view(), name="regency_detail"),
    path("wilayah/kecamatan/<region_code:code>/", views.DistrictDetailView.as_view(), name="district_detail"),
    path("wilayah/desa/<region_code:code>/", views.VillageDetailView.as_view(), name="village_detail"),
    # --- loci: locus/views/loci.py (list, detail, propose, update, steps, documents, export) ---
    path("lokus/", loci_views.LocusListView.as_view(), name="locus_list"),
    path("lokus/usul/", loci_views.LocusCreateView.as_view(), name="locus_create"),
    path("lokus/ekspor/", loci_views.LocusExportView.as_view(), name="locus_export"),
    path("lokus/desa-pilihan/", loci_views.VillageOptionsView.as_view(), name="village_options"),
    path("lokus/<int:pk>/", loci_views.LocusDetailView.as_view(), name="locus_detail"),
    path("lokus/<int:pk>/ubah/", loci_views.LocusUpdateView.as_view(), name="locus_update"),
    path(
        "lokus/<int:pk>/langkah/<slug:step>/",
        loci_views.LocusTransitionView.as_view(),
        name="locus_transition",
    ),
    path("lokus/<int:pk>/dokumen/", loci_views.DocumentCreateView.as_view(), name="document_create"),
    path(
        "lokus/dokumen/<int:pk>/unduh/", loci_views.DocumentDownloadView.as_view(), name="document_download"
    ),
    # --- end loci ---
    # --- ranking, imports and programme years: locus/views/ranking.py, imports.py, programme.py ---
    path("lokus/pemeringkatan/", ranking_views.RankingView.as_view(), name="ranking"),
    path("lokus/impor/", import_views.LocusImportView.as_view(), name="locus_import"),
    path("lokus/indikator/impor/", import_views.IndicatorImportView.as_view(), name="indicator_import"),
    path("lokus/konflik-bencana/impor/", import_views.IncidentImportView.as_view(), name="incident_import"),
    # --- election results: locus/views/results.py ---
    path("lokus/hasil-pemilu/", results_views.ResultsListView.as_view(), name="results_list"),
    path("lokus/hasil-pemilu/impor/", results_views.ResultsImportView.as_view(), name="results_import"),
    path("lokus/hasil-pemilu/impor/<int:pk>/", results_views.ResultsJobView.as_view(), name="results_job"),
    path(
        "lokus/hasil-pemilu/impor/<int:pk>/status/",
        results_views.ResultsJobStatusView.as_view(),
        name="results_job_status",
    ),
    path(
        "lokus/templat/<slug:kind>.<slug:fmt>/",
        import_views.ImportTemplateView.as_view(),
        name="import_template",
    ),
    path("lokus/tahun-program/", programme_views.ProgrammeYearListView.as_view(), name="programmeyear_list"),
    path(
        "lokus/tahun-program/<int:year>/",
        programme_views.ProgrammeYearDetailView.as_view(),
        name="programmeyear_detail",
    ),
    path(
        "lokus/tahun-program/<int:year>/ubah/",
        programme_views.ProgrammeYearUpdateView.as_view(),
        name="programmeyear_update",
    ),
    path(
        "lokus/tahun-program/<int:year>/tonggak/",
        programme_views.MilestoneScheduleView.as_view(),
        name="milestone_schedule",
    ),
    # --- end evidence ---
]
