"""Rows straight into tables, many at a time: COPY on PostgreSQL, ``bulk_create`` elsewhere (SQLite).

The scale data is generated as plain dicts of column values (``attname``: ``village_id``, not ``village``),
with their primary keys drawn beforehand (``IdPool``), so nothing is read back after writing and the
rows that refer to each other (cadres → loci, attendance → sessions) can be made before any is written. No
``save()``, no signal, no history row: the data is what a finished programme year leaves in the tables."""

from __future__ import annotations

from django.db import connection
from django.db.models import Max
from django.utils import timezone

from kernel.copy import copy_rows, next_ids

# Fields whose blank value is the empty string (Django stores no NULL for them).
TEXT_FIELDS = ("CharField", "TextField", "SlugField", "EmailField", "URLField", "FileField")


class IdPool:
    """Primary keys for the new rows of one run: from each table's sequence on PostgreSQL; elsewhere
    (SQLite) after the largest id in the table, counted on in this process (one writer at a time, as a
    command is)."""

    def __init__(self):
        self._next: dict[type, int] = {}

    def take(self, model, count: int) -> list[int]:
        if connection.vendor == "postgresql":
            return next_ids(model._meta.db_table, model._meta.pk.column, count)
        if model not in self._next:
            top = model._default_manager.aggregate(top=Max("pk"))["top"] or 0
            self._next[model] = top + 1
        start = self._next[model]
        self._next[model] = start + count
        return list(range(start, start + count))


class TableWriter:
    """Collects rows of one model and writes them in one go. Each row gives its own values; every other
    concrete column takes the field's default (``auto_now``/``auto_now_add`` fields: now)."""

    FLUSH_AT = 20_000

    def __init__(self, model):
        self.model = model
        self.written = 0
        now = timezone.now()
        self.fields = list(model._meta.concrete_fields)
        self.defaults = {}
        for f in self.fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults[f.attname] = now
            elif f.has_default():
                self.defaults[f.attname] = f.get_default()
            elif f.null:
                self.defaults[f.attname] = None
            elif f.get_internal_type() in TEXT_FIELDS:
                self.defaults[f.attname] = ""
        self.rows: list[dict] = []

    def add(self, **values) -> None:
        """Queue one row; rows are written every ``FLUSH_AT`` (their keys are drawn beforehand, so a row
        may refer to one not yet written: the foreign keys are checked at commit)."""
        self.rows.append(values)
        if len(self.rows) >= self.FLUSH_AT:
            self.write()

    def write(self) -> int:
        """Write the queued rows; the number of rows this writer has written in all."""
        rows, self.rows = self.rows, []
        if not rows:
            return self.written
        fields = self.fields
        if self.model._meta.pk.attname not in rows[0]:  # the database numbers them (m2m rows)
            fields = [f for f in fields if not f.primary_key]
        columns = [f.attname for f in fields]
        defaults = self.defaults
        if connection.vendor == "postgresql":
            missing = [c for c in columns if c not in defaults and c not in rows[0]]
            if missing:
                raise ValueError(f"{self.model.__name__}: no value for {missing}")
            copy_rows(
                self.model._meta.db_table,
                [f.column for f in fields],
                ([row[c] if c in row else defaults[c] for c in columns] for row in rows),
            )
        else:
            self.model._default_manager.bulk_create(
                [self.model(**{**defaults, **row}) for row in rows], batch_size=2000
            )
        self.written += len(rows)
        return self.written
