"""The reads of election results (``locus.selectors.results``): the village rows other code compares
(an impact estimate reads two elections' turnout), the sums per region and per election, all through the one
access policy, and one turnout everywhere: the summary, the region table, the region pages and the village
rows agree with ``locus.rules.turnout_percent`` of the sums (never an average of percentages)."""

from __future__ import annotations

import pytest

from locus import rules
from locus.models import Village
from locus.selectors import results as selectors
from tests.locus.factories import VillageResultFactory
from tests.locus.test_results_import import GUNUNG_KASIH, SUKABANJAR, WAIBALUN


def result(code: str, **figures):
    return VillageResultFactory(village=Village.objects.get(code=code), **figures)


@pytest.fixture
def results(world):
    # A small village with high turnout and a large one with low turnout: the average of their percentages
    # (85%) is not the turnout of the two (about 61%).
    result(GUNUNG_KASIH, registered=100, additional=0, voters=90, valid_votes=88, invalid_votes=2)
    result(
        SUKABANJAR,
        registered=900,
        additional=20,
        voters=520,
        valid_votes=500,
        invalid_votes=20,
        illustrative=True,
    )
    result(WAIBALUN, registered=500, additional=0, voters=400, valid_votes=390, invalid_votes=10)
    result(
        GUNUNG_KASIH,
        election_id="pemilu-2019",
        registered=100,
        additional=0,
        voters=70,
        valid_votes=70,
        invalid_votes=0,
    )
    return world


def test_village_rows_carry_codes_kind_electorate_voters_and_the_flag(results):
    rows = selectors.village_results(user=results.users["lampung_viewer"], election="pemilu-2024")
    assert [(r.village_code, r.regency_code, r.province_code, r.village_kind) for r in rows] == [
        (GUNUNG_KASIH, "18.06", "18", "desa"),
        (SUKABANJAR, "18.06", "18", "desa"),
    ]
    assert [(r.electorate, r.voters, r.illustrative) for r in rows] == [(100, 90, False), (920, 520, True)]
    assert rows[0].turnout_percent == 90.0
    national = selectors.village_results(
        user=results.users["national_viewer"], election="pemilu-2024", kind="kelurahan"
    )
    assert [r.village_code for r in national] == [WAIBALUN]
    assert (
        selectors.village_results(
            user=results.users["flotim_admin"], election="pemilu-2024", region_code="18"
        )
        == []
    )
    within = selectors.village_results(
        user=results.users["national_viewer"], election="pemilu-2019", region_code="18.06.11"
    )
    assert [(r.village_code, r.voters) for r in within] == [(GUNUNG_KASIH, 70)]


def test_one_turnout_on_every_surface(results, client):
    user = results.users["lampung_viewer"]
    expected = rules.turnout_percent(voters=610, registered=1000, additional=20)
    assert expected == pytest.approx(59.8, abs=0.05)
    [summary, _older] = selectors.election_summaries(user=user)
    [regency] = selectors.results_by_region(user=user, election="pemilu-2024")
    [region_page] = [
        r for r in selectors.region_results(user=user, code="18.06") if r.election.pk == "pemilu-2024"
    ]
    rows = selectors.village_results(user=user, election="pemilu-2024", region_code="18.06")
    summed = rules.ResultFigures(
        villages=len(rows),
        registered=sum(r.registered for r in rows),
        additional=sum(r.additional for r in rows),
        voters=sum(r.voters for r in rows),
    )
    for figures in (summary.figures, regency.figures, region_page.figures, summed):
        assert figures.turnout_percent == pytest.approx(expected)
        assert (figures.villages, figures.electorate, figures.voters) == (2, 1020, 610)
    assert summary.figures.illustrative_villages == 1 and summary.figures.is_illustrative
    client.force_login(user)
    for url in ("/lokus/hasil-pemilu/", "/wilayah/kabupaten/18.06/"):
        assert "59,8%" in client.get(url).content.decode(), url


def test_sums_by_province_and_district_within_a_region(results):
    user = results.users["national_viewer"]
    provinces = selectors.results_by_region(user=user, election="pemilu-2024", level=selectors.PROVINCE)
    assert [(p.code, p.name, p.figures.villages) for p in provinces] == [
        ("18", "Lampung", 2),
        ("53", "Nusa Tenggara Timur", 1),
    ]
    districts = selectors.results_by_region(
        user=user, election="pemilu-2024", level=selectors.DISTRICT, within="18.06"
    )
    assert [(d.code, d.figures.voters) for d in districts] == [("18.06.11", 90), ("18.06.21", 520)]


def test_a_region_is_summed_only_for_whoever_holds_all_of_it(results):
    assert selectors.region_results(user=results.users["tanggamus_staff"], code="18") == []
    assert [
        r.election.pk for r in selectors.region_results(user=results.users["tanggamus_staff"], code="18.06")
    ] == [
        "pemilu-2024",
        "pemilu-2019",
    ]
    assert selectors.region_results(user=results.users["flotim_admin"], code=GUNUNG_KASIH) == []
