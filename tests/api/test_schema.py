"""The API's OpenAPI schema and reference page: the schema is valid OpenAPI 3, the checked-in copy
(docs/api/openapi.yaml) is what the code generates, every detail path of the schema is a 404 for another
province's object, and the reference page loads Swagger UI from this site's static files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from drf_spectacular.validation import validate_schema

from accounts.choices import OfficeLevel
from activities.choices import EvaluationStage
from activities.models import LocusEvaluation, Target, TrainingSession
from activities.services.evaluations import evaluation_create
from tests.activities.factories_advocacy import engagement
from tests.activities.factories_meetings import ntt_rakor
from tests.activities.factories_trainings import activity, cadre, session
from tests.factories import office_for

pytestmark = pytest.mark.django_db

CHECKED_IN = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"
REGENERATE = ".venv/bin/python manage.py spectacular --file docs/api/openapi.yaml"


def _schema(client, user) -> dict:
    client.force_login(user)
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    return yaml.safe_load(response.content)


def test_schema_endpoint_is_valid_openapi(world, client):
    schema = _schema(client, world.users["tanggamus_viewer"])
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/loci/" in schema["paths"]
    client.force_login(world.users["tanggamus_viewer"])
    as_json = client.get(reverse("api:schema"), {"format": "json"})
    assert as_json.json()["paths"].keys() == schema["paths"].keys()


def test_checked_in_schema_is_current(tmp_path):
    generated = tmp_path / "openapi.yaml"
    with translation.override("id"):
        # A warning (two components of one name, a field of unknown type) is a wrong schema: it fails here.
        call_command("spectacular", "--file", str(generated), "--fail-on-warn")
    assert generated.read_text() == CHECKED_IN.read_text(), (
        "docs/api/openapi.yaml differs from the schema the code generates: regenerate it with "
        f"`{REGENERATE}` and commit it"
    )


def flotim_evaluation(data):
    """Flores Timur's midterm evaluation (made once: a locus has one per stage)."""
    world = data.world
    existing = LocusEvaluation.objects.filter(locus=data.flotim_locus, stage=EvaluationStage.MIDTERM).first()
    return existing or evaluation_create(
        actor=world.users["flotim_commissioner"], locus=data.flotim_locus, stage=EvaluationStage.MIDTERM
    )


def flotim_target(data):
    office = office_for(OfficeLevel.REGENCY, data.world.flotim)
    target, _created = Target.objects.get_or_create(
        office=office, programme_year_id=2021, defaults={"cadres": 25}
    )
    return target


def _flotim_activity(data) -> int:
    locus = data.flotim_locus
    return activity(data.user("flotim_admin"), locus, [cadre(locus, "Kader Waibalun")]).pk


def _flotim_session(data) -> int:
    existing = TrainingSession.objects.filter(loci=data.flotim_locus).first()
    return (existing or session(data.user("flotim_admin"), [data.flotim_locus])).pk


