"""Writes on advocacy engagements (advokasi), with the rules an officer expects.

- **Who.** A province or regency office records its own engagements: its staff, commissioners and
  administrators (the roles that log other activities: ``add``/``change``), never another office's, not even
  one beneath it (a province sees its regencies' engagements but does not write them) — the engagement is the
  office's own act before its regional government. KPU RI lobbies no regional government: it reads them all.
- **Budget.** Rupiah as whole numbers of 0 or more. The amount asked is the office's; the amount committed is
  the party's answer, entered when the engagement is decided: only on an approved engagement, never more than
  was asked (a government that grants more than the proposal is recorded by raising the amount asked first).
  Only the committed budget of an approved engagement counts as mobilised (``locus.rules.budget_mobilised``).
- **Status.** *Diajukan* until the party answers; *disetujui* or *ditolak* with the day it was decided, not
  before the engagement and not later than the office's today. Back to *diajukan* clears the decision.
- **Dates.** The engagement's day and the decision's are days on the office's calendar: not in the future.

Every write locks the row where it changes one, checks the actor inside the transaction, names each refused
field, and records the user and the reason in the history. Documents are checked by ``kernel/uploads.py``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.choices import OfficeLevel
from accounts.models import Office
from activities.choices import AdvocacyKind, AdvocacyParty, AdvocacyStatus, AttachmentKind
from activities.models import AdvocacyDocument, AdvocacyEngagement
from kernel.history import stored_note
from kernel.localtime import local_today
from kernel.money import rupiah
from kernel.scoping.policy import policy
from kernel.uploads import validate_document
from locus import rules

RECORDING_LEVELS = (OfficeLevel.PROVINCE, OfficeLevel.REGENCY)
IMAGE_TYPES = frozenset({"image/jpeg", "image/png"})
# Set on save from the office, not from input.
DERIVED_FIELDS = ["province", "regency"]


@dataclass
class EngagementData:
    """What an officer enters about an engagement (its decision is ``engagement_decide``'s)."""

    programme_year: object
    kind: str
    party_kind: str
    party_name: str
    held_on: dt.date | None
    title: str
    summary: str = ""
    budget_asked: int | None = 0
    note: str = ""


# --- who ----------


def may_record(user, office: Office | None, action: str = "add") -> bool:
    """Whether ``user`` may ``action`` the engagements of ``office``: a province or regency office's own
    users whose role allows it (``policy(user).allows`` on the office, inside the jurisdiction)."""
    if office is None or office.level not in RECORDING_LEVELS:
        return False
    return getattr(user, "office_id", None) == office.pk and policy(user).allows(action, office)


def may_change(user, engagement: AdvocacyEngagement) -> bool:
    """Whether ``user`` may edit ``engagement``, decide it and add its documents: it is within reach for
    ``change`` and it is the user's own office's."""
    return (
        policy(user).allows("change", engagement) and getattr(user, "office_id", None) == engagement.office_id
    )


def recording_office(user) -> Office | None:
    """The office whose engagements ``user`` records: their own, when it is a province or regency office."""
    office = user.office if getattr(user, "office_id", None) else None
    return office if office is not None and office.level in RECORDING_LEVELS else None


def _refused() -> PermissionDenied:
    return PermissionDenied(
        _("Advokasi dicatat dan diubah oleh kantor KPU Provinsi/Kabupaten/Kota pelaksananya.")
    )


def _locked(actor, engagement: AdvocacyEngagement) -> AdvocacyEngagement:
    locked = (
        AdvocacyEngagement.objects.restrict(actor, "change")
        .select_for_update(of=("self",))
        .select_related("office__province")
        .filter(pk=engagement.pk)
        .first()
    )
    if locked is None:
        raise PermissionDenied(_("Advokasi ini berada di luar wilayah kerja Anda."))
    if not may_change(actor, locked):
        raise _refused()
    return locked


# --- checks ----------


def _day(value: dt.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _clean(data: EngagementData, *, office: Office) -> dict:
    """The engagement's own fields, checked; every refusal named by its field."""
    errors: dict[str, list[str]] = {}

    def refuse(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.programme_year is None:
        refuse("programme_year", _("Pilih tahun program DP3 yang didukung."))
    if data.kind not in AdvocacyKind.values:
        refuse("kind", _("Pilih bentuk kegiatan: FGD, audiensi, proposal anggaran, MoU atau lainnya."))
    if data.party_kind not in AdvocacyParty.values:
        refuse("party_kind", _("Pilih pihak yang dilibatkan."))
    party_name = " ".join((data.party_name or "").split())
    if not party_name:
        refuse("party_name", _("Tulis nama pihak, mis. DPRD Kota Palembang."))
    title = " ".join((data.title or "").split())
    if not title:
        refuse("title", _("Judul kegiatan wajib diisi."))
    today = local_today(office.time_zone)
    if data.held_on is None:
        refuse("held_on", _("Tanggal kegiatan wajib diisi."))
    elif data.held_on > today:
        refuse(
            "held_on",
            _(
                "Tanggal kegiatan tidak boleh setelah hari ini (%(today)s): catat advokasi yang sudah "
                "berlangsung."
            )
            % {"today": _day(today)},
        )
    asked = data.budget_asked or 0
    if asked < 0:
        refuse("budget_asked", _("Anggaran diajukan tidak boleh kurang dari 0."))
    if errors:
        raise ValidationError(errors)
    return {
        "programme_year": data.programme_year,
        "kind": data.kind,
        "party_kind": data.party_kind,
        "party_name": party_name,
        "held_on": data.held_on,
        "title": title,
        "summary": (data.summary or "").strip(),
        "budget_asked": asked,
        "note": (data.note or "").strip(),
    }


def _save(engagement: AdvocacyEngagement, *, actor, reason: str) -> AdvocacyEngagement:
    engagement.full_clean(exclude=DERIVED_FIELDS)
    engagement._history_user = actor
    engagement._change_reason = reason
    engagement.save()
    return engagement


# --- engagements ----------


@transaction.atomic
def engagement_create(*, actor, office: Office, data: EngagementData) -> AdvocacyEngagement:
    """Record an engagement of ``office`` (the actor's own), awaiting the party's answer."""
    if not policy(actor).may("add"):
        raise PermissionDenied(_("Peran Anda tidak dapat mencatat advokasi."))
    if not may_record(actor, office, "add"):
        raise _refused()
    engagement = AdvocacyEngagement(office=office, created_by=actor, **_clean(data, office=office))
    _save(engagement, actor=actor, reason=gettext_noop("Advokasi dicatat"))
    policy(actor).require("add", engagement, _("Advokasi ini berada di luar wilayah kerja Anda."))
    return engagement


@transaction.atomic
def engagement_update(*, actor, engagement: AdvocacyEngagement, data: EngagementData) -> AdvocacyEngagement:
    """Change what the office entered; the decision stays (``engagement_decide`` changes it)."""
    engagement = _locked(actor, engagement)
    values = _clean(data, office=engagement.office)
    errors: dict[str, list[str]] = {}
    if values["budget_asked"] < engagement.budget_committed:
        errors["budget_asked"] = [
            _(
                "Anggaran diajukan tidak boleh kurang dari anggaran yang sudah disetujui (%(committed)s); "
                "ubah dulu keputusannya."
            )
            % {"committed": rupiah(engagement.budget_committed)}
        ]
    if engagement.decided_on and values["held_on"] > engagement.decided_on:
        errors["held_on"] = [
            _("Tanggal kegiatan tidak boleh setelah tanggal keputusannya (%(day)s).")
            % {"day": _day(engagement.decided_on)}
        ]
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(engagement, name, value)
    return _save(engagement, actor=actor, reason=gettext_noop("Advokasi diubah"))


@transaction.atomic
def engagement_decide(
    *,
    actor,
    engagement: AdvocacyEngagement,
    status: str,
    decided_on: dt.date | None = None,
    budget_committed: int | None = 0,
    decision_note: str = "",
) -> AdvocacyEngagement:
    """Record the party's answer: approved (with the budget it committed, up to the amount asked), refused,
    or back to awaiting it (the decision cleared)."""
    engagement = _locked(actor, engagement)
    committed = budget_committed or 0
    errors: dict[str, list[str]] = {}

    def refuse(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if status not in AdvocacyStatus.values:
        refuse("status", _("Pilih status: diajukan, disetujui atau ditolak."))
    elif status == AdvocacyStatus.SUBMITTED:
        decided_on, committed = None, 0
    else:
        today = local_today(engagement.office.time_zone)
        if decided_on is None:
            refuse("decided_on", _("Tanggal keputusan wajib diisi bila pengajuan disetujui atau ditolak."))
        elif decided_on < engagement.held_on:
            refuse(
                "decided_on",
                _("Tanggal keputusan tidak boleh sebelum tanggal kegiatan (%(day)s).")
                % {"day": _day(engagement.held_on)},
            )
        elif decided_on > today:
            refuse(
                "decided_on",
                _("Tanggal keputusan tidak boleh setelah hari ini (%(today)s).") % {"today": _day(today)},
            )
        if committed < 0:
            refuse("budget_committed", _("Anggaran disetujui tidak boleh kurang dari 0."))
        elif not rules.commitment_allowed(status=status, committed=committed, asked=engagement.budget_asked):
            if status != AdvocacyStatus.APPROVED:
                refuse(
                    "budget_committed",
                    _("Anggaran disetujui hanya diisi bila pengajuan disetujui; kosongkan atau isi 0."),
                )
            else:
                refuse(
                    "budget_committed",
                    _(
                        "Anggaran disetujui (%(committed)s) melebihi anggaran yang diajukan (%(asked)s). "
                        "Bila pihak menyetujui lebih dari yang diajukan, ubah dulu anggaran yang diajukan."
                    )
                    % {"committed": rupiah(committed), "asked": rupiah(engagement.budget_asked)},
                )
    if errors:
        raise ValidationError(errors)
    engagement.status = status
    engagement.decided_on = decided_on
    engagement.budget_committed = committed
    engagement.decision_note = (decision_note or "").strip() if status != AdvocacyStatus.SUBMITTED else ""
    reason = (
        gettext_noop("Keputusan dibatalkan: menunggu jawaban")
        if status == AdvocacyStatus.SUBMITTED
        else stored_note(AdvocacyStatus(status).label)
    )
    return _save(engagement, actor=actor, reason=reason)


# --- documents ----------


@transaction.atomic
def advocacy_document_add(*, actor, engagement: AdvocacyEngagement, kind: str, title: str, upload):
    """A document (PDF, or a scan as JPG/PNG) or a photo of the engagement, checked by extension, size and
    first bytes; stored under media, served only by ``activities:advocacy_document``."""
    engagement = _locked(actor, engagement)
    errors = {}
    if kind not in AttachmentKind.values:
        errors["kind"] = _("Pilih jenis berkas: foto atau dokumen.")
    if not (title or "").strip():
        errors["title"] = _("Judul dokumen wajib diisi.")
    if upload is None:
        errors["file"] = _("Pilih berkas yang diunggah.")
    if errors:
        raise ValidationError(errors)
    content_type = validate_document(upload, field="file")
    if kind == AttachmentKind.PHOTO and content_type not in IMAGE_TYPES:
        raise ValidationError({"file": _("Foto harus berupa JPG atau PNG.")})
    document = AdvocacyDocument(
        engagement=engagement,
        kind=kind,
        title=" ".join(title.split()),
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    document._history_user = actor
    document.file.save(upload.name.rsplit("/", 1)[-1], upload, save=False)
    stored = document.file
    try:
        document.save()
    except Exception:
        stored.storage.delete(stored.name)
        raise
    return document
