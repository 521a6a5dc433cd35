"""Signing in and out, lockout after failed attempts, idle timeout, changing and resetting passwords."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kernel.middleware import IdleSessionMiddleware
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def login(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_sign_in_and_out(client, world):
    response = login(client, "tanggamus-staff")
    assert response.status_code == 302 and response.url == reverse("home")
    response = client.post(reverse("accounts:logout"), follow=True)
    assert response.redirect_chain[-1][0] == LOGIN
    assert "Anda telah keluar" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_logout_needs_post(client, world):
    client.force_login(world.users["tanggamus_staff"])
    assert client.get(reverse("accounts:logout")).status_code == 405


def test_a_wrong_password_is_explained_in_indonesian(client, world):
    response = login(client, "tanggamus-staff", "salah")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nama pengguna atau kata sandi salah" in html
    assert "30 menit" in html


def test_the_sixth_attempt_after_five_failures_is_locked_out(client, world):
    for _ in range(5):
        login(client, "tanggamus-staff", "bukan-kata-sandinya")
    # The right password does not help now.
    response = login(client, "tanggamus-staff")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Akun dikunci sementara" in html
    assert "tanggamus-staff" in html
    assert "dikunci selama 30 menit" in html
    assert "_auth_user_id" not in client.session

    # Another username from the same address is not locked.
    response = login(client, "tanggamus-admin")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.users["tanggamus_admin"].pk)


def test_four_failures_do_not_lock(client, world):
    for _ in range(4):
        assert login(client, "tanggamus-staff", "salah").status_code == 200
    assert login(client, "tanggamus-staff").status_code == 302


def test_the_session_expiry_is_renewed_while_it_is_used(client, world, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert not settings.SESSION_SAVE_EVERY_REQUEST  # renewed at most once a minute instead
    client.force_login(world.users["tanggamus_staff"])
    session = client.session
    key = session.session_key
    # 29 minutes of silence: one minute left.
    session[IdleSessionMiddleware.KEY] -= 29 * 60
    session.save()
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + dt.timedelta(minutes=1))
    assert client.get(reverse("home")).status_code == 200
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed > timezone.now() + dt.timedelta(minutes=29)


def test_the_session_is_not_written_again_within_the_renewal_interval(client, world, settings):
    client.force_login(world.users["tanggamus_staff"])  # signing in counts as a renewal
    key = client.session.session_key
    stamp = Session.objects.get(session_key=key).expire_date - dt.timedelta(seconds=5)
    Session.objects.filter(session_key=key).update(expire_date=stamp)
    client.get(reverse("home"))
    assert Session.objects.get(session_key=key).expire_date == stamp  # not saved: renewed a moment ago
    settings.SESSION_RENEW_SECONDS = 0
    client.get(reverse("home"))
    assert Session.objects.get(session_key=key).expire_date > stamp


def test_a_visitor_gets_no_session_row(client, world):
    before = Session.objects.count()
    client.get(reverse("accounts:login"))
    client.get("/siap/")
    assert Session.objects.count() == before


def test_an_idle_session_has_expired(client, world):
    client.force_login(world.users["tanggamus_staff"])
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_a_weak_password_is_refused_in_indonesian(client, world):
    user = world.users["tanggamus_staff"]
    client.force_login(user)
    url = reverse("accounts:password_change")
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"}
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["new_password2"])
    assert "terlalu pendek" in errors
    assert "10 karakter" in errors
    assert "seluruhnya terdiri dari angka" in errors
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": "password123", "new_password2": "password123"}
    )
    assert "terlalu umum" in " ".join(response.context["form"].errors["new_password2"])
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_change_password(client, world):
    user = world.users["tanggamus_staff"]
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Desa-Peduli-Pemilu-24",
            "new_password2": "Desa-Peduli-Pemilu-24",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:password_change_done")
    assert "Kata sandi diganti" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("Desa-Peduli-Pemilu-24")
    # Still signed in after the change.
    assert client.get(reverse("home")).status_code == 200


def test_wrong_old_password(client, world):
    client.force_login(world.users["tanggamus_staff"])
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "salah",
            "new_password1": "Desa-Peduli-Pemilu-24",
            "new_password2": "Desa-Peduli-Pemilu-24",
        },
    )
    assert "old_password" in response.context["form"].errors


def test_password_reset_by_email(client, world):
    user = world.users["tanggamus_staff"]
    response = client.post(reverse("accounts:password_reset"), {"email": user.email}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:password_reset_done")
    assert "Periksa surel Anda" in response.content.decode()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "SIDP3: tautan untuk membuat kata sandi baru"
    assert "tanggamus-staff" in body
    link = next(line for line in body.splitlines() if "/accounts/reset/" in line)
    response = client.get(link.removeprefix("http://testserver"), follow=True)
    assert response.context["validlink"]
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "pendek", "new_password2": "pendek"})
    assert "terlalu pendek" in response.content.decode()
    response = client.post(
        form_url,
        {"new_password1": "Kader-Demokrasi-2024", "new_password2": "Kader-Demokrasi-2024"},
        follow=True,
    )
    assert "Kata sandi tersimpan" in response.content.decode()
    assert login(client, "tanggamus-staff", "Kader-Demokrasi-2024").status_code == 302
    # The link works once.
    client.logout()
    response = client.get(link.removeprefix("http://testserver"), follow=True)
    assert not response.context["validlink"]
    assert "Tautan tidak berlaku" in response.content.decode()


def test_password_reset_for_an_unknown_email_says_the_same_and_sends_nothing(client, world):
    response = client.post(reverse("accounts:password_reset"), {"email": "tidak-ada@kpu.test"}, follow=True)
    assert "Periksa surel Anda" in response.content.decode()
    assert mail.outbox == []


def test_authentication_pages_speak_indonesian(client, world):
    for name in ("accounts:login", "accounts:password_reset"):
        html = client.get(reverse(name)).content.decode()
        assert 'lang="id"' in html
    client.force_login(world.users["tanggamus_staff"])
    html = client.get(reverse("accounts:password_change")).content.decode()
    assert "Kata sandi lama" in html
    assert "Ganti kata sandi" in html
