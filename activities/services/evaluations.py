"""Writes on locus evaluations and their workflow.

The regency office drafts an evaluation of one of its loci for a stage (staff and above: ``add``/``change``)
and submits it (a commissioner or administrator: ``decide``); on submission the figures gathered from the
records are frozen into ``figures``. The province office or KPU RI (commissioner or administrator) approves
it, after which nothing changes any more, or returns it with a review note, after which the regency office
may edit and submit it again. No office approves its own evaluation: a regency office never approves.
One evaluation per locus per stage.

Every service locks the evaluation row (``SELECT … FOR UPDATE``) and checks the actor's right inside the
transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.choices import NotificationKind
from accounts.services import notify_regency_office
from activities.choices import EvaluationStage, EvaluationStatus
from activities.models import LocusEvaluation
from activities.selectors.evaluations import EVALUABLE_LOCUS_STATUSES, locus_evaluation_figures
from kernel.history import stored_note
from kernel.scoping.jurisdiction import NATIONAL, PROVINCE, REGENCY
from kernel.scoping.policy import policy
from locus.models import Locus

S = EvaluationStatus
# Set on save from the locus (checked when the locus is loaded through restrict), not from input.
DERIVED_FIELDS = ["locus", "programme_year", "regency", "province"]


def may_draft(user) -> bool:
    """Drafting and submitting belong to the regency office of the locus."""
    return policy(user).level == REGENCY


def may_review(user) -> bool:
    """Approving and returning belong to the province office or KPU RI."""
    return policy(user).level in (PROVINCE, NATIONAL)


def may_act(user, evaluation: LocusEvaluation, step: str) -> bool:
    """Whether ``user`` may take ``step`` (update, submit, delete, approve, return) on ``evaluation`` now."""
    action, drafting = {
        "update": ("change", True),
        "submit": ("decide", True),
        "delete": ("delete", True),
        "approve": ("decide", False),
        "return": ("decide", False),
    }[step]
    if not policy(user).allows(action, evaluation):
        return False
    if drafting:
        return may_draft(user) and evaluation.is_editable
    return may_review(user) and evaluation.status == S.SUBMITTED


def submit_missing(evaluation: LocusEvaluation) -> dict[str, str]:
    """What the assessment still lacks before the evaluation may be submitted: field name → message (empty
    when complete). The submit page shows it beforehand; ``evaluation_submit`` refuses with it."""
    missing = {}
    if not evaluation.assessment:
        missing["assessment"] = _("Isi penilaian (baik, cukup, kurang) sebelum mengajukan evaluasi.")
    if not evaluation.findings.strip():
        missing["findings"] = _("Isi temuan sebelum mengajukan evaluasi.")
    return missing


def _refuse_unless_editable(evaluation: LocusEvaluation) -> None:
    if evaluation.status == S.APPROVED:
        raise ValidationError(
            _("Evaluasi ini sudah disetujui dan tidak dapat diubah, diajukan ulang, atau dihapus.")
        )
    if evaluation.status == S.SUBMITTED:
        raise ValidationError(
            _("Evaluasi ini sedang diajukan dan menunggu pemeriksaan provinsi; tidak dapat diubah sekarang.")
        )


def _require_drafting_office(actor, action: str) -> None:
    if not policy(actor).may(action):
        raise PermissionDenied(_("Peran Anda tidak berwenang untuk tindakan ini."))
    if not may_draft(actor):
        raise PermissionDenied(_("Evaluasi lokus disusun dan diajukan oleh KPU Kabupaten/Kota."))


def _locked(actor, evaluation: LocusEvaluation, action: str) -> LocusEvaluation:
    """The evaluation row, locked, if the actor may ``action`` it in their jurisdiction (404-like
    PermissionDenied otherwise)."""
    locked = (
        LocusEvaluation.objects.restrict(actor, action).select_for_update().filter(pk=evaluation.pk).first()
    )
    if locked is None:
        raise PermissionDenied(_("Evaluasi ini berada di luar wilayah kerja Anda."))
    return locked


def _save(evaluation: LocusEvaluation, *, actor, reason: str) -> LocusEvaluation:
    evaluation.full_clean(exclude=DERIVED_FIELDS)
    evaluation._history_user = actor
    evaluation._change_reason = reason
    evaluation.save()
    return evaluation


@transaction.atomic
def evaluation_create(
    *, actor, locus: Locus, stage: str, assessment: str = "", findings: str = "", recommendations: str = ""
) -> LocusEvaluation:
    """Draft the evaluation of ``locus`` for ``stage``: the regency office of the locus, staff and above."""
    _require_drafting_office(actor, "add")
    locus = Locus.objects.restrict(actor, "add").select_for_update().filter(pk=locus.pk).first()
    if locus is None:
        raise PermissionDenied(_("Lokus ini berada di luar wilayah kerja Anda."))
    if locus.status not in EVALUABLE_LOCUS_STATUSES:
        raise ValidationError(
            {
                "stage": _("Lokus berstatus %(status)s belum atau tidak dapat dievaluasi.")
                % {"status": locus.get_status_display()}
            }
        )
    if stage not in EvaluationStage.values:
        raise ValidationError({"stage": _("Pilih tahap evaluasi: tengah atau akhir tahapan.")})
    duplicate = _("Lokus ini sudah memiliki evaluasi %(stage)s; buka dan ubah evaluasi yang ada.") % {
        "stage": EvaluationStage(stage).label.lower()
    }
    if LocusEvaluation.objects.filter(locus_id=locus.pk, stage=stage).exists():
        raise ValidationError({"stage": duplicate})
    evaluation = LocusEvaluation(
        locus=locus,
        stage=stage,
        assessment=assessment,
        findings=findings,
        recommendations=recommendations,
        created_by=actor,
    )
    evaluation.full_clean(exclude=DERIVED_FIELDS, validate_constraints=False)
    evaluation._history_user = actor
    evaluation._change_reason = gettext_noop("Draf evaluasi dibuat")
    try:
        with transaction.atomic():
            evaluation.save()
    except IntegrityError as exc:  # a second request between the check and the insert
        raise ValidationError({"stage": duplicate}) from exc
    return evaluation


@transaction.atomic
def evaluation_update(
    *, actor, evaluation: LocusEvaluation, assessment: str, findings: str, recommendations: str
) -> LocusEvaluation:
    """Change the officer's assessment, findings and recommendations of a draft or returned evaluation."""
    _require_drafting_office(actor, "change")
    evaluation = _locked(actor, evaluation, "change")
    _refuse_unless_editable(evaluation)
    evaluation.assessment = assessment
    evaluation.findings = findings
    evaluation.recommendations = recommendations
    return _save(evaluation, actor=actor, reason=gettext_noop("Evaluasi diubah"))


