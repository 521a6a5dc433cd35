"""The pages that manage offices and accounts: scoping of lists and choices, forms, actions."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.choices import OfficeLevel, Role
from accounts.models import Office, User
from tests.factories import UserFactory, office_for, regency

pytestmark = pytest.mark.django_db


def usernames(response) -> set[str]:
    return {account.username for account in response.context["object_list"]}


def option_values(html: str, select_name: str) -> set[str]:
    match = re.search(rf'<select name="{select_name}"[^>]*>(.*?)</select>', html, re.S)
    assert match, f"no select {select_name}"
    return {value for value in re.findall(r'<option value="([^"]*)"', match.group(1)) if value}


def create_data(**overrides) -> dict:
    data = {
        "username": "sari-dewi",
        "first_name": "Sari",
        "last_name": "Dewi",
        "email": "sari@kpu.test",
        "position": "Staf Parmas",
        "phone": "0813-7777-8888",
        "role": Role.STAFF,
        "level": OfficeLevel.REGENCY,
        "province": "",
        "regency": "18.06",
    }
    data.update(overrides)
    return data


# --- the list ----------------------------------------------------------------------------------------------


def test_a_province_administrator_sees_the_province_and_its_regencies(client, world):
    client.force_login(world.users["lampung_admin"])
    response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 200
    assert usernames(response) == {
        "lampung-admin",
        "lampung-commissioner",
        "lampung-staff",
        "lampung-viewer",
        "tanggamus-admin",
        "tanggamus-commissioner",
        "tanggamus-staff",
        "tanggamus-viewer",
    }


def test_a_regency_administrator_sees_only_the_regency(client, world):
    client.force_login(world.users["tanggamus_admin"])
    response = client.get(reverse("accounts:user_list"))
    assert usernames(response) == {
        "tanggamus-admin",
        "tanggamus-commissioner",
        "tanggamus-staff",
        "tanggamus-viewer",
    }
    assert "Flores" not in response.content.decode()


def test_the_national_administrator_sees_everyone(client, world):
    client.force_login(world.users["national_admin"])
    response = client.get(reverse("accounts:user_list"))
    assert usernames(response) == {user.username for user in world.users.values()}


def test_filters(client, world):
    client.force_login(world.users["lampung_admin"])
    url = reverse("accounts:user_list")
    staff = world.users["tanggamus_staff"]
    staff.first_name, staff.last_name = "Budi", "Santoso"
    staff.save()
    world.users["tanggamus_viewer"].is_active = False
    world.users["tanggamus_viewer"].save()

    assert usernames(client.get(url, {"role": Role.ADMIN})) == {"lampung-admin", "tanggamus-admin"}
    assert usernames(client.get(url, {"status": "nonaktif"})) == {"tanggamus-viewer"}
    assert "tanggamus-viewer" not in usernames(client.get(url, {"status": "aktif"}))
    assert usernames(client.get(url, {"q": "budi santoso"})) == {"tanggamus-staff"}
    assert usernames(client.get(url, {"q": "LAMPUNG-VIEW"})) == {"lampung-viewer"}
    tanggamus_office = staff.office_id
    assert usernames(client.get(url, {"office": tanggamus_office, "role": Role.STAFF})) == {"tanggamus-staff"}


def test_the_office_filter_offers_only_offices_in_jurisdiction(client, world):
    client.force_login(world.users["lampung_admin"])
    response = client.get(reverse("accounts:user_list"))
    offered = option_values(response.content.decode(), "office")
    assert offered == {
        str(world.users["lampung_admin"].office_id),
        str(world.users["tanggamus_admin"].office_id),
    }
    # A hand-made filter naming an office elsewhere shows nobody from it.
    flotim_office = world.users["flotim_admin"].office_id
    response = client.get(reverse("accounts:user_list"), {"office": flotim_office})
    assert response.status_code == 200
    assert usernames(response) == set()


def test_user_list_query_count_does_not_grow_with_users(client, world, django_assert_max_num_queries):
    client.force_login(world.users["lampung_admin"])
    url = reverse("accounts:user_list")
    with django_assert_max_num_queries(10) as few:  # 10: the verified session loads its authenticator
        client.get(url)
    office = world.users["tanggamus_staff"].office
    UserFactory.create_batch(20, office=office)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["object_list"]) == 25  # one page


def test_pagination_keeps_the_filter(client, world):
    office = world.users["tanggamus_staff"].office
    UserFactory.create_batch(30, office=office, role=Role.VIEWER)
    client.force_login(world.users["tanggamus_admin"])
    response = client.get(reverse("accounts:user_list"), {"role": Role.VIEWER})
    html = response.content.decode()
    assert "role=pemantau&amp;page=2" in html
    response = client.get(reverse("accounts:user_list"), {"role": Role.VIEWER, "page": 2})
    assert len(response.context["object_list"]) == 31 - 25


# --- the create form ----------------------------------------------------------------------------------------


def test_a_regency_administrator_is_offered_only_its_regency(client, world):
    client.force_login(world.users["tanggamus_admin"])
    html = client.get(reverse("accounts:user_create")).content.decode()
    assert option_values(html, "regency") == {"18.06"}
    assert option_values(html, "province") == set()
    assert re.findall(r'name="level" value="([^"]+)"', html) == [OfficeLevel.REGENCY]


def test_a_province_administrator_is_offered_its_province_and_regencies(client, world):
    regency("18.71", "Kota Bandar Lampung")
    client.force_login(world.users["lampung_admin"])
    html = client.get(reverse("accounts:user_create")).content.decode()
    assert option_values(html, "regency") == {"18.06", "18.71"}
    assert option_values(html, "province") == {"18"}
    assert re.findall(r'name="level" value="([^"]+)"', html) == [OfficeLevel.PROVINCE, OfficeLevel.REGENCY]


def test_the_national_administrator_is_offered_every_level_and_region(client, world):
    client.force_login(world.users["national_admin"])
    html = client.get(reverse("accounts:user_create")).content.decode()
    assert option_values(html, "province") == {"18", "53"}
    assert option_values(html, "regency") == {"18.06", "53.06"}
    assert '<optgroup label="Provinsi Nusa Tenggara Timur">' in html
    assert len(re.findall(r'name="level" value="', html)) == 3


def test_create_an_account_and_send_the_password_link(client, world):
    client.force_login(world.users["lampung_admin"])
    response = client.post(reverse("accounts:user_create"), create_data())
    account = User.objects.get(username="sari-dewi")
    assert response.status_code == 302
    assert response.url == account.get_absolute_url()
    assert account.office.regency_id == "18.06"
    assert account.phone == "+6281377778888"
    assert not account.has_usable_password()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sari@kpu.test"]
    assert "/accounts/reset/" in mail.outbox[0].body
    page = client.get(response.url).content.decode()
    assert "Tautan untuk membuat kata sandi telah dikirim ke sari@kpu.test" in page
    assert "Belum dibuat" in page


def test_create_makes_the_regency_office_on_demand(client, world):
    regency("18.71", "Kota Bandar Lampung")
    client.force_login(world.users["lampung_admin"])
    response = client.post(reverse("accounts:user_create"), create_data(regency="18.71"))
    assert response.status_code == 302
    assert User.objects.get(username="sari-dewi").office.name == "KPU Kota Bandar Lampung"


def test_a_hand_made_post_with_a_region_out_of_scope_is_refused(client, world):
    client.force_login(world.users["lampung_admin"])
    response = client.post(reverse("accounts:user_create"), create_data(regency="53.06"))
    assert response.status_code == 200
    assert response.context["form"].errors["regency"] == [
        "Kabupaten/kota ini tidak ada atau berada di luar wilayah kerja Anda."
    ]
    assert "berada di luar wilayah kerja Anda" in response.content.decode()
    assert not User.objects.filter(username="sari-dewi").exists()
    assert mail.outbox == []


def test_a_hand_made_post_with_a_level_above_the_jurisdiction_is_refused(client, world):
    client.force_login(world.users["tanggamus_admin"])
    for data in (
        create_data(level=OfficeLevel.NATIONAL),
        create_data(level=OfficeLevel.PROVINCE, province="18"),
    ):
        response = client.post(reverse("accounts:user_create"), data)
        assert response.status_code == 200
        assert "level" in response.context["form"].errors
    assert not User.objects.filter(username="sari-dewi").exists()
    assert not Office.objects.filter(level=OfficeLevel.NATIONAL).exclude(
        pk=world.users["national_admin"].office_id
    )


def test_create_form_errors_name_the_field_in_indonesian(client, world):
    client.force_login(world.users["tanggamus_admin"])
    response = client.post(
        reverse("accounts:user_create"),
        create_data(username="Sari Dewi", email="bukan-surel", phone="123", first_name=""),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "email" in errors and "first_name" in errors
    # Django's Indonesian message, or Django REST framework's for the same text (its catalogue, an installed
    # app's, is read before Django's own).
    assert errors["email"][0].startswith("Masukkan alamat email")
    html = response.content.decode()
    assert "Periksa kembali isian berikut" in html
    assert "huruf kecil" in errors["username"][0]
    assert "Nomor HP tidak valid" in errors["phone"][0]
    assert 'class="form-control is-invalid"' in html
    assert not User.objects.filter(email="sari@kpu.test").exists()


def test_the_services_rules_come_back_together_on_their_fields(client, world):
    client.force_login(world.users["tanggamus_admin"])
    taken = world.users["flotim_admin"]
    response = client.post(
        reverse("accounts:user_create"), create_data(username=taken.username, email=taken.email.upper())
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["username"] == ["Nama pengguna ini sudah dipakai."]
    assert errors["email"] == ["Surel ini sudah dipakai akun lain."]
    html = response.content.decode()
    assert html.count("is-invalid") >= 2
    assert User.objects.filter(username=taken.username).count() == 1


def test_a_regency_is_required_for_a_regency_office(client, world):
    client.force_login(world.users["lampung_admin"])
    response = client.post(reverse("accounts:user_create"), create_data(regency=""))
    assert response.context["form"].errors["regency"] == ["Pilih kabupaten/kota kantor pengguna."]


def test_create_from_an_office_page_preselects_the_office(client, world):
    client.force_login(world.users["lampung_admin"])
    office = world.users["tanggamus_staff"].office
    form = client.get(reverse("accounts:user_create"), {"office": office.pk}).context["form"]
    assert form.initial["level"] == OfficeLevel.REGENCY
    assert form.initial["regency"] == "18.06"
    # An office elsewhere is ignored: the administrator's own office is preselected.
    flotim = world.users["flotim_admin"].office
    form = client.get(reverse("accounts:user_create"), {"office": flotim.pk}).context["form"]
    assert form.initial["level"] == OfficeLevel.PROVINCE
    assert form.initial["province"] == "18"


# --- detail, update, actions --------------------------------------------------------------------------------


def test_detail_page(client, world):
    staff = world.users["tanggamus_staff"]
    staff.phone = "+6281234567890"
    staff.position = "Staf Teknis"
    staff.save()
    client.force_login(world.users["lampung_admin"])
    html = client.get(reverse("accounts:user_detail", args=[staff.pk])).content.decode()
    assert "0812-3456-7890" in html
    assert "Staf Teknis" in html
    assert staff.office.get_absolute_url() in html
    assert reverse("accounts:user_update", args=[staff.pk]) in html
    assert reverse("accounts:user_set_active", args=[staff.pk]) in html


def test_update_an_account(client, world):
    staff = world.users["tanggamus_staff"]
    client.force_login(world.users["lampung_admin"])
    url = reverse("accounts:user_update", args=[staff.pk])
    form = client.get(url).context["form"]
    assert form.initial["regency"] == "18.06" and form.initial["role"] == Role.STAFF
    data = create_data(email=staff.email, role=Role.COMMISSIONER, is_active="on")
    data.pop("username")
    response = client.post(url, data)
    assert response.status_code == 302
    staff.refresh_from_db()
    assert (staff.first_name, staff.role, staff.position) == ("Sari", Role.COMMISSIONER, "Staf Parmas")


def test_update_cannot_move_an_account_out_of_the_jurisdiction(client, world):
    staff = world.users["tanggamus_staff"]
    client.force_login(world.users["lampung_admin"])
    data = create_data(email=staff.email, regency="53.06", is_active="on")
    response = client.post(reverse("accounts:user_update", args=[staff.pk]), data)
    assert response.status_code == 200
    assert "regency" in response.context["form"].errors
    staff.refresh_from_db()
    assert staff.office.regency_id == "18.06"


def test_an_administrator_editing_themselves_cannot_change_role_or_status(client, world):
    admin = world.users["tanggamus_admin"]
    client.force_login(admin)
    url = reverse("accounts:user_update", args=[admin.pk])
    form = client.get(url).context["form"]
    assert form.fields["role"].disabled and form.fields["is_active"].disabled
    # A hand-made POST is ignored for disabled fields: role and status stay.
    data = create_data(email=admin.email, role=Role.VIEWER, first_name="Andi")
    data.pop("username")
    response = client.post(url, data)
    assert response.status_code == 302
    admin.refresh_from_db()
    assert (admin.first_name, admin.role, admin.is_active) == ("Andi", Role.ADMIN, True)


def test_deactivate_and_reactivate_by_post(client, world):
    staff = world.users["tanggamus_staff"]
    client.force_login(world.users["tanggamus_admin"])
    url = reverse("accounts:user_set_active", args=[staff.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"active": "0"}, follow=True)
    staff.refresh_from_db()
    assert not staff.is_active
    assert "dinonaktifkan" in response.content.decode()
    client.post(url, {"active": "1"})
    staff.refresh_from_db()
    assert staff.is_active


def test_deactivating_oneself_is_refused_with_a_message(client, world):
    admin = world.users["tanggamus_admin"]
    client.force_login(admin)
    response = client.post(reverse("accounts:user_set_active", args=[admin.pk]), {"active": "0"}, follow=True)
    assert "Anda tidak dapat menonaktifkan akun Anda sendiri." in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_deactivating_outside_the_jurisdiction_is_a_404(client, world):
    client.force_login(world.users["tanggamus_admin"])
    target = world.users["lampung_staff"]
    response = client.post(reverse("accounts:user_set_active", args=[target.pk]), {"active": "0"})
    assert response.status_code == 404
    target.refresh_from_db()
    assert target.is_active


def test_send_password_link_by_post(client, world):
    staff = world.users["tanggamus_staff"]
    client.force_login(world.users["tanggamus_admin"])
    response = client.post(reverse("accounts:user_send_reset", args=[staff.pk]), follow=True)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [staff.email]
    assert "http://testserver/accounts/reset/" in mail.outbox[0].body
    admin = world.users["tanggamus_admin"]
    assert f"{admin}, administrator KPU Kabupaten Tanggamus, meminta Anda" in mail.outbox[0].body
    assert f"Tautan untuk mengatur kata sandi telah dikirim ke {staff.email}" in response.content.decode()


# --- offices ---------------------------------------------------------------------------------------------


def test_office_list_is_scoped_and_counts_users(client, world):
    world.users["tanggamus_viewer"].is_active = False
    world.users["tanggamus_viewer"].save()
    client.force_login(world.users["lampung_admin"])
    response = client.get(reverse("accounts:office_list"))
    offices = {
        office.name: (office.active_users_count, office.users_count)
        for office in response.context["object_list"]
    }
    assert offices == {"KPU Provinsi Lampung": (4, 4), "KPU Kabupaten Tanggamus": (3, 4)}


def test_office_list_query_count(client, world, django_assert_max_num_queries):
    client.force_login(world.users["national_admin"])
    with django_assert_max_num_queries(9):  # +1: the session's authenticator (two-factor sign-in)
        response = client.get(reverse("accounts:office_list"))
    assert len(response.context["object_list"]) == 5


def test_office_detail_shows_level_region_time_zone_and_users(client, world):
    office = office_for(OfficeLevel.REGENCY, world.flotim)
    client.force_login(world.users["ntt_admin"])
    html = client.get(reverse("accounts:office_detail", args=[office.pk])).content.decode()
    assert "KPU Kabupaten Flores Timur" in html
    assert "KPU Kabupaten/Kota" in html
    assert f'href="{world.flotim.get_absolute_url()}"' in html
    assert "WITA" in html
    assert world.users["flotim_commissioner"].get_absolute_url() in html
    assert f"{reverse('accounts:user_create')}?office={office.pk}" in html


def test_province_office_links_to_the_province_page(client, world):
    office = office_for(OfficeLevel.PROVINCE, world.lampung)
    client.force_login(world.users["national_admin"])
    html = client.get(reverse("accounts:office_detail", args=[office.pk])).content.decode()
    assert f'href="{world.lampung.get_absolute_url()}"' in html
    assert "WIB" in html
