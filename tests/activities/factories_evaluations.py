"""Rows for the evaluation and target tests, built directly with the ORM: loci and cadres in a given status
(through the locus and cadre factories), training sessions with attendance and scores, and socialisation
activities (the models of trainings.py and outreach.py are the interface; their services are built
elsewhere)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from activities.choices import AttendanceStatus, OutreachMethod, OutreachTopic
from activities.models import SocialisationActivity, TrainingAttendance, TrainingSession
from cadre.choices import CadreStatus
from cadre.models import Cadre
from locus.choices import LocusStatus
from locus.models import Locus, Village
from tests.cadre.factories import CadreFactory
from tests.locus.factories import LocusFactory


def locus_at(village: Village, *, year: int = 2021, status: str = LocusStatus.ACTIVE) -> Locus:
    """The locus of ``village`` in ``year`` (got when it exists), active unless told."""
    return LocusFactory(village=village, year=year, status=status)


def cadre_in(
    locus: Locus, *, sex: str = "P", status: str = CadreStatus.ACTIVE, recruited_by: Cadre | None = None
) -> Cadre:
    return CadreFactory(locus=locus, sex=sex, status=status, recruited_by=recruited_by)


def cadres_in(locus: Locus, count: int, **kwargs) -> list[Cadre]:
    return [cadre_in(locus, **kwargs) for _ in range(count)]


def session_for(*loci: Locus, number: int = 1, held: bool = True) -> TrainingSession:
    starts = dt.datetime(2021, 7, number, 2, 0, tzinfo=dt.UTC)
    session = TrainingSession.objects.create(
        programme_year_id=loci[0].programme_year_id,
        regency_id=loci[0].regency_id,
        session_number=number,
        topic=f"Materi sesi {number}",
        mode="luring",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        held=held,
    )
    session.loci.set(loci)
    return session


def attend(
    session: TrainingSession,
    cadre: Cadre,
    status: str = AttendanceStatus.PRESENT,
    pre: str | None = None,
    post: str | None = None,
) -> TrainingAttendance:
    return TrainingAttendance.objects.create(
        session=session,
        cadre=cadre,
        status=status,
        pre_score=Decimal(pre) if pre is not None else None,
        post_score=Decimal(post) if post is not None else None,
    )


def activity_in(
    locus: Locus, *, men: int = 0, women: int = 0, disabled: int = 0, first_time: int = 0
) -> SocialisationActivity:
    return SocialisationActivity.objects.create(
        locus=locus,
        held_on=dt.date(2021, 8, 17),
        village_id=locus.village_id,
        method=OutreachMethod.GATHERING,
        topic=OutreachTopic.ANTI_HOAX,
        title="Sosialisasi anti hoaks",
        reached_men=men,
        reached_women=women,
        reached_disabled=disabled,
        reached_first_time=first_time,
    )
