"""The demo advocacy of the seed articles: KPU Provinsi Sulawesi Tengah's FGD and budget proposal, KPU Kota
Palembang's approved proposal to the city and audience with its DPRD; through the services, idempotent, the
illustrative amounts said to be so."""

from __future__ import annotations

import datetime as dt

from accounts.models import User
from activities.choices import AdvocacyStatus
from activities.models import AdvocacyEngagement
from activities.selectors.advocacy import budget_of
from dp3.demo.advocacy import seed_advocacy
from dp3.demo.offices import DEMO_PASSWORD, seed_offices_and_users


def test_seed_advocacy_records_the_articles_engagements_once(demo_regions, client):
    seed_offices_and_users()
    assert seed_advocacy() == seed_advocacy() == 4
    sulteng = AdvocacyEngagement.objects.filter(office__name="KPU Provinsi Sulawesi Tengah").order_by(
        "held_on"
    )
    assert [(e.kind, e.status, e.province_id, e.regency_id) for e in sulteng] == [
        ("fgd", AdvocacyStatus.SUBMITTED, "72", None),
        ("proposal", AdvocacyStatus.SUBMITTED, "72", None),
    ]
    assert all("ilustratif" in e.note for e in sulteng)
    palembang = {e.party_kind: e for e in AdvocacyEngagement.objects.filter(regency_id="16.71")}
    city, council = palembang["pemda"], palembang["dprd"]
    assert (city.status, city.budget_committed, city.decided_on) == (
        AdvocacyStatus.APPROVED,
        400_000_000,
        dt.date(2021, 9, 6),
    )
    assert "400 kader" in city.title and "ilustratif" in city.decision_note
    assert (council.party_name, council.status, council.budget_mobilised) == (
        "DPRD Kota Palembang",
        AdvocacyStatus.APPROVED,
        0,
    )
    user = User.objects.get(username="prov-sulteng")
    assert user.office.name == "KPU Provinsi Sulawesi Tengah" and user.check_password(DEMO_PASSWORD)
    national = User.objects.get(username="nasional")
    assert budget_of(AdvocacyEngagement.objects.restrict(national)).mobilised == 400_000_000
    client.force_login(user)
    body = client.get("/kegiatan/advokasi/").content.decode()
    assert "Proposal anggaran program DP3 kepada Pemerintah Provinsi Sulawesi Tengah" in body
    assert "Rp 350.000.000" in body and "Palembang" not in body
