"""When a service is down: the 503 page while PostgreSQL cannot be reached, and the readiness check.

- ``database_unreachable(exc)`` tells a lost or refused database connection (PostgreSQL down, restarting,
  out of connections, the network between) from an ordinary error in a query, which stays a 500.
- ``dp3.views.server_error`` (``handler500``) turns the first kind into ``service_unavailable``: the page
  ``errors/503.html`` rendered without a request, so no context processor, session or user is loaded (they
  would ask the database again), with ``Retry-After``. Django reaches ``handler500`` for an exception raised
  anywhere while answering (a view, the lazy ``request.user``, the session saved by its middleware), so the
  page comes whatever asked the database first. Connections are health-checked before reuse
  (``CONN_HEALTH_CHECKS``), so pages answer again as soon as PostgreSQL is back.
- ``ReadinessView`` (``/siap/``) answers 200 when the database and Redis (when configured) answer, 503
  otherwise, for load balancers and monitoring. It names no host, user or error, only what is down.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import View

logger = logging.getLogger(__name__)

# PostgreSQL's SQLSTATEs that mean "not now" rather than "this query is wrong": class 08 (connection
# exception), admin/crash shutdown, cannot connect now (starting up, in recovery), too many connections.
UNAVAILABLE_SQLSTATES = ("57P01", "57P02", "57P03", "53300")
SQLITE_UNAVAILABLE = ("unable to open database file", "database is locked", "disk i/o error")


def database_unreachable(exc: BaseException | None) -> bool:
    """Whether ``exc`` says the database cannot be reached (not that a query failed)."""
    if isinstance(exc, InterfaceError):
        return True  # "connection already closed": the server went away under a kept connection
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__ or exc
    if connection.vendor == "sqlite":
        return any(text in str(cause).lower() for text in SQLITE_UNAVAILABLE)
    code = getattr(cause, "pgcode", None)
    # A client-side failure (refused, reset, closed unexpectedly, timed out) carries no SQLSTATE.
    return code is None or code.startswith("08") or code in UNAVAILABLE_SQLSTATES


def service_unavailable() -> HttpResponse:
    """The 503 page, rendered without the request: nothing here may touch the database."""
    response = HttpResponse(loader.get_template("errors/503.html").render(), status=503)
    response["Retry-After"] = str(settings.SIDP3_RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _database_ready() -> bool:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def _redis_ready() -> bool | None:
    """True/False when Redis is configured (cache and broker), None when it is not used (a laptop)."""
    if not settings.REDIS_URL:
        return None
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except (redis.RedisError, OSError):
        return False


class ReadinessView(View):
    """``/siap/``: 200 when every service answers, 503 (with ``Retry-After``) otherwise. No login needed,
    nothing of the data shown: a load balancer asks it every few seconds."""

    def get(self, request):
        database = _database_ready()
        redis_state = _redis_ready()
        checks = {"database": "ok" if database else "gagal"}
        if redis_state is not None:
            checks["redis"] = "ok" if redis_state else "gagal"
        ready = database and redis_state is not False
        if not ready:
            logger.warning("readiness: %s", ", ".join(f"{k} {v}" for k, v in checks.items()))
        response = JsonResponse({"siap": ready, **checks}, status=200 if ready else 503)
        response["Cache-Control"] = "no-store"
        if not ready:
            response["Retry-After"] = str(settings.SIDP3_RETRY_AFTER_SECONDS)
        return response
