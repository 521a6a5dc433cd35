"""Scale data of the activities app: training sessions with attendance, socialisation activities, evaluations
and coordination meetings, and the offices that hold them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q

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
from dp3.scale.base import (
    ACTIVITIES,
    SESSIONS,
    TOPICS,
    GeneratorBase,
    _at,
    _day,
    _Locus,
    _mean,
)
from locus import rules
from locus.choices import LocusStatus


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


class ActivitiesGenerator(GeneratorBase):
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
