"""The roster summary (fill, women's share, segments, age groups, waiting, follow-on), the per-locus overview
and the change history with the NIK masked."""

import datetime as dt

import pytest

from cadre.checks import mask_nik
from cadre.models import Cadre
from cadre.selectors import cadre_history, locus_overview, roster_summary, status_timeline
from cadre.services import cadre_appoint, cadre_interview, cadre_register, cadre_update, cadre_verify
from tests.cadre.factories import cadre_data
from tests.cadre.test_services import ALL_CHECKED
from tests.locus.factories import LocusFactory

TODAY = dt.date(2025, 6, 1)


@pytest.fixture
def locus(world):
    return LocusFactory(village=world.gunung_kasih)


def appointed(world, locus, **kwargs):
    staff, commissioner = world.users["tanggamus_staff"], world.users["tanggamus_commissioner"]
    cadre, _w = cadre_register(actor=staff, locus=locus, data=cadre_data(locus.village_id, **kwargs))
    cadre = cadre_verify(actor=staff, cadre=cadre, checklist=ALL_CHECKED)
    cadre = cadre_interview(actor=staff, cadre=cadre, notes="Baik", interviewed_on=dt.date(2021, 7, 1))
    return cadre_appoint(
        actor=commissioner, cadre=cadre, decree_number="1/2021", decree_date=dt.date(2021, 8, 1)
    )


def test_summary_counts_the_roster_women_segments_ages_and_waiting(world, locus, django_assert_num_queries):
    staff = world.users["tanggamus_staff"]
    # two women and one man appointed; ages on 31 Dec 2021 (the 2021 roster viewed on TODAY): 17, 26, 51
    first = appointed(
        world, locus, sex="P", birth_date=dt.date(2004, 1, 1), segments=["perempuan", "pemilih-pemula"]
    )
    appointed(world, locus, sex="P", birth_date=dt.date(1995, 8, 15), segments=["perempuan"])
    appointed(world, locus, sex="L", birth_date=dt.date(1970, 1, 2), segments=["tokoh-agama"])
    # waiting: one registered, one verified; one follow-on (registered, not counted as waiting core? it is)
    cadre_register(
        actor=staff, locus=locus, data=cadre_data(locus.village_id, sex="L", birth_date=dt.date(1990, 1, 1))
    )
    second, _w = cadre_register(
        actor=staff, locus=locus, data=cadre_data(locus.village_id, birth_date=dt.date(1991, 1, 1))
    )
    cadre_verify(actor=staff, cadre=second, checklist=ALL_CHECKED)
    cadre_register(
        actor=staff,
        locus=locus,
        data=cadre_data(locus.village_id, birth_date=dt.date(1992, 1, 1)),
        recruited_by=first,
    )
    locus.refresh_from_db()
    locus.programme_year  # noqa: B018 (loaded before counting)
    with django_assert_num_queries(2):
        summary = roster_summary(locus, today=TODAY)
    assert (summary.filled, summary.size, summary.fill_percent) == (3, 25, 12)
    # 2 of 3: 66.7%, shown rounded down as on every page (was rounded to 67 here only).
    assert (summary.women, summary.women_percent, summary.women_ok) == (2, 66, True)
    assert [g.count for g in summary.age_groups] == [1, 1, 0, 0, 1]
    assert (summary.waiting_verification, summary.waiting_interview, summary.waiting_appointment) == (2, 1, 0)
    assert summary.follow_on == 1
    required = {s.code for s in locus.programme_year.required_segments.all()}
    assert {s.code for s in summary.covered} == required & {"perempuan", "pemilih-pemula", "tokoh-agama"}
    assert {s.code for s in summary.missing} == required - {"perempuan", "pemilih-pemula", "tokoh-agama"}


def test_women_share_below_the_minimum_is_not_ok(world, locus):
    appointed(world, locus, sex="L", birth_date=dt.date(1980, 2, 2))
    summary = roster_summary(locus, today=TODAY)
    assert (summary.women_percent, summary.women_ok) == (0, False)


def test_an_empty_roster_has_no_share(world, locus):
    summary = roster_summary(locus, today=TODAY)
    assert (summary.filled, summary.women_percent, summary.women_ok) == (0, None, False)


def test_overview_gives_a_row_per_locus_of_the_jurisdiction(world, locus):
    appointed(world, locus, sex="P")
    out = LocusFactory(village=world.flotim_village)
    rows = locus_overview(user=world.users["lampung_viewer"], year=2021)
    assert [row.locus for row in rows] == [locus]
    assert (rows[0].filled, rows[0].women_percent) == (1, 100)
    assert "perempuan" not in {s.code for s in rows[0].missing}
    assert [r.locus for r in locus_overview(user=world.users["ntt_admin"], year=2021)] == [out]


def test_history_masks_the_nik_and_names_the_changed_fields(world, locus):
    staff = world.users["tanggamus_staff"]
    cadre, _w = cadre_register(actor=staff, locus=locus, data=cadre_data(locus.village_id, serial=11))
    old_nik = cadre.nik
    data = cadre_data(
        locus.village_id, serial=12, full_name="Siti Rahma", segments=["perempuan", "kader-pkk"]
    )
    cadre_update(actor=staff, cadre=cadre, data=data)
    cadre = Cadre.objects.get(pk=cadre.pk)
    entries = cadre_history(cadre)
    assert entries[-1].is_creation
    changes = {c.label: (c.old, c.new) for entry in reversed(entries) for c in entry.changes}
    assert changes["NIK"] == (mask_nik(old_nik), mask_nik(cadre.nik))
    assert changes["Nama lengkap"] == ("Siti Rahmawati", "Siti Rahma")
    assert "Kader PKK" in changes["Unsur pemilih"][1]
    text = repr(entries)
    assert old_nik not in text and cadre.nik not in text
    assert [step.status for step in status_timeline(cadre)] == ["terdaftar"]
