"""The segment trigger of ``0003_segment_mask`` on PostgreSQL made set-based: after a statement on the
cadre–segment table, the masks of its cadres are computed in one grouped query, and only the cadres whose
stored mask differs are updated.

Before, every cadre touched by the statement was updated (``SET segment_mask = 0``, the row trigger computing
the mask again), even when its mask did not change. A roster import writes its new cadres with their masks
already computed (``cadre.import_writes``) and then their 20,000 segment rows: that rewrote all 10,000 new
cadre rows (every index of the cadre table, the name search's trigram index included), fired the roster
recount a second time, and doubled the foreign-key checks at commit (a row inserted and then updated in one
transaction is checked again), about 1.5 s of the import's 5. The stored mask stays the database's own: a
cadre written with a wrong mask is corrected as soon as its segment rows are written, as before; the row
trigger ``cadre_keep_segment_mask`` is unchanged and still computes the mask of every updated cadre.

SQLite keeps the row triggers of 0003.
"""

import importlib

from django.db import migrations

from kernel.db_triggers import run_sql_for_vendor

PREVIOUS = importlib.import_module("cadre.migrations.0003_segment_mask")

POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION cadre_segments_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE cadre_cadre c
        SET segment_mask = m.mask
        FROM (
            SELECT t.cadre_id, COALESCE(bit_or(1::bigint << s.bit), 0) AS mask
            FROM (SELECT DISTINCT cadre_id FROM changed) t
            LEFT JOIN cadre_cadre_segments cs ON cs.cadre_id = t.cadre_id
            LEFT JOIN locus_segment s ON s.code = cs.segment_id
            GROUP BY t.cadre_id
        ) m
        WHERE c.id = m.cadre_id AND c.segment_mask IS DISTINCT FROM m.mask;
        RETURN NULL;
    END
    $$
    """,
]
POSTGRESQL_REVERSE = [
    PREVIOUS.POSTGRESQL[3].replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1),
]


class Migration(migrations.Migration):
    dependencies = [
        ("cadre", "0007_roster_rule_in_triggers"),
    ]

    operations = [
        run_sql_for_vendor(
            {"postgresql": POSTGRESQL, "sqlite": []},
            {"postgresql": POSTGRESQL_REVERSE, "sqlite": []},
        ),
    ]
