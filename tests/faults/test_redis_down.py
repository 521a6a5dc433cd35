"""Redis down: asking for a report through the Laporan page fails clearly and fast. The job is marked
failed with its Indonesian reason, the user reads it on the page, and the request returns within a bound
set by the configured timeouts (a hang guard with a generous margin, not a benchmark).

Two ways Redis can be down, both real: a port nothing listens on (the connection is refused) and a server
that accepts the connection and never answers (a hung Redis, a dead firewall: only the read timeout ends
the wait)."""

from __future__ import annotations

import contextlib
import time

import pytest
from django.conf import settings
from django.urls import reverse

from reports.models import JobStatus, ReportJob
from tests.factories import build_world
from tests.faults.support import SilentServer, closed_port
from tests.locus.factories import LocusFactory
from tests.reports.jobs_support import (
    job_builders,  # noqa: F401 (the fixture of pytestmark)
)

pytestmark = [pytest.mark.redis, pytest.mark.usefixtures("job_builders")]

LIST = reverse("reports:job_list")
QUEUE_DOWN = "Layanan antrean tidak tersedia"


@contextlib.contextmanager
def broker_at(port: int):
    from dp3.celery import app

    saved = app.conf.broker_url
    app.conf.broker_url = f"redis://127.0.0.1:{port}/0"
    try:
        yield
    finally:
        app.conf.broker_url = saved


def _bound() -> float:
    """What the settings allow: three attempts (two retries, at most 1 s apart), each bounded by the
    connect and read timeouts; then a generous margin for a loaded machine."""
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    per_attempt = options["socket_connect_timeout"] + options["socket_timeout"]
    return 3 * per_attempt + 2 * 1 + 10


def _ask(client):
    started = time.monotonic()
    response = client.post(
        LIST, {"jenis": "uji-lokus", "tahun": 2021, "wilayah": "", "format": "csv"}, follow=True
    )
    return response, time.monotonic() - started


@pytest.mark.parametrize("down", ["refused", "silent"])
def test_a_report_request_fails_clearly_and_fast_when_redis_is_down(transactional_db, client, down):
    # Committed rows (transactional_db): the job is queued after the commit, as in production, and the page
    # reads the failure the publish left.
    world = build_world()
    LocusFactory(village=world.gunung_kasih)
    client.force_login(world.users["tanggamus_staff"])
    silent = SilentServer() if down == "silent" else None
    try:
        with broker_at(silent.port if silent else closed_port()):
            response, elapsed = _ask(client)
    finally:
        if silent:
            silent.close()
    assert elapsed < _bound(), f"the request took {elapsed:.1f}s, more than the timeouts allow"
    assert response.status_code == 200 and response.redirect_chain[-1][0] == LIST
    page = response.content.decode()
    assert QUEUE_DOWN in page  # the message above the list
    job = ReportJob.objects.get()
    assert job.status == JobStatus.FAILED and job.error.startswith(QUEUE_DOWN) and job.finished_at
    assert job.task_id == "" and not job.file


def test_the_settings_bound_every_wait_on_redis():
    """Connect and read timeouts on the broker and the cache: without a read timeout a publish to a hung
    Redis waits forever (kombu's socket_timeout defaults to None)."""
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert 0 < options["socket_connect_timeout"] <= 5 and 1 < options["socket_timeout"] <= 10
    assert options["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT
    cache = settings.CACHES["default"]
    assert cache["OPTIONS"]["socket_connect_timeout"] and cache["OPTIONS"]["socket_timeout"]
