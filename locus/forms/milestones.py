"""The schedule of a programme year's milestones: per milestone, a fixed date or days after the SK."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from kernel.forms import IndonesianDateField, style
from locus.services.milestones import Due, Slot


def date_name(slot: Slot) -> str:
    return f"{slot.key}__tanggal"


def offset_name(slot: Slot) -> str:
    return f"{slot.key}__hari"


class MilestoneScheduleForm(forms.Form):
    """Two optional inputs per slot (``milestone_slots``); the rules are the service's."""

    def __init__(self, *args, slots: list[Slot], initial_schedule=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = slots
        for slot in slots:
            milestone = (initial_schedule or {}).get(slot.key)
            self.fields[date_name(slot)] = IndonesianDateField(
                label=_("%(milestone)s: tanggal tetap") % {"milestone": slot.label},
                required=False,
                initial=milestone.due_date if milestone else None,
            )
            self.fields[offset_name(slot)] = forms.IntegerField(
                label=_("%(milestone)s: hari setelah tanggal SK") % {"milestone": slot.label},
                required=False,
                initial=milestone.offset_days if milestone else None,
                error_messages={
                    "invalid": _("%(milestone)s: tulis jumlah hari sebagai bilangan bulat.")
                    % {"milestone": slot.label},
                },
            )
        style(self)

    def rows(self):
        """(slot, date field, offset field) for the template's table."""
        return [(slot, self[date_name(slot)], self[offset_name(slot)]) for slot in self.slots]

    def schedule(self) -> dict[str, Due]:
        data = self.cleaned_data
        return {
            slot.key: Due(due_date=data.get(date_name(slot)), offset_days=data.get(offset_name(slot)))
            for slot in self.slots
        }
