"""Offices and users for tests. An office is got or created per level and region, as the office forms do;
a user is got or created by username, with the test password (MD5 in the test settings: fast)."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from accounts.choices import OfficeLevel, Role
from accounts.models import Office, User

PASSWORD = "sidp3-test-password"


def office_for(level: str, region=None) -> Office:
    """The office of a level (KPU RI, a KPU Provinsi of ``region``, a KPU Kabupaten/Kota of ``region``)."""
    if level == OfficeLevel.NATIONAL:
        obj, _ = Office.objects.get_or_create(level=level, defaults={"name": "KPU RI"})
        return obj
    if level == OfficeLevel.PROVINCE:
        obj, _ = Office.objects.get_or_create(
            level=level, province=region, defaults={"name": Office.default_name(level, region)}
        )
        return obj
    obj, _ = Office.objects.get_or_create(
        level=level,
        regency=region,
        defaults={"province": region.province, "name": Office.default_name(level, region)},
    )
    return obj


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    email = factory.LazyAttribute(lambda o: f"{o.username}@kpu.test")
    role = Role.STAFF
    password = factory.django.Password(PASSWORD)


def update_data(user: User, **overrides) -> dict:
    """The POST of the account edit page for a regency account as it stands, changed by ``overrides``."""
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "position": user.position,
        "phone": "",
        "role": user.role,
        "level": OfficeLevel.REGENCY,
        "province": "",
        "regency": user.office.regency_id,
        "is_active": "on",
    }
    data.update(overrides)
    return data
