"""The API as another KPU system meets it: a client that knows nothing but the server's address, its token and
what the OpenAPI schema says, over real HTTP (``requests`` against pytest-django's live server).

Lampung's province office has a read-and-write API client. Its program reads the schema, finds each
operation by its ``operationId``, lists the loci of its province page by page (following the cursor),
registers a cadre in one of them with a body built from the schema's request properties, and is refused
Flores Timur's locus (NTT) both as a read (404) and as the locus of a registration (400, as a locus that does
not exist)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import requests
from django.utils import timezone

from accounts.api_clients import api_client_create
from accounts.choices import APIAccess, OfficeLevel
from cadre.models import Cadre, NikAccess
from tests.api.test_cadre_writes import registration
from tests.factories import office_for

pytestmark = pytest.mark.django_db(transaction=True)


class SchemaClient:
    """A generic client: every URL and method comes from the schema, by operationId."""

    def __init__(self, base_url: str, token: str):
        self.base_url = base_url
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        schema = self.session.get(f"{base_url}/api/v1/schema/", params={"format": "json"}, timeout=30)
        schema.raise_for_status()
        self.schema = schema.json()
        self.operations = {
            operation["operationId"]: (method.upper(), path, operation)
            for path, methods in self.schema["paths"].items()
            for method, operation in methods.items()
            if isinstance(operation, dict) and "operationId" in operation
        }

    def request_properties(self, operation_id: str) -> tuple[set[str], set[str]]:
        """The properties and the required ones of an operation's JSON body, as the schema names them."""
        _method, _path, operation = self.operations[operation_id]
        ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        component = self.schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
        return set(component["properties"]), set(component.get("required", []))

    def call(self, operation_id: str, *, path: dict | None = None, query=None, body=None, headers=None):
        method, template, operation = self.operations[operation_id]
        url = re.sub(r"\{(\w+)\}", lambda match: str((path or {})[match.group(1)]), template)
        named = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        assert set(headers or {}) <= named, f"{operation_id} documents no header {set(headers) - named}"
        return self.session.request(
            method, f"{self.base_url}{url}", params=query, json=body, headers=headers, timeout=30
        )

    def every_page(self, operation_id: str, query: dict) -> list[dict]:
        rows, answer = [], self.call(operation_id, query=query)
        while True:
            answer.raise_for_status()
            page = answer.json()
            rows += page["results"]
            if not page["next"]:
                return rows
            answer = self.session.get(page["next"], timeout=30)


@pytest.fixture
def lampung_client(api_data, live_server) -> tuple[SchemaClient, object]:
    world = api_data.world
    client, token = api_client_create(
        actor=world.users["lampung_admin"],
        office=office_for(OfficeLevel.PROVINCE, world.lampung),
        name="Sistem informasi KPU Provinsi Lampung",
        access=APIAccess.READ_WRITE,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    return SchemaClient(live_server.url, token), client


def test_a_client_from_the_schema_lists_its_loci_registers_a_cadre_and_is_refused_elsewhere(
    api_data, lampung_client
):
    api, client = lampung_client

    # Its province's loci, every page (one row a page: the cursor is followed as the answers give it).
    loci = api.every_page("loci_list", {"province": "18", "page_size": 1})
    assert {row["id"] for row in loci} == {api_data.tanggamus_locus.pk, api_data.lampung_locus.pk}
    assert {row["province"] for row in loci} == {"18"}
    everything = api.every_page("loci_list", {"page_size": 1000})
    assert api_data.flotim_locus.pk not in {row["id"] for row in everything}  # its jurisdiction only

    # A registration built from the schema's request body: the fields it names, its required ones given.
    body = registration(api_data.lampung_locus, full_name="Dewi Anggraini")
    properties, required = api.request_properties("cadres_create")
    assert set(body) <= properties and required <= set(body)
    answer = api.call("cadres_create", body=body)
    assert answer.status_code == 201, answer.text
    cadre_id = answer.json()["cadre"]["id"]
    stored = Cadre.objects.get(pk=cadre_id)
    assert (stored.locus_id, stored.full_name, stored.nik) == (
        api_data.lampung_locus.pk,
        "Dewi Anggraini",
        body["nik"],
    )
    assert stored.history.first().history_user == client.user  # the client's own account, in the history
    shown = api.call("cadres_retrieve", path={"id": cadre_id}).json()
    assert shown["nik"] != body["nik"] and shown["nik"].endswith(body["nik"][-4:])  # masked

    # Another province's locus: not found as a read, and as a registration's locus like a locus that does
    # not exist.
    assert api.call("loci_retrieve", path={"id": api_data.flotim_locus.pk}).status_code == 404
    elsewhere = api.call("cadres_create", body=registration(api_data.flotim_locus))
    assert (elsewhere.status_code, elsewhere.json()) == (400, {"locus": ["Lokus tidak ditemukan."]})
    nowhere = api.call("cadres_create", body={**registration(api_data.flotim_locus), "locus": 10**9})
    assert nowhere.json() == elsewhere.json()
    assert not Cadre.objects.filter(locus=api_data.flotim_locus, full_name="Rina Marlina").exists()

    # A full NIK stays out of a machine's reach, and nothing was logged as seen.
    reason = {"X-Alasan-Akses": "Pencocokan data dengan sistem kepegawaian"}
    refused = api.call("cadres_nik_retrieve", path={"id": cadre_id}, headers=reason)
    assert (refused.status_code, refused.json()) == (
        403,
        {"detail": "Anda tidak memiliki izin melihat NIK lengkap."},
    )
    assert not NikAccess.objects.filter(user=client.user).exists()

    # Every call was logged with its path and status.
    statuses = list(client.calls.order_by("at").values_list("path", "status"))
    assert ("/api/v1/schema/?format=json", 200) in statuses
    assert any(path.startswith("/api/v1/cadres/") and status == 201 for path, status in statuses)
    assert any(status == 404 for _path, status in statuses)
