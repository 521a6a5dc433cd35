"""Account management stays within the administrator's own rights: nobody changes, disables, resets or mails
a password link to an account that holds more than they do (a higher role, a permission they lack, the second
sign-in step they do not have). Such an account goes to an administrator who holds those rights, or a
superuser."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services, two_factor
from accounts.choices import OfficeLevel, Role
from accounts.models import User
from tests.accounts.factories import update_data
from tests.factories import UserFactory
from tests.two_factor import authenticator

pytestmark = pytest.mark.django_db

REFUSED = "hak yang tidak Anda miliki"


def grant_full_nik(user) -> User:
    user.user_permissions.add(Permission.objects.get(codename="view_full_nik"))
    return User.objects.get(pk=user.pk)  # Django caches permissions on the instance


@pytest.fixture
def colleague(world) -> User:
    """A Tanggamus colleague who may read full NIKs, with an authenticator set up."""
    user = UserFactory(
        username="rekan-nik",
        email="rekan@kpu.test",
        office=world.office(OfficeLevel.REGENCY, "tanggamus"),
        role=Role.STAFF,
    )
    user = grant_full_nik(user)
    authenticator(user)
    return user


def test_a_regency_administrator_cannot_take_over_a_colleague_who_reads_full_niks(client, world, colleague):
    """The reported attack: change the e-mail to one's own, reset the authenticator, mail a password link."""
    attacker = world.users["tanggamus_admin"]
    assert not attacker.has_perm("cadre.view_full_nik")
    client.force_login(attacker)

    # 1. The e-mail address: the edit page is refused, and so is a hand-made POST.
    url = reverse("accounts:user_update", args=[colleague.pk])
    response = client.get(url)
    assert response.status_code == 403
    assert REFUSED in response.content.decode()
    response = client.post(url, update_data(colleague, email="admin-tanggamus@contoh.test"))
    assert response.status_code == 403
    colleague.refresh_from_db()
    assert colleague.email == "rekan@kpu.test"

    # 2. The authenticator stays.
    response = client.post(reverse("accounts:user_reset_2fa", args=[colleague.pk]), follow=True)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert TOTPDevice.objects.filter(user=colleague, confirmed=True).exists()

    # 3. No password link is mailed, to anybody.
    response = client.post(reverse("accounts:user_send_reset", args=[colleague.pk]), follow=True)
    assert REFUSED in response.content.decode()
    assert mail.outbox == []

    # 4. Nor is the account disabled or its sessions ended.
    response = client.post(
        reverse("accounts:user_set_active", args=[colleague.pk]), {"active": "0"}, follow=True
    )
    assert REFUSED in response.content.decode()
    colleague.refresh_from_db()
    assert colleague.is_active


def test_the_account_page_explains_why_its_buttons_are_gone(client, world, colleague):
    client.force_login(world.users["tanggamus_admin"])
    html = client.get(reverse("accounts:user_detail", args=[colleague.pk])).content.decode()
    assert REFUSED in html
    for name in ("user_update", "user_reset_2fa", "user_send_reset", "user_set_active"):
        assert reverse(f"accounts:{name}", args=[colleague.pk]) not in html, name
    # An account within the administrator's rights keeps its buttons.
    staff = world.users["tanggamus_staff"]
    html = client.get(reverse("accounts:user_detail", args=[staff.pk])).content.decode()
    assert REFUSED not in html
    assert reverse("accounts:user_update", args=[staff.pk]) in html
    assert reverse("accounts:user_send_reset", args=[staff.pk]) in html


@pytest.mark.parametrize("actor", ["tanggamus_admin", "lampung_admin", "national_admin"])
def test_every_service_refuses_an_account_beyond_the_actors_rights(world, colleague, actor):
    """Neither a higher office nor a wider jurisdiction stands in for a permission the actor lacks."""
    admin = world.users[actor]
    calls = {
        "update": lambda: services.user_update(
            actor=admin,
            user=colleague,
            email="lain@contoh.test",
            first_name=colleague.first_name,
            role=colleague.role,
            office=colleague.office,
        ),
        "deactivate": lambda: services.user_set_active(actor=admin, user=colleague, active=False),
        "reset_2fa": lambda: two_factor.two_factor_reset(actor=admin, user=colleague),
        "send_link": lambda: services.user_send_password_reset(
            actor=admin, user=colleague, domain="sidp3.test"
        ),
    }
    for name, call in calls.items():
        with pytest.raises(ValidationError) as excinfo:
            call()
        assert REFUSED in " ".join(excinfo.value.messages), name
    colleague.refresh_from_db()
    assert colleague.email == "rekan@kpu.test" and colleague.is_active
    assert TOTPDevice.objects.filter(user=colleague).exists()
    assert mail.outbox == []


