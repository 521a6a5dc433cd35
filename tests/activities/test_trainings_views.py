"""The training pages: the list (filters, scoping, pinned query counts), the session form in local time, the
attendance screen (one POST, all or nothing, errors named by cadre and column, a forged row refused), the
locus overview and the cadre record — names only, never a NIK."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from activities.models import TrainingAttendance, TrainingSession
from tests.activities.factories_evaluations import locus_at
from tests.activities.factories_trainings import cadre, session
from tests.factories import village


@pytest.fixture
def place(world):
    gk = locus_at(world.gunung_kasih)
    sb = locus_at(village("18.06.21.2005", "Sukabanjar"))
    cadres = [cadre(gk, f"Kader Gunung Kasih {n:02d}") for n in range(1, 26)]
    other = cadre(sb, "Kader Sukabanjar")
    flotim = locus_at(world.flotim_village)
    flotim_cadre = cadre(flotim, "Kader Waibalun")
    return {
        "gk": gk,
        "sb": sb,
        "cadres": cadres,
        "other": other,
        "flotim": flotim,
        "flotim_cadre": flotim_cadre,
    }


def _login(client, world, name="tanggamus_staff"):
    client.force_login(world.users[name])


def test_list_is_scoped_filtered_and_its_queries_pinned(client, world, place, django_assert_max_num_queries):
    staff = world.users["tanggamus_staff"]
    for number in range(1, 6):
        session(staff, [place["gk"], place["sb"]], number=number, held=number < 4)
    session(world.users["flotim_admin"], [place["flotim"]], topic="Sesi Waibalun")
    _login(client, world)
    url = reverse("activities:training_list")
    with django_assert_max_num_queries(14):  # the attendance counts: one grouped query for the page
        response = client.get(url)
    body = response.content.decode()
    assert response.context["paginator"].count == 5
    assert "Sesi Waibalun" not in body
    assert "Sesi 1 dari 8" in body and "09.00–12.00 WIB" in body
    assert client.get(url, {"pelaksanaan": "rencana"}).context["paginator"].count == 2
    assert client.get(url, {"lokus": place["sb"].pk}).context["paginator"].count == 5
    # The other jurisdiction's locus is not a choice: the filter refuses it.
    assert client.get(url, {"lokus": place["flotim"].pk}).context["paginator"].count == 0
    _login(client, world, "national_viewer")
    assert client.get(url).context["paginator"].count == 6


def test_a_session_is_entered_in_wita_for_flores_timur(client, world, place):
    _login(client, world, "flotim_admin")
    response = client.post(
        reverse("activities:training_create"),
        {
            "programme_year": 2021,
            "loci": [place["flotim"].pk],
            "session_number": 1,
            "topic": "Pengenalan DP3",
            "mode": "hybrid",
            "date": "2021-11-03",
            "start_time": "09.00",
            "end_time": "12.30",
        },
    )
    created = TrainingSession.objects.get()
    assert response.status_code == 302 and response.url == created.get_absolute_url()
    assert created.starts_at == dt.datetime(2021, 11, 3, 1, 0, tzinfo=dt.UTC)
    detail = client.get(created.get_absolute_url()).content.decode()
    assert "09.00–12.30 WITA" in detail


def test_the_form_shows_the_service_refusal_on_the_number(client, world, place):
    _login(client, world)
    response = client.post(
        reverse("activities:training_create"),
        {
            "programme_year": 2021,
            "loci": [place["gk"].pk],
            "session_number": 9,
            "topic": "Sesi tambahan",
            "mode": "luring",
            "date": "2021-11-05",
            "start_time": "09:00",
            "end_time": "12:00",
        },
    )
    assert response.status_code == 200
    assert "Sesi ke-9 melebihi rencana tahun program 2021 (8 sesi)." in response.content.decode()
    assert not TrainingSession.objects.exists()


def _post_data(cadres, *, status="hadir", pre="60", post="80,5"):
    data = {}
    for c in cadres:
        data[f"status-{c.pk}"] = status
        data[f"pre-{c.pk}"] = pre
        data[f"post-{c.pk}"] = post
        data[f"note-{c.pk}"] = ""
    return data


def test_the_attendance_screen_saves_every_row_in_one_post(
    client, world, place, django_assert_max_num_queries
):
    s = session(world.users["tanggamus_staff"], [place["gk"]], number=3)
    _login(client, world)
    url = reverse("activities:training_attendance", args=[s.pk])
    with django_assert_max_num_queries(12):
        response = client.get(url)
    body = response.content.decode()
    assert body.count('type="radio" name="status-') == 25 * 3
    assert place["cadres"][0].nik not in body
    with django_assert_max_num_queries(25):
        response = client.post(url, _post_data(place["cadres"]))
    assert response.status_code == 302
    assert TrainingAttendance.objects.filter(session=s, status="hadir").count() == 25
    assert str(TrainingAttendance.objects.first().post_score) == "80.50"
    detail = client.get(s.get_absolute_url()).content.decode()
    assert "100%" in detail and "+20,5" in detail  # Indonesian decimal comma
    assert place["cadres"][0].nik not in detail


def test_a_bad_score_is_named_and_nothing_is_saved(client, world, place):
    s = session(world.users["tanggamus_staff"], [place["gk"]])
    _login(client, world)
    data = _post_data(place["cadres"])
    data[f"post-{place['cadres'][4].pk}"] = "120"
    data[f"pre-{place['cadres'][5].pk}"] = "sembilan"
    response = client.post(reverse("activities:training_attendance", args=[s.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nilai post-test Kader Gunung Kasih 05 harus angka antara 0 dan 100." in body
    assert "Nilai pre-test Kader Gunung Kasih 06 harus angka antara 0 dan 100." in body
    assert not TrainingAttendance.objects.exists()


def test_a_forged_row_for_another_locus_is_refused_and_nothing_saved(client, world, place):
    s = session(world.users["tanggamus_staff"], [place["gk"]])
    _login(client, world)
    data = _post_data(place["cadres"])
    data[f"status-{place['other'].pk}"] = "hadir"
    data[f"status-{place['flotim_cadre'].pk}"] = "hadir"
    response = client.post(reverse("activities:training_attendance", args=[s.pk]), data)
    assert response.status_code == 200
    assert (
        "Kehadiran hanya dapat dicatat sekali untuk setiap kader lokus sesi ini" in response.content.decode()
    )
    assert not TrainingAttendance.objects.exists()


def test_a_missing_status_is_named(client, world, place):
    s = session(world.users["tanggamus_staff"], [place["gk"]])
    _login(client, world)
    data = _post_data(place["cadres"])
    del data[f"status-{place['cadres'][0].pk}"]
    response = client.post(reverse("activities:training_attendance", args=[s.pk]), data)
    assert "Pilih kehadiran Kader Gunung Kasih 01." in response.content.decode()
    assert not TrainingAttendance.objects.exists()


def test_a_session_of_two_loci_asks_for_the_locus_first(client, world, place):
    s = session(world.users["tanggamus_staff"], [place["gk"], place["sb"]])
    _login(client, world)
    url = reverse("activities:training_attendance", args=[s.pk])
    body = client.get(url).content.decode()
    assert 'type="radio"' not in body
    assert f'href="?lokus={place["gk"].pk}"' in body and f'href="?lokus={place["sb"].pk}"' in body
    assert "0 dari 25 kader sudah dicatat" in body and "0 dari 1 kader sudah dicatat" in body
    one = client.get(url, {"lokus": place["gk"].pk}).content.decode()
    assert one.count('type="radio" name="status-') == 25 * 3
    assert f'name="status-{place["other"].pk}"' not in one
    every = client.get(url, {"lokus": "semua"}).content.decode()
    assert every.count('type="radio" name="status-') == 26 * 3


def test_one_locus_of_a_session_is_saved_alone(client, world, place):
    s = session(world.users["tanggamus_staff"], [place["gk"], place["sb"]])
    _login(client, world)
    url = reverse("activities:training_attendance", args=[s.pk])
    response = client.post(f"{url}?lokus={place['gk'].pk}", _post_data(place["cadres"]), follow=True)
    assert response.redirect_chain[-1][0] == url
    body = response.content.decode()
    assert "Kehadiran kader Gunung Kasih tersimpan. Pilih lokus berikutnya." in body
    assert "25 dari 25 kader sudah dicatat" in body
    assert TrainingAttendance.objects.filter(session=s).count() == 25
    assert not TrainingAttendance.objects.filter(cadre=place["other"]).exists()
    # The other locus next: its one cadre, absent.
    response = client.post(
        f"{url}?lokus={place['sb'].pk}", {f"status-{place['other'].pk}": "tidak_hadir"}, follow=True
    )
    assert TrainingAttendance.objects.get(cadre=place["other"]).status == "tidak_hadir"
    assert "1 dari 1 kader sudah dicatat" in response.content.decode()


def test_a_post_without_a_locus_still_takes_the_whole_sheet(client, world, place):
    s = session(world.users["tanggamus_staff"], [place["gk"], place["sb"]])
    _login(client, world)
    url = reverse("activities:training_attendance", args=[s.pk])
    response = client.post(url, _post_data(place["cadres"]))
    assert response.status_code == 200
    assert "Pilih kehadiran Kader Sukabanjar." in response.content.decode()
    assert not TrainingAttendance.objects.exists()
    response = client.post(url, _post_data([*place["cadres"], place["other"]]))
    assert response.status_code == 302
    assert TrainingAttendance.objects.filter(session=s).count() == 26


def test_one_locus_is_refused_to_a_viewer_and_hidden_from_another_regency(client, world, place):
    s = session(world.users["tanggamus_staff"], [place["gk"], place["sb"]])
    url = f"{reverse('activities:training_attendance', args=[s.pk])}?lokus={place['gk'].pk}"
    _login(client, world, "tanggamus_viewer")
    assert client.post(url, _post_data(place["cadres"])).status_code == 403
    _login(client, world, "flotim_admin")
    assert client.post(url, _post_data(place["cadres"])).status_code == 404
    assert not TrainingAttendance.objects.exists()


def test_locus_overview_and_cadre_record(client, world, place, django_assert_max_num_queries):
    staff = world.users["tanggamus_staff"]
    s1 = session(staff, [place["gk"]], number=1)
    session(staff, [place["gk"]], number=2)
    _login(client, world)
    client.post(reverse("activities:training_attendance", args=[s1.pk]), _post_data(place["cadres"]))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("activities:training_locus", args=[place["gk"].pk]))
    body = response.content.decode()
    assert "1 dari 8" in body and "100%" in body
    assert body.count("Kader Gunung Kasih") >= 25
    assert place["cadres"][0].nik not in body
    record = client.get(reverse("activities:training_cadre", args=[place["cadres"][0].pk])).content.decode()
    assert "Pengenalan kepemiluan dan tugas kader" in record and "80,50" in record
    # Out of jurisdiction: the locus and the cadre do not exist.
    _login(client, world, "flotim_admin")
    assert client.get(reverse("activities:training_locus", args=[place["gk"].pk])).status_code == 404
    assert client.get(reverse("activities:training_cadre", args=[place["cadres"][0].pk])).status_code == 404
