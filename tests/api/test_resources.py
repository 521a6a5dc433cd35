"""The read API's resources as a regency office, a province office and KPU RI see them: scoped by the access
policy (another jurisdiction's row is absent from lists and a 404 alone), NIKs masked, filters, cursor pages,
``updated_since``, ETags, and lists answered in a fixed number of queries whatever the page size."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.throttling import UserRateThrottle

from cadre.checks import mask_nik
from locus.models import Locus, Village

pytestmark = pytest.mark.django_db

SEEN_LOCI = {
    "tanggamus_viewer": {"tanggamus_locus"},
    "lampung_viewer": {"tanggamus_locus", "lampung_locus"},
    "national_viewer": {"tanggamus_locus", "lampung_locus", "flotim_locus"},
    "flotim_admin": {"flotim_locus"},
}
SEEN_CADRES = {actor: {name.replace("locus", "cadre") for name in loci} for actor, loci in SEEN_LOCI.items()}


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("actor", sorted(SEEN_LOCI))
def test_loci_list_holds_the_jurisdiction_only(api_data, api_get, actor):
    response = api_get(api_data.user(actor), reverse("api:locus-list"))
    assert _ids(response) == {getattr(api_data, name).pk for name in SEEN_LOCI[actor]}


@pytest.mark.parametrize("actor", sorted(SEEN_LOCI))
def test_locus_detail_is_a_404_outside_the_jurisdiction(api_data, api_get, actor):
    for name in ("tanggamus_locus", "lampung_locus", "flotim_locus"):
        locus = getattr(api_data, name)
        response = api_get(api_data.user(actor), reverse("api:locus-detail", args=[locus.pk]))
        expected = 200 if name in SEEN_LOCI[actor] else 404
        assert response.status_code == expected, (name, response.status_code)


def test_locus_detail_carries_its_status_history(api_data, api_get):
    locus = api_data.tanggamus_locus
    body = api_get(api_data.user("tanggamus_viewer"), reverse("api:locus-detail", args=[locus.pk])).json()
    assert body["village"] == "18.06.11.2016"
    assert body["district"] == "18.06.11"
    assert body["regency"] == "18.06"
    assert body["province"] == "18"
    assert body["status"] == "ditetapkan"
    assert body["status_label"] == "Ditetapkan"
    assert [(e["from_status"], e["to_status"], e["note"]) for e in body["events"]] == [
        ("usulan", "ditetapkan", "Ditetapkan dengan SK")
    ]


@pytest.mark.parametrize("actor", sorted(SEEN_CADRES))
def test_cadres_list_holds_the_jurisdiction_only(api_data, api_get, actor):
    response = api_get(api_data.user(actor), reverse("api:cadre-list"))
    assert _ids(response) == {getattr(api_data, name).pk for name in SEEN_CADRES[actor]}


@pytest.mark.parametrize("actor", sorted(SEEN_CADRES))
def test_cadre_detail_is_a_404_outside_the_jurisdiction(api_data, api_get, actor):
    for name in ("tanggamus_cadre", "lampung_cadre", "flotim_cadre"):
        cadre = getattr(api_data, name)
        response = api_get(api_data.user(actor), reverse("api:cadre-detail", args=[cadre.pk]))
        expected = 200 if name in SEEN_CADRES[actor] else 404
        assert response.status_code == expected, (name, response.status_code)


def test_nik_is_masked_in_list_and_detail(api_data, api_get):
    cadre = api_data.tanggamus_cadre
    user = api_data.user("national_admin")
    for url in (reverse("api:cadre-list"), reverse("api:cadre-detail", args=[cadre.pk])):
        response = api_get(user, url)
        assert response.status_code == 200
        assert cadre.nik.encode() not in response.content, url
        assert mask_nik(cadre.nik).encode() in response.content, url


def test_contacts_are_in_the_detail_only_as_on_the_pages(api_data, api_get):
    cadre = api_data.tanggamus_cadre
    user = api_data.user("tanggamus_viewer")
    listed = api_get(user, reverse("api:cadre-list")).json()["results"][0]
    assert not {"address", "phone", "email", "birth_date"} & set(listed)
    detail = api_get(user, reverse("api:cadre-detail", args=[cadre.pk])).json()
    assert detail["nik"] == mask_nik(cadre.nik)
    assert detail["phone"] == cadre.phone
    assert detail["email"] == "kader@example.id"
    assert detail["address"] == cadre.address
    assert detail["segments"] == ["perempuan"]


def test_loci_filters(api_data, api_get):
    user = api_data.user("national_viewer")
    url = reverse("api:locus-list")
    assert _ids(api_get(user, url, {"regency": "18.06"})) == {api_data.tanggamus_locus.pk}
    assert _ids(api_get(user, url, {"province": "53"})) == {api_data.flotim_locus.pk}
    assert _ids(api_get(user, url, {"category": "rawan_konflik_bencana"})) == {api_data.lampung_locus.pk}
    assert _ids(api_get(user, url, {"year": 2022})) == set()
    assert len(_ids(api_get(user, url, {"year": 2021, "status": "ditetapkan"}))) == 3
    Locus.objects.filter(pk=api_data.flotim_locus.pk).update(status="aktif")
    assert _ids(api_get(user, url, {"status": "aktif"})) == {api_data.flotim_locus.pk}


def test_a_filter_value_that_cannot_be_read_is_a_400_naming_the_field(api_data, api_get):
    user = api_data.user("national_viewer")
    response = api_get(user, reverse("api:locus-list"), {"updated_since": "kemarin"})
    assert response.status_code == 400
    assert "updated_since" in response.json()
    assert "ISO 8601" in response.json()["updated_since"][0]
    response = api_get(user, reverse("api:cadre-list"), {"status": "hilang"})
    assert response.status_code == 400
    assert list(response.json()) == ["status"]
    response = api_get(user, reverse("api:locus-list"), {"year": "2021.5"})
    assert response.status_code == 400
    assert list(response.json()) == ["year"]


@pytest.mark.parametrize(("name", "rows"), [("api:locus-list", "loci"), ("api:cadre-list", "cadres")])
def test_updated_since(api_data, api_get, name, rows):
    model = {"loci": Locus, "cadres": type(api_data.tanggamus_cadre)}[rows]
    old = timezone.now() - dt.timedelta(days=30)
    model.objects.update(updated_at=old)
    changed = {"loci": api_data.lampung_locus, "cadres": api_data.lampung_cadre}[rows]
    model.objects.filter(pk=changed.pk).update(updated_at=timezone.now())
    user = api_data.user("national_viewer")
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    assert _ids(api_get(user, reverse(name), {"updated_since": since})) == {changed.pk}
    before = (old - dt.timedelta(seconds=1)).isoformat()
    assert len(_ids(api_get(user, reverse(name), {"updated_since": before}))) == 3


def test_updated_since_takes_any_offset_python_reads(api_data, api_get):
    """PostgreSQL refuses offsets beyond ±15:59, which Python reads (up to ±23:59): a 500 before."""
    user, url = api_data.user("national_viewer"), reverse("api:cadre-list")
    assert len(_ids(api_get(user, url, {"updated_since": "0197-08-30T22:56:15-20:54"}))) == 3
    assert _ids(api_get(user, url, {"updated_since": "9999-12-30T23:00:00-20:00"})) == set()
    # An instant outside the years 1 to 9999 in UTC cannot be read.
    for since in ("0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-20:00"):
        response = api_get(user, url, {"updated_since": since})
        assert response.status_code == 400
        assert list(response.json()) == ["updated_since"]


def test_cursor_pages_walk_the_whole_list(api_data, api_get):
    user = api_data.user("national_viewer")
    seen, url, params = [], reverse("api:locus-list"), {"page_size": 2}
    while url:
        body = api_get(user, url, params).json()
        seen.extend(row["id"] for row in body["results"])
        assert len(body["results"]) <= 2
        assert "count" not in body
        url, params = body["next"], None
    assert sorted(seen) == seen
    assert set(seen) == {api_data.tanggamus_locus.pk, api_data.lampung_locus.pk, api_data.flotim_locus.pk}


# Per request: the session, the user, the page's rows (with their villages) and their prefetches (a locus'
# events; a programme year's segments and required segments); however many rows the page holds.
LIST_QUERIES = {"api:locus-list": 4, "api:cadre-list": 3, "api:programmeyear-list": 5, "api:village-list": 3}


@pytest.mark.parametrize("name", sorted(LIST_QUERIES))
def test_a_list_answers_in_a_fixed_number_of_queries(api_data, client, name):
    client.force_login(api_data.user("national_viewer"))
    client.get(reverse(name))  # the session's first use
    counts = []
    for page_size in (1, 3):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name), {"page_size": page_size})
        assert len(response.json()["results"]) == page_size
        counts.append(len(queries))
    assert counts == [LIST_QUERIES[name]] * 2, [q["sql"][:150] for q in queries.captured_queries]


@pytest.mark.parametrize(
    ("name", "key"),
    [("api:locus-list", None), ("api:locus-detail", "tanggamus_locus"), ("api:cadre-list", None)],
)
def test_etag_answers_304_until_the_data_changes(api_data, api_get, name, key):
    user = api_data.user("lampung_viewer")
    url = reverse(name, args=[getattr(api_data, key).pk] if key else None)
    first = api_get(user, url)
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"')
    again = api_get(user, url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    Locus.objects.filter(pk=api_data.tanggamus_locus.pk).update(decree_number="SK/01/2021")
    type(api_data.tanggamus_cadre).objects.filter(pk=api_data.tanggamus_cadre.pk).update(full_name="Siti R.")
    changed = api_get(user, url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_regions_with_retired_codes_and_successors(api_data, api_get):
    world = api_data.world
    Village.objects.filter(code="18.04.05.2001").update(
        retired_at=dt.date(2025, 1, 1), successor=world.gunung_kasih
    )
    user = api_data.user("tanggamus_viewer")
    body = api_get(user, reverse("api:village-detail", args=["18.04.05.2001"])).json()
    assert body == {
        "code": "18.04.05.2001",
        "name": "Way Mengaku",
        "retired_at": "2025-01-01",
        "successor": "18.06.11.2016",
        "kind": body["kind"],
        "district": "18.04.05",
    }
    retired = api_get(user, reverse("api:village-list"), {"retired": "true"}).json()["results"]
    assert [row["code"] for row in retired] == ["18.04.05.2001"]
    in_force = api_get(user, reverse("api:village-list"), {"retired": "false"}).json()["results"]
    assert "18.04.05.2001" not in {row["code"] for row in in_force}
    unreadable = api_get(user, reverse("api:village-list"), {"retired": "ya"})
    assert unreadable.status_code == 400
    assert unreadable.json() == {"retired": ["retired: isi dengan true atau false."]}
    in_regency = api_get(user, reverse("api:village-list"), {"regency": "18.06"}).json()["results"]
    assert {row["code"] for row in in_regency} == {"18.06.11.2016", "18.06.21.2005"}
    provinces = api_get(user, reverse("api:province-list")).json()["results"]
    assert [row["code"] for row in provinces] == ["18", "53"]  # reference data, as in the region browser
    regencies = api_get(user, reverse("api:regency-list"), {"province": "18"}).json()["results"]
    assert [row["code"] for row in regencies] == ["18.04", "18.06"]
    districts = api_get(user, reverse("api:district-list"), {"regency": "53.06"}).json()["results"]
    assert [row["code"] for row in districts] == ["53.06.03"]


def test_programme_years_with_their_segments(api_data, api_get):
    user = api_data.user("tanggamus_viewer")
    years = api_get(user, reverse("api:programmeyear-list")).json()["results"]
    assert [row["year"] for row in years] == sorted((row["year"] for row in years), reverse=True)
    year = api_get(user, reverse("api:programmeyear-detail", args=[2021])).json()
    assert year["year"] == 2021
    assert "perempuan" in {segment["code"] for segment in year["segments"]}
    assert set(year["required_segments"]) <= {segment["code"] for segment in year["segments"]}


def test_anonymous_is_refused(api_data, client):
    for name in ("api:locus-list", "api:cadre-list", "api:province-list", "api:schema"):
        response = client.get(reverse(name))
        assert response.status_code == 401, name
        assert response["WWW-Authenticate"].startswith("Bearer"), name


def test_a_user_beyond_the_rate_is_answered_429(api_data, client, monkeypatch):
    user = api_data.user("lampung_viewer")
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/minute"})
    cache.delete(f"throttle_user_{user.pk}")
    client.force_login(user)
    statuses = [client.get(reverse("api:locus-list")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get(reverse("api:locus-list"))
    assert int(refused["Retry-After"]) > 0
    client.force_login(api_data.user("lampung_admin"))  # another user counts apart
    assert client.get(reverse("api:locus-list")).status_code == 200
    cache.delete(f"throttle_user_{user.pk}")
