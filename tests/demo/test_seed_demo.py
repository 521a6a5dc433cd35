import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from accounts.models import Office, User
from accounts.system import SYSTEM_USERNAME
from dp3.demo.loci import LOCI
from dp3.demo.offices import ACCOUNTS, DEMO_PASSWORD
from locus.choices import MilestoneLight
from locus.models import ElectionIndicator, Locus, LocusEvent, Milestone
from reports.milestones import locus_milestones


def test_seed_demo_creates_the_demo_logins_and_is_idempotent(demo_regions, rf):
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    usernames = set(User.objects.exclude(username=SYSTEM_USERNAME).values_list("username", flat=True))
    assert usernames == {a.username for a in ACCOUNTS}
    assert {
        "nasional",
        "prov-lampung",
        "kab-tanggamus",
        "prov-ntt",
        "kab-flores-timur",
        "prov-jambi",
        "prov-kaltara",
        "prov-sulteng",
        "prov-sumsel",
        "kota-palembang",
    } == usernames
    # One office per account (the system account shares KPU RI); the demo meetings add the offices of the
    # regencies that took part in them (NTT's 22, Kalimantan Utara's, Jambi's).
    assert Office.objects.filter(users__isnull=False).distinct().count() == len(ACCOUNTS)
    tanggamus = User.objects.get(username="kab-tanggamus")
    assert tanggamus.office.name == "KPU Kabupaten Tanggamus"
    assert tanggamus.jurisdiction.regency_code == "18.06"
    assert User.objects.get(username="kota-palembang").office.name == "KPU Kota Palembang"
    assert User.objects.get(username="nasional").jurisdiction.is_national
    request = rf.post("/accounts/login/")
    assert authenticate(request, username="prov-ntt", password=DEMO_PASSWORD) is not None


def test_seed_demo_without_regions_says_what_to_run(db):
    with pytest.raises(CommandError, match="import_regions"):
        call_command("seed_demo", verbosity=0)


def test_seed_demo_is_refused_where_demo_data_is_not_allowed(demo_regions, settings):
    settings.SIDP3_ALLOW_DEMO = False
    with pytest.raises(CommandError, match="produksi"):
        call_command("seed_demo", verbosity=0)
    assert not User.objects.exists()


def test_seed_demo_loads_the_loci_of_the_articles(demo_regions):
    call_command("seed_demo", verbosity=0)
    indicators = ElectionIndicator.objects.count()
    call_command("seed_demo", verbosity=0)
    assert ElectionIndicator.objects.count() == indicators > 1000
    # Kota Palembang's six loci come with the trainings demo (dp3/demo/trainings.py).
    assert Locus.objects.exclude(regency_id="16.71").count() == len(LOCI) == 8
    gunung_kasih = Locus.objects.get(village_id="18.06.11.2016")
    assert gunung_kasih.status == "aktif"
    assert str(gunung_kasih.agreement_date) == "2021-06-10"
    assert "Budi Rohman" in gunung_kasih.agreement_signatories
    assert list(LocusEvent.objects.filter(locus=gunung_kasih).values_list("to_status", flat=True)) == [
        "usulan",
        "ditetapkan",
        "pks",
        "aktif",
    ]
    jambi = Locus.objects.filter(province_id="15")
    assert sorted(jambi.values_list("regency_id", "category")) == [
        ("15.01", "partisipasi_rendah"),
        ("15.71", "rawan_konflik_bencana"),
        ("15.72", "potensi_pelanggaran_tinggi"),
    ]
    assert Locus.objects.get(village_id="65.01.05.2006").village.name == "Gunung Sari"
    assert Locus.objects.filter(regency_id="53.06").count() == 2


