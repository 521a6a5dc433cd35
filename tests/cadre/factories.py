"""Cadres for tests: ``CadreFactory`` writes a row directly (the recruitment steps are the services' tests),
``cadre_data`` is the form's input for the services. NIKs are valid in structure and agree with the district,
birth date and sex."""

from __future__ import annotations

import datetime as dt
import itertools

import factory
from factory.django import DjangoModelFactory

from cadre.checks import compose_nik
from cadre.choices import CadreStatus
from cadre.models import Cadre
from cadre.services import CadreData
from locus.choices import LocusStatus
from tests.locus.factories import LocusFactory

_serial = itertools.count(1)


def make_nik(district_code: str, birth_date: dt.date, sex: str, serial: int | None = None) -> str:
    """``cadre.checks.compose_nik`` with the next serial of this test run unless one is given."""
    return compose_nik(district_code, birth_date, sex, serial if serial is not None else next(_serial))


class CadreFactory(DjangoModelFactory):
    """An active cadre of an active locus (a new one in a new village unless ``locus`` is given), living in
    the locus' village. Serials 5000–9998 (``make_nik``'s own count from 1 stays below them)."""

    class Meta:
        model = Cadre
        skip_postgeneration_save = True

    class Params:
        serial = factory.Sequence(lambda n: 5000 + n % 4999)

    locus = factory.SubFactory(LocusFactory, status=LocusStatus.ACTIVE)
    sex = "P"
    birth_date = dt.date(1996, 3, 9)
    nik = factory.LazyAttribute(lambda o: make_nik(o.locus.village_id[:8], o.birth_date, o.sex, o.serial))
    full_name = "Kader Uji"
    birth_place = "Uji"
    address = "RT 01"
    domicile_village = factory.LazyAttribute(lambda o: o.locus.village)
    status = CadreStatus.ACTIVE
    recruited_on = dt.date(2021, 6, 1)

    @factory.post_generation
    def segments(cadre, create, codes, **kwargs):  # noqa: N805 - factory_boy passes the object first
        """``CadreFactory(segments=["perempuan"])``: the cadre's segments (its mask follows, by trigger)."""
        if create and codes:
            cadre.segments.set(codes)


def cadre_data(
    village_code: str = "18.06.11.2016",
    *,
    sex: str = "P",
    birth_date: dt.date = dt.date(1995, 8, 15),
    segments=None,
    serial: int | None = None,
    **overrides,
) -> CadreData:
    if segments is None:  # the women's segment is for women only
        segments = ("perempuan",) if sex == "P" else ("tokoh-masyarakat",)
    values = {
        "nik": make_nik(village_code[:8], birth_date, sex, serial),
        "full_name": "Siti Rahmawati",
        "sex": sex,
        "birth_place": "Tanggamus",
        "birth_date": birth_date,
        "address": "Pekon Gunung Kasih RT 01",
        "domicile_village_code": village_code,
        "phone": "0812 3456 7890",
        "education": "sma",
        "occupation": "Wiraswasta",
        "segment_codes": list(segments),
        "nonpartisan": True,
        "recruited_on": dt.date(2021, 6, 1),
    }
    values.update(overrides)
    return CadreData(**values)
