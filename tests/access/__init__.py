"""The access table: for every URL pattern of the project, who may open it.

Each app has a module here with ``ACCESS: dict[str, Rule]`` keyed by URL name (``"locus:village_detail"``)
or by a namespace wildcard (``"admin:*"``). ``tests/test_access.py`` walks every URL pattern and fails when a
pattern has no entry, then requests each entry as every actor (anonymous, each role at each level, in and out
of jurisdiction) and compares the status code with the table.

A Rule gives the URL kwargs for an object in the jurisdiction of the Lampung/Tanggamus actors (``kwargs``)
and, for pages about a scoped object, kwargs for one in Flores Timur/NTT (``out_kwargs``); ``expect`` and
``expect_out`` map every actor to the status code it must get. Build them with the helpers below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.factories import ACTOR_SPECS, ACTORS, World

LOGIN = 302  # anonymous users are sent to the login page


@dataclass
class Rule:
    expect: dict[str, int]
    kwargs: Callable[[World], dict] | None = None
    out_kwargs: Callable[[World], dict] | None = None
    expect_out: dict[str, int] = field(default_factory=dict)
    method: str = "get"
    skip_reason: str = ""  # for patterns that are not pages (e.g. served by another layer); must say why


def actors_where(predicate: Callable[[str, str | None, str], bool]) -> set[str]:
    """Actor names whose (level, region key, role) satisfy ``predicate``."""
    return {name for name, spec in ACTOR_SPECS.items() if predicate(*spec)}


def table(*, default: int, anonymous: int = LOGIN, **overrides: int) -> dict[str, int]:
    """Expected status for every actor: ``default`` unless overridden by name."""
    result = dict.fromkeys(ACTORS, default)
    result["anonymous"] = anonymous
    result.update(overrides)
    return result


def table_for(groups: list[tuple[set[str], int]], *, default: int, anonymous: int = LOGIN) -> dict[str, int]:
    result = table(default=default, anonymous=anonymous)
    for names, status in groups:
        for name in names:
            result[name] = status
    return result


PUBLIC = table(default=200, anonymous=200)
LOGGED_IN = table(default=200)
