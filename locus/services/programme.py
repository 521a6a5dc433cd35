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

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kernel.scoping.jurisdiction import NATIONAL
from kernel.scoping.policy import policy
from locus.models import ProgrammeYear

SCALAR_FIELDS = ("aim", "description", "roster_size", "min_women_percent", "planned_sessions")
SEGMENT_FIELDS = ("segments", "required_segments")


def may_update_programme_year(user) -> bool:
    """KPU RI administrators (and superusers) set up programme years."""
    access = policy(user)
    return access.may("manage") and access.level == NATIONAL


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
            % {"names": ", ".join(segment.label for segment in outside)}
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
