"""Targets and evaluations of the seed articles, through the services.

- KPU Kota Palembang, 2021: 400 kader demokrasi (16 loci × 25) in 8 sessions each (the article of 5 November
  2021: session 3 of 8, 150 cadres so far; the progress is counted from the cadres seeded elsewhere, never
  entered here). Sessions are counted per locus, as the dashboards count them (``locus.rules``): 16 × 8 = 128.
  The reach target is illustrative.
- KPU Kabupaten Tanggamus, 2021: two loci × 25 cadres = 50, 2 × 8 sessions = 16, set by KPU Provinsi Lampung;
  KPU Provinsi Lampung's own, set by KPU RI.
- Tanggamus 2021: the end-of-stage evaluation of Gunung Kasih, submitted by KPU Tanggamus and approved by KPU
  Provinsi Lampung; Sukabanjar's in draft.
"""

from __future__ import annotations

from accounts.models import Office
from activities.choices import Assessment, EvaluationStage
from activities.models import LocusEvaluation, Target
from activities.services.evaluations import evaluation_approve, evaluation_create, evaluation_submit
from activities.services.targets import target_create
from dp3.demo.offices import demo_user
from locus.models import Locus, ProgrammeYear

# (office: region code, None for KPU RI; set by: username; cadres, sessions, people reached; note)
TARGETS = (
    (
        "16.71",
        "kota-palembang",
        400,
        128,
        2000,
        "Kader demokrasi 2021, didukung anggaran Pemkot dan DPRD Palembang.",
    ),
    ("18.06", "prov-lampung", 50, 16, 1000, "Dua lokus (Pekon Gunung Kasih, Pekon Sukabanjar) × 25 kader."),
    ("18", "nasional", 50, 16, 1000, "Lokus DP3 2021 di Kabupaten Tanggamus."),
)
GUNUNG_KASIH, SUKABANJAR = "18.06.11.2016", "18.06.21.2005"


def _office(code: str) -> Office | None:
    lookup = {"regency_id": code} if "." in code else {"province_id": code, "regency__isnull": True}
    return Office.objects.filter(**lookup).first()


def seed_targets() -> int:
    year = ProgrammeYear.objects.get(year=2021)
    for code, setter, cadres, sessions, reached, note in TARGETS:
        office = _office(code)
        if office is None or Target.objects.filter(office=office, programme_year=year).exists():
            continue
        target_create(
            actor=demo_user(setter),
            office=office,
            programme_year=year,
            cadres=cadres,
            sessions=sessions,
            people_reached=reached,
            note=note,
        )
    return Target.objects.filter(programme_year=year).count()


def seed_evaluations() -> int:
    """Create the demo targets and evaluations once; returns how many demo evaluations exist afterwards."""
    seed_targets()
    loci = {
        locus.village_id: locus
        for locus in Locus.objects.select_related("programme_year").filter(
            programme_year_id=2021, village_id__in=(GUNUNG_KASIH, SUKABANJAR)
        )
    }
    regency, province = demo_user("kab-tanggamus"), demo_user("prov-lampung")
    gunung_kasih = loci.get(GUNUNG_KASIH)
    if (
        gunung_kasih
        and not LocusEvaluation.objects.filter(locus=gunung_kasih, stage=EvaluationStage.END).exists()
    ):
        evaluation = evaluation_create(
            actor=regency,
            locus=gunung_kasih,
            stage=EvaluationStage.END,
            assessment=Assessment.GOOD,
            findings=(
                "Roster 25 kader lengkap dan aktif, komposisi unsur pemilih terpenuhi; satu kader "
                "mengundurkan diri dan sudah diganti. Tiga kader lanjutan direkrut oleh kader Pekon "
                "Gunung Kasih."
            ),
            recommendations=(
                "Libatkan kader dalam sosialisasi Pemilu 2024 dan dorong kader yang berminat mendaftar "
                "sebagai PPS atau KPPS."
            ),
        )
        evaluation = evaluation_submit(actor=regency, evaluation=evaluation)
        evaluation_approve(
            actor=province, evaluation=evaluation, note="Disetujui. Lanjutkan pendampingan kader pada 2022."
        )
    sukabanjar = loci.get(SUKABANJAR)
    if (
        sukabanjar
        and not LocusEvaluation.objects.filter(locus=sukabanjar, stage=EvaluationStage.END).exists()
    ):
        evaluation_create(
            actor=regency,
            locus=sukabanjar,
            stage=EvaluationStage.END,
            findings="Roster lengkap; belum ada kader penyandang disabilitas.",
            recommendations="Rekrut kader lanjutan dari unsur penyandang disabilitas.",
        )
    return LocusEvaluation.objects.filter(locus__in=loci.values()).count()
