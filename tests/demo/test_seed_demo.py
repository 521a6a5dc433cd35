import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from dp3.accounts.models import Office, User
from dp3.demo.offices import ACCOUNTS, DEMO_PASSWORD
from tests.factories import district, province, regency


@pytest.fixture
def demo_regions(db):
    for code, name in [
        ("18", "Lampung"),
        ("53", "Nusa Tenggara Timur"),
        ("15", "Jambi"),
        ("65", "Kalimantan Utara"),
        ("16", "Sumatera Selatan"),
    ]:
        province(code, name)
    regency("18.06", "Kabupaten Tanggamus")
    regency("53.06", "Kabupaten Flores Timur")
    regency("16.71", "Kota Palembang")
    district("18.06.11", "Pugung")


def test_seed_demo_creates_the_demo_logins_and_is_idempotent(demo_regions, rf):
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    usernames = set(User.objects.values_list("username", flat=True))
    assert usernames == {a.username for a in ACCOUNTS}
    assert {
        "nasional",
        "prov-lampung",
        "kab-tanggamus",
        "prov-ntt",
        "kab-flores-timur",
        "prov-jambi",
        "prov-kaltara",
        "prov-sumsel",
        "kota-palembang",
    } == usernames
    assert Office.objects.count() == len(ACCOUNTS)
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
