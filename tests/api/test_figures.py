"""The dashboard's figures in the API: the same numbers as the dashboard page's own function
(``reports.dashboards.dashboard``) and as the page renders them, for a regency office, a province office and
KPU RI; a province or regency within the jurisdiction by ``region``, anything else a 404; a year without loci
answered without another year's figures; an unreadable parameter a 400 naming it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from activities.models import SocialisationActivity
from cadre.choices import CadreStatus
from cadre.models import Cadre
from locus.choices import LocusCategory, LocusStatus
from locus.models import Locus
from reports import dashboards
from tests.activities.factories_evaluations import activity_in, attend, cadre_in, session_for

pytestmark = pytest.mark.django_db

URL = "api:figures"


@pytest.fixture
def figures_data(api_data):
    """Beside the API's loci and registered cadres: in Tanggamus (made active) an appointed woman cadre, a
    held session she attended and a socialisation activity; in Flores Timur an activity."""
    locus = api_data.tanggamus_locus
    Locus.objects.filter(pk=locus.pk).update(status=LocusStatus.ACTIVE)
    cadre = cadre_in(locus, sex="P", status=CadreStatus.APPOINTED)
    attend(session_for(locus), cadre)
    activity_in(locus, men=12, women=15)
    activity_in(api_data.flotim_locus, men=3, women=4)
    return api_data


def _expected(user, place, year=None) -> dict:
    """What the dashboard page's function answers, in the API's terms."""
    data = dashboards.dashboard(user=user, place=place, year=year)
    f = data.figures
    return {
        "year": data.year.year,
        "tiles": [(t.label, t.value, t.of, t.percent) for t in data.tiles],
        "loci": f.loci,
        "programme": f.programme_loci,
        "by_status": {value: data.counts.statuses[value] for value in LocusStatus.values},
        "by_category": {value: data.counts.categories[value] for value in LocusCategory.values},
        "appointed": (f.cadres, f.cadre_places, f.roster.fill_percent),
        "women": (f.women, f.roster.women_share_percent, f.roster.women_below_minimum),
        "sessions": (f.sessions.held, f.sessions.planned),
        "reached": (f.activities, f.people_reached),
        "children": [(c.code, c.loci, c.filled, c.women, c.sessions, c.reached) for c in data.children],
        "fill": sorted(data.counts.fill.items()),
    }


def _answered(body: dict) -> dict:
    f = body["figures"]
    return {
        "year": body["year"],
        "tiles": [(t["label"], t["value"], t["of"], t["percent"]) for t in f["tiles"]],
        "loci": f["loci"]["total"],
        "programme": f["loci"]["programme"],
        "by_status": {row["code"]: row["count"] for row in f["loci"]["by_status"]},
        "by_category": {row["code"]: row["count"] for row in f["loci"]["by_category"]},
        "appointed": (f["cadres"]["appointed"], f["cadres"]["places"], f["cadres"]["fill_percent"]),
        "women": (f["cadres"]["women"], f["cadres"]["women_percent"], f["cadres"]["women_below_minimum"]),
        "sessions": (f["sessions"]["held"], f["sessions"]["planned"]),
        "reached": (f["outreach"]["activities"], f["outreach"]["people_reached"]),
        "children": [
            (c["code"], c["loci"], c["filled"], c["women"], c["sessions"], c["reached"])
            for c in f["children"]
        ],
        "fill": [(row["cadres"], row["loci"]) for row in f["roster"]["loci_by_cadres"]],
    }


# The user's own jurisdiction: the loci each sees (tests/api/conftest.py), the children of its dashboard.
JURISDICTIONS = {
    "tanggamus_viewer": ("kabupaten", "18.06", 1),
    "lampung_viewer": ("provinsi", "18", 2),
    "national_viewer": ("nasional", None, 3),
}


@pytest.mark.parametrize("actor", sorted(JURISDICTIONS))
def test_the_figures_are_the_dashboards(figures_data, api_get, actor):
    user = figures_data.user(actor)
    body = api_get(user, reverse(URL), {"year": 2021}).json()
    level, code, loci = JURISDICTIONS[actor]
    assert body["place"]["level"] == level and body["place"]["code"] == code
    assert body["years"] == [2021]
    assert _answered(body) == _expected(user, dashboards.home_place(user=user), 2021)
    assert body["figures"]["loci"]["total"] == loci
    assert body["figures"]["cadres"]["appointed"] == 1  # the appointed woman in Tanggamus
    assert body["figures"]["cadres"]["women_percent"] == 100
    assert body["figures"]["sessions"]["held"] == 1
    assert body["figures"]["attendance"] == {"present": 1, "recorded": 1, "percent": 100}
    reached = SocialisationActivity.objects.restrict(user, "view")
    assert body["figures"]["outreach"]["people_reached"] == sum(
        a.reached_men + a.reached_women for a in reached
    )
    statuses = {row["code"]: row["count"] for row in body["figures"]["cadres"]["by_status"]}
    assert list(statuses) == CadreStatus.values
    seen = Cadre.objects.restrict(user, "view")
    assert statuses[CadreStatus.APPOINTED] == 1
    assert statuses[CadreStatus.REGISTERED] == seen.filter(status=CadreStatus.REGISTERED).count() == loci


def test_the_figures_are_what_the_dashboard_page_renders(figures_data, api_get, client):
    user = figures_data.user("lampung_viewer")
    body = api_get(user, reverse(URL), {"region": "18.06"}).json()
    page = client.get(reverse("dashboard:regency", args=["18.06"]), {"tahun": 2021})
    assert page.status_code == 200
    assert page.context["dashboard"].figures.cadres == body["figures"]["cadres"]["appointed"]
    tiles = page.context["dashboard"].tiles
    assert [(t.label, t.value, t.of) for t in tiles] == [
        (t["label"], t["value"], t["of"]) for t in body["figures"]["tiles"]
    ]
    html = page.content.decode()
    for tile in body["figures"]["tiles"]:
        assert tile["label"] in html


def test_a_region_within_the_jurisdiction(figures_data, api_get):
    user = figures_data.user("national_viewer")
    body = api_get(user, reverse(URL), {"region": "18", "year": 2021}).json()
    assert body["place"] == {"level": "provinsi", "code": "18", "name": "Lampung"}
    place = dashboards.province_place(user=user, code="18")
    assert _answered(body) == _expected(user, place, 2021)
    assert body["figures"]["child_level"] == "kabupaten"
    assert [child["code"] for child in body["figures"]["children"]] == ["18.04", "18.06"]
    regency = api_get(figures_data.user("lampung_viewer"), reverse(URL), {"region": "18.04"}).json()
    assert regency["place"]["level"] == "kabupaten" and regency["figures"]["loci"]["total"] == 1


@pytest.mark.parametrize(
    ("actor", "region"),
    [
        ("lampung_viewer", "53"),  # another province
        ("lampung_viewer", "53.06"),  # a regency of another province
        ("tanggamus_viewer", "18"),  # a regency office does not see its province whole (as the page)
        ("tanggamus_viewer", "18.04"),  # another regency of its province
        ("national_viewer", "18.06.11"),  # not a province or regency
        ("national_viewer", "99"),  # no such province
    ],
)
def test_a_region_outside_the_jurisdiction_is_a_404(figures_data, api_get, actor, region):
    assert api_get(figures_data.user(actor), reverse(URL), {"region": region}).status_code == 404


def test_a_year_without_loci_has_no_figures(figures_data, api_get):
    user = figures_data.user("lampung_viewer")
    body = api_get(user, reverse(URL), {"year": 2019}).json()
    assert body["year"] == 2019
    assert body["years"] == [2021]
    assert body["figures"] is None  # not 2021's under 2019's name
    latest = api_get(user, reverse(URL)).json()
    assert latest["year"] == 2021 and latest["figures"]["loci"]["total"] == 2


def test_an_unreadable_year_is_a_400_naming_it(figures_data, api_get):
    response = api_get(figures_data.user("lampung_viewer"), reverse(URL), {"year": "2021.5"})
    assert response.status_code == 400
    assert list(response.json()) == ["year"]


def test_the_figures_carry_an_etag(figures_data, api_get):
    user = figures_data.user("lampung_viewer")
    first = api_get(user, reverse(URL))
    assert api_get(user, reverse(URL), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
