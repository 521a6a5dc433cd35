"""Each level's plan written: on PostgreSQL (psycopg2) by COPY, an UPDATE from a COPY-filled temporary
table, and for a level loaded into an empty table its secondary indexes and foreign keys rebuilt after the
COPY (``_PostgresWriter``); on any other database by parameterised statements (``_SqlWriter``)."""

from __future__ import annotations

import io
from contextlib import contextmanager, nullcontext
from datetime import date
from typing import NamedTuple

from django.db import connection

from kernel.copy import NEEDS_ESCAPE, escape_text

from .levels import _LEVELS, _Level


class _Table(NamedTuple):
    """A level's table and columns, quoted for SQL. ``columns``: code, name, kind or time zone[, parent]."""

    name: str
    columns: list[str]
    retired_at: str

    @property
    def analyze_target(self) -> str:
        """The table and its columns but the name, for ANALYZE."""
        columns = [self.columns[0], *self.columns[2:], self.retired_at]
        return f"{self.name} ({', '.join(columns)})"

    @classmethod
    def of(cls, level: _Level) -> _Table:
        opts, quote = level.model._meta, connection.ops.quote_name
        fields = ["code", "name", level.attr_field] + ([level.parent_field] if level.parent_field else [])
        return cls(
            quote(opts.db_table),
            [quote(opts.get_field(name).column) for name in fields],
            quote(opts.get_field("retired_at").column),
        )


def tree_version(cursor) -> int | None:
    """The region tables' write counter (PostgreSQL: the sequence their statement triggers advance,
    migration 0010); None on a database that keeps none."""
    if connection.vendor != "postgresql":
        return None
    cursor.execute("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM locus_region_tree_version")
    return cursor.fetchone()[0]


class _SqlWriter:
    """Any database (SQLite for ``make run``): parameterised INSERT and UPDATE statements run with
    ``executemany``. ``bulk_update`` is not used: its CASE expressions made a re-import with 16,000
    changes take 39 s on SQLite."""

    def __init__(self, cursor):
        self.cursor = cursor  # Django's cursor wrapper: %s placeholders on every backend

    def bulk_load(self, levels: list[_Level]):
        return nullcontext()

    def insert(self, level: _Level, rows: list[tuple]) -> None:
        table = _Table.of(level)
        placeholders = ", ".join(["%s"] * len(table.columns))
        sql = f"INSERT INTO {table.name} ({', '.join(table.columns)}) VALUES ({placeholders})"  # noqa: S608
        self.cursor.executemany(sql, rows)

    def update(self, level: _Level, rows: list[tuple]) -> None:
        table = _Table.of(level)
        code, *others = table.columns
        assignments = ", ".join([f"{column} = %s" for column in others] + [f"{table.retired_at} = NULL"])
        sql = f"UPDATE {table.name} SET {assignments} WHERE {code} = %s"  # noqa: S608
        self.cursor.executemany(sql, [(*row[1:], row[0]) for row in rows])

    def retire(self, level: _Level, codes: list[str], today: date) -> None:
        table = _Table.of(level)
        sql = f"UPDATE {table.name} SET {table.retired_at} = %s WHERE {table.columns[0]} = %s"  # noqa: S608
        value = connection.ops.adapt_datefield_value(today)
        self.cursor.executemany(sql, [(value, code) for code in codes])


class _PostgresWriter:
    """PostgreSQL with psycopg2: COPY for new rows, UPDATE … FROM a COPY-filled temporary table for changed
    rows, one UPDATE … WHERE code = ANY(…) for retirements."""

    temp_table = "locus_region_import_changes"

    def __init__(self, cursor):
        self.cursor = cursor.cursor  # the psycopg2 cursor under Django's wrapper, for copy_expert

    def lock(self) -> None:
        """Two imports at once would diff the same snapshot: the second one waits. Readers are not blocked."""
        tables = ", ".join(_Table.of(level).name for level in _LEVELS)
        self.cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")

    def _copy(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        """COPY rows of strings (code, name, kind or time zone[, parent]) in the text format."""
        if NEEDS_ESCAPE.search("".join(row[1] for row in rows)):  # rare: only names can hold them
            rows = [(row[0], escape_text(row[1]), *row[2:]) for row in rows]
        text = "\n".join(map("\t".join, rows)) + "\n"
        self.cursor.copy_expert(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN", io.StringIO(text), size=1 << 20
        )

    def insert(self, level: _Level, rows: list[tuple]) -> None:
        table = _Table.of(level)
        self._copy(table.name, table.columns, rows)

    def update(self, level: _Level, rows: list[tuple]) -> None:
        table, temp = _Table.of(level), self.temp_table
        code, *others = table.columns
        temp_columns = ["code", "name", "attr", "parent"][: len(table.columns)]
        self.cursor.execute(
            f"CREATE TEMPORARY TABLE {temp} "
            "(code varchar(13), name varchar(100), attr varchar(20), parent varchar(13))"
        )
        self._copy(temp, temp_columns, rows)
        assignments = [
            f"{column} = c.{source}" for column, source in zip(others, temp_columns[1:], strict=True)
        ]
        assignments.append(f"{table.retired_at} = NULL")
        self.cursor.execute(
            f"UPDATE {table.name} AS t SET {', '.join(assignments)} FROM {temp} AS c WHERE t.{code} = c.code"  # noqa: S608
        )
        self.cursor.execute(f"DROP TABLE {temp}")

    def retire(self, level: _Level, codes: list[str], today: date) -> None:
        table = _Table.of(level)
        sql = f"UPDATE {table.name} SET {table.retired_at} = %s WHERE {table.columns[0]} = ANY(%s)"  # noqa: S608
        self.cursor.execute(sql, [today, codes])

    @contextmanager
    def bulk_load(self, levels: list[_Level]):
        """For levels loaded into empty tables: drops the tables' secondary indexes (not those of primary keys
        or unique constraints) and foreign keys, and recreates them from their own definitions once the rows
        are in: one sorted build per index and one join per foreign key, instead of an index insert and a
        trigger per row. Should the load fail, the transaction rolls back, the drops with it.

        PostgreSQL refuses to alter a table with pending (deferred) constraint checks, which an enclosing
        transaction may have left: those checks run first; the constraints created deferred stay deferred."""
        if not levels:
            yield
            return
        cursor, quote = self.cursor, connection.ops.quote_name
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT format('%I.%I', n.nspname, c.conname) FROM pg_constraint c "
            "JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.condeferred"
        )
        deferred = [name for (name,) in cursor.fetchall()]
        if deferred:
            cursor.execute(f"SET CONSTRAINTS {', '.join(deferred)} DEFERRED")
        rebuilds = []
        for level in levels:
            table = _Table.of(level).name
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid "
                "AND c.conrelid = x.indrelid)",
                [table],
            )
            indexes = cursor.fetchall()
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f'",
                [table],
            )
            foreign_keys = cursor.fetchall()
            for name, _definition in foreign_keys:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {quote(name)}")
            rebuilds.append((table, indexes, foreign_keys))
        yield
        for table, indexes, foreign_keys in rebuilds:
            for _name, definition in indexes:
                cursor.execute(definition)
            for name, definition in foreign_keys:
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
