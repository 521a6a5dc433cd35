"""The open data's figures: per programme year, the provinces of the country or the regencies of a province,
each with its loci by category and status, its cadres on the rosters and their women's share, its training
sessions held and the people its socialisation activities reached. No row ever names or counts a single
person: the finest region is the regency, and small counts of people are withheld (``locus.rules``'s
``DISCLOSURE_MIN_COUNT``).

One truth per figure: the sums come from the dashboards' own loci statement
(``reports.dashboards.loci.locus_figures``, the query every dashboard's children rows come from), so
"cadres appointed" (on the roster), "sessions held" (per programme locus, up to the plan) and "people
reached" are the programme rules' (``locus.rules``), never defined again here. Only the loci by category and
by status per child are counted here, by a plain grouped count of the same loci.

The figures are read as the whole country (``open_reader``: a KPU RI reader held in memory, never saved and
never signed in), since open data is the same for everybody; only aggregates leave this module.

Caching: each table is kept in Django's cache for ``CACHE_SECONDS`` (15 minutes), keyed by programme year and
level (and province). A short time to live rather than invalidation on change, because the figures change
through many write paths that send no signal (the database triggers that keep the rosters and the
attendance counts, COPY imports, bulk updates): an invalidation hook would miss some and serve stale figures
indefinitely, whereas a TTL bounds the staleness for certain. Open data harvested daily by a portal needs no
fresher figures; the responses say so in ``Cache-Control``. A cache hit runs no query; a miss runs a fixed
number (pinned in ``tests/api/test_open_data.py``) whatever the number of loci, cadres or activities.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from kernel.scoping.jurisdiction import NATIONAL, PROVINCE
from locus import rules
from locus.choices import LocusCategory, LocusStatus
from locus.models import Locus, ProgrammeYear, Province, Regency
from reports.dashboards.loci import locus_figures
from reports.dashboards.places import Place

CACHE_SECONDS = 15 * 60
CACHE_PREFIX = "open-data:v1"
PROVINCE_LEVEL = "provinsi"
REGENCY_LEVEL = "kabupaten"


@dataclass(frozen=True)
class Column:
    """One column of the open tables: its key (the CSV header and the JSON key), title, meaning and unit;
    ``people`` marks a count of people, withheld when small."""

    key: str
    title: Promise
    description: Promise
    kind: str = "integer"  # integer, number, string, array
    unit: Promise | str = ""
    people: bool = False


def columns() -> list[Column]:
    """The columns of every open table, in order."""
    loci = _("lokus")
    person = _("orang")
    return [
        Column(
            "tahun_program",
            _("Tahun program"),
            _("Tahun program DP3 yang dicakup baris ini."),
            unit=_("tahun"),
        ),
        Column(
            "kode_wilayah",
            _("Kode wilayah"),
            _("Kode wilayah administrasi pemerintahan Kemendagri (provinsi: 18, kabupaten/kota: 18.06)."),
            kind="string",
        ),
        Column("nama_wilayah", _("Nama wilayah"), _("Nama provinsi atau kabupaten/kota."), kind="string"),
        Column(
            "tingkat_wilayah",
            _("Tingkat wilayah"),
            _("Tingkat wilayah baris ini: provinsi atau kabupaten."),
            kind="string",
        ),
        Column(
            "jumlah_lokus", _("Jumlah lokus"), _("Semua lokus desa/kelurahan tahun program ini."), unit=loci
        ),
        *[
            Column(
                f"lokus_kategori_{value}",
                _("Lokus kategori %(label)s") % {"label": label},
                _("Lokus dengan kategori ini (juknis DP3)."),
                unit=loci,
            )
            for value, label in LocusCategory.choices
        ],
        *[
            Column(
                f"lokus_status_{value}",
                _("Lokus berstatus %(label)s") % {"label": label},
                _("Lokus dengan status ini saat data dihitung."),
                unit=loci,
            )
            for value, label in LocusStatus.choices
        ],
        Column(
            "lokus_program",
            _("Lokus program"),
            _("Lokus ditetapkan atau sesudahnya (ditetapkan, PKS, aktif, selesai), yang memiliki kader."),
            unit=loci,
        ),
        Column(
            "kader_ditetapkan",
            _("Kader ditetapkan"),
            _("Kader inti yang ditetapkan dan aktif pada daftar kader lokus program."),
            unit=person,
            people=True,
        ),
        Column(
            "kader_perempuan",
            _("Kader perempuan"),
            _("Perempuan di antara kader ditetapkan."),
            unit=person,
            people=True,
        ),
        Column(
            "persen_perempuan",
            _("Keterwakilan perempuan"),
            _("Kader perempuan dibagi kader ditetapkan, persen dibulatkan ke bawah."),
            unit="%",
            people=True,
        ),
        Column(
            "sesi_terlaksana",
            _("Sesi pembekalan terlaksana"),
            _("Sesi pembekalan terlaksana per lokus program, paling banyak sesuai rencana, dijumlahkan."),
            unit=_("sesi"),
        ),
        Column(
            "sesi_direncanakan",
            _("Sesi pembekalan direncanakan"),
            _("Sesi yang direncanakan per lokus dikali lokus program."),
            unit=_("sesi"),
        ),
        Column(
            "warga_terjangkau",
            _("Warga terjangkau"),
            _("Laki-laki dan perempuan yang dijangkau kegiatan sosialisasi tahun program ini."),
            unit=person,
            people=True,
        ),
        Column(
            "data_disembunyikan",
            _("Data disembunyikan"),
            _(
                "Kolom yang nilainya disembunyikan (kosong/null) karena jumlah orang di bawah %(n)s atau "
                "dapat dihitung dari jumlah seperti itu, agar tidak ada orang yang dapat dikenali."
            )
            % {"n": rules.DISCLOSURE_MIN_COUNT},
            kind="array",
        ),
    ]


def open_reader() -> User:
    """The reader the open figures are computed as: KPU RI's whole country, read only, held in memory (never
    saved, so it cannot sign in). Open data is the same for everybody; only aggregates leave this module."""
    return User(username="data-terbuka", is_superuser=True, is_active=True)


# --- one table ----------


def table_cache_key(year: int, province: str | None) -> str:
    return f"{CACHE_PREFIX}:{year}:{f'{PROVINCE_LEVEL}:{province}' if province else NATIONAL}"


def open_table(*, year: int, province: str | None = None) -> dict | None:
    """The open table of programme year ``year``: the provinces of the country, or with ``province`` (a
    Kemendagri code) the regencies of that province. None when the year or the province is unknown. Cached
    (see the module's docstring): ``{"year", "start", "end", "place_code", "place_name", "level", "rows",
    "updated"}``, rows as dicts keyed by the columns' keys, small counts of people already withheld."""
    key = table_cache_key(year, province)
    cached = cache.get(key)
    if cached is not None:
        return cached
    table = _table(year=year, province=province)
    if table is not None:  # an unknown year or province is not kept: no cache key for whatever was typed
        cache.set(key, table, CACHE_SECONDS)
    return table


