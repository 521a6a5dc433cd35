"""The region browser: drill-down pages, search, suggestions, retired codes, 404s and query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from locus.models import District, Village
from locus.selectors import regions as selectors
from regions.choices import DistrictKind, VillageKind
from tests.factories import district, province, regency, village


@pytest.fixture
def staff_client(client, world):
    client.force_login(world.users["tanggamus_staff"])
    return client


def _html(response) -> str:
    return response.content.decode()


def _add_villages(parent: District, count: int, name: str = "Sukamaju", first: int = 1) -> list[Village]:
    """Extra villages under ``parent`` with codes 2101, 2102, ... and names "<name> 1", "<name> 2", ...
    (numbered from ``first``)."""
    return Village.objects.bulk_create(
        Village(
            code=f"{parent.code}.{2100 + n}",
            name=f"{name} {n}",
            kind=VillageKind.DESA,
            district=parent,
        )
        for n in range(first, first + count)
    )


# --- pages -----------------------------------------------------------------------------------------------


def test_index_lists_provinces_with_codes_and_time_zones(staff_client, world):
    response = staff_client.get(reverse("locus:region_index"))
    assert response.status_code == 200
    rows = list(response.context["provinces"])
    assert [p.code for p in rows] == ["18", "53"]
    assert [p.regency_count for p in rows] == [1, 1]
    html = _html(response)
    assert world.lampung.get_absolute_url() in html
    assert "Nusa Tenggara Timur" in html
    assert ">WIB<" in html and ">WITA<" in html
    # The search box, with its HTMX suggestions and its no-JavaScript form target.
    assert f'hx-get="{reverse("locus:region_suggest")}"' in html
    assert 'hx-trigger="input changed delay:250ms, search"' in html
    assert f'action="{reverse("locus:region_search")}"' in html


def test_province_page_lists_regencies_with_counts(staff_client, world):
    response = staff_client.get(world.lampung.get_absolute_url())
    assert response.status_code == 200
    (tanggamus,) = response.context["children"].current
    assert tanggamus == world.tanggamus
    assert (tanggamus.district_count, tanggamus.village_count) == (2, 2)
    html = _html(response)
    assert "Lampung" in html and ">18<" in html
    assert "Provinsi" in html
    assert "WIB (UTC+7)" in html
    assert world.tanggamus.get_absolute_url() in html
    assert "Kabupaten Tanggamus" in html and ">Kabupaten<" in html


def test_province_in_nusa_tenggara_timur_is_wita(staff_client, world):
    html = _html(staff_client.get(world.ntt.get_absolute_url()))
    assert "WITA (UTC+8)" in html
    assert "WIB" not in html


def test_regency_page_lists_districts_and_path(staff_client, world):
    response = staff_client.get(world.tanggamus.get_absolute_url())
    assert response.status_code == 200
    districts = response.context["children"].current
    assert [(d.code, d.name, d.village_count) for d in districts] == [
        ("18.06.11", "Pugung", 1),
        ("18.06.21", "Gunung Alip", 1),
    ]
    html = _html(response)
    assert ">18.06<" in html
    assert "WIB (UTC+7)" in html
    # Breadcrumbs and the parents table link to the province.
    assert response.context["crumbs"][-2:] == [
        ("Lampung", world.lampung.get_absolute_url()),
        ("Kabupaten Tanggamus", world.tanggamus.get_absolute_url()),
    ]
    assert html.count(f'href="{world.lampung.get_absolute_url()}"') >= 2


def test_district_page_lists_villages_with_kind(staff_client, world):
    response = staff_client.get(world.pugung.get_absolute_url())
    assert response.status_code == 200
    assert [v.code for v in response.context["children"].current] == ["18.06.11.2016"]
    html = _html(response)
    assert "Gunung Kasih" in html and world.gunung_kasih.get_absolute_url() in html
    assert ">Desa<" in html
    assert ">Kecamatan<" in html

    html = _html(staff_client.get(world.larantuka.get_absolute_url()))
    assert world.flotim_village.name in html and ">Kelurahan<" in html
    assert "WITA (UTC+8)" in html


def test_village_page_shows_code_type_path_and_time_zone(staff_client, world):
    response = staff_client.get(world.gunung_kasih.get_absolute_url())
    assert response.status_code == 200
    html = _html(response)
    assert ">18.06.11.2016<" in html
    assert ">Desa<" in html
    assert "WIB (UTC+7)" in html
    assert "Berlaku" in html
    assert response.context["crumbs"] == [
        ("Wilayah", reverse("locus:region_index")),
        ("Lampung", world.lampung.get_absolute_url()),
        ("Kabupaten Tanggamus", world.tanggamus.get_absolute_url()),
        ("Pugung", world.pugung.get_absolute_url()),
        ("Gunung Kasih", world.gunung_kasih.get_absolute_url()),
    ]
    assert [(str(label), parent.code) for label, parent in response.context["parents"]] == [
        ("Provinsi", "18"),
        ("Kabupaten/Kota", "18.06"),
        ("Kecamatan", "18.06.11"),
    ]
    for parent in (world.lampung, world.tanggamus, world.pugung):
        # Once in the breadcrumbs, once in the parents table.
        assert html.count(f'href="{parent.get_absolute_url()}"') == 2


def test_kelurahan_in_ntt(staff_client, world):
    html = _html(staff_client.get(world.flotim_village.get_absolute_url()))
    assert ">Kelurahan<" in html
    assert "WITA (UTC+8)" in html
    assert "Kabupaten Flores Timur" in html and "Larantuka" in html


def test_retired_region_is_marked_and_still_opens(staff_client, world):
    Village.objects.filter(code=world.gunung_kasih.code).update(retired_at=dt.date(2025, 7, 1))
    response = staff_client.get(world.gunung_kasih.get_absolute_url())
    assert response.status_code == 200
    assert "Tidak berlaku sejak 1 Juli 2025" in _html(response)

    # Its district lists it apart, below the current villages.
    new = village("18.06.11.2001", "Rantau Tijang")
    children = staff_client.get(world.pugung.get_absolute_url()).context["children"]
    assert children.current == [new]
    assert [v.code for v in children.retired] == ["18.06.11.2016"]
    html = _html(staff_client.get(world.pugung.get_absolute_url()))
    assert "Tidak berlaku lagi" in html
    assert html.index(new.get_absolute_url()) < html.index("Tidak berlaku lagi")
    assert html.index("Tidak berlaku lagi") < html.index(world.gunung_kasih.get_absolute_url())


def test_retired_children_are_not_counted(staff_client, world):
    District.objects.filter(code="18.06.21").update(retired_at=dt.date(2025, 7, 1))
    response = staff_client.get(world.lampung.get_absolute_url())
    (tanggamus,) = response.context["children"].current
    assert (tanggamus.district_count, tanggamus.village_count) == (1, 1)


@pytest.mark.parametrize(
    "path",
    [
        "/wilayah/desa/99.99.99.9999/",
        "/wilayah/kecamatan/18.06.99/",
        "/wilayah/kabupaten/18.99/",
        "/wilayah/provinsi/99/",
        "/wilayah/provinsi/18.06/",  # a regency's code on the province page
        "/wilayah/desa/abc/",
        "/wilayah/desa/18.06.11.2016.1/",
    ],
)
def test_unknown_code_is_the_projects_404(staff_client, path):
    response = staff_client.get(path)
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in _html(response)


# --- search ----------------------------------------------------------------------------------------------


def test_search_by_name_is_case_insensitive_and_shows_the_parent_path(staff_client, world):
    response = staff_client.get(reverse("locus:region_search"), {"q": "gunung KAS"})
    assert response.status_code == 200
    groups = {g.level.key: g for g in response.context["search"].groups}
    assert [hit.region for hit in groups["desa"].hits] == [world.gunung_kasih]
    assert groups["kecamatan"].hits == []
    html = _html(response)
    assert "Pugung, Kabupaten Tanggamus, Lampung" in html
    assert "18.06.11.2016" in html
    assert world.gunung_kasih.get_absolute_url() in html


def test_search_by_name_finds_every_level(staff_client, world):
    search = staff_client.get(reverse("locus:region_search"), {"q": "gunung"}).context["search"]
    found = {g.level.key: [hit.region.code for hit in g.hits] for g in search.groups}
    assert found == {"provinsi": [], "kabupaten": [], "kecamatan": ["18.06.21"], "desa": ["18.06.11.2016"]}


def test_search_ranks_exact_and_prefix_matches_first(world):
    village("18.06.11.2002", "Tiuh Gunung Kasih")
    village("18.06.11.2003", "Gunung Kasih Baru")
    result = selectors.region_search(term="gunung kasih")
    names = [hit.region.name for g in result.groups for hit in g.hits]
    assert names == ["Gunung Kasih", "Gunung Kasih Baru", "Tiuh Gunung Kasih"]


def test_search_by_code_prefix(staff_client, world):
    search = staff_client.get(reverse("locus:region_search"), {"q": "18.06.11"}).context["search"]
    # A three-segment code cannot be a province or a regency: those levels are not even queried.
    assert [g.level.key for g in search.groups] == ["kecamatan", "desa"]
    assert [hit.region.code for g in search.groups for hit in g.hits] == ["18.06.11", "18.06.11.2016"]


def test_search_by_code_without_dots(staff_client, world):
    search = staff_client.get(reverse("locus:region_search"), {"q": "1806112016"}).context["search"]
    assert [hit.region for g in search.groups for hit in g.hits] == [world.gunung_kasih]


def test_search_by_province_code_lists_everything_beneath(world):
    result = selectors.region_search(term="53")
    assert [hit.region.code for g in result.groups for hit in g.hits] == [
        "53",
        "53.06",
        "53.06.03",
        "53.06.03.1001",
    ]


def test_search_queries_one_query_per_level_that_can_match(world, django_assert_num_queries):
    with django_assert_num_queries(4):
        selectors.region_search(term="gunung")
    with django_assert_num_queries(1):
        selectors.region_search(term="18.06.11.2016")


@pytest.mark.parametrize("term", ["gu", "a", "  gu  "])
def test_name_search_needs_three_letters(staff_client, world, term, django_assert_max_num_queries):
    with django_assert_max_num_queries(OVERHEAD):  # no region is read
        response = staff_client.get(reverse("locus:region_search"), {"q": term})
    assert response.context["search"].too_short
    assert "Ketik minimal 3 huruf" in _html(response)

    response = staff_client.get(reverse("locus:region_suggest"), {"q": term})
    assert "Ketik minimal 3 huruf" in _html(response)


def test_search_not_found(staff_client, world):
    html = _html(staff_client.get(reverse("locus:region_search"), {"q": "zzzqqq"}))
    assert "Tidak ditemukan" in html
    html = _html(staff_client.get(reverse("locus:region_suggest"), {"q": "zzzqqq"}))
    assert "Tidak ditemukan" in html


def test_search_without_a_term_asks_for_one(staff_client, world):
    response = staff_client.get(reverse("locus:region_search"))
    assert response.status_code == 200
    assert "Ketik nama atau kode wilayah" in _html(response)
    assert _html(staff_client.get(reverse("locus:region_suggest"))).strip() == ""


def test_search_term_with_like_wildcards_is_literal(staff_client, world):
    assert staff_client.get(reverse("locus:region_search"), {"q": "%%%"}).context["search"].is_empty
    assert staff_client.get(reverse("locus:region_search"), {"q": "___"}).context["search"].is_empty


def test_search_pages_through_one_level(staff_client, world):
    _add_villages(world.pugung, 25)
    url = reverse("locus:region_search")

    grouped = staff_client.get(url, {"q": "sukamaju"})
    (group,) = [g for g in grouped.context["search"].groups if g.hits]
    assert len(group.hits) == 20 and group.has_more
    assert "tingkat=desa" in _html(grouped)

    first = staff_client.get(url, {"q": "sukamaju", "tingkat": "desa"})
    assert first.context["level_page"].page.paginator.count == 25
    assert len(first.context["level_page"].hits) == 20
    second = staff_client.get(url, {"q": "sukamaju", "tingkat": "desa", "halaman": "2"})
    assert len(second.context["level_page"].hits) == 5
    assert "Halaman 2 dari 2" in _html(second)
    # Nonsense page numbers and levels do not break the page.
    assert staff_client.get(url, {"q": "sukamaju", "tingkat": "desa", "halaman": "x"}).status_code == 200
    assert staff_client.get(url, {"q": "sukamaju", "tingkat": "planet"}).status_code == 200


def test_suggestions_are_a_short_partial(staff_client, world):
    _add_villages(world.pugung, 12)
    response = staff_client.get(reverse("locus:region_suggest"), {"q": "sukamaju"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = _html(response)
    assert "<html" not in html
    assert html.count('href="/wilayah/desa/') == selectors.SUGGEST_PER_LEVEL
    assert f'href="{reverse("locus:region_search")}?q=sukamaju"' in html
    assert "Pugung, Kabupaten Tanggamus, Lampung" in html


def test_suggestions_after_the_session_ended_send_the_page_to_login(client, world):
    response = client.get(
        reverse("locus:region_suggest"),
        {"q": "kasih"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/wilayah/kecamatan/18.06.11/",
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=/wilayah/kecamatan/18.06.11/"
    # Without HTMX it is the usual redirect.
    assert client.get(reverse("locus:region_suggest"), {"q": "kasih"}).status_code == 302


# --- query counts ----------------------------------------------------------------------------------------


def _count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(context.captured_queries)


def _grow_world(world) -> None:
    """More of everything beneath Lampung and Pugung: more provinces, regencies, districts and villages."""
    province("19", "Kepulauan Bangka Belitung")
    province("21", "Kepulauan Riau")
    for n in range(1, 4):
        regency(f"18.{n:02d}", f"Kabupaten Contoh {n}")
        district(f"18.06.{30 + n:02d}", f"Kecamatan Contoh {n}")
        district(f"18.{n:02d}.01", f"Distrik Contoh {n}")
    District.objects.filter(name__startswith="Distrik").update(kind=DistrictKind.DISTRIK)
    _add_villages(world.pugung, 15, first=50)
    _add_villages(District.objects.get(code="18.06.31"), 5)
    District.objects.filter(code="18.06.32").update(retired_at=dt.date(2025, 7, 1))


# Every request by a logged-in user costs 6 queries besides the page's own: the session, the user, the
# user's office (navigation bar), and the session's update inside a savepoint. The page's own queries follow.
OVERHEAD = 6
PAGES = [
    ("index", lambda w: reverse("locus:region_index"), None, OVERHEAD + 1),
    ("province", lambda w: w.lampung.get_absolute_url(), None, OVERHEAD + 2),
    ("regency", lambda w: w.tanggamus.get_absolute_url(), None, OVERHEAD + 2),
    ("district", lambda w: w.pugung.get_absolute_url(), None, OVERHEAD + 2),
    ("village", lambda w: w.gunung_kasih.get_absolute_url(), None, OVERHEAD + 1),
    ("search by name", lambda w: reverse("locus:region_search"), {"q": "sukamaju"}, OVERHEAD + 4),
    ("search by code", lambda w: reverse("locus:region_search"), {"q": "18.06.11"}, OVERHEAD + 2),
    (
        "search one level",
        lambda w: reverse("locus:region_search"),
        {"q": "sukamaju", "tingkat": "desa"},
        OVERHEAD + 2,
    ),
    ("suggest", lambda w: reverse("locus:region_suggest"), {"q": "sukamaju"}, OVERHEAD + 4),
]


@pytest.mark.parametrize(("page", "url", "params", "pinned"), PAGES, ids=[p[0] for p in PAGES])
def test_query_count_does_not_grow_with_the_number_of_regions(
    staff_client, world, page, url, params, pinned, django_assert_max_num_queries
):
    _add_villages(world.pugung, 2)  # so that the searches find something before the world grows
    before = _count_queries(staff_client, url(world), params)
    _grow_world(world)
    with django_assert_max_num_queries(pinned):
        response = staff_client.get(url(world), params or {})
    assert response.status_code == 200
    assert _count_queries(staff_client, url(world), params) == before


# --- PostgreSQL: the indexes the search relies on --------------------------------------------------------


def _plan(queryset, *, off: tuple[str, ...] = ("seqscan",)) -> str:
    """The plan PostgreSQL chooses when the scans named in ``off`` are not an option (the test tables are
    tiny, so reading a whole table would win on cost): proves that an index can serve the query as Django
    writes it."""
    with connection.cursor() as cursor:
        for scan in off:
            cursor.execute(f"SET LOCAL enable_{scan} = off")
        try:
            return queryset.explain()
        finally:
            for scan in off:
                cursor.execute(f"SET LOCAL enable_{scan} = on")


@pytest.mark.postgres
def test_trigram_indexes_exist_on_every_level(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'locus_%_name_upper_trgm'"
        )
        indexes = dict(cursor.fetchall())
    assert set(indexes) == {
        f"locus_{t}_name_upper_trgm" for t in ("province", "regency", "district", "village")
    }
    assert all("gin (upper((name)::text) gin_trgm_ops)" in d for d in indexes.values())


@pytest.mark.postgres
@pytest.mark.parametrize("level", selectors.LEVELS, ids=lambda level: level.key)
def test_name_search_uses_the_trigram_index(world, level):
    # Plain index scans are off too: a scan of the name's b-tree filtering every row is not what we want.
    plan = _plan(
        selectors.region_search_queryset(level=level, term="gunung kas")[:21], off=("seqscan", "indexscan")
    )
    assert f"Bitmap Index Scan on locus_{level.model._meta.model_name}_name_upper_trgm" in plan, plan


@pytest.mark.postgres
def test_code_search_uses_the_primary_key_indexes(world):
    plan = _plan(Village.objects.search("18.06.11").order_by())
    # The varchar_pattern_ops ("_like") index turns the prefix into a range: code ~>=~ '18.06.11' ...
    assert "locus_village_code_" in plan and "_like" in plan, plan
    assert "~>=~ '18.06.11'" in plan, plan
