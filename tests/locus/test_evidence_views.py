"""The ranking of candidate villages (order per category, inherited figures, scoping, the propose link, pages
and query counts) and the programme year pages with their rules and history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from locus.choices import IncidentKind, LocusCategory, LocusStatus, StageAim
from locus.models import (
    Election,
    ElectionIndicator,
    IncidentRecord,
    ProgrammeYear,
    Segment,
    Village,
)
from locus.selectors.programme import programme_year_history
from locus.services.programme import programme_year_update
from regions.choices import VillageKind
from tests.factories import district, village
from tests.locus.factories import LocusFactory

RANKING = reverse("locus:ranking")
LOW, CONFLICT, VIOLATION = (
    LocusCategory.LOW_TURNOUT,
    LocusCategory.CONFLICT_DISASTER,
    LocusCategory.HIGH_VIOLATION,
)


def indicator(code, election="pemilu-2019", **figures):
    return ElectionIndicator.objects.create(region_code=code, election_id=election, **figures)


def incident(code, year=2020, kind=IncidentKind.FLOOD, note=""):
    return IncidentRecord.objects.create(region_code=code, kind=kind, year=year, note=note)


@pytest.fixture
def evidence(world):
    """Tanggamus with figures at every level:

    - Gunung Kasih (18.06.11.2016) has its own turnout 60 and IKP 50 (its district Pugung has 80 and 90);
    - Pugung Baru (18.06.11.2017) has none and inherits Pugung's turnout 80 and IKP 90;
    - Sukabanjar (18.06.21.2005) inherits Gunung Alip's turnout 55; its IKP comes from the regency (70);
    - Talang (18.06.30.2001), in a district without figures, inherits the regency's turnout 70 and IKP 70.
    """
    village("18.06.11.2017", "Pugung Baru")
    district("18.06.30", "Limau")
    village("18.06.30.2001", "Talang")
    indicator("18.06.11.2016", turnout_percent=Decimal("60"), ikp_score=Decimal("50"), violation_findings=1)
    indicator("18.06.11", turnout_percent=Decimal("80"), ikp_score=Decimal("90"), violation_findings=0)
    indicator("18.06.21", turnout_percent=Decimal("55"), violation_findings=4)
    indicator("18.06", turnout_percent=Decimal("70"), ikp_score=Decimal("70"), violation_findings=2)
    # Another election must not leak into Pemilu 2019's figures.
    indicator("18.06.30.2001", election="pilkada-2020", turnout_percent=Decimal("10"))
    incident("18.06.21.2005", kind=IncidentKind.LANDSLIDE)  # Sukabanjar: own + its district's = 2
    incident("18.06.21", year=2021)
    incident("18.06.30")  # Talang: 1
    return world


def ranking(client, **params):
    params.setdefault("tahun", "2021")
    params.setdefault("pemilu", "pemilu-2019")
    return client.get(RANKING, params)


def codes(response) -> list[str]:
    return [row.code for row in response.context["rows"]]


@pytest.fixture
def staff(client, world):
    client.force_login(world.users["lampung_staff"])
    return client


def test_low_turnout_ranks_lowest_first_with_inherited_figures(staff, evidence):
    response = ranking(staff, kategori=LOW)
    assert response.status_code == 200
    assert codes(response) == ["18.06.21.2005", "18.06.11.2016", "18.06.30.2001", "18.06.11.2017"]
    assert [row.turnout for row in response.context["rows"]] == [55, 60, 70, 80]
    html = response.content.decode()
    assert "55,00" in html and "Sukabanjar" in html
    assert "Diurutkan dari partisipasi pemilih terendah" in html


def test_high_violation_ranks_by_ikp_then_findings(staff, evidence):
    response = ranking(staff, kategori=VIOLATION)
    # Pugung Baru 90 (district); Sukabanjar 70 with 4 findings (district) before Talang 70 with 2 (regency);
    # Gunung Kasih 50 (its own figure wins over Pugung's 90).
    assert codes(response) == ["18.06.11.2017", "18.06.21.2005", "18.06.30.2001", "18.06.11.2016"]
    assert [(row.ikp_score, row.violation_findings) for row in response.context["rows"]] == [
        (90, 0),
        (70, 4),
        (70, 2),
        (50, 1),
    ]


def test_conflict_disaster_ranks_by_records_of_village_district_and_regency(staff, evidence):
    response = ranking(staff, kategori=CONFLICT)
    assert codes(response)[:2] == ["18.06.21.2005", "18.06.30.2001"]
    assert [row.incidents for row in response.context["rows"]] == [2, 1, 0, 0]
    incident("18.06", year=2019, kind=IncidentKind.EARTHQUAKE)  # the regency's record counts everywhere
    assert [row.incidents for row in ranking(staff, kategori=CONFLICT).context["rows"]] == [3, 2, 1, 1]


def test_defaults_are_the_latest_year_and_its_last_election(staff, evidence):
    response = staff.get(RANKING)
    form = response.context["form"]
    assert form.cleaned_data["tahun"].year == 2024
    assert form.cleaned_data["pemilu"].code == "pilkada-2020"  # the last election before 2024
    assert form.cleaned_data["kategori"] == LOW
    assert response.context["election"] == Election.objects.get(code="pilkada-2020")
    # Every election can be chosen.
    assert {code for code, _ in form.fields["pemilu"].choices if code} >= {"pemilu-2019", "pemilu-2024"}


def test_category_tabs_keep_the_other_filters(staff, evidence):
    response = ranking(staff, kategori=CONFLICT, wilayah="18.06.21")
    tabs = response.context["tabs"]
    assert [value for value, *_ in tabs] == [LOW, CONFLICT, VIOLATION]
    assert [active for *_, active in tabs] == [False, True, False]
    assert "wilayah=18.06.21" in tabs[0][2] and f"kategori={LOW}" in tabs[0][2]


def test_region_kind_and_existing_loci_filters(staff, evidence, world):
    assert codes(ranking(staff, wilayah="18.06.11")) == ["18.06.11.2016", "18.06.11.2017"]
    # The three selects all send "wilayah": a regency left over from another province is ignored.
    assert len(codes(staff.get(RANKING, {"wilayah": ["18", "53.06", ""], "tahun": "2021"}))) == 4
    village("18.06.11.1001", "Pugung Kota")
    assert codes(ranking(staff, wilayah="18.06.11", jenis=VillageKind.KELURAHAN)) == ["18.06.11.1001"]
    LocusFactory(village=world.gunung_kasih, category=LOW, rationale="Partisipasi rendah.")
    assert "18.06.11.2016" not in codes(ranking(staff))
    response = ranking(staff, lokus="on")
    rows = {row.code: row for row in response.context["rows"]}
    assert rows["18.06.11.2016"].locus_status == LocusStatus.DESIGNATED
    html = response.content.decode()
    assert "Ditetapkan" in html
    # A locus of another year does not hide the village from this year's ranking.
    assert "18.06.11.2016" in codes(ranking(staff, tahun="2022"))


def test_propose_link_carries_village_category_and_year(staff, evidence):
    html = ranking(staff, kategori=CONFLICT).content.decode()
    link = f"{reverse('locus:locus_create')}?desa=18.06.21.2005&amp;kategori={CONFLICT}&amp;tahun=2021"
    assert link in html
    assert "Usulkan sebagai lokus" in html


def test_viewers_see_the_ranking_without_the_propose_button(client, evidence):
    client.force_login(evidence.users["lampung_viewer"])
    response = ranking(client)
    assert len(codes(response)) == 4
    assert reverse("locus:locus_create") not in response.content.decode()


def test_a_regency_user_sees_only_their_regency(client, evidence):
    client.force_login(evidence.users["flotim_admin"])
    response = ranking(client)
    assert codes(response) == ["53.06.03.1001"]
    html = response.content.decode()
    assert "Gunung Kasih" not in html and "Sukabanjar" not in html
    # Their province and regency are shown but fixed; the district can be chosen.
    selects = response.context["region_selects"]
    assert [(s.fixed, s.selected) for s in selects] == [(True, "53"), (True, "53.06"), (False, "")]
    assert [code for code, _ in selects[2].options] == ["53.06.03"]


def test_a_hand_made_region_outside_the_jurisdiction_shows_nothing_and_says_why(client, evidence):
    client.force_login(evidence.users["ntt_admin"])
    response = ranking(client, wilayah="18.06")
    assert response.status_code == 200
    assert response.context["rows"] == [] and response.context["page_obj"] is None
    html = response.content.decode()
    assert "Wilayah 18.06 berada di luar wilayah kerja Anda" in html
    assert "Gunung Kasih" not in html and "Sukabanjar" not in html
    for bad, message in [("99", "tidak dikenal"), ("18.06.11.2016", "Pilih provinsi, kabupaten/kota")]:
        assert message in ranking(client, wilayah=bad).content.decode()
    client.force_login(evidence.users["flotim_commissioner"])
    assert "berada di luar wilayah kerja Anda" in ranking(client, wilayah="18").content.decode()


def test_national_users_choose_a_province_first(client, evidence):
    client.force_login(evidence.users["national_viewer"])
    response = ranking(client)
    assert response.context["needs_region"] and response.context["rows"] == []
    assert "Pilih provinsi lebih dahulu" in response.content.decode()
    assert [code for code, _ in response.context["region_selects"][0].options] == ["18", "53"]
    assert len(codes(ranking(client, wilayah="18"))) == 4
    assert codes(ranking(client, wilayah="53")) == ["53.06.03.1001"]


def test_unknown_year_or_category_is_a_message_not_an_error(staff, evidence):
    response = ranking(staff, tahun="1999")
    assert response.status_code == 200 and response.context["rows"] == []
    assert "Tahun program" in response.content.decode()
    response = ranking(staff, kategori="paling_rawan")
    assert response.status_code == 200 and response.context["rows"] == []


def _many_villages(count: int) -> None:
    district("18.06.40", "Kota Agung")
    Village.objects.bulk_create(
        Village(
            code=f"18.06.40.{2001 + n}", name=f"Pekon {n:03d}", kind=VillageKind.DESA, district_id="18.06.40"
        )
        for n in range(count)
    )
    ElectionIndicator.objects.bulk_create(
        ElectionIndicator(
            region_code=f"18.06.40.{2001 + n}",
            province_code="18",
            regency_code="18.06",
            election_id="pemilu-2019",
            turnout_percent=Decimal(50) + Decimal(n) / 10,
        )
        for n in range(count)
    )


def test_pages_of_fifty_with_rank_numbers(staff, evidence):
    _many_villages(60)
    first = ranking(staff)
    assert len(first.context["rows"]) == 50
    assert first.context["page_obj"].paginator.count == 64
    assert first.context["rows"][0].code == "18.06.40.2001"
    second = ranking(staff, halaman="2")
    assert len(second.context["rows"]) == 14
    html = second.content.decode()
    assert ">51<" in html and "Halaman 2 dari 2" in html
    assert "halaman=1" in html and "pemilu=pemilu-2019" in html


def test_query_count_is_constant_in_the_number_of_rows(staff, evidence):
    with CaptureQueriesContext(connection) as few:
        assert len(ranking(staff).context["rows"]) == 4
    _many_villages(60)
    with CaptureQueriesContext(connection) as many:
        assert len(ranking(staff).context["rows"]) == 50
    assert len(many) == len(few)


def test_query_count_is_pinned(staff, evidence, django_assert_max_num_queries):
    _many_villages(60)
    with django_assert_max_num_queries(14):
        ranking(staff, kategori=CONFLICT, wilayah="18.06", lokus="on")


# --- programme years ----------------------------------------------------------------------------------------


def segments(*codes):
    return list(Segment.objects.filter(code__in=codes))


@pytest.fixture
def year(db):
    return ProgrammeYear.objects.get(year=2022)


def update(actor, year, **changes):
    values = {
        "aim": year.aim,
        "description": year.description,
        "roster_size": year.roster_size,
        "min_women_percent": year.min_women_percent,
        "planned_sessions": year.planned_sessions,
        "segments": list(year.segments.all()),
        "required_segments": list(year.required_segments.all()),
    }
    values.update(changes)
    return programme_year_update(actor=actor, programme_year=year, **values)


def test_list_and_detail_are_open_to_every_signed_in_user(client, world, year):
    client.force_login(world.users["tanggamus_viewer"])
    response = client.get(reverse("locus:programmeyear_list"))
    assert [y.year for y in response.context["years"]] == [2024, 2023, 2022, 2021]
    assert reverse("locus:programmeyear_update", args=[2022]) not in response.content.decode()
    response = client.get(year.get_absolute_url())
    html = response.content.decode()
    assert "DP3 2022" in html and "Kesadaran politik" in html and "Perempuan" in html
    assert reverse("locus:programmeyear_update", args=[2022]) not in html
    assert client.get(reverse("locus:programmeyear_detail", args=[2030])).status_code == 404


def test_national_administrator_updates_a_year_and_the_history_shows_it(client, world, year):
    client.force_login(world.users["national_admin"])
    url = reverse("locus:programmeyear_update", args=[2022])
    form = client.get(url)
    assert form.status_code == 200 and "Unsur pemilih yang wajib terwakili" in form.content.decode()
    response = client.post(
        url,
        {
            "aim": StageAim.AWARENESS,
            "description": "Tahap kesadaran politik: diskusi dan simulasi.",
            "roster_size": "30",
            "min_women_percent": "40",
            "planned_sessions": "6",
            "segments": ["perempuan", "pemilih-pemula", "tokoh-agama"],
            "required_segments": ["perempuan", "pemilih-pemula"],
        },
    )
    assert response.status_code == 302 and response.url == year.get_absolute_url()
    year.refresh_from_db()
    assert (year.roster_size, year.min_women_percent, year.planned_sessions) == (30, 40, 6)
    assert {s.code for s in year.required_segments.all()} == {"perempuan", "pemilih-pemula"}
    (entry,) = programme_year_history(year)
    assert entry.user == world.users["national_admin"]
    changes = {change.label: (change.before, change.after) for change in entry.changes}
    assert changes["jumlah kader per lokus"] == ("25", "30")
    assert changes["keterwakilan perempuan minimal (%)"] == ("30%", "40%")
    assert changes["unsur pemilih yang wajib terwakili"][1] == "Pemilih Pemula, Perempuan"
    html = client.get(year.get_absolute_url()).content.decode()
    assert "Riwayat perubahan" in html and "25 → 30" in html and "30% → 40%" in html


def test_required_segments_must_be_offered(client, world, year):
    client.force_login(world.users["national_admin"])
    response = client.post(
        reverse("locus:programmeyear_update", args=[2022]),
        {
            "aim": year.aim,
            "roster_size": "25",
            "min_women_percent": "30",
            "planned_sessions": "8",
            "segments": ["perempuan"],
            "required_segments": ["perempuan", "tokoh-adat"],
        },
    )
    assert response.status_code == 200
    (error,) = response.context["form"].errors["required_segments"]
    assert error == "Unsur wajib harus termasuk unsur yang dapat dipilih; belum dipilih: Tokoh Adat."
    assert error in response.content.decode()
    year.refresh_from_db()
    assert year.segments.count() == 11 and year.roster_size == 25
    assert programme_year_history(year) == []


def test_update_rules_in_the_service(world, year):
    admin = world.users["national_admin"]
    with pytest.raises(ValidationError) as error:
        update(admin, year, segments=[], required_segments=[])
    assert error.value.message_dict == {"segments": ["Pilih sekurang-kurangnya satu unsur pemilih."]}
    with pytest.raises(ValidationError) as error:
        update(admin, year, roster_size=3)  # six segments are required
    assert error.value.message_dict["required_segments"] == [
        "Ada 6 unsur wajib, lebih banyak dari jumlah kader per lokus (3)."
    ]
    with pytest.raises(ValidationError) as error:
        update(admin, year, min_women_percent=101, roster_size=0)
    assert set(error.value.message_dict) >= {"min_women_percent", "roster_size"}
    year.refresh_from_db()
    assert (year.roster_size, year.min_women_percent) == (25, 30)
    # Saving without a change records nothing.
    update(admin, year)
    assert programme_year_history(year) == []


def test_only_national_administrators_may_update(client, world, year):
    for actor in ("lampung_admin", "national_viewer", "tanggamus_admin"):
        with pytest.raises(PermissionDenied):
            update(world.users[actor], year, roster_size=40)
        client.force_login(world.users[actor])
        response = client.post(reverse("locus:programmeyear_update", args=[2022]), {"roster_size": "40"})
        assert response.status_code == 403
    year.refresh_from_db()
    assert year.roster_size == 25


def test_form_shows_field_errors_for_bad_numbers(client, world, year):
    client.force_login(world.users["national_admin"])
    response = client.post(
        reverse("locus:programmeyear_update", args=[2022]),
        {"aim": "entah", "roster_size": "banyak", "min_women_percent": "150", "planned_sessions": "8"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"aim", "roster_size", "min_women_percent"}


def test_history_entries_are_newest_first(world, year):
    admin = world.users["national_admin"]
    update(admin, year, planned_sessions=6)
    update(admin, year, planned_sessions=7, aim=StageAim.VOLUNTEERING)
    history = programme_year_history(year)
    assert [[(c.before, c.after) for c in entry.changes] for entry in history] == [
        [("Kesadaran politik", "Kerelawanan"), ("6", "7")],
        [("8", "6")],
    ]
    assert history[0].at >= history[1].at
    assert isinstance(history[0].at, dt.datetime)


def test_programme_year_pages_have_pinned_query_counts(client, world, year, django_assert_max_num_queries):
    client.force_login(world.users["national_admin"])
    update(world.users["national_admin"], year, planned_sessions=6)
    with django_assert_max_num_queries(10):  # +1: the session's authenticator (two-factor sign-in)
        client.get(reverse("locus:programmeyear_list"))
    with django_assert_max_num_queries(12):
        client.get(year.get_absolute_url())
