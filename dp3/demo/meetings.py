"""The coordination meetings of the seed articles (shared/seeds/), recorded through the services.

- KPU Provinsi NTT, 3 November 2021, daring, 09.00–12.30 WITA, with its 22 regency/city offices.
- KPU Provinsi Kalimantan Utara, 1–3 November 2019, at KPU Kota Tarakan: socialisation for Pilkada 2020.
- KPU Provinsi Jambi, 27 October 2021, with Kerinci, Kota Sungai Penuh and Kota Jambi.
- KPU Kabupaten Tanggamus, 10 June 2021, with the governments of Pekon Gunung Kasih and Pekon Sukabanjar.

Names, positions, dates and what was said come from the articles. Where an article is silent (a meeting
link, the end of the Kaltara and Tanggamus meetings, due dates of follow-ups) the values are placeholders,
and the links use the reserved example.org domain. Idempotent: a meeting with the same organiser, title and
start is left alone."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accounts.choices import OfficeLevel
from accounts.models import Office, User
from activities.choices import FollowUpStatus, Mode
from activities.models import CoordinationMeeting
from activities.services.meetings import (
    INVITE_ALL_REGENCIES,
    AgendaRow,
    AttendeeRow,
    FollowUpRow,
    MeetingData,
    SpeakerRow,
    meeting_create,
    to_utc,
)
from locus.models import ProgrammeYear, Province, Regency

D = dt.datetime


def _province_office(code: str) -> Office:
    province = Province.objects.get(code=code)
    office, _ = Office.objects.get_or_create(
        level=OfficeLevel.PROVINCE,
        province=province,
        defaults={"name": Office.default_name("provinsi", province)},
    )
    return office


def _regency_office(regency: Regency) -> Office:
    office, _ = Office.objects.get_or_create(
        level=OfficeLevel.REGENCY,
        regency=regency,
        defaults={"province_id": regency.province_id, "name": Office.default_name("kabupaten", regency)},
    )
    return office


def _regency_offices(province_code: str) -> list[Office]:
    """An office for every regency/city in force in the province (the demo has only a few)."""
    regencies = Regency.objects.filter(province_id=province_code, retired_at__isnull=True).order_by("code")
    return [_regency_office(regency) for regency in regencies]


def _office_of_code(code: str) -> Office:
    return _regency_office(Regency.objects.get(code=code))


def _year(year: int):
    return ProgrammeYear.objects.filter(year=year).first()


def _ntt(actor: User) -> MeetingData:
    ntt = _province_office("53")
    _regency_offices("53")
    flotim = _office_of_code("53.06")
    minutes = """\
## Laporan panitia
Kabag Hukum, Teknis dan Hupmas KPU Provinsi NTT, Yosep Hardi Himan, menyampaikan laporan panitia.

## Arahan pembuka
I Dewa Kade Wiarsa Raka Sandi, Anggota KPU RI, menyampaikan bahwa program DP3 dilaksanakan agar masyarakat
lebih mudah mendapatkan informasi terkait kepemiluan, mendekatkan masyarakat dengan para pemangku
kepentingan, dan menjadi upaya menuju Pemilu 2024. Dalam waktu dekat akan dilakukan pelatihan untuk
fasilitator dalam 3 kelas:

1. kelas besar secara daring bagi ketua dan anggota KPU Provinsi se-Indonesia, khususnya ketua dan divisi;
2. kabag dan kasubag KPU Provinsi se-Indonesia;
3. ketua dan anggota KPU Kabupaten/Kota divisi terkait.

Kepala Biro Humas KPU RI, Cahyo Ariawan, menegaskan akan ada pembekalan bagi fasilitator di lingkungan KPU
secara nasional.

## Berbagi pengalaman: KPU Provinsi Sulawesi Tengah
Anggota KPU Provinsi Sulawesi Tengah, Sahran Raden, membagikan pengalaman advokasi anggaran program DP3 oleh
pemerintah daerah:

- *Focus Group Discussion* (FGD) dengan pemangku kepentingan untuk menjelaskan pentingnya DP3 bagi
  pengembangan demokrasi dan politik masyarakat desa;