def test_reactivating_an_account_beyond_the_actors_rights_is_refused(world, colleague):
    User.objects.filter(pk=colleague.pk).update(is_active=False)
    with pytest.raises(ValidationError):
        services.user_set_active(actor=world.users["tanggamus_admin"], user=colleague, active=True)
    assert not User.objects.get(pk=colleague.pk).is_active


def test_permissions_through_a_group_count_too(world):
    readers = Group.objects.create(name="Pembaca NIK")
    readers.permissions.add(Permission.objects.get(codename="view_full_nik"))
    target = world.users["tanggamus_viewer"]
    target.groups.add(readers)
    with pytest.raises(ValidationError) as excinfo:
        services.user_set_active(actor=world.users["tanggamus_admin"], user=target, active=False)
    assert REFUSED in " ".join(excinfo.value.messages)
    # An administrator in the same group manages the account.
    admin = world.users["tanggamus_admin"]
    admin.groups.add(readers)
    admin = User.objects.get(pk=admin.pk)
    services.user_set_active(actor=admin, user=target, active=False)
    assert not User.objects.get(pk=target.pk).is_active


def test_an_administrator_who_holds_the_same_rights_manages_the_account(client, world, colleague):
    admin = grant_full_nik(world.users["lampung_admin"])
    client.force_login(admin)
    url = reverse("accounts:user_update", args=[colleague.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, update_data(colleague, email="rekan-baru@kpu.test"))
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.email == "rekan-baru@kpu.test"
    response = client.post(reverse("accounts:user_reset_2fa", args=[colleague.pk]), follow=True)
    assert "pengguna memasang autentikator baru" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    response = client.post(reverse("accounts:user_send_reset", args=[colleague.pk]))
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["rekan-baru@kpu.test"]]


def test_a_superuser_manages_any_account(world, colleague):
    root = UserFactory(username="root", is_superuser=True, is_staff=True, office=None, role=Role.VIEWER)
    services.user_set_active(actor=root, user=colleague, active=False)
    assert not User.objects.get(pk=colleague.pk).is_active


def test_administrators_of_the_same_rights_manage_each_other(world):
    """An administrator is within another administrator's rights when it holds nothing more."""
    other_admin = UserFactory(
        username="admin-kedua", office=world.office(OfficeLevel.REGENCY, "tanggamus"), role=Role.ADMIN
    )
    services.user_set_active(actor=world.users["tanggamus_admin"], user=other_admin, active=False)
    assert not User.objects.get(pk=other_admin.pk).is_active


def test_the_rule_compares_role_and_the_second_step_too(world):
    """Unreachable through the forms today (every actor is an administrator, and an account that must use
    the second step lies beneath an actor who must too), but the rule says so."""
    admin, staff = world.users["tanggamus_admin"], world.users["tanggamus_staff"]
    higher = User(username="x", role=Role.ADMIN, office=staff.office, is_active=True)
    staff.role = Role.STAFF
    assert "peran" in services.rights_refusal(staff, higher)
    province_admin = world.users["lampung_admin"]
    assert two_factor.requires_two_factor(province_admin)
    assert "verifikasi dua langkah" in services.rights_refusal(admin, province_admin)
    assert services.rights_refusal(province_admin, admin) is None


def test_creating_an_account_beyond_ones_rights_is_refused(world, monkeypatch):
    """The same rule after creating: an account that would hold more than its creator is not saved."""
    monkeypatch.setattr(
        services, "rights_refusal", lambda actor, user: "Akun ini memiliki hak yang tidak Anda miliki."
    )
    admin = world.users["tanggamus_admin"]
    with pytest.raises(ValidationError) as excinfo:
        services.user_create(
            actor=admin,
            username="baru-sekali",
            email="baru@kpu.test",
            first_name="Baru",
            role=Role.STAFF,
            office=admin.office,
        )
    assert REFUSED in " ".join(excinfo.value.messages)
    assert not User.objects.filter(username="baru-sekali").exists()
