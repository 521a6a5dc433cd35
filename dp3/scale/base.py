"""What every generator of the scale data shares: the constants, the generated locus, the clock helpers and
the base that holds the random source, the id pool and one bulk writer per table (``dp3.scale.writer``)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from activities.models import (
    CoordinationMeeting,
    FollowUpAction,
    LocusEvaluation,
    MeetingAgendaItem,
    MeetingAttendee,
    MeetingSpeaker,
    SocialisationActivity,
    TrainingAttendance,
    TrainingSession,
)
from cadre.choices import CadreStatus
from cadre.models import Cadre
from dp3.scale.writer import IdPool, TableWriter
from locus import rules
from locus.models import Locus, LocusEvent, ProgrammeYear

S = CadreStatus
WOMEN_SEGMENT = "perempuan"
DISABILITY_SEGMENT = "penyandang-disabilitas"
FIRST_TIME_SEGMENT = "pemilih-pemula"
YOUNG_SEGMENTS = ("pemilih-muda", "karang-taruna")
SESSIONS = 3  # held sessions per regency, each for all its active loci
ACTIVITIES = 2  # per active locus
DISABILITIES = ("Tunadaksa", "Tunanetra", "Tunarungu", "Tunawicara")
TOPICS = (
    "Kepemiluan dan demokrasi",
    "Tahapan pemilu dan pemilihan",
    "Pemilih berdaulat negara kuat",
    "Anti politik uang dan hoaks",
    "Teknik sosialisasi kepada pemilih",
    "Partisipasi perempuan dan penyandang disabilitas",
    "Pengawasan partisipatif",
    "Evaluasi dan rencana tindak lanjut",
)


class ScaleError(Exception):
    """What stops the generation, in words for the operator (Indonesian)."""


@dataclass
class _Locus:
    pk: int
    village: str
    village_name: str
    status: str
    number: int
    cadres: list[dict]


def _day(year: int, month: int, day: int, today: dt.date) -> dt.date:
    """A date of the programme year, never after today (activities are not recorded ahead)."""
    return min(dt.date(year, month, day), today)


def _at(day: dt.date, hour: int, zone: str) -> dt.datetime:
    """``hour``.00 on the local clocks of ``zone``, as an aware UTC datetime."""
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)


def _mean(values: list[int]) -> float | None:
    return round(float(Decimal(sum(values)) / Decimal(len(values))), 1) if values else None


class GeneratorBase:
    """The state every generator shares; ``write`` sends every table's rows in bulk."""

    def __init__(self, *, programme: ProgrammeYear, rng: random.Random, today: dt.date):
        self.programme = programme
        self.year = programme.year
        self.rng = rng
        self.today = today
        self.ids = IdPool()
        self.allowed = [s.code for s in programme.segments.all()]
        self.required = [s.code for s in programme.required_segments.all()]
        self.size = programme.roster_size
        self.women_min = rules.women_needed(total=self.size, minimum_percent=programme.min_women_percent)
        self.taken_niks = set(Cadre.objects.filter(programme_year_id=self.year).values_list("nik", flat=True))
        self.writers = {
            model: TableWriter(model)
            for model in (
                Locus,
                LocusEvent,
                Cadre,
                Cadre.segments.through,
                TrainingSession,
                TrainingSession.loci.through,
                TrainingAttendance,
                SocialisationActivity,
                SocialisationActivity.cadres.through,
                SocialisationActivity.target_segments.through,
                LocusEvaluation,
                CoordinationMeeting,
                CoordinationMeeting.participants.through,
                MeetingAttendee,
                MeetingAgendaItem,
                MeetingSpeaker,
                FollowUpAction,
            )
        }

    def add(self, model, **values) -> None:
        self.writers[model].add(**values)

    # --- loci and their timeline ---------------------------------------------------------------------------

    def write(self) -> dict[str, int]:
        return {model._meta.db_table: writer.write() for model, writer in self.writers.items()}
