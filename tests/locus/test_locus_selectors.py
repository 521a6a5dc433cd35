from decimal import Decimal

from locus.choices import LocusCategory
from locus.models import Election, ElectionIndicator, ProgrammeYear
from locus.selectors.loci import default_election


def test_default_election_is_the_last_one_with_the_categorys_figures_in_the_jurisdiction(world):
    year = ProgrammeYear.objects.get(year=2021)
    pemilu, pilkada = Election.objects.get(code="pemilu-2019"), Election.objects.get(code="pilkada-2020")
    assert default_election(year) == pilkada  # the last one held before 2021
    ElectionIndicator.objects.create(
        region_code="18.06.11.2016", election=pemilu, turnout_percent=Decimal("61")
    )
    ElectionIndicator.objects.create(region_code="18.06", election=pilkada, ikp_score=Decimal("58.5"))
    ElectionIndicator.objects.create(region_code="53.06", election=pilkada, turnout_percent=Decimal("70"))
    lampung = world.users["lampung_viewer"]
    # Pilkada 2020 has only IKP scores in Lampung: turnout comes from Pemilu 2019 there, not in NTT.
    assert default_election(year, category=LocusCategory.LOW_TURNOUT, user=lampung) == pemilu
    assert default_election(year, category=LocusCategory.HIGH_VIOLATION, user=lampung) == pilkada
    assert (
        default_election(year, category=LocusCategory.LOW_TURNOUT, user=world.users["ntt_admin"]) == pilkada
    )
    assert default_election(year, category=LocusCategory.CONFLICT_DISASTER, user=lampung) == pilkada


def test_a_villages_turnout_comes_from_its_results_where_they_are_loaded(world):
    """One turnout per village: the ranking reads the results' derived turnout before any indicator."""
    from locus.models import Village, VillageResult
    from locus.selectors.loci import candidate_ranking

    year = ProgrammeYear.objects.get(year=2021)
    pemilu = Election.objects.get(code="pemilu-2019")
    with_results, with_indicator = Village.objects.filter(district__regency_id="18.06").order_by("code")[:2]
    ElectionIndicator.objects.create(
        region_code=with_results.code, election=pemilu, turnout_percent=Decimal("90")
    )
    ElectionIndicator.objects.create(
        region_code=with_indicator.code, election=pemilu, turnout_percent=Decimal("65")
    )
    VillageResult.objects.create(
        election=pemilu,
        village=with_results,
        polling_stations=3,
        registered=900,
        additional=12,
        voters=575,
        valid_votes=560,
        invalid_votes=15,
    )
    lampung = world.users["lampung_viewer"]
    assert default_election(year, category=LocusCategory.LOW_TURNOUT, user=lampung) == pemilu
    ranked = candidate_ranking(
        user=lampung, programme_year=year, category=LocusCategory.LOW_TURNOUT, election=pemilu
    )
    turnout = {v.code: v.turnout for v in ranked.filter(code__in=[with_results.code, with_indicator.code])}
    assert turnout == {with_results.code: Decimal("63.05"), with_indicator.code: Decimal("65.00")}
    assert [v.code for v in ranked[:2]] == [with_results.code, with_indicator.code]
