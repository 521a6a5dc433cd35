"""The roster spreadsheet's columns, and reading one cell of it: yes/no, sex, education, dates, phones and
NIKs as offices type them. Each parser answers a value or raises ``ValidationError`` with an Indonesian
message; the import resource (``cadre.resources``) names the row and column."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from kernel.spreadsheets import IndonesianDateWidget

from .choices import Education

LOCUS_COLUMN = "Kode Desa Lokus"
# Model field (as check_cadre names its errors) → spreadsheet column.
FIELD_COLUMNS = {
    "nik": "NIK",
    "full_name": "Nama Lengkap",
    "sex": "Jenis Kelamin",
    "birth_place": "Tempat Lahir",
    "birth_date": "Tanggal Lahir",
    "address": "Alamat",
    "domicile_village": "Kode Desa",
    "phone": "No. HP",
    "email": "Email",
    "education": "Pendidikan Terakhir",
    "occupation": "Pekerjaan",
    "segments": "Unsur",
    "disability": "Disabilitas",
    "nonpartisan": "Bukan Anggota Parpol",
}
COLUMNS = tuple(FIELD_COLUMNS.values())
REQUIRED_COLUMNS = (
    "NIK",
    "Nama Lengkap",
    "Jenis Kelamin",
    "Tempat Lahir",
    "Tanggal Lahir",
    "Alamat",
    "Kode Desa",
    "Bukan Anggota Parpol",
)
# The fields an import writes on a cadre it finds again (by locus and NIK).
WRITTEN_FIELDS = (
    "nik",
    "full_name",
    "sex",
    "birth_place",
    "birth_date",
    "address",
    "domicile_village",
    "phone",
    "email",
    "education",
    "occupation",
    "disability",
    "nonpartisan",
)
YES = {"ya", "y", "yes", "benar", "true", "1", "v", "✓"}
NO = {"tidak", "t", "no", "bukan", "false", "0", "-", ""}
SEX = {"l": "L", "laki-laki": "L", "laki laki": "L", "pria": "L", "p": "P", "perempuan": "P", "wanita": "P"}
EDUCATION_ALIASES = {
    "sd": Education.SD,
    "mi": Education.SD,
    "paket a": Education.SD,
    "smp": Education.SMP,
    "mts": Education.SMP,
    "sltp": Education.SMP,
    "paket b": Education.SMP,
    "sma": Education.SMA,
    "smk": Education.SMA,
    "ma": Education.SMA,
    "mak": Education.SMA,
    "slta": Education.SMA,
    "stm": Education.SMA,
    "paket c": Education.SMA,
    "diploma": Education.DIPLOMA,
    "d1": Education.DIPLOMA,
    "d2": Education.DIPLOMA,
    "d3": Education.DIPLOMA,
    "s1": Education.S1,
    "d4": Education.S1,
    "sarjana": Education.S1,
    "s2": Education.S2,
    "magister": Education.S2,
    "s3": Education.S3,
    "doktor": Education.S3,
}


def _key(value) -> str:
    return " ".join(str(value or "").lower().split())


def _text(value) -> str:
    if type(value) is str:
        text = value.strip()
    elif value is None:
        return ""
    else:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
    return text  # the apostrophes an export adds against formulas are gone already (read_table)


def nik_digits(value) -> str:
    """A NIK cell as text: Excel gives numbers for cells typed as numbers."""
    text = _text(value)
    return (
        text.replace(" ", "").replace(".", "").replace("-", "") if text.replace(" ", "").isdigit() else text
    )


def education_labels() -> dict[str, str]:
    """Education values by their value and their label in the active language (read once per import)."""
    labels = {}
    for choice, label in Education.choices:
        labels[choice] = choice
        labels[_key(label)] = choice
    return labels


def parse_education(value, labels: dict[str, str] | None = None) -> str:
    """An Education value from "SMA", "S1", "D3", "Sarjana (S1/D4)", "SMK/sederajat" …; "" when empty."""
    key = _key(value)
    if not key:
        return ""
    labels = labels if labels is not None else education_labels()
    if key in labels:
        return labels[key]
    key = key.replace("/sederajat", "").replace("sederajat", "").strip(" /")
    if key in EDUCATION_ALIASES:
        return EDUCATION_ALIASES[key]
    for token in key.replace("(", " ").replace(")", " ").replace("/", " ").replace("-", " ").split():
        if token in EDUCATION_ALIASES:
            return EDUCATION_ALIASES[token]
    raise ValueError(
        _(
            "“%(value)s” bukan jenjang pendidikan yang dikenal; tulis misalnya SD, SMP, SMA, D3, "
            "S1, S2 atau S3."
        )
        % {"value": _text(value)}
    )


def parse_yes_no(value) -> bool:
    key = _key(value)
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueError(_("isi dengan Ya atau Tidak (tertulis “%(value)s”).") % {"value": _text(value)})


def parse_sex(value) -> str:
    key = _key(value)
    if key in SEX:
        return SEX[key]
    return _text(value).upper()  # check_cadre refuses it with its own message


def parse_date_cell(value, widget: IndonesianDateWidget):
    """A date cell: the usual dd/mm/yyyy read directly, anything else (and every error) by the widget."""
    if type(value) is str and len(value) == 10 and value[2] == "/" and value[5] == "/":
        day, month, year = value[:2], value[3:5], value[6:]
        if value.isascii() and day.isdigit() and month.isdigit() and year.isdigit():
            try:
                return dt.date(int(year), int(month), int(day))
            except ValueError:
                pass
    return widget.clean(value)


def parse_phone_cell(value) -> str:
    text = _text(value)
    # A number typed into a numeric cell loses its leading zero: 81234567890.
    if text.isdigit() and text.startswith("8"):
        return "0" + text
    return text
