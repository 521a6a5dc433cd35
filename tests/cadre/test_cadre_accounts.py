"""Cadre accounts of the cadre app: the office invites an appointed or active cadre, the cadre sets a PIN on
their phone, five wrong PINs lock and revoke the phone, the office revokes a lost phone; a cadre's account
sees its own locus, its own cadre row, its locus' sessions and activities and its own attendance, nothing
else, on pages and in the API alike, and reaches no officer's page."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.contrib.auth.hashers import check_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import APIClient, Notification, User
from activities.models import (
    ActivityPhoto,
    CoordinationMeeting,
    LocusEvaluation,
    SocialisationActivity,
    Target,
    TrainingAttendance,
    TrainingSession,
)
from cadre import accounts
from cadre.models import Cadre, CadreAccount, CadreDevice, CadreInvitation, NikAccess
from cadre.services import cadre_resign
from cadre.views.app_access import DEVICE_COOKIE
from kernel.scoping.jurisdiction import LOCUS
from kernel.scoping.policy import policy
from locus.models import Locus, LocusDocument, LocusEvent, Province, Regency, Village
from tests.activities.factories_evaluations import attend, locus_at
from tests.activities.factories_trainings import activity, cadre, session

PIN = "482913"


@pytest.fixture
def place(world):
    """Two cadres of one locus in Gunung Kasih (Tanggamus), a registered one, and a cadre of Flores Timur;
    a session and an activity of each locus, attendance of both Tanggamus cadres."""
    staff = world.users["tanggamus_staff"]
    locus = locus_at(world.gunung_kasih)
    siti = cadre(locus, "Siti Aminah")
    rina = cadre(locus, "Rina Marlina")
    newcomer = cadre(locus, "Dewi Lestari", status="terdaftar")
    other_locus = locus_at(world.flotim_village)
    flotim = cadre(other_locus, "Maria Goreti")
    tanggamus_session = session(staff, [locus])
    flotim_session = session(world.users["flotim_admin"], [other_locus])
    attend(tanggamus_session, siti)
    attend(tanggamus_session, rina)
    attend(flotim_session, flotim)
    return {
        "locus": locus,
        "siti": siti,
        "rina": rina,
        "newcomer": newcomer,
        "other_locus": other_locus,
        "flotim": flotim,
        "session": tanggamus_session,
        "flotim_session": flotim_session,
        "activity": activity(staff, locus, [siti]),
        "flotim_activity": activity(world.users["flotim_admin"], other_locus, [flotim]),
    }


def _token(invitation: accounts.Invitation) -> str:
    return invitation.path.rstrip("/").rsplit("/", 1)[-1]


def _accepted(world, member, pin=PIN) -> accounts.SignedIn:
    invitation = accounts.invite_cadre(world.users["tanggamus_staff"], member)
    return accounts.accept_invitation(_token(invitation), pin, "Android 13")


def _signed_in_client(client, world, member):
    """The cadre's phone: the invitation opened and the PIN set through the pages."""
    invitation = accounts.invite_cadre(world.users["tanggamus_staff"], member)
    response = client.post(invitation.path, {"pin": PIN, "pin_confirm": PIN}, HTTP_USER_AGENT="Android 13")
    assert response.status_code == 302 and response["Location"] == reverse("cadre_app:home")
    return client


# --- inviting ----------


