"""``RegionImport``: each completed region import, and on PostgreSQL a write counter of the region tables.

``locus_region_tree_version`` is a sequence that a statement-level trigger on each of the four region tables
advances after any INSERT, UPDATE, DELETE or TRUNCATE, whoever runs it (the import, the admin, a factory,
psql). An import stores the counter it left; a later import of the same source (same digest) that finds the
counter where that import left it knows the tables have not been written since, and skips the comparison
(``locus.services.region_import``). A sequence is not rolled back: a write that was rolled back still
advances it, which only makes the next import compare in full. SQLite keeps no counter: there every import
compares.
"""

import django.utils.timezone
from django.db import migrations, models

from kernel.db_triggers import run_sql_for_vendor

TABLES = ("locus_province", "locus_regency", "locus_district", "locus_village")

POSTGRESQL = [
    "CREATE SEQUENCE locus_region_tree_version",
    """
    CREATE FUNCTION locus_region_tree_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM nextval('locus_region_tree_version');
        RETURN NULL;
    END
    $$
    """,
    *(
        f"CREATE TRIGGER {table}_tree_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION locus_region_tree_changed()"
        for table in TABLES
    ),
]
POSTGRESQL_REVERSE = [
    *(f"DROP TRIGGER {table}_tree_changed ON {table}" for table in TABLES),
    "DROP FUNCTION locus_region_tree_changed()",
    "DROP SEQUENCE locus_region_tree_version",
]


class Migration(migrations.Migration):
    dependencies = [
        ("locus", "0009_results_import_jobs"),
    ]

    operations = [
        migrations.CreateModel(
            name="RegionImport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "finished_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="selesai pada"),
                ),
                ("source_label", models.CharField(max_length=500, verbose_name="sumber")),
                ("digest", models.CharField(blank=True, max_length=64, verbose_name="sidik sumber")),
                (
                    "tree_version",
                    models.BigIntegerField(blank=True, null=True, verbose_name="versi pohon wilayah"),
                ),
                ("source_rows", models.JSONField(default=dict, verbose_name="baris sumber per tingkat")),
                ("changes", models.PositiveIntegerField(default=0, verbose_name="perubahan")),
            ],
            options={
                "verbose_name": "impor wilayah",
                "verbose_name_plural": "impor wilayah",
                "ordering": ["-finished_at", "-pk"],
            },
        ),
        run_sql_for_vendor(
            {"postgresql": POSTGRESQL, "sqlite": []},
            {"postgresql": POSTGRESQL_REVERSE, "sqlite": []},
        ),
    ]
