"""Counting several querysets in one round trip: a page that shows how many provinces, regencies,
districts, villages and accounts lie in a jurisdiction asks once, not five times."""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet


def count_each(**querysets: QuerySet) -> dict[str, int]:
    """``{name: queryset.count()}`` for every keyword, computed by one query (a scalar subquery each). The
    names are the code's own keywords, used as column aliases; the querysets keep their filters and scoping,
    so ``count_each(villages=Village.objects.restrict(user))`` counts what ``restrict`` lets through."""
    counts = dict.fromkeys(querysets, 0)
    parts, params, names = [], [], []
    for index, (name, queryset) in enumerate(querysets.items()):
        try:
            sql, inner = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # .none(), or a filter that can match nothing: 0 without asking
            continue
        # The ORM's compiled SQL with its parameters kept apart, and an alias of our own: nothing from input.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{index})")  # noqa: S608
        params.extend(inner)
        names.append(name)
    if parts:
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            counts.update(zip(names, cursor.fetchone(), strict=True))
    return counts
