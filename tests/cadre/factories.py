"""Cadre data for tests: valid-structured NIKs that agree with the district, birth date and sex."""

from __future__ import annotations

import datetime as dt
import itertools

from cadre.checks import compose_nik
from cadre.services import CadreData

_serial = itertools.count(1)


def make_nik(district_code: str, birth_date: dt.date, sex: str, serial: int | None = None) -> str:
    """``cadre.checks.compose_nik`` with the next serial of this test run unless one is given."""
    return compose_nik(district_code, birth_date, sex, serial if serial is not None else next(_serial))


def cadre_data(
    village_code: str = "18.06.11.2016",
    *,
    sex: str = "P",
    birth_date: dt.date = dt.date(1995, 8, 15),
    segments=("perempuan",),
    serial: int | None = None,
    **overrides,
) -> CadreData:
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
