"""Writes on programme years, with their rules.

Only a KPU RI administrator sets up a programme year (its stage, roster size, women's share, planned briefing
sessions and the voter segments). The segments that must be represented on a roster have to be among the
segments offered, and a roster must have room for every one of them.

``ProgrammeYear`` has no history table of its own; every change is recorded as an admin ``LogEntry`` whose
change message is Django's JSON form (``[{"changed": {"fields": [...]}}]``) with the old and new values
added under ``"values"``, so that the admin history and the programme year page both show it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dp3.scoping import jurisdiction_of
from dp3.scoping.policy import role_may
from locus.choices import StageAim
from locus.models import ProgrammeYear, Segment

SCALAR_FIELDS = ("aim", "description", "roster_size", "min_women_percent", "planned_sessions")
SEGMENT_FIELDS = ("segments", "required_segments")


def may_update_programme_year(user) -> bool:
    """KPU RI administrators (and superusers) set up programme years."""
    return role_may(user, "manage") and jurisdiction_of(user).is_national


def _segment_codes(segments) -> list[str]:
    return sorted(segment.code for segment in segments)


@transaction.atomic
def programme_year_update(
    *,
    actor,
    programme_year: ProgrammeYear,
    aim: str,
    description: str,
    roster_size: int,
    min_women_percent: int,
    planned_sessions: int,
    segments,
    required_segments,
) -> ProgrammeYear:
    """Change a programme year; record what changed (old → new) in its history. Nothing changes on error."""
    if not may_update_programme_year(actor):
        raise PermissionDenied(_("Hanya administrator KPU RI yang dapat mengubah tahun program."))
    year = ProgrammeYear.objects.select_for_update().get(pk=programme_year.pk)
    offered = list(segments)
    required = list(required_segments)
    before = {name: getattr(year, name) for name in SCALAR_FIELDS}
    before["segments"] = _segment_codes(year.segments.all())
    before["required_segments"] = _segment_codes(year.required_segments.all())

    year.aim = aim
    year.description = (description or "").strip()
    year.roster_size = roster_size
    year.min_women_percent = min_women_percent
    year.planned_sessions = planned_sessions

    errors: dict[str, list[str]] = {}
    try:
        year.full_clean(exclude=["year", "segments", "required_segments"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not offered:
        errors.setdefault("segments", []).append(_("Pilih sekurang-kurangnya satu unsur pemilih."))
    offered_codes = {segment.code for segment in offered}
    outside = [segment for segment in required if segment.code not in offered_codes]
    if outside:
        errors.setdefault("required_segments", []).append(
            _("Unsur wajib harus termasuk unsur yang dapat dipilih; belum dipilih: %(names)s.")
            % {"names": ", ".join(segment.name for segment in outside)}
        )
    if isinstance(roster_size, int) and len(required) > roster_size:
        errors.setdefault("required_segments", []).append(
            _("Ada %(count)s unsur wajib, lebih banyak dari jumlah kader per lokus (%(size)s).")
            % {"count": len(required), "size": roster_size}
        )
    if errors:
        raise ValidationError(errors)

    year.save()
    year.segments.set(offered)
    year.required_segments.set(required)

    after = {name: getattr(year, name) for name in SCALAR_FIELDS}
    after["segments"] = _segment_codes(offered)
    after["required_segments"] = _segment_codes(required)
    changed = [name for name in (*SCALAR_FIELDS, *SEGMENT_FIELDS) if before[name] != after[name]]
    if changed:
        message = [
            {
                "changed": {
                    "fields": [str(ProgrammeYear._meta.get_field(name).verbose_name) for name in changed],
                    "values": {name: [before[name], after[name]] for name in changed},
                }
            }
        ]
        LogEntry.objects.log_actions(
            actor.pk, [year], CHANGE, change_message=json.dumps(message), single_object=True
        )
    return year


# --- reading the history back -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    at: object
    user: object
    changes: list[FieldChange]


def _display(name: str, value, segment_names: dict[str, str]) -> str:
    if name in SEGMENT_FIELDS:
        return ", ".join(segment_names.get(code, code) for code in value) or "—"
    if name == "aim":
        return str(StageAim(value).label) if value in StageAim.values else str(value)
    if name == "min_women_percent":
        return f"{value}%"
    return str(value) if value not in (None, "") else "—"


def programme_year_history(programme_year: ProgrammeYear, *, limit: int = 50) -> list[HistoryEntry]:
    """The recorded changes of a programme year, newest first, with labels and values ready to show."""
    entries = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(ProgrammeYear),
            object_id=str(programme_year.pk),
            action_flag=CHANGE,
        )
        .select_related("user")
        .order_by("-action_time", "-pk")[:limit]
    )
    segment_names = dict(Segment.objects.values_list("code", "name"))
    history = []
    for entry in entries:
        try:
            message = json.loads(entry.change_message or "[]")
        except ValueError:
            message = []
        changes = []
        for part in message if isinstance(message, list) else []:
            values = part.get("changed", {}).get("values", {}) if isinstance(part, dict) else {}
            for name, pair in values.items():
                if name not in (*SCALAR_FIELDS, *SEGMENT_FIELDS) or len(pair) != 2:
                    continue
                changes.append(
                    FieldChange(
                        label=str(ProgrammeYear._meta.get_field(name).verbose_name),
                        before=_display(name, pair[0], segment_names),
                        after=_display(name, pair[1], segment_names),
                    )
                )
        history.append(HistoryEntry(at=entry.action_time, user=entry.user, changes=changes))
    return history
