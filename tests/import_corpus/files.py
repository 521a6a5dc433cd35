"""The import corpus: the spreadsheets KPU offices really send, written from code, each with its outcome.

Offices type rosters and loci in Excel, LibreOffice and WPS on Indonesian-locale computers. Each
``CorpusFile`` below stands for one habit of theirs (a title above the header, an instructions sheet, merged
cells, the template's pre-numbered rows, dates typed as ``12 Maret 1990``, a NIK typed as a number…) and says
what SIDP3 must do with it:

- **accepted**: every row is imported and every value stored is the one the author typed (``Kader.stored``:
  the NIK's digits, the name, the dates, the phone as SIDP3 stores it, E.164, the e-mail, the education, the
  segments, the recruitment date; ``None`` for the date SIDP3 chooses when the row gives none);
- **refused**: the errors, each as (row, column, a fragment of the message that says what to do); nothing is
  saved and no row of a refused cell is previewed as new.

``write_corpus(folder, convert)`` writes every file; the files marked ``via`` are made by LibreOffice from
another corpus file (``convert``: ``soffice --headless --convert-to``, in CI Debian's libreoffice-calc), as an
office that opens a file in LibreOffice and saves it in another format makes them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

GUNUNG_KASIH = "18.06.11.2016"
SUKABANJAR = "18.06.21.2005"
YEAR = 2021
LOCI = (GUNUNG_KASIH, SUKABANJAR)  # the loci of 2021 on record when a roster is imported (Tanggamus)

# The roster template's columns (``cadre.cells.TABLE``), as the office's download writes them.
ROSTER = (
    "NIK",
    "Nama Lengkap",
    "Jenis Kelamin",
    "Tempat Lahir",
    "Tanggal Lahir",
    "Alamat",
    "Kode Desa",
    "No. HP",
    "Email",
    "Pendidikan Terakhir",
    "Pekerjaan",
    "Unsur",
    "Disabilitas",
    "Bukan Anggota Parpol",
)
LOCUS = "Kode Desa Lokus"
RECRUITED = "Tanggal Rekrutmen"
TEMPLATE = (*ROSTER, LOCUS)
# The office's own export (``cadre.exports.EXPORT_HEADERS``).
EXPORT = (*TEMPLATE, "Nama Desa Lokus", "Tahun", "Status", "Tanggal Pendaftaran")
TEXT_COLUMNS = {"NIK", "No. HP", "Kode Desa", LOCUS}  # formatted as text in the template

WOMEN = ("Siti Rahmawati", "Ni Made Ayu Lestari", "Dewi Kartika Sari", "Nur'aini", "Yohana Maria Kewa")
MEN = ("Budi Santoso", "Ahmad Fauzi", "I Ketut Suparta", "Muhammad Rizky Pratama", "Drs. H. Sulaiman, M.Pd")


def nik_of(village: str, birth: dt.date, sex: str, serial: int) -> str:
    """A NIK valid in structure for these facts (``cadre.checks.compose_nik``): the district of the village,
    the birth date (day + 40 for women), a serial."""
    day = birth.day + (40 if sex == "P" else 0)
    return f"{village[:8].replace('.', '')}{day:02d}{birth:%m%y}{serial:04d}"


@dataclass(frozen=True)
class Kader:
    """One cadre: the cells as the author typed them (by the template's header) and what SIDP3 must store."""

    cells: dict
    stored: dict

    @property
    def nik(self) -> str:
        return self.stored["nik"]


def kader(
    serial: int,
    *,
    sex: str = "P",
    birth: dt.date = dt.date(1990, 3, 12),
    village: str = GUNUNG_KASIH,
    locus: str | None = None,
    typed: dict | None = None,
    stored: dict | None = None,
) -> Kader:
    """A cadre typed the plain way; ``typed`` changes cells (as typed), ``stored`` what must be stored."""
    nik = nik_of(village, birth, sex, serial)
    names = WOMEN if sex == "P" else MEN
    name = names[serial % len(names)]
    cells = {
        "NIK": nik,
        "Nama Lengkap": name,
        "Jenis Kelamin": sex,
        "Tempat Lahir": "Kota Agung",
        "Tanggal Lahir": birth.strftime("%d/%m/%Y"),
        "Alamat": f"Pekon Gunung Kasih RT 0{serial % 9 + 1}/RW 02",
        "Kode Desa": village,
        "No. HP": f"0812-{serial:04d}-4455",
        "Email": f"kader{serial}@contoh.id",
        "Pendidikan Terakhir": "SMA",
        "Pekerjaan": "Petani",
        "Unsur": "Perempuan" if sex == "P" else "Tokoh Masyarakat",
        "Disabilitas": "",
        "Bukan Anggota Parpol": "Ya",
    }
    if locus is not None:
        cells[LOCUS] = locus
    values = {
        "nik": nik,
        "full_name": name,
        "sex": sex,
        "birth_place": "Kota Agung",
        "birth_date": birth,
        "address": cells["Alamat"],
        "domicile_village_id": village,
        "phone": f"+62812{serial:04d}4455",
        "email": cells["Email"],
        "education": "sma",
        "occupation": "Petani",
        "segments": {"perempuan"} if sex == "P" else {"tokoh-masyarakat"},
        "disability": "",
        "nonpartisan": True,
        "locus": locus or GUNUNG_KASIH,
        "recruited_on": None,  # the date SIDP3 takes for a row without one (the note says which)
    }
    cells.update(typed or {})
    values.update(stored or {})
    return Kader(cells=cells, stored=values)


@dataclass(frozen=True)
class CorpusFile:
    name: str  # the file's name; its extension is its format
    habit: str  # what it stands for
    make: Callable[[], bytes] | None = None  # its content; None for a LibreOffice conversion
    via: str | None = None  # the corpus file LibreOffice converts into this one
    kind: str = "cadres"  # cadres, loci or indicators
    locus: str | None = GUNUNG_KASIH  # the locus chosen on upload (None: the file's Kode Desa Lokus column)
    kaders: tuple[Kader, ...] = ()  # accepted: every row, as stored
    records: tuple[dict, ...] = ()  # accepted loci or indicator rows, as stored
    errors: tuple[tuple[int | None, str | None, str], ...] = ()  # refused: (row, column, what to do)
    warnings: tuple[str, ...] = ()  # fragments of the warnings, in order
    on_record: tuple[Kader, ...] = ()  # cadres on record before the import (appointed)
    rows: int | None = None  # rows read (the rows of a refused file)

    @property
    def accepted(self) -> bool:
        return not self.errors


# --- writers ------------------------------------------------------------------------------------------------

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _cell_value(value):
    return None if value == "" else value


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _roster_sheet(
    sheet,
    kaders,
    *,
    columns=TEMPLATE,
    headers: dict | None = None,
    first_row: int = 1,
    number: bool = False,
    cells: Callable | None = None,
):
    """The header at ``first_row`` (``headers`` renames columns as the author wrote them), one row per cadre,
    text columns formatted as text (as the template does), borders as offices draw them. ``cells(kader,
    column, value)`` may change a cell's value as typed (a number, a date cell)."""
    headers = headers or {}
    names = (["No"] if number else []) + list(columns)
    for index, name in enumerate(names, start=1):
        cell = sheet.cell(row=first_row, column=index, value=headers.get(name, name))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = BOX
    for offset, one in enumerate(kaders, start=1):
        for index, name in enumerate(names, start=1):
            value = offset if name == "No" else one.cells.get(name, "")
            if cells is not None and name != "No":
                value = cells(one, name, value)
            cell = sheet.cell(row=first_row + offset, column=index, value=_cell_value(value))
            cell.border = BOX
            if name in TEXT_COLUMNS and isinstance(value, str):
                cell.number_format = "@"
            elif isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    return first_row + len(kaders)


def roster_xlsx(kaders, **options) -> Callable[[], bytes]:
    def make() -> bytes:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Kader"
        _roster_sheet(sheet, kaders, **options)
        return _save(workbook)

    return make


def roster_csv(
    kaders, *, columns=TEMPLATE, delimiter=",", encoding="utf-8-sig", line="\r\n", headers=None
) -> Callable[[], bytes]:
    def make() -> bytes:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line)
        writer.writerow([(headers or {}).get(c, c) for c in columns])
        for one in kaders:
            writer.writerow([one.cells.get(c, "") for c in columns])
        return buffer.getvalue().encode(encoding)

    return make


