"""Access to the Laporan pages. Every role may ask for reports (asking is reading); a job is seen only by
the user who asked for it: its status row and its file are a 404 for everyone else, national administrators
included. In jurisdiction: a finished job of the Tanggamus staff member; out: one of the Flores Timur
administrator."""

from __future__ import annotations

from pathlib import Path

from django.core.files.storage import default_storage

from reports.models import JobStatus, ReportJob
from tests.access import LOGGED_IN, Rule, table

OWNERS = {"in": "tanggamus_staff", "out": "flotim_admin"}


def _job(world, where: str) -> ReportJob:
    job = ReportJob.objects.create(
        report_type="recap",
        year=2021,
        format="csv",
        requested_by=world.users[OWNERS[where]],
        status=JobStatus.SUCCEEDED,
        progress=100,
        filename="rekap.csv",
        content_type="text/csv; charset=utf-8",
    )
    path = Path(default_storage.path(job.storage_name))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("kode_desa\n")
    job.file.name = job.storage_name
    job.save(update_fields=["file"])
    return job


def _rule() -> Rule:
    return Rule(
        expect=table(default=404, **{OWNERS["in"]: 200}),
        kwargs=lambda world: {"pk": _job(world, "in").pk},
        out_kwargs=lambda world: {"pk": _job(world, "out").pk},
        expect_out=table(default=404, **{OWNERS["out"]: 200}),
    )


ACCESS = {
    "reports:job_list": Rule(expect=LOGGED_IN),
    "reports:job_status": _rule(),
    "reports:job_download": _rule(),
}
