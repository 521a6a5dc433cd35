"""Contract tests of the API: schemathesis generates requests from the checked-in schema
(docs/api/openapi.yaml), valid ones and invalid ones, sends each to the Django application in-process (WSGI)
as a signed-in user, and checks every answer against the schema: no server error, a documented status code,
the documented content type, headers and body.

Two passes over every operation: one as a Lampung province administrator with generated path values (mostly
404s: another jurisdiction's object or none), one as a KPU RI administrator with each detail path's known
object (tests/api/test_schema.py's SCOPED and REFERENCE), so that detail answers are 200s whose bodies are
checked. Then the error answers no generated request meets: not signed in, beyond the rate. The data is the
real test database's: the access table's world and ``api_data``.

The cases are the same on every run (derandomized). ``SIDP3_CONTRACT_SEED=<n>`` draws others, the same ones
for the same n; ``SIDP3_CONTRACT_EXAMPLES=<n>`` draws more per operation (docs/developer/api.md).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import schemathesis  # not importorskip: without schemathesis (the dev extras) this module fails, not skips
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpRequest
from django.middleware.csrf import get_token
from hypothesis import HealthCheck, settings
from rest_framework.throttling import UserRateThrottle

from tests.api.test_schema import CADRE_APP, REFERENCE, SCOPED, SCOPED_WRITES

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"

schema = schemathesis.openapi.from_path(SCHEMA_FILE)
if os.environ.get("SIDP3_CONTRACT_SEED"):
    schema.config.seed = int(os.environ["SIDP3_CONTRACT_SEED"])  # a seed of one's own outweighs derandomize

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_headers_conformance,
    schemathesis.checks.response_schema_conformance,
]

# Per operation: the coverage cases (each parameter's boundaries and wrong types, other methods) and
# max_examples drawn ones, valid and invalid; the whole module in about 30 s on one core.
CONTRACT_SETTINGS = settings(
    max_examples=int(os.environ.get("SIDP3_CONTRACT_EXAMPLES", 20)),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def app():
    """The Django application as a WSGI server runs it, minus the closing of the database connection around
    each request (as Django's test client does): the test's transaction stays open across requests."""
    started = request_started.disconnect(close_old_connections)
    finished = request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    if started:
        request_started.connect(close_old_connections)
    if finished:
        request_finished.connect(close_old_connections)


class Browser:
    """A browser's cookies and headers: signed in, with the CSRF cookie and its header, so that a write is
    checked as a write, not refused for want of a token; or anonymous."""

    def __init__(self, client=None, user=None):
        self.cookies, self.headers = {}, {}
        if user is not None:
            client.force_login(user)  # the second sign-in step too, for the users who need it
            cache.delete(f"throttle_user_{user.pk}")  # the rate counts from zero (Redis outlives a run)
            request = HttpRequest()
            token = get_token(request)
            self.cookies = {
                "sessionid": client.cookies["sessionid"].value,
                "csrftoken": request.META["CSRF_COOKIE"],
            }
            self.headers = {"X-CSRFToken": token}

    def call_and_validate(self, case, app):
        return case.call_and_validate(app=app, cookies=self.cookies, headers=self.headers, checks=CHECKS)


@pytest.fixture
def province_admin(api_data, client):
    return Browser(client, api_data.user("lampung_admin"))


@pytest.fixture
def national_admin(api_data, client):
    return Browser(client, api_data.user("national_admin"))


@schema.parametrize()
@CONTRACT_SETTINGS
def test_every_answer_is_documented(case, app, province_admin):
    province_admin.call_and_validate(case, app)


KNOWN_OBJECTS = {**SCOPED, **SCOPED_WRITES, **REFERENCE, **CADRE_APP}


@schema.include(path_regex=r"\{").parametrize()
@CONTRACT_SETTINGS
def test_every_answer_about_a_known_object_is_documented(case, app, api_data, national_admin):
    path = case.operation.path
    assert path in KNOWN_OBJECTS, (
        f"{path}: name its object in SCOPED, SCOPED_WRITES or REFERENCE, tests/api/test_schema.py"
    )
    (name,) = re.findall(r"\{([^}]+)\}", path)
    case.path_parameters = {**(case.path_parameters or {}), name: KNOWN_OBJECTS[path](api_data)}
    national_admin.call_and_validate(case, app)


def _get(path: str, **parts):
    return schema[path]["GET"].Case(**parts)


def test_not_signed_in_is_a_documented_401(app, api_data):
    response = Browser().call_and_validate(_get("/api/v1/loci/"), app)
    assert response.status_code == 401
    assert {name.lower(): value for name, value in response.headers.items()}["www-authenticate"] == [
        'Bearer realm="api"'
    ]


def test_beyond_the_rate_is_a_documented_429(app, api_data, client, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "1/minute"})
    browser = Browser(client, api_data.user("lampung_viewer"))
    statuses = [browser.call_and_validate(_get("/api/v1/provinces/"), app).status_code for _ in range(2)]
    assert statuses == [200, 429]
    cache.delete(f"throttle_user_{api_data.user('lampung_viewer').pk}")


@pytest.mark.parametrize(
    ("path", "parts"),
    [
        ("/api/v1/cadres/{id}/", {"path_parameters": {"id": 0}}),
        ("/api/v1/loci/", {"query": {"cursor": "bukan-kursor"}}),
    ],
)
def test_not_found_says_so_in_indonesian(app, api_data, client, path, parts):
    response = Browser(client, api_data.user("lampung_viewer")).call_and_validate(_get(path, **parts), app)
    assert response.status_code == 404
    assert response.json()["detail"] in {
        "Data tidak ditemukan.",
        "Kursor halaman tidak valid: ikuti tautan next atau previous dari jawaban.",
    }


@pytest.mark.parametrize(
    "path", ["/api/v1/cadres/0.5/", "/api/v1/provinces/x/", "/api/v1/regencies/a%0Ab/", "/api/v1/tidak-ada/"]
)
def test_a_path_no_route_takes_is_the_apis_json_404(api_data, client, path):
    client.force_login(api_data.user("lampung_viewer"))
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Data tidak ditemukan."}
    assert client.get("/api/v1/terbuka/tidak-ada/")["Content-Type"].startswith("text/html")  # open data's own
