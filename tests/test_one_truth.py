"""One truth per figure: edge rosters fed through every surface that shows a roster, women's share, sessions
held, cadres recruited or people reached — the roster page, the cadre overview, the locus dashboard, the
regency, province and national dashboards (on PostgreSQL's one query and on the SQLite path), the recap,
the evaluation figures and the targets on the home page — and they must agree with each other and with
the rules of ``locus.rules``. So must the advocacy budget asked and mobilised on the advocacy list, the
dashboards, the recap and the API.

The rosters of Tanggamus 2021 (30% minimum, 25 places, 8 planned sessions):
- 8 women of 27 (29.6%: shown 29%, below; it used to show "30%, memenuhi" on the roster page);
- 11 of 37 (29.7%) and 7 of 24 (29.2%): below;
- none (0 of 0): no share, neither meeting nor below;
- 3 women of 10 core cadres (exactly 30%: meets) with follow-on cadres (4 women) and a candidate, who do not
  count;
- 8 women of 28 after a woman was replaced by a man (the replaced one leaves the roster: 28.6%, below;
  counting her would make 9 of 29, 31%).
Sessions 1–3 serve the first two loci together, session 4 the first only, session 5 is not held, and the
7-of-24 locus has nine held sessions (one more than planned: counted up to the plan)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from accounts.choices import OfficeLevel
from activities.choices import AdvocacyStatus
from activities.models import Target
from activities.selectors.advocacy import advocacy_list, budget_of
from activities.selectors.evaluations import figure_rows, locus_evaluation_figures
from activities.selectors.outreach import activity_list, outreach_totals, reach_of
from activities.selectors.targets import office_target_progress
from activities.selectors.trainings import locus_training_summary
from activities.services.outreach import ActivityData, activity_accept, activity_create
from api.open_data.queries import open_table
from cadre.choices import CadreStatus
from cadre.models import Cadre, LocusRoster
from cadre.selectors import locus_overview, roster_summary
from locus import rules
from locus.choices import LocusStatus
from locus.models import Locus, ProgrammeYear
from reports.builders.recap import summary_rows
from reports.dashboards import Place, dashboard, home_place
from reports.dashboards.locus import dashboard_locus, locus_dashboard
from reports.queries import programme_recap, resolve_scope, resolve_year
from tests.activities.factories_advocacy import engagement
from tests.activities.factories_evaluations import activity_in, cadre_in, cadres_in, locus_at, session_for
from tests.factories import office_for, village

pytestmark = pytest.mark.django_db
S = CadreStatus
MINIMUM = 30


@dataclass(frozen=True)
class Edge:
    """A roster and what the rules say of it."""

    name: str
    women: int
    filled: int
    follow_on: int = 0
    sessions: int = 0  # held for it, up to the plan

    @property
    def percent(self) -> int | None:
        return 100 * self.women // self.filled if self.filled else None

    @property
    def below(self) -> bool:
        return self.filled > 0 and 100 * self.women < MINIMUM * self.filled

    @property
    def meets(self) -> bool:
        return self.filled > 0 and not self.below


EDGES = (
    Edge("Uji Delapan", 8, 27, sessions=4),
    Edge("Uji Sebelas", 11, 37, sessions=3),
    Edge("Uji Tujuh", 7, 24, sessions=8),
    Edge("Uji Kosong", 0, 0),
    Edge("Uji Lanjutan", 3, 10, follow_on=6),
    Edge("Uji Pengganti", 8, 28),
)


def _roster(locus: Locus, edge: Edge) -> None:
    if edge.name == "Uji Pengganti":
        cadres_in(locus, 8, sex="P")
        cadres_in(locus, 19, sex="L")
        left = cadre_in(locus, sex="P", status=S.REPLACED)
        replacement = cadre_in(locus, sex="L")
        replacement.replaces = left
        replacement.save()
        return
    cadres_in(locus, edge.women, sex="P")
    men = cadres_in(locus, edge.filled - edge.women, sex="L", status=S.APPOINTED)
    if edge.follow_on:
        for index in range(edge.follow_on):
            status = S.ACTIVE if index % 2 else S.INTERVIEWED
            cadre_in(locus, sex="P" if index < 4 else "L", status=status, recruited_by=men[0])
        cadre_in(locus, sex="P", status=S.REGISTERED)  # a candidate
        cadre_in(locus, sex="P", status=S.INELIGIBLE, recruited_by=men[0])  # left: not a follow-on cadre


@pytest.fixture
def edges(world):
    district_code = world.pugung.code
    loci = {}
    for index, edge in enumerate(EDGES):
        locus = locus_at(village(f"{district_code}.{2101 + index}", edge.name))
        _roster(locus, edge)
        activity_in(locus, men=10 + index, women=20 + index)
        loci[edge.name] = locus
    first, second, third = loci["Uji Delapan"], loci["Uji Sebelas"], loci["Uji Tujuh"]
    for number in (1, 2, 3):
        session_for(first, second, number=number)
    session_for(first, number=4)
    session_for(first, second, number=5, held=False)
    for number in range(1, 10):
        session_for(third, number=number)
    # A proposed locus: no roster counted, no planned sessions.
    locus_at(village(f"{district_code}.2199", "Uji Usulan"), status=LocusStatus.PROPOSED)
    Target.objects.create(
        office=office_for(OfficeLevel.REGENCY, world.tanggamus),
        programme_year_id=2021,
        cadres=150,
        sessions=48,
        people_reached=500,
    )
    return {
        name: Locus.objects.select_related("programme_year").get(pk=locus.pk) for name, locus in loci.items()
    }


def _edge(name: str) -> Edge:
    return next(edge for edge in EDGES if edge.name == name)


def test_the_rule_itself():
    assert [(e.percent, e.below, e.meets) for e in EDGES] == [
        (29, True, False),
        (29, True, False),
        (29, True, False),
        (None, False, False),
        (30, False, True),
        (28, True, False),
    ]
    for e in EDGES:
        figures = rules.RosterFigures(size=25, filled=e.filled, women=e.women, min_women_percent=MINIMUM)
        assert (figures.women_share_percent, figures.women_below_minimum, figures.meets_women_minimum) == (
            e.percent,
            e.below,
            e.meets,
        )
    assert rules.women_needed(total=25, minimum_percent=30) == 8
    assert rules.locus_sessions_held(held=9, planned=8) == 8


def test_the_roster_and_its_overview_agree_with_the_rule(world, edges):
    user = world.users["tanggamus_viewer"]
    overview = {
        row.locus.pk: row for row in locus_overview(user=user, year=2021, regency=world.tanggamus.code)
    }
    for name, locus in edges.items():
        edge = _edge(name)
        summary = roster_summary(locus)
        row = overview[locus.pk]
        stored = LocusRoster.objects.filter(locus=locus).first()
        for figures in (summary, row):
            assert (figures.filled, figures.women) == (edge.filled, edge.women), name
            assert figures.women_share_percent == edge.percent, name
            assert (figures.women_below_minimum, figures.meets_women_minimum) == (edge.below, edge.meets), (
                name
            )
        # The database's roster (kept by triggers) counts the same cadres.
        assert (stored.filled if stored else 0, stored.women if stored else 0) == (edge.filled, edge.women)
        assert summary.follow_on == edge.follow_on, name


def test_the_roster_page_shows_the_rule(client, world, edges):
    client.force_login(world.users["tanggamus_viewer"])
    for name, locus in edges.items():
        edge = _edge(name)
        html = client.get(reverse("cadre:roster", args=[locus.pk])).content.decode()
        shown = re.search(r'class="kpi (?:roster-women (text-\w+)|text-muted)">\s*([^<\s]+)', html)
        if edge.percent is None:
            assert shown.group(2) == "—", name
        else:
            assert shown.group(2) == f"{edge.percent}%", name
            assert shown.group(1) == ("text-danger" if edge.below else "text-success"), name


def test_the_evaluation_figures_and_the_training_page_agree(world, edges):
    user = world.users["tanggamus_viewer"]
    for name, locus in edges.items():
        edge = _edge(name)
        assert locus_training_summary(user=user, locus=locus).held == edge.sessions, name
        figures = locus_evaluation_figures(locus=locus)
        assert (figures.cadres_active, figures.cadres_women) == (edge.filled, edge.women), name
        assert figures.women_percent == edge.percent and figures.women_short == edge.below, name
        assert figures.follow_on_cadres == edge.follow_on, name
        assert figures.sessions_held == edge.sessions, name
        women_row = figure_rows(figures)[1]
        assert (women_row.percent, women_row.short) == (edge.percent, edge.below), name
        # Frozen and read back, the same.
        assert figure_rows(figures.as_json()) == figure_rows(figures)


def test_the_locus_dashboard_agrees(world, edges):
    user = world.users["tanggamus_viewer"]
    for name, locus in edges.items():
        edge = _edge(name)
        data = locus_dashboard(user=user, locus=dashboard_locus(user=user, pk=locus.pk))
        tiles = {tile.label: tile for tile in data.tiles}
        women = tiles["Keterwakilan perempuan"]
        assert (women.value, women.short) == (edge.percent, edge.below), name
        assert tiles["Kader ditetapkan"].value == data.roster.filled == edge.filled, name
        assert (tiles["Sesi pembekalan terlaksana"].value, tiles["Sesi pembekalan terlaksana"].of) == (
            edge.sessions,
            8,
        )
        reasons = dict(data.attention.reasons) if data.attention else {}
        assert ("women" in reasons) == edge.below, name
        if edge.below:
            assert reasons["women"] == f"perempuan {edge.percent}% (minimal 30%)"


def _dashboards(world):
    places = (
        ("tanggamus_viewer", None),
        ("lampung_viewer", None),
        ("national_viewer", Place("nasional")),
    )
    for username, place in places:
        user = world.users[username]
        yield username, dashboard(user=user, place=place or home_place(user=user), year=2021)


def _vendors():
    yield connection.vendor
    if connection.vendor == "postgresql":
        yield "sqlite"  # the Python path, on the same rows


@pytest.mark.parametrize("vendor", list(_vendors()))
def test_the_place_dashboards_agree(world, edges, vendor, monkeypatch):
    monkeypatch.setattr(connection, "vendor", vendor)
    below = {name for name in edges if _edge(name).below}
    filled = sum(e.filled for e in EDGES)
    women = sum(e.women for e in EDGES)
    held = sum(e.sessions for e in EDGES)
    for username, result in _dashboards(world):
        flagged = {item.village: dict(item.reasons) for item in result.attention}
        assert {v for v, reasons in flagged.items() if "women" in reasons} == below, username
        for name in below:
            assert flagged[name]["women"] == f"perempuan {_edge(name).percent}% (minimal 30%)"
        assert {key: n for key, _label, n in result.attention_counts}["women"] == len(below)
        f = result.figures
        assert (f.cadres, f.women, f.cadre_places) == (filled, women, 25 * len(EDGES)), username
        assert f.women_percent == 100 * women // filled
        assert result.tiles[2].short == f.roster.women_below_minimum
        assert (f.sessions_held, f.sessions_planned) == (held, 8 * len(EDGES)), username
        assert (result.tiles[3].value, result.tiles[3].of) == (held, 8 * len(EDGES))
    regency = dashboard(
        user=world.users["tanggamus_viewer"], place=home_place(user=world.users["tanggamus_viewer"])
    )
    children = {child.name: child for child in regency.children}
    for name in edges:
        edge = _edge(name)
        child = children[name]
        assert (child.filled, child.women, child.sessions) == (edge.filled, edge.women, edge.sessions)
        assert (child.women_percent, child.women_below_minimum) == (edge.percent, edge.below), name


def test_the_recap_agrees(world, edges):
    user = world.users["tanggamus_viewer"]
    recap = programme_recap(user=user, scope=resolve_scope(user, None), year=resolve_year(2021))
    lines = {line.village_name: line for line in recap.loci}
    for name in edges:
        edge = _edge(name)
        f = lines[name].figures
        assert (f.filled, f.women, f.follow_on) == (edge.filled, edge.women, edge.follow_on), name
        assert (f.women_percent, bool(f.women_ok)) == (edge.percent, edge.meets), name
        assert f.sessions_held == edge.sessions, name
    total = recap.total.figures
    assert total.women_ok == sum(e.meets for e in EDGES)
    assert total.sessions_held == sum(e.sessions for e in EDGES)
    assert total.sessions_planned == 8 * len(EDGES)
    rows = dict(summary_rows(recap))
    assert rows["Sesi pembekalan terlaksana"] == total.sessions_held and "Sesi lokus terlaksana" not in rows
    regency = dashboard(user=user, place=home_place(user=user), year=2021).figures
    assert (regency.cadres, regency.women_percent) == (total.filled, total.women_percent)
    assert regency.people_reached == total.reached_total


def test_the_targets_and_the_home_cards_agree(client, world, edges):
    user = world.users["tanggamus_viewer"]
    office = office_for(OfficeLevel.REGENCY, world.tanggamus)
    progress = office_target_progress(office=office, year=2021)
    figures = dashboard(user=user, place=home_place(user=user), year=2021).figures
    recap = programme_recap(user=user, scope=resolve_scope(user, None), year=resolve_year(2021))
    assert progress["sessions"] == figures.sessions_held == recap.total.figures.sessions_held
    assert progress["people_reached"] == figures.people_reached
    assert progress["people_reached"] == outreach_totals(user=user, year=2021).total
    # Cadres recruited: every live cadre, follow-on included, as the recap's live count.
    assert progress["cadres"] == recap.total.figures.live
    assert progress["cadres"] == Cadre.objects.filter(rules.recruited_q(), programme_year_id=2021).count()
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    held = figures.sessions_held
    assert f"{held}</span> / 48" in html  # the target's card
    tile = re.search(r"Sesi pembekalan terlaksana</div>\s*<div class=\"kpi \">\s*(\d+)", html)
    assert int(tile.group(1)) == held  # the figures' card beside it


def _activity_figures(client, world, locus: Locus) -> dict[str, tuple[int | None, int]]:
    """(activities, people reached) on every surface that shows them, as a Tanggamus viewer (and Lampung's
    and KPU RI's dashboards, and the open data's Lampung row)."""
    user = world.users["tanggamus_viewer"]
    found: dict[str, tuple[int | None, int]] = {}
    totals = outreach_totals(user=user, year=2021)
    found["outreach_totals"] = (totals.activities, totals.total)
    listed = reach_of(activity_list(user=user))
    found["activity list totals"] = (listed.activities, listed.total)
    evaluation = locus_evaluation_figures(locus=locus)
    found["evaluation figures"] = (evaluation.activities, evaluation.reached_total)
    tiles = {tile.label: tile.value for tile in locus_dashboard(user=user, locus=locus).tiles}
    found["locus dashboard"] = (tiles["Kegiatan sosialisasi"], tiles["Warga terjangkau"])
    for username, result in _dashboards(world):
        f = result.figures
        found[f"dashboard {username}"] = (f.activities, f.people_reached)
        found[f"dashboard segments {username}"] = (None, sum(row.people for row in result.segment_reach))
        found[f"dashboard children {username}"] = (None, sum(child.reached for child in result.children))
    recap = programme_recap(user=user, scope=resolve_scope(user, None), year=resolve_year(2021))
    found["recap"] = (recap.total.figures.activities, recap.total.figures.reached_total)
    found["recap by method"] = tuple(
        map(sum, zip(*[(n, p) for _m, n, p in recap.reach_by_method], strict=True))
    )
    rows = dict(summary_rows(recap))
    found["recap summary"] = (rows["Kegiatan sosialisasi"], rows["Warga terjangkau"])
    office = office_for(OfficeLevel.REGENCY, world.tanggamus)
    found["targets"] = (None, office_target_progress(office=office, year=2021)["people_reached"])
    client.force_login(user)
    outreach = client.get(reverse("api:figures"), {"year": 2021}).json()["figures"]["outreach"]
    found["api figures"] = (outreach["activities"], outreach["people_reached"])
    found["api segments"] = (None, sum(row["people"] for row in outreach["by_segment"]))
    cache.clear()
    lampung = next(row for row in open_table(year=2021)["rows"] if row["kode_wilayah"] == "18")
    found["open data"] = (None, lampung["warga_terjangkau"])
    return found


def test_a_cadres_report_counts_nowhere_until_accepted_then_everywhere(client, world, edges):
    locus = edges["Uji Delapan"]
    before = _activity_figures(client, world, locus)
    assert before["outreach_totals"] == (len(EDGES), sum(30 + 2 * i for i in range(len(EDGES))))
    reporter = Cadre.objects.filter(locus=locus, status=S.APPOINTED).first()
    report = activity_create(
        actor=world.users["tanggamus_staff"],
        locus=locus,
        data=ActivityData(
            held_on=dt.date(2021, 8, 20),
            method="door_to_door",
            topic="anti_hoaks",
            title="Laporan kader dari desa",
            reached_men=3,
            reached_women=7,
            segment_reach={"perempuan": 7},
        ),
        reported_by=reporter,
    )
    assert _activity_figures(client, world, locus) == before
    activity_accept(actor=world.users["tanggamus_staff"], activity=report)
    after = _activity_figures(client, world, locus)
    for surface, (activities, people) in before.items():
        # One activity more (where a surface counts activities), 10 people more (7 of them women, the one
        # segment the report names).
        expected = (
            None if activities is None else activities + 1,
            people + (7 if "segments" in surface else 10),
        )
        assert after[surface] == expected, surface


def test_the_roster_triggers_carry_the_rule(db):
    """The database's roster triggers were generated from ``rules.on_roster_sql`` (migration 0007)."""
    condition, women = rules.on_roster_sql("c"), f"c.sex = '{rules.FEMALE}'"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'cadre_roster_recount'")
        else:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'cadre_roster_%'"
            )
        sources = [row[0] for row in cursor.fetchall()]
    assert sources and all(condition in source and women in source for source in sources)
    assert set(rules.APPOINTED_STATUSES) <= set(CadreStatus.values)
    assert set(rules.LIVE_STATUSES) <= set(CadreStatus.values)