# The detail paths of the schema, each with an object of Flores Timur (NTT). A scoped resource's object is a
# 404 to a Lampung or Tanggamus office; reference data (the region tree, programme years) is open to every
# signed-in user, as the region browser is. A write (POST) on another province's object is a 404 as well,
# once the role may write at all (a viewer is refused first, 403, as on the pages). A new detail path fails
# the test until it is put in one of them.
SCOPED = {
    "/api/v1/loci/{id}/": lambda data: data.flotim_locus.pk,
    "/api/v1/cadres/{id}/": lambda data: data.flotim_cadre.pk,
    "/api/v1/meetings/{id}/": lambda data: ntt_rakor(data.world).pk,  # Flores Timur took part
    "/api/v1/evaluations/{id}/": lambda data: flotim_evaluation(data).pk,
    "/api/v1/targets/{id}/": lambda data: flotim_target(data).pk,
    "/api/v1/cadres/{id}/nik/": lambda data: data.flotim_cadre.pk,
    "/api/v1/activities/{id}/": _flotim_activity,
    "/api/v1/training-sessions/{id}/": _flotim_session,
    "/api/v1/advocacy/{id}/": lambda data: engagement(data.world, "flotim").pk,
}
SCOPED_WRITES = {
    **{
        f"/api/v1/cadres/{{id}}/{step}/": lambda data: data.flotim_cadre.pk
        for step in ("verify", "interview", "appoint", "activate", "ineligible", "resign")
    },
    "/api/v1/training-sessions/{id}/attendance/": _flotim_session,
    # An activity recorded by the office (accepted): an empty body is a 400 on `status` or `note`.
    "/api/v1/activities/{id}/accept/": _flotim_activity,
    "/api/v1/activities/{id}/return/": _flotim_activity,
}
# The cadre app's detail paths (api/app.py): a cadre's account only, so every officer is refused (403) before
# the object is looked up; another locus' object is a 404 to a cadre (tests/api/test_app.py).
CADRE_APP = {
    "/api/v1/app/activities/{id}/": _flotim_activity,
    "/api/v1/app/activities/{id}/photos/": _flotim_activity,
}
REFERENCE = {
    "/api/v1/provinces/{code}/": lambda data: "53",
    "/api/v1/regencies/{code}/": lambda data: "53.06",
    "/api/v1/districts/{code}/": lambda data: "53.06.03",
    "/api/v1/villages/{code}/": lambda data: "53.06.03.1001",
    "/api/v1/programme-years/{year}/": lambda data: 2021,
}
# What those who see the object get where it is not a 200: nobody in the world may read a full NIK.
SEEN_STATUS = {"/api/v1/cadres/{id}/nik/": 403}
OTHERS = ("tanggamus_viewer", "tanggamus_admin", "lampung_viewer", "lampung_admin")
SEERS = ("national_viewer", "ntt_admin", "flotim_admin")


def test_every_detail_path_is_a_404_for_another_province(api_data, client):
    schema = _schema(client, api_data.user("national_viewer"))
    details = {path for path in schema["paths"] if "{" in path}
    known = set(SCOPED) | set(SCOPED_WRITES) | set(REFERENCE) | set(CADRE_APP)
    assert details == known, "classify the new detail paths in SCOPED, SCOPED_WRITES, REFERENCE or CADRE_APP"
    for path in sorted(details):
        identifier = {**SCOPED, **SCOPED_WRITES, **REFERENCE, **CADRE_APP}[path](api_data)
        url = re.sub(r"\{[^}]+\}", str(identifier), path)
        if path in CADRE_APP:
            for actor in OTHERS + SEERS:
                client.force_login(api_data.user(actor))
                for method in schema["paths"][path]:
                    if method in ("get", "put", "post"):
                        answer = getattr(client, method)(url, {}, content_type="application/json")
                        assert answer.status_code == 403, (actor, method, url, answer.status_code)
            continue
        if path in SCOPED_WRITES:
            assert set(schema["paths"][path]) == {"post"}, path
            for actor in OTHERS + SEERS:
                client.force_login(api_data.user(actor))
                status = client.post(url, {}, content_type="application/json").status_code
                expected = 403 if actor.endswith("_viewer") else (400 if actor in SEERS else 404)
                assert status == expected, (actor, url, status)
            continue
        for actor in OTHERS:
            client.force_login(api_data.user(actor))
            status = client.get(url).status_code
            assert status == (404 if path in SCOPED else 200), (actor, url, status)
        for actor in SEERS:
            client.force_login(api_data.user(actor))
            assert client.get(url).status_code == SEEN_STATUS.get(path, 200), (actor, url)


def test_docs_page_loads_its_vendored_assets(world, client):
    client.force_login(world.users["lampung_viewer"])
    page = client.get(reverse("api:docs"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<style" not in html
    scripts = re.findall(r'<script src="([^"]+)"', html)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert len(scripts) == 3 and len(styles) == 2, (scripts, styles)
    assert not [url for url in scripts + styles if "//" in url], "every asset comes from this site"
    assert all(url.startswith("/static/") for url in [*scripts[:2], *styles])
    # WhiteNoise reads its settings when the middleware is built: a new client, serving from the finders as
    # in development (production serves the same files collected by collectstatic).
    with override_settings(WHITENOISE_USE_FINDERS=True):
        browser = Client()
        for url in scripts[:2] + styles:
            response = browser.get(url)
            assert response.status_code == 200, url
            assert b"".join(response.streaming_content), url
    start = client.get(scripts[2].replace("&amp;", "&"))
    assert start["Content-Type"].startswith("application/javascript")
    assert reverse("api:schema").encode() in start.content
    csp = page["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
