"""The cadre tables keep the indexes their queries read and no others (``cadre/migrations/0009``): every
index is kept up by every write, and a roster import writes 10,000 cadres with their history at once."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def indexes(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        return {name for (name,) in cursor.fetchall()}


def test_the_cadre_table_has_its_chosen_indexes_only():
    found = indexes("cadre_cadre")
    assert not {name for name in found if name.endswith("_like")}
    assert {
        "cadre_nik",
        "cadre_regency",
        "cadre_province",
        "cadre_domicile_village",
        "cadre_roster_by_locus",
        "one_live_cadre_per_nik_per_year",
        "cadre_cadre_full_name_upper_trgm",
    } <= found
    assert len(found) == 12, sorted(found)


def test_the_history_is_indexed_by_cadre_and_time_only():
    found = indexes("cadre_historicalcadre")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
            "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey) "
            "WHERE c.relname = 'cadre_historicalcadre'"
        )
        columns = {name for (name,) in cursor.fetchall()}
    assert columns == {"history_id", "id", "history_date", "history_user_id"}, (sorted(found), columns)
