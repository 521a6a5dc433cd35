"""Log filters that keep personal data out of the logs (UU 27/2022).

- ``QueryStringFilter`` drops the query string from request lines (``GET /kader/?q=<a name>``): searches and
  filters may carry names; the path alone never does (records are addressed by id).
- ``PersonalDataFilter`` masks what still looks like personal data in any message or traceback (NIK, phone
  numbers, e-mail addresses…) with lokal-id's Samaran, e.g. ``180611******0001``.
"""

from __future__ import annotations

import logging
import re

# The query string up to the protocol (``?q=Siti Rahmawati HTTP/1.1``, spaces sent raw by a careless client
# included), else up to the next space or quote.
_QUERY = re.compile(r"(\s/[^\s?\"]*)\?(?:[^\"\n]*?(?=\sHTTP/\d)|[^\s\"]*)")


class QueryStringFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "?" in message:
            record.msg = _QUERY.sub(r"\1?…", message)
            record.args = None
        return True


class PersonalDataFilter(logging.Filter):
    """lokal-id's SamaranFilter, created on first use (loading lokal costs start-up time)."""

    def __init__(self, name: str = ""):
        super().__init__(name)
        self._samaran = None

    def filter(self, record: logging.LogRecord) -> bool:
        if self._samaran is None:
            from lokal.samaran.logging import SamaranFilter

            self._samaran = SamaranFilter()
        return self._samaran.filter(record)
