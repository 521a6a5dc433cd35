"""The open data's pages: public (no sign-in, no session is read or written), GET only, for any origin
(``Access-Control-Allow-Origin: *``) and cacheable by browsers and proxies for as long as the figures are
cached (``queries.CACHE_SECONDS``). The site has no sign-in middleware: like ``/siap/``, a plain view without
``LoginRequiredMixin`` is open, and a visitor without a session cookie costs no session query.

- ``/api/v1/terbuka/``: the catalogue (DCAT-US 1.1 JSON, the ``data.json`` shape that CKAN's DCAT harvester
  and Satu Data portals read): one dataset per programme year and level with its distributions' URLs;
- ``<year>/nasional.json|.csv``, ``<year>/provinsi/<code>.json|.csv``: the table (JSON: metadata and rows);
- ``<year>/nasional/metadata.json``, ``<year>/provinsi/<code>/metadata.json``: the metadata document.

Every text is Indonesian whatever the reader's chosen language: an open data set has one wording."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View

from kernel.spreadsheets import write_table
from locus import rules

from . import queries

LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_NAME = "CC BY 4.0"
FORMATS = {"json": "application/json", "csv": "text/csv"}


class OpenDataView(View):
    """GET (and HEAD, OPTIONS for a CORS preflight) with the open data's headers."""

    http_method_names = ["get", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                response = super().dispatch(request, *args, **kwargs)
            except Http404 as exc:
                # A harvester reads why, in JSON, from any origin (the site's 404 page is HTML).
                response = JsonResponse({"detail": str(exc)}, status=404)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Cross-Origin-Resource-Policy"] = "cross-origin"
        if response.status_code == 200:
            response["Cache-Control"] = f"public, max-age={queries.CACHE_SECONDS}"
        return response


def _absolute(request, name: str, **kwargs) -> str:
    return request.build_absolute_uri(reverse(f"open_data:{name}", kwargs=kwargs))


def _links(request, year: int, province: str | None) -> dict:
    if province:
        urls = {fmt: _absolute(request, "province", year=year, code=province, fmt=fmt) for fmt in FORMATS}
        urls["metadata"] = _absolute(request, "province_metadata", year=year, code=province)
    else:
        urls = {fmt: _absolute(request, "national", year=year, fmt=fmt) for fmt in FORMATS}
        urls["metadata"] = _absolute(request, "national_metadata", year=year)
    return urls


def dataset(request, *, year: int, province: str | None, province_name: str | None, updated: str) -> dict:
    """One dataset as the catalogue lists it (DCAT-US 1.1 fields)."""
    start, end = rules.programme_year_span(year)
    links = _links(request, year, province)
    if province:
        title = _("Program DP3 %(year)s per kabupaten/kota di %(province)s") % {
            "year": year,
            "province": province_name,
        }
    else:
        title = _("Program DP3 %(year)s per provinsi") % {"year": year}
    description = _(
        "Agregat program Desa Peduli Pemilu dan Pemilihan (DP3) KPU tahun %(year)s per wilayah: lokus "
        "menurut kategori dan status, kader ditetapkan dan keterwakilan perempuan, sesi pembekalan "
        "terlaksana, dan warga terjangkau sosialisasi. Tanpa data pribadi; jumlah orang di bawah %(n)s "
        "disembunyikan."
    ) % {"year": year, "n": rules.DISCLOSURE_MIN_COUNT}
    return {
        "@type": "dcat:Dataset",
        "identifier": links["metadata"],
        "title": title,
        "description": description,
        "keyword": ["pemilu", "partisipasi masyarakat", "desa peduli pemilu", "KPU", "DP3"],
        "theme": [_("Pemilu dan demokrasi")],
        "modified": updated,
        "publisher": {"@type": "org:Organization", "name": _("Komisi Pemilihan Umum Republik Indonesia")},
        "accessLevel": "public",
        "license": LICENSE_URL,
        "rights": LICENSE_NAME,
        "spatial": province or "Indonesia",
        "temporal": f"{start.isoformat()}/{end.isoformat()}",
        "language": ["id"],
        "describedBy": links["metadata"],
        "describedByType": "application/json",
        "distribution": [
            {
                "@type": "dcat:Distribution",
                "title": _("%(title)s (%(format)s)") % {"title": title, "format": fmt.upper()},
                "downloadURL": links[fmt],
                "mediaType": media_type,
                "format": fmt.upper(),
            }
            for fmt, media_type in FORMATS.items()
        ],
    }


def metadata(request, table: dict) -> dict:
    """The metadata document of a table: its dataset entry, and what the catalogue does not say (unit,
    period, source, the region codes' reference, the withholding threshold, the columns and their meaning)."""
    province = table["place_code"]
    return {
        **dataset(
            request,
            year=table["year"],
            province=province,
            province_name=table["place_name"],
            updated=table["updated"],
        ),
        "unit": _("lokus, orang (kader, warga), sesi, persen; lihat kolom"),
        "period": {"programmeYear": table["year"], "start": table["start"], "end": table["end"]},
        "source": _("SIDP3, Sistem Informasi Desa Peduli Pemilu dan Pemilihan, KPU RI"),
        "licenseName": LICENSE_NAME,
        "updated": table["updated"],
        "referenceCodes": _(
            "Kode wilayah administrasi pemerintahan Kementerian Dalam Negeri (Kemendagri), pada kolom "
            "kode_wilayah."
        ),
        "level": table["level"],
        "suppressionThreshold": rules.DISCLOSURE_MIN_COUNT,
        "suppression": _(
            "Jumlah orang dari 1 sampai %(max)s, dan nilai yang dapat dihitung darinya, ditampilkan kosong "
            "(null) dan nama kolomnya dicantumkan di data_disembunyikan."
        )
        % {"max": rules.DISCLOSURE_MIN_COUNT - 1},
        "columns": [
            {
                "name": column.key,
                "title": str(column.title),
                "description": str(column.description),
                "type": column.kind,
                "unit": str(column.unit),
                "nullable": column.people,
            }
            for column in queries.columns()
        ],
    }


def _table_or_404(year: int, code: str | None) -> dict:
    table = queries.open_table(year=year, province=code)
    if table is None:
        raise Http404(_("Tidak ada data terbuka untuk tahun atau wilayah ini."))
    return table


class CatalogueView(OpenDataView):
    def get(self, request):
        found = queries.catalogue_entries()
        datasets = []
        for entry in found["entries"]:
            year = entry["year"]
            datasets.append(
                dataset(request, year=year, province=None, province_name=None, updated=found["updated"])
            )
            datasets.extend(
                dataset(
                    request, year=year, province=p["code"], province_name=p["name"], updated=found["updated"]
                )
                for p in entry["provinces"]
            )
        return JsonResponse(
            {
                "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
                "@id": request.build_absolute_uri(),
                "@type": "dcat:Catalog",
                "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
                "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
                "title": _("Data terbuka program DP3 KPU"),
                "dataset": datasets,
            },
            json_dumps_params={"ensure_ascii": False},
        )


class TableView(OpenDataView):
    def get(self, request, year: int, fmt: str, code: str | None = None):
        if fmt not in FORMATS:
            raise Http404(_("Format tidak dikenal: gunakan json atau csv."))
        table = _table_or_404(year, code)
        if fmt == "json":
            return JsonResponse(
                {"metadata": metadata(request, table), "data": table["rows"]},
                json_dumps_params={"ensure_ascii": False},
            )
        keys = [column.key for column in queries.columns()]
        rows = (
            [" ".join(row[key]) if key == "data_disembunyikan" else row[key] for key in keys]
            for row in table["rows"]
        )
        name = f"dp3-{year}-{f'provinsi-{code}' if code else 'nasional'}.csv"
        response = HttpResponse(write_table(keys, rows, fmt="csv"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response


class MetadataView(OpenDataView):
    def get(self, request, year: int, code: str | None = None):
        return JsonResponse(
            metadata(request, _table_or_404(year, code)), json_dumps_params={"ensure_ascii": False}
        )
