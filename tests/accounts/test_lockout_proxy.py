"""The sign-in lockout behind reverse proxies (security finding: behind a proxy every client shares the
proxy's address, so anyone could lock out any account). The client's address comes from X-Forwarded-For
only through ``SIDP3_TRUSTED_PROXIES`` proxies (``kernel.network.client_ip``)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from kernel.network import client_ip
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
PROXY = "10.0.0.5"  # the reverse proxy's own address, as gunicorn sees every request


def login(client, username, password=PASSWORD, **headers):
    return client.post(LOGIN, {"username": username, "password": password}, **headers)


def fail_five_times(client, username, **headers):
    for _ in range(5):
        login(client, username, "bukan-kata-sandinya", **headers)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", PROXY),  # no proxy trusted: the header is never read
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the left entry was typed by the client
        (2, "198.51.100.1, 203.0.113.9, 10.0.0.4", "203.0.113.9"),
        (2, "203.0.113.9", PROXY),  # fewer entries than proxies: a request that bypassed one
        (1, "bukan-alamat", PROXY),
        (1, "2001:db8::1", "2001:db8::1"),
        (1, "", PROXY),
    ],
)
def test_the_client_address_is_read_through_the_trusted_proxies_only(settings, proxies, forwarded, expected):
    settings.SIDP3_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_without_a_trusted_proxy_a_forged_header_cannot_lock_out_another_address(client, world, settings):
    settings.SIDP3_TRUSTED_PROXIES = 0
    # An attacker at 198.51.100.7 fails five times, claiming to be the officer's address.
    fail_five_times(client, "tanggamus-staff", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert login(client, "tanggamus-staff", REMOTE_ADDR="198.51.100.7").status_code == 429
    # The officer at 203.0.113.9 still signs in.
    assert login(client, "tanggamus-staff", REMOTE_ADDR="203.0.113.9").status_code == 302


def test_behind_one_proxy_a_forged_header_cannot_lock_out_another_client(client, world, settings):
    settings.SIDP3_TRUSTED_PROXIES = 1
    # The attacker puts the officer's address first; the proxy appends the attacker's real one.
    fail_five_times(
        client,
        "tanggamus-staff",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7",
    )
    assert (
        login(client, "tanggamus-staff", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code
        == 429
    )
    response = login(client, "tanggamus-staff", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert response.status_code == 302


def test_behind_one_proxy_two_clients_are_told_apart(client, world, settings):
    settings.SIDP3_TRUSTED_PROXIES = 1
    fail_five_times(client, "tanggamus-staff", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert (
        login(client, "tanggamus-staff", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code
        == 429
    )
    # Every request comes from the proxy's address, yet the other client is not locked out.
    assert (
        login(client, "tanggamus-staff", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code
        == 302
    )
