"""Loci through their stages: who may do what, in which order, and what is recorded."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from locus.choices import LocusCategory, LocusStatus
from locus.models import Locus, LocusEvent, ProgrammeYear
from locus.services.loci import (
    locus_activate,
    locus_cancel,
    locus_close,
    locus_designate,
    locus_propose,
    locus_record_agreement,
    locus_reject,
    may_transition,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def year(db):
    return ProgrammeYear.objects.get(year=2021)


def propose(world, year, actor="tanggamus_staff", village=None):
    return locus_propose(
        actor=world.users[actor],
        village=village or world.gunung_kasih,
        programme_year=year,
        category=LocusCategory.LOW_TURNOUT,
        rationale="Partisipasi Pemilu 2019 terendah di Kecamatan Pugung.",
    )


def designate(world, locus, actor="lampung_commissioner", upload=None):
    return locus_designate(
        actor=world.users[actor],
        locus=locus,
        decree_number="123/PP.06-Kpt/18/Prov/V/2021",
        decree_date=dt.date(2021, 5, 20),
        decree_file=upload,
    )


def test_full_path_from_proposal_to_closing_is_recorded(world, year):
    locus = propose(world, year)
    assert locus.status == LocusStatus.PROPOSED
    assert (locus.regency_id, locus.province_id) == ("18.06", "18")
    locus = designate(world, locus, upload=SimpleUploadedFile("sk.pdf", PDF, "application/pdf"))
    assert locus.status == LocusStatus.DESIGNATED
    assert locus.documents.get().kind == "sk"
    locus = locus_record_agreement(
        actor=world.users["tanggamus_commissioner"],
        locus=locus,
        agreement_number="01/PKS/KPU-Tgm/VI/2021",
        agreement_date=dt.date(2021, 6, 10),
        signatories="Angga Lazuardi (Ketua KPU Kabupaten Tanggamus); Budi Rohman (Kepala Pekon Gunung Kasih)",
    )
    locus = locus_activate(actor=world.users["tanggamus_commissioner"], locus=locus)
    locus = locus_close(
        actor=world.users["lampung_commissioner"], locus=locus, note="Evaluasi tahap 2021 selesai."
    )
    assert locus.status == LocusStatus.CLOSED
    steps = list(LocusEvent.objects.filter(locus=locus).values_list("from_status", "to_status"))
    assert steps == [
        ("", "usulan"),
        ("usulan", "ditetapkan"),
        ("ditetapkan", "pks"),
        ("pks", "aktif"),
        ("aktif", "selesai"),
    ]
    assert locus.history.count() == 5
    latest = locus.history.first()
    assert latest.history_user == world.users["lampung_commissioner"]
    assert latest.history_change_reason == "Evaluasi tahap 2021 selesai."


def test_regency_may_propose_only_in_its_regency(world, year):
    with pytest.raises(PermissionDenied):
        propose(world, year, actor="flotim_admin")
    with pytest.raises(PermissionDenied):
        propose(world, year, actor="tanggamus_viewer")
    assert not Locus.objects.exists()


def test_only_province_or_national_designates_and_only_in_jurisdiction(world, year):
    locus = propose(world, year)
    for actor in ("tanggamus_commissioner", "tanggamus_admin", "lampung_staff", "ntt_admin"):
        with pytest.raises(PermissionDenied):
            designate(world, locus, actor=actor)
    assert Locus.objects.get().status == LocusStatus.PROPOSED
    assert designate(world, locus, actor="national_admin").status == LocusStatus.DESIGNATED


def test_steps_must_follow_the_order(world, year):
    locus = propose(world, year)
    with pytest.raises(ValidationError):
        locus_activate(actor=world.users["lampung_commissioner"], locus=locus)
    with pytest.raises(ValidationError):
        locus_close(actor=world.users["lampung_commissioner"], locus=locus)
    locus = locus_reject(
        actor=world.users["lampung_commissioner"], locus=locus, reason="Data partisipasi keliru."
    )
    assert locus.status_reason == "Data partisipasi keliru."
    with pytest.raises(ValidationError):
        designate(world, locus)


def test_reject_and_cancel_need_a_reason(world, year):
    locus = propose(world, year)
    with pytest.raises(ValidationError):
        locus_reject(actor=world.users["lampung_commissioner"], locus=locus, reason="  ")
    locus = designate(world, locus)
    with pytest.raises(PermissionDenied):
        locus_cancel(actor=world.users["tanggamus_commissioner"], locus=locus, reason="Desa menolak.")
    locus = locus_cancel(actor=world.users["lampung_commissioner"], locus=locus, reason="Desa menolak.")
    assert locus.status == LocusStatus.CANCELLED


def test_designation_needs_decree_number_and_date(world, year):
    locus = propose(world, year)
    with pytest.raises(ValidationError) as error:
        locus_designate(
            actor=world.users["lampung_commissioner"], locus=locus, decree_number="", decree_date=None
        )
    assert set(error.value.message_dict) == {"decree_number", "decree_date"}


def test_one_locus_per_village_per_year(world, year):
    propose(world, year)
    with pytest.raises(ValidationError):
        propose(world, year, actor="lampung_staff")
    other = Locus(
        village=world.gunung_kasih, programme_year=year, category=LocusCategory.HIGH_VIOLATION, rationale="x"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()
    next_year = ProgrammeYear.objects.get(year=2022)
    assert propose(world, next_year).programme_year_id == 2022


def test_documents_must_be_pdf_or_image_of_the_right_content(world, year):
    locus = propose(world, year)
    fake = SimpleUploadedFile("sk.pdf", b"MZ\x90\x00not a pdf", "application/pdf")
    with pytest.raises(ValidationError) as error:
        designate(world, locus, upload=fake)
    assert "tidak sesuai" in str(error.value)
    assert Locus.objects.get().status == LocusStatus.PROPOSED  # nothing half-saved
    with pytest.raises(ValidationError):
        designate(world, locus, upload=SimpleUploadedFile("sk.exe", PDF))


def test_may_transition_tells_the_pages_which_steps_to_offer(world, year):
    locus = propose(world, year)
    assert may_transition(world.users["lampung_commissioner"], locus, LocusStatus.DESIGNATED)
    assert not may_transition(world.users["tanggamus_commissioner"], locus, LocusStatus.DESIGNATED)
    assert not may_transition(world.users["lampung_commissioner"], locus, LocusStatus.ACTIVE)