- pengajuan proposal dengan memperhatikan siklus anggaran yang sedang berjalan;
- memperhatikan jalur negosiasi dan diplomasi dengan pemerintah daerah dengan **tetap menjaga independensi
  KPU**.

## Pemaparan materi
Anggota KPU Provinsi NTT Divisi Sosdiklih, Yosafat Koli, memaparkan proses pelaksanaan DP3 mulai dari
koordinasi hingga pembekalan para kader dan evaluasi.

## Diskusi
Rapat dilanjutkan dengan sesi diskusi hingga ditutup pukul 12.30 WITA.
"""
    return MeetingData(
        organiser=ntt,
        title="Rapat Koordinasi Desa Peduli Pemilu dan Pemilihan (DP3) Tingkat Provinsi NTT",
        programme_year=_year(2021),
        starts_local=D(2021, 11, 3, 9, 0),
        ends_local=D(2021, 11, 3, 12, 30),
        mode=Mode.ONLINE,
        meeting_link="https://rapat.example.org/kpu-ntt/rakor-dp3-2021",
        invite_all=INVITE_ALL_REGENCIES,
        summary=(
            "Rakor DP3 secara daring oleh KPU Provinsi NTT bersama 22 KPU Kabupaten/Kota se-Provinsi NTT."
        ),
        minutes=minutes,
        conclusions=(
            "1. KPU RI akan melaksanakan pelatihan fasilitator DP3 dalam 3 kelas.\n"
            "2. KPU Kabupaten/Kota dapat menempuh advokasi anggaran DP3 kepada pemerintah daerah (FGD, "
            "proposal sesuai siklus anggaran) dengan tetap menjaga independensi KPU.\n"
            "3. Pelaksanaan DP3 mengikuti tahapan koordinasi, rekrutmen, pembekalan kader dan evaluasi."
        ),
        minutes_taker="Petugas notulensi",
        signatory_name="Yosafat Koli",
        signatory_position="Anggota KPU Provinsi NTT Divisi Sosdiklih",
        signed_place="Kupang",
        attendees=[
            AttendeeRow("I Dewa Kade Wiarsa Raka Sandi", "Anggota KPU RI", institution="KPU RI"),
            AttendeeRow("Cahyo Ariawan", "Kepala Biro Humas KPU RI", institution="KPU RI"),
            AttendeeRow(
                "Sahran Raden",
                "Anggota KPU Provinsi Sulawesi Tengah",
                institution="KPU Provinsi Sulawesi Tengah",
            ),
            AttendeeRow("Yosep Hardi Himan", "Kabag Hukum, Teknis dan Hupmas", office=ntt),
            AttendeeRow("Yosafat Koli", "Anggota KPU Provinsi NTT Divisi Sosdiklih", office=ntt),
            AttendeeRow("Ketua, anggota, para kasubag dan petugas notulensi", "", office=flotim),
        ],
        agenda=[
            AgendaRow("Laporan panitia", D(2021, 11, 3, 9, 0)),
            AgendaRow("Arahan pembuka oleh Anggota KPU RI"),
            AgendaRow("Arahan Kepala Biro Humas KPU RI"),
            AgendaRow("Berbagi pengalaman advokasi anggaran DP3: KPU Provinsi Sulawesi Tengah"),
            AgendaRow("Pemaparan materi pelaksanaan DP3 oleh Divisi Sosdiklih KPU Provinsi NTT"),
            AgendaRow("Diskusi dan penutupan", notes="Ditutup pukul 12.30 WITA."),
        ],
        speakers=[
            SpeakerRow(
                "I Dewa Kade Wiarsa Raka Sandi",
                "Anggota KPU RI",
                "Arahan pembuka: program DP3 menuju Pemilu 2024",
            ),
            SpeakerRow(
                "Cahyo Ariawan", "Kepala Biro Humas KPU RI", "Pembekalan fasilitator DP3 secara nasional"
            ),
            SpeakerRow(
                "Sahran Raden",
                "Anggota KPU Provinsi Sulawesi Tengah",
                "Pengalaman advokasi anggaran DP3 dengan pemerintah daerah",
            ),
            SpeakerRow(
                "Yosafat Koli",
                "Anggota KPU Provinsi NTT Divisi Sosdiklih",
                "Proses pelaksanaan DP3: koordinasi, pembekalan kader dan evaluasi",
            ),
        ],
        follow_ups=[
            FollowUpRow(
                "Menyiapkan peserta pelatihan fasilitator DP3 dari KPU Provinsi NTT.",
                ntt,
                dt.date(2021, 11, 30),
                FollowUpStatus.DONE,
            ),
            FollowUpRow(
                "Menjajaki advokasi anggaran DP3 kepada pemerintah daerah (FGD dengan pemangku kepentingan, "
                "proposal sesuai siklus anggaran).",
                flotim,
                dt.date(2021, 12, 31),
                FollowUpStatus.IN_PROGRESS,
            ),
        ],
    )


def _kaltara(actor: User) -> MeetingData:
    kaltara = _province_office("65")
    regencies = _regency_offices("65")
    tarakan = _office_of_code("65.71")
    minutes = """\
