"""25 cadres for each demo locus that recruits, through the services (checks, history, roster cap).

Tanggamus' two rosters are full and active; Gunung Kasih meets the composition rules, Sukabanjar misses one
(no cadre with a disability); a Gunung Kasih cadre resigned and was replaced; three follow-on cadres (kader
lanjutan) were recruited by a Gunung Kasih cadre. The other loci are at earlier recruitment steps. Names
are made up from common names of the regions; NIKs are valid in structure (district, birth date, sex) but
belong to nobody."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import random

from django.db import transaction

from accounts.models import User
from cadre.checks import compose_nik
from cadre.choices import VERIFICATION_ITEMS, CadreStatus
from cadre.models import Cadre
from cadre.services import (
    CadreData,
    cadre_activate,
    cadre_appoint,
    cadre_interview,
    cadre_register,
    cadre_replace,
    cadre_resign,
    cadre_verify,
)
from locus.models import Locus

CHECKLIST = {key: True for key, _label in VERIFICATION_ITEMS}

GIVEN_MEN = [
    "Ahmad",
    "Budi",
    "Dedi",
    "Edi",
    "Fajar",
    "Hendra",
    "Irwan",
    "Joko",
    "Kurniawan",
    "Lukman",
    "Muhammad",
    "Nanang",
    "Rahmat",
    "Rudi",
    "Slamet",
    "Taufik",
    "Wahyu",
    "Yusuf",
    "Zainal",
    "Agus",
    "Bambang",
    "Darmawan",
]
GIVEN_WOMEN = [
    "Siti",
    "Dewi",
    "Fitri",
    "Rina",
    "Sri",
    "Nurhayati",
    "Yuliana",
    "Wulan",
    "Ratna",
    "Lestari",
    "Maria",
    "Ani",
    "Endang",
    "Indah",
    "Lilis",
    "Murni",
    "Novita",
    "Puspita",
    "Rosmiati",
    "Susanti",
    "Yanti",
    "Kartini",
]
# Second names by province and sex (L, P); NTT's clan names are borne by both.
FAMILY = {
    "18": {
        "L": ["Saputra", "Wijaya", "Hidayat", "Pratama", "Setiawan", "Kusuma", "Santoso", "Nugroho"],
        "P": ["Rahmawati", "Sari", "Lestari", "Wulandari", "Puspitasari", "Handayani", "Anggraini", "Utami"],
    },
    "15": {
        "L": ["Syahputra", "Ramadhan", "Hakim", "Fauzi", "Nasution", "Hasibuan", "Rangkuti", "Saleh"],
        "P": ["Putri", "Amelia", "Rahmadani", "Safitri", "Maharani", "Yuliani", "Oktaviani", "Fitria"],
    },
    "53": {
        "L": ["Koli", "Kelen", "Hurint", "Lamaj", "Ola", "Tokan", "Kedang", "Beda", "Maran"],
        "P": ["Koli", "Kelen", "Hurint", "Lamaj", "Ola", "Tokan", "Kedang", "Beda", "Maran"],
    },
    "65": {
        "L": ["Hamid", "Ramli", "Irawan", "Nurdin", "Husain", "Aspian", "Samsudin", "Yusran"],
        "P": ["Hasanah", "Fitriani", "Rahmah", "Nurhaliza", "Marlina", "Suryani", "Jumiati", "Halimah"],
    },
}
OCCUPATIONS = [
    "Petani",
    "Wiraswasta",
    "Guru",
    "Pelajar/Mahasiswa",
    "Ibu rumah tangga",
    "Pedagang",
    "Perangkat desa",
]
EDUCATIONS = ["sma", "sma", "s1", "smp", "diploma", "sma", "s1"]

# (segments, sex) for the 25 places of a roster: 10 women, every required segment covered.
ROSTER = [
    (["perempuan", "kader-pkk"], "P"),
    (["perempuan", "kader-posyandu"], "P"),
    (["perempuan", "pemilih-pemula"], "P"),
    (["perempuan", "pemilih-muda"], "P"),
    (["perempuan", "tokoh-masyarakat"], "P"),
    (["perempuan", "mantan-badan-ad-hoc"], "P"),
    (["perempuan", "kader-pkk"], "P"),
    (["perempuan", "pemilih-muda"], "P"),
    (["perempuan", "tokoh-agama"], "P"),
    (["perempuan", "penyandang-disabilitas"], "P"),
    (["pemilih-pemula"], "L"),
    (["pemilih-pemula"], "L"),
    (["pemilih-muda", "karang-taruna"], "L"),
    (["pemilih-muda", "karang-taruna"], "L"),
    (["pemilih-muda"], "L"),
    (["tokoh-agama"], "L"),
    (["tokoh-agama"], "L"),
    (["tokoh-adat"], "L"),
    (["tokoh-masyarakat"], "L"),
    (["tokoh-masyarakat"], "L"),
    (["mantan-badan-ad-hoc"], "L"),
    (["mantan-badan-ad-hoc"], "L"),
    (["karang-taruna"], "L"),
    (["penyandang-disabilitas"], "L"),
    (["tokoh-masyarakat"], "L"),
]

# village code → (user who enters the data, user who appoints, how far the roster got)
PLAN = {
    "18.06.11.2016": ("kab-tanggamus", "kab-tanggamus", CadreStatus.ACTIVE),
    "18.06.21.2005": ("kab-tanggamus", "kab-tanggamus", CadreStatus.ACTIVE),
    "53.06.03.1001": ("kab-flores-timur", "kab-flores-timur", CadreStatus.APPOINTED),
    "15.01.01.2003": ("prov-jambi", "prov-jambi", CadreStatus.INTERVIEWED),
    "15.72.01.2006": ("prov-jambi", "prov-jambi", CadreStatus.VERIFIED),
    "15.71.06.1003": ("prov-jambi", "prov-jambi", CadreStatus.REGISTERED),
    "65.01.05.2006": ("prov-kaltara", "prov-kaltara", CadreStatus.VERIFIED),
}
MISSING_DISABILITY = "18.06.21.2005"  # Sukabanjar: composition misses one required segment
RECRUITED_ON = {
    "18": dt.date(2021, 6, 1),
    "53": dt.date(2021, 11, 8),
    "15": dt.date(2021, 11, 1),
    "65": dt.date(2021, 7, 1),
}


def _pick(options, seed: str):
    return options[int(hashlib.sha256(seed.encode()).hexdigest(), 16) % len(options)]


@functools.cache
def _names(village_code: str, province: str, sex: str) -> list[tuple[str, str]]:
    """Every (given, second) name pair of the province and sex, in an order of the village's own: cadre
    ``n`` of a village takes pair ``n``, so no two cadres of one village share a name."""
    givens = GIVEN_WOMEN if sex == "P" else GIVEN_MEN
    # A name twice over ("Lestari Lestari") is left out.
    families = FAMILY.get(province, FAMILY["18"])[sex]
    pairs = [(given, family) for given in givens for family in families if family != given]
    random.Random(f"{village_code}:{sex}").shuffle(pairs)
    return pairs


def _birth_date(seed: str, segments: list[str], recruited_on: dt.date) -> dt.date:
    fraction = int(hashlib.sha256(f"lahir:{seed}".encode()).hexdigest()[:8], 16) / 2**32
    if "pemilih-pemula" in segments:
        age_days = int((17.2 + 3.5 * fraction) * 365.25)
    elif "pemilih-muda" in segments or "karang-taruna" in segments:
        age_days = int((21 + 9 * fraction) * 365.25)
    else:
        age_days = int((30 + 30 * fraction) * 365.25)
    return recruited_on - dt.timedelta(days=age_days)


def cadre_data_for(
    locus: Locus, index: int, segments: list[str], sex: str, *, serial_offset: int = 0
) -> CadreData:
    village = locus.village
    province = village.code[:2]
    recruited_on = RECRUITED_ON.get(province, dt.date(2021, 7, 1))
    seed = f"{village.code}:{index}:{serial_offset}"
    birth = _birth_date(seed, segments, recruited_on)
    pairs = _names(village.code, province, sex)
    given, family = pairs[(index + serial_offset) % len(pairs)]
    nik = compose_nik(village.district_id, birth, sex, 100 + index + serial_offset)
    phone = f"0812{int(hashlib.sha256(seed.encode()).hexdigest()[:7], 16) % 10**8:08d}"
    return CadreData(
        nik=nik,
        full_name=f"{given} {family}",
        sex=sex,
        birth_place=village.district.regency.name.replace("Kabupaten ", "").replace("Kota ", ""),
        birth_date=birth,
        address=f"{village.name} RT {index % 6 + 1:02d}/RW {index % 3 + 1:02d}",
        domicile_village_code=village.code,
        phone=phone,
        education=_pick(EDUCATIONS, f"e:{seed}"),
        occupation="Pelajar/Mahasiswa" if "pemilih-pemula" in segments else _pick(OCCUPATIONS, f"o:{seed}"),
        segment_codes=segments,
        disability="Tunadaksa" if "penyandang-disabilitas" in segments else "",
        nonpartisan=True,
        interest_pps="mantan-badan-ad-hoc" in segments or index % 4 == 0,
        interest_kpps=index % 3 == 0,
        recruited_on=recruited_on,
    )


def _advance(cadre: Cadre, *, clerk: User, decider: User, target: str, locus: Locus) -> Cadre:
    recruited_on = cadre.recruited_on
    if target == CadreStatus.REGISTERED:
        return cadre
    cadre = cadre_verify(actor=clerk, cadre=cadre, checklist=CHECKLIST)
    if target == CadreStatus.VERIFIED:
        return cadre
    cadre = cadre_interview(
        actor=clerk,
        cadre=cadre,
        notes="Memahami tugas kader; tidak berafiliasi dengan partai politik atau peserta pemilu.",
        interviewed_on=recruited_on + dt.timedelta(days=3),
    )
    if target == CadreStatus.INTERVIEWED:
        return cadre
    cadre = cadre_appoint(
        actor=decider,
        cadre=cadre,
        decree_number=f"{locus.pk:02d}/PP.06-Kpt/{locus.regency_id.replace('.', '')}/2021",
        decree_date=recruited_on + dt.timedelta(days=7),
    )
    if target == CadreStatus.APPOINTED:
        return cadre
    return cadre_activate(actor=clerk, cadre=cadre)


@transaction.atomic
def seed_cadres() -> int:
    """Create the demo rosters once; returns how many cadres exist in the demo loci afterwards."""
    loci = {
        locus.village_id: locus
        for locus in Locus.objects.select_related("village__district__regency").filter(village_id__in=PLAN)
    }
    for code, (clerk_name, decider_name, target) in PLAN.items():
        locus = loci.get(code)
        if locus is None or Cadre.objects.filter(locus=locus).exists():
            continue
        clerk = User.objects.select_related("office").get(username=clerk_name)
        decider = User.objects.select_related("office").get(username=decider_name)
        cadres = []
        for index, (segments, sex) in enumerate(ROSTER):
            if code == MISSING_DISABILITY and "penyandang-disabilitas" in segments:
                segments = [s for s in segments if s != "penyandang-disabilitas"] or ["tokoh-masyarakat"]
            cadre, _warnings = cadre_register(
                actor=clerk, locus=locus, data=cadre_data_for(locus, index, segments, sex)
            )
            cadres.append(_advance(cadre, clerk=clerk, decider=decider, target=target, locus=locus))
        if code == "18.06.11.2016":
            # One cadre resigned and was replaced; another recruited three follow-on cadres.
            leaving = cadre_resign(actor=clerk, cadre=cadres[22], reason="Pindah domisili ke Bandar Lampung.")
            newcomer, _warnings = cadre_replace(
                actor=clerk,
                cadre=leaving,
                data=cadre_data_for(locus, 22, ["karang-taruna"], "L", serial_offset=50),
            )
            _advance(newcomer, clerk=clerk, decider=decider, target=CadreStatus.ACTIVE, locus=locus)
            recruiter = cadres[4]
            for n, (segments, sex) in enumerate(
                [(["perempuan"], "P"), (["pemilih-pemula"], "L"), (["tokoh-agama"], "L")]
            ):
                follow_on, _warnings = cadre_register(
                    actor=clerk,
                    locus=locus,
                    data=cadre_data_for(locus, 30 + n, segments, sex, serial_offset=60),
                    recruited_by=recruiter,
                )
                _advance(follow_on, clerk=clerk, decider=decider, target=CadreStatus.ACTIVE, locus=locus)
    return Cadre.objects.filter(locus__village_id__in=PLAN).count()