def test_the_regency_office_invites_an_appointed_or_active_cadre(client, world, place):
    client.force_login(world.users["tanggamus_staff"])
    response = client.post(reverse("cadre:cadre_invite", args=[place["siti"].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    invitation = CadreInvitation.objects.get(cadre=place["siti"])
    token = response.context["url"].rstrip("/").rsplit("/", 1)[-1]
    assert "/kader-app/undangan/" in response.context["url"] and "<svg" in html
    assert (
        invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
        and token not in invitation.token_hash
    )
    assert dt.timedelta(days=6, hours=23) < invitation.expires_at - timezone.now() <= dt.timedelta(days=7)
    # A new invitation revokes the earlier unused one.
    client.post(reverse("cadre:cadre_invite", args=[place["siti"].pk]))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert accounts.valid_invitation(token) is None


def test_an_invitation_is_refused_for_a_registered_cadre_another_regency_and_a_viewer(client, world, place):
    client.force_login(world.users["tanggamus_staff"])
    response = client.post(reverse("cadre:cadre_invite", args=[place["newcomer"].pk]), follow=True)
    assert "Hanya kader berstatus Ditetapkan atau Aktif" in response.content.decode()
    assert not CadreInvitation.objects.exists()
    with pytest.raises(ValidationError) as error:
        accounts.invite_cadre(world.users["tanggamus_staff"], place["newcomer"])
    assert "status" in error.value.message_dict
    assert client.post(reverse("cadre:cadre_invite", args=[place["flotim"].pk])).status_code == 404
    client.force_login(world.users["tanggamus_viewer"])
    assert client.post(reverse("cadre:cadre_invite", args=[place["siti"].pk])).status_code == 403
    # A province office may change the cadre but the account is the regency office's.
    with pytest.raises(PermissionDenied):
        accounts.invite_cadre(world.users["lampung_admin"], place["siti"])
    assert not CadreInvitation.objects.exists()


# --- accepting ----------


@pytest.mark.parametrize(
    ("pin", "confirm", "field", "message"),
    [
        ("12345", "12345", "pin", "6 angka"),
        ("12a456", "12a456", "pin", "6 angka"),
        ("111111", "111111", "pin", "mudah ditebak"),
        ("123456", "123456", "pin", "mudah ditebak"),
        ("654321", "654321", "pin", "mudah ditebak"),
        ("482913", "482914", "pin_confirm", "Ulangi PIN"),
    ],
)
def test_the_pin_rules(world, place, pin, confirm, field, message):
    invitation = accounts.invite_cadre(world.users["tanggamus_staff"], place["siti"])
    with pytest.raises(ValidationError) as error:
        accounts.accept_invitation(_token(invitation), pin, "Android", pin_confirm=confirm)
    assert message in " ".join(error.value.message_dict[field])
    assert not CadreDevice.objects.exists()


def test_accepting_makes_the_account_and_the_device_with_hashes_only(client, world, place):
    invitation = accounts.invite_cadre(world.users["tanggamus_staff"], place["siti"])
    page = client.get(invitation.path)
    assert page.status_code == 200 and "Atur PIN" in page.content.decode()
    response = client.post(invitation.path, {"pin": PIN, "pin_confirm": PIN}, HTTP_USER_AGENT="Android 13")
    assert response.status_code == 302
    cookie = response.cookies[DEVICE_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/kader-app/"
    token = cookie.value
    device = CadreDevice.objects.get()
    account = device.account
    assert account.cadre == place["siti"] and account.user.role == "kader"
    assert not account.user.has_usable_password() and account.office.regency_id == place["locus"].regency_id
    assert device.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert PIN not in device.pin_hash and check_password(PIN, device.pin_hash)
    assert device.name == "Android 13"
    assert CadreInvitation.objects.get().used_at is not None
    home = client.get(reverse("cadre_app:home"))
    # The app's shell: the cadre's name and locus come from the API, the shell holds no personal data.
    assert home.status_code == 200 and "cadre-app/app.js" in home.content.decode()
    assert "Siti Aminah" not in home.content.decode()


def test_an_expired_used_or_revoked_invitation_is_refused(client, world, place):
    staff = world.users["tanggamus_staff"]
    used = accounts.invite_cadre(staff, place["siti"])
    accounts.accept_invitation(_token(used), PIN, "Android")
    expired = accounts.invite_cadre(staff, place["rina"])
    CadreInvitation.objects.filter(pk=expired.invitation.pk).update(expires_at=timezone.now())
    revoked = accounts.invite_cadre(staff, place["siti"])
    accounts.invite_cadre(staff, place["siti"])  # revokes the previous one
    for invitation in (used, expired, revoked):
        with pytest.raises(ValidationError) as error:
            accounts.accept_invitation(_token(invitation), PIN, "Android")
        assert "token" in error.value.message_dict
        page = client.get(invitation.path)
        assert page.status_code == 404 and "tidak berlaku" in page.content.decode()
    assert client.get("/kader-app/undangan/bukan-token/").status_code == 404
    assert CadreDevice.objects.count() == 1


# --- PIN on a device ----------


def test_five_wrong_pins_lock_and_revoke_the_device_and_a_new_invitation_works(world, place):
    signed_in = _accepted(world, place["siti"])
    for left in (4, 3, 2, 1):
        with pytest.raises(ValidationError) as error:
            accounts.unlock_device(signed_in.token, "999999")
        assert f"Sisa percobaan: {left}" in error.value.message_dict["pin"][0]
    with pytest.raises(ValidationError) as error:
        accounts.unlock_device(signed_in.token, "999999")
    assert "dikunci" in error.value.message_dict["pin"][0]
    device = CadreDevice.objects.get()
    assert device.locked_at and device.revoked_at and device.failed_attempts == 5
    with pytest.raises(ValidationError):
        accounts.unlock_device(signed_in.token, PIN)  # even the right PIN: the office must invite again
    again = _accepted(world, place["siti"], pin="273645")
    assert again.device.account == signed_in.device.account
    assert accounts.unlock_device(again.token, "273645").user == signed_in.user


def test_a_right_pin_resets_the_failures_and_renews_the_device(client, world, place):
    signed_in = _accepted(world, place["siti"])
    CadreDevice.objects.update(expires_at=timezone.now() + dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        accounts.unlock_device(signed_in.token, "999999")
    accounts.unlock_device(signed_in.token, PIN)
    device = CadreDevice.objects.get()
    assert device.failed_attempts == 0 and device.expires_at > timezone.now() + dt.timedelta(days=89)
    # Through the page: the session has ended, the device cookie is there.
    client.cookies[DEVICE_COOKIE] = signed_in.token
    page = client.get(reverse("cadre_app:home"))
    assert page.status_code == 302 and page["Location"] == reverse("cadre_app:sign_in")
    wrong = client.post(reverse("cadre_app:sign_in"), {"pin": "999999"})
    assert wrong.status_code == 200 and "PIN salah" in wrong.content.decode()
    right = client.post(reverse("cadre_app:sign_in"), {"pin": PIN})
    assert right.status_code == 302
    assert client.get(reverse("cadre_app:home")).status_code == 200


def test_a_session_qr_code_scanned_after_the_session_ended_leads_back_to_it_after_the_pin(
    client, world, place
):
    signed_in = _accepted(world, place["siti"])
    client.cookies[DEVICE_COOKIE] = signed_in.token
    check_in = reverse("cadre_app:check_in", args=["kode-sesi"])
    page = client.get(check_in)
    assert page.status_code == 302 and page["Location"].startswith(reverse("cadre_app:sign_in") + "?next=")
    right = client.post(page["Location"], {"pin": PIN})
    assert (right.status_code, right["Location"]) == (302, check_in)
    # Only an address of the app: another one is not followed.
    client.logout()
    client.cookies[DEVICE_COOKIE] = signed_in.token
    away = client.post(reverse("cadre_app:sign_in") + "?next=https://contoh.example/", {"pin": PIN})
    assert away["Location"] == reverse("cadre_app:home")


def test_a_revoked_device_is_signed_out_at_its_next_request(client, world, place):
    _signed_in_client(client, world, place["siti"])
    assert client.get(reverse("api:cadre-list")).status_code == 200
    device = CadreDevice.objects.get()
    office = world.users["tanggamus_admin"]
    from django.test import Client

    officer = Client()
    officer.force_login(office)
    page = officer.get(reverse("cadre:cadre_detail", args=[place["siti"].pk])).content.decode()
    assert "Cabut perangkat" in page and "Android 13" in page
    response = officer.post(reverse("cadre:cadre_device_revoke", args=[place["siti"].pk, device.pk]))
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.revoked_at is not None
    assert client.get(reverse("api:cadre-list")).status_code in (401, 403)
    assert client.get(reverse("cadre_app:home")).status_code == 302  # to the PIN page, which says:
    sign_in = client.get(reverse("cadre_app:sign_in"))
    assert "belum terdaftar" in sign_in.content.decode()
    # Another office and a viewer cannot revoke it.
    flotim = Client()
    flotim.force_login(world.users["flotim_admin"])
    assert (
        flotim.post(reverse("cadre:cadre_device_revoke", args=[place["siti"].pk, device.pk])).status_code
        == 404
    )
    viewer = Client()
    viewer.force_login(world.users["tanggamus_viewer"])
    assert (
        viewer.post(reverse("cadre:cadre_device_revoke", args=[place["siti"].pk, device.pk])).status_code
        == 403
    )


def test_a_revoked_account_reaches_nothing(world, place):
    signed_in = _accepted(world, place["siti"])
    user = User.objects.get(pk=signed_in.user.pk)
    assert policy(user).queryset(Locus).count() == 1
    accounts.revoke_account(world.users["tanggamus_staff"], signed_in.device.account)
    user = User.objects.get(pk=signed_in.user.pk)
    assert policy(user).jurisdiction.level is None
    assert not policy(user).queryset(Locus).exists() and not policy(user).queryset(Cadre).exists()
    assert accounts.device_in_use(signed_in.token) is None


def test_a_cadre_who_resigns_loses_the_app_with_the_status_change(world, place):
    signed_in = _accepted(world, place["siti"])
    cadre_resign(actor=world.users["tanggamus_staff"], cadre=place["siti"], reason="Pindah ke luar daerah")
    user = User.objects.get(pk=signed_in.user.pk)
    assert policy(user).jurisdiction.level is None and not policy(user).queryset(Locus).exists()
    assert accounts.device_in_use(signed_in.token) is None


def test_cadre_accounts_are_no_officers_in_the_lists_and_counts(world, place):
    from accounts.selectors import office_list

    office = world.users["tanggamus_staff"].office
    admin = world.users["tanggamus_admin"]
    before = office_list(user=admin).get(pk=office.pk).users_count
    signed_in = _accepted(world, place["siti"])
    assert User.objects.filter(pk=signed_in.user.pk).exists()
    assert not User.objects.people().filter(pk=signed_in.user.pk).exists()
    assert office_list(user=admin).get(pk=office.pk).users_count == before


def test_an_officer_cannot_hold_a_cadres_user_name_before_its_invitation(world, place):
    User.objects.create_user(
        username=f"kader-{place['siti'].pk}", office=world.users["tanggamus_staff"].office
    )
    signed_in = _accepted(world, place["siti"])
    assert signed_in.user.username == f"kader_{place['siti'].pk}"


# --- what a cadre sees ----------


def _cadre_user(world, member) -> User:
    signed_in = _accepted(world, member)
    return User.objects.get(pk=signed_in.user.pk)


def test_a_cadre_sees_its_locus_its_own_row_its_schedule_its_attendance_and_its_locus_activities(
    world, place
):
    user = _cadre_user(world, place["siti"])
    access = policy(user)
    assert access.jurisdiction.level == LOCUS
    assert list(access.queryset(Locus)) == [place["locus"]]
    assert list(access.queryset(Cadre)) == [place["siti"]]  # not Rina, of the same locus
    assert not access.allows("view", place["rina"]) and access.allows("view", place["siti"])
    assert list(access.queryset(TrainingSession)) == [place["session"]]
    assert list(access.queryset(TrainingAttendance)) == list(
        TrainingAttendance.objects.filter(cadre=place["siti"])
    )
    assert list(access.queryset(SocialisationActivity)) == [place["activity"]]
    for model in (
        CoordinationMeeting,
        LocusEvaluation,
        Target,
        NikAccess,
        User,
        APIClient,
        Notification,
        LocusDocument,
        LocusEvent,
        Province,
        Regency,
        Village,
        CadreAccount,
    ):
        if hasattr(model, "scope_lookups"):
            assert not access.queryset(model).exists(), model
    assert access.may("view") and access.may("report")
    for action in ("add", "change", "delete", "decide", "manage"):
        assert not access.may(action)
        assert not access.queryset(Cadre, action).exists()
    assert not access.allows_in_region("view", place["locus"].village_id)
    assert ActivityPhoto.scope_lookups.locus == "activity__locus_id"


def test_a_cadre_never_sees_another_cadres_activities_of_its_locus(client, world, place):
    """Siti carried out the locus' activity; Rina, of the same locus, sees neither it nor its photos' page,
    by the policy or through the API."""
    rina = _cadre_user(world, place["rina"])
    assert not policy(rina).queryset(SocialisationActivity).exists()
    assert not policy(rina).allows("view", place["activity"])
    client.force_login(rina)
    session = client.session
    session["cadre_device_id"] = CadreDevice.objects.get(account__user=rina).pk
    session.save()
    assert client.get(reverse("api:activity-list")).json()["results"] == []
    assert client.get(reverse("api:activity-detail", args=[place["activity"].pk])).status_code == 404


def test_the_api_shows_a_cadre_the_same_through_the_same_policy(client, world, place):
    _signed_in_client(client, world, place["siti"])
    cadres = client.get(reverse("api:cadre-list")).json()["results"]
    assert [row["id"] for row in cadres] == [place["siti"].pk]
    assert place["siti"].nik not in str(cadres) and "*" in str(cadres)
    loci = client.get(reverse("api:locus-list")).json()["results"]
    assert [row["id"] for row in loci] == [place["locus"].pk]
    assert client.get(reverse("api:cadre-detail", args=[place["rina"].pk])).status_code == 404
    assert client.get(reverse("api:locus-detail", args=[place["other_locus"].pk])).status_code == 404
    sessions = client.get(reverse("api:trainingsession-list")).json()["results"]
    assert [row["id"] for row in sessions] == [place["session"].pk]
    activities = client.get(reverse("api:activity-list")).json()["results"]
    assert [row["id"] for row in activities] == [place["activity"].pk]
    for name in ("api:meeting-list", "api:evaluation-list", "api:target-list"):
        response = client.get(reverse(name))
        assert response.status_code == 403 or response.json()["results"] == [], name
    # No figures of a region: a cadre's locus is no grant on one.
    assert client.get(reverse("api:figures")).status_code in (400, 403, 404)


def test_a_cadre_reaches_no_officers_page(client, world, place):
    _signed_in_client(client, world, place["siti"])
    for url in (
        reverse("home"),
        reverse("cadre:cadre_list"),
        reverse("cadre:cadre_detail", args=[place["siti"].pk]),
        reverse("cadre:roster", args=[place["locus"].pk]),
        reverse("activities:training_detail", args=[place["session"].pk]),
        reverse("accounts:user_list"),
        "/admin/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("cadre_app:home"), url
    posted = client.post(reverse("cadre:cadre_invite", args=[place["siti"].pk]))
    assert posted.status_code == 403
    assert not CadreInvitation.objects.filter(used_at__isnull=True).exists()


def test_a_cadre_is_never_asked_for_a_second_factor(world, place):
    from accounts.two_factor import requires_two_factor

    user = _cadre_user(world, place["siti"])
    assert not requires_two_factor(user)
    assert not user.has_perm("cadre.view_full_nik")
