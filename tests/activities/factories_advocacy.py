"""Advocacy engagements for tests, recorded and decided through the services (rules, history)."""

from __future__ import annotations

import datetime as dt

from accounts.choices import OfficeLevel
from activities.choices import AdvocacyKind, AdvocacyParty, AdvocacyStatus
from activities.services.advocacy import EngagementData, engagement_create, engagement_decide
from locus.models import ProgrammeYear
from tests.factories import office_for

# Where an engagement is recorded, and by whom: the office's own staff (or commissioner).
PLACES = {
    "tanggamus": (OfficeLevel.REGENCY, "tanggamus", "tanggamus_staff"),
    "lampung": (OfficeLevel.PROVINCE, "lampung", "lampung_staff"),
    "flotim": (OfficeLevel.REGENCY, "flotim", "flotim_admin"),
    "ntt": (OfficeLevel.PROVINCE, "ntt", "ntt_admin"),
}


def engagement_data(**overrides) -> EngagementData:
    values = {
        "programme_year": ProgrammeYear.objects.get(year=2021),
        "kind": AdvocacyKind.BUDGET_PROPOSAL,
        "party_kind": AdvocacyParty.REGIONAL_GOVERNMENT,
        "party_name": "Pemerintah Kabupaten Tanggamus",
        "held_on": dt.date(2021, 3, 15),
        "title": "Proposal anggaran pembekalan kader DP3",
        "summary": "Proposal diserahkan kepada Sekretaris Daerah.",
        "budget_asked": 150_000_000,
    }
    values.update(overrides)
    return EngagementData(**values)


def engagement(
    world,
    where: str = "tanggamus",
    *,
    status: str = AdvocacyStatus.SUBMITTED,
    committed: int = 0,
    decided_on: dt.date = dt.date(2021, 4, 20),
    **overrides,
):
    """An engagement of the office of ``where`` (``PLACES``), recorded by its own user and, when ``status``
    says so, decided (approved with ``committed`` Rupiah, or refused)."""
    level, key, actor = PLACES[where]
    user = world.users[actor]
    office = office_for(level, getattr(world, key))
    record = engagement_create(actor=user, office=office, data=engagement_data(**overrides))
    if status != AdvocacyStatus.SUBMITTED:
        record = engagement_decide(
            actor=user, engagement=record, status=status, decided_on=decided_on, budget_committed=committed
        )
    return record
