"""The roster import's writes in batches behind the rows' checks (``cadre/import_writes.py``): many batches
store the same rows as one, on PostgreSQL's COPY path and on the ORM's (SQLite's); a conflict met by the
writer refuses the file and keeps nothing; more new cadres than the ids drawn ahead still get theirs."""

from __future__ import annotations

import pytest
from django.db import connection

from cadre import import_writes
from cadre.choices import CadreStatus
from cadre.models import Cadre
from cadre.resources import LOCUS_COLUMN, CadreResource
from cadre.services import cadre_register
from locus.models import Village
from tests.cadre.factories import cadre_data
from tests.cadre.test_import import FIRST_TIME_BIRTH, GUNUNG_KASIH, SUKABANJAR, messages, row, run
from tests.locus.factories import LocusFactory


@pytest.fixture
def loci(world):
    return (
        LocusFactory(village=world.gunung_kasih),
        LocusFactory(village=Village.objects.get(code=SUKABANJAR)),
    )


@pytest.fixture
def small_batches(monkeypatch):
    """Three rows a batch: a small file crosses several batches, as a province's roster crosses five."""
    monkeypatch.setattr(import_writes, "BATCH_SIZE", 3)


def _rows(count: int, *, start: int = 1) -> list[dict]:
    """Rows for both loci; NIKs end in 1 (a CSV's NIK ending in 0 is refused); every cadre a first-time
    voter by age, so that either segment fits."""
    rows = []
    for n in range(start, start + count):
        village = GUNUNG_KASIH if n % 2 else SUKABANJAR
        unsur = "Perempuan, Pemilih Muda" if n % 3 else "Pemilih Pemula"
        rows.append(
            row(
                village=village,
                serial=n * 10 + 1,
                sex="P" if n % 3 else "L",
                birth=FIRST_TIME_BIRTH,
                **{LOCUS_COLUMN: village, "Unsur": unsur},
            )
        )
    return rows


def _stored() -> list[tuple]:
    """Every cadre with its segments, its history rows and the segments each history row records."""
    stored = []
    for cadre in Cadre.objects.order_by("nik").prefetch_related("segments"):
        history = [
            (
                record.history_type,
                record.status,
                record.address,
                sorted(m.segment_id for m in record.segments.all()),
            )
            for record in cadre.history.order_by("history_id")
        ]
        segments = sorted(s.code for s in cadre.segments.all())
        stored.append(
            (
                cadre.nik,
                cadre.locus.village_id,
                cadre.status,
                cadre.address,
                segments,
                cadre.segment_mask,
                history,
            )
        )
    return stored


def _vendors():
    yield connection.vendor
    if connection.vendor == "postgresql":
        yield "sqlite"  # the ORM's path, on the same database


@pytest.mark.parametrize("vendor", list(_vendors()))
def test_many_batches_store_what_one_batch_stores(world, loci, small_batches, vendor, monkeypatch):
    rows = _rows(11)
    assert run(world, rows, locus_code=None).new == 11
    one_batch = _stored()
    Cadre.segments.through.objects.all().delete()
    Cadre.history.model.objects.all().delete()
    Cadre.objects.all().delete()

    monkeypatch.setattr(connection, "vendor", vendor)
    outcome = run(world, rows, locus_code=None)
    assert outcome.ok and outcome.new == 11, messages(outcome)
    monkeypatch.setattr(connection, "vendor", "postgresql" if vendor == "sqlite" else vendor)
    assert _stored() == one_batch
    assert len(set(Cadre.objects.values_list("pk", flat=True))) == 11
    for cadre in Cadre.objects.all():
        expected = sum(1 << s.bit for s in cadre.segments.all())
        assert cadre.segment_mask == expected

    # A second file: seven rows changed (in three batches), two new, the rest unchanged.
    changed = _rows(11)
    for index in range(7):
        changed[index]["Alamat"] = f"Dusun Baru {index}"
    changed[0]["Unsur"] = "Pemilih Pemula"
    changed += _rows(2, start=40)
    outcome = run(world, changed, locus_code=None)
    assert (outcome.new, outcome.updated, outcome.unchanged) == (2, 7, 4), messages(outcome)
    first = Cadre.objects.get(nik=changed[0]["NIK"])
    assert first.address == "Dusun Baru 0"
    assert [s.code for s in first.segments.all()] == ["pemilih-pemula"]
    latest = first.history.order_by("-history_id").first()
    assert (latest.history_type, [m.segment_id for m in latest.segments.all()]) == ("~", ["pemilih-pemula"])


def test_a_conflict_met_by_the_writer_refuses_the_file_and_keeps_nothing(
    world, loci, small_batches, monkeypatch
):
    """The same NIK registered live elsewhere after the checks read the year's cadres (a colleague at the
    same moment): the database refuses the batch that holds it, and the whole file is refused."""
    rows = _rows(8)
    before_import = CadreResource.before_import

    def meanwhile(self, dataset, **kwargs):
        before_import(self, dataset, **kwargs)
        # Row 7's person, registered in the other locus once the import has read the year's cadres.
        taken = next(r for r in rows[6:] if r[LOCUS_COLUMN] == GUNUNG_KASIH)
        Cadre.objects.create(
            locus=loci[1],
            nik=taken["NIK"],
            full_name="Pendaftar Lain",
            sex=taken["Jenis Kelamin"],
            birth_place="Tanggamus",
            birth_date="1995-08-15",
            address="-",
            domicile_village_id=SUKABANJAR,
            recruited_on="2021-07-01",
        )

    monkeypatch.setattr(CadreResource, "before_import", meanwhile)
    outcome = run(world, rows, locus_code=None)
    assert not outcome.saved
    assert any("data kader berubah selama impor" in message for message in messages(outcome))
    assert not Cadre.objects.exists()
    assert not Cadre.history.model.objects.exists()
    assert not Cadre.segments.through.objects.exists()


def test_more_new_cadres_than_the_ids_drawn_ahead_get_theirs(world, loci, small_batches):
    """A NIK on record in one locus of the file (a replaced cadre) is new in another: the estimate made
    before the rows does not count it, and the writes draw the ids it lacks."""
    gunung_kasih, _sukabanjar = loci
    replaced, *_rest = cadre_register(
        actor=world.users["tanggamus_staff"], locus=gunung_kasih, data=cadre_data(SUKABANJAR, serial=31)
    )
    Cadre.objects.filter(pk=replaced.pk).update(status=CadreStatus.REPLACED)
    rows = _rows(5, start=50)
    again = row(village=SUKABANJAR, serial=31, **{LOCUS_COLUMN: SUKABANJAR})
    assert again["NIK"] == replaced.nik
    outcome = run(world, [*rows, again], locus_code=None)
    assert outcome.ok and outcome.new == 6, messages(outcome)
    moved = Cadre.objects.get(nik=replaced.nik, locus__village_id=SUKABANJAR)
    assert moved.history.get().history_type == "+"
    assert sorted(s.code for s in moved.segments.all()) == ["pemilih-muda", "perempuan"]