## Hari pertama, Jumat 1 November 2019
Kegiatan dibuka oleh Ketua KPU Provinsi Kalimantan Utara, Suryanata Al-Islami, pukul 20.00 WITA, untuk
pemantapan KPU menghadapi Pemilihan 2020, khususnya sosialisasi dan pendidikan pemilih.

## Hari kedua, Sabtu 2 November 2019
**Sesi pertama.** Kabag Hukum, Teknis dan Hupmas, Hamdan Refai, menyampaikan review PKPU Nomor 8 Tahun 2017
tentang Sosialisasi, Pendidikan Pemilih dan Partisipasi Masyarakat dalam Pemilihan: maksud dan tujuan,
sasaran, metode dan materi; dilanjutkan tanya jawab dipandu moderator.

**Sesi kedua.** Hariyadi Hamid, Anggota KPU Provinsi Kalimantan Utara Divisi Sosialisasi, Pendidikan
Pemilih, Parmas dan SDM, menyampaikan perbedaan sosialisasi, pendidikan pemilih dan partisipasi masyarakat,
serta saran optimalisasi Relawan Demokrasi berkaca pada Pemilu 2019:

- pengalokasian anggaran untuk program kerja dan akomodasi Relawan Demokrasi;
- membentuk basis sasaran sosialisasi dan pendidikan pemilih yang baru, yaitu basis desa/kelurahan.

**Sharing session.** KPU Kabupaten/Kota menyampaikan pengalaman Pemilu Serentak 2019 sebagai masukan bagi
sosialisasi, pendidikan pemilih dan partisipasi masyarakat pada Pemilihan 2020.

## Hari ketiga, Minggu 3 November 2019
Acara ditutup oleh Teguh Dwi Subagyo, Anggota KPU Provinsi Divisi Teknis, dengan masukan:

- bimtek kepada PPK, PPS dan KPPS dengan keterlibatan intens dan modul yang menunjang sosialisasi;
- rekrutmen Relawan Demokrasi dengan wawancara yang cermat tentang latar belakang peserta: tanpa afiliasi
  dengan partai politik atau pasangan calon;
