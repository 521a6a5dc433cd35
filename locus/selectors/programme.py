"""Reads of programme years: their recorded changes, ready to show (written by
``locus.services.programme.programme_year_update`` as admin log entries)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from locus.choices import StageAim
from locus.models import ProgrammeYear, Segment
from locus.services.programme import SCALAR_FIELDS, SEGMENT_FIELDS


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
    segment_names = {s.code: s.label for s in Segment.objects.only("code", "name")}
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
