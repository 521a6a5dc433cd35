"""Loci, cadres, training sessions and socialisation activities for the tests of trainings and outreach, on
the test world's real places (Gunung Kasih and Sukabanjar in Tanggamus, Waibalun in Flores Timur)."""

from __future__ import annotations

import datetime as dt

from activities.models import SocialisationActivity, TrainingSession
from activities.services.outreach import ActivityData, activity_create
from activities.services.trainings import training_session_create
from cadre.models import Cadre
from locus.models import Locus
from tests.cadre.factories import CadreFactory

PAST_DAY = dt.date(2021, 11, 5)


def cadre(locus: Locus, name: str, *, status: str = "aktif", sex: str = "P", recruited_by=None) -> Cadre:
    """A cadre written directly (the recruitment steps are the cadre app's tests)."""
    return CadreFactory(
        locus=locus,
        full_name=name,
        sex=sex,
        birth_place="Tanggamus",
        birth_date=dt.date(1996, 3, 12),
        address=f"{locus.village.name} RT 01",
        nonpartisan=True,
        status=status,
        recruited_by=recruited_by,
    )


def session(
    actor,
    loci,
    *,
    number: int = 1,
    day: dt.date = PAST_DAY,
    start: dt.time = dt.time(9, 0),
    end: dt.time = dt.time(12, 0),
    held: bool = False,
    topic: str = "Pengenalan kepemiluan dan tugas kader",
    **fields,
) -> TrainingSession:
    loci = list(loci)
    return training_session_create(
        actor=actor,
        programme_year=loci[0].programme_year,
        loci=loci,
        session_number=number,
        date=day,
        start_time=start,
        end_time=end,
        topic=topic,
        mode=fields.pop("mode", "luring"),
        held=held,
        **fields,
    )


def activity(
    actor, locus: Locus, cadres, *, reported_by=None, client_id=None, **overrides
) -> SocialisationActivity:
    values = {
        "cadres": list(cadres),
        "held_on": dt.date(2021, 7, 10),
        "method": "door_to_door",
        "topic": "anti_politik_uang",
        "title": "Sosialisasi tolak politik uang dari rumah ke rumah",
        "reached_men": 20,
        "reached_women": 25,
        "reached_disabled": 2,
        "reached_first_time": 8,
    }
    values.update(overrides)
    return activity_create(
        actor=actor, locus=locus, data=ActivityData(**values), reported_by=reported_by, client_id=client_id
    )
