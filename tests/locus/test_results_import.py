"""The election results import (``locus.services.results_import``): one row per TPS summed per village, every
row checked, all or nothing, each village the file names replaced, the errors naming row and column; CSV,
XLSX and ODS (the latter two saved by LibreOffice from a CSV, as an office's file would be); the command."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from openpyxl import Workbook

from kernel.spreadsheets import write_table
from locus.models import Election, Village, VillageResult
from locus.resources import RESULTS_COLUMNS
from locus.services import results_import as service
from locus.services.results_import import ERROR_LIMIT, results_import
from locus.signals import results_changed
from tests.conftest import _services_required
from tests.factories import village
from tests.locus.factories import VillageResultFactory

GUNUNG_KASIH, SUKABANJAR, WAIBALUN = "18.06.11.2016", "18.06.21.2005", "53.06.03.1001"
HEADERS = list(RESULTS_COLUMNS)
SOFFICE = os.environ.get("SIDP3_SOFFICE", "soffice")


def tps(code=GUNUNG_KASIH, number=1, dpt=200, extra=2, voters=160, valid=155, invalid=5) -> list:
    return [code, number, dpt, extra, voters, valid, invalid]


GOOD = [
    tps(number=1, dpt=200, extra=2, voters=160, valid=155, invalid=5),
    tps(number=2, dpt=210, extra=0, voters=150, valid=149, invalid=1),
    tps(number=3, dpt=190, extra=4, voters=170, valid=160, invalid=8),
    tps(SUKABANJAR, 1, 250, 1, 200, 190, 10),
    tps(SUKABANJAR, 2, 240, 0, 180, 178, 2),
]


def csv_bytes(rows, headers=HEADERS) -> bytes:
    return write_table(list(headers), rows, fmt="csv")


def run(world, rows=GOOD, *, actor="lampung_commissioner", election="pemilu-2024", data=None, **options):
    return results_import(
        actor=world.users[actor],
        election=Election.objects.get(pk=election),
        data=data if data is not None else csv_bytes(rows),
        filename=options.pop("filename", "hasil.csv"),
        **options,
    )


def result(code: str, **figures) -> VillageResult:
    return VillageResultFactory(village=Village.objects.get(code=code), **figures)


def stored(election="pemilu-2024") -> dict:
    return {
        r.village_id: (
            r.polling_stations,
            r.registered,
            r.additional,
            r.voters,
            r.valid_votes,
            r.invalid_votes,
        )
        for r in VillageResult.objects.filter(election_id=election)
    }


EXPECTED = {GUNUNG_KASIH: (3, 600, 6, 480, 464, 14), SUKABANJAR: (2, 490, 1, 380, 368, 12)}


def test_a_valid_file_sums_each_villages_tps(world):
    outcome = run(world)
    assert outcome.ok and outcome.saved, outcome.errors
    assert (outcome.rows_read, outcome.new, outcome.updated, outcome.unchanged) == (5, 2, 0, 0)
    assert stored() == EXPECTED
    result = VillageResult.objects.get(village_id=GUNUNG_KASIH, election_id="pemilu-2024")
    assert (result.district_code, result.regency_code, result.province_code) == ("18.06.11", "18.06", "18")
    assert result.electorate == 606 and result.turnout == pytest.approx(100 * 480 / 606)
    assert not result.illustrative


def test_kpu_headers_a_title_row_semicolons_windows_1252_and_no_dptb_column(world):
    text = (
        "Rekapitulasi Pemilu 2024 — Kabupaten Tanggamus\n"
        "KODE_WIL;TPS;JML_DPT;JML_PENGGUNA_HAK_PILIH;JML_SUARA_SAH;JML_SUARA_TIDAK_SAH\n"
        "18.06.11.2016;001;200;160;155;5\n"
        "1806112016;002;210;150;149;1\n"
    )
    outcome = run(world, data=text.encode("cp1252"))
    assert outcome.ok, outcome.errors
    assert stored() == {GUNUNG_KASIH: (2, 410, 0, 310, 304, 6)}


def test_an_export_of_the_template_columns_as_xlsx_reads_like_the_csv(world):
    data = write_table(HEADERS, GOOD, fmt="xlsx")
    outcome = run(world, data=data, filename="hasil.xlsx")
    assert outcome.ok, outcome.errors
    assert stored() == EXPECTED


@pytest.fixture(scope="module")
def soffice(tmp_path_factory):
    """``convert(csv_path, fmt) -> path``: the CSV opened and saved by LibreOffice as XLSX or ODS."""
    executable = SOFFICE if os.path.isabs(SOFFICE) else shutil.which(SOFFICE)
    if not executable:
        reason = (
            f"needs LibreOffice ({SOFFICE}) to write XLSX and ODS (Debian: apt-get install libreoffice-calc)"
        )
        if _services_required():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    home = tmp_path_factory.mktemp("soffice")

    def convert(source: Path, fmt: str) -> Path:
        outdir = home / fmt
        command = [executable, f"-env:UserInstallation={(home / 'profile').as_uri()}", "--headless"]
        command += ["--norestore", "--nolockcheck", "--convert-to", fmt, "--outdir", str(outdir), str(source)]
        result = subprocess.run(  # noqa: S603 (our own arguments)
            command, capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(home)}
        )
        converted = outdir / f"{source.stem}.{fmt}"
        assert converted.exists(), (
            f"LibreOffice did not convert {source.name}: {result.stdout} {result.stderr}"
        )
        return converted

    return convert


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_xlsx_and_ods_saved_by_libreoffice_read_like_the_csv(world, soffice, tmp_path, fmt):
    source = tmp_path / "hasil.csv"
    source.write_bytes(csv_bytes(GOOD))
    converted = soffice(source, fmt)
    outcome = run(world, data=converted.read_bytes(), filename=converted.name)
    assert outcome.ok, outcome.errors
    assert stored() == EXPECTED


def test_a_workbook_can_be_read_from_an_open_file(world):
    outcome = run(world, data=io.BytesIO(write_table(HEADERS, GOOD, fmt="xlsx")), filename="hasil.xlsx")
    assert outcome.ok and stored() == EXPECTED


def test_a_code_typed_as_a_number_is_refused_like_a_nik(world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append([1806112016, 1, 200, 0, 150, 140, 10])
    buffer = io.BytesIO()
    workbook.save(buffer)
    outcome = run(world, data=buffer.getvalue(), filename="hasil.xlsx")
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "Kode Wilayah")]
    assert "kode wilayah tertulis sebagai angka" in outcome.errors[0].message.lower()
    assert not VillageResult.objects.exists()


def retired_village(world) -> str:
    village("18.06.11.2099", "Desa Lama")
    Village.objects.filter(code="18.06.11.2099").update(
        retired_at=dt.date(2023, 1, 1), successor_id=GUNUNG_KASIH
    )
    return "18.06.11.2099"


REFUSALS = [
    ("unknown code", tps("18.06.11.2999"), "Kode Wilayah", "kode desa/kelurahan 18.06.11.2999 tidak dikenal"),
    ("district code", tps("18.06.11"), "Kode Wilayah", "bukan kode desa/kelurahan"),
    ("no code", tps(""), "Kode Wilayah", "wajib diisi"),
    ("TPS zero", tps(number=0), "No TPS", "nomor TPS 0 tidak sah"),
    ("TPS text", tps(number="A"), "No TPS", "“A” bukan nomor TPS"),
    ("negative", tps(dpt=-5), "DPT", "tidak boleh negatif"),
    ("not a number", tps(dpt="dua ratus"), "DPT", "bukan bilangan bulat"),
    ("a fraction", tps(voters="150,5"), "Pengguna Hak Pilih", "bukan bilangan bulat"),
    ("empty", tps(valid=""), "Suara Sah", "wajib diisi"),
    ("too large", tps(dpt=250000), "DPT", "250000 terlalu besar untuk satu TPS"),
    (
        "more voters",
        tps(dpt=100, extra=2, voters=103, valid=100, invalid=3),
        "Pengguna Hak Pilih",
        "melebihi DPT ditambah DPTb/DPK (102)",
    ),
    (
        "more votes",
        tps(voters=160, valid=156, invalid=5),
        "Suara Sah",
        "(161) melebihi pengguna hak pilih (160)",
    ),
    (
        "TPS twice",
        tps(number=1),
        "No TPS",
        "TPS 1 desa/kelurahan 18.06.11.2016 sudah ada di baris sebelumnya",
    ),
]


@pytest.mark.parametrize(("case", "row", "column", "message"), REFUSALS, ids=[c[0] for c in REFUSALS])
def test_each_refusal_names_row_and_column_and_nothing_is_written(world, case, row, column, message):
    result(SUKABANJAR, voters=470, valid_votes=460)
    before = stored()
    outcome = run(world, [tps(number=1), row] if case == "TPS twice" else [tps(number=9), row])
    assert not outcome.ok and not outcome.saved
    assert [(e.row, e.column) for e in outcome.errors] == [(3, column)], outcome.errors
    assert message in outcome.errors[0].message
    assert str(outcome.errors[0]).startswith(f"Baris 3, kolom “{column}”: ")
    assert stored() == before


def test_a_retired_code_names_the_code_that_replaced_it(world):
    outcome = run(world, [tps(retired_village(world))])
    assert "sudah tidak berlaku sejak" in outcome.errors[0].message
    assert f"gunakan kode penggantinya {GUNUNG_KASIH} (Gunung Kasih)" in outcome.errors[0].message


def test_every_error_of_a_row_is_named(world):
    outcome = run(world, [tps("18.06.11.2999", number="", dpt=-1, voters="x")])
    assert [e.column for e in outcome.errors] == ["Kode Wilayah", "No TPS", "DPT", "Pengguna Hak Pilih"]


def test_a_missing_column_and_an_empty_file_are_named(world):
    outcome = run(world, data=csv_bytes([tps()[:6]], headers=HEADERS[:6]))
    assert "Kolom wajib tidak ada: Suara Tidak Sah" in outcome.errors[0].message
    outcome = run(world, data=csv_bytes([]))
    assert "tidak berisi baris TPS" in outcome.errors[0].message


def test_errors_beyond_the_limit_are_counted_not_listed(world):
    rows = [tps(number=n, voters=999) for n in range(1, ERROR_LIMIT + 51)]
    outcome = run(world, rows)
    assert len(outcome.errors) == ERROR_LIMIT and outcome.omitted_errors == 50
    assert outcome.error_count == ERROR_LIMIT + 50
    assert [e.row for e in outcome.errors] == list(range(2, ERROR_LIMIT + 2))


def test_a_village_outside_the_jurisdiction_refuses_the_file(world):
    outcome = run(world, [*GOOD, tps(WAIBALUN)])
    assert [(e.row, e.column) for e in outcome.errors] == [(7, "Kode Wilayah")]
    assert "53.06.03.1001 berada di luar wilayah kerja Anda" in outcome.errors[0].message
    assert not VillageResult.objects.exists()
    assert run(world, [*GOOD, tps(WAIBALUN)], actor="national_admin").ok


@pytest.mark.parametrize(
    "actor", ["tanggamus_admin", "tanggamus_commissioner", "lampung_staff", "lampung_viewer"]
)
def test_regency_offices_and_roles_that_may_not_decide_may_not_import(world, actor):
    with pytest.raises(PermissionDenied):
        run(world, actor=actor)
    assert not VillageResult.objects.exists()


def test_a_file_replaces_the_villages_it_names_and_leaves_the_others(world):
    result(GUNUNG_KASIH, voters=470, valid_votes=460)
    result(SUKABANJAR)
    result(GUNUNG_KASIH, election_id="pemilu-2019")
    untouched = {**stored(), "2019": stored("pemilu-2019")}
    outcome = run(world, GOOD[:3])
    assert (outcome.new, outcome.updated, outcome.unchanged) == (0, 1, 0)
    assert stored() == {GUNUNG_KASIH: EXPECTED[GUNUNG_KASIH], SUKABANJAR: untouched[SUKABANJAR]}
    assert stored("pemilu-2019") == untouched["2019"]
    again = run(world, GOOD[:3])
    assert (again.new, again.updated, again.unchanged) == (0, 0, 1)
    illustrative = run(world, GOOD[:3], illustrative=True)
    assert (illustrative.updated, illustrative.unchanged) == (1, 0)
    assert VillageResult.objects.get(village_id=GUNUNG_KASIH, election_id="pemilu-2024").illustrative


def test_a_dry_run_counts_without_writing(world):
    outcome = run(world, dry_run=True)
    assert outcome.ok and not outcome.saved and (outcome.new, outcome.rows_read) == (2, 5)
    assert not VillageResult.objects.exists()


def test_the_orm_path_of_sqlite_writes_what_copy_writes(world, monkeypatch):
    result(GUNUNG_KASIH, voters=470, valid_votes=460)
    monkeypatch.setattr(connection, "vendor", "sqlite")
    outcome = run(world, illustrative=True)
    monkeypatch.undo()
    assert (outcome.new, outcome.updated) == (1, 1)
    assert stored() == EXPECTED
    assert set(VillageResult.objects.values_list("illustrative", "regency_code")) == {(True, "18.06")}


def test_a_skipped_tps_number_is_a_warning_and_special_tps_are_not(world):
    rows = [
        tps(number=1),
        tps(number=2),
        tps(number=4),
        tps(number=901),
        tps(SUKABANJAR, 1),
        tps(SUKABANJAR, 901),
    ]
    outcome = run(world, rows)
    assert outcome.ok
    assert len(outcome.warnings) == 1 and "18.06.11.2016: tidak ada baris untuk TPS 3" in outcome.warnings[0]


def test_the_signal_is_sent_once_the_import_has_committed(world, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, election, **kwargs):
        received.append((sender, election.pk))

    results_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            run(world)
        assert not received  # not before the commit
        for callback in callbacks:
            callback()
        with django_capture_on_commit_callbacks(execute=True):
            run(world)  # nothing changed: nothing written, nothing sent
    finally:
        results_changed.disconnect(receiver)
    assert received == [(VillageResult, "pemilu-2024")]


def test_the_big_file_limit_refuses_before_reading_to_the_end(world, monkeypatch):
    monkeypatch.setattr(service, "MAX_ROWS", 3)
    outcome = run(world)
    assert "lebih dari 3 baris" in outcome.errors[0].message and not VillageResult.objects.exists()


# --- the command --------------------------------------------------------------------------------------------


def test_the_command_runs_the_same_import(world, tmp_path, capsys):
    path = tmp_path / "hasil.csv"
    path.write_bytes(csv_bytes(GOOD))
    call_command(
        "import_results",
        str(path),
        "--election",
        "pemilu-2024",
        "--illustrative",
        "--user",
        "lampung-commissioner",
    )
    out = capsys.readouterr().out
    assert "5 baris TPS dibaca; 2 desa/kelurahan baru, 0 berubah, 0 tidak berubah" in out
    assert stored() == EXPECTED and all(VillageResult.objects.values_list("illustrative", flat=True))


def test_the_command_refuses_a_bad_file_naming_every_error(world, tmp_path, capsys):
    path = tmp_path / "hasil.csv"
    path.write_bytes(csv_bytes([tps(dpt=-1), tps(WAIBALUN, 2)]))
    with pytest.raises(CommandError, match="2 kesalahan"):
        call_command(
            "import_results", str(path), "--election", "pemilu-2024", "--user", "lampung-commissioner"
        )
    err = capsys.readouterr().err
    assert "Baris 2, kolom “DPT”" in err and "Baris 3, kolom “Kode Wilayah”" in err
    with pytest.raises(CommandError, match="pemilu-2099 tidak ada"):
        call_command("import_results", str(path), "--election", "pemilu-2099")
    assert not VillageResult.objects.exists()
