"""The roster and cadre pages: the full NIK reaches no page of a user without the permission, the reveal
is logged, forms put the services' errors on their fields, the steps, replacement, follow-on and scoping."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadre.checks import mask_nik
from cadre.choices import CadreStatus
from cadre.models import Cadre, NikAccess
from cadre.services import cadre_register
from tests.cadre.factories import cadre_data, make_nik
from tests.cadre.test_services import ALL_CHECKED
from tests.locus.factories import LocusFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def locus(world):
    return LocusFactory(village=world.gunung_kasih)


@pytest.fixture
def cadre(world, locus):
    cadre, _w = cadre_register(
        actor=world.users["tanggamus_staff"], locus=locus, data=cadre_data(locus.village_id)
    )
    return cadre


def login(client, world, name):
    client.force_login(world.users[name])
    return world.users[name]


def form_post(locus, **overrides):
    birth = dt.date(1995, 8, 15)
    data = {
        "nik": make_nik("18.06.11", birth, "P"),
        "full_name": "Rina Marlina",
        "sex": "P",
        "birth_place": "Tanggamus",
        "birth_date": "15/08/1995",
        "address": "Pekon Gunung Kasih",
        "domicile_village": locus.village_id,
        "phone": "0812-3456-7890",
        "segments": ["perempuan"],
        "nonpartisan": "on",
        "recruited_on": "2021-06-01",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_no_page_shows_the_full_nik_without_the_permission(client, world, locus, cadre):
    login(client, world, "national_admin")
    urls = [
        reverse("cadre:roster", args=[locus.pk]),
        reverse("cadre:cadre_list"),
        reverse("cadre:cadre_detail", args=[cadre.pk]),
        reverse("cadre:cadre_update", args=[cadre.pk]),
        reverse("cadre:cadre_step", args=[cadre.pk, "verifikasi"]),
        reverse("cadre:cadre_access_report", args=[cadre.pk]),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert cadre.nik not in html, url
    detail = client.get(urls[2]).content.decode()
    assert mask_nik(cadre.nik) in detail
    assert "Lihat NIK lengkap" not in detail
    # a NIK is no search term for these users
    assert (
        "Siti"
        not in client.get(urls[1], {"q": cadre.nik, "tahun": 2021}).content.decode().split("cadre-table")[-1]
    )


def test_reveal_is_refused_without_the_permission(client, world, cadre):
    login(client, world, "national_admin")
    response = client.post(
        reverse("cadre:cadre_reveal_nik", args=[cadre.pk]), {"reason": "Pencocokan KTP-el untuk SK"}
    )
    assert response.status_code == 403
    assert not NikAccess.objects.exists()


def test_reveal_with_a_reason_is_logged_and_shows_the_nik(client, world, cadre):
    user = login(client, world, "tanggamus_admin")
    user.user_permissions.add(Permission.objects.get(codename="view_full_nik"))
    client.force_login(user)  # a holder of full NIKs signs in with the second step too
    url = reverse("cadre:cadre_reveal_nik", args=[cadre.pk])
    assert "Lihat NIK lengkap" in client.get(reverse("cadre:cadre_detail", args=[cadre.pk])).content.decode()
    short = client.post(url, {"reason": "cek"}, HTTP_HX_REQUEST="true")
    assert short.status_code == 200 and cadre.nik not in short.content.decode()
    assert "minimal 10 karakter" in short.content.decode()
    assert not NikAccess.objects.exists()
    shown = client.post(url, {"reason": "Pencocokan KTP-el untuk SK"}, HTTP_HX_REQUEST="true")
    assert cadre.nik in shown.content.decode()
    access = NikAccess.objects.get()
    assert (access.user, access.cadre_id, access.reason) == (user, cadre.pk, "Pencocokan KTP-el untuk SK")
    report = client.get(reverse("cadre:cadre_access_report", args=[cadre.pk])).content.decode()
    assert "Pencocokan KTP-el untuk SK" in report and cadre.nik not in report


def test_roster_shows_the_summary_and_its_query_count_is_constant(
    client, world, locus, cadre, django_assert_max_num_queries
):
    login(client, world, "tanggamus_viewer")
    url = reverse("cadre:roster", args=[locus.pk])
    response = client.get(url)
    html = response.content.decode()
    assert "0/25" in html and "Siti Rahmawati" in html and "https://wa.me/6281234567890" in html
    assert "Daftarkan kader" not in html  # a viewer may not register
    list_url = reverse("cadre:cadre_list")
    with CaptureQueriesContext(connection) as roster_one:
        client.get(url)
    with CaptureQueriesContext(connection) as list_one:
        client.get(list_url)
    for serial in range(9040, 9045):  # far from the automatic serials of make_nik
        cadre_register(
            actor=world.users["tanggamus_staff"],
            locus=locus,
            data=cadre_data(locus.village_id, serial=serial),
        )
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(17):
        assert client.get(list_url).status_code == 200
    with CaptureQueriesContext(connection) as roster_six:
        client.get(url)
    with CaptureQueriesContext(connection) as list_six:
        client.get(list_url)
    assert (len(roster_six), len(list_six)) == (len(roster_one), len(list_one))


def test_register_saves_and_warns_about_another_domicile_village(client, world, locus):
    login(client, world, "tanggamus_staff")
    url = reverse("cadre:cadre_create", args=[locus.pk])
    assert "Penyandang Disabilitas" in client.get(url).content.decode()
    response = client.post(url, form_post(locus, domicile_village="18.06.21.2005"), follow=True)
    cadre = Cadre.objects.get()
    assert response.redirect_chain[-1][0] == cadre.get_absolute_url()
    assert (cadre.status, cadre.phone, cadre.birth_date) == (
        CadreStatus.REGISTERED,
        "+6281234567890",
        dt.date(1995, 8, 15),
    )
    html = response.content.decode()
    assert "bukan desa lokus" in html and "Bukan desa lokus" in html


def test_register_puts_the_service_errors_on_the_fields_and_saves_nothing(client, world, locus):
    login(client, world, "tanggamus_staff")
    url = reverse("cadre:cadre_create", args=[locus.pk])
    response = client.post(
        url, form_post(locus, sex="L", birth_date="1995-08-16", segments=["penyandang-disabilitas"])
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Jenis kelamin tidak sesuai" in errors["sex"][0]
    assert "tidak sesuai dengan NIK" in errors["birth_date"][0]
    assert "disabilitas" in errors["disability"][0]
    bad_date = client.post(url, form_post(locus, birth_date="31/02/1995")).context["form"].errors
    assert "Tanggal tidak dikenali" in bad_date["birth_date"][0]
    bad_file = client.post(
        url,
        {
            **form_post(locus),
            "nonpartisan_statement": SimpleUploadedFile("a.exe", b"MZ", "application/octet-stream"),
        },
    )
    assert "PDF, JPG atau PNG" in bad_file.context["form"].errors["nonpartisan_statement"][0]
    assert not Cadre.objects.exists()


def test_register_judges_age_on_the_recruitment_date_within_the_programme_year(client, world, locus):
    """A 2021 roster entered years later: without a date the cadre is recruited on the locus' SK date (7 June
    2021), so someone 16 then is refused though an adult today; a date outside 2021 is refused."""
    login(client, world, "tanggamus_staff")
    url = reverse("cadre:cadre_create", args=[locus.pk])
    assert locus.decree_date == dt.date(2021, 6, 7)
    birth = dt.date(2004, 6, 10)  # 16 on 7 June 2021
    young = {"nik": make_nik("18.06.11", birth, "P"), "birth_date": "10/06/2004"}
    refused = client.post(url, form_post(locus, recruited_on="", **young))
    assert "07/06/2021" in refused.context["form"].errors["birth_date"][0]
    outside = client.post(url, form_post(locus, recruited_on="15/01/2022"))
    assert "di luar tahun program 2021" in outside.context["form"].errors["recruited_on"][0]
    assert not Cadre.objects.exists()
    client.post(url, form_post(locus, recruited_on=""))
    assert Cadre.objects.get().recruited_on == dt.date(2021, 6, 7)


def test_register_with_a_statement_and_as_follow_on(client, world, locus, cadre):
    login(client, world, "tanggamus_staff")
    url = reverse("cadre:cadre_create", args=[locus.pk]) + f"?perekrut={cadre.pk}"
    statement = SimpleUploadedFile("pernyataan.pdf", PDF, "application/pdf")
    client.post(url, {**form_post(locus), "nonpartisan_statement": statement})
    follow_on = Cadre.objects.exclude(pk=cadre.pk).get()
    assert follow_on.recruited_by == cadre and follow_on.nonpartisan_statement
    detail = client.get(reverse("cadre:cadre_detail", args=[cadre.pk])).content.decode()
    assert "Rina Marlina" in detail


def test_update_keeps_the_nik_when_left_empty(client, world, locus, cadre):
    login(client, world, "tanggamus_staff")
    nik = cadre.nik
    url = reverse("cadre:cadre_update", args=[cadre.pk])
    html = client.get(url).content.decode()
    assert cadre.nik not in html and mask_nik(cadre.nik) in html
    response = client.post(url, form_post(locus, nik="", full_name="Siti Rahma", birth_date="15/08/1995"))
    assert response.status_code == 302, response.context["form"].errors
    cadre.refresh_from_db()
    assert (cadre.full_name, cadre.nik) == ("Siti Rahma", nik)


def test_the_steps_through_to_active(client, world, locus, cadre):
    login(client, world, "tanggamus_staff")
    step = lambda slug: reverse("cadre:cadre_step", args=[cadre.pk, slug])  # noqa: E731
    missing = client.post(step("verifikasi"), {"ktp": "on"})
    assert "Belum terpenuhi" in missing.content.decode()
    client.post(step("verifikasi"), dict.fromkeys(ALL_CHECKED, "on"))
    empty = client.post(step("wawancara"), {"interview_notes": "", "interviewed_on": ""})
    assert "Catatan wawancara wajib diisi." in empty.context["form"].errors["interview_notes"]
    client.post(step("wawancara"), {"interview_notes": "Tidak berafiliasi", "interviewed_on": "01/07/2021"})
    assert client.get(step("tetapkan")).status_code == 403  # staff may not appoint
    login(client, world, "tanggamus_commissioner")
    client.post(step("tetapkan"), {"decree_number": "12/PP.06/2021", "decree_date": "2021-08-01"})
    client.post(step("aktifkan"))
    cadre.refresh_from_db()
    assert (cadre.status, cadre.decree_number, cadre.interviewed_on) == (
        "aktif",
        "12/PP.06/2021",
        dt.date(2021, 7, 1),
    )
    # a step out of order is refused with a message, not an error page
    response = client.get(step("verifikasi"), follow=True)
    assert "tidak dapat diubah" in response.content.decode()
    assert "1/25" in client.get(reverse("cadre:roster", args=[locus.pk])).content.decode()


def test_replacement_of_a_resigned_cadre(client, world, locus, cadre):
    assert client.get(reverse("cadre:cadre_replace", args=[cadre.pk])).status_code == 302
    login(client, world, "tanggamus_staff")
    assert client.get(reverse("cadre:cadre_replace", args=[cadre.pk])).status_code == 302  # not resigned
    client.post(reverse("cadre:cadre_step", args=[cadre.pk, "mundur"]), {"status_reason": "Pindah domisili"})
    response = client.post(reverse("cadre:cadre_replace", args=[cadre.pk]), form_post(locus))
    assert response.status_code == 302
    cadre.refresh_from_db()
    new = cadre.replaced_by
    assert cadre.status == CadreStatus.REPLACED and new.status == CadreStatus.REGISTERED
    html = client.get(reverse("cadre:cadre_detail", args=[new.pk])).content.decode()
    assert cadre.full_name in html


def test_list_filters_and_scoping(client, world, locus, cadre):
    out_locus = LocusFactory(village=world.flotim_village)
    cadre_register(
        actor=world.users["flotim_admin"],
        locus=out_locus,
        data=cadre_data("53.06.03.1001", full_name="Maria Goreti"),
    )
    login(client, world, "lampung_viewer")
    html = client.get(reverse("cadre:cadre_list"), {"tahun": 2021}).content.decode()
    assert "Siti Rahmawati" in html and "Maria Goreti" not in html
    assert (
        "Siti"
        not in client.get(reverse("cadre:cadre_list"), {"tahun": 2021, "jk": "L"})
        .content.decode()
        .split("cadre-table")[-1]
    )
    assert (
        "Siti Rahmawati"
        in client.get(reverse("cadre:cadre_list"), {"tahun": 2021, "q": "rahma"}).content.decode()
    )
    assert client.get(reverse("cadre:roster", args=[out_locus.pk])).status_code == 404
    login(client, world, "national_viewer")
    html = client.get(reverse("cadre:cadre_list"), {"tahun": 2021}).content.decode()
    assert "Siti Rahmawati" in html and "Maria Goreti" in html