def _budget_figures(client, world, username: str) -> dict[str, tuple[int, int]]:
    """(Rupiah asked, Rupiah mobilised) of 2021 on every surface that shows them, as ``username``."""
    user = world.users[username]
    found: dict[str, tuple[int, int]] = {}
    listed = budget_of(advocacy_list(user=user).filter(programme_year_id=2021))
    found["rule over the rows"] = (
        sum(row.budget_asked for row in advocacy_list(user=user).filter(programme_year_id=2021)),
        sum(
            rules.budget_mobilised(status=row.status, committed=row.budget_committed)
            for row in advocacy_list(user=user).filter(programme_year_id=2021)
        ),
    )
    found["selector"] = (listed.asked, listed.mobilised)
    client.force_login(user)
    page = client.get(reverse("activities:advocacy_list"), {"tahun": "2021"}).context["budget"]
    found["advocacy list"] = (page.asked, page.mobilised)
    data = dashboard(user=user, place=home_place(user=user), year=2021)
    found["dashboard"] = (data.budget.asked, data.budget.mobilised)
    found["dashboard areas"] = tuple(
        map(sum, zip(*[(a.figures.asked, a.figures.mobilised) for a in data.budget_areas], strict=True))
    )
    recap = programme_recap(user=user, scope=resolve_scope(user, None), year=resolve_year(2021))
    rows = dict(summary_rows(recap))
    found["recap summary"] = (
        rows["Anggaran advokasi diajukan (Rp)"],
        rows["Anggaran advokasi dimobilisasi (Rp)"],
    )
    found["recap rows"] = (
        sum(e.budget_asked for e in recap.engagements),
        sum(e.budget_mobilised for e in recap.engagements),
    )
    api = client.get(reverse("api:advocacy-list"), {"year": 2021, "page_size": 100}).json()["results"]
    found["api"] = (sum(r["budget_asked"] for r in api), sum(r["budget_mobilised"] for r in api))
    return found


