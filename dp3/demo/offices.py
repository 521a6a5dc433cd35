"""Offices and people of the seed articles (shared/seeds/): KPU RI, Lampung and Tanggamus, NTT and Flores
Timur, Jambi, Kalimantan Utara, Sulawesi Tengah, Sumatera Selatan and Palembang."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from accounts.choices import OfficeLevel, Role
from accounts.models import Office, User
from locus.models import Province, Regency

DEMO_PASSWORD = "sidp3-demo"  # noqa: S105 — the documented demo password, never loaded in production


@dataclass(frozen=True)
class DemoAccount:
    username: str
    level: str
    region_code: str | None
    role: str
    first_name: str
    last_name: str
    position: str


ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "nasional", OfficeLevel.NATIONAL, None, Role.ADMIN, "Cahyo", "Ariawan", "Kepala Biro Humas KPU RI"
    ),
    DemoAccount(
        "prov-lampung",
        OfficeLevel.PROVINCE,
        "18",
        Role.ADMIN,
        "Administrator",
        "KPU Provinsi Lampung",
        "Subbagian Teknis dan Hubungan Partisipasi Masyarakat",
    ),
    DemoAccount(
        "kab-tanggamus",
        OfficeLevel.REGENCY,
        "18.06",
        Role.COMMISSIONER,
        "Amhani",
        "S.",
        "Ketua Divisi Sosialisasi, Pendidikan Pemilih dan Parmas KPU Kabupaten Tanggamus",
    ),
    DemoAccount(
        "prov-ntt",
        OfficeLevel.PROVINCE,
        "53",
        Role.ADMIN,
        "Yosafat",
        "Koli",
        "Anggota KPU Provinsi NTT Divisi Sosdiklih",
    ),
    DemoAccount(
        "kab-flores-timur",
        OfficeLevel.REGENCY,
        "53.06",
        Role.COMMISSIONER,
        "Komisioner",
        "KPU Flores Timur",
        "Divisi Sosdiklih, Parmas dan SDM",
    ),
    DemoAccount(
        "prov-jambi",
        OfficeLevel.PROVINCE,
        "15",
        Role.ADMIN,
        "Nurkholik",
        "",
        "Anggota KPU Provinsi Jambi Divisi Sosdiklih dan Parhumas",
    ),
    DemoAccount(
        "prov-kaltara",
        OfficeLevel.PROVINCE,
        "65",
        Role.ADMIN,
        "Hariyadi",
        "Hamid",
        "Anggota KPU Provinsi Kalimantan Utara Divisi Sosialisasi, Pendidikan Pemilih, Parmas dan SDM",
    ),
    DemoAccount(
        "prov-sulteng",
        OfficeLevel.PROVINCE,
        "72",
        Role.COMMISSIONER,
        "Sahran",
        "Raden",
        "Anggota KPU Provinsi Sulawesi Tengah",
    ),
    DemoAccount(
        "prov-sumsel",
        OfficeLevel.PROVINCE,
        "16",
        Role.ADMIN,
        "Administrator",
        "KPU Provinsi Sumatera Selatan",
        "Subbagian Teknis dan Hubungan Partisipasi Masyarakat",
    ),
    DemoAccount(
        "kota-palembang",
        OfficeLevel.REGENCY,
        "16.71",
        Role.COMMISSIONER,
        "Kurniawan",
        "",
        "Anggota KPU Kota Palembang Divisi Sosialisasi dan Pendidikan Pemilih",
    ),
)


class MissingRegions(Exception):
    pass


def _office(level: str, region_code: str | None) -> Office:
    if level == OfficeLevel.NATIONAL:
        office, _ = Office.objects.get_or_create(level=level, defaults={"name": "KPU RI"})
        return office
    if level == OfficeLevel.PROVINCE:
        province = Province.objects.get(code=region_code)
        office, _ = Office.objects.get_or_create(
            level=level, province=province, defaults={"name": Office.default_name(level, province)}
        )
        return office
    regency = Regency.objects.select_related("province").get(code=region_code)
    office, _ = Office.objects.get_or_create(
        level=level,
        regency=regency,
        defaults={"province": regency.province, "name": Office.default_name(level, regency)},
    )
    return office


@transaction.atomic
def seed_offices_and_users() -> list[User]:
    """Create or update the demo offices and accounts; return the accounts. Idempotent."""
    needed = {a.region_code for a in ACCOUNTS if a.region_code}
    present = set(Province.objects.filter(code__in=needed).values_list("code", flat=True)) | set(
        Regency.objects.filter(code__in=needed).values_list("code", flat=True)
    )
    if needed - present:
        raise MissingRegions(sorted(needed - present))
    users = []
    for account in ACCOUNTS:
        user, _ = User.objects.update_or_create(
            username=account.username,
            defaults={
                "office": _office(account.level, account.region_code),
                "role": account.role,
                "first_name": account.first_name,
                "last_name": account.last_name,
                "position": account.position,
                "email": f"{account.username}@demo.sidp3.local",
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        users.append(user)
    return users


def demo_user(username: str) -> User:
    """A demo account with its office, as the actor of the demo's services."""
    return User.objects.select_related("office").get(username=username)