- sosialisasi melalui RRI, media yang masih banyak digunakan masyarakat Kalimantan Utara.
"""
    return MeetingData(
        organiser=kaltara,
        title="Rapat Koordinasi Sosialisasi Pemilihan 2020",
        starts_local=D(2019, 11, 1, 20, 0),
        ends_local=D(2019, 11, 3, 12, 0),
        mode=Mode.IN_PERSON,
        venue="Kantor KPU Kota Tarakan",
        participants=regencies,
        summary="Rakor tiga hari KPU Provinsi Kalimantan Utara bersama KPU Kabupaten/Kota se-Kaltara.",
        minutes=minutes,
        conclusions=(
            "Strategi sosialisasi dan pendidikan pemilih ke depan:\n"
            "1. penggunaan data Pemilu 2019;\n"
            "2. menemukan metode, alat dan pelaku sosialisasi yang lebih disukai masyarakat;\n"
            "3. optimalisasi sumber daya yang tersedia;\n"
            "4. evaluasi pada tiap kegiatan yang dilakukan.\n"
            "RRI masih menjadi pilihan yang tepat untuk sosialisasi di Kalimantan Utara."
        ),
        signatory_name="Hariyadi Hamid",
        signatory_position="Anggota KPU Provinsi Kalimantan Utara",
        signed_place="Tarakan",
        attendees=[
            AttendeeRow("Suryanata Al-Islami", "Ketua KPU Provinsi Kalimantan Utara", office=kaltara),
            AttendeeRow(
                "Hariyadi Hamid",
                "Anggota, Divisi Sosialisasi, Pendidikan Pemilih, Parmas dan SDM",
                office=kaltara,
            ),
            AttendeeRow("Teguh Dwi Subagyo", "Anggota, Divisi Teknis", office=kaltara),
            AttendeeRow("Hamdan Refai", "Kabag Hukum, Teknis dan Hupmas", office=kaltara),
        ],
        agenda=[
            AgendaRow("Pembukaan oleh Ketua KPU Provinsi Kalimantan Utara", D(2019, 11, 1, 20, 0)),
            AgendaRow("Review PKPU Nomor 8 Tahun 2017", notes="Narasumber: Hamdan Refai; tanya jawab."),
            AgendaRow("Sosialisasi, pendidikan pemilih dan partisipasi masyarakat; Relawan Demokrasi"),
            AgendaRow("Sharing session KPU Kabupaten/Kota: pengalaman Pemilu Serentak 2019"),
            AgendaRow("Kesimpulan dan penutupan oleh Anggota KPU Provinsi Divisi Teknis"),
        ],
        speakers=[
            SpeakerRow(
                "Hamdan Refai",
                "Kabag Hukum, Teknis dan Hupmas KPU Provinsi Kalimantan Utara",
                "Review PKPU Nomor 8 Tahun 2017 tentang Sosialisasi, Pendidikan Pemilih dan Partisipasi "
                "Masyarakat",
            ),
            SpeakerRow(
                "Hariyadi Hamid",
                "Anggota KPU Provinsi Kalimantan Utara Divisi Sosialisasi, Pendidikan Pemilih, Parmas "
                "dan SDM",
                "Perbedaan sosialisasi, pendidikan pemilih dan partisipasi masyarakat; optimalisasi "
                "Relawan Demokrasi",
            ),
        ],
        follow_ups=[
            FollowUpRow(
                "Mengusulkan alokasi anggaran program kerja dan akomodasi Relawan Demokrasi Pemilihan 2020.",
                kaltara,
                dt.date(2020, 1, 31),
                FollowUpStatus.DONE,
            ),
            FollowUpRow(
                "Menjadwalkan sosialisasi Pemilihan 2020 melalui RRI.",
                tarakan,
                dt.date(2020, 3, 31),
                FollowUpStatus.DONE,
            ),
        ],
    )


def _jambi(actor: User) -> MeetingData:
    jambi = _province_office("15")
    kerinci, sungai_penuh, kota_jambi = (_office_of_code(code) for code in ("15.01", "15.72", "15.71"))
    minutes = """\
Rapat dibuka oleh Ketua KPU Provinsi Jambi, H.M. Subhan, dihadiri anggota KPU Provinsi Jambi, Sekretaris,
Kabag HTH, subkoordinator serta staf Subbag Teknis dan Parhumas; diikuti ketua KPU Kabupaten/Kota, Divisi
Sosdiklih dan Parhumas serta Kasubbag Teknis dan Parhumas KPU Kabupaten/Kota peserta DP3.

KPU Provinsi Jambi telah menetapkan tiga kategori lokus berdasarkan pemetaan wilayah:

| Kabupaten/kota | Kategori lokus |
|---|---|
| Kabupaten Kerinci | daerah partisipasi rendah |
| Kota Sungai Penuh | daerah potensi pelanggaran pemilu dan pemilihan tinggi |
| Kota Jambi | daerah rawan konflik/bencana alam |

