"""Asking for a report: the job is queued for the user; built (here without a worker), its file is there."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from reports.models import JobStatus, ReportJob
from reports.services import run_job
from tests.activities.factories_evaluations import locus_at
from tests.write_paths import Write, edit


def _a_locus(world) -> dict:
    locus_at(world.gunung_kasih)
    return {}


def _built(call, response):
    job = ReportJob.objects.get(requested_by=call.user)
    assert response["Location"] == "/laporan/"
    assert (job.report_type, job.year, job.format, job.status) == ("recap", 2021, "xlsx", JobStatus.QUEUED)
    assert call.callbacks, "the job is queued once the request's transaction commits"
    job = run_job(job.pk)
    assert job.status == JobStatus.SUCCEEDED, job.error
    with job.file.open("rb") as stored:
        workbook = load_workbook(io.BytesIO(stored.read()), read_only=True)
    cells = {str(cell) for sheet in workbook.worksheets for line in sheet.values for cell in line if cell}
    assert "Gunung Kasih" in cells


WRITES = {
    "reports:job_list": Write(
        actor="tanggamus_staff",
        kwargs=_a_locus,
        data=edit(jenis="recap", tahun="2021", format="xlsx"),
        check=_built,
    ),
}