# --- the roster files ---------------------------------------------------------------------------------------

TEMPLATE_KADERS = (
    kader(12, locus=GUNUNG_KASIH),
    kader(23, sex="L", birth=dt.date(1984, 11, 30), village=SUKABANJAR, locus=SUKABANJAR),
    kader(
        31,
        birth=dt.date(2001, 1, 5),
        locus=GUNUNG_KASIH,
        typed={"Unsur": "Perempuan, Pemilih Muda", "Pendidikan Terakhir": "S1"},
        stored={"segments": {"perempuan", "pemilih-muda"}, "education": "s1"},
    ),
)


def _title_rows() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kader DP3"
    sheet["A1"] = "DAFTAR KADER DP3 DESA GUNUNG KASIH"
    sheet["A2"] = "KECAMATAN PUGUNG KABUPATEN TANGGAMUS TAHUN 2021"
    for row in (1, 2):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(ROSTER))
        sheet.cell(row=row, column=1).font = Font(bold=True, size=14)
        sheet.cell(row=row, column=1).alignment = Alignment(horizontal="center")
    _roster_sheet(sheet, TITLE_KADERS, columns=ROSTER, first_row=4, number=True)
    return _save(workbook)


TITLE_KADERS = (
    kader(101),
    kader(102, sex="L", birth=dt.date(1979, 8, 17)),
    kader(103, birth=dt.date(1995, 12, 1)),
)

