"""Two-factor sign-in: who needs it, the setup with a QR code, the code prompt, backup codes, throttling,
the administrators' reset, and the demo's fixed authenticator."""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.auth.models import Permission
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import requires_two_factor
from tests.factories import PASSWORD
from tests.two_factor import authenticator, code_for

pytestmark = pytest.mark.django_db

VERIFY = reverse("accounts:two_factor_verify")
SETUP = reverse("accounts:two_factor_setup")
HOME = reverse("home")


def grant_full_nik(user):
    user.user_permissions.add(Permission.objects.get(codename="view_full_nik"))
    # A fresh object: Django caches permissions on the instance.
    return type(user).objects.get(pk=user.pk)


def test_who_needs_two_factor_sign_in(world):
    users = world.users
    assert requires_two_factor(users["national_admin"])
    assert requires_two_factor(users["lampung_admin"])
    assert requires_two_factor(users["ntt_admin"])
    for name in ("tanggamus_admin", "tanggamus_staff", "lampung_commissioner", "national_viewer"):
        assert not requires_two_factor(users[name]), name
    assert requires_two_factor(grant_full_nik(users["tanggamus_staff"]))
    superuser = type(users["tanggamus_staff"]).objects.create_superuser("akar", "akar@kpu.test", PASSWORD)
    assert requires_two_factor(superuser)


@pytest.mark.parametrize(
    "url",
    [
        HOME,
        reverse("cadre:cadre_list"),
        reverse("accounts:user_list"),
        reverse("accounts:password_change"),
        reverse("reports:job_list"),
        "/admin/",
    ],
)
def test_an_unverified_administrator_reaches_nothing_but_the_second_step(password_client, world, url):
    password_client.force_login(world.users["national_admin"])
    response = password_client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(SETUP)
    authenticator(world.users["national_admin"])
    response = password_client.get(url)
    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next={url.replace('/', '%2F')}"


