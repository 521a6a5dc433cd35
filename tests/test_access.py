"""Walk every URL pattern of the project: each must be declared in the access table (tests/access/), and
each declared page must answer every actor with the status the table gives, in and out of jurisdiction."""

from __future__ import annotations

import importlib
import pkgutil
from importlib import import_module

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.access
from tests.access import Rule
from tests.conftest import _ModuleWorld
from tests.factories import ACTORS
from tests.two_factor import TwoFactorClient


def _access_table() -> dict[str, Rule]:
    merged: dict[str, Rule] = {}
    for module_info in pkgutil.iter_modules(tests.access.__path__):
        module = importlib.import_module(f"tests.access.{module_info.name}")
        for name, rule in getattr(module, "ACCESS", {}).items():
            assert name not in merged, f"{name} is declared twice in the access table"
            merged[name] = rule
    return merged


def _url_names(resolver: URLResolver | None = None, namespace: str = "") -> list[tuple[str, str]]:
    """(full name or "<unnamed route>", route) for every pattern, following includes."""
    resolver = resolver or get_resolver()
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found.extend(_url_names(pattern, inner))
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name or f'<unnamed: {pattern.pattern}>'}"
            found.append((name, str(pattern.pattern)))
    return found


ACCESS = _access_table()


def _rule_for(name: str) -> Rule | None:
    if name in ACCESS:
        return ACCESS[name]
    wildcards = [key for key in ACCESS if key.endswith(":*") and name.startswith(key[:-1])]
    return ACCESS[wildcards[0]] if wildcards else None


def test_every_url_pattern_is_in_the_access_table():
    missing = sorted({name for name, _ in _url_names() if _rule_for(name) is None})
    assert not missing, "URL patterns without an entry in tests/access/: " + ", ".join(missing)


def test_access_table_has_no_stale_entries():
    names = {name for name, _ in _url_names()}
    stale = [
        key
        for key in ACCESS
        if not any(name == key or (key.endswith(":*") and name.startswith(key[:-1])) for name in names)
    ]
    assert not stale, f"access table entries for URLs that do not exist: {stale}"


@pytest.fixture(scope="module")
def signed_in(_module_world, django_db_blocker) -> dict[str, str]:
    """Each actor's session key, signed in once (password and, where needed, the second step) in the
    module's world transaction (tests/conftest.py): every test uses them inside its own savepoint, so what a
    request changes in a session no other test sees. Empty when the module builds no shared world."""
    if _module_world.world is None:
        return {}
    sessions = {}
    with django_db_blocker.unblock():
        for actor, user in _module_world.world.users.items():
            session_client = TwoFactorClient()
            session_client.force_login(user)
            sessions[actor] = session_client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


def _sign_in(client, world, signed_in: dict[str, str], actor: str) -> None:
    """The actor's session of the module while it lasts (an earlier request of the test may have ended it:
    a second-step reset ends the account's sessions), else a whole sign-in as before."""
    client.cookies.clear()
    if actor == "anonymous":
        return
    key = signed_in.get(actor)
    shared = _ModuleWorld.current is not None and _ModuleWorld.current.world is not None
    if key and shared and import_module(settings.SESSION_ENGINE).SessionStore().exists(key):
        client.cookies[settings.SESSION_COOKIE_NAME] = key
    else:
        client.force_login(world.users[actor])


