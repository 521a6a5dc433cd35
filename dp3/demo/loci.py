"""The loci of the seed articles and plausible evidence for their provinces, so that the ranking pages show
something real. Idempotent: loci are created once and moved through their stages by the services."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from accounts.system import national_system_user
from dp3.demo.offices import demo_user
from dp3.demo.trainings import PALEMBANG_LOCI
from locus.choices import IncidentKind, LocusCategory, LocusStatus
from locus.models import Election, ElectionIndicator, IncidentRecord, Locus, ProgrammeYear, Regency, Village
from locus.services import loci as services

C = LocusCategory
S = LocusStatus


@dataclass(frozen=True)
class DemoLocus:
    village: str
    category: str
    rationale: str
    status: str
    proposer: str
    decider: str
    decree: tuple[str, dt.date] | None = None
    agreement: tuple[str, dt.date, str] | None = None


LOCI: tuple[DemoLocus, ...] = (
    # Jambi 2021 (rakor of 27 October 2021): one locus per category in three regencies/cities.
    DemoLocus(
        "15.01.01.2003",
        C.LOW_TURNOUT,
        "Kabupaten Kerinci ditetapkan untuk kategori daerah partisipasi rendah berdasarkan pemetaan wilayah "
        "KPU Provinsi Jambi; Desa Lempur Mudik mencatat partisipasi Pemilu 2019 terendah di kecamatannya.",
        S.DESIGNATED,
        "prov-jambi",
        "prov-jambi",
        decree=("45/PP.06-Kpt/15/Prov/X/2021", dt.date(2021, 10, 20)),
    ),
    DemoLocus(
        "15.72.01.2006",
        C.HIGH_VIOLATION,
        "Kota Sungai Penuh ditetapkan untuk kategori daerah potensi pelanggaran pemilu dan pemilihan tinggi.",
        S.DESIGNATED,
        "prov-jambi",
        "prov-jambi",
        decree=("45/PP.06-Kpt/15/Prov/X/2021", dt.date(2021, 10, 20)),
    ),
    DemoLocus(
        "15.71.06.1003",
        C.CONFLICT_DISASTER,
        "Kota Jambi ditetapkan untuk kategori daerah rawan konflik/bencana alam; Kelurahan Olak Kemang "
        "di tepi "
        "Sungai Batanghari berulang kali dilanda banjir.",
        S.DESIGNATED,
        "prov-jambi",
        "prov-jambi",
        decree=("45/PP.06-Kpt/15/Prov/X/2021", dt.date(2021, 10, 20)),
    ),
    # Tanggamus 2021: designated, PKS signed at the meeting of 10 June 2021, active.
    DemoLocus(
        "18.06.11.2016",
        C.LOW_TURNOUT,
        "Pekon Gunung Kasih (Kecamatan Pugung) terpilih dari pemetaan KPU Kabupaten Tanggamus setelah rakor "
        "pembentukan DP3 tanggal 3–4 Juni 2021.",
        S.ACTIVE,
        "kab-tanggamus",
        "prov-lampung",
        decree=("12/PP.06-Kpt/18/Prov/VI/2021", dt.date(2021, 6, 7)),
        agreement=(
            "01/PKS/KPU-Kab-018.434077/VI/2021",
            dt.date(2021, 6, 10),
            "Angga Lazuardi (Ketua KPU Kabupaten Tanggamus); Budi Rohman (Kepala Pekon Gunung Kasih), "
            "diwakili Ubaydillah (Sekretaris Pekon)",
        ),
    ),
    DemoLocus(
        "18.06.21.2005",
        C.CONFLICT_DISASTER,
        "Pekon Sukabanjar (Kecamatan Gunung Alip) terpilih dari pemetaan KPU Kabupaten Tanggamus "
        "setelah rakor "
        "pembentukan DP3 tanggal 3–4 Juni 2021.",
        S.ACTIVE,
        "kab-tanggamus",
        "prov-lampung",
        decree=("12/PP.06-Kpt/18/Prov/VI/2021", dt.date(2021, 6, 7)),
        agreement=(
            "02/PKS/KPU-Kab-018.434077/VI/2021",
            dt.date(2021, 6, 10),
            "Angga Lazuardi (Ketua KPU Kabupaten Tanggamus); Ammayani (Kepala Desa Sukabanjar)",
        ),
    ),
    # Kalimantan Utara 2021.
    DemoLocus(
        "65.01.05.2006",
        C.LOW_TURNOUT,
        "Desa Gunung Sari, Kecamatan Tanjung Selor, Kabupaten Bulungan.",
        S.DESIGNATED,
        "prov-kaltara",
        "prov-kaltara",
        decree=("30/PP.06-Kpt/65/Prov/VI/2021", dt.date(2021, 6, 21)),
    ),
    # Nusa Tenggara Timur 2021: loci in Flores Timur (rakor of 3 November 2021).
    DemoLocus(
        "53.06.03.1001",
        C.LOW_TURNOUT,
        "Kelurahan Waibalun (Kecamatan Larantuka): partisipasi Pemilu 2019 di bawah rata-rata kabupaten.",
        S.AGREEMENT_SIGNED,
        "kab-flores-timur",
        "prov-ntt",
        decree=("52/PP.06-Kpt/53/Prov/X/2021", dt.date(2021, 10, 25)),
        agreement=(
            "05/PKS/KPU-Flotim/XI/2021",
            dt.date(2021, 11, 5),
            "Ketua KPU Kabupaten Flores Timur; Lurah Waibalun",
        ),
    ),
    DemoLocus(
        "53.06.10.2006",
        C.CONFLICT_DISASTER,
        "Desa Lamahala Jaya (Kecamatan Adonara Timur): catatan konflik sosial antarwarga dan rawan bencana.",
        S.PROPOSED,
        "kab-flores-timur",
        "prov-ntt",
    ),
)


# Every demo locus: those of the articles above and Kota Palembang's (made with its trainings).
DEMO_LOCUS_CATEGORIES: dict[str, str] = {spec.village: spec.category for spec in LOCI} | dict(PALEMBANG_LOCI)
# The provinces of the demo loci, whose villages get evidence (Pemilu 2019 turnout, IKP) and illustrative
# results (``dp3/demo/results.py``): Jambi, Sumatera Selatan, Lampung, NTT, Kalimantan Utara.
DEMO_PROVINCES = tuple(sorted({code[:2] for code in DEMO_LOCUS_CATEGORIES}))


def _stable_fraction(code: str, salt: str) -> float:
    """A repeatable number in [0, 1) from a code: demo figures stay the same on every run."""
    digest = hashlib.sha256(f"{salt}:{code}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


def _standard_normal(code: str, salt: str) -> float:
    """A repeatable standard normal number from a code (Box–Muller on two stable fractions)."""
    first = max(_stable_fraction(code, salt + ":a"), 1e-12)
    return math.sqrt(-2 * math.log(first)) * math.cos(2 * math.pi * _stable_fraction(code, salt + ":b"))


def _demo_turnout(code: str, low_districts: dict[str, float]) -> float:
    """A village's Pemilu 2019 turnout in the demo: its regency's level (about 79%, give or take 3) and its
    own spread (give or take 5), between 45% and 96%, so that low-turnout villages that are not loci exist
    too (the comparison villages of the impact estimate). A village in the district of a low-turnout locus
    stays above the locus, which the articles call the lowest of its district."""
    turnout = 79 + 3 * _standard_normal(code[:5], "regency") + 5 * _standard_normal(code, "village")
    floor = low_districts.get(code[:8])
    if floor is not None:
        turnout = max(turnout, floor + 0.5)
    return min(max(turnout, 45.0), 96.0)


def seed_evidence() -> int:
    """Pemilu 2019 and Pilkada 2020 figures for every village of the demo provinces, IKP scores per regency,
    and a few conflict/disaster records. Returns the number of indicator rows created."""
    pemilu = Election.objects.get(code="pemilu-2019")
    pilkada = Election.objects.get(code="pilkada-2020")
    loci = DEMO_LOCUS_CATEGORIES
    existing = set(
        ElectionIndicator.objects.filter(province_code__in=DEMO_PROVINCES).values_list(
            "region_code", "election_id"
        )
    )
    rows = []
    villages = Village.objects.filter(
        district__regency__province_id__in=DEMO_PROVINCES, retired_at__isnull=True
    )
    low_districts = {
        code[:8]: 58 + 6 * _stable_fraction(code, "low")
        for code, category in loci.items()
        if category == C.LOW_TURNOUT
    }
    for code in villages.values_list("code", flat=True).iterator():
        turnout = Decimal(str(round(_demo_turnout(code, low_districts), 2)))
        if loci.get(code) == C.LOW_TURNOUT:
            turnout = Decimal(str(round(low_districts[code[:8]], 2)))
        findings = int(4 * _stable_fraction(code, "findings") ** 3)
        if loci.get(code) == C.HIGH_VIOLATION:
            findings = 7
        if (code, pemilu.code) not in existing:
            rows.append(
                ElectionIndicator(
                    region_code=code,
                    province_code=code[:2],
                    regency_code=code[:5],
                    election=pemilu,
                    turnout_percent=turnout,
                    violation_findings=findings,
                )
            )
    for regency in Regency.objects.filter(province_id__in=DEMO_PROVINCES, retired_at__isnull=True):
        score = Decimal(str(round(35 + 45 * _stable_fraction(regency.code, "ikp"), 2)))
        if regency.code == "15.72":
            score = Decimal("71.40")
        if (regency.code, pilkada.code) not in existing:
            rows.append(
                ElectionIndicator(
                    region_code=regency.code,
                    province_code=regency.code[:2],
                    regency_code=regency.code,
                    election=pilkada,
                    ikp_score=score,
                    note="Skor IKP Pemilihan 2020 (data demo).",
                )
            )
    ElectionIndicator.objects.bulk_create(rows, batch_size=2000)
    incidents = [
        ("15.71.06.1003", IncidentKind.FLOOD, 2020, "Banjir luapan Sungai Batanghari."),
        ("15.71.06.1003", IncidentKind.FLOOD, 2021, "Banjir luapan Sungai Batanghari."),
        ("15.71.06", IncidentKind.FLOOD, 2019, "Banjir di Kecamatan Danau Teluk."),
        ("15.01", IncidentKind.EARTHQUAKE, 2019, "Gempa bumi di Kabupaten Kerinci."),
        ("18.06.21.2005", IncidentKind.LANDSLIDE, 2020, "Tanah longsor di jalan pekon."),
        ("18.06.21", IncidentKind.FLOOD, 2021, "Banjir bandang di Kecamatan Gunung Alip."),
        ("53.06.10.2006", IncidentKind.SOCIAL_CONFLICT, 2020, "Konflik lahan antarwarga."),
        ("53.06", IncidentKind.FLOOD, 2021, "Banjir bandang akibat siklon Seroja."),
        ("65.01", IncidentKind.FLOOD, 2021, "Banjir Sungai Kayan di Tanjung Selor."),
    ]
    for code, kind, year, note in incidents:
        IncidentRecord.objects.get_or_create(region_code=code, kind=kind, year=year, note=note)
    return len(rows)


def _bring_to(locus: Locus, spec: DemoLocus) -> Locus:
    """Move a demo locus through the services up to its status in the articles."""
    decider = demo_user(spec.decider)
    if locus.status == S.PROPOSED and spec.status != S.PROPOSED and spec.decree:
        locus = services.locus_designate(
            actor=decider, locus=locus, decree_number=spec.decree[0], decree_date=spec.decree[1]
        )
    if locus.status == S.DESIGNATED and spec.agreement and spec.status in (S.AGREEMENT_SIGNED, S.ACTIVE):
        locus = services.locus_record_agreement(
            actor=decider,
            locus=locus,
            agreement_number=spec.agreement[0],
            agreement_date=spec.agreement[1],
            signatories=spec.agreement[2],
        )
    if locus.status == S.AGREEMENT_SIGNED and spec.status == S.ACTIVE:
        locus = services.locus_activate(
            actor=decider, locus=locus, note="Program berjalan setelah penandatanganan PKS."
        )
    return locus


@transaction.atomic
def seed_loci() -> list[Locus]:
    year = ProgrammeYear.objects.get(year=2021)
    national_system_user()
    loci = []
    for spec in LOCI:
        village = Village.objects.get(code=spec.village)
        locus = Locus.objects.filter(village=village, programme_year=year).first()
        if locus is None:
            locus = services.locus_propose(
                actor=demo_user(spec.proposer),
                village=village,
                programme_year=year,
                category=spec.category,
                rationale=spec.rationale,
            )
        loci.append(_bring_to(locus, spec))
    return loci
