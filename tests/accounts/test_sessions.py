"""Logout everywhere: a disabled account, a password set by a superuser or a reset authenticator ends the
account's open sessions; and each request refuses by itself a session whose user is no longer active."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.choices import Role
from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOME = reverse("home")
LOGIN = reverse("accounts:login")


def signed_in(user, count: int = 2) -> list[Client]:
    """``count`` browsers signed in as ``user``."""
    clients = []
    for _ in range(count):
        browser = Client()
        browser.force_login(user)
        assert browser.get(HOME).status_code == 200
        clients.append(browser)
    return clients


def sessions_of(user) -> int:
    return sum(1 for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk))


def test_a_disabled_user_is_refused_on_the_next_request_even_with_a_live_session(world):
    staff = world.users["tanggamus_staff"]
    (browser,) = signed_in(staff, 1)
    # Disabled behind the application's back (a database change): the session row is still there.
    User.objects.filter(pk=staff.pk).update(is_active=False)
    response = browser.get(HOME)
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_disabling_an_account_ends_all_its_sessions(client, world):
    staff, other = world.users["tanggamus_staff"], world.users["tanggamus_viewer"]
    browsers = signed_in(staff)
    (bystander,) = signed_in(other, 1)
    client.force_login(world.users["tanggamus_admin"])
    response = client.post(reverse("accounts:user_set_active", args=[staff.pk]), {"active": "0"})
    assert response.status_code == 302
    assert sessions_of(staff) == 0
    for browser in browsers:
        assert browser.get(HOME).url.startswith(LOGIN)
    assert bystander.get(HOME).status_code == 200  # nobody else is signed out
    assert client.get(HOME).status_code == 200


def test_disabling_through_the_account_form_ends_its_sessions(world):
    staff = world.users["tanggamus_staff"]
    signed_in(staff)
    admin = world.users["tanggamus_admin"]
    services.user_update(
        actor=admin,
        user=staff,
        email=staff.email,
        first_name=staff.first_name,
        role=staff.role,
        office=staff.office,
        is_active=False,
    )
    assert sessions_of(staff) == 0
    # An edit that keeps the account active signs nobody out.
    viewer = world.users["tanggamus_viewer"]
    signed_in(viewer, 1)
    services.user_update(
        actor=admin,
        user=viewer,
        email=viewer.email,
        first_name="Baru",
        role=viewer.role,
        office=viewer.office,
    )
    assert sessions_of(viewer) == 1


@pytest.fixture
def root(world):
    return UserFactory(username="root", is_superuser=True, is_staff=True, office=None, role=Role.VIEWER)


def test_a_superuser_disabling_or_setting_a_password_in_the_admin_ends_the_sessions(client, world, root):
    staff = world.users["tanggamus_staff"]
    browsers = signed_in(staff)
    client.force_login(root)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[staff.pk]),
        {"password1": "Kata-Sandi-Baru-2024", "password2": "Kata-Sandi-Baru-2024", "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sessions_of(staff) == 0
    for browser in browsers:
        assert browser.get(HOME).url.startswith(LOGIN)
    assert client.get(reverse("admin:index")).status_code == 200  # the superuser's own session stays

    browsers = signed_in(world.users["tanggamus_viewer"])
    viewer = world.users["tanggamus_viewer"]
    change = reverse("admin:accounts_user_change", args=[viewer.pk])
    form = client.get(change).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(is_active="", groups=[], user_permissions=[], office=viewer.office_id)
    data.pop("password", None)
    data["last_login_0"], data["last_login_1"] = "", ""
    data["date_joined_0"], data["date_joined_1"] = "2024-01-01", "00:00:00"
    data.pop("last_login", None)
    data.pop("date_joined", None)
    data = {k: v for k, v in data.items() if not isinstance(v, bool) or v}
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    viewer.refresh_from_db()
    assert not viewer.is_active
    assert sessions_of(viewer) == 0
