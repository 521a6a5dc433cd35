"""The audit trail of account management and the notices to the account's owner: who did what to which
account, when and from where, read by the administrators of the account's jurisdiction and above; every change
and reset told to the account's address, a changed address to the old one too."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services, two_factor
from accounts.choices import AuditAction, Role
from accounts.models import AccountAuditEntry, User
from tests.accounts.factories import update_data
from tests.factories import UserFactory
from tests.two_factor import authenticator

pytestmark = pytest.mark.django_db

AUDIT = reverse("accounts:audit_list")


def recipients() -> list[str]:
    return [address for message in mail.outbox for address in message.to]


def entry_ids(response) -> set[int]:
    return {entry.pk for entry in response.context["object_list"]}


# --- notices -----------------------------------------------------------------------------------------------


def test_a_changed_address_is_told_to_the_old_and_the_new_one(
    client, world, django_capture_on_commit_callbacks
):
    staff, admin = world.users["tanggamus_staff"], world.users["tanggamus_admin"]
    old = staff.email
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:user_update", args=[staff.pk]), update_data(staff, email="baru@contoh.test")
        )
    assert response.status_code == 302
    assert sorted(recipients()) == sorted([old, "baru@contoh.test"])
    to_old = next(message for message in mail.outbox if message.to == [old])
    assert to_old.subject == "SIDP3: alamat surel akun Anda diubah"
    assert f"diganti dari {old} menjadi baru@contoh.test" in to_old.body
    assert f"- surel: {old} → baru@contoh.test" in to_old.body
    assert f"{admin}, administrator KPU Kabupaten Tanggamus" in to_old.body
    assert "segera hubungi administrator KPU Provinsi atau KPU RI" in to_old.body
    assert "dikirim ke alamat yang baru" in to_old.body

    entry = AccountAuditEntry.objects.get(target=staff)
    assert (entry.actor, entry.action, entry.ip_address) == (admin, AuditAction.UPDATE, "127.0.0.1")
    assert entry.changes == {"email": [old, "baru@contoh.test"]}
    assert (entry.province_code, entry.regency_code) == ("18", "18.06")


def test_a_change_without_a_new_address_is_told_to_the_account(
    client, world, django_capture_on_commit_callbacks
):
    staff = world.users["tanggamus_staff"]
    client.force_login(world.users["tanggamus_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:user_update", args=[staff.pk]), update_data(staff, role=Role.COMMISSIONER)
        )
    assert recipients() == [staff.email]
    assert mail.outbox[0].subject == "SIDP3: data akun Anda diubah"
    assert "Staf → Komisioner" in mail.outbox[0].body


def test_saving_an_unchanged_account_writes_and_sends_nothing(
    client, world, django_capture_on_commit_callbacks
):
    staff = world.users["tanggamus_staff"]
    client.force_login(world.users["tanggamus_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:user_update", args=[staff.pk]), update_data(staff))
    assert response.status_code == 302
    assert mail.outbox == []
    assert not AccountAuditEntry.objects.exists()


def test_disabling_and_reactivating_are_told_and_recorded(client, world, django_capture_on_commit_callbacks):
    staff = world.users["tanggamus_staff"]
    client.force_login(world.users["lampung_admin"])
    url = reverse("accounts:user_set_active", args=[staff.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"active": "0"})
        client.post(url, {"active": "1"})
    assert [message.subject for message in mail.outbox] == [
        "SIDP3: akun Anda dinonaktifkan",
        "SIDP3: akun Anda diaktifkan kembali",
    ]
    assert recipients() == [staff.email, staff.email]
    assert "tidak dapat masuk lagi" in mail.outbox[0].body
    actions = list(
        AccountAuditEntry.objects.filter(target=staff).order_by("pk").values_list("action", flat=True)
    )
    assert actions == [AuditAction.DEACTIVATE, AuditAction.ACTIVATE]


def test_an_authenticator_reset_is_told_and_recorded(client, world, django_capture_on_commit_callbacks):
    province_staff = world.users["lampung_staff"]
    authenticator(province_staff)
    client.force_login(world.users["lampung_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:user_reset_2fa", args=[province_staff.pk]))
    assert not TOTPDevice.objects.filter(user=province_staff).exists()
    assert recipients() == [province_staff.email]
    assert mail.outbox[0].subject == "SIDP3: autentikator akun Anda diatur ulang"
    assert "memasang autentikator baru" in mail.outbox[0].body
    entry = AccountAuditEntry.objects.get(target=province_staff)
    assert entry.action == AuditAction.TWO_FACTOR_RESET
    assert (entry.province_code, entry.regency_code) == ("18", "")


def test_a_password_link_is_recorded_and_the_link_mail_is_the_notice(
    client, world, django_capture_on_commit_callbacks
):
    staff, admin = world.users["tanggamus_staff"], world.users["tanggamus_admin"]
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:user_send_reset", args=[staff.pk]))
    assert recipients() == [staff.email]
    assert f"{admin}, administrator KPU Kabupaten Tanggamus, meminta Anda" in mail.outbox[0].body
    entry = AccountAuditEntry.objects.get(target=staff)
    assert (entry.action, entry.actor) == (AuditAction.PASSWORD_LINK, admin)


def test_a_password_set_by_a_superuser_is_told_and_recorded(
    client, world, django_capture_on_commit_callbacks
):
    root = UserFactory(username="root", is_superuser=True, is_staff=True, office=None, role=Role.VIEWER)
    staff = world.users["tanggamus_staff"]
    client.force_login(root)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:auth_user_password_change", args=[staff.pk]),
            {
                "password1": "Kata-Sandi-Baru-2024",
                "password2": "Kata-Sandi-Baru-2024",
                "usable_password": "true",
            },
        )
    assert response.status_code == 302
    assert recipients() == [staff.email]
    assert mail.outbox[0].subject == "SIDP3: kata sandi akun Anda diatur ulang"
    assert "pengelola sistem SIDP3" in mail.outbox[0].body
    entry = AccountAuditEntry.objects.get(target=staff)
    assert (entry.action, entry.actor_username) == (AuditAction.PASSWORD_SET, "root")


def test_a_permission_granted_in_the_django_admin_is_recorded(
    client, world, django_capture_on_commit_callbacks
):
    root = UserFactory(username="root", is_superuser=True, is_staff=True, office=None, role=Role.VIEWER)
    staff = world.users["tanggamus_staff"]
    client.force_login(root)
    change = reverse("admin:accounts_user_change", args=[staff.pk])
    form = client.get(change).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    full_nik = Permission.objects.get(codename="view_full_nik")
    data.update(
        email="lain@contoh.test",
        is_active="on",
        groups=[],
        user_permissions=[full_nik.pk],
        office=staff.office_id,
    )
    data.pop("password", None)
    data.pop("last_login", None)
    data.pop("date_joined", None)
    data["date_joined_0"], data["date_joined_1"] = "2024-01-01", "00:00:00"
    data = {key: value for key, value in data.items() if not isinstance(value, bool) or value}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AccountAuditEntry.objects.get(target=staff)
    assert entry.changes["permissions"] == [[], ["cadre.view_full_nik"]]
    assert entry.changes["email"] == [staff.email, "lain@contoh.test"]
    assert sorted(recipients()) == sorted([staff.email, "lain@contoh.test"])


def test_notices_are_in_indonesian_whatever_the_administrators_language(
    client, world, django_capture_on_commit_callbacks
):
    staff = world.users["tanggamus_staff"]
    client.force_login(world.users["tanggamus_admin"])
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:user_set_active", args=[staff.pk]), {"active": "0"})
    assert mail.outbox[0].subject == "SIDP3: akun Anda dinonaktifkan"


def test_a_failing_mail_server_does_not_undo_the_change(
    world, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    staff = world.users["tanggamus_staff"]
    with django_capture_on_commit_callbacks(execute=True):
        services.user_set_active(actor=world.users["tanggamus_admin"], user=staff, active=False)
    assert not User.objects.get(pk=staff.pk).is_active
    assert AccountAuditEntry.objects.filter(target=staff, action=AuditAction.DEACTIVATE).exists()
    assert f"Account notice to user {staff.pk}" in caplog.text


def test_a_refused_action_writes_and_sends_nothing(world, django_capture_on_commit_callbacks):
    holder = world.users["tanggamus_viewer"]
    holder.user_permissions.add(Permission.objects.get(codename="view_full_nik"))
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        two_factor.two_factor_reset(actor=world.users["tanggamus_admin"], user=holder)
    assert not AccountAuditEntry.objects.exists()
    assert mail.outbox == []


def test_creating_an_account_is_recorded_with_its_first_values(world):
    admin = world.users["tanggamus_admin"]
    account = services.user_create(
        actor=admin,
        username="sari-dewi",
        email="sari@kpu.test",
        first_name="Sari",
        role=Role.STAFF,
        office=admin.office,
        ip_address="2001:db8::7",
    )
    entry = AccountAuditEntry.objects.get(target=account)
    assert entry.action == AuditAction.CREATE
    assert entry.ip_address == "2001:db8::7"
    assert entry.changes["email"] == [None, "sari@kpu.test"]
    assert entry.changes["office"] == [None, "KPU Kabupaten Tanggamus"]
    assert "is_staff" not in entry.changes and "groups" not in entry.changes  # only what was given a value


def test_an_address_that_is_not_an_ip_is_left_empty(world):
    admin, staff = world.users["tanggamus_admin"], world.users["tanggamus_staff"]
    services.user_set_active(actor=admin, user=staff, active=False, ip_address="unix:/run/gunicorn.sock")
    assert AccountAuditEntry.objects.get(target=staff).ip_address is None


# --- the trail's page --------------------------------------------------------------------------------------


@pytest.fixture
def entries(world):
    """One entry about an account of each place: Tanggamus (a regency of Lampung), Lampung's province office,
    Flores Timur (a regency of NTT) and KPU RI."""
    root = UserFactory(username="root", is_superuser=True, is_staff=True, office=None, role=Role.VIEWER)
    made = {}
    for name in ("tanggamus_staff", "lampung_staff", "flotim_commissioner", "national_viewer"):
        services.user_set_active(actor=root, user=world.users[name], active=False, ip_address="10.0.0.1")
        made[name] = AccountAuditEntry.objects.get(target=world.users[name]).pk
    return made


@pytest.mark.parametrize(
    ("viewer", "sees"),
    [
        ("national_admin", {"tanggamus_staff", "lampung_staff", "flotim_commissioner", "national_viewer"}),
        ("lampung_admin", {"tanggamus_staff", "lampung_staff"}),
        ("tanggamus_admin", {"tanggamus_staff"}),
        ("ntt_admin", {"flotim_commissioner"}),
        ("flotim_admin", {"flotim_commissioner"}),
    ],
)
def test_the_trail_is_read_within_the_jurisdiction(client, world, entries, viewer, sees):
    client.force_login(world.users[viewer])
    response = client.get(AUDIT)
    assert response.status_code == 200
    assert entry_ids(response) == {entries[name] for name in sees}


def test_the_trail_shows_who_what_when_and_where(client, world, django_capture_on_commit_callbacks):
    staff, admin = world.users["tanggamus_staff"], world.users["tanggamus_admin"]
    old = staff.email
    services.user_update(
        actor=admin,
        user=staff,
        email="baru@contoh.test",
        first_name=staff.first_name,
        last_name=staff.last_name,
        role=staff.role,
        office=staff.office,
        ip_address="203.0.113.9",
    )
    client.force_login(world.users["lampung_admin"])
    html = client.get(AUDIT).content.decode()
    assert "Data akun diubah" in html
    assert f"{old} → baru@contoh.test" in html
    assert "tanggamus-admin" in html
    assert "203.0.113.9" in html
    assert staff.get_absolute_url() in html
    client.force_login(world.users["ntt_admin"])
    assert "baru@contoh.test" not in client.get(AUDIT).content.decode()


def test_an_accounts_page_links_to_its_trail(client, world, entries):
    staff = world.users["tanggamus_staff"]
    client.force_login(world.users["lampung_admin"])
    html = client.get(staff.get_absolute_url()).content.decode()
    link = f"{AUDIT}?target={staff.pk}"
    assert link in html
    response = client.get(AUDIT, {"target": staff.pk})
    assert entry_ids(response) == {entries["tanggamus_staff"]}
    # The accounts' navigation links to the trail too.
    assert f'href="{AUDIT}"' in client.get(reverse("accounts:user_list")).content.decode()
    # Another province's account named by hand: nothing.
    flotim = world.users["flotim_commissioner"]
    assert entry_ids(client.get(AUDIT, {"target": flotim.pk})) == set()


def test_the_trail_filters_by_action_and_name(client, world, entries):
    client.force_login(world.users["national_admin"])
    response = client.get(AUDIT, {"action": AuditAction.DEACTIVATE, "q": "lampung-staff"})
    assert entry_ids(response) == {entries["lampung_staff"]}
    assert entry_ids(client.get(AUDIT, {"action": AuditAction.CREATE})) == set()


def test_the_trail_is_for_administrators_only(client, world, entries):
    for name in ("lampung_commissioner", "tanggamus_commissioner", "lampung_viewer"):
        client.force_login(world.users[name])
        assert client.get(AUDIT).status_code == 403


def test_the_trail_query_count_does_not_grow_with_entries(client, world, django_assert_max_num_queries):
    admin = world.users["national_admin"]
    root = UserFactory(username="root", is_superuser=True, is_staff=True, office=None, role=Role.VIEWER)
    services.user_set_active(actor=root, user=world.users["tanggamus_staff"], active=False)
    client.force_login(admin)
    with django_assert_max_num_queries(12) as few:
        client.get(AUDIT)
    for name in ("lampung_staff", "flotim_commissioner", "tanggamus_viewer", "lampung_viewer"):
        services.user_set_active(actor=root, user=world.users[name], active=False)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(AUDIT)
    assert len(response.context["object_list"]) == 5