KPU Kabupaten/Kota memfasilitasi tahapan program, termasuk rekrutmen 25 kader DP3 pada tiap lokus.

Nurkholik (Divisi Sosdiklih dan Parhumas) menyampaikan tujuan utama DP3: pembentukan dan kaderisasi agen
sosialisasi sesuai kategori lokus, dan menyiapkan mereka sebagai tenaga penyelenggara ad hoc Pemilu dan
Pemilihan Serentak 2024.
"""
    return MeetingData(
        organiser=jambi,
        title=(
            "Rapat Koordinasi Pelaksanaan Desa Peduli Pemilu dan Pemilihan (DP3) bersama KPU Kabupaten/Kota"
        ),
        programme_year=_year(2021),
        starts_local=D(2021, 10, 27, 9, 0),
        ends_local=D(2021, 10, 27, 12, 0),
        mode=Mode.HYBRID,
        venue="Aula KPU Provinsi Jambi",
        meeting_link="https://rapat.example.org/kpu-jambi/rakor-dp3-2021",
        participants=[kerinci, sungai_penuh, kota_jambi],
        summary="Rakor persiapan DP3 untuk tiga kabupaten/kota lokus DP3 Provinsi Jambi, secara daring.",
        minutes=minutes,
        conclusions=(
            "1. Lokus DP3 2021 Provinsi Jambi: Kabupaten Kerinci (partisipasi rendah), Kota Sungai Penuh "
            "(potensi pelanggaran tinggi), Kota Jambi (rawan konflik/bencana).\n"
            "2. KPU Kabupaten/Kota memfasilitasi rekrutmen 25 kader per lokus."
        ),
        signatory_name="Nurkholik",
        signatory_position="Anggota KPU Provinsi Jambi Divisi Sosdiklih dan Parhumas",
        signed_place="Jambi",
        attendees=[
            AttendeeRow("H.M. Subhan", "Ketua KPU Provinsi Jambi", office=jambi),
            AttendeeRow("Nurkholik", "Anggota, Divisi Sosdiklih dan Parhumas", office=jambi),
        ],
        agenda=[
            AgendaRow("Pembukaan oleh Ketua KPU Provinsi Jambi"),
            AgendaRow("Penetapan kategori lokus DP3 berdasarkan pemetaan wilayah"),
            AgendaRow("Tujuan program DP3 dan rekrutmen kader"),
        ],
        speakers=[
            SpeakerRow(
                "Nurkholik",
                "Anggota KPU Provinsi Jambi Divisi Sosdiklih dan Parhumas",
                "Tujuan utama program DP3",
            ),
        ],
        follow_ups=[
            FollowUpRow("Rekrutmen 25 kader DP3 di lokus Kabupaten Kerinci.", kerinci, dt.date(2021, 11, 30)),
            FollowUpRow(
                "Rekrutmen 25 kader DP3 di lokus Kota Sungai Penuh.", sungai_penuh, dt.date(2021, 11, 30)
            ),
            FollowUpRow(
                "Rekrutmen 25 kader DP3 di lokus Kota Jambi.",
                kota_jambi,
                dt.date(2021, 11, 30),
                FollowUpStatus.IN_PROGRESS,
            ),
        ],
    )


def _tanggamus(actor: User) -> MeetingData:
    tanggamus = _office_of_code("18.06")
    return MeetingData(
        organiser=tanggamus,
        title="Koordinasi pembentukan DP3 dengan Pemerintah Pekon Gunung Kasih dan Pekon Sukabanjar",
        programme_year=_year(2021),
        starts_local=D(2021, 6, 10, 9, 0),
        ends_local=D(2021, 6, 10, 12, 0),
        mode=Mode.IN_PERSON,
        venue="Pekon Gunung Kasih (Kec. Pugung) dan Pekon Sukabanjar (Kec. Gunung Alip)",
        summary=(
            "Tindak lanjut rakor pembentukan DP3 3–4 Juni 2021: koordinasi dengan pemerintah pekon lokus dan "
            "penyerahan dokumen data agen DP3 serta juknis."
        ),
        minutes="""\
