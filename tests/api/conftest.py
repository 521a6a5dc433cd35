"""The API's test data: beside the access table's world (Tanggamus in Lampung, Flores Timur in NTT), a
second Lampung regency, so that a regency office, a province office and KPU RI each see something else."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pytest

from cadre.models import Cadre
from cadre.services import cadre_register
from locus.choices import LocusCategory, LocusStatus
from locus.models import Locus, LocusEvent
from tests.cadre.factories import cadre_data
from tests.factories import district, regency, village
from tests.locus.factories import LocusFactory


@dataclass
class ApiData:
    world: object
    tanggamus_locus: Locus  # Gunung Kasih, Tanggamus, Lampung
    lampung_locus: Locus  # Lampung Barat, Lampung
    flotim_locus: Locus  # Waibalun, Flores Timur, NTT
    tanggamus_cadre: Cadre
    lampung_cadre: Cadre
    flotim_cadre: Cadre

    def user(self, actor: str):
        return self.world.users[actor]


def _cadre(world, locus: Locus, actor: str) -> Cadre:
    cadre, _warnings = cadre_register(
        actor=world.users[actor], locus=locus, data=cadre_data(locus.village_id, email="kader@example.id")
    )
    return cadre


@pytest.fixture
def api_data(world) -> ApiData:
    regency("18.04", "Kabupaten Lampung Barat")
    district("18.04.05", "Balik Bukit")
    west = village("18.04.05.2001", "Way Mengaku")
    tanggamus_locus = LocusFactory(village=world.gunung_kasih)
    lampung_locus = LocusFactory(village=west, category=LocusCategory.CONFLICT_DISASTER)
    flotim_locus = LocusFactory(village=world.flotim_village)
    for locus in (tanggamus_locus, lampung_locus, flotim_locus):
        LocusEvent.objects.create(
            locus=locus,
            from_status=LocusStatus.PROPOSED,
            to_status=LocusStatus.DESIGNATED,
            actor=world.users["lampung_commissioner"],
            note="Ditetapkan dengan SK",
        )
    return ApiData(
        world=world,
        tanggamus_locus=tanggamus_locus,
        lampung_locus=lampung_locus,
        flotim_locus=flotim_locus,
        tanggamus_cadre=_cadre(world, tanggamus_locus, "tanggamus_staff"),
        lampung_cadre=_cadre(world, lampung_locus, "lampung_staff"),
        flotim_cadre=_cadre(world, flotim_locus, "flotim_admin"),
    )


@pytest.fixture
def api_get(client):
    """GET an API URL as an actor of the world: the parsed JSON answer is ``response.json()``."""

    def get(user, url: str, params: dict | None = None, **headers):
        client.force_login(user)
        return client.get(url, params or {}, **headers)

    return get


@pytest.fixture
def api_post(client):
    """POST a JSON body to an API URL as an actor of the world (the test client leaves CSRF unchecked:
    ``test_writes_csrf`` checks it)."""

    def post(user, url: str, body=None, **headers):
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        return client.post(
            url, json.dumps({} if body is None else body), content_type="application/json", **headers
        )

    return post


LONG_AGO = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
