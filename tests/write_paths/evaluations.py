"""Evaluations of the locus in Gunung Kasih through their workflow (drafted and submitted by KPU Kabupaten
Tanggamus, approved or returned by KPU Provinsi Lampung) and the targets of KPU Kabupaten Tanggamus
(tests/access/evaluations.py builds them)."""

from __future__ import annotations

from django.urls import reverse

from accounts.choices import OfficeLevel
from activities.choices import Assessment, EvaluationStage, EvaluationStatus
from activities.models import LocusEvaluation, Target
from tests.access.evaluations import evaluation_kwargs, locus_kwargs, target_kwargs
from tests.factories import office_for
from tests.write_paths import Write, edit


def _evaluation(call) -> LocusEvaluation:
    return LocusEvaluation.objects.get(pk=call.kwargs["pk"])


def _drafted(call, response):
    evaluation = LocusEvaluation.objects.get(locus_id=call.kwargs["pk"])
    assert response["Location"] == evaluation.get_absolute_url()
    assert (evaluation.stage, evaluation.assessment, evaluation.status) == (
        EvaluationStage.MIDTERM,
        Assessment.FAIR,
        EvaluationStatus.DRAFT,
    )


def _now(status: str, **fields):
    def check(call, response):
        evaluation = _evaluation(call)
        assert response["Location"] == evaluation.get_absolute_url()
        assert evaluation.status == status
        for name, value in fields.items():
            assert getattr(evaluation, name) == value, name

    return check


def _deleted(call, response):
    assert response["Location"] == reverse("activities:evaluation_list")
    assert not LocusEvaluation.objects.filter(pk=call.kwargs["pk"]).exists()


def _tanggamus_target(call) -> dict:
    return {
        "office": office_for(OfficeLevel.REGENCY, call.world.tanggamus).pk,
        "programme_year": "2021",
        "cadres": "50",
        "sessions": "16",
        "people_reached": "500",
        "note": "Anggaran hibah pemerintah daerah.",
    }


def _target_set(cadres: int):
    def check(call, response):
        target = Target.objects.get(office__regency=call.world.tanggamus, programme_year=2021)
        assert response["Location"] == f"{reverse('activities:target_list')}?tahun=2021"
        assert target.cadres == cadres

    return check


WRITES = {
    "activities:evaluation_create": Write(
        actor="tanggamus_staff",
        kwargs=locus_kwargs("in"),
        data=lambda call: {
            "stage": "tengah",
            "assessment": "cukup",
            "findings": "Dua sesi belum terlaksana.",
        },
        check=_drafted,
    ),
    "activities:evaluation_update": Write(
        actor="tanggamus_staff",
        kwargs=evaluation_kwargs("in"),
        data=edit(findings="Kader aktif di tiga dusun.", recommendations="Lanjutkan tahun depan."),
        check=_now(EvaluationStatus.DRAFT, findings="Kader aktif di tiga dusun."),
    ),
    "activities:evaluation_submit": Write(
        actor="tanggamus_commissioner", kwargs=evaluation_kwargs("in"), check=_now(EvaluationStatus.SUBMITTED)
    ),
    "activities:evaluation_approve": Write(
        actor="lampung_commissioner",
        kwargs=evaluation_kwargs("in", submitted=True),
        data=lambda call: {"review_note": ""},
        check=_now(EvaluationStatus.APPROVED),
    ),
    "activities:evaluation_return": Write(
        actor="lampung_admin",
        kwargs=evaluation_kwargs("in", submitted=True),
        data=lambda call: {"review_note": "Lengkapi angka sosialisasi."},
        check=_now(EvaluationStatus.RETURNED, review_note="Lengkapi angka sosialisasi."),
    ),
    "activities:evaluation_delete": Write(
        actor="tanggamus_admin", kwargs=evaluation_kwargs("in"), check=_deleted
    ),
    "activities:target_create": Write(actor="lampung_staff", data=_tanggamus_target, check=_target_set(50)),
    "activities:target_update": Write(
        actor="tanggamus_staff", kwargs=target_kwargs("in"), data=edit(cadres="60"), check=_target_set(60)
    ),
}
