"""The roster spreadsheet's columns, and reading one cell of it: yes/no, sex, education, dates, phones and
NIKs as offices type them. Each parser answers a value or raises ``ValidationError`` with an Indonesian
message; the import resource (``cadre.resources``) names the row and column."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel.columns import CHOICE, CODE, DATE, NIK, PHONE, Column, TableSpec
from kernel.spreadsheets import IndonesianDateWidget

from .checks import compose_nik
from .choices import Education

LOCUS_COLUMN = "Kode Desa Lokus"
RECRUITED_COLUMN = "Tanggal Rekrutmen"
STATUS_COLUMN = "Status"
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
    "recruited_on": RECRUITED_COLUMN,
}


def _education_choices():
    return [label for _value, label in Education.choices]


# The roster spreadsheet: the columns SIDP3's template and export write, with the names offices also give
# them (``kernel.columns``: case, spacing and punctuation never matter).
TABLE = TableSpec(
    columns=(
        Column(
            "NIK",
            kind=NIK,
            required=True,
            aliases=(
                "Nomor Induk Kependudukan",
                "No KTP",
                "Nomor KTP",
                "NIK KTP",
                "No NIK",
                "NIK (16 digit)",
            ),
            help=gettext_lazy("16 angka, tanpa spasi. Kolom berformat Teks."),
        ),
        Column(
            "Nama Lengkap",
            required=True,
            aliases=("Nama", "Nama Kader", "Nama Lengkap Kader", "Nama Lengkap (sesuai KTP)"),
            help=gettext_lazy("Sesuai KTP."),
            width=26,
        ),
        Column(
            "Jenis Kelamin",
            kind=CHOICE,
            required=True,
            aliases=("JK", "L/P", "Jenis Kelamin (L/P)", "Kelamin", "Gender", "Sex"),
            choices=lambda: ("L", "P"),
            help=gettext_lazy("L atau P (juga Laki-laki/Perempuan, Lk/Pr)."),
            width=10,
        ),
        Column("Tempat Lahir", required=True, aliases=("Tmp Lahir", "Tempat", "Kota Lahir")),
        Column(
            "Tanggal Lahir",
            kind=DATE,
            required=True,
            aliases=(
                "Tgl Lahir",
                "Tanggal Lahir (dd/mm/yyyy)",
                "Tgl. Lahir (dd/mm/yyyy)",
                "Tanggal Kelahiran",
            ),
            help=gettext_lazy("Tanggal, misalnya 12/03/1990 atau 12 Maret 1990; tahun empat angka."),
        ),
        Column(
            "Alamat",
            required=True,
            aliases=("Alamat Lengkap", "Alamat Rumah", "Alamat Domisili", "Alamat Sesuai KTP"),
            width=30,
        ),
        Column(
            "Kode Desa",
            kind=CODE,
            required=True,
            aliases=("Kode Desa Domisili", "Kode Wilayah Domisili", "Kode Desa/Kelurahan", "Kode Kelurahan"),
            help=gettext_lazy("Kode Kemendagri desa domisili, dengan atau tanpa titik: 18.06.11.2016."),
        ),
        Column(
            "No. HP",
            kind=PHONE,
            aliases=(
                "Nomor HP",
                "No Handphone",
                "Nomor Handphone",
                "HP",
                "No HP/WA",
                "No WA",
                "Nomor WA",
                "Nomor WhatsApp",
                "No Telp",
                "No Telepon",
                "Nomor Telepon",
                "Telepon",
                "HP/WA",
            ),
            help=gettext_lazy("Diawali 08 atau +62. Kolom berformat Teks."),
        ),
        Column(
            "Email", aliases=("E-mail", "Surel", "Alamat Email", "Alamat Surel", "Surat Elektronik"), width=24
        ),
        Column(
            "Pendidikan Terakhir",
            kind=CHOICE,
            aliases=(
                "Pendidikan",
                "Pend Terakhir",
                "Pendidikan Akhir",
                "Ijazah Terakhir",
                "Jenjang Pendidikan",
            ),
            choices=_education_choices,
        ),
        Column("Pekerjaan", aliases=("Profesi", "Pekerjaan Utama")),
        Column(
            "Unsur",
            aliases=("Unsur Pemilih", "Basis Pemilih", "Unsur/Basis Pemilih", "Segmen", "Segmen Pemilih"),
            help=gettext_lazy("Satu atau lebih, dipisah koma: Perempuan, Pemilih Muda …"),
            width=26,
        ),
        Column("Disabilitas", aliases=("Jenis Disabilitas", "Ragam Disabilitas", "Keterangan Disabilitas")),
        Column(
            "Bukan Anggota Parpol",
            kind=CHOICE,
            required=True,
            aliases=(
                "Bukan Anggota Partai Politik",
                "Pernyataan Bukan Anggota Parpol",
                "Surat Pernyataan Bukan Anggota Parpol",
                "Tidak Menjadi Anggota Parpol",
                "Non Parpol",
            ),
            choices=lambda: ("Ya", "Tidak"),
            help=gettext_lazy("Ya bila kader menyatakan bukan anggota partai politik."),
        ),
        Column(
            RECRUITED_COLUMN,
            kind=DATE,
            aliases=("Tanggal Pendaftaran", "Tgl Rekrutmen", "Tgl Pendaftaran", "Tanggal Daftar"),
            help=gettext_lazy(
                "Tidak wajib. Kosong: tanggal untuk seluruh berkas, hari ini, atau tanggal SK lokus."
            ),
        ),
        Column(
            LOCUS_COLUMN,
            kind=CODE,
            aliases=("Kode Lokus", "Kode Desa/Kelurahan Lokus", "Kode Wilayah Lokus"),
            help=gettext_lazy("Bila berkas untuk banyak lokus: kode desa lokus tempat kader direkrut."),
        ),
    ),
    # What the office's own export adds: recognised, shown, not imported.
    informative=(
        Column("Nama Desa Lokus", aliases=("Desa Lokus", "Nama Lokus", "Lokus"), stored=False),
        Column("Tahun", aliases=("Tahun Program",), stored=False),
        Column(STATUS_COLUMN, aliases=("Status Kader",), stored=False),
    ),
)
COLUMNS = tuple(
    column.name for column in TABLE.columns if column.name not in (LOCUS_COLUMN, RECRUITED_COLUMN)
)
REQUIRED_COLUMNS = TABLE.required
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
SEX = {
    "l": "L",
    "lk": "L",
    "laki": "L",
    "laki-laki": "L",
    "laki laki": "L",
    "laki2": "L",
    "pria": "L",
    "p": "P",
    "pr": "P",
    "pr.": "P",
    "lk.": "L",
    "perempuan": "P",
    "wanita": "P",
}
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


_MASKED_NIK = re.compile(r"^(\d{6})\*{6}(\d{4})$")


def unmask_nik(text: str, *, birth_date, sex: str) -> str | None:
    """The full NIK behind a masked one (``180611******0001``, as exports write it) from the row's birth date
    and sex, which the six hidden digits encode; None when the text is not a masked NIK or the row lacks
    them. Only a cadre already on record can be found by it (the import checks)."""
    found = _MASKED_NIK.match(text)
    if found is None or not isinstance(birth_date, dt.date) or sex not in ("L", "P"):
        return None
    return compose_nik(found[1], birth_date, sex, int(found[2]))


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