def test_a_post_and_an_htmx_request_are_sent_to_the_second_step_too(password_client, world):
    user = world.users["lampung_admin"]
    authenticator(user)
    password_client.force_login(user)
    response = password_client.post(reverse("accounts:user_set_active", args=[user.pk]), {"active": "0"})
    assert response.status_code == 302 and response.url == VERIFY
    response = password_client.get(reverse("locus:region_suggest"), {"q": "Tangg"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200  # the whole page goes to the second step (test_htmx_sign_in.py)
    assert response["HX-Redirect"].startswith(VERIFY)
    user.refresh_from_db()
    assert user.is_active


def test_logout_stays_open(password_client, world):
    password_client.force_login(world.users["national_admin"])
    response = password_client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert "_auth_user_id" not in password_client.session


def test_regency_staff_without_full_nik_is_not_asked(password_client, world):
    password_client.force_login(world.users["tanggamus_staff"])
    assert password_client.get(HOME).status_code == 200
    assert password_client.get(VERIFY).url == HOME


def test_a_holder_of_full_nik_is_asked(password_client, world):
    user = grant_full_nik(world.users["tanggamus_staff"])
    password_client.force_login(user)
    assert password_client.get(HOME).url.startswith(SETUP)


def test_setup_shows_a_qr_code_and_the_secret_then_a_wrong_and_a_right_code(password_client, world):
    user = world.users["national_admin"]
    password_client.force_login(user)
    response = password_client.get(SETUP, {"next": "/kader/"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "Kode QR untuk aplikasi autentikator" in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = re.search(r"<code[^>]*data-secret>([A-Z2-7 ]+)</code>", html).group(1)
    import base64

    assert base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8)) == (
        device.bin_key
    )
    # Reloading keeps the same secret (the app may already hold it).
    assert secret in password_client.get(SETUP).content.decode()

    response = password_client.post(SETUP, {"code": "12345", "next": "/kader/"})
    assert "Kode terdiri dari 6 angka" in response.content.decode()
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = password_client.post(SETUP, {"code": wrong, "next": "/kader/"})
    assert "Kode salah atau sudah kedaluwarsa" in response.content.decode()
    assert password_client.get(HOME).status_code == 302

    time.sleep(1.1)  # the throttle's wait after one failure
    response = password_client.post(SETUP, {"code": code_for(device), "next": "/kader/"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]  # the backup codes stay out of any cache
    html = response.content.decode()
    assert "Kode cadangan" in html and 'href="/kader/"' in html
    codes = re.findall(r'<code class="fs-6">([a-z2-7]{8})</code>', html)
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert password_client.get(HOME).status_code == 200
    # The codes are never shown again: the setup page is closed once verified.
    assert password_client.get(SETUP).status_code == 302


def test_the_code_prompt_refuses_a_wrong_code_then_takes_the_right_one(password_client, world):
    user = world.users["lampung_admin"]
    device = authenticator(user)
    password_client.force_login(user)
    response = password_client.post(VERIFY, {"code": "abc"})
    assert "Tulis 6 angka dari aplikasi autentikator" in response.content.decode()
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = password_client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    assert "Kode salah atau sudah kedaluwarsa" in response.content.decode()
    # At once, even the right code waits for the throttle.
    response = password_client.post(VERIFY, {"code": code_for(device)})
    assert "Terlalu banyak kode salah" in response.content.decode()
    assert password_client.get(HOME).status_code == 302
    time.sleep(1.1)
    code = code_for(device)
    response = password_client.post(f"{VERIFY}?next=/laporan/", {"code": code})
    assert response.status_code == 302 and response.url == "/laporan/"
    assert password_client.get(HOME).status_code == 200


def test_a_code_works_once(password_client, world):
    user = world.users["lampung_admin"]
    device = authenticator(user)
    password_client.force_login(user)
    code = code_for(device)
    assert password_client.post(VERIFY, {"code": code}).status_code == 302
    password_client.post(reverse("accounts:logout"))
    password_client.force_login(user)
    response = password_client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert "Kode salah atau sudah kedaluwarsa" in response.content.decode()


def test_no_backup_code_warning_for_an_authenticator_without_backup_codes(password_client, world):
    """An authenticator given without backup codes (the demo's, or one an administrator set up) is not told
    it has "0 left" at every sign-in; one with few codes left is."""
    user = world.users["lampung_admin"]
    device = authenticator(user)
    password_client.force_login(user)
    response = password_client.post(VERIFY, {"code": code_for(device)}, follow=True)
    assert "Kode cadangan Anda tinggal" not in response.content.decode()
    backup = StaticDevice.objects.create(user=user, name="Kode cadangan", confirmed=True)
    backup.token_set.create(token="abcd2345")
    password_client.post(reverse("accounts:logout"))
    password_client.force_login(user)
    response = password_client.post(VERIFY, {"code": code_for(device)}, follow=True)
    assert "Kode cadangan Anda tinggal 1." in response.content.decode()


def test_an_outside_next_is_not_followed(password_client, world):
    user = world.users["lampung_admin"]
    device = authenticator(user)
    password_client.force_login(user)
    response = password_client.post(VERIFY, {"code": code_for(device), "next": "https://contoh.invalid/"})
    assert response.url == HOME


def test_a_backup_code_works_once(password_client, world):
    user = world.users["national_admin"]
    password_client.force_login(user)
    password_client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    html = password_client.post(SETUP, {"code": code_for(device)}).content.decode()
    codes = re.findall(r'<code class="fs-6">([a-z2-7]{8})</code>', html)
    password_client.post(reverse("accounts:logout"))

    password_client.force_login(user)
    response = password_client.post(VERIFY, {"code": codes[0].upper()})
    assert response.status_code == 302 and response.url == HOME
    assert StaticToken.objects.filter(device__user=user).count() == 9
    password_client.post(reverse("accounts:logout"))

    password_client.force_login(user)
    response = password_client.post(VERIFY, {"code": codes[0]})
    assert "Kode salah atau sudah kedaluwarsa" in response.content.decode()


def test_signing_in_through_the_form_leads_to_the_code_prompt(password_client, world):
    user = world.users["ntt_admin"]
    device = authenticator(user)
    response = password_client.post(
        reverse("accounts:login") + "?next=/kader/", {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302 and response.url == "/kader/"
    response = password_client.get("/kader/")
    assert response.url == f"{VERIFY}?next=%2Fkader%2F"
    response = password_client.get(response.url)
    assert "Verifikasi dua langkah" in response.content.decode()
    assert 'id="main-nav"' not in response.content.decode()  # no menu before the second step
    response = password_client.post(VERIFY, {"code": code_for(device), "next": "/kader/"})
    assert response.url == "/kader/"
    assert password_client.get("/kader/").status_code == 200


def test_an_administrator_resets_an_authenticator_and_it_is_logged(client, password_client, world, caplog):
    holder = grant_full_nik(world.users["tanggamus_staff"])
    authenticator(holder)
    password_client.force_login(holder)
    assert Session.objects.count() == 1
    # Only an administrator who may read full NIKs too (tests/accounts/test_containment.py).
    client.force_login(grant_full_nik(world.users["lampung_admin"]))
    page = client.get(reverse("accounts:user_detail", args=[holder.pk])).content.decode()
    assert "Atur ulang autentikator" in page
    with caplog.at_level("WARNING", logger="accounts.two_factor"):
        response = client.post(reverse("accounts:user_reset_2fa", args=[holder.pk]), follow=True)
    assert "pengguna memasang autentikator baru" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=holder).exists()
    assert f"Two-factor devices of user {holder.pk} reset by user" in caplog.text
    # The holder's open session has ended; at the next sign-in they set up a new authenticator.
    assert password_client.get(HOME).url.startswith(reverse("accounts:login"))
    password_client.force_login(holder)
    assert password_client.get(HOME).url.startswith(SETUP)


def test_an_administrator_outside_the_jurisdiction_cannot_reset(client, world):
    holder = world.users["tanggamus_staff"]
    authenticator(holder)
    client.force_login(world.users["ntt_admin"])
    assert client.post(reverse("accounts:user_reset_2fa", args=[holder.pk])).status_code == 404
    client.force_login(world.users["tanggamus_staff"])
    assert client.post(reverse("accounts:user_reset_2fa", args=[holder.pk])).status_code == 403
    assert TOTPDevice.objects.filter(user=holder).exists()


def test_demo_accounts_have_the_documented_authenticator(demo_regions, settings, capsys):
    from dp3.demo.offices import seed_offices_and_users
    from dp3.demo.two_factor import DEMO_TOTP_KEY, seed_demo_authenticators

    users = seed_offices_and_users()
    names = seed_demo_authenticators(users)
    assert "nasional" in names and "prov-lampung" in names and "kab-tanggamus" not in names
    device = TOTPDevice.objects.get(user__username="nasional")
    assert device.key == DEMO_TOTP_KEY and device.confirmed
    call_command("demo_otp", "nasional")
    printed = capsys.readouterr().out.strip()
    assert re.fullmatch(r"\d{6}", printed)
    assert device.verify_token(printed)
    with pytest.raises(CommandError, match="tidak memiliki autentikator demo"):
        call_command("demo_otp", "kab-tanggamus")
    settings.SIDP3_ALLOW_DEMO = False
    with pytest.raises(CommandError, match="SIDP3_ALLOW_DEMO mati"):
        call_command("demo_otp", "nasional")
