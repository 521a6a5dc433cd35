"""The roster import builds each new row's ``Cadre`` without ``Model.__init__`` (``CadreResource.new_cadre``):
the instance must be the one ``Cadre()`` gives, and stays so only while no ``pre_init``/``post_init`` receiver
is connected for ``Cadre``."""

import pytest
from django.db.models.signals import post_init, pre_init

from cadre.models import Cadre
from cadre.resources import CadreResource
from locus.models import ProgrammeYear

pytestmark = pytest.mark.django_db


def attributes(instance: Cadre) -> dict:
    return {name: value for name, value in instance.__dict__.items() if name != "_state"}


def test_a_new_row_cadre_is_the_one_cadre_builds(world):
    resource = CadreResource(
        actor=world.users["tanggamus_staff"], programme_year=ProgrammeYear.objects.get(pk=2021)
    )
    built, plain = resource.new_cadre(), Cadre()
    assert attributes(built) == attributes(plain)
    assert (built._state.adding, built._state.db) == (plain._state.adding, plain._state.db) == (True, None)
    other = resource.new_cadre()
    assert other.verification is not built.verification  # a mutable default is made anew
    assert not pre_init.has_listeners(Cadre) and not post_init.has_listeners(Cadre)
