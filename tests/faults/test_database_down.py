"""PostgreSQL goes away while SIDP3 serves: pages answer a clear Indonesian 503 with Retry-After (not a 500,
not a hang), the readiness check says what is down, and everything answers again once PostgreSQL is back.

The application runs in a real WSGI server thread whose database connection goes through a TCP proxy to
the test database; cutting the proxy refuses new connections and drops the kept one, as a stopped or
restarted PostgreSQL does. Both connection policies are checked: a new connection per request
(``CONN_MAX_AGE=0``, the default) and kept connections (60 s, production), with health checks on.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.factories import build_world
from tests.faults.support import AppServer, TcpProxy

pytestmark = [pytest.mark.postgres]

UNAVAILABLE = "Layanan sedang tidak tersedia"


@pytest.fixture
def proxy():
    target = (connection.settings_dict["HOST"] or "127.0.0.1", int(connection.settings_dict["PORT"] or 5432))
    proxy = TcpProxy(target).start()
    yield proxy
    proxy.close()


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


@pytest.mark.parametrize("conn_max_age", [0, 60])
def test_pages_answer_503_while_postgresql_is_down_and_recover(transactional_db, proxy, conn_max_age):
    world = build_world()
    user = world.users["tanggamus_staff"]
    cookie = session_cookie(user)
    with AppServer(db_port=proxy.port, conn_max_age=conn_max_age) as app:
        status, _headers, body = app.get("/", cookie=cookie)
        assert status == 200 and user.office.name in body

        proxy.cut()
        for path in ("/", "/kader/", "/laporan/"):  # the session and the user are loaded from the database
            status, headers, body = app.get(path, cookie=cookie)
            assert status == 503, (path, status)
            assert headers["Retry-After"] == str(settings.SIDP3_RETRY_AFTER_SECONDS)
            assert UNAVAILABLE in body and "Basis data SIDP3 sedang tidak dapat dihubungi" in body
            assert user.office.name not in body and "Traceback" not in body
        status, headers, body = app.get("/siap/")
        assert status == 503 and '"database": "gagal"' in body and "Retry-After" in headers

        proxy.restore()
        status, _headers, body = app.get("/", cookie=cookie)
        assert status == 200 and user.office.name in body, "the first request after the return answers"
        status, _headers, body = app.get("/siap/")
        assert status == 200 and '"siap": true' in body


def _pg_error(message: str, pgcode: str | None):
    from django.db import OperationalError

    error = OperationalError(message)
    error.__cause__ = type("PgError", (Exception,), {"pgcode": pgcode})(message)
    return error


def test_only_a_lost_connection_is_unavailable(db, rf):
    """A refused or dropped connection, or a server shutting down, is a 503; a query that fails (a missing
    table, a lock timeout, a syntax error) stays the 500 page."""
    from django.db import ProgrammingError

    from dp3.health import database_unreachable
    from dp3.views import server_error

    assert database_unreachable(_pg_error("connection refused", None))
    assert database_unreachable(_pg_error("terminating connection due to administrator command", "57P01"))
    assert database_unreachable(_pg_error("the database system is starting up", "57P03"))
    assert not database_unreachable(_pg_error("relation does not exist", "42P01"))
    assert not database_unreachable(_pg_error("canceling statement due to lock timeout", "55P03"))
    assert not database_unreachable(ProgrammingError("syntax error"))
    for error, status in ((_pg_error("connection refused", None), 503), (ProgrammingError("x"), 500)):
        try:
            raise error
        except Exception:
            assert server_error(rf.get("/")).status_code == status


def test_readiness_answers_when_everything_is_up(db, client):
    response = client.get("/siap/")
    assert response.status_code == 200
    body = response.json()
    assert body["siap"] is True and body["database"] == "ok"
    if settings.REDIS_URL:
        assert body["redis"] == "ok"