CASE_HEADERS = {
    "NIK": "nik",
    "Nama Lengkap": "NAMA LENGKAP",
    "Jenis Kelamin": "Jenis\nKelamin",
    "Tempat Lahir": "tempat  lahir",
    "Tanggal Lahir": "TANGGAL LAHIR\n(dd/mm/yyyy)",
    "Alamat": "ALAMAT",
    "Kode Desa": "Kode\nDesa",
    "No. HP": "NO. HP",
    "Email": "EMAIL",
    "Pendidikan Terakhir": "PENDIDIKAN\nTERAKHIR",
    "Pekerjaan": "pekerjaan",
    "Unsur": "UNSUR",
    "Disabilitas": "disabilitas",
    "Bukan Anggota Parpol": "BUKAN ANGGOTA\nPARPOL",
}
CASE_KADERS = (kader(201), kader(202, sex="L", birth=dt.date(1988, 2, 29)))


def _instructions_first() -> bytes:
    workbook = Workbook()
    guide = workbook.active
    guide.title = "Petunjuk"
    guide["A1"] = "PETUNJUK PENGISIAN"
    guide.append([])
    guide.append(["Kolom", "Keterangan"])
    guide.append(["NIK", "16 angka sesuai KTP"])
    guide.append(["Nama Lengkap", "Sesuai KTP"])
    guide.append(["Jenis Kelamin", "L atau P"])
    guide.append(["Tanggal Lahir", "dd/mm/yyyy"])
    data = workbook.create_sheet("Data Kader")
    _roster_sheet(data, INSTRUCTION_KADERS, columns=ROSTER)
    return _save(workbook)


INSTRUCTION_KADERS = (kader(301), kader(302, sex="L", birth=dt.date(1975, 5, 20)))

MERGED_KADERS = (
    kader(401, locus=GUNUNG_KASIH),
    kader(402, sex="L", birth=dt.date(1982, 4, 9), locus=GUNUNG_KASIH),
    kader(403, birth=dt.date(1999, 9, 19), locus=GUNUNG_KASIH),
    kader(404, village=SUKABANJAR, locus=SUKABANJAR),
    kader(405, sex="L", village=SUKABANJAR, birth=dt.date(1970, 1, 1), locus=SUKABANJAR),
)


def _merged_locus() -> bytes:
    """The locus typed once per block, its cell merged over the block's rows (Excel keeps it in the first)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kader"

    def first_of_block(one, column, value):
        if column == LOCUS and one not in (MERGED_KADERS[0], MERGED_KADERS[3]):
            return ""
        return value

    _roster_sheet(sheet, MERGED_KADERS, number=True, cells=first_of_block)
    column = len(TEMPLATE) + 1  # after "No"
    sheet.merge_cells(start_row=2, start_column=column, end_row=4, end_column=column)
    sheet.merge_cells(start_row=5, start_column=column, end_row=6, end_column=column)
    sheet.cell(row=2, column=column).alignment = Alignment(vertical="center")
    return _save(workbook)


NUMBERED_KADERS = (kader(501), kader(502, sex="L", birth=dt.date(1986, 6, 6)))


def _pre_numbered() -> bytes:
    """The template as offices get it from their province: 100 numbered, bordered rows; two filled in."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kader"
    _roster_sheet(sheet, NUMBERED_KADERS, columns=ROSTER, number=True)
    for number in range(len(NUMBERED_KADERS) + 1, 101):
        sheet.cell(row=number + 1, column=1, value=number).border = BOX
        for column in range(2, len(ROSTER) + 2):
            sheet.cell(row=number + 1, column=column).border = BOX
    return _save(workbook)


DATE_KADERS = (
    kader(601, birth=dt.date(1990, 3, 12), typed={"Tanggal Lahir": "12 Maret 1990"}),
    kader(602, sex="L", birth=dt.date(1991, 3, 12), typed={"Tanggal Lahir": "12 Mar 1991"}),
    kader(603, birth=dt.date(1992, 11, 23), typed={"Tanggal Lahir": "23.11.1992"}),
    kader(604, sex="L", birth=dt.date(1985, 1, 7), typed={"Tanggal Lahir": "07-01-1985"}),
    kader(605, birth=dt.date(1999, 12, 31), typed={"Tanggal Lahir": "1999-12-31"}),
    # An Excel serial number in a text cell (a date pasted as values into a text column): 14/02/1994.
    kader(606, birth=dt.date(1994, 2, 14), typed={"Tanggal Lahir": "34379"}),
    kader(607, sex="L", birth=dt.date(2001, 6, 30), typed={"Tanggal Lahir": dt.datetime(2001, 6, 30)}),
    kader(608, birth=dt.date(1987, 8, 5), typed={"Tanggal Lahir": "5 Agustus 1987"}),
    kader(609, sex="L", birth=dt.date(1989, 4, 9), typed={"Tanggal Lahir": "9/4/1989"}),
)
# The recruitment date typed the same ways, and left empty (SIDP3's date, with a note).
for _index, (_typed, _date) in enumerate(
    [
        ("15 Juni 2021", dt.date(2021, 6, 15)),
        ("16 Jun 2021", dt.date(2021, 6, 16)),
        ("17.06.2021", dt.date(2021, 6, 17)),
        ("18-06-2021", dt.date(2021, 6, 18)),
        ("2021-06-19", dt.date(2021, 6, 19)),
        ("44367", dt.date(2021, 6, 20)),
        (dt.datetime(2021, 6, 21), dt.date(2021, 6, 21)),
        ("", None),
        ("", None),
    ]
):
    DATE_KADERS[_index].cells[RECRUITED] = _typed
    DATE_KADERS[_index].stored["recruited_on"] = _date

