"""No personal data in the application's logs."""

import logging

from dp3.logging import PersonalDataFilter, QueryStringFilter


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
