"""Cadre data for tests: valid-structured NIKs that agree with the district, birth date and sex."""

from __future__ import annotations

import datetime as dt
import itertools

from cadre.services import CadreData

_serial = itertools.count(1)


def make_nik(district_code: str, birth_date: dt.date, sex: str, serial: int | None = None) -> str:
    """PPKKCC DDMMYY SSSS: district of registration, birth date (day + 40 for women), serial."""
    day = birth_date.day + (40 if sex == "P" else 0)
    number = serial if serial is not None else next(_serial)
    return f"{district_code.replace('.', '')}{day:02d}{birth_date:%m%y}{number:04d}"


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
