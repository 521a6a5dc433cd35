"""PDF rendering never fetches (security finding: server-side request forgery through the minutes PDF).

Minutes written in Markdown may hold ``![x](http://127.0.0.1:…/)``; WeasyPrint's default fetcher would request
that address from the web process (the minutes page) and from the worker (the minutes report) and paint the
answer into the PDF. A listening server on loopback counts the requests it gets: none may arrive, whatever the
stored text holds, while SIDP3's own static files still reach the PDF."""

from __future__ import annotations

import base64
import http.server
import io
import threading
from contextlib import contextmanager

import pytest
from django.urls import reverse
from pypdf import PdfReader

from activities.models import CoordinationMeeting
from kernel.pdf import PDF_BASE_URL, render_pdf, static_file_for
from reports.builders.minutes import build_minutes
from reports.models import JobStatus, ReportJob
from reports.services import JobParameters, report_request
from tests.activities.factories_meetings import ntt_rakor
from tests.factories import build_world
from tests.reports.factories_builders import report_request as builder_request
from tests.reports.jobs_support import celery_worker, wait_for

# A 1×1 PNG: what a fetched image would be painted with.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005"
    "0001ff8d2f8b1e0000000049454e44ae426082"
)


@contextmanager
def listening_server():
    """A loopback HTTP server that answers every GET with an image and records the paths it was asked."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PIXEL)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", hits
    finally:
        server.shutdown()
        server.server_close()


def hostile_minutes(origin: str) -> str:
    return (
        "## Diskusi\n\n"
        f"![peta]({origin}/gambar.png)\n\n"
        f'<img src="{origin}/mentah.png">\n\n'
        "![berkas](file:///etc/passwd)\n\n"
        f"[tautan]({origin}/tautan)\n"
    )


def test_the_minutes_page_fetches_nothing_the_minutes_point_at(client, world):
    meeting = ntt_rakor(world)
    with listening_server() as (origin, hits):
        CoordinationMeeting.objects.filter(pk=meeting.pk).update(minutes=hostile_minutes(origin))
        client.force_login(world.users["ntt_admin"])
        response = client.get(reverse("activities:meeting_minutes_pdf", args=[meeting.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert hits == []


def test_the_minutes_report_fetches_nothing_the_minutes_point_at(world, tmp_path):
    meeting = ntt_rakor(world)
    with listening_server() as (origin, hits):
        CoordinationMeeting.objects.filter(pk=meeting.pk).update(minutes=hostile_minutes(origin))
        request = builder_request(world.users["ntt_admin"], "minutes", "pdf", tmp_path, meeting_id=meeting.pk)
        build_minutes(request)
    assert request.output_path.read_bytes().startswith(b"%PDF")
    assert hits == []


@pytest.mark.redis
@pytest.mark.postgres
def test_a_worker_building_the_minutes_fetches_nothing(transactional_db):
    world = build_world()
    meeting = ntt_rakor(world)
    with listening_server() as (origin, hits):
        CoordinationMeeting.objects.filter(pk=meeting.pk).update(minutes=hostile_minutes(origin))
        with celery_worker():
            job = report_request(
                user=world.users["ntt_admin"],
                params=JobParameters(report_type="minutes", format="pdf", meeting=meeting),
            )
            job = wait_for(
                lambda: ReportJob.objects.filter(
                    pk=job.pk, status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED]
                ).first(),
                timeout=120,
                what="the worker to build the minutes",
            )
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.file.read().startswith(b"%PDF")
    assert hits == []


def test_only_sidp3_static_files_and_data_uris_are_served(settings):
    assert static_file_for(PDF_BASE_URL + settings.STATIC_URL.lstrip("/") + "css/sidp3.css").is_file()
    for refused in (
        "http://127.0.0.1:6379/",
        "https://example.org/static/css/sidp3.css",
        "file:///etc/passwd",
        PDF_BASE_URL + "media/laporan/x.pdf",
        PDF_BASE_URL + settings.STATIC_URL.lstrip("/") + "../../dp3/settings/base.py",
        PDF_BASE_URL + settings.STATIC_URL.lstrip("/") + "%2e%2e/%2e%2e/manage.py",
    ):
        assert static_file_for(refused) is None, refused


def test_the_fetcher_serves_a_static_file_and_refuses_the_rest(settings):
    from kernel.pdf import FetchRefused, _fetcher

    fetcher = _fetcher()
    served = fetcher.fetch(PDF_BASE_URL + settings.STATIC_URL.lstrip("/") + "css/sidp3.css")
    assert served.content_type == "text/css" and served.read()
    with pytest.raises(FetchRefused):
        fetcher.fetch("http://127.0.0.1:1/")
    with pytest.raises(FetchRefused):
        fetcher.fetch("file:///etc/passwd")


def test_a_data_uri_image_reaches_the_pdf_while_a_remote_one_does_not():
    def images(html: str) -> int:
        reader = PdfReader(io.BytesIO(render_pdf(html)))
        return sum(len(page.images) for page in reader.pages)

    data_uri = "data:image/png;base64," + base64.b64encode(PIXEL).decode()
    with listening_server() as (origin, hits):
        assert images(f'<img src="{data_uri}" width="10">') == 1
        assert images(f'<img src="{origin}/x.png" width="10">') == 0
    assert hits == []
