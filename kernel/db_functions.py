"""SQL functions PostgreSQL has and SQLite (``make run`` without PostgreSQL) lacks, registered on each new
SQLite connection so that the same ORM expression runs on both: ``BIT_OR`` (Django's ``BitOr`` aggregate),
which ORs ``Cadre.segment_mask`` over a roster to tell which segments it covers."""

from __future__ import annotations


class _BitOr:
    def __init__(self):
        self.value = None

    def step(self, value):
        if value is not None:
            self.value = (self.value or 0) | value

    def finalize(self):
        return self.value


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: adds the functions above to a SQLite connection."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("BIT_OR", 1, _BitOr)
