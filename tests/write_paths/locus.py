"""Loci (proposal, correction, each step, documents), the spreadsheet imports, election results per TPS (a job
run here without a worker) and programme years.

The loci are in Gunung Kasih (Tanggamus, Lampung); a step starts from a locus in the status it needs
(``locus_at`` writes it directly, the steps before are the subject of their own entries)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kernel.spreadsheets import write_table
from locus.choices import DocumentKind, IncidentKind, LocusCategory, ResultsJobStatus
from locus.choices import LocusStatus as S
from locus.models import (
    ElectionIndicator,
    IncidentRecord,
    Locus,
    LocusDocument,
    ProgrammeYear,
    ResultsImportJob,
    VillageResult,
)
from locus.resources import INCIDENT_COLUMNS, INDICATOR_COLUMNS, RESULTS_COLUMNS
from locus.services.results_jobs import results_job_run
from tests.access.loci import PDF, locus_kwargs
from tests.activities.factories_evaluations import locus_at
from tests.locus.test_imports import GOOD_LOCI, LOCUS_HEADERS
from tests.write_paths import Write, edit, import_file, upload


def _locus(call) -> Locus:
    return Locus.objects.get(pk=call.kwargs["pk"])


def _at(status: str, step: str):
    return lambda world: {"pk": locus_at(world.gunung_kasih, status=status).pk, "step": step}


def _proposal(step: str):
    return lambda world: {**locus_kwargs("in")(world), "step": step}


def _now(status: str, **fields):
    def check(call, response):
        locus = _locus(call)
        assert response["Location"] == locus.get_absolute_url()
        assert locus.status == status
        for name, value in fields.items():
            assert getattr(locus, name) == value, name

    return check


def _proposed(call, response):
    locus = Locus.objects.get(village=call.world.gunung_kasih, programme_year=2022)
    assert response["Location"] == locus.get_absolute_url()
    assert (locus.status, locus.category, locus.proposed_by) == (
        S.PROPOSED,
        LocusCategory.HIGH_VIOLATION,
        call.user,
    )


def _with_document(kind: str, title: str):
    def check(call, response):
        document = LocusDocument.objects.get(locus_id=call.kwargs["pk"], kind=kind)
        assert document.title == title and document.uploaded_by == call.user
        with document.file.open("rb") as stored:
            assert stored.read() == PDF

    return check


def _designated(call, response):
    _now(S.DESIGNATED, decree_number="45/PP.06-Kpt/18/Prov/V/2021", decree_date=dt.date(2021, 5, 20))(
        call, response
    )
    _with_document(DocumentKind.DECREE, "SK 45/PP.06-Kpt/18/Prov/V/2021")(call, response)


def _agreement_signed(call, response):
    _now(S.AGREEMENT_SIGNED, agreement_number="01/PKS/2021")(call, response)
    _with_document(DocumentKind.AGREEMENT, "PKS 01/PKS/2021")(call, response)


def _loci_imported(call, response):
    assert response["Location"] == "/lokus/"
    loci = {locus.village_id: locus for locus in Locus.objects.filter(programme_year=2021)}
    assert set(loci) == {"18.06.11.2016", "18.06.21.2005"}
    assert loci["18.06.21.2005"].status == S.DESIGNATED


def _indicators_imported(call, response):
    assert set(ElectionIndicator.objects.values_list("region_code", "election_id", "turnout_percent")) == {
        ("18.06.11.2016", "pemilu-2019", Decimal("61.50")),
        ("18.06", "pemilu-2019", Decimal("70.25")),
    }


def _incidents_imported(call, response):
    assert set(IncidentRecord.objects.values_list("region_code", "kind", "year")) == {
        ("18.06.21.2005", IncidentKind.LANDSLIDE, 2020)
    }


def _results_imported(call, response):
    job = ResultsImportJob.objects.get(uploaded_by=call.user)
    assert response["Location"] == job.get_absolute_url()
    assert (job.election_id, job.illustrative, job.status) == ("pemilu-2024", True, ResultsJobStatus.QUEUED)
    assert job.file and call.callbacks, "the job is queued once the request's transaction commits"
    job = results_job_run(job.pk)
    assert job.status == ResultsJobStatus.SUCCEEDED, job.errors
    assert set(
        VillageResult.objects.values_list("village_id", "polling_stations", "voters", "illustrative")
    ) == {("18.06.11.2016", 2, 310, True)}


def _year_changed(call, response):
    year = ProgrammeYear.objects.get(pk=2021)
    assert response["Location"] == year.get_absolute_url()
    assert (year.roster_size, year.description) == (30, "Perluasan ke desa rawan bencana.")


def _schedule_set(call, response):
    year = ProgrammeYear.objects.get(pk=2021)
    assert response["Location"] == f"{year.get_absolute_url()}#tonggak"
    schedule = {m.key: (m.due_date, m.offset_days) for m in year.milestones.all()}
    assert schedule == {"sk": (dt.date(2021, 5, 31), None), "pks": (None, 30)}


WRITES = {
    "locus:locus_create": Write(
        actor="tanggamus_staff",
        data=lambda call: {
            "village": "18.06.11.2016",
            "programme_year": "2022",
            "category": LocusCategory.HIGH_VIOLATION,
            "rationale": "Temuan pelanggaran tertinggi di kecamatannya.",
        },
        check=_proposed,
    ),
    "locus:locus_update": Write(
        actor="tanggamus_staff",
        kwargs=locus_kwargs("in"),
        data=edit(rationale="Partisipasi Pemilu 2019 terendah di Kabupaten Tanggamus."),
        check=_now(S.PROPOSED, rationale="Partisipasi Pemilu 2019 terendah di Kabupaten Tanggamus."),
    ),
    "locus:locus_transition": (
        Write(
            label="tetapkan",
            actor="lampung_admin",
            kwargs=_proposal("tetapkan"),
            data=lambda call: {
                "decree_number": "45/PP.06-Kpt/18/Prov/V/2021",
                "decree_date": "20/05/2021",
                "decree_file": upload("sk.pdf", PDF, "application/pdf"),
                "note": "",
            },
            check=_designated,
        ),
        Write(
            label="tolak",
            actor="lampung_commissioner",
            kwargs=_proposal("tolak"),
            data=lambda call: {"reason": "Desa ini sudah menjadi lokus program lain."},
            check=_now(S.REJECTED, status_reason="Desa ini sudah menjadi lokus program lain."),
        ),
        Write(
            label="pks",
            actor="tanggamus_commissioner",
            kwargs=_at(S.DESIGNATED, "pks"),
            data=lambda call: {
                "agreement_number": "01/PKS/2021",
                "agreement_date": "2021-06-10",
                "agreement_signatories": "Ketua KPU Kabupaten Tanggamus; Kepala Pekon Gunung Kasih",
                "agreement_file": upload("pks.pdf", PDF, "application/pdf"),
            },
            check=_agreement_signed,
        ),
        Write(
            label="aktifkan",
            actor="tanggamus_admin",
            kwargs=_at(S.AGREEMENT_SIGNED, "aktifkan"),
            data=lambda call: {"note": "Kader sudah ditetapkan."},
            check=_now(S.ACTIVE),
        ),
        Write(
            label="selesaikan",
            actor="lampung_admin",
            kwargs=_at(S.ACTIVE, "selesaikan"),
            data=lambda call: {"note": "Program tahun ini selesai."},
            check=_now(S.CLOSED),
        ),
        Write(
            label="batalkan",
            actor="lampung_commissioner",
            kwargs=_at(S.DESIGNATED, "batalkan"),
            data=lambda call: {"reason": "Pemekaran desa."},
            check=_now(S.CANCELLED, status_reason="Pemekaran desa."),
        ),
    ),
    "locus:document_create": Write(
        actor="tanggamus_staff",
        kwargs=locus_kwargs("in"),
        data=lambda call: {
            "kind": DocumentKind.OTHER,
            "title": "Berita acara pemetaan",
            "file": upload("berita-acara.pdf", PDF, "application/pdf"),
        },
        check=_with_document(DocumentKind.OTHER, "Berita acara pemetaan"),
    ),
    # A real XLSX file for the loci, CSV files for the evidence.
    "locus:locus_import": Write(
        actor="lampung_admin",
        submit=import_file("lokus.xlsx", lambda call: write_table(LOCUS_HEADERS, GOOD_LOCI, fmt="xlsx")),
        check=_loci_imported,
    ),
    "locus:indicator_import": Write(
        actor="lampung_commissioner",
        submit=import_file(
            "indikator.csv",
            lambda call: write_table(
                list(INDICATOR_COLUMNS),
                [
                    ["18.06.11.2016", "Pemilu 2019", "61,5", "2", "", "Rekap desa"],
                    ["18.06", "Pemilu 2019", "70.25", "", "", ""],
                ],
                fmt="csv",
            ),
        ),
        check=_indicators_imported,
    ),
    "locus:incident_import": Write(
        actor="lampung_admin",
        submit=import_file(
            "kejadian.csv",
            lambda call: write_table(
                list(INCIDENT_COLUMNS),
                [["18.06.21.2005", "Tanah longsor", "2020", "Longsor di jalan pekon."]],
                fmt="csv",
            ),
        ),
        check=_incidents_imported,
    ),
    "locus:results_import": Write(
        actor="lampung_commissioner",
        data=lambda call: {
            "pemilu": "pemilu-2024",
            "ilustrasi": "on",
            "berkas": upload(
                "hasil-tps.csv",
                write_table(
                    list(RESULTS_COLUMNS),
                    [
                        ["18.06.11.2016", 1, 200, 2, 160, 155, 5],
                        ["18.06.11.2016", 2, 210, 0, 150, 149, 1],
                    ],
                    fmt="csv",
                ),
            ),
        },
        check=_results_imported,
    ),
    "locus:programmeyear_update": Write(
        actor="national_admin",
        kwargs=lambda world: {"year": 2021},
        data=edit(roster_size="30", description="Perluasan ke desa rawan bencana."),
        check=_year_changed,
    ),
    "locus:milestone_schedule": Write(
        actor="national_admin",
        kwargs=lambda world: {"year": 2021},
        data=edit({"sk__tanggal": "2021-05-31", "pks__hari": "30"}),
        check=_schedule_set,
    ),
}
