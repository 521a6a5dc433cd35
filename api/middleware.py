"""The call log of machine clients: after the answer, one APICall row (client, method, path with its query,
status, duration) for each request a client's token was accepted on (``request.api_client``, set by
api/authentication.py), whatever its answer: 200s and 304s, and the 403, 404 and 429 refusals alike. A
request whose token is refused has no client and is not logged (the 401 is the server log's)."""

from __future__ import annotations

import logging
import time

from django.db import DatabaseError

from accounts.api_clients import api_call_record

logger = logging.getLogger(__name__)


class APICallLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        client = getattr(request, "api_client", None)
        if client is not None:
            try:
                api_call_record(
                    client_id=client.pk,
                    method=request.method,
                    path=request.get_full_path(),
                    status=response.status_code,
                    duration_ms=round((time.monotonic() - started) * 1000),
                )
            except DatabaseError:  # the answer is already made: a lost log line must not turn it into a 500
                logger.exception("API call of client %s not logged", client.pk)
        return response