SEX_KADERS = (
    kader(701, typed={"Jenis Kelamin": "Pr"}),
    kader(702, sex="L", typed={"Jenis Kelamin": "Lk"}),
    kader(703, typed={"Jenis Kelamin": "Perempuan", "Alamat": "Jl. Mawar – Gg. Melati No. 3"}),
    kader(704, sex="L", typed={"Jenis Kelamin": "Laki-laki"}),
    kader(705, typed={"Jenis Kelamin": "p", "Nama Lengkap": "Nur’aini"}),
)
for _one in SEX_KADERS:
    _one.stored.update(address=_one.cells["Alamat"], full_name=_one.cells["Nama Lengkap"])

# The segments a person would check, on the recruitment date: the women's segment for women, Pemilih Pemula
# for 17 to 21, Pemilih Muda for 17 to 30 (``locus.rules.SEGMENT_AGE_BANDS``).
ON_1_JULY = {RECRUITED: "01/07/2021"}
SEGMENT_KADERS = (
    kader(  # 18 on 1 July 2021
        801,
        sex="L",
        birth=dt.date(2002, 9, 1),
        typed={"Unsur": "Pemilih Pemula, Karang Taruna", **ON_1_JULY},
        stored={"segments": {"pemilih-pemula", "karang-taruna"}, "recruited_on": dt.date(2021, 7, 1)},
    ),
    kader(  # 30 on 1 July 2021, 31 the day after
        802,
        birth=dt.date(1990, 7, 2),
        typed={"Unsur": "Perempuan, Pemilih Muda", **ON_1_JULY},
        stored={"segments": {"perempuan", "pemilih-muda"}, "recruited_on": dt.date(2021, 7, 1)},
    ),
)
SEGMENT_REFUSED = (
    kader(811, sex="L", typed={"Unsur": "Perempuan", **ON_1_JULY}),  # a man in the women's segment
    kader(812, birth=dt.date(1996, 5, 5), typed={"Unsur": "Perempuan, Pemilih Pemula", **ON_1_JULY}),  # 25
    kader(813, sex="L", birth=dt.date(1990, 7, 1), typed={"Unsur": "Pemilih Muda", **ON_1_JULY}),  # 31
    kader(814, typed={RECRUITED: "05/01/2022"}),  # recruited outside the programme year
)

OTHER_HEADERS = {
    "No. HP": "No HP",
    "Email": "E-mail",
    "Pendidikan Terakhir": "Pendidikan",
    "Unsur": "Unsur Pemilih",
}
OTHER_KADERS = (
    kader(
        801,
        typed={
            "No. HP": "0813 1234 5678",
            "Email": "ani.lestari@contoh.id",
            "Pendidikan Terakhir": "S1",
            "Unsur": "Tokoh Agama, Perempuan",
        },
        stored={
            "phone": "+6281312345678",
            "email": "ani.lestari@contoh.id",
            "education": "s1",
            "segments": {"tokoh-agama", "perempuan"},
        },
    ),
    kader(
        802,
        sex="L",
        typed={
            "No. HP": "+62 821-7000-1234",
            "Email": "budi@contoh.id",
            "Pendidikan Terakhir": "D3",
            "Unsur": "Karang Taruna",
        },
        stored={
            "phone": "+6282170001234",
            "email": "budi@contoh.id",
            "education": "diploma",
            "segments": {"karang-taruna"},
        },
    ),
)

UNKNOWN_KADERS = (kader(901), kader(902, sex="L", birth=dt.date(1983, 3, 3)))
HIDDEN_KADERS = (kader(1001), kader(1002, sex="L"), kader(1003, birth=dt.date(1993, 7, 7)))


def _unknown_column() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    columns = (*ROSTER, "Keterangan", "Nama Ibu Kandung")
    _roster_sheet(sheet, UNKNOWN_KADERS, columns=columns)
    sheet["O2"], sheet["P2"] = "Kader lama", "Aminah"
    return _save(workbook)


def _hidden_rows() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    _roster_sheet(sheet, HIDDEN_KADERS, columns=ROSTER)
    sheet.row_dimensions[3].hidden = True
    return _save(workbook)


CODE_KADERS = (
    kader(1101, locus=GUNUNG_KASIH, typed={"Kode Desa": "1806112016", LOCUS: "1806112016"}),
    kader(1102, sex="L", village=SUKABANJAR, locus=SUKABANJAR, typed={LOCUS: "1806212005"}),
    kader(1103, locus=GUNUNG_KASIH, typed={"Kode Desa": "18.06.11.2016", LOCUS: "18.06.11.2016"}),
)

# --- refused roster files -----------------------------------------------------------------------------------

TYPED_AS_NUMBER = kader(12, typed={"NIK": 1806115203900010})  # 1806115203900012 typed in a General cell


def _nik_number() -> bytes:
    return roster_xlsx((kader(11), TYPED_AS_NUMBER), columns=ROSTER)()


