"""The test world: real Kemendagri codes of the seed articles' places, their offices and one user per actor.

The factories themselves live per app: ``tests/accounts/factories.py`` (offices, users),
``tests/locus/factories.py`` (regions, loci), ``tests/cadre/factories.py`` (cadres); the helpers below name a
real region by code and name."""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts.choices import OfficeLevel, Role
from accounts.models import Office, User
from locus.models import District, Province, Regency, Village
from tests.accounts.factories import PASSWORD, UserFactory, office_for
from tests.locus.factories import DistrictFactory, ProvinceFactory, RegencyFactory, VillageFactory

__all__ = ["PASSWORD", "UserFactory", "office_for"]  # where most tests import them from


def province(code: str, name: str) -> Province:
    """A province by its real code and name (got when it exists)."""
    return ProvinceFactory(code=code, name=name)


def regency(code: str, name: str) -> Regency:
    """A regency by its real code and name, in the province of its code's first part, which must exist."""
    return RegencyFactory(code=code, name=name, province=Province.objects.get(code=code[:2]))


def district(code: str, name: str) -> District:
    return DistrictFactory(code=code, name=name, regency=Regency.objects.get(code=code[:5]))


def village(code: str, name: str) -> Village:
    return VillageFactory(code=code, name=name, district=District.objects.get(code=code[:8]))


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