def _table(*, year: int, province: str | None) -> dict | None:
    programme_year = ProgrammeYear.objects.filter(year=year).first()
    if programme_year is None:
        return None
    if province:
        region = Province.objects.filter(code=province).first()
        if region is None:
            return None
        place = Place(PROVINCE, province=region)
        regions = Regency.objects.filter(province_id=region.code)
        child_level, child_field = REGENCY_LEVEL, "regency_id"
    else:
        place = Place(NATIONAL)
        regions = Province.objects.all()
        child_level, child_field = PROVINCE_LEVEL, "province_id"
    names = dict(regions.order_by("code").values_list("code", "name"))
    reader = open_reader()
    now = timezone.now()
    figures = locus_figures(
        user=reader, place=place, year=programme_year, required=[], quiet_since=timezone.localdate(now)
    )
    by_child = {child["code"]: child for child in figures.children}
    kinds: dict[str, dict[str, int]] = {}
    counts = (
        Locus.objects.restrict(reader, "view")
        .filter(place.q(), programme_year_id=programme_year.pk)
        .order_by()
        .values_list(child_field, "category", "status")
        .annotate(n=Count("pk"))
    )
    for code, category, status, n in counts:
        child = kinds.setdefault(code, {})
        child[f"lokus_kategori_{category}"] = child.get(f"lokus_kategori_{category}", 0) + n
        child[f"lokus_status_{status}"] = child.get(f"lokus_status_{status}", 0) + n
    rows = [
        _row(programme_year, code, name, child_level, by_child.get(code), kinds.get(code, {}))
        for code, name in names.items()
    ]
    _withhold(rows)
    start, end = rules.programme_year_span(programme_year.year)
    return {
        "year": programme_year.year,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "place_code": place.code,
        "place_name": str(place.name) if province else "Indonesia",
        "level": child_level,
        "rows": rows,
        "updated": now.isoformat(timespec="seconds"),
    }


