"""Trigram indexes for the region search (PostgreSQL only).

``RegionQuerySet.search()`` filters with ``name__icontains``, which Django writes as
``UPPER("name"::text) LIKE UPPER('%term%')``. A GIN index over ``UPPER(name) gin_trgm_ops`` (stored by
PostgreSQL as ``upper((name)::text)``) serves that expression with a Bitmap Index Scan, so a name search
over the 83,762 villages does not read the whole table. Code prefix searches (``code LIKE '18.06%'``) use
the ``*_like`` (varchar_pattern_ops) index Django already creates for the CharField primary keys.

SQLite has neither extension nor GIN: there the migration does nothing and the search scans the (small)
development tables.
"""

from django.db import migrations

TABLES = ("locus_province", "locus_regency", "locus_district", "locus_village")


def _index_name(table: str) -> str:
    return f"{table}_name_upper_trgm"


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {_index_name(table)} ON {table} USING gin (UPPER(name) gin_trgm_ops)"
        )


def drop_search_indexes(apps, schema_editor):
    # The pg_trgm extension stays: other indexes or queries may rely on it.
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {_index_name(table)}")


class Migration(migrations.Migration):
    dependencies = [
        ("locus", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_search_indexes, drop_search_indexes),
    ]
