"""Open data (``api.open_data``): public, the dashboards' figures, small counts of people withheld, no
personal data, CSV without formulas, a fixed number of queries and none on a cache hit."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.cache import cache
from django.test import override_settings

from api.open_data import queries
from locus import rules
from locus.choices import LocusStatus
from reports.dashboards import Place, dashboard
from tests.activities.factories_evaluations import activity_in, cadre_in, locus_at, session_for
from tests.factories import district, province, regency, village

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.usefixtures("fresh_cache"),
]

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "open-data"}}
BASE = "/api/v1/terbuka/"


@pytest.fixture
def fresh_cache():
    # A cache of this process only: test workers share Redis, not their databases.
    with override_settings(CACHES=LOCMEM):
        cache.clear()
        yield
        cache.clear()


# The queries computed afresh: the catalogue (the years and provinces with loci); a table (the year, the
# province of a province's table, the child regions, the dashboards' loci statement, the loci by category
# and status).
CATALOGUE_QUERIES = 1


def _table_queries(province: str | None) -> int:
    return 5 if province else 4


def _cadres(locus, *, women: int, men: int, tag: str) -> list:
    made = []
    for i in range(women + men):
        cadre = cadre_in(locus, sex="P" if i < women else "L")
        cadre.full_name = f"Rahasia {tag} Nomor {i} Zulkarnaen"
        cadre.phone = f"+62812{tag[:2].encode().hex()[:4]}{i:03d}"
        cadre.address = f"Jalan Tersembunyi {tag} {i}"
        cadre.save(update_fields=["full_name", "phone", "address"])
        made.append(cadre)
    return made


@pytest.fixture
def data(world):
    """Lampung: 2 loci, 22 cadres (12 women), one session held, 25 reached. Bali: 10 cadres (5 women), 20
    reached. NTT: 3 cadres and 3 people reached (withheld)."""
    gunung_kasih = locus_at(world.gunung_kasih)
    sukabanjar = locus_at(village("18.06.21.2005", "Sukabanjar"), status=LocusStatus.DESIGNATED)
    cadres = _cadres(gunung_kasih, women=7, men=5, tag="GK")
    cadres += _cadres(sukabanjar, women=5, men=5, tag="SB")
    session_for(gunung_kasih, number=1)
    activity_in(gunung_kasih, men=10, women=15)
    province("51", "Bali")
    regency("51.03", "Kabupaten Badung")
    district("51.03.01", "Kuta Selatan")
    badung = locus_at(village("51.03.01.2001", "Pecatu"))
    cadres += _cadres(badung, women=5, men=5, tag="BD")
    activity_in(badung, men=10, women=10)
    waibalun = locus_at(world.flotim_village)
    cadres += _cadres(waibalun, women=2, men=1, tag="WB")
    activity_in(waibalun, men=1, women=2)
    return {"cadres": cadres}


def _json(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return response, json.loads(response.content)


def _rows(client, url) -> dict:
    return {row["kode_wilayah"]: row for row in _json(client, url)[1]["data"]}


def test_anonymous_gets_json_csv_metadata_and_the_catalogue(client, data):
    for url in (
        BASE,
        f"{BASE}2021/nasional.json",
        f"{BASE}2021/nasional.csv",
        f"{BASE}2021/nasional/metadata.json",
        f"{BASE}2021/provinsi/18.json",
        f"{BASE}2021/provinsi/18.csv",
        f"{BASE}2021/provinsi/18/metadata.json",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Cache-Control"] == f"public, max-age={queries.CACHE_SECONDS}"
        assert "sessionid" not in response.cookies
    assert client.get(f"{BASE}2021/nasional.csv")["Content-Type"].startswith("text/csv")


def test_the_catalogue_lists_each_years_datasets_with_their_distributions(client, data):
    _, catalogue = _json(client, BASE)
    assert catalogue["@type"] == "dcat:Catalog"
    by_id = {d["identifier"]: d for d in catalogue["dataset"]}
    national = by_id["http://testserver/api/v1/terbuka/2021/nasional/metadata.json"]
    assert national["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert national["temporal"] == "2021-01-01/2021-12-31"
    assert {d["downloadURL"] for d in national["distribution"]} == {
        "http://testserver/api/v1/terbuka/2021/nasional.json",
        "http://testserver/api/v1/terbuka/2021/nasional.csv",
    }
    provinces = sorted(d["spatial"] for d in catalogue["dataset"] if d["spatial"] != "Indonesia")
    assert provinces == ["18", "51", "53"]  # the provinces with loci that year


def test_the_metadata_names_the_licence_period_source_reference_and_columns(client, data):
    _, meta = _json(client, f"{BASE}2021/provinsi/18/metadata.json")
    assert meta["licenseName"] == "CC BY 4.0"
    assert meta["period"] == {"programmeYear": 2021, "start": "2021-01-01", "end": "2021-12-31"}
    assert "Kemendagri" in meta["referenceCodes"]
    assert meta["suppressionThreshold"] == rules.DISCLOSURE_MIN_COUNT
    assert meta["title"] == "Program DP3 2021 per kabupaten/kota di Lampung"
    _, table = _json(client, f"{BASE}2021/provinsi/18.json")
    assert [c["name"] for c in meta["columns"]] == list(table["data"][0])
    assert all(c["description"] for c in meta["columns"])


def test_the_figures_are_the_dashboards(client, world, data):
    reader = world.users["national_viewer"]
    national = dashboard(user=reader, place=Place("nasional"), year=2021)
    lampung = dashboard(user=reader, place=Place("provinsi", province=world.lampung), year=2021)
    for board, url in ((national, f"{BASE}2021/nasional.json"), (lampung, f"{BASE}2021/provinsi/18.json")):
        rows = _rows(client, url)
        for child in board.children:
            row = rows[child.code]
            assert row["jumlah_lokus"] == child.loci
            assert row["lokus_program"] == child.programme
            assert row["sesi_terlaksana"] == child.sessions
            if "kader_ditetapkan" not in row["data_disembunyikan"]:
                assert row["kader_ditetapkan"] == child.filled
            if "kader_perempuan" not in row["data_disembunyikan"]:
                assert (row["kader_perempuan"], row["persen_perempuan"]) == (child.women, child.women_percent)
            if "warga_terjangkau" not in row["data_disembunyikan"]:
                assert row["warga_terjangkau"] == child.reached
    tanggamus = _rows(client, f"{BASE}2021/provinsi/18.json")["18.06"]
    assert tanggamus["data_disembunyikan"] == []
    assert (tanggamus["kader_ditetapkan"], tanggamus["kader_perempuan"]) == (22, 12)
    assert tanggamus["sesi_terlaksana"] == 1 and tanggamus["sesi_direncanakan"] == 16
    # The loci by status and by category: the dashboard's counts of the place.
    statuses = {key: n for key, n in tanggamus.items() if key.startswith("lokus_status_") and n}
    assert statuses == {"lokus_status_aktif": 1, "lokus_status_ditetapkan": 1}
    assert sum(n for _, n in lampung.status_counts) == tanggamus["jumlah_lokus"] == 2
    assert lampung.charts[0].datasets[0]["data"] == [
        tanggamus[f"lokus_kategori_{value}"]
        for value in ("partisipasi_rendah", "rawan_konflik_bencana", "potensi_pelanggaran_tinggi")
    ]


def test_small_counts_of_people_are_withheld_and_flagged(client, data):
    rows = _rows(client, f"{BASE}2021/nasional.json")
    ntt = rows["53"]
    assert ntt["kader_ditetapkan"] is None and ntt["kader_perempuan"] is None
    assert ntt["persen_perempuan"] is None and ntt["warga_terjangkau"] is None
    assert set(ntt["data_disembunyikan"]) == {
        "kader_ditetapkan",
        "kader_perempuan",
        "persen_perempuan",
        "warga_terjangkau",
    }
    assert ntt["jumlah_lokus"] == 1  # loci are not people
    # NTT alone withheld would be the country's figure minus the others: the next smallest goes too.
    assert rows["51"]["kader_ditetapkan"] is None and rows["51"]["warga_terjangkau"] is None
    assert rows["18"]["kader_ditetapkan"] == 22 and rows["18"]["warga_terjangkau"] == 25
    # A province without loci shows zeros: nobody is singled out by nobody.
    assert all(row["kader_ditetapkan"] == 0 for code, row in rows.items() if code not in ("18", "51", "53"))


@pytest.mark.parametrize(
    ("filled", "women", "hidden"),
    [
        (4, 2, {"kader_ditetapkan", "kader_perempuan", "persen_perempuan"}),
        (12, 3, {"kader_perempuan", "persen_perempuan"}),  # 3 women
        (12, 9, {"kader_perempuan", "persen_perempuan"}),  # 3 men: 12 − 9
        (12, 6, set()),
        (0, 0, set()),
    ],
)
def test_what_is_withheld_with_a_small_count(filled, women, hidden):
    row = {
        "kode_wilayah": "18",
        "kader_ditetapkan": filled,
        "kader_perempuan": women,
        "persen_perempuan": rules.share_percent(women, filled),
        "warga_terjangkau": 100,
        "data_disembunyikan": [],
    }
    queries._withhold([row])
    assert set(row["data_disembunyikan"]) == hidden
    assert all(row[key] is None for key in hidden)


def test_the_threshold_rule():
    assert [rules.discloses_person(n) for n in (None, 0, 1, 4, 5)] == [False, False, True, True, False]


def test_no_personal_data_anywhere(client, data):
    texts = []
    for url in (
        BASE,
        f"{BASE}2021/nasional.json",
        f"{BASE}2021/nasional.csv",
        f"{BASE}2021/provinsi/18.json",
        f"{BASE}2021/provinsi/18.csv",
        f"{BASE}2021/provinsi/53.json",
        f"{BASE}2021/provinsi/53.csv",
        f"{BASE}2021/provinsi/18/metadata.json",
    ):
        texts.append(client.get(url).content.decode("utf-8"))
    everything = "\n".join(texts)
    assert "Lampung" in everything  # the search does read the output
    for cadre in data["cadres"]:
        for value in (
            cadre.nik,
            cadre.full_name,
            cadre.phone,
            cadre.address,
            cadre.phone.removeprefix("+62"),
        ):
            assert value not in everything
    assert "Zulkarnaen" not in everything and "Tersembunyi" not in everything
    # No village either: the regency is the finest region.
    assert "Gunung Kasih" not in everything and "18.06.11" not in everything


def test_the_csv_escapes_formulas(client, data):
    regency("18.99", '=HYPERLINK("http://x";"klik")')
    content = client.get(f"{BASE}2021/provinsi/18.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:3] == ["tahun_program", "kode_wilayah", "nama_wilayah"]
    names = {row[1]: row[2] for row in rows[1:]}
    assert names["18.99"] == '\'=HYPERLINK("http://x";"klik")'
    assert names["18.06"] == "Kabupaten Tanggamus"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_a_fixed_number_of_queries_and_none_on_a_cache_hit(client, world, data, django_assert_num_queries):
    for url, code in ((f"{BASE}2021/nasional.json", None), (f"{BASE}2021/provinsi/18.csv", "18")):
        with django_assert_num_queries(_table_queries(code)):
            assert client.get(url).status_code == 200
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200
    with django_assert_num_queries(CATALOGUE_QUERIES):
        client.get(BASE)
    with django_assert_num_queries(0):
        client.get(BASE)
    # Ten times the loci and cadres: the same number of queries.
    district("18.06.30", "Kota Agung")
    for n in range(10):
        locus = locus_at(village(f"18.06.30.20{n:02d}", f"Desa {n}"))
        _cadres(locus, women=3, men=3, tag=f"X{n}")
        activity_in(locus, men=5, women=5)
    cache.clear()
    with django_assert_num_queries(_table_queries("18")):
        rows = _rows(client, f"{BASE}2021/provinsi/18.json")
    assert rows["18.06"]["kader_ditetapkan"] == 22 + 60


def test_unknown_year_province_or_format_is_not_found_and_writes_are_refused(client, data):
    assert client.get(f"{BASE}1999/nasional.json").status_code == 404
    assert client.get(f"{BASE}2021/provinsi/99.json").status_code == 404
    assert client.get(f"{BASE}2021/provinsi/sembarang-kata.json").status_code == 404  # not a province code
    assert cache.get(queries.table_cache_key(1999, None)) is None
    assert cache.get(queries.table_cache_key(2021, "99")) is None
    assert client.get(f"{BASE}2021/nasional.xlsx").status_code == 404
    # A harvester on another site reads why, in JSON.
    missing = client.get(f"{BASE}1999/nasional.json")
    assert missing["Access-Control-Allow-Origin"] == "*"
    assert missing.json() == {"detail": "Tidak ada data terbuka untuk tahun atau wilayah ini."}
    assert "json atau csv" in client.get(f"{BASE}2021/nasional.xlsx").json()["detail"]
    assert client.post(f"{BASE}2021/nasional.json").status_code == 405
    assert client.options(f"{BASE}2021/nasional.json")["Access-Control-Allow-Origin"] == "*"