@pytest.mark.parametrize(
    "username, expected",
    [
        ("tanggamus_viewer", (230_000_000, 120_000_000)),
        ("lampung_viewer", (530_000_000, 370_000_000)),
        ("national_viewer", (620_000_000, 460_000_000)),
    ],
)
def test_the_advocacy_budget_agrees_on_every_surface(client, world, username, expected):
    """Approved with a commitment, approved without money, refused, awaited, another year and another
    province: mobilised is the committed budget of approved engagements only, on the list, the dashboards,
    the recap and the API alike."""
    locus_at(world.gunung_kasih)
    locus_at(world.flotim_village)
    S = AdvocacyStatus
    engagement(world, budget_asked=150_000_000, status=S.APPROVED, committed=120_000_000)
    engagement(world, kind="mou", budget_asked=0, status=S.APPROVED, committed=0)
    engagement(world, budget_asked=40_000_000, status=S.REJECTED)
    engagement(world, budget_asked=40_000_000)
    engagement(world, budget_asked=700_000_000, programme_year=ProgrammeYear.objects.get(year=2022))
    engagement(world, "lampung", budget_asked=300_000_000, status=S.APPROVED, committed=250_000_000)
    engagement(world, "flotim", budget_asked=90_000_000, status=S.APPROVED, committed=90_000_000)
    found = _budget_figures(client, world, username)
    assert set(found.values()) == {expected}, found
