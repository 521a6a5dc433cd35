"""The socialisation activity pages: the list with its filters and the reach totals (scoped, queries pinned),
the form's messages, the evidence download through restrict only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import SocialisationActivity
from activities.services.outreach import activity_photo_add
from tests.activities.factories_evaluations import locus_at
from tests.activities.factories_trainings import activity, cadre
from tests.factories import village

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def place(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    gk = locus_at(world.gunung_kasih)
    sb = locus_at(village("18.06.21.2005", "Sukabanjar"))
    flotim = locus_at(world.flotim_village)
    return {
        "gk": gk,
        "sb": sb,
        "flotim": flotim,
        "ani": cadre(gk, "Ani Lestari"),
        "dedi": cadre(sb, "Dedi Saputra", sex="L"),
        "eko": cadre(flotim, "Eko Koli", sex="L"),
    }


def test_list_totals_and_filters_are_scoped(client, world, place, django_assert_max_num_queries):
    staff = world.users["tanggamus_staff"]
    for day in range(1, 8):
        activity(
            staff, place["gk"], [place["ani"]], held_on=dt.date(2021, 7, day), title=f"Door to door {day}"
        )
    activity(staff, place["sb"], [place["dedi"]], method="radio", title="Dialog RRI Sukabanjar")
    activity(world.users["flotim_admin"], place["flotim"], [place["eko"]], title="Sosialisasi Waibalun")
    client.force_login(world.users["tanggamus_viewer"])
    url = reverse("activities:activity_list")
    with django_assert_max_num_queries(15):
        response = client.get(url)
    body = response.content.decode()
    assert response.context["paginator"].count == 8
    assert "Sosialisasi Waibalun" not in body
    assert response.context["reach"].total == 8 * 45
    assert client.get(url, {"metode": "radio"}).context["reach"].total == 45
    assert client.get(url, {"lokus": place["gk"].pk, "sampai": "2021-07-03"}).context["paginator"].count == 3
    client.force_login(world.users["national_viewer"])
    assert client.get(url).context["reach"].activities == 9


def test_the_form_names_the_reach_field(client, world, place):
    client.force_login(world.users["tanggamus_staff"])
    url = reverse("activities:activity_create", args=[place["gk"].pk])
    form = client.get(url)
    assert form.context["form"]["village"].value() == "18.06.11.2016"
    response = client.post(
        url,
        {
            "cadres": [place["ani"].pk],
            "held_on": "2021-08-14",
            "village": "",
            "method": "door_to_door",
            "topic": "anti_hoaks",
            "title": "Door to door",
            "reached_men": 3,
            "reached_women": 4,
            "reached_disabled": 0,
            "reached_first_time": 9,
        },
    )
    assert (
        "Pemilih pemula (9) melebihi jumlah laki-laki dan perempuan terjangkau (7)."
        in response.content.decode()
    )
    assert not SocialisationActivity.objects.exists()
    # A cadre of another locus is no choice of the form.
    response = client.post(url, {"cadres": [place["dedi"].pk], "title": "x"})
    assert "cadres" in response.context["form"].errors


def test_photos_are_served_only_through_restrict(client, world, place):
    a = activity(world.users["tanggamus_staff"], place["gk"], [place["ani"]])
    photo = activity_photo_add(
        actor=world.users["tanggamus_staff"],
        activity=a,
        upload=SimpleUploadedFile("warga.png", PNG),
        title="Warga",
    )
    url = reverse("activities:activity_photo", args=[photo.pk])
    client.force_login(world.users["tanggamus_viewer"])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG
    detail = client.get(a.get_absolute_url()).content.decode()
    assert url in detail and "/media/" not in detail
    client.force_login(world.users["flotim_admin"])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_photo_upload_page_refuses_a_fake_image(client, world, place):
    a = activity(world.users["tanggamus_staff"], place["gk"], [place["ani"]])
    client.force_login(world.users["tanggamus_staff"])
    response = client.post(
        reverse("activities:activity_photo_add", args=[a.pk]),
        {"file": SimpleUploadedFile("foto.jpg", b"not a jpeg"), "title": "Foto"},
    )
    assert "Isi berkas tidak sesuai dengan jenisnya (.jpg)." in response.content.decode()
    assert not a.photos.exists()
