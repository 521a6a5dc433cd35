"""Dates and times as KPU writes them, error pages in Indonesian, and the language switch."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

UTC = dt.UTC


@pytest.mark.parametrize(
    ("zone", "expected"),
    [("Asia/Makassar", "09.00 WITA"), ("Asia/Jakarta", "08.00 WIB"), ("Asia/Jayapura", "10.00 WIT")],
)
def test_a_moment_is_shown_in_the_local_zone_with_its_abbreviation(zone, expected):
    # The NTT rakor began at 09.00 WITA on 3 November 2021, which is 01.00 UTC.
    moment = dt.datetime(2021, 11, 3, 1, 0, tzinfo=UTC)
    with translation.override("id"):
        assert Template("{{ m|local_time:zone }}").render(Context({"m": moment, "zone": zone})) == expected


def test_dates_are_written_in_full_indonesian():
    moment = dt.datetime(2021, 11, 3, 1, 0, tzinfo=UTC)
    with translation.override("id"):
        rendered = Template("{{ d|date }} · {{ m|local_date:'Asia/Makassar' }}").render(
            Context({"d": dt.date(2021, 11, 3), "m": moment})
        )
    assert rendered == "3 November 2021 · 3 November 2021"
    with translation.override("id"):
        assert Template("{{ d|date }}").render(Context({"d": dt.date(2021, 6, 10)})) == "10 Juni 2021"


def test_local_date_crosses_midnight_by_zone():
    late = dt.datetime(2021, 11, 2, 16, 30, tzinfo=UTC)  # 23.30 WIB, 00.30 WITA the next day
    template = Template("{{ m|local_date:zone }}")
    with translation.override("id"):
        assert template.render(Context({"m": late, "zone": "Asia/Jakarta"})) == "2 November 2021"
        assert template.render(Context({"m": late, "zone": "Asia/Makassar"})) == "3 November 2021"
    assert late.astimezone(ZoneInfo("Asia/Makassar")).hour == 0


def test_not_found_page_is_indonesian(client, world):
    client.force_login(world.users["tanggamus_staff"])
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan" in html
    assert 'lang="id"' in html


def test_forbidden_page_is_indonesian(client, world):
    client.force_login(world.users["tanggamus_viewer"])
    response = client.get("/accounts/pengguna/")
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


def test_server_error_page_is_indonesian_and_needs_no_database(client, settings):
    from dp3.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "Terjadi kesalahan pada sistem" in response.content.decode()


def test_home_names_the_office_and_jurisdiction(client, world):
    client.force_login(world.users["tanggamus_commissioner"])
    html = client.get("/").content.decode()
    assert "KPU Kabupaten Tanggamus" in html
    assert "Wilayah kerja: Kabupaten Tanggamus" in html
    assert "WIB" in html
    client.force_login(world.users["national_admin"])
    assert "seluruh Indonesia" in client.get("/").content.decode()


def test_language_can_be_switched_to_english(client, world):
    client.force_login(world.users["tanggamus_staff"])
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert 'lang="en"' in html


def test_indonesian_is_the_default_whatever_the_browser_says(client, world):
    client.force_login(world.users["tanggamus_staff"])
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="id"' in html
