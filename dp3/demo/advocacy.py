"""The advocacy of the seed articles (shared/seeds/), recorded and decided through the services.

- KPU Provinsi Sulawesi Tengah, as its member Sahran Raden told the KPU NTT rakor of 3 November 2021: an FGD
  with stakeholders on why DP3 matters for the democratic and political development of village communities,
  then a budget proposal to the regional government following the budget cycle under way, minding the paths
  of negotiation and diplomacy while keeping KPU's independence. The article gives no dates, amounts or
  outcome: the proposal awaits its answer.
- KPU Kota Palembang, 5 November 2021: "Kita disuport Pemkot dan DPRD Palembang terkait penganggarannya" —
  the training of 400 kader demokrasi in 2021 (eight sessions) is funded by the city government with the
  support of its DPRD. Recorded as a proposal to the Pemerintah Kota, approved with the budget committed, and
  an audience with the DPRD, approved without an amount of its own (the city's budget counts once).

Where an article is silent (every date, every Rupiah amount, the names of the stakeholders) the values are
plausible and illustrative, and each record's note says so. Idempotent: an engagement with the same office
and title is left alone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from activities.choices import AdvocacyKind, AdvocacyParty, AdvocacyStatus
from activities.models import AdvocacyEngagement
from activities.services.advocacy import EngagementData, engagement_create, engagement_decide
from dp3.demo.offices import demo_user
from locus.models import ProgrammeYear

ILLUSTRATIVE = (
    "Tanggal dan jumlah rupiah ilustratif (masuk akal, tidak disebut dalam artikel sumber); bentuk kegiatan, "
    "pihak dan urutannya dari artikel."
)


@dataclass(frozen=True)
class DemoEngagement:
    username: str
    kind: str
    party_kind: str
    party_name: str
    held_on: dt.date
    title: str
    summary: str
    budget_asked: int = 0
    note: str = ILLUSTRATIVE
    status: str = AdvocacyStatus.SUBMITTED
    decided_on: dt.date | None = None
    budget_committed: int = 0
    decision_note: str = ""


ENGAGEMENTS: tuple[DemoEngagement, ...] = (
    DemoEngagement(
        "prov-sulteng",
        AdvocacyKind.FGD,
        AdvocacyParty.REGIONAL_GOVERNMENT,
        "Pemerintah Provinsi Sulawesi Tengah dan pemangku kepentingan",
        dt.date(2021, 8, 12),
        "FGD pentingnya program DP3 bagi pengembangan demokrasi dan politik masyarakat desa",
        "Focus Group Discussion dengan stakeholder untuk menjelaskan pentingnya program Desa Peduli Pemilu "
        "dan Pemilihan bagi pengembangan demokrasi dan politik masyarakat desa, sebagai langkah pertama "
        "advokasi anggaran DP3 kepada Pemerintah Daerah. Perlu kesepemahaman yang sama antara KPU dan "
        "pemerintah daerah tentang seberapa penting DP3 membangun pendidikan politik.",
        note="Tanggal dan nama pihak ilustratif; kegiatan dan isinya dari paparan Sahran Raden (Anggota KPU "
        "Provinsi Sulawesi Tengah) pada rakor DP3 KPU Provinsi NTT, 3 November 2021.",
    ),
    DemoEngagement(
        "prov-sulteng",
        AdvocacyKind.BUDGET_PROPOSAL,
        AdvocacyParty.REGIONAL_GOVERNMENT,
        "Pemerintah Provinsi Sulawesi Tengah",
        dt.date(2021, 9, 6),
        "Proposal anggaran program DP3 kepada Pemerintah Provinsi Sulawesi Tengah",
        "Pengajuan proposal setelah FGD, dengan memperhatikan siklus anggaran yang sedang berjalan. Jalur "
        "negosiasi dan diplomasi dengan pemerintah daerah ditempuh dengan tetap menjaga independensi KPU.",
        budget_asked=350_000_000,
        note=ILLUSTRATIVE,
    ),
    DemoEngagement(
        "kota-palembang",
        AdvocacyKind.BUDGET_PROPOSAL,
        AdvocacyParty.REGIONAL_GOVERNMENT,
        "Pemerintah Kota Palembang",
        dt.date(2021, 6, 8),
        "Proposal anggaran sosialisasi dan pelatihan 400 kader demokrasi 2021",
        "Proposal dukungan anggaran untuk Sosialisasi dan Pelatihan Kader Demokrasi KPU Kota Palembang: 400 "
        "kader demokrasi pada 2021 dalam 8 sesi, serta pengembangan rumah pintar pemilu; berlanjut 2022.",
        budget_asked=480_000_000,
        status=AdvocacyStatus.APPROVED,
        decided_on=dt.date(2021, 9, 6),
        budget_committed=400_000_000,
        decision_note='Didukung Pemerintah Kota Palembang ("Kita disuport Pemkot dan DPRD Palembang terkait '
        'penganggarannya", Kurniawan, 5 November 2021). Nominal dan tanggal ilustratif.',
    ),
    DemoEngagement(
        "kota-palembang",
        AdvocacyKind.AUDIENCE,
        AdvocacyParty.COUNCIL,
        "DPRD Kota Palembang",
        dt.date(2021, 6, 15),
        "Audiensi dukungan penganggaran kader demokrasi dengan DPRD Kota Palembang",
        "Audiensi dengan DPRD Kota Palembang untuk dukungan penganggaran Sosialisasi dan Pelatihan Kader "
        "Demokrasi 2021 dalam pembahasan anggaran kota.",
        status=AdvocacyStatus.APPROVED,
        decided_on=dt.date(2021, 9, 6),
        decision_note="DPRD mendukung penganggarannya; dananya dicatat sekali, pada proposal kepada "
        "Pemerintah Kota Palembang, agar tidak terhitung dua kali.",
        note="Tanggal ilustratif; dukungan DPRD Palembang disebut dalam artikel Kliksumatera, 5 November "
        "2021.",
    ),
)


@transaction.atomic
def seed_advocacy() -> int:
    """The demo's engagements, decided as the articles tell; returns how many engagements there are."""
    year = ProgrammeYear.objects.get(year=2021)
    for item in ENGAGEMENTS:
        actor = demo_user(item.username)
        if AdvocacyEngagement.objects.filter(office=actor.office, title=item.title).exists():
            continue
        record = engagement_create(
            actor=actor,
            office=actor.office,
            data=EngagementData(
                programme_year=year,
                kind=item.kind,
                party_kind=item.party_kind,
                party_name=item.party_name,
                held_on=item.held_on,
                title=item.title,
                summary=item.summary,
                budget_asked=item.budget_asked,
                note=item.note,
            ),
        )
        if item.status != AdvocacyStatus.SUBMITTED:
            engagement_decide(
                actor=actor,
                engagement=record,
                status=item.status,
                decided_on=item.decided_on,
                budget_committed=item.budget_committed,
                decision_note=item.decision_note,
            )
    return AdvocacyEngagement.objects.count()
