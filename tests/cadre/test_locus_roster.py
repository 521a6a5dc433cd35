"""``LocusRoster`` is kept by the database whatever writes the cadres: the services, plain ORM updates and
bulk inserts, the spreadsheet import (COPY on PostgreSQL), raw SQL, segment changes; follow-on cadres and
cadres off the roster do not count; two transactions changing one roster at once both count (PostgreSQL).
Runs on the database of the run: each backend has its own triggers."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection, transaction

from cadre.choices import CadreStatus
from cadre.models import Cadre, LocusRoster
from cadre.services import cadre_register
from locus.models import Segment
from tests.cadre.factories import cadre_data
from tests.cadre.test_import import row, run
from tests.factories import village
from tests.locus.factories import LocusFactory

pytestmark = pytest.mark.django_db

ON_ROSTER = CadreStatus.APPOINTED


def figures(locus) -> tuple[int, int, int]:
    found = LocusRoster.objects.filter(locus=locus).values_list("filled", "women", "segment_mask").first()
    return found or (0, 0, 0)


def mask(*codes: str) -> int:
    return Segment.mask_of(Segment.objects.filter(code__in=codes))


def register(world, locus, serial, *, sex="P", segments=None, **extra) -> Cadre:
    cadre, _warnings = cadre_register(
        actor=world.users["tanggamus_staff"],
        locus=locus,
        data=cadre_data(sex=sex, segments=segments, serial=serial),
        **extra,
    )
    return cadre


def test_the_roster_counts_appointed_core_cadres_their_women_and_segments(world):
    locus = LocusFactory(village=world.gunung_kasih)
    siti = register(world, locus, 1, segments=("perempuan", "pemilih-muda"))
    budi = register(world, locus, 2, sex="L", segments=("tokoh-agama",))
    assert figures(locus) == (0, 0, 0)  # registered: not on the roster yet
    Cadre.objects.filter(pk__in=[siti.pk, budi.pk]).update(status=ON_ROSTER)
    assert figures(locus) == (2, 1, mask("perempuan", "pemilih-muda", "tokoh-agama"))
    follow_on = register(world, locus, 3, segments=("karang-taruna",), recruited_by=siti)
    Cadre.objects.filter(pk=follow_on.pk).update(status=ON_ROSTER)
    assert figures(locus)[0] == 2  # a follow-on cadre is counted apart
    budi.status = CadreStatus.ACTIVE
    budi.save()
    assert figures(locus)[0] == 2
    budi.status = CadreStatus.RESIGNED
    budi.save()
    assert figures(locus) == (1, 1, mask("perempuan", "pemilih-muda"))
    siti.segments.add("tokoh-adat")
    assert figures(locus)[2] == mask("perempuan", "pemilih-muda", "tokoh-adat")
    siti.segments.set(["pemilih-pemula"])
    assert figures(locus)[2] == mask("pemilih-pemula")
    Cadre.objects.filter(pk=siti.pk).update(sex="L")
    assert figures(locus) == (1, 0, mask("pemilih-pemula"))


def test_a_moved_or_deleted_cadre_leaves_its_old_roster(world):
    first, second = (
        LocusFactory(village=world.gunung_kasih),
        LocusFactory(village=village("18.06.11.2017", "Tanjung Heran")),
    )
    cadre = register(world, first, 1)
    Cadre.objects.filter(pk=cadre.pk).update(status=ON_ROSTER)
    Cadre.objects.filter(pk=cadre.pk).update(locus=second)
    assert (figures(first)[0], figures(second)[0]) == (0, 1)
    Cadre.objects.filter(pk=cadre.pk).delete()
    assert figures(second) == (0, 0, 0)


def test_a_stale_instance_saved_writes_nothing_old_and_raw_sql_is_counted(world):
    locus = LocusFactory(village=world.gunung_kasih)
    cadre = register(world, locus, 1)
    stale = Cadre.objects.get(pk=cadre.pk)
    Cadre.objects.filter(pk=cadre.pk).update(status=ON_ROSTER)
    stale.address = "Dusun Baru"
    stale.status = ON_ROSTER
    stale.save()
    assert figures(locus)[0] == 1
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cadre_cadre SET status = %s WHERE id = %s", [CadreStatus.RESIGNED, cadre.pk])
    assert figures(locus) == (0, 0, 0)


def test_bulk_inserts_and_the_import_are_counted(world):
    locus = LocusFactory(village=world.gunung_kasih)
    template = register(world, locus, 1)
    copies = []
    for serial in range(2, 6):
        data = cadre_data(serial=serial)
        copies.append(
            Cadre(
                locus=locus,
                programme_year_id=locus.programme_year_id,
                regency_id=locus.regency_id,
                province_id=locus.province_id,
                nik=data.nik,
                full_name=f"Kader {serial}",
                sex="P" if serial % 2 else "L",
                birth_place="Tanggamus",
                birth_date=template.birth_date,
                address="Pekon Gunung Kasih",
                domicile_village_id=template.domicile_village_id,
                status=ON_ROSTER,
                recruited_on=template.recruited_on,
            )
        )
    Cadre.objects.bulk_create(copies)
    assert figures(locus)[:2] == (4, 2)
    other = LocusFactory(village=village("18.06.11.2017", "Tanjung Heran"))
    assert run(world, [row(serial=21), row(serial=22, sex="L")], locus_code=other.village_id).new == 2
    assert figures(other) == (0, 0, 0)  # imported as registered candidates
    Cadre.objects.filter(locus=other).update(status=ON_ROSTER)
    assert figures(other)[:2] == (2, 1)


def test_the_dashboards_figures_match_the_cadres(world):
    """The stored figures are what counting the cadres gives, for every locus the tests made."""
    locus = LocusFactory(village=world.gunung_kasih)
    for serial in range(1, 8):
        cadre = register(world, locus, serial, sex="P" if serial % 3 else "L")
        if serial % 2:
            Cadre.objects.filter(pk=cadre.pk).update(status=ON_ROSTER)
    roster = Cadre.objects.filter(locus=locus).on_roster()
    assert figures(locus)[:2] == (roster.count(), roster.filter(sex="P").count())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_transactions_changing_one_roster_at_once_both_count(world):
    """The second writer's count waits for the first's commit and then sees it: a count with a snapshot
    taken before the first committed would miss its cadre and leave 1."""
    locus = LocusFactory(village=world.gunung_kasih)
    first, second = register(world, locus, 1), register(world, locus, 2)
    first_written, errors = threading.Event(), []

    def appoint(cadre, *, hold: bool):
        try:
            with transaction.atomic():
                Cadre.objects.filter(pk=cadre.pk).update(status=ON_ROSTER)
                if hold:
                    first_written.set()
                    threading.Event().wait(0.8)  # commit late: the other writer runs meanwhile
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    one = threading.Thread(target=appoint, args=(first,), kwargs={"hold": True})
    one.start()
    assert first_written.wait(10)
    two = threading.Thread(target=appoint, args=(second,), kwargs={"hold": False})
    two.start()
    one.join(), two.join()
    assert not errors
    assert figures(locus)[0] == 2
