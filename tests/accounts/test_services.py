"""The rules of creating and changing offices and accounts (accounts/services.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts import services
from accounts.choices import OfficeLevel, Role
from accounts.models import Office, User
from kernel.scoping import jurisdiction_of
from tests.factories import UserFactory, province, regency

pytestmark = pytest.mark.django_db


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def create(actor, office, **overrides) -> User:
    data = {
        "username": "budi-santoso",
        "email": "budi@kpu.test",
        "first_name": "Budi",
        "last_name": "Santoso",
        "position": "Staf Teknis",
        "phone": "0812-3456-7890",
        "role": Role.STAFF,
        "office": office,
    }
    data.update(overrides)
    return services.user_create(actor=actor, **data)


def update(actor, user, **overrides) -> User:
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "position": user.position,
        "phone": user.phone,
        "role": user.role,
        "office": user.office,
    }
    data.update(overrides)
    return services.user_update(actor=actor, user=user, **data)


# --- which office an administrator may create accounts for --------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "level", "region_key", "allowed"),
    [
        ("national_admin", OfficeLevel.NATIONAL, None, True),
        ("national_admin", OfficeLevel.PROVINCE, "lampung", True),
        ("national_admin", OfficeLevel.PROVINCE, "ntt", True),
        ("national_admin", OfficeLevel.REGENCY, "tanggamus", True),
        ("national_admin", OfficeLevel.REGENCY, "flotim", True),
        ("lampung_admin", OfficeLevel.NATIONAL, None, False),
        ("lampung_admin", OfficeLevel.PROVINCE, "lampung", True),
        ("lampung_admin", OfficeLevel.PROVINCE, "ntt", False),
        ("lampung_admin", OfficeLevel.REGENCY, "tanggamus", True),
        ("lampung_admin", OfficeLevel.REGENCY, "flotim", False),
        ("tanggamus_admin", OfficeLevel.NATIONAL, None, False),
        ("tanggamus_admin", OfficeLevel.PROVINCE, "lampung", False),
        ("tanggamus_admin", OfficeLevel.REGENCY, "tanggamus", True),
        ("tanggamus_admin", OfficeLevel.REGENCY, "flotim", False),
        ("ntt_admin", OfficeLevel.REGENCY, "tanggamus", False),
        ("lampung_commissioner", OfficeLevel.REGENCY, "tanggamus", False),
        ("tanggamus_staff", OfficeLevel.REGENCY, "tanggamus", False),
        ("national_viewer", OfficeLevel.NATIONAL, None, False),
    ],
)
def test_office_rules(world, actor, level, region_key, allowed):
    region = getattr(world, region_key) if region_key else None
    user = world.users[actor]
    if allowed:
        office = services.office_get_or_create(actor=user, level=level, region=region)
        assert office.level == level
        assert office.region == region
        # And an account can be created there.
        account = create(user, office)
        assert account.office == office
    else:
        with pytest.raises(ValidationError):
            services.office_get_or_create(actor=user, level=level, region=region)
        office = world.office(level, region_key)
        with pytest.raises(ValidationError) as excinfo:
            create(user, office)
        assert not User.objects.filter(username="budi-santoso").exists()
        if user.role == Role.ADMIN:
            assert "di luar wilayah kerja Anda" in messages_of(excinfo.value)
        else:
            assert "Hanya administrator" in messages_of(excinfo.value)


def test_office_is_created_on_demand_with_its_default_name(world):
    bandar_lampung = regency("18.71", "Kota Bandar Lampung")
    jambi = province("15", "Jambi")
    assert not Office.objects.filter(regency=bandar_lampung).exists()

    office = services.office_get_or_create(
        actor=world.users["lampung_admin"], level=OfficeLevel.REGENCY, region=bandar_lampung
    )
    assert office.name == "KPU Kota Bandar Lampung"
    assert office.province_id == "18"
    # The next call, by anyone allowed, finds the same row.
    again = services.office_get_or_create(
        actor=world.users["national_admin"], level=OfficeLevel.REGENCY, region=bandar_lampung
    )
    assert again.pk == office.pk

    jambi_office = services.office_get_or_create(
        actor=world.users["national_admin"], level=OfficeLevel.PROVINCE, region=jambi
    )
    assert jambi_office.name == "KPU Provinsi Jambi"
    assert Office.objects.get(regency=world.tanggamus).name == "KPU Kabupaten Tanggamus"


def test_a_province_administrator_cannot_create_an_office_of_another_province(world):
    kupang = regency("53.71", "Kota Kupang")
    with pytest.raises(ValidationError) as excinfo:
        services.office_get_or_create(
            actor=world.users["lampung_admin"], level=OfficeLevel.REGENCY, region=kupang
        )
    assert "di luar wilayah kerja Anda" in messages_of(excinfo.value)
    assert not Office.objects.filter(regency=kupang).exists(), "nothing half-saved"


def test_office_level_and_region_must_match(world):
    admin = world.users["national_admin"]
    with pytest.raises(ValidationError) as excinfo:
        services.office_get_or_create(actor=admin, level=OfficeLevel.PROVINCE, region=world.tanggamus)
    assert "province" in excinfo.value.error_dict
    with pytest.raises(ValidationError):
        services.office_get_or_create(actor=admin, level=OfficeLevel.REGENCY, region=None)
    with pytest.raises(ValidationError):
        services.office_get_or_create(actor=admin, level="desa", region=world.gunung_kasih)


def test_no_office_for_a_retired_region(world):
    old = regency("18.99", "Kabupaten Lama")
    old.retired_at = dt.date(2022, 1, 1)
    old.save()
    with pytest.raises(ValidationError) as excinfo:
        services.office_get_or_create(
            actor=world.users["lampung_admin"], level=OfficeLevel.REGENCY, region=old
        )
    assert "tidak berlaku" in messages_of(excinfo.value)


def test_superuser_without_office_acts_nationally(world):
    root = UserFactory(username="root", is_superuser=True, is_staff=True, office=None, role=Role.VIEWER)
    office = services.office_get_or_create(actor=root, level=OfficeLevel.REGENCY, region=world.flotim)
    assert create(root, office).office == office


def test_an_inactive_administrator_can_do_nothing(world):
    admin = world.users["lampung_admin"]
    admin.is_active = False
    admin.save()
    with pytest.raises(ValidationError):
        create(admin, world.users["tanggamus_staff"].office)


# --- creating accounts ------------------------------------------------------------------------------------


def test_a_new_account_has_no_usable_password_and_no_admin_flags(world):
    account = create(world.users["tanggamus_admin"], world.users["tanggamus_staff"].office, role=Role.ADMIN)
    account.refresh_from_db()
    assert not account.has_usable_password()
    assert account.is_active and not account.is_staff and not account.is_superuser
    assert account.role == Role.ADMIN
    assert account.phone == "+6281234567890"
    assert jurisdiction_of(account).regency_code == "18.06"


@pytest.mark.parametrize(
    "username",
    ["Budi", "budi santoso", "budi_santoso", "-budi", "budi-", "bu", "budi.santoso", "büdi", "budi@kpu"],
)
def test_username_is_lowercase_letters_digits_and_hyphens(world, username):
    with pytest.raises(ValidationError) as excinfo:
        create(world.users["lampung_admin"], world.users["tanggamus_staff"].office, username=username)
    assert "username" in excinfo.value.error_dict
    assert not User.objects.filter(email="budi@kpu.test").exists()


@pytest.mark.parametrize("username", ["budi", "budi-santoso", "staf2", "kpu-18-06-operator"])
def test_good_usernames(world, username):
    assert create(world.users["lampung_admin"], world.users["tanggamus_staff"].office, username=username)


def test_username_and_email_are_unique_across_the_country(world):
    office = world.users["tanggamus_staff"].office
    with pytest.raises(ValidationError) as excinfo:
        create(world.users["tanggamus_admin"], office, username="flotim-admin")
    assert "sudah dipakai" in messages_of(excinfo.value)
    with pytest.raises(ValidationError) as excinfo:
        create(world.users["tanggamus_admin"], office, email="FLOTIM-ADMIN@kpu.test")
    assert "email" in excinfo.value.error_dict


def test_every_field_error_is_reported_at_once(world):
    with pytest.raises(ValidationError) as excinfo:
        create(
            world.users["tanggamus_admin"],
            world.users["tanggamus_staff"].office,
            username="Tanpa Aturan",
            email="",
            first_name=" ",
            phone="123",
            role="raja",
        )
    assert set(excinfo.value.error_dict) == {"username", "email", "first_name", "phone", "role"}


def test_email_is_required_for_the_password_link(world):
    with pytest.raises(ValidationError) as excinfo:
        create(world.users["tanggamus_admin"], world.users["tanggamus_staff"].office, email="")
    assert "email" in excinfo.value.error_dict


@pytest.mark.parametrize("phone", ["12345", "0812", "abc", "+1 415 555 0100"])
def test_phone_must_be_an_indonesian_number(world, phone):
    with pytest.raises(ValidationError) as excinfo:
        create(world.users["tanggamus_admin"], world.users["tanggamus_staff"].office, phone=phone)
    assert "phone" in excinfo.value.error_dict


def test_unknown_role_is_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        create(world.users["tanggamus_admin"], world.users["tanggamus_staff"].office, role="superadmin")
    assert "role" in excinfo.value.error_dict


# --- changing accounts ------------------------------------------------------------------------------------


def test_a_province_administrator_changes_a_regency_account(world):
    staff = world.users["tanggamus_staff"]
    update(
        world.users["lampung_admin"],
        staff,
        role=Role.COMMISSIONER,
        position="Ketua",
        phone="+62 812 1111 2222",
    )
    staff.refresh_from_db()
    assert staff.role == Role.COMMISSIONER
    assert staff.position == "Ketua"
    assert staff.phone == "+6281211112222"


def test_an_account_outside_the_jurisdiction_cannot_be_changed(world):
    target = world.users["flotim_commissioner"]
    with pytest.raises(ValidationError) as excinfo:
        update(world.users["lampung_admin"], target, role=Role.ADMIN)
    assert "di luar wilayah kerja Anda" in messages_of(excinfo.value)
    target.refresh_from_db()
    assert target.role == Role.COMMISSIONER


def test_a_regency_administrator_cannot_change_the_province_office(world):
    with pytest.raises(ValidationError):
        update(world.users["tanggamus_admin"], world.users["lampung_staff"], position="Kasubag")


def test_nobody_moves_an_account_out_of_their_jurisdiction(world):
    staff = world.users["tanggamus_staff"]
    flotim_office = world.users["flotim_admin"].office
    with pytest.raises(ValidationError) as excinfo:
        update(world.users["lampung_admin"], staff, office=flotim_office, position="Pindah")
    assert "office" in excinfo.value.error_dict
    staff.refresh_from_db()
    assert staff.office.regency_id == "18.06"
    assert staff.position != "Pindah", "nothing half-saved"


def test_nobody_gives_a_national_office_from_a_province(world):
    national_office = world.users["national_admin"].office
    with pytest.raises(ValidationError):
        update(world.users["lampung_admin"], world.users["tanggamus_staff"], office=national_office)


def test_a_province_administrator_moves_an_account_between_its_regencies(world):
    bandar_lampung = regency("18.71", "Kota Bandar Lampung")
    admin = world.users["lampung_admin"]
    office = services.office_get_or_create(actor=admin, level=OfficeLevel.REGENCY, region=bandar_lampung)
    staff = update(admin, world.users["tanggamus_staff"], office=office)
    assert staff.office.name == "KPU Kota Bandar Lampung"


def test_administrators_do_not_change_their_own_role_office_or_status(world):
    admin = world.users["lampung_admin"]
    with pytest.raises(ValidationError) as excinfo:
        update(admin, admin, role=Role.VIEWER)
    assert "role" in excinfo.value.error_dict
    with pytest.raises(ValidationError) as excinfo:
        update(admin, admin, office=world.users["tanggamus_admin"].office)
    assert "office" in excinfo.value.error_dict
    with pytest.raises(ValidationError) as excinfo:
        update(admin, admin, is_active=False)
    assert "is_active" in excinfo.value.error_dict
    # Their own name and phone they may change.
    update(admin, admin, first_name="Rina", phone="081299998888")
    admin.refresh_from_db()
    assert admin.first_name == "Rina"


def test_only_a_superuser_changes_a_superuser(world):
    operator = UserFactory(
        username="operator", is_superuser=True, office=world.users["lampung_staff"].office, role=Role.ADMIN
    )
    with pytest.raises(ValidationError) as excinfo:
        update(world.users["lampung_admin"], operator, position="x")
    assert "superuser" in messages_of(excinfo.value)
    with pytest.raises(ValidationError):
        services.user_set_active(actor=world.users["national_admin"], user=operator, active=False)
    root = UserFactory(username="root", is_superuser=True, office=None)
    services.user_set_active(actor=root, user=operator, active=False)
    operator.refresh_from_db()
    assert not operator.is_active


# --- deactivating ----------------------------------------------------------------------------------------


def test_deactivate_and_reactivate(world):
    admin, staff = world.users["tanggamus_admin"], world.users["tanggamus_staff"]
    services.user_set_active(actor=admin, user=staff, active=False)
    staff.refresh_from_db()
    assert not staff.is_active
    assert jurisdiction_of(User.objects.get(pk=staff.pk)).level is None
    assert User.objects.filter(pk=staff.pk).exists(), "never deleted"
    services.user_set_active(actor=admin, user=staff, active=True)
    staff.refresh_from_db()
    assert staff.is_active


def test_nobody_deactivates_themselves(world):
    admin = world.users["national_admin"]
    with pytest.raises(ValidationError) as excinfo:
        services.user_set_active(actor=admin, user=admin, active=False)
    assert "sendiri" in messages_of(excinfo.value)
    admin.refresh_from_db()
    assert admin.is_active


def test_deactivating_outside_the_jurisdiction_is_refused(world):
    target = world.users["lampung_staff"]
    with pytest.raises(ValidationError):
        services.user_set_active(actor=world.users["tanggamus_admin"], user=target, active=False)
    with pytest.raises(ValidationError):
        services.user_set_active(actor=world.users["lampung_commissioner"], user=target, active=False)
    target.refresh_from_db()
    assert target.is_active


# --- the password e-mail ---------------------------------------------------------------------------------


def test_send_password_reset_to_a_new_account(world, client):
    admin = world.users["tanggamus_admin"]
    account = create(admin, admin.office)
    services.user_send_password_reset(actor=admin, user=account, domain="sidp3.test", new_account=True)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["budi@kpu.test"]
    assert "buat kata sandi" in message.subject.lower()
    assert "KPU Kabupaten Tanggamus" in message.body
    assert "budi-santoso" in message.body
    link = services.password_reset_link(account)
    assert f"http://sidp3.test/accounts/reset/{link.uid}/" in message.body

    # The link lets the new user set a password although they have none yet.
    url = next(line for line in message.body.splitlines() if line.startswith("http://sidp3.test/"))
    path = url.removeprefix("http://sidp3.test")
    response = client.get(path, follow=True)
    assert response.context["validlink"]
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "Pemilu-Jujur-2024!", "new_password2": "Pemilu-Jujur-2024!"},
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.check_password("Pemilu-Jujur-2024!")


def test_no_password_mail_for_an_inactive_account_or_out_of_scope(world):
    admin = world.users["tanggamus_admin"]
    staff = world.users["tanggamus_staff"]
    services.user_set_active(actor=admin, user=staff, active=False)
    with pytest.raises(ValidationError) as excinfo:
        services.user_send_password_reset(actor=admin, user=staff, domain="sidp3.test")
    assert "nonaktif" in messages_of(excinfo.value)
    with pytest.raises(ValidationError):
        services.user_send_password_reset(actor=admin, user=world.users["flotim_admin"], domain="sidp3.test")
    assert mail.outbox == []


def test_a_failing_mail_server_is_reported(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # nothing listens there
    settings.EMAIL_TIMEOUT = 2
    with pytest.raises(services.EmailNotSent):
        services.user_send_password_reset(
            actor=world.users["tanggamus_admin"], user=world.users["tanggamus_staff"], domain="sidp3.test"
        )
