"""``Cadre.segment_mask`` is kept by the database whatever writes a cadre's segments: the web service, the
spreadsheet import (COPY on PostgreSQL), plain ORM calls on the m2m, a raw bulk insert; and a cadre saved from
a stale instance never writes an old mask back. Runs on the database of the run (PostgreSQL in CI, SQLite
for ``make run``): each has its own triggers."""

from __future__ import annotations

import pytest
from django.db import connection

from cadre.models import Cadre
from cadre.services import cadre_register
from locus.models import Segment
from tests.cadre.factories import cadre_data
from tests.cadre.test_import import FIRST_TIME_BIRTH, row, run
from tests.locus.factories import LocusFactory

pytestmark = pytest.mark.django_db


def mask(*codes: str) -> int:
    return Segment.mask_of(Segment.objects.filter(code__in=codes))


def stored(cadre: Cadre) -> int:
    return Cadre.objects.values_list("segment_mask", flat=True).get(pk=cadre.pk)


def from_rows(cadre: Cadre) -> int:
    return Segment.mask_of(cadre.segments.all())


def test_every_segment_has_its_own_bit():
    bits = list(Segment.objects.values_list("bit", flat=True))
    assert len(bits) == len(set(bits)) and all(0 <= bit <= 62 for bit in bits)
    assert Segment.objects.create(code="nelayan", name="Nelayan", order=99).bit == max(bits) + 1


def test_the_service_and_m2m_calls_keep_the_mask(world):
    locus = LocusFactory(village=world.gunung_kasih)
    cadre, _warnings = cadre_register(
        actor=world.users["tanggamus_staff"],
        locus=locus,
        data=cadre_data(segments=("perempuan", "pemilih-muda")),
    )
    assert stored(cadre) == mask("perempuan", "pemilih-muda") == from_rows(cadre)
    cadre.segments.add("tokoh-agama")
    assert stored(cadre) == mask("perempuan", "pemilih-muda", "tokoh-agama")
    cadre.segments.remove("perempuan")
    assert stored(cadre) == mask("pemilih-muda", "tokoh-agama")
    cadre.segments.set(["pemilih-pemula"])
    assert stored(cadre) == mask("pemilih-pemula")
    cadre.segments.clear()
    assert stored(cadre) == 0


def test_a_stale_instance_saved_does_not_write_its_old_mask_back(world):
    locus = LocusFactory(village=world.gunung_kasih)
    cadre, _warnings = cadre_register(
        actor=world.users["tanggamus_staff"], locus=locus, data=cadre_data(segments=("perempuan",))
    )
    stale = Cadre.objects.get(pk=cadre.pk)
    cadre.segments.set(["tokoh-agama", "tokoh-adat"])
    stale.address = "Dusun Baru"
    stale.save()
    assert stored(cadre) == mask("tokoh-agama", "tokoh-adat")


def test_rows_written_in_bulk_or_raw_keep_the_mask(world):
    locus = LocusFactory(village=world.gunung_kasih)
    cadre, _warnings = cadre_register(
        actor=world.users["tanggamus_staff"], locus=locus, data=cadre_data(segments=())
    )
    through = Cadre.segments.through
    through.objects.bulk_create(
        [through(cadre=cadre, segment_id="perempuan"), through(cadre=cadre, segment_id="tokoh-adat")]
    )
    assert stored(cadre) == mask("perempuan", "tokoh-adat")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {through._meta.db_table} SET segment_id = %s WHERE cadre_id = %s AND segment_id = %s",
            ["karang-taruna", cadre.pk, "tokoh-adat"],
        )
    assert stored(cadre) == mask("perempuan", "karang-taruna")
    through.objects.filter(cadre=cadre).delete()
    assert stored(cadre) == 0


def test_a_cadre_written_with_a_wrong_mask_is_corrected_by_its_segment_rows(world):
    """The import writes new cadres with the mask of their segments, so that writing the segment rows changes
    no cadre row; the database still compares, and a mask that does not match the rows is corrected."""
    locus = LocusFactory(village=world.gunung_kasih)
    cadre, _warnings = cadre_register(
        actor=world.users["tanggamus_staff"], locus=locus, data=cadre_data(segments=())
    )
    Cadre.objects.filter(pk=cadre.pk).update(segment_mask=mask("tokoh-agama"))  # the row trigger recomputes
    assert stored(cadre) == 0
    with connection.cursor() as cursor:  # a stale mask written past the row trigger: a raw insert
        cursor.execute("CREATE TEMPORARY TABLE stale AS SELECT * FROM cadre_cadre WHERE id = %s", [cadre.pk])
        cursor.execute("DELETE FROM cadre_cadre WHERE id = %s", [cadre.pk])
        cursor.execute("UPDATE stale SET segment_mask = %s", [mask("tokoh-agama")])
        cursor.execute("INSERT INTO cadre_cadre SELECT * FROM stale")
        cursor.execute("DROP TABLE stale")
    assert stored(cadre) == mask("tokoh-agama")
    through = Cadre.segments.through
    through.objects.bulk_create([through(cadre=cadre, segment_id="perempuan")])
    assert stored(cadre) == mask("perempuan")
    through.objects.bulk_create([through(cadre=cadre, segment_id="tokoh-agama")])
    assert stored(cadre) == mask("perempuan", "tokoh-agama")


def test_the_import_keeps_the_mask_of_new_and_updated_cadres(world):
    LocusFactory(village=world.gunung_kasih)
    rows = [
        row(serial=11),
        row(
            serial=12, sex="L", birth=FIRST_TIME_BIRTH, **{"Nama Lengkap": "Budi", "Unsur": "Pemilih Pemula"}
        ),
    ]
    assert run(world, rows).new == 2
    for cadre in Cadre.objects.all():
        assert stored(cadre) == from_rows(cadre) != 0
    rows[1]["Unsur"] = "Tokoh Agama, Pemilih Muda"
    assert run(world, rows).updated == 1
    budi = Cadre.objects.get(full_name="Budi")
    assert stored(budi) == mask("tokoh-agama", "pemilih-muda")
