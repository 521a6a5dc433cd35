"""The import templates (``kernel.import_templates``) of the five imports, as downloaded: XLSX and ODS whose
NIK, phone and code columns are text, dates are dates, choice columns offer drop-downs, the header is frozen
and the ``Petunjuk`` sheet follows the data sheet; each, as downloaded, passes its own import.

The ODS is read back with python-calamine and SIDP3's reader; LibreOffice (``soffice``, Debian's
libreoffice-calc; or ``SIDP3_SOFFICE``) opens both formats and saves them as XLSX, read with openpyxl: the
drop-downs and the text and date formats survive. The frozen header is checked in the files as written
(openpyxl's ``freeze_panes``; the ODS's settings.xml as LibreOffice writes a frozen first row): LibreOffice
without a display keeps no view settings, not even for a pane frozen through its own API, so a conversion
cannot show it. Without LibreOffice those checks fail in CI (``SIDP3_REQUIRE_SERVICES`` or ``CI`` set) and are
skipped elsewhere."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string
from python_calamine import CalamineWorkbook

from cadre.imports import cadres_import
from cadre.views.imports import SPEC as CADRE_SPEC
from kernel.import_templates import INSTRUCTIONS_SHEET, LISTS_SHEET, SHEET_ROWS, write_template
from kernel.imports import ImportKind
from kernel.spreadsheets import read_table
from locus.choices import IncidentKind, LocusCategory
from locus.models import Election
from locus.services.imports import incidents_import, indicators_import, loci_import
from locus.services.results_import import results_import
from locus.views.imports import IMPORT_KINDS
from tests.conftest import _services_required
from tests.locus.factories import LocusFactory

SOFFICE = os.environ.get("SIDP3_SOFFICE", "soffice")
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
CONFIG = "urn:oasis:names:tc:opendocument:xmlns:config:1.0"
STATUSES = ["Diusulkan", "Ditetapkan", "PKS Ditandatangani", "Aktif", "Selesai"]


@dataclass(frozen=True)
class Case:
    """One import: its template, who imports it, how, and what its columns must be."""

    spec: ImportKind
    actor: str
    text: tuple[str, ...]  # columns formatted as text
    dates: tuple[str, ...]  # columns formatted as dates
    lists: dict  # column → the drop-down's values (a callable: read in the test's database)

    def url(self, fmt: str) -> str:
        if self.spec.key == "kader":
            return reverse("cadre:import_template", kwargs={"fmt": fmt})
        return reverse("locus:import_template", kwargs={"kind": self.spec.key, "fmt": fmt})

    def run(self, world, data: bytes, filename: str):
        actor = world.users[self.actor]
        if self.spec.key == "kader":
            LocusFactory(village=world.gunung_kasih)  # (get or create)
            return cadres_import(actor=actor, data=data, filename=filename, dry_run=True, year=2021)
        if self.spec.key == "hasil-pemilu":
            election = Election.objects.get(pk="pemilu-2024")
            return results_import(actor=actor, election=election, data=data, filename=filename, dry_run=True)
        service = {"lokus": loci_import, "indikator": indicators_import, "konflik-bencana": incidents_import}
        return service[self.spec.key](actor=actor, data=data, filename=filename, dry_run=True)


CASES = {
    "kader": Case(
        spec=CADRE_SPEC,
        actor="tanggamus_staff",
        text=("NIK", "Kode Desa", "No. HP", "Kode Desa Lokus"),
        dates=("Tanggal Lahir",),
        lists={
            "Jenis Kelamin": lambda: ["L", "P"],
            "Bukan Anggota Parpol": lambda: ["Ya", "Tidak"],
            "Pendidikan Terakhir": lambda: [
                "SD/sederajat",
                "SMP/sederajat",
                "SMA/SMK/sederajat",
                "Diploma (D1–D3)",
                "Sarjana (S1/D4)",
                "Magister (S2)",
                "Doktor (S3)",
            ],
        },
    ),
    "lokus": Case(
        spec=IMPORT_KINDS["lokus"],
        actor="lampung_admin",
        text=("Kode Desa",),
        dates=("Tanggal SK",),
        lists={
            "Kategori": lambda: [str(label) for label in LocusCategory.labels],
            "Status": lambda: STATUSES,
        },
    ),
    "indikator": Case(
        spec=IMPORT_KINDS["indikator"],
        actor="lampung_admin",
        text=("Kode Wilayah",),
        dates=(),
        lists={"Pemilu": lambda: list(Election.objects.order_by("held_on").values_list("name", flat=True))},
    ),
    "hasil-pemilu": Case(
        spec=IMPORT_KINDS["hasil-pemilu"],
        actor="lampung_commissioner",
        text=("Kode Wilayah",),
        dates=(),
        lists={},
    ),
    "konflik-bencana": Case(
        spec=IMPORT_KINDS["konflik-bencana"],
        actor="lampung_admin",
        text=("Kode Wilayah",),
        dates=(),
        lists={"Jenis": lambda: [str(label) for label in IncidentKind.labels]},
    ),
}
KINDS = list(CASES)


def download(client, world, case: Case, fmt: str) -> bytes:
    client.force_login(world.users[case.actor])
    response = client.get(case.url(fmt))
    assert response.status_code == 200
    filename = f"templat-impor-{case.spec.key}.{fmt}"
    assert f'filename="{filename}"' in response["Content-Disposition"]
    return response.content


def letters(sheet) -> dict[str, str]:
    """Column letter by header, from the first row."""
    return {cell.value: cell.column_letter for cell in sheet[1] if cell.value}


def list_values(workbook, validation) -> list[str]:
    """The values a list validation offers: written out, or a range (a defined name) of the lists sheet."""
    formula = validation.formula1
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    if formula in workbook.defined_names:
        formula = workbook.defined_names[formula].attr_text
    sheet_name, cells = formula.replace("$", "").split("!")
    return [row[0].value for row in workbook[sheet_name.strip("'")][cells]]


def column_format(sheet, letter: str) -> str:
    """The number format of a whole column (a ``<col>`` element may span several columns)."""
    index = column_index_from_string(letter)
    for dimension in sheet.column_dimensions.values():
        if dimension.min and dimension.max and dimension.min <= index <= dimension.max:
            return dimension.number_format
    return sheet.column_dimensions[letter].number_format


def validations_by_column(workbook, sheet) -> dict[str, list[str]]:
    """Column letter → the values of the list validation that covers its row 2."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        if validation.type != "list":
            continue
        for cell_range in validation.sqref.ranges:
            if cell_range.min_row <= 2 <= cell_range.max_row:
                for column in range(cell_range.min_col, cell_range.max_col + 1):
                    found[sheet.cell(row=1, column=column).column_letter] = list_values(workbook, validation)
    return found


