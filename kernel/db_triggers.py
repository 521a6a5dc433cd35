"""Running a migration's trigger SQL on the database at hand (PostgreSQL or SQLite).

Some figures the dashboards read at national scale are kept by the database itself, in the transaction that
writes their rows, by triggers (``Cadre.segment_mask``, ``TrainingSession.present_count`` and its
siblings): whatever writes the rows — a form, the COPY import, the admin, a bulk load — the figure follows,
and nothing ever needs a rebuild. Each backend gets its own statements; another backend is refused rather
than left without them.
"""

from __future__ import annotations

from django.db import migrations


def _execute(statements_by_vendor: dict[str, list[str]]):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements_by_vendor:
            raise RuntimeError(f"no trigger statements for the {vendor} database")
        for statement in statements_by_vendor[vendor]:
            schema_editor.execute(statement)

    return run


def run_sql_for_vendor(forward: dict[str, list[str]], backward: dict[str, list[str]]) -> migrations.RunPython:
    """A migration operation running ``forward[vendor]`` (and ``backward[vendor]`` when reversed)."""
    return migrations.RunPython(_execute(forward), _execute(backward))
