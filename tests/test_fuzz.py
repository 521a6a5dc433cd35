"""Fuzz tests (hypothesis) of what reads untrusted input: the NIK and phone checks, the spreadsheet readers
and the roster import. Whatever the text or the bytes, the answer is a result or an Indonesian message,
never a traceback. Example counts stay moderate so that the suite stays quick."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.services import normalize_phone_number
from cadre.cells import parse_phone_cell
from cadre.checks import check_nik, normalize_phone
from cadre.imports import cadres_import
from cadre.resources import COLUMNS
from kernel.spreadsheets import (
    IndonesianDateWidget,
    IndonesianIntegerWidget,
    SpreadsheetError,
    read_table,
    write_table,
)

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ_DB = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Text as people paste it: digits, separators, letters, anything at all.
nik_like = st.one_of(
    st.text(),
    st.text(alphabet="0123456789", min_size=14, max_size=18),
    st.text(alphabet="0123456789 .-+()", max_size=25),
)
phone_like = st.one_of(
    st.text(),
    st.text(alphabet="0123456789 +-().", max_size=20),
    st.builds(lambda tail: "08" + tail, st.text(alphabet="0123456789", max_size=14)),
    st.builds(lambda tail: "+62" + tail, st.text(alphabet="0123456789 ", max_size=14)),
)
INDONESIAN_NIK_MESSAGES = ("NIK", "Kode kabupaten/kota", "Tanggal lahir", "Nomor urut", "Dua digit")


@FUZZ
@given(nik_like)
def test_check_nik_never_raises_and_explains_in_indonesian(text):
    result = check_nik(text)
    assert result.valid == (not result.errors)
    for message in result.errors:
        assert isinstance(message, str) and any(word in message for word in INDONESIAN_NIK_MESSAGES)
        assert text.strip() == "" or len(text.strip()) < 6 or text.strip() not in message


@FUZZ
@given(phone_like)
def test_phone_normalising_never_raises(text):
    e164, errors = normalize_phone(text)
    if errors:
        assert e164 == "" and all("Nomor HP" in message for message in errors)
    elif e164:
        assert e164.startswith("+62") and e164[1:].isdigit()
    try:
        stored = normalize_phone_number(text)
    except ValidationError as error:
        assert "Nomor HP tidak valid" in " ".join(error.messages)
    else:
        assert stored == "" or stored.startswith("+62")
    assert isinstance(parse_phone_cell(text), str)


@FUZZ
@given(st.one_of(st.text(), st.integers(), st.floats(allow_nan=True), st.booleans(), st.none()))
def test_the_import_widgets_refuse_with_a_value_error_only(value):
    for widget in (IndonesianDateWidget(), IndonesianIntegerWidget()):
        try:
            widget.clean(value)
        except ValueError as error:
            assert str(error)  # an Indonesian message for the row's error list


def _refused_in_indonesian(error: SpreadsheetError) -> None:
    assert error.errors
    for item in error.errors:
        assert item.message and "Traceback" not in item.message


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from(["data.csv", "data.xlsx", "DATA.XLSX", "data.txt"]))
def test_read_table_takes_any_bytes(data, filename):
    try:
        dataset = read_table(data, filename)
    except SpreadsheetError as error:
        _refused_in_indonesian(error)
    else:
        assert dataset.headers[-1] == "__baris__"


def _sample_xlsx() -> bytes:
    return write_table(
        ["NIK", "Nama Lengkap", "Tanggal Lahir", "No. HP"],
        [["1806115508950001", "Siti", "15/08/1995", "081234567890"], ["1806110101900002", "Budi", "", 812]],
        fmt="xlsx",
    )


SAMPLE_XLSX = _sample_xlsx()


@FUZZ
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=len(SAMPLE_XLSX) - 1), st.integers(0, 255)),
        min_size=1,
        max_size=12,
    )
)
def test_read_table_takes_any_damaged_xlsx(changes):
    data = bytearray(SAMPLE_XLSX)
    for position, value in changes:
        data[position] = value
    try:
        read_table(bytes(data), "kader.xlsx")
    except SpreadsheetError as error:
        _refused_in_indonesian(error)


cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)


@FUZZ
@given(st.lists(st.lists(cell_text, min_size=1, max_size=6), min_size=1, max_size=6))
def test_any_worksheet_xml_text_reads_or_is_refused(rows):
    """Cells of any text inside a well-formed XLSX (through the XML of the sheet, with odd characters)."""
    data = write_table([f"Kolom {i}" for i in range(6)], rows, fmt="xlsx")
    dataset = read_table(data, "isi.xlsx")
    assert len(dataset) <= len(rows)


@pytest.fixture
def recruiting_locus(world):
    from tests.locus.factories import LocusFactory

    return LocusFactory(village=world.gunung_kasih)


@FUZZ_DB
@given(st.lists(st.fixed_dictionaries(dict.fromkeys(COLUMNS, cell_text)), min_size=1, max_size=3))
def test_the_roster_import_answers_any_cell_text_with_row_errors(world, recruiting_locus, rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS))
    writer.writeheader()
    writer.writerows(rows)
    outcome = cadres_import(
        actor=world.users["tanggamus_staff"],
        data=buffer.getvalue().encode(),
        filename="kader.csv",
        dry_run=True,
        locus_code=recruiting_locus.village_id,
        year=2021,
    )
    for error in outcome.errors:
        text = str(error)
        assert text and "Traceback" not in text


@FUZZ_DB
@given(st.binary(max_size=2048))
def test_the_roster_import_answers_any_bytes(world, recruiting_locus, data):
    for filename in ("kader.csv", "kader.xlsx"):
        outcome = cadres_import(
            actor=world.users["tanggamus_staff"],
            data=data,
            filename=filename,
            dry_run=True,
            locus_code=recruiting_locus.village_id,
            year=2021,
        )
        assert all(str(error) for error in outcome.errors)


def test_a_zip_bomb_is_refused_naming_the_file():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 100 * 1024  # 50 MB of zeros in about 50 KB
    with pytest.raises(SpreadsheetError) as refused:
        read_table(data, "daftar-kader.xlsx")
    message = str(refused.value)
    assert "daftar-kader.xlsx" in message and "terlalu besar setelah dibuka" in message


# --- election results per TPS: the streaming checker ----------


RESULT_CELLS = st.one_of(
    cell_text,
    st.sampled_from(["18.06.11.2016", "1806112016", "18.06.11", "53.06.03.1001", "TPS 001", "-3", "1.200"]),
    st.integers(min_value=-10, max_value=10**7).map(str),
)


@FUZZ_DB
@given(st.lists(st.lists(RESULT_CELLS, min_size=7, max_size=7), min_size=1, max_size=4))
def test_the_results_import_answers_any_cell_text_with_row_errors(world, rows):
    from locus.models import Election
    from locus.resources import RESULTS_COLUMNS
    from locus.services.results_import import results_import

    outcome = results_import(
        actor=world.users["lampung_commissioner"],
        election=Election.objects.get(pk="pemilu-2024"),
        data=write_table(list(RESULTS_COLUMNS), rows, fmt="csv"),
        filename="hasil.csv",
        dry_run=True,
    )
    assert outcome.ok or all(str(error) and "Traceback" not in str(error) for error in outcome.errors)


@FUZZ_DB
@given(st.binary(max_size=2048))
def test_the_results_import_answers_any_bytes(world, data):
    from locus.models import Election
    from locus.services.results_import import results_import

    for filename in ("hasil.csv", "hasil.xlsx", "hasil.ods"):
        outcome = results_import(
            actor=world.users["lampung_commissioner"],
            election=Election.objects.get(pk="pemilu-2024"),
            data=data,
            filename=filename,
            dry_run=True,
        )
        assert not outcome.ok and all(str(error) for error in outcome.errors)
