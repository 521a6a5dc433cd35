"""The Django admin: offices and users, for superusers only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.choices import Role
from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(world):
    return UserFactory(username="root", is_superuser=True, is_staff=True, office=None, role=Role.VIEWER)


def test_superuser_uses_the_admin_pages(client, world, root):
    client.force_login(root)
    for name in (
        "admin:accounts_user_changelist",
        "admin:accounts_user_add",
        "admin:accounts_office_changelist",
        "admin:accounts_office_add",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    staff = world.users["tanggamus_staff"]
    html = client.get(reverse("admin:accounts_user_change", args=[staff.pk])).content.decode()
    assert 'name="office"' in html and 'name="role"' in html and 'name="position"' in html
    response = client.get(
        reverse("admin:accounts_user_changelist"), {"role__exact": Role.ADMIN, "q": "lampung"}
    )
    assert [user.username for user in response.context["cl"].result_list] == ["lampung-admin"]


def test_superuser_adds_a_user_in_the_admin(client, world, root):
    client.force_login(root)
    office = world.users["flotim_admin"].office
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "operator-ntt",
            "email": "operator@kpu.test",
            "office": office.pk,
            "role": Role.STAFF,
            "usable_password": "false",
            "password1": "",
            "password2": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    user = User.objects.get(username="operator-ntt")
    assert user.office == office and not user.has_usable_password()


def test_staff_without_superuser_sees_nothing_even_with_permissions(client, world):
    user = world.users["national_admin"]
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="accounts"))
    client.force_login(user)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    assert client.get(reverse("admin:accounts_office_changelist")).status_code == 403
    app_list = client.get(reverse("admin:index")).context["app_list"]
    assert "accounts" not in {app["app_label"] for app in app_list}