def _row(year: ProgrammeYear, code: str, name: str, level: str, child: dict | None, kinds: dict) -> dict:
    child = child or {}
    programme = child.get("programme", 0)
    roster = rules.RosterFigures.of_year(
        year, filled=child.get("filled", 0), women=child.get("women", 0), loci=programme
    )
    row = {
        "tahun_program": year.year,
        "kode_wilayah": code,
        "nama_wilayah": name,
        "tingkat_wilayah": level,
        "jumlah_lokus": child.get("loci", 0),
        **{
            f"lokus_kategori_{value}": kinds.get(f"lokus_kategori_{value}", 0)
            for value in LocusCategory.values
        },
        **{f"lokus_status_{value}": kinds.get(f"lokus_status_{value}", 0) for value in LocusStatus.values},
        "lokus_program": programme,
        "kader_ditetapkan": roster.filled,
        "kader_perempuan": roster.women,
        "persen_perempuan": roster.women_share_percent,
        "sesi_terlaksana": child.get("sessions", 0),
        "sesi_direncanakan": rules.SessionFigures.of_year(year, held=0, loci=programme).planned,
        "warga_terjangkau": child.get("reached", 0) or 0,
        "data_disembunyikan": [],
    }
    return row


# What is withheld with a small count: the count itself and what could be worked out from it.
WITHHELD_WITH = {
    "kader_ditetapkan": ("kader_ditetapkan", "kader_perempuan", "persen_perempuan"),
    "kader_perempuan": ("kader_perempuan", "persen_perempuan"),
    "kader_laki_laki": ("kader_perempuan", "persen_perempuan"),  # the men: cadres − women
    "warga_terjangkau": ("warga_terjangkau",),
}
# The counts a parent's total is published for (a province's row in the national table is the sum of its
# regencies' rows): one withheld cell among the children would be the total minus the others.
SUMMED = ("kader_ditetapkan", "kader_perempuan", "warga_terjangkau")


def _withhold(rows: list[dict]) -> None:
    """Withhold (None, named in ``data_disembunyikan``) every count of people that could single someone out
    (``rules.discloses_person``) and what it could be worked out from; then, for each summed count, when a
    single row of the table withholds it, the next smallest count too, so that the parent's published
    total minus the others gives no one away."""
    for row in rows:
        counts = {
            "kader_ditetapkan": row["kader_ditetapkan"],
            "kader_perempuan": row["kader_perempuan"],
            "kader_laki_laki": row["kader_ditetapkan"] - row["kader_perempuan"],
            "warga_terjangkau": row["warga_terjangkau"],
        }
        for name, count in counts.items():
            if rules.discloses_person(count):
                _hide(row, WITHHELD_WITH[name])
    for key in SUMMED:
        hidden = [row for row in rows if key in row["data_disembunyikan"]]
        if len(hidden) != 1:
            continue
        shown = [row for row in rows if key not in row["data_disembunyikan"] and row[key]]
        if shown:
            smallest = min(shown, key=lambda row: (row[key], row["kode_wilayah"]))
            _hide(smallest, WITHHELD_WITH[key])


def _hide(row: dict, keys) -> None:
    for key in keys:
        row[key] = None
        if key not in row["data_disembunyikan"]:
            row["data_disembunyikan"].append(key)


# --- the catalogue ----------


def catalogue_entries() -> list[dict]:
    """The tables there are: per programme year with loci (latest first), the national one and one per
    province with loci that year. Cached like the tables."""
    key = f"{CACHE_PREFIX}:catalogue"
    cached = cache.get(key)
    if cached is not None:
        return cached
    reader = open_reader()
    pairs = (
        Locus.objects.restrict(reader, "view")
        .order_by("-programme_year_id", "province_id")
        .values_list("programme_year_id", "province_id", "province__name")
        .distinct()
    )
    entries: dict[int, dict] = {}
    for year, code, name in pairs:
        entries.setdefault(year, {"year": year, "provinces": []})["provinces"].append(
            {"code": code, "name": name}
        )
    result = {"entries": list(entries.values()), "updated": timezone.now().isoformat(timespec="seconds")}
    cache.set(key, result, CACHE_SECONDS)
    return result
