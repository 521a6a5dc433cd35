"""The workflow of a locus evaluation: the regency office drafts and submits, the province approves or
returns; an approved evaluation is locked; figures are frozen on submission; one evaluation per stage."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from activities.choices import Assessment, EvaluationStage, EvaluationStatus
from activities.models import LocusEvaluation
from activities.services.evaluations import (
    evaluation_approve,
    evaluation_create,
    evaluation_delete,
    evaluation_return,
    evaluation_submit,
    evaluation_update,
)
from locus.choices import LocusStatus
from tests.activities.factories_evaluations import activity_in, cadres_in, locus_at

S = EvaluationStatus


@pytest.fixture
def locus(world):
    locus = locus_at(world.gunung_kasih)
    cadres_in(locus, 20)
    activity_in(locus, men=10, women=15)
    return locus


def _draft(world, locus, stage=EvaluationStage.END):
    return evaluation_create(
        actor=world.users["tanggamus_staff"],
        locus=locus,
        stage=stage,
        assessment=Assessment.GOOD,
        findings="Kader aktif mengisi kegiatan desa.",
        recommendations="Lanjutkan pembekalan.",
    )


def _submitted(world, locus):
    return evaluation_submit(actor=world.users["tanggamus_commissioner"], evaluation=_draft(world, locus))


def test_regency_drafts_and_submits_province_approves(world, locus):
    evaluation = _draft(world, locus)
    assert evaluation.status == S.DRAFT and evaluation.figures == {}
    assert (evaluation.programme_year_id, evaluation.regency_id, evaluation.province_id) == (
        2021,
        "18.06",
        "18",
    )
    evaluation = evaluation_submit(actor=world.users["tanggamus_commissioner"], evaluation=evaluation)
    assert evaluation.status == S.SUBMITTED
    assert evaluation.figures["cadres_active"] == 20 and evaluation.figures["reached_total"] == 25
    assert evaluation.figures_at and evaluation.submitted_by == world.users["tanggamus_commissioner"]
    evaluation = evaluation_approve(
        actor=world.users["lampung_commissioner"], evaluation=evaluation, note="Baik."
    )
    evaluation.refresh_from_db()
    assert evaluation.status == S.APPROVED and evaluation.is_locked
    assert evaluation.approved_by == world.users["lampung_commissioner"]
    reasons = list(
        evaluation.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert reasons == ["Draf evaluasi dibuat", "Diajukan ke KPU Provinsi", "Disetujui"]


def test_staff_drafts_but_may_not_submit(world, locus):
    evaluation = _draft(world, locus)
    with pytest.raises(PermissionDenied):
        evaluation_submit(actor=world.users["tanggamus_staff"], evaluation=evaluation)


def test_province_may_not_draft_nor_submit(world, locus):
    with pytest.raises(PermissionDenied):
        evaluation_create(actor=world.users["lampung_admin"], locus=locus, stage=EvaluationStage.END)
    evaluation = _draft(world, locus)
    with pytest.raises(PermissionDenied):
        evaluation_submit(actor=world.users["lampung_admin"], evaluation=evaluation)


def test_regency_cannot_approve_even_its_own(world, locus):
    evaluation = _submitted(world, locus)
    for actor in ("tanggamus_commissioner", "tanggamus_admin"):
        with pytest.raises(PermissionDenied):
            evaluation_approve(actor=world.users[actor], evaluation=evaluation)
    evaluation.refresh_from_db()
    assert evaluation.status == S.SUBMITTED and evaluation.approved_by is None


def test_other_province_cannot_approve(world, locus):
    evaluation = _submitted(world, locus)
    with pytest.raises(PermissionDenied):
        evaluation_approve(actor=world.users["ntt_admin"], evaluation=evaluation)


def test_approved_is_locked_and_nothing_is_saved(world, locus):
    evaluation = evaluation_approve(actor=world.users["national_admin"], evaluation=_submitted(world, locus))
    versions = evaluation.history.count()
    commissioner = world.users["tanggamus_commissioner"]
    with pytest.raises(ValidationError, match="sudah disetujui"):
        evaluation_update(
            actor=commissioner, evaluation=evaluation, assessment="kurang", findings="x", recommendations="y"
        )
    with pytest.raises(ValidationError, match="sudah disetujui"):
        evaluation_submit(actor=commissioner, evaluation=evaluation)
    with pytest.raises(ValidationError, match="sudah disetujui"):
        evaluation_delete(actor=commissioner, evaluation=evaluation)
    with pytest.raises(ValidationError):
        evaluation_return(actor=world.users["lampung_admin"], evaluation=evaluation, note="Ulang")
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.assessment) == (S.APPROVED, Assessment.GOOD)
    assert evaluation.history.count() == versions


def test_submitted_is_not_editable_until_returned(world, locus):
    evaluation = _submitted(world, locus)
    with pytest.raises(ValidationError, match="sedang diajukan"):
        evaluation_update(
            actor=world.users["tanggamus_staff"],
            evaluation=evaluation,
            assessment="",
            findings="",
            recommendations="",
        )


def test_returned_is_editable_and_can_be_submitted_again(world, locus):
    evaluation = _submitted(world, locus)
    with pytest.raises(ValidationError) as error:
        evaluation_return(actor=world.users["lampung_admin"], evaluation=evaluation, note="  ")
    assert "review_note" in error.value.message_dict
    evaluation = evaluation_return(
        actor=world.users["lampung_admin"], evaluation=evaluation, note="Lengkapi temuan kehadiran."
    )
    assert evaluation.status == S.RETURNED and evaluation.review_note == "Lengkapi temuan kehadiran."
    assert evaluation.figures == {}  # live again until submitted
    evaluation = evaluation_update(
        actor=world.users["tanggamus_staff"],
        evaluation=evaluation,
        assessment=Assessment.FAIR,
        findings="Kehadiran sesi 3 rendah.",
        recommendations="",
    )
    assert evaluation.assessment == Assessment.FAIR
    evaluation = evaluation_submit(actor=world.users["tanggamus_admin"], evaluation=evaluation)
    assert evaluation.status == S.SUBMITTED and evaluation.figures["cadres_active"] == 20


def test_frozen_figures_do_not_change_when_records_change(world, locus):
    evaluation = _submitted(world, locus)
    frozen = dict(evaluation.figures)
    cadres_in(locus, 3)
    activity_in(locus, men=100)
    evaluation.refresh_from_db()
    assert evaluation.figures == frozen
    from activities.selectors.evaluations import evaluation_figures

    shown, is_frozen = evaluation_figures(evaluation)
    assert is_frozen and shown.cadres_active == 20 and shown.reached_total == 25


def test_draft_figures_are_live(world, locus):
    from activities.selectors.evaluations import evaluation_figures

    evaluation = _draft(world, locus)
    cadres_in(locus, 2)
    shown, is_frozen = evaluation_figures(evaluation)
    assert not is_frozen and shown.cadres_active == 22


def test_submission_needs_assessment_and_findings(world, locus):
    evaluation = evaluation_create(
        actor=world.users["tanggamus_staff"], locus=locus, stage=EvaluationStage.MIDTERM
    )
    with pytest.raises(ValidationError) as error:
        evaluation_submit(actor=world.users["tanggamus_commissioner"], evaluation=evaluation)
    assert set(error.value.message_dict) == {"assessment", "findings"}
    evaluation.refresh_from_db()
    assert evaluation.status == S.DRAFT and evaluation.figures_at is None


def test_one_evaluation_per_locus_per_stage(world, locus):
    _draft(world, locus)
    with pytest.raises(ValidationError) as error:
        _draft(world, locus)
    assert "sudah memiliki evaluasi akhir tahapan" in error.value.message_dict["stage"][0]
    assert LocusEvaluation.objects.filter(locus=locus).count() == 1
    _draft(world, locus, EvaluationStage.MIDTERM)
    assert LocusEvaluation.objects.filter(locus=locus).count() == 2


def test_only_designated_and_later_loci_are_evaluated(world):
    locus = locus_at(world.gunung_kasih, status=LocusStatus.PROPOSED)
    with pytest.raises(ValidationError) as error:
        _draft(world, locus)
    assert "stage" in error.value.message_dict
    assert not LocusEvaluation.objects.exists()


def test_out_of_jurisdiction_locus_is_refused(world):
    locus = locus_at(world.flotim_village)
    with pytest.raises(PermissionDenied):
        _draft(world, locus)


def test_delete_a_draft_needs_a_commissioner(world, locus):
    evaluation = _draft(world, locus)
    with pytest.raises(PermissionDenied):
        evaluation_delete(actor=world.users["tanggamus_staff"], evaluation=evaluation)
    evaluation_delete(actor=world.users["tanggamus_commissioner"], evaluation=evaluation)
    assert not LocusEvaluation.objects.exists()
