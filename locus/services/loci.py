"""Writes on loci, with the programme's rules: who may propose, designate, record the PKS, activate, close,
reject or cancel a locus, and in which order. Every step is recorded as a LocusEvent; every field change is
kept by the locus' history."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.choices import NotificationKind
from accounts.services import notify_regency_office
from kernel.history import stored_note
from kernel.scoping.jurisdiction import REGENCY
from kernel.scoping.policy import policy
from kernel.uploads import validate_document
from locus.choices import DocumentKind, LocusCategory, LocusStatus
from locus.models import Locus, LocusDocument, LocusEvent, ProgrammeYear, Village

S = LocusStatus

# status → the statuses it may move to
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PROPOSED: frozenset({S.DESIGNATED, S.REJECTED, S.CANCELLED}),
    S.DESIGNATED: frozenset({S.AGREEMENT_SIGNED, S.CANCELLED}),
    S.AGREEMENT_SIGNED: frozenset({S.ACTIVE, S.CANCELLED}),
    S.ACTIVE: frozenset({S.CLOSED, S.CANCELLED}),
    S.CLOSED: frozenset(),
    S.REJECTED: frozenset(),
    S.CANCELLED: frozenset(),
}

# Decisions a regency office may not take: only a province or KPU RI designates, rejects, cancels or closes.
PROVINCE_DECISIONS = frozenset({S.DESIGNATED, S.REJECTED, S.CANCELLED, S.CLOSED})


def may_transition(user, locus: Locus, target: str) -> bool:
    """Whether ``user`` may move ``locus`` to ``target`` now (the pages offer only possible steps)."""
    if target not in TRANSITIONS.get(locus.status, ()):
        return False
    access = policy(user)
    if target in PROVINCE_DECISIONS and access.level == REGENCY:
        return False
    return access.allows("decide", locus)


def _check_in_scope(actor, locus: Locus, action: str) -> None:
    """After saving, inside the transaction: the locus must still be in the actor's jurisdiction."""
    policy(actor).require(action, locus, _("Lokus ini berada di luar wilayah kerja Anda."))


def _record(locus: Locus, *, actor, from_status: str, note: str = "") -> None:
    LocusEvent.objects.create(
        locus=locus, from_status=from_status, to_status=locus.status, actor=actor, note=note
    )


def _move(*, actor, locus: Locus, target: str, note: str = "", **fields) -> Locus:
    locus = Locus.objects.select_for_update().get(pk=locus.pk)
    if target not in TRANSITIONS[locus.status]:
        raise ValidationError(
            _("Lokus berstatus %(current)s tidak dapat diubah menjadi %(target)s.")
            % {"current": locus.get_status_display(), "target": S(target).label}
        )
    if not may_transition(actor, locus, target):
        raise PermissionDenied(
            _("Anda tidak berwenang mengubah status lokus ini menjadi %(target)s.")
            % {"target": S(target).label}
        )
    from_status = locus.status
    for name, value in fields.items():
        setattr(locus, name, value)
    locus.status = target
    locus._change_reason = note or stored_note(S(target).label)
    locus._history_user = actor
    locus.full_clean(exclude=["village", "programme_year"])
    locus.save()
    _record(locus, actor=actor, from_status=from_status, note=note)
    _check_in_scope(actor, locus, "decide")
    return locus


def _attach(
    *, actor, locus: Locus, kind: str, title: str, upload: UploadedFile | None
) -> LocusDocument | None:
    if upload is None:
        return None
    content_type = validate_document(upload)
    document = LocusDocument(
        locus=locus, kind=kind, title=title, content_type=content_type, size=upload.size, uploaded_by=actor
    )
    document.file.save(upload.name, upload, save=False)
    document.save()
    return document


@transaction.atomic
def locus_propose(
    *, actor, village: Village, programme_year: ProgrammeYear, category: str, rationale: str
) -> Locus:
    access = policy(actor)
    if not access.may("add"):
        raise PermissionDenied(_("Peran Anda tidak dapat mengusulkan lokus."))
    if not access.allows("add", village):
        raise PermissionDenied(
            _("Desa %(village)s berada di luar wilayah kerja Anda.") % {"village": village.name}
        )
    if village.retired_at is not None:
        raise ValidationError(
            {"village": _("Kode desa %(code)s sudah tidak berlaku.") % {"code": village.code}}
        )
    if category not in LocusCategory.values:
        raise ValidationError({"category": _("Kategori lokus tidak dikenal.")})
    if not (rationale or "").strip():
        raise ValidationError({"rationale": _("Alasan pemilihan wajib diisi.")})
    existing = Locus.objects.filter(village=village, programme_year=programme_year).first()
    if existing is not None:
        raise ValidationError(
            {
                "village": _("Desa %(village)s sudah menjadi lokus pada tahun %(year)s.")
                % {"village": village.name, "year": programme_year.year}
            }
        )
    locus = Locus(
        village=village,
        programme_year=programme_year,
        category=category,
        rationale=rationale.strip(),
        status=S.PROPOSED,
        proposed_by=actor,
    )
    locus._change_reason = gettext_noop("Diusulkan")
    locus._history_user = actor
    try:
        with transaction.atomic():
            locus.save()
    except IntegrityError as exc:  # a concurrent proposal of the same village and year
        raise ValidationError(
            {
                "village": _("Desa ini sudah menjadi lokus pada tahun %(year)s.")
                % {"year": programme_year.year}
            }
        ) from exc
    _record(locus, actor=actor, from_status="")
    _check_in_scope(actor, locus, "add")
    return locus