def test_seed_demo_loads_25_cadres_per_recruiting_locus(demo_regions):
    from cadre.models import Cadre
    from cadre.selectors import roster_summary

    call_command("seed_demo", verbosity=0)
    count = Cadre.objects.count()
    call_command("seed_demo", verbosity=0)
    assert Cadre.objects.count() == count
    # a replacement and three follow-on cadres; Kota Palembang's come with the trainings demo
    assert Cadre.objects.exclude(regency_id="16.71").count() == 7 * 25 + 1 + 3
    gunung_kasih = Locus.objects.get(village_id="18.06.11.2016")
    sukabanjar = Locus.objects.get(village_id="18.06.21.2005")
    assert Cadre.objects.filter(locus=gunung_kasih).on_roster().count() == 25
    assert Cadre.objects.filter(locus=sukabanjar).on_roster().count() == 25
    assert Cadre.objects.filter(locus=gunung_kasih, status="diganti").get().replaced_by.status == "aktif"
    assert Cadre.objects.filter(locus=gunung_kasih).follow_on().count() == 3
    for cadre in Cadre.objects.filter(locus=gunung_kasih)[:5]:
        assert cadre.nik[:6] == "180611"
    assert roster_summary(gunung_kasih).missing == []
    assert [s.code for s in roster_summary(sukabanjar).missing] == ["penyandang-disabilitas"]
    assert roster_summary(gunung_kasih).women_ok and roster_summary(gunung_kasih).filled == 25


def test_seed_demo_schedules_the_2021_milestones_and_keeps_changes(demo_regions):
    call_command("seed_demo", verbosity=0)
    schedule = {m.key: (m.due_date, m.offset_days) for m in Milestone.objects.filter(programme_year_id=2021)}
    assert schedule["sk"] == (dt.date(2021, 10, 31), None)
    assert schedule["pks"] == (None, 30)
    assert schedule["pembekalan-8"] == (None, 45 + 21 * 7)
    assert len(schedule) == 6 + 8  # six milestones and the eight planned sessions
    gunung_kasih = Locus.objects.get(village_id="18.06.11.2016", programme_year_id=2021)
    lights = {m.kind: m.light for m in locus_milestones(gunung_kasih).milestones if m.session_number is None}
    assert lights["sk"] == lights["pks"] == lights["evaluasi_akhir"] == MilestoneLight.DONE
    Milestone.objects.filter(programme_year_id=2021, kind="sk").update(due_date=dt.date(2021, 9, 30))
    call_command("seed_demo", verbosity=0)
    assert Milestone.objects.get(programme_year_id=2021, kind="sk").due_date == dt.date(2021, 9, 30)


def test_seed_demo_gives_every_designated_locus_results_and_kelurahan_compare_with_kelurahan(demo_regions):
    from impact.models import ImpactFigure, LocusEffect, LocusMatch
    from locus.models import VillageResult

    call_command("seed_demo", verbosity=0)
    designated = Locus.objects.exclude(status="usulan")
    assert designated.count() == 13  # 7 of the articles' loci and Kota Palembang's 6
    # Every designated locus' province has evidence and illustrative results: none is left without results.
    national = ImpactFigure.objects.get(level="nasional", category="")
    assert (national.loci, national.missing_results) == (13, 0)
    for locus in designated:
        assert VillageResult.objects.filter(village_id=locus.village_id).count() == 2, locus.village_id
        assert ElectionIndicator.objects.filter(
            region_code=locus.village_id, election_id="pemilu-2019"
        ).exists()
    # Kota Palembang's loci are kelurahan: their comparison villages are kelurahan, or they are unmatched.
    palembang = LocusEffect.objects.filter(regency_code="16.71")
    assert palembang.count() == 6 and palembang.exclude(matched_in="tanpa_pembanding").exists()
    kinds = set(
        LocusMatch.objects.filter(effect__regency_code="16.71").values_list("control__kind", flat=True)
    )
    assert kinds == {"kelurahan"}
    # Its loci of low turnout are the lowest of their kecamatan, as the other demo loci of that category.
    for effect in palembang.filter(category="partisipasi_rendah"):
        district = effect.locus.village_id[:8]
        others = ElectionIndicator.objects.filter(
            election_id="pemilu-2019", region_code__startswith=district + "."
        ).exclude(region_code=effect.locus.village_id)
        lowest_other = min(others.values_list("turnout_percent", flat=True))
        assert effect.baseline_turnout < float(lowest_other)
