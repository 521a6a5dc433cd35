"""Writes on targets.

Who sets a target: an office sets its own (KPU Kota Palembang's 400 cadres, funded by the city) and those of
the offices in its jurisdiction — KPU RI the provinces' (and any office's), a province office its regencies'.
A regency office sets only its own. Any role that may change records (staff and above) enters them; the office
is checked through the access policy (``policy(actor).allows("change", office)``) inside the transaction. One
target per office per programme year."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Office
from activities.models import Target
from kernel.scoping.policy import policy
from locus.models import ProgrammeYear


def _duplicate() -> ValidationError:
    return ValidationError(
        {"office": _("Kantor ini sudah memiliki target untuk tahun program tersebut; ubah target yang ada.")}
    )


@transaction.atomic
def target_create(
    *,
    actor,
    office: Office,
    programme_year: ProgrammeYear,
    cadres: int,
    sessions: int,
    people_reached: int,
    note: str = "",
) -> Target:
    policy(actor).require("change", office, _("Anda tidak berwenang menetapkan target kantor ini."))
    if Target.objects.filter(office_id=office.pk, programme_year_id=programme_year.pk).exists():
        raise _duplicate()
    target = Target(
        office=office,
        programme_year=programme_year,
        cadres=cadres,
        sessions=sessions,
        people_reached=people_reached,
        note=note,
    )
    target.full_clean(validate_constraints=False)
    target._history_user = actor
    target._change_reason = gettext_noop("Target ditetapkan")
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError as exc:
        raise _duplicate() from exc
    return target


@transaction.atomic
def target_update(
    *, actor, target: Target, cadres: int, sessions: int, people_reached: int, note: str = ""
) -> Target:
    """Change the figures of a target (its office and programme year stay)."""
    # A target is within reach where its office is (``Target.scope_lookups``).
    target = Target.objects.restrict(actor, "change").select_for_update().filter(pk=target.pk).first()
    if target is None:
        raise PermissionDenied(_("Anda tidak berwenang mengubah target kantor ini."))
    target.cadres, target.sessions, target.people_reached, target.note = (
        cadres,
        sessions,
        people_reached,
        note,
    )
    target.full_clean()
    target._history_user = actor
    target._change_reason = gettext_noop("Target diubah")
    target.save()
    return target
