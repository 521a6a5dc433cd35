"""Region names lose their B-tree index and its ``varchar_pattern_ops`` twin.

Names are searched by the trigram index on ``UPPER(name)`` (migration 0002), which serves ``icontains``
and ``iexact`` alike; no query filters names case-sensitively. The B-tree only cost the import of an empty
tree 0.2 s of rebuilding, and for a common term ("sari", 2,383 villages) it led the planner to walk every
name in order instead of sorting the trigram matches (5.3 ms against 3.8 ms).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("locus", "0010_region_imports"),
    ]

    operations = [
        migrations.AlterField(
            model_name="district",
            name="name",
            field=models.CharField(max_length=100, verbose_name="nama"),
        ),
        migrations.AlterField(
            model_name="province",
            name="name",
            field=models.CharField(max_length=100, verbose_name="nama"),
        ),
        migrations.AlterField(
            model_name="regency",
            name="name",
            field=models.CharField(max_length=100, verbose_name="nama"),
        ),
        migrations.AlterField(
            model_name="village",
            name="name",
            field=models.CharField(max_length=100, verbose_name="nama"),
        ),
    ]
