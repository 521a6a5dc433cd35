"""The checks on a cadre's identity: NIK structure (lokal-id's parser), agreement of the NIK with the entered
birth date and sex, age on the recruitment date, phone number. Messages are Indonesian, without the NIK or
the name (they may end up in logs)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from locus.rules import VOTING_AGE, age_on

_NIK_ERRORS = {
    "format": lambda: _("NIK harus terdiri dari 16 digit angka."),
    "province": lambda: _("Dua digit pertama NIK bukan kode provinsi yang dikenal."),
    "wilayah": lambda: _("Kode kabupaten/kota dan kecamatan dalam NIK tidak boleh 00."),
    "birth_date": lambda: _("Tanggal lahir dalam NIK tidak valid."),
    "serial": lambda: _("Nomor urut NIK (empat digit terakhir) tidak boleh 0000."),
}


@dataclass
class NikCheck:
    nik: str | None
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sex: str | None = None
    day: int | None = None
    month: int | None = None
    year_2: int | None = None  # the two digits of the year
    district_code: str | None = None

    @property
    def valid(self) -> bool:
        return not self.errors


def mask_nik(nik: str | None) -> str:
    """180611******0001: the district of registration and the serial stay, the birth date is hidden."""
    if not nik:
        return ""
    digits = "".join(c for c in str(nik) if c.isdigit())
    if len(digits) != 16:
        return "*" * len(digits)
    return f"{digits[:6]}******{digits[12:]}"


def compose_nik(district_code: str, birth_date: dt.date, sex: str, serial: int) -> str:
    """The NIK that ``check_nik`` and ``check_identity`` accept for these facts: PPKKCC DDMMYY SSSS, the
    district of registration (``18.06.11`` or ``180611``), the birth date (day + 40 for women) and a serial
    1–9999. For demonstration, test and scale data: such a NIK is valid in structure but belongs to nobody."""
    day = birth_date.day + (40 if sex == "P" else 0)
    return f"{district_code.replace('.', '')}{day:02d}{birth_date:%m%y}{serial:04d}"


def check_nik(value: str, *, known_district=None) -> NikCheck:
    """Structure of a NIK. ``known_district(code)`` returns (exists, retired, successor name) for a district
    code from the database, so that a NIK issued under a code retired since is accepted with a note."""
    from lokal import parse_nik

    info = parse_nik(str(value or ""), reference_date=dt.date(2099, 12, 31))
    result = NikCheck(nik=info.nik)
    for issue in info.errors:
        result.errors.append(_NIK_ERRORS.get(issue.code, lambda: _("NIK tidak valid."))())
    if info.nik is None:
        return result
    day = int(info.nik[6:8])
    result.sex = "P" if day > 40 else "L"
    result.day = day - 40 if day > 40 else day
    result.month = int(info.nik[8:10])
    result.year_2 = int(info.nik[10:12])
    result.district_code = info.district_code
    if result.valid and known_district is not None:
        exists, retired, successor = known_district(info.district_code)
        if not exists:
            result.notes.append(
                _(
                    "Kode kecamatan %(code)s dalam NIK tidak ada di data Kemendagri; "
                    "diterima sebagai kode lama."
                )
                % {"code": info.district_code}
            )
        elif retired:
            note = _("NIK diterbitkan dengan kode kecamatan lama %(code)s") % {"code": info.district_code}
            if successor:
                note += _(" (sekarang %(name)s)") % {"name": successor}
            result.notes.append(note + ".")
    return result


def check_identity(nik: NikCheck, *, birth_date: dt.date | None, sex: str | None) -> dict[str, list[str]]:
    """The entered birth date and sex must agree with the NIK (day + 40 for women). Errors by field."""
    errors: dict[str, list[str]] = {}
    if not nik.valid or nik.day is None:
        return errors
    if sex and sex != nik.sex:
        errors.setdefault("sex", []).append(
            _("Jenis kelamin tidak sesuai dengan NIK (tanggal lahir di NIK %(hint)s).")
            % {
                "hint": _("ditambah 40 untuk perempuan")
                if nik.sex == "P"
                else _("tanpa tambahan 40, laki-laki")
            }
        )
    if birth_date and (birth_date.day, birth_date.month, birth_date.year % 100) != (
        nik.day,
        nik.month,
        nik.year_2,
    ):
        errors.setdefault("birth_date", []).append(_("Tanggal lahir tidak sesuai dengan NIK."))
    return errors


def check_age(birth_date: dt.date | None, recruited_on: dt.date) -> list[str]:
    if birth_date is None:
        return []
    if birth_date > recruited_on:
        return [_("Tanggal lahir tidak boleh setelah tanggal pendaftaran.")]
    if age_on(birth_date, recruited_on) < VOTING_AGE:
        return [
            _("Belum berusia %(min)s tahun pada tanggal pendaftaran %(date)s.")
            % {"min": VOTING_AGE, "date": recruited_on.strftime("%d/%m/%Y")}
        ]
    return []


def normalize_phone(value: str) -> tuple[str, list[str]]:
    """(+62… or "", errors). An empty number is allowed."""
    from lokal import parse_phone

    text = (value or "").strip()
    if not text:
        return "", []
    info = parse_phone(text)
    if not info.valid or not info.e164:
        return "", [
            _("Nomor HP “%(value)s” tidak dapat dibaca; tulis misalnya 0812-3456-7890.") % {"value": text}
        ]
    return info.e164, []


def whatsapp_link(e164: str) -> str:
    return f"https://wa.me/{e164.lstrip('+')}" if e164 else ""