@transaction.atomic
def evaluation_submit(*, actor, evaluation: LocusEvaluation) -> LocusEvaluation:
    """Submit a draft or returned evaluation to the province (a commissioner or administrator of the
    regency office): the figures are gathered now and frozen."""
    _require_drafting_office(actor, "decide")
    evaluation = _locked(actor, evaluation, "decide")
    _refuse_unless_editable(evaluation)
    if errors := submit_missing(evaluation):
        raise ValidationError(errors)
    locus = Locus.objects.select_related("programme_year").get(pk=evaluation.locus_id)
    evaluation.figures = locus_evaluation_figures(locus=locus).as_json()
    evaluation.figures_at = evaluation.submitted_at = timezone.now()
    evaluation.submitted_by = actor
    evaluation.approved_by, evaluation.approved_at = None, None
    evaluation.status = S.SUBMITTED
    return _save(evaluation, actor=actor, reason=gettext_noop("Diajukan ke KPU Provinsi"))


def _require_reviewing_office(actor) -> None:
    if not policy(actor).may("decide"):
        raise PermissionDenied(_("Peran Anda tidak berwenang untuk tindakan ini."))
    if not may_review(actor):
        raise PermissionDenied(_("Evaluasi lokus disetujui atau dikembalikan oleh KPU Provinsi atau KPU RI."))


def _refuse_unless_submitted(evaluation: LocusEvaluation) -> None:
    if evaluation.status != S.SUBMITTED:
        raise ValidationError(
            _("Hanya evaluasi yang diajukan yang dapat diperiksa; evaluasi ini berstatus %(status)s.")
            % {"status": evaluation.get_status_display()}
        )


@transaction.atomic
def evaluation_approve(*, actor, evaluation: LocusEvaluation, note: str = "") -> LocusEvaluation:
    """Approve a submitted evaluation (a commissioner or administrator of the province office or KPU RI);
    it is read-only from then on."""
    _require_reviewing_office(actor)
    evaluation = _locked(actor, evaluation, "decide")
    _refuse_unless_submitted(evaluation)
    evaluation.status = S.APPROVED
    evaluation.approved_by = actor
    evaluation.approved_at = timezone.now()
    if note.strip():
        evaluation.review_note = note.strip()
    return _save(evaluation, actor=actor, reason=gettext_noop("Disetujui"))


@transaction.atomic
def evaluation_return(*, actor, evaluation: LocusEvaluation, note: str) -> LocusEvaluation:
    """Return a submitted evaluation to the regency office with a review note; it is editable again and its
    figures are live until it is submitted again."""
    _require_reviewing_office(actor)
    if not (note or "").strip():
        raise ValidationError({"review_note": _("Tulis catatan pemeriksa: apa yang perlu diperbaiki.")})
    evaluation = _locked(actor, evaluation, "decide")
    _refuse_unless_submitted(evaluation)
    evaluation.status = S.RETURNED
    evaluation.review_note = note.strip()
    evaluation.figures, evaluation.figures_at = {}, None
    evaluation = _save(evaluation, actor=actor, reason=gettext_noop("Dikembalikan untuk diperbaiki"))
    locus = Locus.objects.select_related("village").get(pk=evaluation.locus_id)
    notify_regency_office(
        regency_id=evaluation.regency_id,
        kind=NotificationKind.EVALUATION_RETURNED,
        params={
            "stage": stored_note(evaluation.get_stage_display()),
            "locus": str(locus),
            "office": actor.office.name if actor.office_id else actor.get_username(),
            "note": evaluation.review_note[:200],
        },
        url=evaluation.get_absolute_url(),
    )
    return evaluation


@transaction.atomic
def evaluation_delete(*, actor, evaluation: LocusEvaluation) -> None:
    """Delete a draft or returned evaluation (a commissioner or administrator of the regency office)."""
    _require_drafting_office(actor, "delete")
    evaluation = _locked(actor, evaluation, "delete")
    _refuse_unless_editable(evaluation)
    evaluation._history_user = actor
    evaluation._change_reason = gettext_noop("Evaluasi dihapus")
    evaluation.delete()
