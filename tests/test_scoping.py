"""The one scoping mechanism: restrict(user, action), the view mixin, form choices and the task helper."""

import pytest
from django import forms

from accounts.models import Office, User
from kernel.scoping import Jurisdiction, jurisdiction_of, restrict_for_user_id
from kernel.scoping.mixins import ScopedFormMixin
from locus.models import District, Province, Regency, Village


def codes(queryset):
    return sorted(obj.code for obj in queryset)


def test_national_sees_everything(world):
    user = world.users["national_admin"]
    assert codes(Regency.objects.restrict(user)) == ["18.06", "53.06"]
    assert Village.objects.restrict(user).count() == Village.objects.count()


def test_a_province_grant_covers_its_regencies_districts_and_villages(world):
    user = world.users["lampung_viewer"]
    assert codes(Province.objects.restrict(user)) == ["18"]
    assert codes(Regency.objects.restrict(user)) == ["18.06"]
    assert codes(District.objects.restrict(user)) == ["18.06.11", "18.06.21"]
    assert codes(Village.objects.restrict(user)) == ["18.06.11.2016", "18.06.21.2005"]


def test_a_regency_grant_covers_only_its_regency(world):
    user = world.users["flotim_admin"]
    assert codes(Province.objects.restrict(user)) == []  # a province row is above a regency office
    assert codes(Regency.objects.restrict(user)) == ["53.06"]
    assert codes(Village.objects.restrict(user)) == ["53.06.03.1001"]


def test_users_and_offices_are_scoped_by_office(world):
    lampung = world.users["lampung_admin"]
    visible = set(User.objects.restrict(lampung, "manage").values_list("username", flat=True))
    assert "tanggamus-staff" in visible and "lampung-viewer" in visible
    assert not visible & {"ntt-admin", "flotim-admin", "national-admin"}
    assert set(Office.objects.restrict(world.users["tanggamus_admin"])) == {
        world.office("kabupaten", "tanggamus")
    }


@pytest.mark.parametrize(
    ("actor", "action", "allowed"),
    [
        ("tanggamus_viewer", "view", True),
        ("tanggamus_viewer", "add", False),
        ("tanggamus_staff", "change", True),
        ("tanggamus_staff", "decide", False),
        ("lampung_commissioner", "decide", True),
        ("lampung_commissioner", "manage", False),
        ("lampung_admin", "manage", True),
    ],
)
def test_the_role_decides_which_actions_are_possible_at_all(world, actor, action, allowed):
    assert Village.objects.restrict(world.users[actor], action).exists() is allowed


def test_anonymous_and_disabled_users_see_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not Village.objects.restrict(AnonymousUser()).exists()
    user = world.users["national_admin"]
    user.is_active = False
    user.save()
    user = User.objects.get(pk=user.pk)
    assert not Village.objects.restrict(user).exists()
    assert jurisdiction_of(user) == Jurisdiction(level=None)


def test_a_user_without_office_sees_nothing_unless_superuser(world):
    user = User.objects.create_user("tanpa-kantor", password="x" * 12, role="admin")
    assert not Village.objects.restrict(user).exists()
    root = User.objects.create_superuser("akar", password="x" * 12)
    assert Village.objects.restrict(root).count() == Village.objects.count()


def test_task_helper_restricts_again_for_the_user_id(world):
    user = world.users["lampung_staff"]
    assert codes(restrict_for_user_id(Regency.objects.all(), user.pk)) == ["18.06"]
    assert not restrict_for_user_id(Regency.objects.all(), 999_999).exists()
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert not restrict_for_user_id(Regency.objects.all(), user.pk).exists()


def test_jurisdiction_covers_codes_by_prefix(world):
    lampung = jurisdiction_of(world.users["lampung_admin"])
    assert lampung.covers_code("18.06.11.2016")
    assert lampung.covers_code("18")
    assert not lampung.covers_code("53.06")
    assert not lampung.covers_code("180")  # a prefix must end at a segment boundary
    assert jurisdiction_of(world.users["national_viewer"]).covers_code("91.01")


class RegencyChoiceForm(ScopedFormMixin, forms.Form):
    regency = forms.ModelChoiceField(queryset=Regency.objects.all())


def test_form_choices_offer_only_the_users_jurisdiction(world):
    form = RegencyChoiceForm(user=world.users["lampung_staff"], data={"regency": "53.06"})
    assert codes(form.fields["regency"].queryset) == ["18.06"]
    assert not form.is_valid()
    assert "regency" in form.errors
    form = RegencyChoiceForm(user=world.users["lampung_staff"], data={"regency": "18.06"})
    assert form.is_valid()
