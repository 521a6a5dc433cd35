"""The evaluation pages: list with filters (query count pinned), detail with figures and history, drafting
from a locus, and the workflow through the pages (a locked evaluation's forms redirect, nothing saved)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from activities.choices import Assessment, EvaluationStage, EvaluationStatus
from activities.models import LocusEvaluation
from activities.services.evaluations import evaluation_approve, evaluation_create, evaluation_submit
from tests.activities.factories_evaluations import activity_in, cadres_in, locus_at
from tests.factories import village

S = EvaluationStatus


@pytest.fixture
def locus(world):
    locus = locus_at(world.gunung_kasih)
    cadres_in(locus, 18)
    activity_in(locus, men=20, women=25)
    return locus


def _draft(world, locus, stage=EvaluationStage.END):
    return evaluation_create(
        actor=world.users["tanggamus_staff"],
        locus=locus,
        stage=stage,
        assessment=Assessment.GOOD,
        findings="Kader aktif.",
    )


def test_create_from_a_locus_with_the_stage_in_the_query(client, world, locus):
    client.force_login(world.users["tanggamus_staff"])
    url = reverse("activities:evaluation_create", args=[locus.pk]) + "?tahap=akhir"
    body = client.get(url).content.decode()
    assert 'value="akhir" checked' in body.replace("\n", " ") or 'value="akhir"' in body
    assert "18" in body and "Angka capaian dari catatan" in body
    response = client.post(url, {"stage": "akhir", "assessment": "baik", "findings": "Berjalan baik."})
    evaluation = LocusEvaluation.objects.get()
    assert response.status_code == 302 and response["Location"] == evaluation.get_absolute_url()
    # the same stage again: the form says so, nothing saved
    response = client.post(url, {"stage": "akhir", "assessment": "cukup"})
    assert response.status_code == 200
    assert "sudah memiliki evaluasi akhir tahapan" in response.content.decode()
    assert LocusEvaluation.objects.count() == 1
    # a GET for an existing stage leads to it
    assert client.get(url)["Location"] == evaluation.get_absolute_url()


def test_detail_shows_figures_beside_the_assessment_and_history(client, world, locus):
    evaluation = evaluation_submit(
        actor=world.users["tanggamus_commissioner"], evaluation=_draft(world, locus)
    )
    client.force_login(world.users["lampung_commissioner"])
    body = client.get(evaluation.get_absolute_url()).content.decode()
    assert "Kader aktif" in body and "18" in body and "/ 25" in body
    assert "Warga terjangkau" in body and "45" in body
    assert "Dibekukan saat diajukan" in body
    assert "Riwayat perubahan" in body and "Diajukan ke KPU Provinsi" in body
    assert reverse("activities:evaluation_approve", args=[evaluation.pk]) in body
    assert reverse("activities:evaluation_update", args=[evaluation.pk]) not in body


def test_workflow_through_the_pages(client, world, locus):
    evaluation = _draft(world, locus)
    client.force_login(world.users["tanggamus_commissioner"])
    assert client.post(reverse("activities:evaluation_submit", args=[evaluation.pk])).status_code == 302
    client.force_login(world.users["lampung_admin"])
    response = client.post(reverse("activities:evaluation_return", args=[evaluation.pk]), {"review_note": ""})
    assert response.status_code == 200 and "Tulis catatan pemeriksa" in response.content.decode()
    client.post(
        reverse("activities:evaluation_return", args=[evaluation.pk]), {"review_note": "Lengkapi temuan."}
    )
    evaluation.refresh_from_db()
    assert evaluation.status == S.RETURNED
    client.force_login(world.users["tanggamus_staff"])
    response = client.post(
        reverse("activities:evaluation_update", args=[evaluation.pk]),
        {"assessment": "cukup", "findings": "Kehadiran sesi 3 rendah.", "recommendations": "Ulang sesi 3."},
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.assessment, evaluation.status) == ("cukup", S.RETURNED)


def test_approved_forms_redirect_and_save_nothing(client, world, locus):
    evaluation = evaluation_approve(
        actor=world.users["lampung_admin"],
        evaluation=evaluation_submit(
            actor=world.users["tanggamus_commissioner"], evaluation=_draft(world, locus)
        ),
    )
    client.force_login(world.users["tanggamus_admin"])
    for step in ("update", "submit", "delete"):
        url = reverse(f"activities:evaluation_{step}", args=[evaluation.pk])
        assert client.get(url)["Location"] == evaluation.get_absolute_url()
        response = client.post(url, {"assessment": "kurang", "findings": "Diubah"})
        assert response.status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.assessment) == (S.APPROVED, Assessment.GOOD)
    body = client.get(evaluation.get_absolute_url()).content.decode()
    assert "hanya dapat dibaca" in body


def test_list_filters_and_query_count(client, world, locus, django_assert_max_num_queries):
    sukabanjar = locus_at(village("18.06.21.2005", "Sukabanjar"))
    _draft(world, locus)
    _draft(world, locus, EvaluationStage.MIDTERM)
    evaluation_submit(actor=world.users["tanggamus_commissioner"], evaluation=_draft(world, sukabanjar))
    client.force_login(world.users["tanggamus_staff"])
    with django_assert_max_num_queries(14):
        body = client.get(reverse("activities:evaluation_list")).content.decode()
    assert "3 evaluasi" in body
    assert "Lokus yang belum dievaluasi" in body  # Sukabanjar's midterm
    body = client.get(reverse("activities:evaluation_list") + "?tahun=2021&status=diajukan").content.decode()
    assert "1 evaluasi" in body and "Sukabanjar" in body
    client.force_login(world.users["ntt_admin"])
    assert "0 evaluasi" in client.get(reverse("activities:evaluation_list") + "?tahun=2021").content.decode()


def test_submit_page_of_an_incomplete_evaluation_leads_to_the_edit_page(client, world, locus):
    evaluation = evaluation_create(
        actor=world.users["tanggamus_staff"],
        locus=locus,
        stage=EvaluationStage.END,
        assessment="",
        findings="",
    )
    submit_url = reverse("activities:evaluation_submit", args=[evaluation.pk])
    update_url = reverse("activities:evaluation_update", args=[evaluation.pk])
    client.force_login(world.users["tanggamus_commissioner"])
    body = client.get(submit_url).content.decode()
    assert "Penilaian petugas belum lengkap" in body
    assert "Penilaian</strong>" in body and "Temuan</strong>" in body
    assert f'href="{update_url}"' in body and "Lengkapi penilaian" in body
    assert "disabled" in body
    # a forced POST is refused with the service's message, nothing submitted
    response = client.post(submit_url)
    assert response.status_code == 200 and "Isi penilaian (baik, cukup, kurang)" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.status == S.DRAFT
    # once filled in, the page offers the button only
    client.post(update_url, {"assessment": "baik", "findings": "Kader aktif."})
    body = client.get(submit_url).content.decode()
    assert "Penilaian petugas belum lengkap" not in body and "disabled" not in body
    assert client.post(submit_url).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == S.SUBMITTED


def test_detail_of_an_incomplete_draft_says_what_to_fill_in(client, world, locus):
    evaluation = evaluation_create(
        actor=world.users["tanggamus_staff"],
        locus=locus,
        stage=EvaluationStage.END,
        assessment="",
        findings="",
    )
    client.force_login(world.users["tanggamus_staff"])
    body = client.get(evaluation.get_absolute_url()).content.decode()
    assert "evaluation-incomplete" in body
    assert reverse("activities:evaluation_update", args=[evaluation.pk]) in body


def test_history_notes_are_stored_in_indonesian_and_shown_in_the_readers_language(client, world, locus):
    from django.conf import settings
    from django.utils import translation

    # drafted and submitted by officers reading English
    with translation.override("en"):
        evaluation = evaluation_submit(
            actor=world.users["tanggamus_commissioner"], evaluation=_draft(world, locus)
        )
    notes = list(evaluation.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert notes == ["Draf evaluasi dibuat", "Diajukan ke KPU Provinsi"]
    client.force_login(world.users["lampung_commissioner"])
    body = client.get(evaluation.get_absolute_url()).content.decode()
    assert "Diajukan ke KPU Provinsi" in body
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(evaluation.get_absolute_url()).content.decode()
    assert "Submitted to the province office" in body and "Evaluation drafted" in body