def check_formats(workbook, case: Case) -> None:
    """The data sheet of an XLSX (ours or LibreOffice's): text, dates, drop-downs."""
    sheet = workbook.worksheets[0]
    columns = letters(sheet)
    assert [sheet.cell(row=1, column=i + 1).value for i in range(len(case.spec.headers))] == list(
        case.spec.headers
    )
    for name in case.text:
        letter = columns[name]
        example = sheet[f"{letter}2"]
        assert example.number_format == "@", (name, example.number_format)
        assert example.value in (None, "") or example.data_type == "s", (name, example.value)
        # The whole column, for the rows a reader gives no cell of (LibreOffice writes none for them).
        assert column_format(sheet, letter) == "@", name
        assert sheet[f"{letter}500"].number_format == "@" or not sheet[f"{letter}500"].has_style, name
    for name in case.dates:
        example = sheet[f"{columns[name]}2"]
        assert isinstance(example.value, dt.datetime), (name, example.value)
        assert example.number_format.lower() == "dd/mm/yyyy"
    found = validations_by_column(workbook, sheet)
    for name, values in case.lists.items():
        expected = values()
        if expected:
            assert found.get(columns[name]) == expected, name
    assert set(found) == {columns[name] for name, values in case.lists.items() if values()}


def check_petunjuk(rows: list[list], case: Case) -> None:
    """The instructions: one row per column with whether it is required and, for lists, the values."""
    cells = [[str(value) for value in row if value not in (None, "")] for row in rows]
    by_column = {row[0]: row for row in cells if row and row[0] in case.spec.headers}
    assert set(by_column) == set(case.spec.headers)
    for header in case.spec.headers:
        column = case.spec.table.column(header)
        assert ("Wajib" if column.required else "Tidak wajib") in by_column[header], header
    for name, values in case.lists.items():
        if values():
            assert ", ".join(values()) in by_column[name], name
    text = " ".join(" ".join(row) for row in cells)
    assert "dd/mm/yyyy" in text or not case.dates
    assert "tidak ada yang disimpan" in text


def check_accepted(outcome) -> None:
    assert outcome.ok, [str(error) for error in outcome.errors]
    assert outcome.new == 1, (outcome.new, outcome.updated, outcome.unchanged)
    assert not outcome.warnings, outcome.warnings


