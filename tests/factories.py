"""Factories and the test world: real Kemendagri codes of the seed articles' places."""

from __future__ import annotations

from dataclasses import dataclass, field

import factory

from dp3.accounts.choices import OfficeLevel, Role
from dp3.accounts.models import Office, User
from locus.choices import DistrictKind, RegencyKind, VillageKind, time_zone_for_province
from locus.models import District, Province, Regency, Village

PASSWORD = "sidp3-test-password"


def province(code: str, name: str) -> Province:
    obj, _ = Province.objects.get_or_create(
        code=code, defaults={"name": name, "time_zone": time_zone_for_province(code)}
    )
    return obj


def regency(code: str, name: str) -> Regency:
    kind = RegencyKind.KOTA if name.startswith("Kota") else RegencyKind.KABUPATEN
    obj, _ = Regency.objects.get_or_create(
        code=code, defaults={"name": name, "kind": kind, "province": Province.objects.get(code=code[:2])}
    )
    return obj


def district(code: str, name: str) -> District:
    obj, _ = District.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "kind": DistrictKind.KECAMATAN,
            "regency": Regency.objects.get(code=code[:5]),
        },
    )
    return obj


def village(code: str, name: str) -> Village:
    kind = VillageKind.KELURAHAN if code.split(".")[3].startswith("1") else VillageKind.DESA
    obj, _ = Village.objects.get_or_create(
        code=code, defaults={"name": name, "kind": kind, "district": District.objects.get(code=code[:8])}
    )
    return obj


def office_for(level: str, region=None) -> Office:
    if level == OfficeLevel.NATIONAL:
        obj, _ = Office.objects.get_or_create(level=level, defaults={"name": "KPU RI"})
        return obj
    if level == OfficeLevel.PROVINCE:
        obj, _ = Office.objects.get_or_create(
            level=level, province=region, defaults={"name": Office.default_name(level, region)}
        )
        return obj
    obj, _ = Office.objects.get_or_create(
        level=level,
        regency=region,
        defaults={"province": region.province, "name": Office.default_name(level, region)},
    )
    return obj


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    email = factory.LazyAttribute(lambda o: f"{o.username}@kpu.test")
    role = Role.STAFF
    password = factory.django.Password(PASSWORD)


# The actors of the access table: name → (office level, region key in the world, role).
ACTOR_SPECS: dict[str, tuple[str, str | None, str]] = {
    "national_admin": (OfficeLevel.NATIONAL, None, Role.ADMIN),
    "national_viewer": (OfficeLevel.NATIONAL, None, Role.VIEWER),
    "lampung_admin": (OfficeLevel.PROVINCE, "lampung", Role.ADMIN),
    "lampung_commissioner": (OfficeLevel.PROVINCE, "lampung", Role.COMMISSIONER),
    "lampung_staff": (OfficeLevel.PROVINCE, "lampung", Role.STAFF),
    "lampung_viewer": (OfficeLevel.PROVINCE, "lampung", Role.VIEWER),
    "tanggamus_admin": (OfficeLevel.REGENCY, "tanggamus", Role.ADMIN),
    "tanggamus_commissioner": (OfficeLevel.REGENCY, "tanggamus", Role.COMMISSIONER),
    "tanggamus_staff": (OfficeLevel.REGENCY, "tanggamus", Role.STAFF),
    "tanggamus_viewer": (OfficeLevel.REGENCY, "tanggamus", Role.VIEWER),
    "ntt_admin": (OfficeLevel.PROVINCE, "ntt", Role.ADMIN),
    "flotim_admin": (OfficeLevel.REGENCY, "flotim", Role.ADMIN),
    "flotim_commissioner": (OfficeLevel.REGENCY, "flotim", Role.COMMISSIONER),
}
ACTORS = ("anonymous", *ACTOR_SPECS)


@dataclass
class World:
    """Regions, offices and one user per actor. "In jurisdiction" objects live in Tanggamus (Lampung);
    "out of jurisdiction" objects in Flores Timur (NTT)."""

    lampung: Province
    tanggamus: Regency
    pugung: District
    gunung_kasih: Village
    ntt: Province
    flotim: Regency
    larantuka: District
    flotim_village: Village
    users: dict[str, User] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def office(self, level: str, key: str | None) -> Office:
        return office_for(level, getattr(self, key) if key else None)


def ensure_reference_data() -> None:
    """The programme years, segments and elections of the data migration. A transactional test (the browser
    tests, the concurrency tests) empties every table when it ends, data migrations' rows included."""
    import importlib

    from django.apps import apps

    from locus.models import ProgrammeYear

    if not ProgrammeYear.objects.exists():
        migration = importlib.import_module("locus.migrations.0004_programme_years_segments_elections")
        migration.forwards(apps, None)


def build_world() -> World:
    ensure_reference_data()
    lampung = province("18", "Lampung")
    tanggamus = regency("18.06", "Kabupaten Tanggamus")
    pugung = district("18.06.11", "Pugung")
    gunung_kasih = village("18.06.11.2016", "Gunung Kasih")
    district("18.06.21", "Gunung Alip")
    village("18.06.21.2005", "Sukabanjar")
    ntt = province("53", "Nusa Tenggara Timur")
    flotim = regency("53.06", "Kabupaten Flores Timur")
    larantuka = district("53.06.03", "Larantuka")
    flotim_village = village("53.06.03.1001", "Waibalun")
    world = World(lampung, tanggamus, pugung, gunung_kasih, ntt, flotim, larantuka, flotim_village)
    for name, (level, key, role) in ACTOR_SPECS.items():
        world.users[name] = UserFactory(
            username=name.replace("_", "-"), office=world.office(level, key), role=role
        )
    return world
