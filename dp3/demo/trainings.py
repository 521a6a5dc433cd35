"""Trainings and socialisation activities of the seed articles, through the services.

- KPU Kota Palembang, 5 November 2021: "Sosialisasi dan Pelatihan Kader Demokrasi" at the KPU hall, the
  third of eight sessions, funded by the city government and DPRD, cadres as future PPK/PPS/KPPS who can
  work with the apps (Sirekap). The demo gives Palembang six designated kelurahan loci with 25 cadres each
  (the 150 cadres the article counts; another part of the demo sets the target of 400), imported as an
  appointed roster, and sessions 1–3 held with attendance.
- KPU Kabupaten Tanggamus, Gunung Kasih and Sukabanjar: sessions 1–3 held with attendance and pre-/post-test
  scores, session 4 planned, and socialisation activities (door to door, a religious gathering, RRI radio).

Idempotent: what exists is left as it is. Scores and attendance are made repeatable from hashes of the
names, so every run gives the same figures."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.db import transaction

from accounts.models import User
from activities.models import SocialisationActivity, TrainingSession
from activities.services.outreach import ActivityData, activity_create
from activities.services.trainings import (
    ATTENDING_STATUSES,
    AttendanceRow,
    attendance_cadres,
    attendance_record,
    training_session_create,
)
from cadre.imports import cadres_import
from cadre.models import Cadre
from cadre.resources import COLUMNS, LOCUS_COLUMN
from dp3.demo.cadres import ROSTER, cadre_data_for
from dp3.demo.offices import demo_user
from kernel.spreadsheets import write_table
from locus.choices import LocusCategory, LocusStatus
from locus.models import Locus, ProgrammeYear, Segment, Village
from locus.services import loci as locus_services

PALEMBANG = "16.71"
# Six kelurahan of Kota Palembang on both banks of the Musi (Kemendagri codes), one per kecamatan.
PALEMBANG_LOCI = (
    ("16.71.03.1001", LocusCategory.LOW_TURNOUT),  # Sebelas Ulu, Seberang Ulu Dua
    ("16.71.06.1005", LocusCategory.LOW_TURNOUT),  # Lima Ilir, Ilir Timur Dua
    ("16.71.07.1011", LocusCategory.HIGH_VIOLATION),  # Sukodadi, Sukarami
    ("16.71.10.1002", LocusCategory.LOW_TURNOUT),  # Kalidoni, Kalidoni
    ("16.71.14.1004", LocusCategory.CONFLICT_DISASTER),  # Baguskuning, Plaju
    ("16.71.17.1001", LocusCategory.LOW_TURNOUT),  # Delapan Ulu, Jakabaring
)
PALEMBANG_DECREE = ("38/PP.06-Kpt/16/Prov/IX/2021", dt.date(2021, 9, 20))
PALEMBANG_NOTES = (
    "Sosialisasi dan Pelatihan Kader Demokrasi di Aula KPU Kota Palembang, dibuka Ketua KPU Kota Palembang "
    "Syawaluddin. Anggaran didukung Pemerintah Kota dan DPRD Palembang. Target 400 kader demokrasi dan "
    "pengembangan rumah pintar pemilu pada 2021, berlanjut 2022; hingga sesi ini 150 kader dari pemerintahan "
    "kecamatan/kelurahan, mahasiswa dan organisasi masyarakat. Kader disiapkan sebagai penyelenggara tingkat "
    "bawah (PPK, PPS, KPPS) yang energik dan melek teknologi untuk aplikasi seperti Sirekap."
)
PALEMBANG_SESSIONS = (
    (
        1,
        dt.date(2021, 10, 22),
        "Pengenalan program DP3 dan peran kader demokrasi",
        "Modul 1: DP3 dan kepemiluan",
    ),
    (
        2,
        dt.date(2021, 10, 29),
        "Pendidikan pemilih: pemilih pemula dan anti hoaks",
        "Modul 2: Pendidikan pemilih",
    ),
    (
        3,
        dt.date(2021, 11, 5),
        "Kader demokrasi sebagai calon penyelenggara PPK, PPS dan KPPS; melek teknologi (Sirekap)",
        "Modul 3: Penyelenggara pemilu tingkat bawah",
    ),
)
PALEMBANG_FACILITATORS = (
    "Syawaluddin (Ketua KPU Kota Palembang)\n"
    "Kurniawan, S.E., M.M. (Anggota KPU Kota Palembang Divisi Sosialisasi dan Pendidikan Pemilih)"
)

TANGGAMUS_LOCI = ("18.06.11.2016", "18.06.21.2005")  # Gunung Kasih (Pugung), Sukabanjar (Gunung Alip)
TANGGAMUS_SESSIONS = (
    (1, dt.date(2021, 7, 24), "Program DP3 dan tugas kader", "Juknis DP3 (Keputusan KPU 290/2021)", True),
    (2, dt.date(2021, 8, 21), "Tahapan pemilu dan daftar pemilih", "Modul kepemiluan dasar", True),
    (3, dt.date(2021, 9, 18), "Menangkal hoaks dan politik uang", "Modul pendidikan pemilih", True),
    (4, dt.date(2021, 10, 16), "Teknik sosialisasi kepada pemilih pemula dan perempuan", "", False),
)
TANGGAMUS_FACILITATORS = (
    "Amhani S. (Ketua Divisi Sosdiklih dan Parmas KPU Kabupaten Tanggamus)\n"
    "Angga Lazuardi (Ketua KPU Kabupaten Tanggamus)"
)


def _fraction(seed: str) -> float:
    return int(hashlib.sha256(seed.encode()).hexdigest()[:8], 16) / 2**32


# --- Palembang: loci and cadres ----------


def _palembang_loci(year: ProgrammeYear) -> list[Locus]:
    proposer, decider = demo_user("kota-palembang"), demo_user("prov-sumsel")
    loci = []
    for code, category in PALEMBANG_LOCI:
        village = Village.objects.select_related("district").get(code=code)
        locus = Locus.objects.filter(village=village, programme_year=year).first()
        if locus is None:
            locus = locus_services.locus_propose(
                actor=proposer,
                village=village,
                programme_year=year,
                category=category,
                rationale=(
                    f"Kelurahan {village.name} (Kecamatan {village.district.name}) dipilih KPU Kota "
                    "Palembang untuk pembentukan kader demokrasi 2021."
                ),
            )
        if locus.status == LocusStatus.PROPOSED:
            locus = locus_services.locus_designate(
                actor=decider,
                locus=locus,
                decree_number=PALEMBANG_DECREE[0],
                decree_date=PALEMBANG_DECREE[1],
            )
        loci.append(locus)
    return loci


def _roster_xlsx(loci: list[Locus]) -> bytes:
    """The 25 cadres of each locus as the roster spreadsheet the cadre import reads (an appointed roster),
    an XLSX whose NIKs are text cells, as the import's template has them."""
    rows = []
    for locus in loci:
        for index, (segments, sex) in enumerate(ROSTER):
            data = cadre_data_for(locus, index, segments, sex)
            values = {
                "NIK": data.nik,
                "Nama Lengkap": data.full_name,
                "Jenis Kelamin": data.sex,
                "Tempat Lahir": "Palembang",
                "Tanggal Lahir": data.birth_date.strftime("%d/%m/%Y"),
                "Alamat": data.address,
                "Kode Desa": data.domicile_village_code,
                "No. HP": data.phone,
                "Email": "",
                "Pendidikan Terakhir": data.education,
                "Pekerjaan": data.occupation,
                "Unsur": ", ".join(data.segment_codes),
                "Disabilitas": data.disability,
                "Bukan Anggota Parpol": "Ya",
            }
            rows.append([*(values[column] for column in COLUMNS), locus.village_id])
    return write_table([*COLUMNS, LOCUS_COLUMN], rows, fmt="xlsx", title="Kader")


