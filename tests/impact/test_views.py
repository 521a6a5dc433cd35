"""The Dampak program page as national, province and regency users (each sees its estimate, the areas
beneath it and a regency its loci with their matches), refusals outside the jurisdiction, the locus'
matches on its dashboard and its page, the illustrative label, and the number of queries pinned."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from impact.models import ImpactEstimate
from impact.services.estimates import estimate_compute
from impact.services.freshness import estimates_request
from locus.models import Village
from tests.impact.conftest import make_electorate
from tests.impact.support import district_in, results, villages_in
from tests.locus.factories import LocusFactory
from tests.reports.test_dashboard_views import _queries

pytestmark = pytest.mark.django_db

PAGE = reverse("impact:estimate")


@pytest.fixture
def computed(world, electorate):
    estimate_compute(year=2021, election="pemilu-2024")
    return electorate


def _get(client, world, actor: str, url: str = PAGE):
    client.force_login(world.users[actor])
    return client.get(url)


def test_a_national_user_sees_the_country_with_its_provinces_and_categories(client, world, computed):
    response = _get(client, world, "national_viewer")
    page = response.content.decode()
    assert response.status_code == 200
    figure = response.context["page"].figure
    assert figure.level == "nasional" and figure.loci == len(computed.loci)
    assert [row.label for row in response.context["page"].areas] == ["Lampung", "Nusa Tenggara Timur"]
    assert f"{PAGE}?tahun=2021&amp;pemilu=pemilu-2024&amp;wilayah=18" in page
    assert "Partisipasi Rendah" in page and "Per kategori lokus" in page
    assert "<svg" in page and "impact-chart" in page and "Interval 95%" in page
    assert "bukan bukti" in page and "kembali ke rata-rata" in page  # the caveats
    assert "Data ilustrasi." not in page


def test_a_province_user_sees_its_province_and_regencies_not_the_country(client, world, computed):
    response = _get(client, world, "lampung_viewer")
    data = response.context["page"]
    assert data.place.code == "18" and data.figure.province_code == "18" and data.figure.level == "provinsi"
    assert {row.figure.regency_code for row in data.areas} == {"18.06", "18.07"}
    assert "Nusa Tenggara Timur" not in response.content.decode()
    # Drill-down into a regency: its loci, each with its matches.
    response = _get(client, world, "lampung_viewer", f"{PAGE}?wilayah=18.06")
    data = response.context["page"]
    assert data.figure.regency_code == "18.06"
    assert "Gunung Kasih" in response.content.decode()
    gunung_kasih = next(effect for effect in data.loci if effect.locus.village_id == world.gunung_kasih.code)
    assert gunung_kasih.matches.all() and all(m.control_id[:2] == "18" for m in gunung_kasih.matches.all())


def test_a_regency_user_sees_its_regency_only(client, world, computed):
    response = _get(client, world, "tanggamus_viewer")
    assert (
        response.context["page"].place.code == "18.06"
        and response.context["page"].figure.regency_code == "18.06"
    )
    for code in ("18", "53", "53.06", "18.07"):
        assert _get(client, world, "tanggamus_viewer", f"{PAGE}?wilayah={code}").status_code == 404
    assert _get(client, world, "lampung_viewer", f"{PAGE}?wilayah=53").status_code == 404
    assert _get(client, world, "flotim_admin", f"{PAGE}?wilayah=18.06").status_code == 404


def test_before_any_estimate_and_while_one_is_queued(client, world, electorate):
    page = _get(client, world, "national_viewer").content.decode()
    assert "Belum ada estimasi dampak program." in page
    estimates_request(enqueue=False)
    page = client.get(PAGE).content.decode()
    assert "Perhitungan ulang dalam antrean" in page and "Belum pernah dihitung." in page
    estimate_compute(year=2021, election="pemilu-2024")
    estimates_request(enqueue=False)
    page = client.get(PAGE).content.decode()
    assert "Perhitungan ulang dalam antrean" in page and "Dihitung " in page


def test_illustrative_figures_are_labelled(client, world):
    make_electorate(world, illustrative=True)
    estimate_compute(year=2021, election="pemilu-2024")
    assert "Data ilustrasi." in _get(client, world, "national_viewer").content.decode()


def test_an_unknown_year_is_said_and_the_latest_shown(client, world, computed):
    response = _get(client, world, "national_viewer", f"{PAGE}?tahun=1999")
    assert response.context["page"].unknown_choice and response.context["estimate"].programme_year_id == 2021


def test_the_locus_dashboard_and_page_show_its_matches(client, world, computed):
    locus = computed.loci[0]
    assert locus.village_id == world.gunung_kasih.code
    page = _get(client, world, "lampung_viewer", reverse("dashboard:locus", args=[locus.pk])).content.decode()
    assert 'id="dampak"' in page and "Desa pembanding" in page and "Selisih lokus ini" in page
    detail = client.get(reverse("locus:locus_detail", args=[locus.pk])).content.decode()
    assert reverse("impact:locus_matches", args=[locus.pk]) in detail
    fragment = client.get(reverse("impact:locus_matches", args=[locus.pk]), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "Desa pembanding" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    waibalun = next(locus for locus in computed.loci if locus.village_id == world.flotim_village.code)
    assert client.get(reverse("impact:locus_matches", args=[waibalun.pk])).status_code == 404


def test_query_counts_are_pinned_and_constant(client, world, computed):
    client.force_login(world.users["national_viewer"])
    client.get(PAGE)  # warm the session
    national = _queries(client, PAGE)
    regency = _queries(client, f"{PAGE}?wilayah=18.06")
    # More loci and villages: the same counts.
    codes = villages_in(district_in("18.06", 30), 40)
    results(
        codes,
        baseline=[60 + n / 2 for n in range(40)],
        outcome=[64 + n / 2 for n in range(40)],
        electorate=[900] * 40,
    )
    for code in codes[:4]:
        LocusFactory(village=Village.objects.get(code=code))
    estimate_compute(year=2021, election="pemilu-2024")
    assert _queries(client, PAGE) == national
    assert _queries(client, f"{PAGE}?wilayah=18.06") == regency
    # The session and the user: 2; the estimates: 1; the figures with their names: 1. A province or regency
    # adds its region (1); a regency its loci and their matches (2).
    assert national == 4
    assert _queries(client, f"{PAGE}?wilayah=18") == 5
    assert regency == 7
    assert ImpactEstimate.objects.count() == 1


# --- a recomputation queued or running: the page and the locus' section refresh themselves ----------


POLLING = 'hx-trigger="every 5s"'


def _htmx(client, url: str):
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def test_while_a_recomputation_is_queued_or_running_the_page_polls_until_the_figures_are_fresh(
    client, world, computed
):
    url = f"{PAGE}?tahun=2021&pemilu=pemilu-2024&wilayah=18"
    fresh = _get(client, world, "lampung_viewer", url).content.decode()
    assert POLLING not in fresh and "muncul sendiri" not in fresh
    estimates_request(enqueue=False)
    page = client.get(url).content.decode()
    assert POLLING in page and f'hx-get="{url.replace("&", "&amp;")}"' in page
    assert "Perhitungan ulang dalam antrean" in page and "muncul sendiri di sini" in page
    assert "(muat ulang halaman)" not in page  # no longer asks the user to reload
    # The poll gets the figures' part alone, still polling while the run waits or runs.
    part = _htmx(client, url)
    assert "<html" not in part and 'id="impact-body"' in part and POLLING in part
    assert "Per kabupaten/kota" in part  # the old figures stay readable meanwhile
    ImpactEstimate.objects.update(started_at=timezone.now())
    part = _htmx(client, url)
    assert POLLING in part and "Sedang dihitung ulang" in part
    # Done: the part shows the new moment and stops asking.
    estimate_compute(year=2021, election="pemilu-2024")
    part = _htmx(client, url)
    assert POLLING not in part and "Dihitung " in part and "Per kabupaten/kota" in part


def test_an_estimate_asked_for_but_never_computed_polls_too(client, world, electorate):
    estimates_request(enqueue=False)
    page = _get(client, world, "national_viewer").content.decode()
    assert "Belum pernah dihitung." in page and POLLING in page
    estimate_compute(year=2021, election="pemilu-2024")
    part = _htmx(client, PAGE)
    assert POLLING not in part and "Interval 95%" in part


def test_the_locus_section_polls_while_its_years_estimate_is_recomputed(client, world, computed):
    locus = computed.loci[0]
    fragment = reverse("impact:locus_matches", args=[locus.pk])
    client.force_login(world.users["tanggamus_viewer"])
    assert POLLING not in _htmx(client, fragment)
    estimates_request(enqueue=False)
    part = _htmx(client, fragment)
    assert POLLING in part and f'hx-get="{fragment}"' in part and "Perhitungan ulang dalam antrean" in part
    assert "Desa pembanding" in part  # the figures computed before stay shown
    dashboard = client.get(reverse("dashboard:locus", args=[locus.pk])).content.decode()
    assert POLLING in dashboard and f'hx-get="{fragment}"' in dashboard
    estimate_compute(year=2021, election="pemilu-2024")
    part = _htmx(client, fragment)
    assert POLLING not in part and "Desa pembanding" in part