SCIENTIFIC = (
    kader(1201, typed={"NIK": "1.80612E+15"}),
    kader(1202, typed={"NIK": "1,80612E+15"}),  # the same, Indonesian decimal comma
)
ROUNDED_CSV = (kader(1301), kader(1302, typed={"NIK": "1806115203900010"}))
PHONE_NUMBER = (kader(1401, typed={"No. HP": 81214014455}),)
TWO_DIGIT = (
    kader(1501, typed={"Tanggal Lahir": "12/03/90"}),
    kader(1502, typed={"Tanggal Lahir": "12 Mar 90"}),
)
NO_HEADER = (kader(1601), kader(1602, sex="L"))


def _no_header() -> bytes:
    """The header row deleted: the first row is a cadre's (its NIK must never be shown)."""
    workbook = Workbook()
    sheet = workbook.active
    for one in NO_HEADER:
        sheet.append([one.cells[c] for c in ROSTER])
    return _save(workbook)


def _header_too_low() -> bytes:
    """A long cover note: the header below the tenth row."""
    workbook = Workbook()
    sheet = workbook.active
    for line in range(1, 12):
        sheet.cell(row=line, column=1, value=f"Catatan {line}: kader 1806115203901601 diperiksa ulang.")
    _roster_sheet(sheet, NO_HEADER, columns=ROSTER, first_row=12)
    return _save(workbook)


# The office's roster on record, as its export lists it (``cadre.exports``, full NIKs, by village and name).
EXPORTED = (
    kader(1701, locus=GUNUNG_KASIH),
    kader(1702, sex="L", birth=dt.date(1980, 10, 10), locus=GUNUNG_KASIH),
    kader(1703, village=SUKABANJAR, locus=SUKABANJAR, birth=dt.date(1996, 4, 21)),
)
EDUCATION_LABELS = {"sma": "SMA/SMK/sederajat", "s1": "Sarjana (S1/D4)"}
SEGMENT_NAMES = {"perempuan": "Perempuan", "tokoh-masyarakat": "Tokoh Masyarakat"}
VILLAGE_NAMES = {GUNUNG_KASIH: "Gunung Kasih", SUKABANJAR: "Sukabanjar"}
EXPORT_RECRUITED = dt.date(2021, 6, 14)


def export_rows(kaders) -> list[list]:
    """The rows ``cadre.exports.export_rows`` writes for these appointed cadres (full NIKs)."""
    rows = []
    for one in sorted(kaders, key=lambda k: (k.stored["locus"], k.stored["full_name"])):
        value = one.stored
        rows.append(
            [
                value["nik"],
                value["full_name"],
                value["sex"],
                value["birth_place"],
                value["birth_date"].strftime("%d/%m/%Y"),
                value["address"],
                value["domicile_village_id"],
                "0" + value["phone"][3:],
                value["email"],
                EDUCATION_LABELS[value["education"]],
                value["occupation"],
                ", ".join(SEGMENT_NAMES[s] for s in sorted(value["segments"])),
                value["disability"],
                "Ya",
                value["locus"],
                VILLAGE_NAMES[value["locus"]],
                YEAR,
                "Ditetapkan",
                EXPORT_RECRUITED.strftime("%d/%m/%Y"),
            ]
        )
    return rows


def _export_csv() -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC)  # as kernel.formulas.write_csv
    writer.writerow(EXPORT)
    writer.writerows(export_rows(EXPORTED))
    return ("\ufeff" + buffer.getvalue()).encode()


def _missing_column() -> bytes:
    columns = [c for c in ROSTER if c != "Bukan Anggota Parpol"]
    return roster_xlsx((kader(1801),), columns=columns)()


# --- loci and indicators ------------------------------------------------------------------------------------

LOCUS_HEADERS = ("Kode Desa", "Tahun", "Kategori", "Status", "Nomor SK", "Tanggal SK", "Alasan")


