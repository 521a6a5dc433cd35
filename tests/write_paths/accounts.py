"""Signing in and out, the second sign-in step, passwords, and the management of accounts."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import APIClient, Notification, User
from tests.access.accounts import tanggamus_api_client, tanggamus_notification, tanggamus_user
from tests.accounts.test_views import create_data
from tests.factories import PASSWORD
from tests.two_factor import authenticator, code_for
from tests.write_paths import Write, edit

NEW_PASSWORD = "Kader-Demokrasi-2024"


def _signed_in_as(username: str):
    def check(call, response):
        assert response["Location"] == reverse("home")
        assert call.client.session["_auth_user_id"] == str(User.objects.get(username=username).pk)

    return check


def _signed_out(call, response):
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in call.client.session


def _verified(call, response):
    assert call.client.get(reverse("home")).status_code == 200  # past the second step


def _verify_code(call):
    return {"code": code_for(authenticator(call.user))}


def _setup_code(call):
    call.get()  # the setup page makes the (unconfirmed) authenticator the QR code shows
    return {"code": code_for(TOTPDevice.objects.get(user=call.user, confirmed=False)), "next": "/kader/"}


def _backup_codes_shown(call, response):
    assert TOTPDevice.objects.get(user=call.user).confirmed
    assert "Kode cadangan" in response.content.decode()
    assert call.client.get(reverse("home")).status_code == 200


def _password_is(password: str, actor: str):
    def check(call, response):
        assert User.objects.get(pk=call.world.users[actor].pk).check_password(password)

    return check


def _reset_link(world) -> dict:
    user = world.users["tanggamus_staff"]
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


def _set_new_password(call):
    # The link from the mail stores its token in the session and sends on to the form without it.
    form_url = call.get()["Location"]
    return call.post({"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, url=form_url)


def _mail_to(actor: str, *, count: int = 1):
    def check(call, response):
        assert len(mail.outbox) == count
        assert mail.outbox[-1].to == [call.world.users[actor].email]
        assert "/accounts/reset/" in mail.outbox[-1].body

    return check


def _account_created(call, response):
    account = User.objects.get(username="sari-dewi")
    assert response["Location"] == account.get_absolute_url()
    assert (account.office.regency_id, account.role, account.has_usable_password()) == (
        "18.06",
        "staf",
        False,
    )
    assert mail.outbox[0].to == ["sari@kpu.test"]


def _account_changed(call, response):
    staff = User.objects.get(pk=call.kwargs["pk"])
    assert (staff.first_name, staff.position, staff.is_active) == ("Sari", "Staf Teknis", True)


def _deactivated(call, response):
    assert not User.objects.get(pk=call.kwargs["pk"]).is_active


def _lampung_admin(world) -> dict:
    authenticator(world.users["lampung_admin"])  # lost with the phone
    return {"pk": world.users["lampung_admin"].pk}


def _authenticator_removed(call, response):
    assert not TOTPDevice.objects.filter(user_id=call.kwargs["pk"]).exists()


def _reminders_off(call, response):
    assert response["Location"] == reverse("accounts:profile")
    assert not User.objects.get(pk=call.user.pk).weekly_reminders


def _notification_read(call, response):
    notification = Notification.objects.get(pk=call.kwargs["pk"])
    assert notification.read_at is not None and response["Location"] == notification.url


def _read_all(call):
    tanggamus_notification(call.world)
    Notification.objects.filter(user=call.user).update(read_at=None)
    return call.post({})


def _all_read(call, response):
    assert not Notification.objects.filter(user=call.user, read_at__isnull=True).exists()


def _api_client_data(call):
    return {
        "office": call.user.office_id,
        "name": "Gudang data Tanggamus",
        "access": "baca",
        "lifetime": "90",
    }


def _api_client_created(call, response):
    client = APIClient.objects.get(name="Gudang data Tanggamus")
    assert client.office_id == call.user.office_id and client.created_by == call.user
    token = response.context["token"]
    assert token.startswith("sidp3_") and token not in client.token_hash  # shown once, stored hashed
    assert response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]


def _api_client_revoked(call, response):
    assert APIClient.objects.get(pk=call.kwargs["pk"]).revoked_at is not None


WRITES = {
    "accounts:login": Write(
        actor="anonymous",
        data=lambda call: {"username": "tanggamus-staff", "password": PASSWORD},
        check=_signed_in_as("tanggamus-staff"),
    ),
    "accounts:logout": Write(actor="tanggamus_staff", check=_signed_out),
    "accounts:two_factor_verify": Write(
        actor="lampung_admin", password_only=True, data=_verify_code, check=_verified
    ),
    "accounts:two_factor_setup": Write(
        actor="national_admin", password_only=True, data=_setup_code, check=_backup_codes_shown, status=200
    ),
    "accounts:password_change": Write(
        actor="tanggamus_staff",
        data=lambda call: {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        check=_password_is(NEW_PASSWORD, "tanggamus_staff"),
    ),
    "accounts:password_reset": Write(
        actor="anonymous",
        data=lambda call: {"email": call.world.users["tanggamus_staff"].email},
        check=_mail_to("tanggamus_staff"),
    ),
    "accounts:password_reset_confirm": Write(
        actor="anonymous",
        kwargs=_reset_link,
        submit=_set_new_password,
        check=_password_is(NEW_PASSWORD, "tanggamus_staff"),
    ),
    "accounts:user_create": Write(
        actor="lampung_admin", data=lambda call: create_data(), check=_account_created
    ),
    "accounts:user_update": Write(
        actor="tanggamus_admin",
        kwargs=tanggamus_user,
        data=edit(first_name="Sari", position="Staf Teknis"),
        check=_account_changed,
    ),
    "accounts:user_set_active": Write(
        actor="tanggamus_admin", kwargs=tanggamus_user, data=lambda call: {"active": "0"}, check=_deactivated
    ),
    "accounts:user_reset_2fa": Write(
        actor="national_admin", kwargs=_lampung_admin, check=_authenticator_removed
    ),
    "accounts:user_send_reset": Write(
        actor="tanggamus_admin", kwargs=tanggamus_user, check=_mail_to("tanggamus_staff")
    ),
    "accounts:profile": Write(
        actor="tanggamus_staff", data=lambda call: {}, check=_reminders_off
    ),  # the box unticked: off
    "accounts:api_client_create": Write(
        actor="tanggamus_admin", data=_api_client_data, check=_api_client_created, status=200
    ),
    "accounts:api_client_revoke": Write(
        actor="tanggamus_admin", kwargs=tanggamus_api_client, check=_api_client_revoked
    ),
    "accounts:notification_read": Write(
        actor="tanggamus_staff", kwargs=tanggamus_notification, check=_notification_read
    ),
    "accounts:notification_read_all": Write(
        actor="tanggamus_staff", kwargs=lambda world: {}, submit=_read_all, check=_all_read
    ),
}
