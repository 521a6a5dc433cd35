"""Walk every URL pattern of the project: each must be declared in the access table (tests/access/), and
each declared page must answer every actor with the status the table gives, in and out of jurisdiction."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.access
from tests.access import Rule
from tests.factories import ACTORS


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


def _check(client, world, name: str, rule: Rule, kwargs_factory, expected: dict[str, int]):
    assert set(expected) == set(ACTORS), f"{name}: the table must give a status for every actor"
    url_name = "admin:index" if name.endswith(":*") else name
    url = reverse(url_name, kwargs=kwargs_factory(world) if kwargs_factory else None)
    failures = []
    for actor in ACTORS:
        client.logout()
        if actor != "anonymous":
            client.force_login(world.users[actor])
        response = getattr(client, rule.method)(url)
        if response.status_code != expected[actor]:
            failures.append(f"{actor}: {response.status_code} (expected {expected[actor]})")
        if actor != "anonymous" and response.get("Cache-Control") != "private, no-store":
            # Whatever a signed-in user is answered (page, fragment, file, refusal) stays out of every cache.
            failures.append(f"{actor}: Cache-Control {response.get('Cache-Control')!r}")
    assert not failures, f"{name} {url}: " + "; ".join(failures)


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_access_in_jurisdiction(client, world, name):
    rule = ACCESS[name]
    if rule.skip_reason:
        pytest.skip(rule.skip_reason)
    _check(client, world, name, rule, rule.kwargs, rule.expect)


@pytest.mark.parametrize("name", sorted(n for n, r in ACCESS.items() if r.out_kwargs))
def test_access_out_of_jurisdiction(client, world, name):
    rule = ACCESS[name]
    _check(client, world, name, rule, rule.out_kwargs, rule.expect_out)