def _loci_shapes() -> bytes:
    """A province's loci list: a title, headers in capitals, codes without dots (text), the year a number,
    the decree date a date cell."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Lokus 2021"
    sheet["A1"] = "DAFTAR LOKUS DESA PEDULI PEMILU DAN PEMILIHAN PROVINSI LAMPUNG 2021"
    sheet.append([])
    sheet.append(["NO", "KODE DESA", "NAMA DESA", "TAHUN", "KATEGORI", "STATUS", "NO SK", "TGL SK", "ALASAN"])
    sheet.append(
        [
            1,
            "1806112016",
            "Gunung Kasih",
            2021,
            "Partisipasi Rendah",
            "Diusulkan",
            None,
            None,
            "Partisipasi 61%",
        ]
    )
    sheet.append(
        [
            2,
            "18.06.21.2005",
            "Sukabanjar",
            2021,
            "rawan konflik/bencana",
            "Ditetapkan",
            "12/PP.06-Kpt/18/Prov/VI/2021",
            dt.datetime(2021, 6, 7),
            None,
        ]
    )
    for column in ("B",):
        for cell in sheet[column][3:]:
            cell.number_format = "@"
    return _save(workbook)


def _loci_code_number() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(LOCUS_HEADERS))
    sheet.append([1806112016, 2021, "Partisipasi Rendah", "Diusulkan", None, None, "Uji"])
    sheet.append(["18.06.21.2005", 2021, "Partisipasi Rendah", "Diusulkan", None, None, "Uji"])
    return _save(workbook)


INDICATOR_HEADERS = (
    "Kode Wilayah",
    "Pemilu",
    "Partisipasi (%)",
    "Temuan Pelanggaran",
    "Skor IKP",
    "Keterangan",
)


def _indicators_csv() -> bytes:
    rows = [
        INDICATOR_HEADERS,
        ("1806112016", "Pemilu 2019", "61,5", "2", "", "Rekap desa"),
        ("18.06.21", "Pemilu 2019", "70,25", "", "", ""),
        ("1806", "pemilihan serentak 2020", "", "", "72,4", "IKP kabupaten"),
    ]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("cp1252")


def _indicators_code_number() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(INDICATOR_HEADERS))
    sheet.append([18.06, "Pemilu 2019", 61.5, None, None, None])
    sheet.append([1806112016, "Pemilu 2019", 70, None, None, None])
    sheet.append(["18.06.21", "Pemilu 2019", 70, None, None, None])
    return _save(workbook)


# --- the corpus ---------------------------------------------------------------------------------------------

# What every refusal of a number cell asks: format the column as Text and type the value again.
TEXT_CELLS = "Format kolom ini sebagai Teks, lalu ketik ulang"

CORPUS: tuple[CorpusFile, ...] = (
    # Accepted: every value kept.
    CorpusFile(
        "template.xlsx",
        "the template's shape, many loci (Kode Desa Lokus), text columns",
        roster_xlsx(TEMPLATE_KADERS),
        locus=None,
        kaders=TEMPLATE_KADERS,
    ),
    CorpusFile(
        "template.xls",
        "the template saved by LibreOffice as Excel 97–2003",
        via="template.xlsx",
        locus=None,
        kaders=TEMPLATE_KADERS,
    ),
    CorpusFile(
        "template.ods",
        "the template saved by LibreOffice as ODS",
        via="template.xlsx",
        locus=None,
        kaders=TEMPLATE_KADERS,
    ),
    CorpusFile(
        "template-saved-as.csv",
        "the template filled in, saved by LibreOffice as CSV",
        via="template.xlsx",
        locus=None,
        kaders=TEMPLATE_KADERS,
    ),
    CorpusFile(
        "title-rows.xlsx",
        "“DAFTAR KADER DP3 DESA …” and a second title row above the header, a signature below",
        _title_rows,
        kaders=TITLE_KADERS,
    ),
    CorpusFile(
        "title-rows.xls", "the same, through LibreOffice as XLS", via="title-rows.xlsx", kaders=TITLE_KADERS
    ),
    CorpusFile(
        "header-case.xlsx",
        "headers in capitals, lower case, with line breaks and double spaces",
        roster_xlsx(CASE_KADERS, columns=ROSTER, headers=CASE_HEADERS),
        kaders=CASE_KADERS,
    ),
    CorpusFile(
        "instructions-first.xlsx",
        "an instructions sheet (naming the columns) before the data sheet",
        _instructions_first,
        kaders=INSTRUCTION_KADERS,
    ),
    CorpusFile(
        "merged-locus.xlsx",
        "Kode Desa Lokus merged vertically over each locus' block of rows",
        _merged_locus,
        locus=None,
        kaders=MERGED_KADERS,
    ),
    CorpusFile(
        "merged-locus.ods",
        "the same, through LibreOffice as ODS",
        via="merged-locus.xlsx",
        locus=None,
        kaders=MERGED_KADERS,
    ),
    CorpusFile(
        "merged-locus.xls",
        "the same, through LibreOffice as XLS",
        via="merged-locus.xlsx",
        locus=None,
        kaders=MERGED_KADERS,
    ),
    CorpusFile(
        "pre-numbered.xlsx",
        "the template's pre-numbered, bordered No column: 100 numbered rows, 2 filled",
        _pre_numbered,
        kaders=NUMBERED_KADERS,
    ),
    CorpusFile(
        "dates.xlsx",
        "dates as 12 Maret 1990, 12 Mar 1991, 23.11.1992, 07-01-1985, 1999-12-31, a serial number in a text "
        "cell, a date cell, 5 Agustus 1987, 9/4/1989; the recruitment date the same ways or empty",
        roster_xlsx(DATE_KADERS, columns=(*ROSTER, RECRUITED)),
        kaders=DATE_KADERS,
    ),
    CorpusFile("dates.ods", "the same, through LibreOffice as ODS", via="dates.xlsx", kaders=DATE_KADERS),
    CorpusFile("dates.xls", "the same, through LibreOffice as XLS", via="dates.xlsx", kaders=DATE_KADERS),
    CorpusFile(
        "sex-words.csv",
        "Lk/Pr, Laki-laki/Perempuan, lower case; CSV with “;” from Excel in Indonesian, Windows-1252",
        roster_csv(SEX_KADERS, columns=ROSTER, delimiter=";", encoding="cp1252"),
        kaders=SEX_KADERS,
    ),
    CorpusFile(
        "other-headers.xlsx",
        "optional columns as No HP, E-mail, Pendidikan, Unsur Pemilih (their values stored)",
        roster_xlsx(OTHER_KADERS, columns=ROSTER, headers=OTHER_HEADERS),
        kaders=OTHER_KADERS,
    ),
    CorpusFile(
        "unknown-column.xlsx",
        "columns SIDP3 does not know (Keterangan, Nama Ibu Kandung): named as warnings",
        _unknown_column,
        kaders=UNKNOWN_KADERS,
        warnings=("“Keterangan” tidak dikenal", "“Nama Ibu Kandung” tidak dikenal"),
    ),
    CorpusFile(
        "hidden-rows.xlsx",
        "a hidden row: imported, and named as a warning",
        _hidden_rows,
        kaders=HIDDEN_KADERS,
        warnings=("Baris 3 tersembunyi",),
    ),
    CorpusFile(
        "hidden-rows.ods",
        "the same, through LibreOffice as ODS",
        via="hidden-rows.xlsx",
        kaders=HIDDEN_KADERS,
        warnings=("Baris 3 tersembunyi",),
    ),
    CorpusFile(
        "codes.csv",
        "village and locus codes with and without dots, CSV UTF-8 from Excel",
        roster_csv(CODE_KADERS),
        locus=None,
        kaders=CODE_KADERS,
    ),
    CorpusFile(
        "segments.xlsx",
        "a first-time voter of 18 and a young voter of 30 on their recruitment date",
        roster_xlsx(SEGMENT_KADERS, columns=(*ROSTER, RECRUITED)),
        kaders=SEGMENT_KADERS,
    ),
    # Refused: the row, the column and what to do.
    CorpusFile(
        "segments-wrong.xlsx",
        "a man in the women's segment, a first-time voter of 25 and a young voter of 31 on the recruitment "
        "date, a recruitment date in the next year",
        roster_xlsx(SEGMENT_REFUSED, columns=(*ROSTER, RECRUITED)),
        errors=(
            (2, "Unsur", "Unsur Perempuan hanya untuk kader perempuan"),
            (
                3,
                "Unsur",
                "Unsur Pemilih Pemula untuk usia 17–21 tahun pada tanggal rekrutmen; kader ini berusia 25",
            ),
            (
                4,
                "Unsur",
                "Unsur Pemilih Muda untuk usia 17–30 tahun pada tanggal rekrutmen; kader ini berusia 31",
            ),
            (5, RECRUITED, "di luar tahun program 2021"),
        ),
        rows=4,
    ),
    CorpusFile(
        "template-one-locus.xlsx",
        "the template for many loci uploaded with one locus chosen: a row of another locus is not moved",
        roster_xlsx(TEMPLATE_KADERS),
        errors=((3, LOCUS, "Kosongkan kolom ini"),),
        rows=3,
    ),
    CorpusFile(
        "nik-number.xlsx",
        "NIK 1806115203900012 typed in a General (number) cell: Excel keeps 1806115203900010",
        _nik_number,
        errors=((3, "NIK", TEXT_CELLS),),
        rows=2,
    ),
    CorpusFile(
        "nik-number.ods",
        "the same, through LibreOffice as ODS",
        via="nik-number.xlsx",
        errors=((3, "NIK", TEXT_CELLS),),
        rows=2,
    ),
    CorpusFile(
        "nik-scientific.csv",
        "NIKs as Excel shows a number cell (1.80612E+15, 1,80612E+15), saved as CSV",
        roster_csv(SCIENTIFIC, columns=ROSTER, delimiter=";"),
        errors=((2, "NIK", TEXT_CELLS), (3, "NIK", TEXT_CELLS)),
        rows=2,
    ),
    CorpusFile(
        "nik-ending-0.csv",
        "a CSV NIK ending in 0 that no cadre on record has (it may have been rounded)",
        roster_csv(ROUNDED_CSV, columns=ROSTER),
        errors=((3, "NIK", "ketik ulang"),),
        rows=2,
    ),
    CorpusFile(
        "phone-number.xlsx",
        "a phone typed in a number cell (its leading 0 gone)",
        roster_xlsx(PHONE_NUMBER, columns=ROSTER),
        errors=((2, "No. HP", TEXT_CELLS),),
        rows=1,
    ),
    CorpusFile(
        "two-digit-year.xlsx",
        "birth dates with a two-digit year (12/03/90, 12 Mar 90)",
        roster_xlsx(TWO_DIGIT, columns=ROSTER),
        errors=((2, "Tanggal Lahir", "tahun empat angka"), (3, "Tanggal Lahir", "tahun empat angka")),
        rows=2,
    ),
    CorpusFile(
        "export-saved-by-libreoffice.xlsx",
        "the office's export (full NIKs) opened in LibreOffice as CSV and saved as XLSX: NIKs and phones "
        "are numbers",
        via="export-full-nik.csv",
        locus=None,
        on_record=EXPORTED,
        errors=tuple(
            (row, column, TEXT_CELLS) for row in range(2, 2 + len(EXPORTED)) for column in ("NIK", "No. HP")
        ),
        rows=len(EXPORTED),
    ),
    CorpusFile(
        "export-full-nik.csv",
        "the office's export with full NIKs, unedited (ends in 0 or not, on record): unchanged",
        _export_csv,
        locus=None,
        on_record=EXPORTED,
        kaders=EXPORTED,
    ),
    CorpusFile(
        "no-header.xlsx",
        "the header row deleted: the first row is a cadre",
        _no_header,
        errors=((None, None, "unduh templatnya"),),
    ),
    CorpusFile(
        "header-too-low.xlsx",
        "the header below a cover note of eleven rows",
        _header_too_low,
        errors=((None, None, "unduh templatnya"),),
    ),
    CorpusFile(
        "missing-column.xlsx",
        "the statement column (Bukan Anggota Parpol) left out",
        _missing_column,
        errors=((None, None, "tambahkan kolomnya"),),
    ),
    # Loci and election indicators.
    CorpusFile(
        "loci.xlsx",
        "a loci list: a title, capitals, codes without dots, the year a number, the decree date a date cell",
        _loci_shapes,
        kind="loci",
        records=(
            {
                "village_id": GUNUNG_KASIH,
                "category": "partisipasi_rendah",
                "status": "usulan",
                "decree_number": "",
                "decree_date": None,
                "rationale": "Partisipasi 61%",
            },
            {
                "village_id": SUKABANJAR,
                "category": "rawan_konflik_bencana",
                "status": "ditetapkan",
                "decree_number": "12/PP.06-Kpt/18/Prov/VI/2021",
                "decree_date": dt.date(2021, 6, 7),
            },
        ),
        warnings=(),
    ),
    CorpusFile(
        "loci-code-number.xlsx",
        "a village code typed as a number (1806112016)",
        _loci_code_number,
        kind="loci",
        errors=((2, "Kode Desa", TEXT_CELLS),),
        rows=2,
    ),
    CorpusFile(
        "indicators.csv",
        "election figures: CSV with “;”, decimal commas, codes without dots",
        _indicators_csv,
        kind="indicators",
        records=(
            {
                "region_code": GUNUNG_KASIH,
                "election_id": "pemilu-2019",
                "turnout_percent": "61.50",
                "violation_findings": 2,
                "ikp_score": None,
                "note": "Rekap desa",
            },
            {
                "region_code": "18.06.21",
                "election_id": "pemilu-2019",
                "turnout_percent": "70.25",
                "violation_findings": None,
                "ikp_score": None,
                "note": "",
            },
            {
                "region_code": "18.06",
                "election_id": "pilkada-2020",
                "turnout_percent": None,
                "violation_findings": None,
                "ikp_score": "72.40",
                "note": "IKP kabupaten",
            },
        ),
    ),
    CorpusFile(
        "indicators-code-number.xlsx",
        "region codes typed as numbers (18.06, 1806112016)",
        _indicators_code_number,
        kind="indicators",
        errors=((2, "Kode Wilayah", TEXT_CELLS), (3, "Kode Wilayah", TEXT_CELLS)),
        rows=3,
    ),
)
BY_NAME = {entry.name: entry for entry in CORPUS}

# LibreOffice's CSV filter: "," then '"', UTF-8, from line 1, standard columns, Indonesian (1057): a CSV
# opened with the import dialog's defaults on an Indonesian-locale computer (12/03/1990 is 12 March).
CSV_FILTER = "44,34,76,1,,1057"
CONVERSIONS = {
    # (source extension, target extension) → (--infilter, --convert-to)
    (".xlsx", ".xls"): (None, "xls"),
    (".xlsx", ".ods"): (None, "ods"),
    (".xlsx", ".csv"): (None, f"csv:Text - txt - csv (StarCalc):{CSV_FILTER}"),
    (".csv", ".xlsx"): (f"CSV:{CSV_FILTER}", "xlsx"),
}


def conversion_of(entry: CorpusFile) -> tuple[str | None, str]:
    source = BY_NAME[entry.via]
    return CONVERSIONS[(Path(source.name).suffix, Path(entry.name).suffix)]


def write_corpus(folder: Path, convert: Callable | None) -> dict[str, Path]:
    """Every corpus file in ``folder``, by name. ``convert(batch, infilter, target, outdir)`` converts files
    with LibreOffice (one run per filter); without it the conversions are left out."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for entry in CORPUS:
        if entry.make is not None:
            path = folder / entry.name
            path.write_bytes(entry.make())
            paths[entry.name] = path
    if convert is None:
        return paths
    batches: dict[tuple, list[CorpusFile]] = {}
    for entry in CORPUS:
        if entry.via is not None:
            batches.setdefault(conversion_of(entry), []).append(entry)
    for (infilter, target), entries in batches.items():
        outdir = folder / f"lo-{Path(entries[0].name).suffix.lstrip('.')}-{len(paths)}"
        inputs = {}
        for entry in entries:
            # LibreOffice names its output after its input: each source copied under the target's stem.
            source = paths[entry.via]
            staged = outdir / "in" / (Path(entry.name).stem + source.suffix)
            staged.parent.mkdir(parents=True, exist_ok=True)
            staged.write_bytes(source.read_bytes())
            inputs[entry.name] = staged
        converted = convert(list(inputs.values()), infilter, target, outdir)
        for name, staged in inputs.items():
            path = folder / name
            path.write_bytes(converted[staged].read_bytes())
            paths[name] = path
    return paths