def _palembang_cadres(loci: list[Locus]) -> None:
    empty = [locus for locus in loci if not Cadre.objects.filter(locus=locus).exists()]
    if not empty:
        return
    outcome = cadres_import(
        actor=demo_user("kota-palembang"),
        data=_roster_xlsx(empty),
        filename="kader-demokrasi-palembang-2021.xlsx",
        dry_run=False,
        year=empty[0].programme_year_id,
        appointed=True,
    )
    if outcome.errors:
        raise RuntimeError(f"Palembang demo roster refused: {outcome.errors[:3]}")


# --- sessions and attendance ----------


def _attendance(session: TrainingSession, *, scores: bool) -> list[AttendanceRow]:
    rows = []
    for cadre in attendance_cadres(session).only("pk", "full_name").order_by("pk"):
        seed = f"{session.session_number}:{cadre.full_name}:{cadre.pk}"
        chance = _fraction(f"hadir:{seed}")
        status = "hadir" if chance < 0.86 else ("izin" if chance < 0.94 else "tidak_hadir")
        pre = post = None
        if scores and status == "hadir":
            pre = Decimal(40 + int(30 * _fraction(f"pre:{seed}")))
            post = min(Decimal(100), pre + Decimal(8 + int(20 * _fraction(f"post:{seed}"))))
        rows.append(AttendanceRow(cadre_id=cadre.pk, status=status, pre_score=pre, post_score=post))
    return rows


