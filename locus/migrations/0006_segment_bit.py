"""Each voter segment gets a fixed bit for ``Cadre.segment_mask``: the existing ones in their order."""

from django.core.validators import MaxValueValidator
from django.db import migrations, models


def number_segments(apps, schema_editor):
    Segment = apps.get_model("locus", "Segment")
    for bit, segment in enumerate(Segment.objects.order_by("order", "name", "code")):
        segment.bit = bit
        segment.save(update_fields=["bit"])


class Migration(migrations.Migration):
    dependencies = [("locus", "0005_region_successor_without_index")]

    operations = [
        migrations.AddField(
            model_name="segment",
            name="bit",
            field=models.PositiveSmallIntegerField(editable=False, null=True, verbose_name="bit"),
        ),
        migrations.RunPython(number_segments, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="segment",
            name="bit",
            field=models.PositiveSmallIntegerField(
                editable=False, unique=True, validators=[MaxValueValidator(62)], verbose_name="bit"
            ),
        ),
    ]
