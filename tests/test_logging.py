"""No personal data in the application's logs."""

import io
import logging

import pytest
from django.utils.http import urlencode

from kernel.logging import PersonalDataFilter, QueryStringFilter


def record(message, *args):
    return logging.LogRecord("django.server", logging.INFO, __file__, 1, message, args, None)


def test_request_lines_lose_their_query_string():
    item = record('"%s" %s %s', "GET /kader/?q=Siti+Rahmawati&status=aktif HTTP/1.1", "200", "5120")
    QueryStringFilter().filter(item)
    assert item.getMessage() == '"GET /kader/?… HTTP/1.1" 200 5120'
    plain = record('"GET /kader/12/ HTTP/1.1" 200 10')
    QueryStringFilter().filter(plain)
    assert plain.getMessage() == '"GET /kader/12/ HTTP/1.1" 200 10'


def test_niks_and_phone_numbers_are_masked_in_any_message():
    item = record("kader %s, HP %s", "1806115508950001", "0812-3456-7890")
    PersonalDataFilter().filter(item)
    message = item.getMessage()
    assert "1806115508950001" not in message and "3456-7890" not in message


def test_the_console_handler_carries_both_filters(settings):
    filters = settings.LOGGING["handlers"]["console"]["filters"]
    assert filters == ["no_query_string", "no_personal_data"]


# --- the whole pipeline: what the console handler writes while real work fails ----------------------------

NIK = "1806115508950001"
PHONE = "0812-3456-7890"
NAME = "Siti Rahmawati Kusumadewi"


@pytest.fixture
def console_output():
    """What the configured console handler (with its filters) writes, at DEBUG level, into a buffer."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    buffer = io.StringIO()
    # Swapped directly: setStream would flush the previous stream, which pytest's capture may have closed.
    with handler.lock:
        previous_stream, handler.stream = handler.stream, buffer
    root = logging.getLogger()
    previous_level = root.level
    root.setLevel(logging.DEBUG)
    try:
        yield buffer
    finally:
        with handler.lock:
            handler.stream = previous_stream
        root.setLevel(previous_level)


def assert_no_personal_data(text: str) -> None:
    for secret in (NIK, PHONE, PHONE.replace("-", ""), "81234567890", NAME, "Rahmawati"):
        assert secret not in text, f"{secret!r} in the log:\n{text}"


@pytest.mark.django_db
def test_a_failing_cadre_import_and_a_nik_in_a_url_leave_no_personal_data_in_the_log(
    client, world, console_output
):
    from cadre.imports import cadres_import
    from tests.locus.factories import LocusFactory

    locus = LocusFactory(village=world.gunung_kasih)
    header = "NIK,Nama Lengkap,Jenis Kelamin,Tanggal Lahir,Kode Desa,No. HP,Unsur,Bukan Anggota Parpol"
    row = f"{NIK},{NAME},L,01/01/2015,{locus.village_id},{PHONE},Perempuan,Ya"
    outcome = cadres_import(
        actor=world.users["tanggamus_staff"],
        data=f"{header}\n{row}\n".encode(),
        filename="kader.csv",
        dry_run=False,
        locus_code=locus.village_id,
        year=2021,
    )
    assert not outcome.ok
    assert_no_personal_data(" ".join(str(error) for error in outcome.errors))

    client.force_login(world.users["tanggamus_staff"])
    assert client.get(f"/kader/{NIK}/", {"q": NAME, "hp": PHONE}).status_code == 404
    client.get("/kader/", {"q": NIK})
    # The development server's request line, as runserver writes it.
    server = logging.getLogger("django.server")
    server.info('"%s" %s %s', f"GET /kader/?{urlencode({'q': NIK, 'nama': NAME})} HTTP/1.1", "200", "9")
    # A careless client that sends the spaces raw: the query string still goes, up to the protocol.
    server.info('"%s" %s %s', f"GET /kader/?q={NIK}&nama={NAME} HTTP/1.0", "400", "9")
    try:
        raise ValueError(f"cadre {NIK} phone {PHONE}")
    except ValueError:
        logging.getLogger("reports.services").exception("Report job 7 failed")

    output = console_output.getvalue()
    assert "Not Found: /kader/" in output and "Report job 7 failed" in output  # the lines are there…
    assert_no_personal_data(output)  # …without the person
