"""Machine clients of the API, as an administrator manages them: the pages (list, create with the token shown
once, detail with its calls, revoke), the service's rules, and the client's account, which is nobody's to
sign in with and no officer to list, count or e-mail."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import selectors
from accounts.api_clients import api_call_record, api_calls_purge, api_client_create, api_client_revoke
from accounts.choices import APIAccess, AuditAction, Role
from accounts.models import AccountAuditEntry, APICall, APIClient, User
from accounts.services import office_recipients
from reports.reminders import reminder_recipients

pytestmark = pytest.mark.django_db


def make_client(world, admin="tanggamus_admin", *, name="Gudang data", access=APIAccess.READ, days=30):
    actor = world.users[admin]
    return api_client_create(
        actor=actor,
        office=actor.office,
        name=name,
        access=access,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )


def form_data(world, **overrides) -> dict:
    data = {
        "name": "Gudang data Tanggamus",
        "office": world.users["tanggamus_admin"].office_id,
        "access": APIAccess.READ,
        "lifetime": "90",
        "expires_on": "",
    }
    data.update(overrides)
    return data


# --- creating through the page -----------------------------------------------------------------------------


def test_an_administrator_creates_a_client_and_reads_its_token_once(client, world):
    admin = world.users["tanggamus_admin"]
    client.force_login(admin)
    response = client.post(reverse("accounts:api_client_create"), form_data(world))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = re.search(r"(sidp3_[0-9a-f]{12}_[A-Za-z0-9_-]{40,})</textarea>", response.content.decode()).group(
        1
    )
    stored = APIClient.objects.get(name="Gudang data Tanggamus")
    assert stored.office == admin.office and stored.access == APIAccess.READ
    assert stored.created_by == admin and stored.revoked_at is None
    assert dt.timedelta(days=89) < stored.expires_at - timezone.now() <= dt.timedelta(days=90)
    # Only the SHA-256 of the token is kept: not in the row, not in the session.
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token.split("_")[1] == stored.token_prefix
    assert token not in str(APIClient.objects.filter(pk=stored.pk).values().get())
    assert token not in str(dict(client.session.items()))
    # The token works, as the client's own account (read only: a viewer of the office).
    machine = stored.user
    assert machine.is_api_client and machine.role == Role.VIEWER and machine.office == admin.office
    assert not machine.has_usable_password()
    api = client.__class__()
    assert api.get(reverse("api:locus-list"), HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    # Its page never shows the token again.
    detail = client.get(stored.get_absolute_url())
    assert detail.status_code == 200 and token not in detail.content.decode()
    assert stored.token_prefix in detail.content.decode()
    entry = AccountAuditEntry.objects.get(action=AuditAction.API_CLIENT_CREATE)
    assert entry.target == machine and entry.actor == admin and entry.regency_code == "18.06"


def test_a_read_write_client_until_a_date(client, world):
    client.force_login(world.users["lampung_admin"])
    day = timezone.localdate() + dt.timedelta(days=200)
    response = client.post(
        reverse("accounts:api_client_create"),
        form_data(
            world, name="Aplikasi mitra", access=APIAccess.READ_WRITE, lifetime="tanggal", expires_on=day
        ),
    )
    assert response.status_code == 200
    stored = APIClient.objects.get(name="Aplikasi mitra")
    assert stored.user.role == Role.STAFF
    # Valid through the chosen day, on the administrator's clock (Lampung: WIB).
    assert timezone.localtime(stored.expires_at).date() == day + dt.timedelta(days=1)
    assert timezone.localtime(stored.expires_at).time() == dt.time.min


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": " "}, "name", "Nama klien wajib diisi."),
        ({"lifetime": "tanggal"}, "expires_on", "Isi tanggal berakhirnya masa berlaku."),
        ({"lifetime": "tanggal", "expires_on": "2020-01-01"}, "expires_on", "harus berakhir di masa depan"),
        ({"lifetime": "tanggal", "expires_on": "2099-01-01"}, "expires_on", "paling lama satu tahun"),
        ({"lifetime": "1000"}, "lifetime", "pilihan yang valid"),
        ({"access": "semua"}, "access", "pilihan yang valid"),
    ],
)
def test_the_form_names_the_wrong_field(client, world, overrides, field, message):
    client.force_login(world.users["tanggamus_admin"])
    response = client.post(reverse("accounts:api_client_create"), form_data(world, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert not APIClient.objects.exists()


def test_a_name_is_unique_among_the_office_active_clients(client, world):
    old, _token = make_client(world, name="Gudang data Tanggamus")
    client.force_login(world.users["tanggamus_admin"])
    response = client.post(reverse("accounts:api_client_create"), form_data(world))
    assert "sudah memiliki klien aktif" in " ".join(response.context["form"].errors["name"])
    # Once revoked, the name is free again; another office may use it at any time.
    api_client_revoke(actor=world.users["tanggamus_admin"], client=old)
    assert client.post(reverse("accounts:api_client_create"), form_data(world)).status_code == 200
    make_client(world, "flotim_admin", name="Gudang data Tanggamus")
    assert APIClient.objects.filter(name="Gudang data Tanggamus").count() == 3


def test_an_office_outside_the_jurisdiction_is_refused(client, world):
    client.force_login(world.users["tanggamus_admin"])
    flotim_office = world.users["flotim_admin"].office_id
    response = client.post(reverse("accounts:api_client_create"), form_data(world, office=flotim_office))
    assert "office" in response.context["form"].errors
    with pytest.raises(ValidationError) as refused:
        api_client_create(
            actor=world.users["tanggamus_admin"],
            office=world.users["flotim_admin"].office,
            name="Mitra",
            access=APIAccess.READ,
            expires_at=timezone.now() + dt.timedelta(days=3),
        )
    assert "office" in refused.value.error_dict
    # A province administrator makes one for a regency office of the province.
    lampung_made, _token = api_client_create(
        actor=world.users["lampung_admin"],
        office=world.users["tanggamus_admin"].office,
        name="Mitra",
        access=APIAccess.READ,
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    assert lampung_made.office == world.users["tanggamus_admin"].office


@pytest.mark.parametrize("actor", ["tanggamus_commissioner", "tanggamus_staff", "national_viewer"])
def test_only_administrators_manage_clients(client, world, actor):
    made, _token = make_client(world)
    client.force_login(world.users[actor])
    for url in (
        reverse("accounts:api_client_list"),
        reverse("accounts:api_client_create"),
        made.get_absolute_url(),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("accounts:api_client_revoke", args=[made.pk])).status_code == 403
    with pytest.raises(ValidationError):
        make_client(world, actor)
    with pytest.raises(ValidationError):
        api_client_revoke(actor=world.users[actor], client=made)
    made.refresh_from_db()
    assert made.revoked_at is None


# --- the list, the detail, revoking ------------------------------------------------------------------------


def test_the_list_holds_the_jurisdiction_clients_with_their_recent_calls(client, world):
    tanggamus, _token = make_client(world, name="Gudang Tanggamus")
    flotim, _token = make_client(world, "flotim_admin", name="Gudang Flores Timur")
    for status in (200, 200, 404):
        api_call_record(
            client_id=tanggamus.pk, method="GET", path="/api/v1/loci/", status=status, duration_ms=5
        )
    old = api_call_record(client_id=tanggamus.pk, method="GET", path="/api/v1/", status=200, duration_ms=5)
    APICall.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=8))

    client.force_login(world.users["lampung_admin"])
    response = client.get(reverse("accounts:api_client_list"))
    assert response.status_code == 200
    rows = {row.name: row for row in response.context["object_list"]}
    assert set(rows) == {"Gudang Tanggamus"}
    assert rows["Gudang Tanggamus"].recent_calls == 3
    assert "Baca saja" in response.content.decode()
    # Another province's client does not exist here.
    assert client.get(flotim.get_absolute_url()).status_code == 404
    assert client.post(reverse("accounts:api_client_revoke", args=[flotim.pk])).status_code == 404
    flotim.refresh_from_db()
    assert flotim.revoked_at is None
    client.force_login(world.users["national_admin"])
    names = {row.name for row in client.get(reverse("accounts:api_client_list")).context["object_list"]}
    assert names == {"Gudang Tanggamus", "Gudang Flores Timur"}


def test_the_detail_shows_the_newest_calls(client, world):
    made, _token = make_client(world)
    for number in range(105):
        api_call_record(
            client_id=made.pk, method="GET", path=f"/api/v1/loci/?page={number}", status=200, duration_ms=3
        )
    client.force_login(world.users["tanggamus_admin"])
    response = client.get(made.get_absolute_url())
    calls = response.context["calls"]
    assert len(calls) == 100 and calls[0].path == "/api/v1/loci/?page=104"
    assert "/api/v1/loci/?page=104" in response.content.decode()


def test_revoking_through_the_page(client, world):
    made, _token = make_client(world)
    admin = world.users["lampung_admin"]
    client.force_login(admin)
    page = client.get(made.get_absolute_url()).content.decode()
    assert "data-confirm" in page and reverse("accounts:api_client_revoke", args=[made.pk]) in page
    response = client.post(reverse("accounts:api_client_revoke", args=[made.pk]))
    assert response.status_code == 302 and response["Location"] == made.get_absolute_url()
    made.refresh_from_db()
    assert made.revoked_at is not None and made.revoked_by == admin
    assert made.status == "dicabut" and not made.user.is_active
    entry = AccountAuditEntry.objects.get(action=AuditAction.API_CLIENT_REVOKE)
    assert entry.actor == admin and entry.target == made.user
    # A second time: a message, nothing more.
    again = client.post(reverse("accounts:api_client_revoke", args=[made.pk]), follow=True)
    assert "sudah dicabut" in again.content.decode()
    # The audit trail reads the entries in words.
    trail = client.get(reverse("accounts:audit_list")).content.decode()
    assert "Klien API dibuat" in trail and "Klien API dicabut" in trail and "Baca saja" in trail


def test_calls_older_than_90_days_are_removed(world):
    made, _token = make_client(world)
    old = api_call_record(client_id=made.pk, method="GET", path="/api/v1/", status=200, duration_ms=1)
    APICall.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=91))
    recent = api_call_record(client_id=made.pk, method="GET", path="/api/v1/", status=200, duration_ms=1)
    assert api_calls_purge() == 1
    assert list(APICall.objects.values_list("pk", flat=True)) == [recent.pk]


# --- the client's account ----------------------------------------------------------------------------------


def test_the_machine_account_never_signs_in_to_the_pages(client, world):
    made, token = make_client(world)
    machine = made.user
    machine.set_password("sandi-yang-panjang-sekali")  # even with a password someone gave it
    machine.save()
    response = client.post(
        reverse("accounts:login"), {"username": machine.username, "password": "sandi-yang-panjang-sekali"}
    )
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    # Nor does its token open a page.
    page = client.get(reverse("accounts:profile"), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert page.status_code == 302 and reverse("accounts:login") in page["Location"]


def test_the_machine_account_holds_no_permission(world):
    made, _token = make_client(world, access=APIAccess.READ_WRITE)
    machine = made.user
    machine.user_permissions.add(Permission.objects.get(codename="view_full_nik"))
    machine = User.objects.get(pk=machine.pk)
    assert not machine.has_perm("cadre.view_full_nik")
    assert not machine.has_module_perms("cadre")


def test_the_machine_account_is_no_officer(client, world):
    made, _token = make_client(world)
    machine = made.user
    admin = world.users["tanggamus_admin"]
    assert machine not in selectors.user_list(user=admin)
    assert machine not in selectors.office_users(user=admin, office=admin.office)
    office = selectors.office_list(user=admin).get(pk=admin.office_id)
    assert office.users_count == office.active_users_count == 4  # the four Tanggamus officers
    assert selectors.office_overview(user=admin).users == 4
    assert machine not in office_recipients(regency_id="18.06")
    assert machine not in reminder_recipients(admin.office)
    client.force_login(admin)
    listed = client.get(reverse("accounts:user_list")).content.decode()
    assert machine.username not in listed
    assert client.get(reverse("accounts:user_detail", args=[machine.pk])).status_code == 404
