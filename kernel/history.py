"""A record's change history for its page: every saved version (django-simple-history), newest first, with
who saved it and which fields changed from the version before (verbose name, old value → new value).

A version's note (``history_change_reason``) is stored in Indonesian, the language of the msgids, whoever
saved it (``gettext_noop`` where it is written, ``stored_note`` for a choice's label), and shown in the
reader's language (``HistoryEntry.note``). A note with a value in it (a file's name) is stored filled in
from an Indonesian template of ``VALUED_NOTES`` (``valued_note``) and shown from that template's translation;
a note typed by an officer has no translation and is shown as stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass

from django.conf import settings
from django.utils import formats, translation
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_noop


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    record: object  # a historical record (django-simple-history)
    changes: list[FieldChange]

    @property
    def is_creation(self) -> bool:
        return self.record.history_type == "+"

    @property
    def note(self) -> str:
        """The version's note in the reader's language (as stored when it has no translation)."""
        return translated_note(self.record.history_change_reason or "")


# The notes with a value in them, as their Indonesian templates: one placeholder each, ``%(value)s``.
IMPORTED_FROM = gettext_noop("Impor berkas %(value)s")
VALUED_NOTES = [IMPORTED_FROM]


def valued_note(template: str, value: str) -> str:
    """A note of ``VALUED_NOTES`` as it is stored: the Indonesian template filled in."""
    return template % {"value": value}


def translated_note(stored: str) -> str:
    """A stored note in the reader's language: its translation, that of the template it was filled from,
    or itself."""
    if not stored:
        return ""
    translated = gettext(stored)
    if translated != stored:
        return translated
    for template in VALUED_NOTES:
        before, after = template.split("%(value)s")
        if stored.startswith(before) and stored.endswith(after) and len(stored) >= len(before) + len(after):
            value = stored[len(before) : len(stored) - len(after)]
            return gettext(template) % {"value": value}
    return stored


def stored_note(message) -> str:
    """A history note as it is stored: ``message`` (a lazy text, e.g. a choice's label) in Indonesian, the
    language of the msgids, whatever the language of the officer saving, so that ``HistoryEntry.note`` can
    translate it for each reader."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message)


def history_value(field, value) -> str:
    """A field's value as a history row shows it: the choice's label, a date in the local format, a dash
    for nothing."""
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, dt.date):
        return formats.date_format(value, "DATE_FORMAT")
    return str(value)


def change_history(
    obj, *, hidden: Collection[str] = (), display: Callable[[object, object], str] = history_value
) -> list[HistoryEntry]:
    """Every saved version of ``obj``, newest first, each with the fields that changed from the version
    before, in the model's order (``hidden`` ones left out, values shown by ``display(field, value)``). One
    query whatever the length."""
    model = obj._meta.model
    records = list(obj.history.select_related("history_user__office").order_by("history_date", "history_id"))
    order = {f.name: index for index, f in enumerate([*model._meta.fields, *model._meta.many_to_many])}
    entries, previous = [], None
    for record in records:
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in sorted(delta.changes, key=lambda c: order.get(c.field, 999)):
                if change.field in hidden:
                    continue
                field = model._meta.get_field(change.field)
                changes.append(
                    FieldChange(
                        label=capfirst(field.verbose_name),
                        old=display(field, change.old),
                        new=display(field, change.new),
                    )
                )
        entries.append(HistoryEntry(record=record, changes=changes))
        previous = record
    entries.reverse()
    return entries
