"""Writes on the milestones of a programme year: KPU RI sets, per year, when each milestone falls due for
every locus, as a fixed date or as a number of days after the locus' SK date. Only a KPU RI administrator
may (``may_update_programme_year``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from locus import rules
from locus.choices import MilestoneKind
from locus.models import Milestone, ProgrammeYear
from locus.services.programme import may_update_programme_year


@dataclass(frozen=True)
class Slot:
    """One milestone a programme year may schedule: its kind and, for a training, the session."""

    kind: str
    session_number: int | None = None

    @property
    def key(self) -> str:
        return rules.milestone_key(self.kind, self.session_number)

    @property
    def label(self) -> str:
        return rules.milestone_label(self.kind, self.session_number)


@dataclass(frozen=True)
class Due:
    """When a milestone falls due: a fixed date or days after the SK date (both None: not scheduled)."""

    due_date: dt.date | None = None
    offset_days: int | None = None


def milestone_slots(year: ProgrammeYear) -> list[Slot]:
    """The year's milestones in the calendar's order: one training milestone per planned session."""
    slots = []
    for kind in MilestoneKind:
        if kind == MilestoneKind.TRAINING:
            slots.extend(Slot(kind, n) for n in range(1, year.planned_sessions + 1))
        else:
            slots.append(Slot(kind))
    return slots


def fixed_date_span(year: ProgrammeYear) -> tuple[dt.date, dt.date]:
    """A fixed due date lies in the programme year or the next (a final evaluation may close in January)."""
    first, _last = rules.programme_year_span(year.year)
    return first, dt.date(year.year + 1, 12, 31)


@transaction.atomic
def milestone_schedule_set(
    *, actor, programme_year: ProgrammeYear, schedule: dict[str, Due]
) -> list[Milestone]:
    """Replace the year's schedule with ``schedule`` (by ``Slot.key``; a slot left out or with neither date
    nor offset is not scheduled). Errors are keyed ``<key>`` and name the milestone; nothing changes on
    error."""
    if not may_update_programme_year(actor):
        raise PermissionDenied(_("Hanya administrator KPU RI yang dapat mengubah jadwal tonggak."))
    year = ProgrammeYear.objects.select_for_update().get(pk=programme_year.pk)
    first, last = fixed_date_span(year)
    errors: dict[str, list[str]] = {}
    rows = []
    for slot in milestone_slots(year):
        due = schedule.get(slot.key) or Due()
        if due.due_date is None and due.offset_days is None:
            continue
        if due.due_date is not None and due.offset_days is not None:
            errors[slot.key] = [
                _("%(milestone)s: isi tanggal tetap atau jumlah hari setelah SK, tidak keduanya.")
                % {"milestone": slot.label}
            ]
            continue
        if due.due_date is not None and not first <= due.due_date <= last:
            errors[slot.key] = [
                _("%(milestone)s: tanggal tetap harus antara %(first)s dan %(last)s.")
                % {
                    "milestone": slot.label,
                    "first": formats.date_format(first, "j F Y"),
                    "last": formats.date_format(last, "j F Y"),
                }
            ]
            continue
        if due.offset_days is not None and abs(due.offset_days) > rules.MILESTONE_MAX_OFFSET:
            errors[slot.key] = [
                _("%(milestone)s: jumlah hari setelah SK paling banyak %(max)s (atau −%(max)s sebelum SK).")
                % {"milestone": slot.label, "max": rules.MILESTONE_MAX_OFFSET}
            ]
            continue
        rows.append(
            Milestone(
                programme_year=year,
                kind=slot.kind,
                session_number=slot.session_number,
                due_date=due.due_date,
                offset_days=due.offset_days,
            )
        )
    if errors:
        raise ValidationError(errors)
    Milestone.objects.filter(programme_year=year).delete()
    return Milestone.objects.bulk_create(rows)


def milestone_schedule(year: ProgrammeYear) -> list[tuple[Slot, Milestone | None]]:
    """Every slot of the year with its scheduled milestone (None: not scheduled): one query."""
    scheduled = {m.key: m for m in Milestone.objects.filter(programme_year=year)}
    return [(slot, scheduled.get(slot.key)) for slot in milestone_slots(year)]
