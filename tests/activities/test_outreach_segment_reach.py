"""People reached per voter segment of the programme year: the form has one number per segment of the year,
the service stores the non-zero ones and refuses a negative count, a count above the men and women reached
and a segment of another year, naming the field; the activity page and the dashboards show them, the
dashboards summed within the user's jurisdiction."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from activities.models import ActivitySegmentReach, SocialisationActivity
from activities.selectors.outreach import segment_reach_of
from activities.services.outreach import ActivityData, activity_update
from locus.models import ProgrammeYear, Segment
from tests.activities.factories_evaluations import locus_at
from tests.activities.factories_trainings import activity, cadre


@pytest.fixture
def place(world):
    gk = locus_at(world.gunung_kasih)
    flotim = locus_at(world.flotim_village)
    return {
        "gk": gk,
        "flotim": flotim,
        "ani": cadre(gk, "Ani Lestari"),
        "eko": cadre(flotim, "Eko Koli", sex="L"),
    }


def _post(place, **extra) -> dict:
    return {
        "cadres": [place["ani"].pk],
        "held_on": "2021-08-14",
        "village": "",
        "method": "door_to_door",
        "topic": "anti_hoaks",
        "title": "Sosialisasi pemilih pemula",
        "reached_men": "10",
        "reached_women": "12",
        "reached_disabled": "1",
        "reached_first_time": "9",
        **extra,
    }


def _reach(a: SocialisationActivity) -> dict[str, int]:
    return dict(a.segment_reach.values_list("segment_id", "people"))


def test_the_form_offers_one_number_per_segment_of_the_year(client, world, place):
    client.force_login(world.users["tanggamus_staff"])
    form = client.get(reverse("activities:activity_create", args=[place["gk"].pk])).context["form"]
    year = ProgrammeYear.objects.get(pk=2021)
    assert [f.name for f in form.segment_reach_fields] == [
        f"reach_{s.code}" for s in year.segments.order_by("order", "name")
    ]


def test_a_valid_post_stores_the_reach_per_segment(client, world, place):
    client.force_login(world.users["tanggamus_staff"])
    url = reverse("activities:activity_create", args=[place["gk"].pk])
    response = client.post(
        url, _post(place, **{"reach_perempuan": "12", "reach_pemilih-pemula": "9", "reach_tokoh-agama": "0"})
    )
    a = SocialisationActivity.objects.get()
    assert response.status_code == 302 and response["Location"] == a.get_absolute_url()
    assert _reach(a) == {"perempuan": 12, "pemilih-pemula": 9}
    # The edit form shows them; changing one, clearing another.
    edit = reverse("activities:activity_update", args=[a.pk])
    assert client.get(edit).context["form"]["reach_perempuan"].value() == 12
    response = client.post(edit, _post(place, **{"reach_perempuan": "11", "reach_pemilih-pemula": ""}))
    assert response.status_code == 302
    assert _reach(a) == {"perempuan": 11}
    row = ActivitySegmentReach.objects.get()
    assert row.history.first().history_user == world.users["tanggamus_staff"]
    # The activity page shows every segment of the year, 0 where none was recorded.
    page = client.get(a.get_absolute_url())
    shown = {row.code: row.people for row in page.context["segment_reach"]}
    assert shown["perempuan"] == 11 and shown["pemilih-pemula"] == 0
    assert 'data-segment="perempuan"' in page.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("23", "Perempuan (23) melebihi jumlah laki-laki dan perempuan terjangkau (22)."),
        ("-1", "Perempuan: jumlah harus bilangan bulat 0 atau lebih."),
        ("dua", "Perempuan: jumlah harus bilangan bulat 0 atau lebih."),
    ],
)
def test_bad_counts_are_refused_naming_the_segment(client, world, place, value, message):
    client.force_login(world.users["tanggamus_staff"])
    url = reverse("activities:activity_create", args=[place["gk"].pk])
    response = client.post(url, _post(place, reach_perempuan=value))
    assert response.status_code == 200
    assert response.context["form"].errors["reach_perempuan"] == [message]
    assert message in response.content.decode()
    assert not SocialisationActivity.objects.exists()


def test_the_service_refuses_a_segment_outside_the_programme_year(world, place):
    outside = Segment.objects.create(code="nelayan", name="Nelayan", order=99)
    with pytest.raises(ValidationError) as excinfo:
        activity(world.users["tanggamus_staff"], place["gk"], [place["ani"]], segment_reach={outside.code: 3})
    assert excinfo.value.message_dict["segment_reach"] == [
        "Jangkauan per unsur hanya untuk unsur pemilih tahun program 2021."
    ]
    assert not ActivitySegmentReach.objects.exists()


@pytest.mark.parametrize(("actor", "status"), [("tanggamus_viewer", 403), ("flotim_admin", 404)])
def test_others_cannot_post_reach(client, world, place, actor, status):
    client.force_login(world.users[actor])
    url = reverse("activities:activity_create", args=[place["gk"].pk])
    assert client.post(url, _post(place, reach_perempuan="5")).status_code == status
    a = activity(world.users["tanggamus_staff"], place["gk"], [place["ani"]], segment_reach={"perempuan": 5})
    edit = reverse("activities:activity_update", args=[a.pk])
    assert client.post(edit, _post(place, reach_perempuan="7")).status_code == status
    assert _reach(a) == {"perempuan": 5}
    with pytest.raises(PermissionDenied):
        activity_update(
            actor=world.users[actor],
            activity=a,
            data=ActivityData(cadres=[place["ani"]], segment_reach={"perempuan": 7}),
        )


def test_the_dashboards_sum_the_reach_per_segment_within_the_jurisdiction(client, world, place):
    staff = world.users["tanggamus_staff"]
    activity(staff, place["gk"], [place["ani"]], segment_reach={"perempuan": 20, "tokoh-agama": 3})
    activity(staff, place["gk"], [place["ani"]], segment_reach={"perempuan": 5})
    activity(world.users["flotim_admin"], place["flotim"], [place["eko"]], segment_reach={"perempuan": 40})

    def sums(user, url):
        client.force_login(world.users[user])
        return {row.code: row.people for row in client.get(url).context["dashboard"].segment_reach}

    tanggamus = sums("tanggamus_viewer", "/")
    assert (tanggamus["perempuan"], tanggamus["tokoh-agama"], tanggamus["pemilih-pemula"]) == (25, 3, 0)
    national = sums("national_viewer", "/")
    assert national["perempuan"] == 65
    assert sums("national_viewer", "/dasbor/provinsi/53/")["perempuan"] == 40
    assert sums("lampung_viewer", "/dasbor/kabupaten/18.06/")["perempuan"] == 25
    # The selector agrees with the dashboard, and a segment's sum never exceeds the people reached.
    activities = SocialisationActivity.objects.restrict(world.users["tanggamus_viewer"], "view")
    figures = {row.code: row.people for row in segment_reach_of(activities, year=2021)}
    assert figures == tanggamus
    assert max(figures.values()) <= sum(a.reached_total for a in activities)
    body = client.get("/dasbor/kabupaten/18.06/").content.decode()
    assert "dashboard-segment-reach" in body
