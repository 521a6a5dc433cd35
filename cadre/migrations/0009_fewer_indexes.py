"""Fewer indexes on the cadres and their history: every write keeps each index, and a roster import writes
10,000 cadres and their history at once (without these, PostgreSQL's time for it fell by about a tenth).

Dropped: each column's default index where a composite index leads with the column (locus, programme year),
the status' (five values, never searched alone), the pattern-matching copies PostgreSQL keeps of text keys
(``*_like``: no query matches a prefix of these), and on the history every copied column's index but the
cadre's ``id`` (the history is read by cadre and time). The remaining single-column indexes get names of
their own in ``Cadre.Meta.indexes``. Only the indexes change: the foreign keys stay as they are (Django would
drop and re-add them, checking every row again).
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


# The indexes Django made for the columns (its names), and how to make them again (the ``_like`` copies are
# PostgreSQL's own extra and are not remade).
DROPPED = [
    "cadre_cadre_domicile_village_id_7ce93f29",
    "cadre_cadre_domicile_village_id_7ce93f29_like",
    "cadre_cadre_locus_id_40442525",
    "cadre_cadre_nik_311198bc",
    "cadre_cadre_nik_311198bc_like",
    "cadre_cadre_programme_year_id_3c6453dc",
    "cadre_cadre_province_id_05892fb2",
    "cadre_cadre_province_id_05892fb2_like",
    "cadre_cadre_regency_id_6fb1aadc",
    "cadre_cadre_regency_id_6fb1aadc_like",
    "cadre_cadre_status_9311b569",
    "cadre_cadre_status_9311b569_like",
    "cadre_historicalcadre_domicile_village_id_aff56a75",
    "cadre_historicalcadre_domicile_village_id_aff56a75_like",
    "cadre_historicalcadre_locus_id_7693fc70",
    "cadre_historicalcadre_nik_4583745d",
    "cadre_historicalcadre_nik_4583745d_like",
    "cadre_historicalcadre_programme_year_id_4a654918",
    "cadre_historicalcadre_province_id_d0f887bc",
    "cadre_historicalcadre_province_id_d0f887bc_like",
    "cadre_historicalcadre_recruited_by_id_792b4c14",
    "cadre_historicalcadre_regency_id_640cd620",
    "cadre_historicalcadre_regency_id_640cd620_like",
    "cadre_historicalcadre_replaces_id_bc5716ff",
    "cadre_historicalcadre_status_cf6a36a9",
    "cadre_historicalcadre_status_cf6a36a9_like",
]
RECREATED = [
    'CREATE INDEX IF NOT EXISTS "cadre_cadre_domicile_village_id_7ce93f29" ON "cadre_cadre" ("domicile_village_id")',
    'CREATE INDEX IF NOT EXISTS "cadre_cadre_locus_id_40442525" ON "cadre_cadre" ("locus_id")',
    'CREATE INDEX IF NOT EXISTS "cadre_cadre_nik_311198bc" ON "cadre_cadre" ("nik")',
    'CREATE INDEX IF NOT EXISTS "cadre_cadre_programme_year_id_3c6453dc" ON "cadre_cadre" ("programme_year_id")',
    'CREATE INDEX IF NOT EXISTS "cadre_cadre_province_id_05892fb2" ON "cadre_cadre" ("province_id")',
    'CREATE INDEX IF NOT EXISTS "cadre_cadre_regency_id_6fb1aadc" ON "cadre_cadre" ("regency_id")',
    'CREATE INDEX IF NOT EXISTS "cadre_cadre_status_9311b569" ON "cadre_cadre" ("status")',
    'CREATE INDEX IF NOT EXISTS "cadre_historicalcadre_domicile_village_id_aff56a75" ON "cadre_historicalcadre" ("domicile_village_id")',
    'CREATE INDEX IF NOT EXISTS "cadre_historicalcadre_locus_id_7693fc70" ON "cadre_historicalcadre" ("locus_id")',
    'CREATE INDEX IF NOT EXISTS "cadre_historicalcadre_nik_4583745d" ON "cadre_historicalcadre" ("nik")',
    'CREATE INDEX IF NOT EXISTS "cadre_historicalcadre_programme_year_id_4a654918" ON "cadre_historicalcadre" ("programme_year_id")',
    'CREATE INDEX IF NOT EXISTS "cadre_historicalcadre_province_id_d0f887bc" ON "cadre_historicalcadre" ("province_id")',
    'CREATE INDEX IF NOT EXISTS "cadre_historicalcadre_recruited_by_id_792b4c14" ON "cadre_historicalcadre" ("recruited_by_id")',
    'CREATE INDEX IF NOT EXISTS "cadre_historicalcadre_regency_id_640cd620" ON "cadre_historicalcadre" ("regency_id")',
    'CREATE INDEX IF NOT EXISTS "cadre_historicalcadre_replaces_id_bc5716ff" ON "cadre_historicalcadre" ("replaces_id")',
    'CREATE INDEX IF NOT EXISTS "cadre_historicalcadre_status_cf6a36a9" ON "cadre_historicalcadre" ("status")',
]


class Migration(migrations.Migration):
    dependencies = [
        ("cadre", "0008_segment_mask_only_when_changed"),
        ("locus", "0006_segment_bit"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="cadre",
                    name="domicile_village",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="locus.village",
                        verbose_name="desa domisili",
                    ),
                ),
                migrations.AlterField(
                    model_name="cadre",
                    name="locus",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cadres",
                        to="locus.locus",
                        verbose_name="lokus",
                    ),
                ),
                migrations.AlterField(
                    model_name="cadre",
                    name="nik",
                    field=models.CharField(
                        max_length=16,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[0-9]{16}$", "NIK harus terdiri dari 16 digit angka."
                            )
                        ],
                        verbose_name="NIK",
                    ),
                ),
                migrations.AlterField(
                    model_name="cadre",
                    name="programme_year",
                    field=models.ForeignKey(
                        db_index=False,
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="locus.programmeyear",
                    ),
                ),
                migrations.AlterField(
                    model_name="cadre",
                    name="province",
                    field=models.ForeignKey(
                        db_index=False,
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="locus.province",
                    ),
                ),
                migrations.AlterField(
                    model_name="cadre",
                    name="regency",
                    field=models.ForeignKey(
                        db_index=False,
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="locus.regency",
                    ),
                ),
                migrations.AlterField(
                    model_name="cadre",
                    name="status",
                    field=models.CharField(
                        choices=[
                            ("terdaftar", "Terdaftar"),
                            ("terverifikasi", "Terverifikasi"),
                            ("wawancara", "Wawancara"),
                            ("ditetapkan", "Ditetapkan"),
                            ("aktif", "Aktif"),
                            ("tidak_memenuhi_syarat", "Tidak memenuhi syarat"),
                            ("mengundurkan_diri", "Mengundurkan diri"),
                            ("diganti", "Diganti"),
                        ],
                        default="terdaftar",
                        max_length=25,
                        verbose_name="status",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalcadre",
                    name="domicile_village",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="locus.village",
                        verbose_name="desa domisili",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalcadre",
                    name="locus",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="locus.locus",
                        verbose_name="lokus",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalcadre",
                    name="nik",
                    field=models.CharField(
                        max_length=16,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[0-9]{16}$", "NIK harus terdiri dari 16 digit angka."
                            )
                        ],
                        verbose_name="NIK",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalcadre",
                    name="programme_year",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="locus.programmeyear",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalcadre",
                    name="province",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="locus.province",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalcadre",
                    name="recruited_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cadre.cadre",
                        verbose_name="direkrut oleh (kader lanjutan)",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalcadre",
                    name="regency",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="locus.regency",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalcadre",
                    name="replaces",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cadre.cadre",
                        verbose_name="menggantikan",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalcadre",
                    name="status",
                    field=models.CharField(
                        choices=[
                            ("terdaftar", "Terdaftar"),
                            ("terverifikasi", "Terverifikasi"),
                            ("wawancara", "Wawancara"),
                            ("ditetapkan", "Ditetapkan"),
                            ("aktif", "Aktif"),
                            ("tidak_memenuhi_syarat", "Tidak memenuhi syarat"),
                            ("mengundurkan_diri", "Mengundurkan diri"),
                            ("diganti", "Diganti"),
                        ],
                        default="terdaftar",
                        max_length=25,
                        verbose_name="status",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql=[f'DROP INDEX IF EXISTS "{name}"' for name in DROPPED],
                    reverse_sql=RECREATED,
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="cadre",
            index=models.Index(fields=["nik"], name="cadre_nik"),
        ),
        migrations.AddIndex(
            model_name="cadre",
            index=models.Index(fields=["regency"], name="cadre_regency"),
        ),
        migrations.AddIndex(
            model_name="cadre",
            index=models.Index(fields=["province"], name="cadre_province"),
        ),
        migrations.AddIndex(
            model_name="cadre",
            index=models.Index(fields=["domicile_village"], name="cadre_domicile_village"),
        ),
    ]