@pytest.mark.parametrize("key", KINDS)
def test_the_xlsx_template_formats_its_columns_and_passes_its_import(client, world, key):
    case = CASES[key]
    data = download(client, world, case, "xlsx")
    workbook = load_workbook(io.BytesIO(data))
    visible = [sheet.title for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
    assert visible == [case.spec.sheet_title, INSTRUCTIONS_SHEET]
    assert workbook.sheetnames[:2] == visible and set(workbook.sheetnames) <= {*visible, LISTS_SHEET}
    sheet = workbook.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert all(sheet.column_dimensions[letter].width >= 10 for letter in letters(sheet).values())
    check_formats(workbook, case)
    check_petunjuk([list(row) for row in workbook[INSTRUCTIONS_SHEET].iter_rows(values_only=True)], case)
    check_accepted(case.run(world, data, "templat.xlsx"))


def test_a_long_list_lives_on_the_hidden_lists_sheet(world):
    """A list longer than Excel's 255 characters is a range of the hidden ``Daftar`` sheet, in both
    formats."""
    names = [f"Pemilihan Kepala Daerah Serentak Gelombang {n}" for n in range(1, 9)]
    Election.objects.bulk_create(
        Election(code=f"pilkada-uji-{n}", name=name, held_on=dt.date(2030, 1, n))
        for n, name in enumerate(names, start=1)
    )
    expected = list(Election.objects.order_by("held_on").values_list("name", flat=True))
    assert len(",".join(expected)) > 255
    spec = IMPORT_KINDS["indikator"]
    workbook = load_workbook(io.BytesIO(write_template(spec, "xlsx")))
    assert workbook[LISTS_SHEET].sheet_state == "hidden"
    [validation] = workbook.worksheets[0].data_validations.dataValidation
    assert not validation.formula1.startswith('"')
    assert list_values(workbook, validation) == expected
    content = ods_part(write_template(spec, "ods"), "content.xml")
    [condition] = [v.get(f"{{{TABLE}}}condition") for v in content.iter(f"{{{TABLE}}}content-validation")]
    assert condition == f"of:cell-content-is-in-list([$Daftar.$A$1:.$A${len(expected)}])"
    hidden = [t for t in content.iter(f"{{{TABLE}}}table") if t.get(f"{{{TABLE}}}name") == LISTS_SHEET]
    assert len(hidden) == 1


# --- ODS ----------------------------------------------------------------------------------------------------


def ods_part(data: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return ElementTree.fromstring(archive.read(name))  # noqa: S314 (our own file)


@pytest.mark.parametrize("key", KINDS)
def test_the_ods_template_has_the_same_content_and_passes_its_import(client, world, key):
    case = CASES[key]
    data = download(client, world, case, "ods")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        assert {"content.xml", "styles.xml", "settings.xml", "META-INF/manifest.xml"} <= set(
            archive.namelist()
        )
    # python-calamine: the sheets in order, the example row as typed (text stays text, dates are dates).
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert workbook.sheet_names[:2] == [case.spec.sheet_title, INSTRUCTIONS_SHEET]
    rows = workbook.get_sheet_by_name(case.spec.sheet_title).to_python()
    assert rows[0][: len(case.spec.headers)] == list(case.spec.headers)
    example = dict(zip(case.spec.headers, rows[1], strict=False))
    for name in case.text:
        assert example[name] in ("", case.spec.example[case.spec.headers.index(name)]), name
    for name in case.dates:
        assert isinstance(example[name], dt.date), (name, example[name])
    check_petunjuk(workbook.get_sheet_by_name(INSTRUCTIONS_SHEET).to_python(), case)
    # SIDP3's reader: the header found on the data sheet, no warning, no cell refused.
    table = read_table(data, "templat.ods", spec=case.spec.table)
    assert (table.sheet_name, table.header_row, len(table)) == (case.spec.sheet_title, 1, 1)
    assert not table.warnings and not table.cell_errors
    # The text columns default to a text number style, dates to a date style; the header row is frozen.
    content = ods_part(data, "content.xml")
    styles = {
        style.get("{urn:oasis:names:tc:opendocument:xmlns:style:1.0}name"): style.get(
            "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}data-style-name"
        )
        for style in content.iter("{urn:oasis:names:tc:opendocument:xmlns:style:1.0}style")
    }
    text_styles = {
        style.get("{urn:oasis:names:tc:opendocument:xmlns:style:1.0}name")
        for style in content.iter("{urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0}text-style")
    }
    data_sheet = next(content.iter(f"{{{TABLE}}}table"))
    defaults = [
        c.get(f"{{{TABLE}}}default-cell-style-name") for c in data_sheet.iter(f"{{{TABLE}}}table-column")
    ]
    for name in case.text:
        assert styles[defaults[case.spec.headers.index(name)]] in text_styles, name
    cells = next(iter(data_sheet.iter(f"{{{TABLE}}}table-row")))
    assert {c.get(f"{{{OFFICE}}}value-type") for c in cells} == {"string"}
    settings = ods_part(data, "settings.xml")
    [entry] = [
        e
        for e in settings.iter(f"{{{CONFIG}}}config-item-map-entry")
        if e.get(f"{{{CONFIG}}}name") == case.spec.sheet_title
    ]
    items = {item.get(f"{{{CONFIG}}}name"): item.text for item in entry.iter(f"{{{CONFIG}}}config-item")}
    assert items["VerticalSplitMode"] == "2" and items["VerticalSplitPosition"] == "1"
    assert items["PositionBottom"] == "1" and items["HorizontalSplitMode"] == "0"
    check_accepted(case.run(world, data, "templat.ods"))


def test_unknown_template_formats_are_404_and_exports_stay_xlsx_and_csv(client, world):
    client.force_login(world.users["lampung_admin"])
    assert client.get(reverse("cadre:import_template", kwargs={"fmt": "xls"})).status_code == 404
    assert (
        client.get(reverse("locus:import_template", kwargs={"kind": "lokus", "fmt": "pdf"})).status_code
        == 404
    )
    response = client.get(reverse("locus:import_template", kwargs={"kind": "lokus", "fmt": "ods"}))
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert client.get(reverse("cadre:cadre_export"), {"format": "ods"}).status_code == 404


@pytest.mark.parametrize(("url", "key"), [("locus:locus_import", "lokus"), ("cadre:cadre_import", "kader")])
def test_the_import_pages_offer_the_three_formats(client, world, url, key):
    case = CASES[key]
    client.force_login(world.users[case.actor])
    html = client.get(reverse(url)).content.decode()
    for fmt in ("xlsx", "ods", "csv"):
        assert case.url(fmt) in html, fmt


# --- LibreOffice --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def soffice(tmp_path_factory):
    """``convert(files) -> {file: XLSX saved by LibreOffice}`` in one LibreOffice run."""
    executable = SOFFICE if os.path.isabs(SOFFICE) else shutil.which(SOFFICE)
    if not executable or not os.access(executable, os.X_OK):
        reason = (
            f"needs LibreOffice ({SOFFICE}) to open the templates (Debian: apt-get install libreoffice-calc)"
        )
        if _services_required():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    home = tmp_path_factory.mktemp("soffice")

    def convert(files: list[Path], name: str) -> dict[Path, Path]:
        outdir = home / name
        command = [executable, f"-env:UserInstallation={(home / 'profile').as_uri()}", "--headless"]
        command += ["--norestore", "--nolockcheck", "--convert-to", "xlsx", "--outdir", str(outdir)]
        result = subprocess.run(  # noqa: S603 (our own arguments)
            [*command, *map(str, files)],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "HOME": str(home)},
        )
        converted = {path: outdir / f"{path.stem}.xlsx" for path in files}
        missing = [path.name for path, out in converted.items() if not out.exists()]
        assert not missing, f"LibreOffice did not convert {missing}: {result.stdout} {result.stderr}"
        return converted

    return convert


def test_libreoffice_keeps_the_formats_and_drop_downs_of_both_templates(client, world, tmp_path, soffice):
    """Each ODS and XLSX template opened in LibreOffice and saved as XLSX: the example NIKs, phones and codes
    are text cells in text-formatted columns (the whole column: what a typed NIK gets), the dates date
    cells, the drop-downs offer the same lists; and the file LibreOffice saved still passes its import."""
    files = {}
    for key in (
        "lokus",
        "indikator",
        "konflik-bencana",
        "hasil-pemilu",
        "kader",
    ):  # the roster's locus: an update
        case = CASES[key]
        for fmt in ("ods", "xlsx"):
            path = tmp_path / f"{key}-{fmt}.{fmt}"
            path.write_bytes(download(client, world, case, fmt))
            files[path] = case
    for path, converted in soffice(list(files), "templates").items():
        case = files[path]
        workbook = load_workbook(converted)
        assert workbook.sheetnames[:2] == [case.spec.sheet_title, INSTRUCTIONS_SHEET], path.name
        check_formats(workbook, case)
        check_petunjuk([list(row) for row in workbook[INSTRUCTIONS_SHEET].iter_rows(values_only=True)], case)
        check_accepted(case.run(world, converted.read_bytes(), "templat.xlsx"))


def test_the_ods_template_reaches_the_end_of_the_sheet_without_costing_rows():
    """The ODS's empty rows run to the sheet's last row (so that LibreOffice formats every row of a text
    column), as one repeated row that readers do not expand."""
    content = ods_part(write_template(IMPORT_KINDS["konflik-bencana"], "ods"), "content.xml")
    data_sheet = next(content.iter(f"{{{TABLE}}}table"))
    rows = sum(
        int(r.get(f"{{{TABLE}}}number-rows-repeated", "1")) for r in data_sheet.iter(f"{{{TABLE}}}table-row")
    )
    assert rows == SHEET_ROWS
