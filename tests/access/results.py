"""Access to the election results pages. The summary is every signed-in officer's (it sums the results of
their jurisdiction); results files are uploaded by whoever loads the other evidence (national and province
offices whose role may decide); an import job is seen by its uploader only: its page and its polling status
are a 404 for everyone else, national administrators included. In jurisdiction: a job of the Lampung
commissioner; out: one of the KPU RI administrator."""

from __future__ import annotations

from locus.choices import ResultsJobStatus
from locus.models import ResultsImportJob
from tests.access import LOGGED_IN, Rule, table
from tests.access.evidence import EVIDENCE_IMPORTERS, only

OWNERS = {"in": "lampung_commissioner", "out": "national_admin"}


def _job(world, where: str) -> ResultsImportJob:
    return ResultsImportJob.objects.create(
        election_id="pemilu-2024",
        uploaded_by=world.users[OWNERS[where]],
        filename="hasil-tps.csv",
        status=ResultsJobStatus.SUCCEEDED,
        progress=100,
        rows_read=5,
        villages_new=2,
    )


def _rule() -> Rule:
    return Rule(
        expect=table(default=404, **{OWNERS["in"]: 200}),
        kwargs=lambda world: {"pk": _job(world, "in").pk},
        out_kwargs=lambda world: {"pk": _job(world, "out").pk},
        expect_out=table(default=404, **{OWNERS["out"]: 200}),
    )


ACCESS = {
    "locus:results_list": Rule(expect=LOGGED_IN),
    "locus:results_import": Rule(expect=only(EVIDENCE_IMPORTERS)),
    "locus:results_job": _rule(),
    "locus:results_job_status": _rule(),
}