def _sessions(*, actor: User, loci: list[Locus], plans, facilitators: str, venue: str, notes: str = ""):
    year = loci[0].programme_year
    if TrainingSession.objects.filter(regency_id=loci[0].regency_id, programme_year=year).exists():
        return
    for plan in plans:
        number, day, topic, module, *rest = plan
        held = rest[0] if rest else True
        session = training_session_create(
            actor=actor,
            programme_year=year,
            loci=loci,
            session_number=number,
            date=day,
            start_time=dt.time(9, 0),
            end_time=dt.time(12, 0),
            topic=topic,
            module=module,
            facilitators=facilitators,
            mode="luring",
            venue=venue,
            notes=notes if number == 3 else "",
            held=False,
        )
        if held:
            attendance_record(actor=actor, session=session, rows=_attendance(session, scores=True))


# --- Tanggamus: socialisation activities ----------


def _tanggamus_activities(loci: dict[str, Locus]) -> None:
    clerk = demo_user("kab-tanggamus")
    segments = {s.code: s for s in Segment.objects.all()}
    plans = [
        (
            "18.06.11.2016",
            ActivityData(
                held_on=dt.date(2021, 8, 14),
                method="door_to_door",
                topic="anti_politik_uang",
                title="Door to door: tolak politik uang di Pekon Gunung Kasih",
                reached_men=34,
                reached_women=41,
                reached_disabled=3,
                reached_first_time=12,
                segment_reach={"perempuan": 41, "pemilih-pemula": 12, "penyandang-disabilitas": 3},
                notes="Kader mendatangi rumah warga dusun I–III membawa leaflet anti politik uang.",
            ),
            ["perempuan", "pemilih-pemula"],
            4,
        ),
        (
            "18.06.21.2005",
            ActivityData(
                held_on=dt.date(2021, 9, 3),
                method="pertemuan_warga",
                topic="anti_hoaks",
                title="Sosialisasi anti hoaks pada pengajian majelis taklim Pekon Sukabanjar",
                reached_men=18,
                reached_women=52,
                reached_disabled=1,
                reached_first_time=6,
                segment_reach={"perempuan": 52, "pemilih-pemula": 6, "tokoh-agama": 4},
                notes="Disampaikan sesudah pengajian rutin Jumat; tokoh agama membuka dan menutup acara.",
            ),
            ["perempuan", "tokoh-agama"],
            3,
        ),
        (
            "18.06.11.2016",
            ActivityData(
                held_on=dt.date(2021, 10, 9),
                method="radio",
                topic="partisipasi",
                title="Dialog interaktif RRI: kader DP3 Gunung Kasih mengajak warga menggunakan hak pilih",
                reached_men=120,
                reached_women=95,
                reached_disabled=0,
                reached_first_time=40,
                segment_reach={"pemilih-muda": 70, "pemilih-pemula": 40, "perempuan": 95},
                notes="Jumlah terjangkau menurut perkiraan pendengar yang menelepon dan mengirim pesan.",
            ),
            ["pemilih-muda", "pemilih-pemula"],
            2,
        ),
    ]
    for code, data, segment_codes, how_many in plans:
        locus = loci[code]
        if SocialisationActivity.objects.filter(locus=locus, title=data.title).exists():
            continue
        data.cadres = list(
            Cadre.objects.filter(locus=locus, status__in=ATTENDING_STATUSES).order_by("pk")[:how_many]
        )
        data.target_segments = [segments[c] for c in segment_codes if c in segments]
        activity_create(actor=clerk, locus=locus, data=data)


@transaction.atomic
def seed_trainings() -> int:
    """Palembang's loci, cadres and sessions, Tanggamus' sessions and activities. Returns the number of
    training sessions in the demo afterwards."""
    year = ProgrammeYear.objects.get(year=2021)
    palembang = _palembang_loci(year)
    _palembang_cadres(palembang)
    _sessions(
        actor=demo_user("kota-palembang"),
        loci=palembang,
        plans=PALEMBANG_SESSIONS,
        facilitators=PALEMBANG_FACILITATORS,
        venue="Aula KPU Kota Palembang",
        notes=PALEMBANG_NOTES,
    )
    tanggamus = {
        locus.village_id: locus
        for locus in Locus.objects.filter(village_id__in=TANGGAMUS_LOCI, programme_year=year).select_related(
            "village", "programme_year"
        )
    }
    if len(tanggamus) == len(TANGGAMUS_LOCI) and Cadre.objects.filter(locus__in=tanggamus.values()).exists():
        _sessions(
            actor=demo_user("kab-tanggamus"),
            loci=[tanggamus[code] for code in TANGGAMUS_LOCI],
            plans=TANGGAMUS_SESSIONS,
            facilitators=TANGGAMUS_FACILITATORS,
            venue="Balai Pekon Gunung Kasih",
        )
        _tanggamus_activities(tanggamus)
    return TrainingSession.objects.count()
