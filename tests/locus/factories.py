"""Regions and loci for tests: the chain province → regency → district → village → locus.

Each factory makes its parent through ``SubFactory`` when none is given, so ``LocusFactory()`` alone builds a
new branch of the tree, its codes derived from the parent's (provinces 97–99: no real province has them).
Regions are got or created by code, so a real code with its parent (``tests.factories.village``, the test
world) gives the row that exists when it does. A locus is got or created by village and programme year:
asking twice for the same locus gives the same row, whatever the other fields say the second time. A
village's election results (``VillageResultFactory``) are Pemilu 2024's unless ``election_id`` says otherwise.
"""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from locus.choices import LocusCategory, LocusStatus
from locus.models import District, Locus, ProgrammeYear, Province, Regency, Village, VillageResult
from regions.choices import DistrictKind, RegencyKind, VillageKind, time_zone_for_province


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: str(97 + n % 3))
    name = factory.LazyAttribute(lambda o: f"Provinsi Uji {o.code}")
    time_zone = factory.LazyAttribute(lambda o: time_zone_for_province(o.code))


class RegencyFactory(DjangoModelFactory):
    class Meta:
        model = Regency
        django_get_or_create = ("code",)

    province = factory.SubFactory(ProvinceFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.province.code}.{71 + n % 29:02d}")
    name = factory.LazyAttribute(lambda o: f"Kabupaten Uji {o.code}")
    kind = factory.LazyAttribute(
        lambda o: RegencyKind.KOTA if o.name.startswith("Kota") else RegencyKind.KABUPATEN
    )


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("code",)

    regency = factory.SubFactory(RegencyFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.regency.code}.{71 + n % 29:02d}")
    name = factory.LazyAttribute(lambda o: f"Kecamatan Uji {o.code}")
    kind = DistrictKind.KECAMATAN


class VillageFactory(DjangoModelFactory):
    class Meta:
        model = Village
        django_get_or_create = ("code",)

    district = factory.SubFactory(DistrictFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.district.code}.{2001 + n % 7999:04d}")
    name = factory.LazyAttribute(lambda o: f"Desa Uji {o.code}")
    # Kemendagri: a village whose own number starts with 1 is a kelurahan, with 2 a desa.
    kind = factory.LazyAttribute(
        lambda o: VillageKind.KELURAHAN if o.code.split(".")[3].startswith("1") else VillageKind.DESA
    )


class LocusFactory(DjangoModelFactory):
    """A designated locus of 2021 (``year=`` for another programme year, which must exist: the migrations
    load 2021 to 2024)."""

    class Meta:
        model = Locus
        django_get_or_create = ("village", "programme_year")

    class Params:
        year = 2021

    village = factory.SubFactory(VillageFactory)
    programme_year = factory.LazyAttribute(lambda o: ProgrammeYear.objects.get(year=o.year))
    category = LocusCategory.LOW_TURNOUT
    rationale = "Uji"
    status = LocusStatus.DESIGNATED
    # A designated locus has its decree (SK): in June of its programme year.
    decree_date = factory.LazyAttribute(
        lambda o: (
            dt.date(o.programme_year.year, 6, 7)
            if o.status not in (LocusStatus.PROPOSED, LocusStatus.REJECTED)
            else None
        )
    )


class VillageResultFactory(DjangoModelFactory):
    """A village's results for one election: 3 TPS, 606 who could vote, 480 who came (79.2%)."""

    class Meta:
        model = VillageResult

    election_id = "pemilu-2024"
    village = factory.SubFactory(VillageFactory)
    polling_stations = 3
    registered = 600
    additional = 6
    voters = 480
    valid_votes = 470
    invalid_votes = 10
