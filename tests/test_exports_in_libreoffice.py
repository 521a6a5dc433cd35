"""Every CSV and XLSX file SIDP3 serves, filled with hostile text, opened in LibreOffice: not one cell is a
formula. CSV files are opened twice, with "," and with ";" as the separator (Excel with Indonesian regional
settings opens a CSV with ";"), spaces trimmed and formulas evaluated; XLSX files are opened and saved again.

LibreOffice (``soffice``, Debian's libreoffice-calc; or ``SIDP3_SOFFICE``) converts each batch to XLSX in one
run, read back with openpyxl. A control file in each batch, written without escaping, must come out with a
formula: the check would see one. Without LibreOffice the test fails in CI (``SIDP3_REQUIRE_SERVICES`` or
``CI`` set) and is skipped elsewhere."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import Workbook, load_workbook

from activities.models import Target
from cadre.models import Cadre
from kernel.formulas import escape_formula, runs_as_formula
from locus.models import District, Locus, Province, Regency, Segment, Village
from reports.builders import load_all
from tests.conftest import _services_required
from tests.reports.factories_builders import grant_full_nik, known_data, report_request

SOFFICE = os.environ.get("SIDP3_SOFFICE", "soffice")
# Field separator, text delimiter ("), UTF-8, from line 1, default formats, language, quoted fields as
# text: no, special numbers: yes, (two export options), trim spaces: yes, (export option), evaluate formulas:
# yes. Trimming and evaluating make the reader as eager as it gets.
OPTIONS = "34,76,1,,0,false,true,false,false,true,-1,true"
CSV_FILTERS = {"comma": f"CSV:44,{OPTIONS}", "semicolon": f"CSV:59,{OPTIONS}"}

HOSTILE = [
    "Petani;=1+1",
    '=HYPERLINK("http://x")',
    "+1+1",
    "-1+1",
    "@SUM(A1)",
    "a,=1+1",
    "a\t=1+1",
    "\t=1+1",
    "a\n=1+1",
    " =1+1",
    'a; "=1+1"',
    "\uff1d1+1",
]
# What every file holding the hostile data must show (escaped), so that the data did reach it.
MUST_SHOW = [escape_formula("Petani;=1+1"), escape_formula('=HYPERLINK("http://x")')]
# The URLs that serve spreadsheets; the report jobs serve the builders' files (reports:job_download).
SPREADSHEET_URLS = {
    "cadre:cadre_export",
    "cadre:import_template",
    "locus:locus_export",
    "locus:import_template",
    "cadre:nik_access_officer_export",
}


def _unavailable(reason: str):
    if _services_required():
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def soffice(tmp_path_factory):
    """``convert(files, infilter) -> {file: converted XLSX}`` in one LibreOffice run."""
    executable = SOFFICE if os.path.isabs(SOFFICE) else shutil.which(SOFFICE)
    if not executable or not os.access(executable, os.X_OK):
        _unavailable(
            f"needs LibreOffice ({SOFFICE}) to open the exports (Debian: apt-get install libreoffice-calc; "
            "or set SIDP3_SOFFICE)"
        )
    home = tmp_path_factory.mktemp("soffice")

    def convert(files: list[Path], infilter: str | None, name: str) -> dict[Path, Path]:
        outdir = home / name
        command = [executable, f"-env:UserInstallation={(home / 'profile').as_uri()}", "--headless"]
        command += ["--norestore", "--nolockcheck"]
        command += [f"--infilter={infilter}"] if infilter else []
        command += ["--convert-to", "xlsx", "--outdir", str(outdir), *map(str, files)]
        result = subprocess.run(  # noqa: S603 (our own arguments)
            command, capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(home)}
        )
        converted = {path: outdir / f"{path.stem}.xlsx" for path in files}
        missing = [path.name for path, out in converted.items() if not out.exists()]
        assert not missing, f"LibreOffice did not convert {missing}: {result.stdout} {result.stderr}"
        return converted

    return convert


def hostile(index: int) -> str:
    return HOSTILE[index % len(HOSTILE)]


def make_hostile(world) -> None:
    """Hostile text in every text field an export shows: cadres, segments, regions, loci, offices."""
    data = known_data(world)
    for index, cadre in enumerate(Cadre.objects.order_by("pk")):
        Cadre.objects.filter(pk=cadre.pk).update(
            full_name=hostile(index),
            birth_place=hostile(index + 1),
            address=hostile(index + 2),
            phone=hostile(index + 3)[:20],
            email=hostile(index + 4),
            occupation=hostile(index + 5),
            disability=hostile(index + 6),
        )
        cadre.segments.set(["perempuan", "tokoh-agama"])
    for index, code in enumerate(["perempuan", "tokoh-agama", "penyandang-disabilitas"]):
        Segment.objects.filter(code=code).update(name=f"{hostile(index)} #{index}")  # names are unique
    for index, model in enumerate([Village, District, Regency, Province]):
        model.objects.update(name=hostile(index + 7))
    for index, locus in enumerate(Locus.objects.order_by("pk")):
        Locus.objects.filter(pk=locus.pk).update(
            rationale=hostile(index), decree_number=hostile(index + 1), agreement_number=hostile(index + 2)
        )
    office = world.users["national_admin"].office
    type(office).objects.filter(pk=office.pk).update(name=hostile(0))
    Target.objects.create(office=office, programme_year=data["gunung_kasih"].programme_year, cadres=5)


def served(client, url: str, path: Path, method: str = "get", **data) -> Path:
    response = getattr(client, method)(url, data)
    assert response.status_code == 200, (url, data, response.status_code)
    path.write_bytes(response.content)
    return path


def produce_exports(client, world, folder: Path) -> tuple[dict[str, Path], set[str]]:
    """Every spreadsheet export, by name; the names of those holding the hostile data."""
    user = grant_full_nik(world.users["national_admin"])
    client.force_login(user)
    files: dict[str, Path] = {}
    for fmt in ("csv", "xlsx"):
        url = reverse("cadre:cadre_export")
        files[f"cadre-export-masked.{fmt}"] = served(
            client, url, folder / f"cadre-export-masked.{fmt}", format=fmt
        )
        files[f"cadre-export-full-nik.{fmt}"] = served(
            client,
            url,
            folder / f"cadre-export-full-nik.{fmt}",
            method="post",
            format=fmt,
            alasan="Verifikasi data kader untuk SK penetapan",
        )
        files[f"locus-export.{fmt}"] = served(
            client, reverse("locus:locus_export"), folder / f"locus-export.{fmt}", format=fmt, tahun=""
        )
        files[f"cadre-template.{fmt}"] = served(
            client, reverse("cadre:import_template", kwargs={"fmt": fmt}), folder / f"cadre-template.{fmt}"
        )
        # The officer's personal-data access report: the full-NIK exports above are in it (masked).
        files[f"nik-access-report.{fmt}"] = served(
            client,
            reverse("cadre:nik_access_officer_export", kwargs={"pk": user.pk, "fmt": fmt}),
            folder / f"nik-access-report.{fmt}",
        )
        for kind in ("lokus", "indikator", "konflik-bencana"):
            files[f"locus-template-{kind}.{fmt}"] = served(
                client,
                reverse("locus:import_template", kwargs={"kind": kind, "fmt": fmt}),
                folder / f"locus-template-{kind}.{fmt}",
            )
    reason = "Verifikasi data kader untuk SK penetapan"
    for report_type in load_all().values():
        for fmt in set(report_type.formats) & {"csv", "xlsx"}:
            variants = {"": ""}
            if report_type.code == "roster":
                variants["-full-nik"] = reason
            for suffix, given in variants.items():
                name = f"report-{report_type.code}{suffix}.{fmt}"
                build = folder / f"build-{name}"
                build.mkdir()
                request = report_request(user, report_type.code, fmt, build, reason=given)
                report_type.build(request)
                files[name] = request.output_path.rename(folder / name)
    holding = {name for name in files if "template" not in name}
    return files, holding


def url_names(resolver=None, prefix: str = "") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= url_names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def controls(folder: Path) -> list[Path]:
    """A CSV and an XLSX written without escaping: each must open with a formula."""
    folder.mkdir()
    csv_path = folder / "control.csv"
    csv_path.write_text("Nama,Pekerjaan\n=1+1,Petani;=2+2\n", encoding="utf-8")
    workbook = Workbook()
    workbook.active.append(["Nama"])
    workbook.active.append(["=1+1"])
    xlsx_path = folder / "control.xlsx"
    workbook.save(xlsx_path)
    return [csv_path, xlsx_path]


def formula_cells(path: Path) -> list[str]:
    """The cells of a workbook that are formulas, or text a spreadsheet would run."""
    found = []
    for sheet in load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and runs_as_formula(cell.value)):
                    found.append(f"{sheet.title}!{cell.coordinate}={cell.value!r}")
    return found


def has_formula(path: Path) -> bool:
    return any(cell.data_type == "f" for row in load_workbook(path).active.iter_rows() for cell in row)


def shown_text(path: Path) -> str:
    """Every cell's text, as the file's own reader (csv, openpyxl) gives it."""
    if path.suffix == ".csv":
        rows = csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""))
    else:
        rows = (row for sheet in load_workbook(path).worksheets for row in sheet.iter_rows(values_only=True))
    return "\n".join(str(value) for row in rows for value in row if value is not None)


def test_no_export_opens_with_a_formula_in_libreoffice(client, world, tmp_path, soffice):
    make_hostile(world)
    files, holding = produce_exports(client, world, tmp_path)
    # Every URL serving a spreadsheet and every CSV/XLSX report is in the list (a new one must be added).
    assert {name for name in url_names() if "export" in name or "template" in name} == SPREADSHEET_URLS
    assert {name.split(".")[0] for name in files if name.startswith("report-")} >= {
        f"report-{code}" for code, kind in load_all().items() if set(kind.formats) & {"csv", "xlsx"}
    }
    nik = Cadre.objects.filter(locus__village=world.gunung_kasih).first().nik
    problems = []
    # The files as written: no formula, no text that runs even when split on any separator.
    for name, path in files.items():
        if name.endswith(".csv"):
            raw = path.read_bytes().decode("utf-8-sig")
            if runs_as_formula(raw.replace('"\r\n', '"\n')):  # a row's "\r\n" ends a line, starts no cell
                problems.append(f"{name}: the raw text runs")
        else:
            problems += [f"{name}: {cell}" for cell in formula_cells(path)]
        if name in holding:
            text = shown_text(path)
            missing = [value for value in MUST_SHOW if value not in text]
            if missing:
                problems.append(f"{name}: the hostile data is missing: {missing}")
            if ("full-nik" in name) != (nik in text):
                problems.append(f"{name}: full NIKs {'missing' if 'full-nik' in name else 'shown'}")

    control_csv, control_xlsx = controls(tmp_path / "control")
    csvs = [path for name, path in files.items() if name.endswith(".csv")]
    xlsxs = [path for name, path in files.items() if name.endswith(".xlsx")]
    opened = {}
    for separator, infilter in CSV_FILTERS.items():
        converted = soffice([*csvs, control_csv], infilter, separator)
        assert has_formula(converted.pop(control_csv)), f"the control CSV ({separator}) shows no formula"
        opened |= {f"{path.name} ({separator})": out for path, out in converted.items()}
    converted = soffice([*xlsxs, control_xlsx], None, "xlsx")
    assert has_formula(converted.pop(control_xlsx)), "the control XLSX shows no formula"
    opened |= {f"{path.name} (LibreOffice)": out for path, out in converted.items()}

    for name, path in opened.items():
        problems += [f"{name}: {cell}" for cell in formula_cells(path)]
    assert len(opened) == 2 * len(csvs) + len(xlsxs)
    assert not problems, "\n".join(problems)
