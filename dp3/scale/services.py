"""National-scale data for benchmarks and load tests: ``seed_scale(loci=N, year=..., seed=...)``.

Adds ``N`` loci of a programme year in villages that have none yet, spread over every province (round-robin
over the provinces, within each over its regencies, a random village of each), with what a programme year
leaves behind: designation decrees and agreements (PKS) with their status timeline; a full roster of valid
cadres per locus (``ProgrammeYear.roster_size``, 25) whose NIKs agree with the district, birth date and sex
(``cadre.checks.compose_nik``), with at least the year's share of women and every required segment; the
held training sessions of each regency with the attendance and test scores of every cadre; socialisation
activities; mid-term evaluations (draft, submitted with their figures frozen, approved); coordination
meetings of KPU RI and of each province with attendees, agenda, speakers and follow-ups; and the offices
of every region concerned.

Every row is generated in Python from one ``random.Random`` seeded with ``seed`` (and the number of loci
the year already has, so that a second call adds different loci), and written in bulk by
``dp3.scale.writer`` (COPY on PostgreSQL, ``bulk_create`` on SQLite): no per-row save and no history rows.
The same seed on the same regions gives the same data. Loci: 80% active (trained, with activities and an
evaluation), 10% with a signed PKS (appointed cadres), 10% designated (cadres still being recruited)."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import OfficeLevel
from accounts.models import Office
from accounts.system import national_system_user
from activities.choices import (
    Assessment,
    AttendanceStatus,
    EvaluationStage,
    EvaluationStatus,
    FollowUpStatus,
    Mode,
    OutreachMethod,
    OutreachTopic,
)
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
from activities.selectors.evaluations import EvaluationFigures
from cadre.checks import compose_nik
from cadre.choices import VERIFICATION_ITEMS, CadreStatus
from cadre.models import Cadre
from dp3.demo.cadres import EDUCATIONS, FAMILY, GIVEN_MEN, GIVEN_WOMEN, OCCUPATIONS
from dp3.scale.writer import IdPool, TableWriter
from locus import rules
from locus.choices import LocusCategory, LocusStatus
from locus.models import Locus, LocusEvent, ProgrammeYear, Province, Regency, Village

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
# The status of a locus follows its place in the run: every tenth designated, every tenth with a PKS.
DESIGNATED_EVERY, AGREEMENT_AT = 10, 5


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


def _status_of(index: int) -> str:
    if index % DESIGNATED_EVERY == 0:
        return LocusStatus.DESIGNATED
    if index % DESIGNATED_EVERY == AGREEMENT_AT:
        return LocusStatus.AGREEMENT_SIGNED
    return LocusStatus.ACTIVE


def _day(year: int, month: int, day: int, today: dt.date) -> dt.date:
    """A date of the programme year, never after today (activities are not recorded ahead)."""
    return min(dt.date(year, month, day), today)


def _at(day: dt.date, hour: int, zone: str) -> dt.datetime:
    """``hour``.00 on the local clocks of ``zone``, as an aware UTC datetime."""
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)


def _choose_villages(count: int, year: int, rng: random.Random) -> list[str]:
    """``count`` village codes without a locus in ``year``: provinces in turn (shuffled), within each its
    regencies in turn (shuffled), a random village of each regency."""
    taken = set(Locus.objects.filter(programme_year_id=year).values_list("village_id", flat=True))
    by_regency: dict[str, list[str]] = defaultdict(list)
    for code in (
        Village.objects.filter(retired_at__isnull=True, district__regency__retired_at__isnull=True)
        .order_by("code")
        .values_list("code", flat=True)
    ):
        if code not in taken:
            by_regency[code[:5]].append(code)
    if not by_regency:
        raise ScaleError(
            _("Wilayah belum dimuat atau semua desa sudah menjadi lokus. Jalankan dulu: import_regions")
        )
    by_province: dict[str, list[str]] = defaultdict(list)
    for regency in sorted(by_regency):
        by_province[regency[:2]].append(regency)
    provinces = sorted(by_province)
    rng.shuffle(provinces)
    for regencies in by_province.values():
        rng.shuffle(regencies)
    for villages in by_regency.values():
        rng.shuffle(villages)
    # Regencies in the order loci go to them: the first regency of each province, then the second, ...
    order = []
    for turn in range(max(len(r) for r in by_province.values())):
        order.extend(by_province[p][turn] for p in provinces if turn < len(by_province[p]))
    chosen: list[str] = []
    while len(chosen) < count:
        before = len(chosen)
        for regency in order:
            if by_regency[regency]:
                chosen.append(by_regency[regency].pop())
                if len(chosen) == count:
                    break
        if len(chosen) == before:
            raise ScaleError(
                _("Hanya %(free)s desa yang belum menjadi lokus tahun %(year)s; diminta %(count)s.")
                % {"free": before, "year": year, "count": count}
            )
    return chosen


def _offices(provinces: set[str], regencies: set[str], names: dict[str, str]) -> dict[str | None, int]:
    """The id of the office of each region concerned (None: KPU RI), creating those missing."""
    national = national_system_user().office
    existing = {
        (o.regency_id or o.province_id): o.pk
        for o in Office.objects.filter(
            Q(level=OfficeLevel.PROVINCE, province_id__in=provinces)
            | Q(level=OfficeLevel.REGENCY, regency_id__in=regencies)
        ).only("pk", "province_id", "regency_id")
    }
    missing = [
        Office(level=OfficeLevel.PROVINCE, province_id=p, name=f"KPU Provinsi {names[p]}")
        for p in sorted(provinces - set(existing))
    ] + [
        Office(level=OfficeLevel.REGENCY, province_id=r[:2], regency_id=r, name=f"KPU {names[r]}")
        for r in sorted(regencies - set(existing))
    ]
    if missing:
        Office.objects.bulk_create(missing)
        for office in Office.objects.filter(name__in=[o.name for o in missing]):
            existing[office.regency_id or office.province_id] = office.pk
    existing[None] = national.pk
    return existing


class _Generator:
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

    def loci(self, codes: list[str], names: dict[str, str], actor_id: int, start: int) -> list[_Locus]:
        rng, year = self.rng, self.year
        made = []
        for pk, (index, code) in zip(
            self.ids.take(Locus, len(codes)), enumerate(codes, start=start), strict=True
        ):
            status = _status_of(index - 1)
            regency = code[:5]
            reg = regency.replace(".", "")
            decree = _day(year, 2, 1 + index % 27, self.today)
            agreement = _day(year, 3, 1 + index % 27, self.today)
            signed = status != LocusStatus.DESIGNATED
            self.add(
                Locus,
                id=pk,
                village_id=code,
                programme_year_id=year,
                category=rng.choice(LocusCategory.values),
                rationale=(
                    f"Desa {names[code]} dipilih menurut indikator partisipasi, kerawanan dan pelanggaran "
                    f"pemilu sebelumnya (data uji skala)."
                ),
                status=status,
                regency_id=regency,
                province_id=code[:2],
                decree_number=f"{index}/PP.06-Kpt/{reg}/{year}",
                decree_date=decree,
                agreement_number=f"{index}/PKS/KPU-{reg}/{year}" if signed else "",
                agreement_date=agreement if signed else None,
                agreement_signatories=(
                    f"Ketua KPU {names[regency]}\nKepala Desa {names[code]}" if signed else ""
                ),
            )
            steps = [("", LocusStatus.PROPOSED, decree - dt.timedelta(days=14))]
            steps.append((LocusStatus.PROPOSED, LocusStatus.DESIGNATED, decree))
            if signed:
                steps.append((LocusStatus.DESIGNATED, LocusStatus.AGREEMENT_SIGNED, agreement))
            if status == LocusStatus.ACTIVE:
                steps.append((LocusStatus.AGREEMENT_SIGNED, LocusStatus.ACTIVE, agreement))
            for moment, (before, after, day) in enumerate(steps):
                self.add(
                    LocusEvent,
                    locus_id=pk,
                    from_status=before,
                    to_status=after,
                    actor_id=actor_id,
                    at=_at(day, 9 + moment, "Asia/Jakarta"),
                    note=f"SK {index}/PP.06-Kpt/{reg}/{year}" if after == LocusStatus.DESIGNATED else "",
                )
            made.append(_Locus(pk, code, names[code], status, index, []))
        return made

    # --- cadres --------------------------------------------------------------------------------------------

    def _segments(self, sexes: list[str]) -> list[list[str]]:
        """The segments of each place on a roster: every required segment on one cadre at least (the
        women's segment on a woman), each woman in the women's segment where the year offers it, a second
        segment for about a third."""
        rng = self.rng
        size = len(sexes)
        primary: list[str | None] = [None] * size
        places = list(range(size))
        rng.shuffle(places)
        for code in self.required:
            free = [i for i in places if primary[i] is None and (code != WOMEN_SEGMENT or sexes[i] == "P")]
            if free:
                primary[free[0]] = code
        others = [c for c in self.allowed if c != WOMEN_SEGMENT] or self.allowed
        segments = []
        for i in range(size):
            first = primary[i]
            if first is None:
                if sexes[i] == "P" and WOMEN_SEGMENT in self.allowed:
                    first = WOMEN_SEGMENT
                else:
                    first = rng.choice(others) if others else None
            chosen = [first] if first else []
            if chosen and rng.random() < 0.3:
                second = rng.choice(others)
                if second not in chosen and (second != WOMEN_SEGMENT or sexes[i] == "P"):
                    chosen.append(second)
            segments.append(chosen)
        return segments

    def _cadre_statuses(self, locus: _Locus) -> list[str]:
        if locus.status == LocusStatus.ACTIVE:
            return [S.ACTIVE] * self.size
        if locus.status == LocusStatus.AGREEMENT_SIGNED:
            return [S.APPOINTED] * self.size
        # Still recruiting: some appointed, the others at each earlier step.
        steps = [S.APPOINTED, S.INTERVIEWED, S.VERIFIED, S.REGISTERED]
        return [steps[min(3, i * 4 // self.size)] for i in range(self.size)]

    def cadres(self, loci: list[_Locus], names: dict[str, str]) -> None:
        rng, year = self.rng, self.year
        ids = iter(self.ids.take(Cadre, len(loci) * self.size))
        serials: dict[tuple, int] = defaultdict(int)
        checklist = {key: True for key, _label in VERIFICATION_ITEMS}
        for locus in loci:
            province, regency, district = locus.village[:2], locus.village[:5], locus.village[:8]
            women = min(self.size, self.women_min + rng.randrange(0, 6))
            sexes = ["P"] * women + ["L"] * (self.size - women)
            rng.shuffle(sexes)
            families = FAMILY.get(province, FAMILY["18"])
            pairs = {
                sex: rng.sample(
                    [(g, f) for g in given for f in families[sex] if g != f],
                    sexes.count(sex),
                )
                for sex, given in (("L", GIVEN_MEN), ("P", GIVEN_WOMEN))
            }
            birth_place = names[regency].replace("Kabupaten ", "").replace("Kota ", "")
            decree_date = _day(year, 4, 1, self.today)
            for place, (sex, segments, status) in enumerate(
                zip(sexes, self._segments(sexes), self._cadre_statuses(locus), strict=True)
            ):
                recruited_on = _day(year, 3, 1 + rng.randrange(28), self.today)
                if FIRST_TIME_SEGMENT in segments:
                    years = 17.2 + 3.5 * rng.random()
                elif any(s in YOUNG_SEGMENTS for s in segments):
                    years = 21 + 9 * rng.random()
                else:
                    years = 25 + 35 * rng.random()
                birth = recruited_on - dt.timedelta(days=int(years * 365.25))
                key = (district, birth, sex)
                while True:
                    serials[key] += 1
                    nik = compose_nik(district, birth, sex, serials[key])
                    if nik not in self.taken_niks:
                        break
                self.taken_niks.add(nik)
                given, family = pairs[sex].pop()
                pk = next(ids)
                reached = {
                    S.REGISTERED: 0,
                    S.VERIFIED: 1,
                    S.INTERVIEWED: 2,
                    S.APPOINTED: 3,
                    S.ACTIVE: 4,
                }[status]
                cadre = {
                    "id": pk,
                    "locus_id": locus.pk,
                    "nik": nik,
                    "full_name": f"{given} {family}",
                    "sex": sex,
                    "birth_place": birth_place,
                    "birth_date": birth,
                    "address": f"{locus.village_name} RT {place % 6 + 1:02d}/RW {place % 3 + 1:02d}",
                    "domicile_village_id": locus.village,
                    "phone": f"+62812{rng.randrange(10**7, 10**8)}",
                    "email": "",
                    "education": rng.choice(EDUCATIONS),
                    "occupation": (
                        "Pelajar/Mahasiswa" if FIRST_TIME_SEGMENT in segments else rng.choice(OCCUPATIONS)
                    ),
                    "disability": rng.choice(DISABILITIES) if DISABILITY_SEGMENT in segments else "",
                    "nonpartisan": True,
                    "interest_ppk": rng.random() < 0.1,
                    "interest_pps": rng.random() < 0.25,
                    "interest_kpps": rng.random() < 0.35,
                    "status": status,
                    "recruited_on": recruited_on,
                    "verification": checklist if reached >= 1 else {},
                    "interview_notes": (
                        "Memahami tugas kader; tidak berafiliasi dengan partai politik atau peserta pemilu."
                        if reached >= 2
                        else ""
                    ),
                    "interviewed_on": recruited_on + dt.timedelta(days=3) if reached >= 2 else None,
                    "decree_number": (
                        f"{locus.number}/PP.06-Kpt/{regency.replace('.', '')}/{year}" if reached >= 3 else ""
                    ),
                    "decree_date": decree_date if reached >= 3 else None,
                    "programme_year_id": year,
                    "regency_id": regency,
                    "province_id": province,
                }
                self.add(Cadre, **cadre)
                for code in segments:
                    self.add(Cadre.segments.through, cadre_id=pk, segment_id=code)
                locus.cadres.append({**cadre, "segments": segments})

    # --- trainings, activities, evaluations -----------------------------------------------------------------

    def trainings(self, loci: list[_Locus], names: dict[str, str], zones: dict[str, str]) -> dict[int, dict]:
        """Held sessions per regency for its active loci, with attendance; the figures per locus."""
        rng, year = self.rng, self.year
        by_regency: dict[str, list[_Locus]] = defaultdict(list)
        for locus in loci:
            if locus.status == LocusStatus.ACTIVE:
                by_regency[locus.village[:5]].append(locus)
        count = min(SESSIONS, self.programme.planned_sessions)
        session_ids = iter(self.ids.take(TrainingSession, len(by_regency) * count))
        figures = {locus.pk: {"held": 0, "rows": 0, "present": 0, "post": [], "gain": []} for locus in loci}
        for regency, regency_loci in sorted(by_regency.items()):
            zone = zones[regency[:2]]
            for number in range(1, count + 1):
                pk = next(session_ids)
                day = _day(year, 4, 7 * number, self.today)
                self.add(
                    TrainingSession,
                    id=pk,
                    programme_year_id=year,
                    session_number=number,
                    topic=TOPICS[(number - 1) % len(TOPICS)],
                    module=f"Modul {number} Pembekalan Kader DP3",
                    facilitators="Anggota KPU Divisi Sosdiklih\nNarasumber akademisi",
                    mode=Mode.IN_PERSON,
                    starts_at=_at(day, 9, zone),
                    ends_at=_at(day, 12, zone),
                    venue=f"Aula {names[regency].replace('Kabupaten ', 'KPU Kabupaten ')}",
                    held=True,
                    regency_id=regency,
                    province_id=regency[:2],
                )
                for locus in regency_loci:
                    self.add(TrainingSession.loci.through, trainingsession_id=pk, locus_id=locus.pk)
                    tally = figures[locus.pk]
                    tally["held"] += 1
                    for cadre in locus.cadres:
                        if not rules.attends_training(cadre["status"]):
                            continue
                        roll = rng.random()
                        status = (
                            AttendanceStatus.PRESENT
                            if roll < 0.86
                            else AttendanceStatus.ABSENT
                            if roll < 0.95
                            else AttendanceStatus.EXCUSED
                        )
                        pre = post = None
                        if status == AttendanceStatus.PRESENT:
                            pre = rng.randrange(40, 80)
                            post = min(100, pre + rng.randrange(0, 31))
                            tally["post"].append(post)
                            tally["gain"].append(post - pre)
                            tally["present"] += 1
                        tally["rows"] += 1
                        self.add(
                            TrainingAttendance,
                            session_id=pk,
                            cadre_id=cadre["id"],
                            status=status,
                            pre_score=None if pre is None else Decimal(pre),
                            post_score=None if post is None else Decimal(post),
                        )
        return figures

    def activities(self, loci: list[_Locus]) -> dict[int, dict]:
        rng, year = self.rng, self.year
        active = [locus for locus in loci if locus.status == LocusStatus.ACTIVE]
        ids = iter(self.ids.take(SocialisationActivity, len(active) * ACTIVITIES))
        methods = [m for m in OutreachMethod.values if m != OutreachMethod.OTHER]
        topics = [t for t in OutreachTopic.values if t != OutreachTopic.OTHER]
        reach = {locus.pk: [0, 0, 0, 0, 0] for locus in loci}  # count, men, women, disabled, first-time
        for locus in active:
            doers = [c["id"] for c in locus.cadres if rules.attends_training(c["status"])]
            for n in range(ACTIVITIES):
                pk = next(ids)
                men, women = rng.randrange(10, 80), rng.randrange(10, 80)
                disabled, first_time = rng.randrange(0, 6), rng.randrange(0, 16)
                topic = rng.choice(topics)
                self.add(
                    SocialisationActivity,
                    id=pk,
                    locus_id=locus.pk,
                    held_on=_day(year, 6 + 2 * n + rng.randrange(2), 1 + rng.randrange(28), self.today),
                    village_id=locus.village,
                    method=rng.choice(methods),
                    topic=topic,
                    title=f"Sosialisasi {OutreachTopic(topic).label} di Desa {locus.village_name}",
                    reached_men=men,
                    reached_women=women,
                    reached_disabled=disabled,
                    reached_first_time=first_time,
                    notes="",
                    programme_year_id=year,
                    regency_id=locus.village[:5],
                    province_id=locus.village[:2],
                )
                for cadre_id in sorted(rng.sample(doers, min(len(doers), rng.randrange(2, 5)))):
                    self.add(
                        SocialisationActivity.cadres.through, socialisationactivity_id=pk, cadre_id=cadre_id
                    )
                for code in sorted(rng.sample(self.allowed, min(len(self.allowed), rng.randrange(1, 3)))):
                    self.add(
                        SocialisationActivity.target_segments.through,
                        socialisationactivity_id=pk,
                        segment_id=code,
                    )
                total = reach[locus.pk]
                for i, value in enumerate((1, men, women, disabled, first_time)):
                    total[i] += value
        return reach

    def evaluations(self, loci: list[_Locus], training: dict, reach: dict, actor_id: int) -> None:
        """A mid-term evaluation of each active locus: half approved, a quarter submitted (both with the
        figures frozen as ``locus_evaluation_figures`` computes them), a quarter still a draft."""
        rng, year = self.rng, self.year
        programme = self.programme
        active = [locus for locus in loci if locus.status == LocusStatus.ACTIVE]
        for pk, locus in zip(self.ids.take(LocusEvaluation, len(active)), active, strict=True):
            roster = [
                c
                for c in locus.cadres
                if rules.counts_on_roster(status=c["status"], recruited_by_id=c.get("recruited_by_id"))
            ]
            women = sum(1 for c in roster if c["sex"] == rules.FEMALE)
            t, (count, men, reached_women, disabled, first_time) = training[locus.pk], reach[locus.pk]
            figures = EvaluationFigures(
                roster_size=programme.roster_size,
                cadres_active=len(roster),
                cadres_women=women,
                min_women_percent=programme.min_women_percent,
                follow_on_cadres=0,
                sessions_planned=programme.planned_sessions,
                sessions_held=rules.locus_sessions_held(held=t["held"], planned=programme.planned_sessions),
                attendance_rows=t["rows"],
                attendance_present=t["present"],
                post_test_average=_mean(t["post"]),
                gain_average=_mean(t["gain"]),
                activities=count,
                reached_men=men,
                reached_women=reached_women,
                reached_disabled=disabled,
                reached_first_time=first_time,
            ).as_json()
            kind = locus.number % 4
            status = (
                EvaluationStatus.DRAFT
                if kind == 3
                else EvaluationStatus.SUBMITTED
                if kind == 2
                else EvaluationStatus.APPROVED
            )
            frozen = status != EvaluationStatus.DRAFT
            submitted = _at(_day(year, 8, 1 + locus.number % 28, self.today), 10, "Asia/Jakarta")
            approved = submitted + dt.timedelta(days=5)
            self.add(
                LocusEvaluation,
                id=pk,
                locus_id=locus.pk,
                stage=EvaluationStage.MIDTERM,
                status=status,
                figures=figures if frozen else {},
                figures_at=submitted if frozen else None,
                assessment=rng.choice(Assessment.values),
                findings="Kader aktif melaksanakan sosialisasi; kehadiran pembekalan baik.",
                recommendations="Perluas sosialisasi kepada pemilih pemula dan penyandang disabilitas.",
                review_note="Sesuai dengan laporan kegiatan." if status == EvaluationStatus.APPROVED else "",
                submitted_by_id=actor_id if frozen else None,
                submitted_at=submitted if frozen else None,
                approved_by_id=actor_id if status == EvaluationStatus.APPROVED else None,
                approved_at=approved if status == EvaluationStatus.APPROVED else None,
                created_by_id=actor_id,
                programme_year_id=year,
                regency_id=locus.village[:5],
                province_id=locus.village[:2],
            )

    # --- coordination meetings ----------------------------------------------------------------------------

    def meetings(self, loci: list[_Locus], offices: dict, names: dict, zones: dict) -> None:
        """A national meeting with the provinces concerned, and one meeting of each province with its
        regencies concerned."""
        year = self.year
        provinces = sorted({locus.village[:2] for locus in loci})
        regencies_of: dict[str, list[str]] = defaultdict(list)
        for regency in sorted({locus.village[:5] for locus in loci}):
            regencies_of[regency[:2]].append(regency)
        plan = [(None, [offices[p] for p in provinces], "Asia/Jakarta", "Kantor KPU RI, Jakarta", "RI")]
        plan += [
            (
                p,
                [offices[r] for r in regencies_of[p]],
                zones[p],
                f"Aula KPU Provinsi {names[p]}",
                f"Provinsi {names[p]}",
            )
            for p in provinces
        ]
        ids = iter(self.ids.take(CoordinationMeeting, len(plan)))
        for number, (province, participants, zone, venue, who) in enumerate(plan, start=1):
            pk = next(ids)
            day = _day(year, 1, 10 + number % 15, self.today)
            organiser = offices[province]
            self.add(
                CoordinationMeeting,
                id=pk,
                organiser_id=organiser,
                programme_year_id=year,
                title=f"Rapat Koordinasi Program DP3 Tahun {year} KPU {who}",
                starts_at=_at(day, 9, zone),
                ends_at=_at(day, 12, zone),
                mode=Mode.HYBRID,
                venue=venue,
                meeting_link="https://meet.kpu.go.id/rakor-dp3",
                summary="Persiapan penetapan lokus, rekrutmen kader dan jadwal pembekalan.",
                minutes=(
                    "## Pembukaan\n\nRapat dibuka oleh Ketua.\n\n## Pembahasan\n\n"
                    "- Penetapan lokus dan perjanjian kerja sama\n- Rekrutmen 25 kader per lokus\n"
                    "- Jadwal pembekalan kader\n"
                ),
                conclusions="Lokus ditetapkan paling lambat akhir Februari; rekrutmen kader dimulai Maret.",
                minutes_taker="Staf Subbagian Teknis dan Hupmas",
                signatory_name="Ketua",
                signatory_position=f"Ketua KPU {who}",
                province_id=province,
                regency_id=None,
            )
            for office in participants:
                self.add(
                    CoordinationMeeting.participants.through, coordinationmeeting_id=pk, office_id=office
                )
            for order, office in enumerate([organiser, *participants]):
                self.add(
                    MeetingAttendee,
                    meeting_id=pk,
                    name=f"Peserta {order + 1}",
                    position="Anggota Divisi Sosdiklih, Parmas dan SDM",
                    office_id=office,
                    order=order,
                )
            for order, title in enumerate(("Pembukaan", "Paparan program DP3", "Diskusi", "Penutup")):
                self.add(
                    MeetingAgendaItem,
                    meeting_id=pk,
                    order=order,
                    title=title,
                    starts_at=_at(day, 9 + order * 3 // 4, zone),
                )
            self.add(
                MeetingSpeaker,
                meeting_id=pk,
                order=0,
                name="Narasumber Divisi Sosdiklih",
                position=f"Anggota KPU {who}",
                topic="Petunjuk teknis program DP3",
            )
            for order, office in enumerate(participants):
                done = order % 3 == 0
                self.add(
                    FollowUpAction,
                    meeting_id=pk,
                    description="Sampaikan usulan lokus dan rencana rekrutmen kader.",
                    responsible_id=office,
                    due_on=day + dt.timedelta(days=30),
                    status=FollowUpStatus.DONE if done else FollowUpStatus.IN_PROGRESS,
                    completed_on=day + dt.timedelta(days=20) if done else None,
                )

    def write(self) -> dict[str, int]:
        return {model._meta.db_table: writer.write() for model, writer in self.writers.items()}


def _mean(values: list[int]) -> float | None:
    return round(float(Decimal(sum(values)) / Decimal(len(values))), 1) if values else None


@transaction.atomic
def seed_scale(*, loci: int, year: int | None = None, seed: int = 2024) -> dict[str, int]:
    """Add ``loci`` loci of programme year ``year`` (the latest by default) with everything described in
    the module docstring; returns the number of rows written per table."""
    if loci < 1:
        raise ScaleError(_("Jumlah lokus harus 1 atau lebih."))
    programmes = ProgrammeYear.objects.prefetch_related("segments", "required_segments")
    programme = programmes.filter(year=year).first() if year else programmes.order_by("-year").first()
    if programme is None:
        raise ScaleError(
            _("Tahun program %(year)s belum ada; buat dulu di halaman Tahun Program.") % {"year": year or "-"}
        )
    existing = Locus.objects.filter(programme_year_id=programme.year).count()
    rng = random.Random(f"{seed}:{programme.year}:{existing}")
    codes = _choose_villages(loci, programme.year, rng)
    names = dict(Village.objects.filter(code__in=codes).values_list("code", "name"))
    regencies = {code[:5] for code in codes}
    provinces = {code[:2] for code in codes}
    names.update(Regency.objects.filter(code__in=regencies).values_list("code", "name"))
    zones = {}
    for code, name, zone in Province.objects.filter(code__in=provinces).values_list(
        "code", "name", "time_zone"
    ):
        names[code], zones[code] = name, zone
    actor = national_system_user()
    offices = _offices(provinces, regencies, names)
    generator = _Generator(programme=programme, rng=rng, today=timezone.localdate())
    made = generator.loci(codes, names, actor.pk, start=existing + 1)
    generator.cadres(made, names)
    training = generator.trainings(made, names, zones)
    reach = generator.activities(made)
    generator.evaluations(made, training, reach, actor.pk)
    generator.meetings(made, offices, names, zones)
    return generator.write()
