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
