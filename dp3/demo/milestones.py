"""The demo's milestone schedule for programme year 2021, on the programme's calendar (DOMAIN.md, the seed
articles): mapping by the end of April; every locus designated by decree (SK) by the end of October (the
demo's decrees run from 7 June in Tanggamus to 25 October in NTT); the PKS with the village 30 days after
the SK and the 25 cadres recruited 45 days after it; the eight briefing sessions from 45 days after the SK,
three weeks apart (Tanggamus held them monthly from 24 July, Palembang weekly from 22 October); the
mid-term evaluation 120 days and the final evaluation 240 days after the SK."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from locus.choices import MilestoneKind as K
from locus.models import Milestone, ProgrammeYear

YEAR = 2021
FIXED = {K.MAPPING: dt.date(2021, 4, 30), K.DECREE: dt.date(2021, 10, 31)}
AFTER_DECREE = {K.AGREEMENT: 30, K.RECRUITMENT: 45, K.MIDTERM_EVALUATION: 120, K.FINAL_EVALUATION: 240}
FIRST_SESSION, SESSION_INTERVAL = 45, 21


@transaction.atomic
def seed_milestones() -> int:
    """The 2021 schedule, unless the year has one already (an administrator's changes are kept)."""
    year = ProgrammeYear.objects.filter(year=YEAR).first()
    if year is None or year.milestones.exists():
        return 0
    rows = [Milestone(programme_year=year, kind=kind, due_date=due) for kind, due in FIXED.items()]
    rows += [
        Milestone(programme_year=year, kind=kind, offset_days=days) for kind, days in AFTER_DECREE.items()
    ]
    rows += [
        Milestone(
            programme_year=year,
            kind=K.TRAINING,
            session_number=n,
            offset_days=FIRST_SESSION + SESSION_INTERVAL * (n - 1),
        )
        for n in range(1, year.planned_sessions + 1)
    ]
    for row in rows:
        row.full_clean()
    return len(Milestone.objects.bulk_create(rows))
