"""The API as a machine client uses it: ``Authorization: Bearer <token>``, within its office's jurisdiction,
read only or read and write, refused when unknown, revoked or expired (401), limited by its own rate (429),
and every call of a known client logged; a session still needs CSRF to write."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.api_clients import api_client_create, api_client_revoke
from accounts.choices import APIAccess
from accounts.models import APICall, APIClient

pytestmark = pytest.mark.django_db

WRITE_URL = "/api/v1/uji-tulis/"


def make_client(api_data, admin="tanggamus_admin", *, access=APIAccess.READ, name="Gudang data"):
    actor = api_data.user(admin)
    return api_client_create(
        actor=actor,
        office=actor.office,
        name=name,
        access=access,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_a_token_reads_its_office_jurisdiction(api_data):
    http = Client()
    _made, regency_token = make_client(api_data)
    _made, province_token = make_client(api_data, "lampung_admin")
    loci = reverse("api:locus-list")
    assert _ids(http.get(loci, **bearer(regency_token))) == {api_data.tanggamus_locus.pk}
    assert _ids(http.get(loci, **bearer(province_token))) == {
        api_data.tanggamus_locus.pk,
        api_data.lampung_locus.pk,
    }
    flotim = reverse("api:locus-detail", args=[api_data.flotim_locus.pk])
    assert http.get(flotim, **bearer(regency_token)).status_code == 404
    own = http.get(reverse("api:locus-detail", args=[api_data.tanggamus_locus.pk]), **bearer(regency_token))
    assert own.status_code == 200 and own["Cache-Control"] == "private, no-store"
    # NIKs stay masked: the client's account holds no full-NIK permission.
    cadre = http.get(reverse("api:cadre-detail", args=[api_data.tanggamus_cadre.pk]), **bearer(regency_token))
    assert cadre.status_code == 200 and cadre.json()["nik"] != api_data.tanggamus_cadre.nik


def test_last_use_is_written_at_most_once_a_minute(api_data):
    made, token = make_client(api_data)
    http = Client()
    http.get(reverse("api:province-list"), **bearer(token))
    made.refresh_from_db()
    first = made.last_used_at
    assert first is not None
    http.get(reverse("api:province-list"), **bearer(token))
    made.refresh_from_db()
    assert made.last_used_at == first
    APIClient.objects.filter(pk=made.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    http.get(reverse("api:province-list"), **bearer(token))
    made.refresh_from_db()
    assert made.last_used_at > first


def _refusal(response) -> str:
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"].startswith("Bearer")
    return response.json()["detail"]


def test_unknown_revoked_and_expired_tokens_are_401(api_data):
    http = Client()
    url = reverse("api:province-list")
    revoked, revoked_token = make_client(api_data, name="Dicabut")
    api_client_revoke(actor=api_data.user("tanggamus_admin"), client=revoked)
    expired, expired_token = make_client(api_data, name="Kedaluwarsa")
    APIClient.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    _valid, valid_token = make_client(api_data, name="Sah")
    tampered = valid_token[:-4] + ("AAAA" if not valid_token.endswith("AAAA") else "BBBB")

    assert _refusal(http.get(url, **bearer(revoked_token))) == "Token klien API ini sudah dicabut."
    assert _refusal(http.get(url, **bearer(expired_token))) == "Token klien API ini sudah kedaluwarsa."
    for garbage in ("sampah", "sidp3_000000000000_rahasia", tampered, "sidp3__x"):
        assert _refusal(http.get(url, **bearer(garbage))) == "Token klien API tidak dikenal.", garbage
    assert "Bearer <token>" in _refusal(http.get(url, HTTP_AUTHORIZATION=f"Bearer {valid_token} lagi"))
    # No token at all: 401, asking for one.
    assert _refusal(http.get(url)) == "Data autentikasi tidak diberikan."
    # A refused token is nobody's call: nothing logged.
    assert not APICall.objects.exists()
    assert http.get(url, **bearer(valid_token)).status_code == 200


def test_a_token_is_never_the_session_of_a_signed_in_user(api_data, client):
    """A bad token beside a valid session is still refused: the token, once sent, decides."""
    client.force_login(api_data.user("tanggamus_viewer"))
    assert client.get(reverse("api:province-list")).status_code == 200
    assert client.get(reverse("api:province-list"), **bearer("sampah")).status_code == 401


@pytest.mark.urls("tests.api.write_urls")
def test_read_clients_only_read_and_tokens_need_no_csrf(api_data):
    http = Client(enforce_csrf_checks=True)
    _reader, read_token = make_client(api_data, name="Pembaca")
    _writer, write_token = make_client(api_data, name="Penulis", access=APIAccess.READ_WRITE)

    refused = http.post(WRITE_URL, {}, content_type="application/json", **bearer(read_token))
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Klien API ini hanya boleh membaca."
    assert http.get(reverse("api:province-list"), **bearer(read_token)).status_code == 200
    # A read and write client writes, without any CSRF token (no cookie carries its credentials).
    written = http.post(WRITE_URL, {}, content_type="application/json", **bearer(write_token))
    assert written.status_code == 201 and written.json()["user"].startswith("klien-api-")
    # On a read-only resource: past the permission, refused by the resource itself.
    loci = reverse("api:locus-list")
    assert http.post(loci, {}, content_type="application/json", **bearer(write_token)).status_code == 405
    assert http.post(loci, {}, content_type="application/json", **bearer(read_token)).status_code == 403


@pytest.mark.urls("tests.api.write_urls")
def test_a_session_still_needs_csrf_to_write(api_data):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(api_data.user("tanggamus_staff"))
    refused = browser.post(WRITE_URL, {}, content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    browser.get(reverse("home"))  # the page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    accepted = browser.post(WRITE_URL, {}, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201 and accepted.json()["user"] == "tanggamus-staff"


@pytest.mark.urls("tests.api.write_urls")
def test_every_call_of_a_client_is_logged(api_data):
    http = Client()
    made, token = make_client(api_data)
    loci = reverse("api:locus-list")
    http.get(f"{loci}?status=ditetapkan", **bearer(token))
    http.get(reverse("api:locus-detail", args=[api_data.flotim_locus.pk]), **bearer(token))
    http.post(WRITE_URL, {}, content_type="application/json", **bearer(token))
    etag = http.get(loci, **bearer(token))["ETag"]
    http.get(loci, HTTP_IF_NONE_MATCH=etag, **bearer(token))
    calls = list(APICall.objects.filter(client=made).order_by("at", "pk"))
    assert [(call.method, call.path, call.status) for call in calls] == [
        ("GET", f"{loci}?status=ditetapkan", 200),
        ("GET", reverse("api:locus-detail", args=[api_data.flotim_locus.pk]), 404),
        ("POST", WRITE_URL, 403),
        ("GET", loci, 200),
        ("GET", loci, 304),
    ]
    assert all(call.duration_ms >= 0 for call in calls)
    # A session's calls are not a client's.
    browser = Client()
    browser.force_login(api_data.user("tanggamus_viewer"))
    browser.get(loci)
    assert APICall.objects.count() == 5


def test_a_client_beyond_its_rate_is_answered_429(api_data, client):
    made, token = make_client(api_data)
    other, other_token = make_client(api_data, name="Lain")
    key = f"throttle_api_client_{made.pk}"
    cache.delete(key)
    http = Client()
    url = reverse("api:province-list")
    with override_settings(SIDP3_API_CLIENT_RATE="3/minute"):
        statuses = [http.get(url, **bearer(token)).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        refused = http.get(url, **bearer(token))
        assert int(refused["Retry-After"]) > 0
        assert refused.json()["detail"].startswith("Permintaan ini telah dibatasi.")
        assert http.get(url, **bearer(other_token)).status_code == 200  # each client counts apart
        # The users of a session keep their own rate, not the clients'.
        client.force_login(api_data.user("tanggamus_viewer"))
        cache.delete(f"throttle_user_{api_data.user('tanggamus_viewer').pk}")
        assert [client.get(url).status_code for _ in range(4)] == [200] * 4
    assert list(
        APICall.objects.filter(client=made).values_list("status", flat=True).order_by("at", "pk")
    ) == [
        200,
        200,
        200,
        429,
        429,
    ]
    cache.delete(key)
    cache.delete(f"throttle_api_client_{other.pk}")


def test_a_token_list_call_costs_a_fixed_number_of_queries(api_data):
    _made, token = make_client(api_data)
    http = Client()
    url = reverse("api:locus-list")
    http.get(url, **bearer(token))  # the first call also notes the client's last use
    with CaptureQueriesContext(connection) as queries:
        assert http.get(url, **bearer(token)).status_code == 200
    # The client with its account, office and region; the loci; their events; the call's log line.
    assert len(queries) == 4, [query["sql"] for query in queries]