@transaction.atomic
def locus_update(*, actor, locus: Locus, category: str, rationale: str) -> Locus:
    """Correct the category or rationale of a locus that is still a proposal."""
    locus = Locus.objects.restrict(actor, "change").select_for_update().filter(pk=locus.pk).first()
    if locus is None:
        raise PermissionDenied(_("Lokus ini berada di luar wilayah kerja Anda."))
    if locus.status != S.PROPOSED:
        raise ValidationError(_("Hanya lokus yang masih diusulkan yang dapat diubah."))
    if not (rationale or "").strip():
        raise ValidationError({"rationale": _("Alasan pemilihan wajib diisi.")})
    locus.category = category
    locus.rationale = rationale.strip()
    locus._history_user = actor
    locus.full_clean(exclude=["village", "programme_year"])
    locus.save()
    _check_in_scope(actor, locus, "change")
    return locus


@transaction.atomic
def locus_designate(
    *,
    actor,
    locus: Locus,
    decree_number: str,
    decree_date: dt.date,
    decree_file: UploadedFile | None = None,
    note: str = "",
) -> Locus:
    """Designate a proposed locus by decree (SK) of the province or KPU RI."""
    errors = {}
    if not (decree_number or "").strip():
        errors["decree_number"] = _("Nomor SK wajib diisi.")
    if decree_date is None:
        errors["decree_date"] = _("Tanggal SK wajib diisi.")
    if errors:
        raise ValidationError(errors)
    locus = _move(
        actor=actor,
        locus=locus,
        target=S.DESIGNATED,
        note=note,
        decree_number=decree_number.strip(),
        decree_date=decree_date,
    )
    _attach(
        actor=actor, locus=locus, kind=DocumentKind.DECREE, title=f"SK {decree_number}", upload=decree_file
    )
    notify_regency_office(
        regency_id=locus.regency_id,
        kind=NotificationKind.LOCUS_DESIGNATED,
        params={"locus": str(locus), "decree": locus.decree_number},
        url=locus.get_absolute_url(),
    )
    return locus


@transaction.atomic
def locus_record_agreement(
    *,
    actor,
    locus: Locus,
    agreement_number: str,
    agreement_date: dt.date,
    signatories: str,
    agreement_file: UploadedFile | None = None,
    note: str = "",
) -> Locus:
    """Record the cooperation agreement (PKS) signed with the village head."""
    errors = {}
    if not (agreement_number or "").strip():
        errors["agreement_number"] = _("Nomor PKS wajib diisi.")
    if agreement_date is None:
        errors["agreement_date"] = _("Tanggal PKS wajib diisi.")
    if not (signatories or "").strip():
        errors["agreement_signatories"] = _("Penanda tangan PKS wajib diisi.")
    if errors:
        raise ValidationError(errors)
    if locus.decree_date and agreement_date < locus.decree_date:
        raise ValidationError({"agreement_date": _("Tanggal PKS tidak boleh sebelum tanggal SK.")})
    locus = _move(
        actor=actor,
        locus=locus,
        target=S.AGREEMENT_SIGNED,
        note=note,
        agreement_number=agreement_number.strip(),
        agreement_date=agreement_date,
        agreement_signatories=signatories.strip(),
    )
    _attach(
        actor=actor,
        locus=locus,
        kind=DocumentKind.AGREEMENT,
        title=f"PKS {agreement_number}",
        upload=agreement_file,
    )
    return locus


@transaction.atomic
def locus_activate(*, actor, locus: Locus, note: str = "") -> Locus:
    return _move(actor=actor, locus=locus, target=S.ACTIVE, note=note)


@transaction.atomic
def locus_close(*, actor, locus: Locus, note: str = "") -> Locus:
    """Close an active locus after its evaluation."""
    return _move(actor=actor, locus=locus, target=S.CLOSED, note=note)


@transaction.atomic
def locus_reject(*, actor, locus: Locus, reason: str) -> Locus:
    if not (reason or "").strip():
        raise ValidationError({"status_reason": _("Alasan penolakan wajib diisi.")})
    return _move(
        actor=actor, locus=locus, target=S.REJECTED, note=reason.strip(), status_reason=reason.strip()
    )


@transaction.atomic
def locus_cancel(*, actor, locus: Locus, reason: str) -> Locus:
    if not (reason or "").strip():
        raise ValidationError({"status_reason": _("Alasan pembatalan wajib diisi.")})
    return _move(
        actor=actor, locus=locus, target=S.CANCELLED, note=reason.strip(), status_reason=reason.strip()
    )


@transaction.atomic
def locus_document_add(*, actor, locus: Locus, kind: str, title: str, upload: UploadedFile) -> LocusDocument:
    policy(actor).require("change", locus, _("Lokus ini berada di luar wilayah kerja Anda."))
    if not (title or "").strip():
        raise ValidationError({"title": _("Judul dokumen wajib diisi.")})
    return _attach(actor=actor, locus=locus, kind=kind, title=title.strip(), upload=upload)