def _check(client, world, signed_in, name: str, rule: Rule, kwargs_factory, expected: dict[str, int]):
    assert set(expected) == set(ACTORS), f"{name}: the table must give a status for every actor"
    url_name = "admin:index" if name.endswith(":*") else name
    url = reverse(url_name, kwargs=kwargs_factory(world) if kwargs_factory else None)
    failures = []
    for actor in ACTORS:
        _sign_in(client, world, signed_in, actor)
        response = getattr(client, rule.method)(url)
        if response.status_code != expected[actor]:
            failures.append(f"{actor}: {response.status_code} (expected {expected[actor]})")
        if actor != "anonymous" and response.get("Cache-Control") != "private, no-store":
            # Whatever a signed-in user is answered (page, fragment, file, refusal) stays out of every cache.
            failures.append(f"{actor}: Cache-Control {response.get('Cache-Control')!r}")
    assert not failures, f"{name} {url}: " + "; ".join(failures)


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_access_in_jurisdiction(client, world, signed_in, name):
    rule = ACCESS[name]
    if rule.skip_reason:
        pytest.skip(rule.skip_reason)
    _check(client, world, signed_in, name, rule, rule.kwargs, rule.expect)


@pytest.mark.parametrize("name", sorted(n for n, r in ACCESS.items() if r.out_kwargs))
def test_access_out_of_jurisdiction(client, world, signed_in, name):
    rule = ACCESS[name]
    _check(client, world, signed_in, name, rule, rule.out_kwargs, rule.expect_out)


# --- a cadre's account (the cadre app) ----------

# Names a cadre's session may open as they are: its app, and what every signed-in person may.
CADRE_OPEN = ("cadre_app:", "accounts:logout", "set_language")
CADRE_PIN = "482913"


@pytest.fixture
def cadre_client(client, world):
    """An active cadre of Sukabanjar (Tanggamus; the table's own records are in Gunung Kasih), signed in on
    its phone through its invitation."""
    from cadre import accounts
    from locus.models import Village
    from tests.activities.factories_evaluations import locus_at
    from tests.activities.factories_trainings import cadre

    member = cadre(locus_at(Village.objects.get(code="18.06.21.2005")), "Siti Aminah")
    invitation = accounts.invite_cadre(world.users["tanggamus_staff"], member)
    answer = client.post(invitation.path, {"pin": CADRE_PIN, "pin_confirm": CADRE_PIN})
    assert answer.status_code == 302, answer.status_code
    return client


def _cadre_answer(client, world, name: str, rule: Rule, kwargs_factory):
    url_name = "admin:index" if name.endswith(":*") else name
    url = reverse(url_name, kwargs=kwargs_factory(world) if kwargs_factory else None)
    return url, getattr(client, rule.method)(url)


@pytest.mark.parametrize("name", sorted(n for n, r in ACCESS.items() if not r.skip_reason))
def test_a_cadre_account_reaches_no_officers_page_and_nothing_outside_its_locus(cadre_client, world, name):
    """Every URL of the table, as a cadre: an officer's page sends a GET to the cadre app and refuses
    anything else; the API answers through the one access policy, so an object of another jurisdiction
    (the table's ``out_kwargs``) is never a 200; nothing is a 500."""
    rule = ACCESS[name]
    url, response = _cadre_answer(cadre_client, world, name, rule, rule.kwargs)
    assert response.status_code < 500, f"{name} {url}: {response.status_code}"
    if name.startswith("api:"):
        reference = all(status == 200 for actor, status in rule.expect_out.items() if actor != "anonymous")
        if rule.out_kwargs and not reference:  # the region tree and the years are every signed-in user's
            # The table's objects are Gunung Kasih's or Tanggamus' (not the cadre's locus) and Flores Timur's:
            # none is the cadre's to read.
            out_url, outside = _cadre_answer(cadre_client, world, name, rule, rule.out_kwargs)
            for where, answer in ((url, response), (out_url, outside)):
                assert answer.status_code in (403, 404, 405, 415), f"{name} {where}: {answer.status_code}"
    elif not name.startswith(CADRE_OPEN) and rule.expect.get("anonymous") != 200:
        if rule.method == "get":
            assert (response.status_code, response.get("Location")) == (302, reverse("cadre_app:home")), (
                f"{name} {url}: {response.status_code} {response.get('Location')}"
            )
        else:
            assert response.status_code == 403, f"{name} {url}: {response.status_code}"