Lima anggota KPU Kabupaten Tanggamus menindaklanjuti rapat koordinasi pembentukan DP3 (3–4 Juni 2021) sesuai
jadwal yang disepakati dengan pemerintah pekon lokus: **Pekon Gunung Kasih** (Kecamatan Pugung) dan
**Pekon Sukabanjar** (Kecamatan Gunung Alip).

Tahapan: pemetaan dan penentuan lokus telah dilakukan, demikian pula rekrutmen 25 calon kader per lokus dari
basis pemilih perempuan, pemilih muda, tokoh agama/tokoh masyarakat, dan mereka yang aktif di Karang Taruna
(Muli-Mekhanai), Posyandu, PKK serta mantan anggota badan ad hoc.

Amhani S., Ketua Divisi Sosialisasi, Pendidikan Pemilih dan Parmas, menyampaikan apresiasi kepada aparat
pekon, badan koordinasi dan calon agen DP3, dengan harapan program dikawal secara konsisten hingga
meningkatnya partisipasi pemilih yang rasional, mandiri dan berdaulat.

Pada akhir sesi Ketua KPU Tanggamus, Angga Lazuardi, menyerahkan dokumen pendukung data agen DP3 dan bahan
sosialisasi Keputusan KPU No. 290/PP.06-Kpt/KPU/2021 tentang Petunjuk Teknis Pelaksanaan Program DP3.
""",
        conclusions=(
            "Pemerintah Pekon Gunung Kasih dan Pekon Sukabanjar menerima dan menyepakati program DP3. "
            "Dokumen data agen DP3 dan juknis (Keputusan KPU No. 290/PP.06-Kpt/KPU/2021) diserahkan kepada "
            "aparat pemerintah pekon."
        ),
        signatory_name="Angga Lazuardi",
        signatory_position="Ketua KPU Kabupaten Tanggamus",
        signed_place="Kota Agung",
        attendees=[
            AttendeeRow("Angga Lazuardi", "Ketua KPU Kabupaten Tanggamus", office=tanggamus),
            AttendeeRow(
                "Amhani S.", "Ketua Divisi Sosialisasi, Pendidikan Pemilih dan Parmas", office=tanggamus
            ),
            AttendeeRow(
                "Ubaydillah",
                "Sekretaris Pekon, mewakili Kepala Pekon Budi Rohman",
                institution="Pemerintah Pekon Gunung Kasih",
            ),
            AttendeeRow("Ammayani", "Kepala Pekon Sukabanjar", institution="Pemerintah Pekon Sukabanjar"),
        ],
        agenda=[
            AgendaRow("Koordinasi program DP3 dengan pemerintah pekon lokus"),
            AgendaRow("Sambutan Divisi Sosialisasi, Pendidikan Pemilih dan Parmas"),
            AgendaRow("Penyerahan dokumen data agen DP3 dan juknis kepada aparat pemerintah pekon"),
        ],
        speakers=[],
        follow_ups=[
            FollowUpRow(
                "Mengawal program DP3 di kedua pekon secara konsisten hingga pembekalan kader.",
                tanggamus,
                dt.date(2021, 8, 31),
                FollowUpStatus.DONE,
            ),
        ],
    )


PLAN = (("prov-ntt", _ntt), ("prov-kaltara", _kaltara), ("prov-jambi", _jambi), ("kab-tanggamus", _tanggamus))


@transaction.atomic
def seed_meetings() -> int:
    """Record the demo meetings once; returns how many of them exist afterwards."""
    count = 0
    for username, build in PLAN:
        actor = User.objects.select_related("office__province").get(username=username)
        data = build(actor)
        starts_at = to_utc(data.starts_local, data.organiser.time_zone)
        exists = CoordinationMeeting.objects.filter(
            organiser=data.organiser, title=data.title, starts_at=starts_at
        ).exists()
        if not exists:
            meeting_create(actor=actor, data=data)
        count += 1
    return count
