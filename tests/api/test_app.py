"""The cadre app's API (/api/v1/app/, api/app.py): a cadre's phone reports its activities (a resend never
makes a second one), adds photos to them, checks in to its locus' training sessions with the session's QR
code and reads its profile, reports, schedule and figures; an officer is refused, another locus' objects do
not exist."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string

from activities.models import ActivityPhoto, SocialisationActivity, TrainingAttendance, TrainingSession
from activities.selectors.evaluations import locus_evaluation_figures
from activities.services.outreach import activity_accept, activity_return
from activities.services.trainings import CHECK_IN_SALT, check_in_code
from kernel.localtime import local_today
from tests.activities.factories_trainings import session
from tests.cadre import test_cadre_accounts
from tests.cadre.test_cadre_accounts import _signed_in_client

pytestmark = pytest.mark.django_db

# Two cadres of a locus of Gunung Kasih, one of Flores Timur, their sessions and activities.
place = test_cadre_accounts.place

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 200


@pytest.fixture
def phone(world, place):
    """Siti's phone, signed in through her invitation, sending the CSRF token as the app does (the
    ``csrftoken`` cookie's value in ``X-CSRFToken``): without it, a write is refused."""
    client = _signed_in_client(Client(), world, place["siti"])
    client.handler.enforce_csrf_checks = True
    client.cookies["csrftoken"] = get_random_string(32)
    return client


def _csrf(client) -> dict:
    token = client.cookies.get("csrftoken")
    return {"HTTP_X_CSRFTOKEN": token.value} if token else {}


def _post(client, name, body, *args):
    return client.post(
        reverse(f"api:{name}", args=args), json.dumps(body), content_type="application/json", **_csrf(client)
    )


def _report(client_id=None, **changes) -> dict:
    body = {
        "client_id": str(client_id or uuid.uuid4()),
        "held_on": "2021-07-12",
        "title": "Sosialisasi lewat RRI Kota Agung",
        "method": "radio",
        "topic": "anti_hoaks",
        "reached_men": 30,
        "reached_women": 40,
        "reached_disabled": 1,
        "reached_first_time": 10,
        "segment_reach": {"perempuan": 40},
        "notes": "Siaran pagi",
    }
    body.update(changes)
    return body


def _photo(client, activity_pk, content=PNG, client_id=None, name="blob"):
    return client.post(
        reverse("api:app_activity_photos", args=[activity_pk]),
        {"photo": SimpleUploadedFile(name, content), "client_id": str(client_id or uuid.uuid4())},
        **_csrf(client),
    )


# --- who may ----------


def test_a_write_without_the_csrf_token_is_refused(phone):
    response = phone.post(
        reverse("api:app_activities"), json.dumps(_report()), content_type="application/json"
    )
    assert response.status_code == 403
    assert SocialisationActivity.objects.filter(reported_by__isnull=False).count() == 0


def test_an_officer_is_refused_every_path(client, world, place):
    client.force_login(world.users["tanggamus_admin"])
    for name in ("app_profile", "app_activities", "app_schedule", "app_figures"):
        response = client.get(reverse(f"api:{name}"))
        assert response.status_code == 403, name
        assert response.json()["detail"] == "API aplikasi kader hanya untuk akun kader."
    assert _post(client, "app_activities", _report()).status_code == 403
    assert _post(client, "app_check_in", {"code": check_in_code(place["session"])}).status_code == 403
    assert SocialisationActivity.objects.filter(reported_by__isnull=False).count() == 0


def test_anonymous_is_asked_to_sign_in(client):
    assert client.get(reverse("api:app_profile")).status_code == 401


# --- profile, schedule, figures ----------


def test_profile_is_the_cadres_own_and_its_locus(phone, place):
    body = phone.get(reverse("api:app_profile")).json()
    assert body["cadre"] == {"id": place["siti"].pk, "full_name": "Siti Aminah"}
    locus = place["locus"]
    assert body["locus"]["id"] == locus.pk and body["locus"]["village_code"] == locus.village_id
    assert body["locus"]["programme_year"] == 2021 and body["locus"]["regency_name"]
    assert "radio" in {m["value"] for m in body["methods"]}
    assert "perempuan" in {s["code"] for s in body["segments"]}
    assert body["max_photo_bytes"] == 500_000
    assert "nik" not in json.dumps(body).lower()


def test_schedule_lists_the_loci_sessions_only(phone, place):
    rows = phone.get(reverse("api:app_schedule")).json()
    assert [row["id"] for row in rows] == [place["session"].pk]
    assert rows[0]["checked_in"] is True  # the fixture recorded her present
    assert set(rows[0]) == {
        "id",
        "title",
        "session_number",
        "starts_at",
        "ends_at",
        "place",
        "mode",
        "checked_in",
    }


def test_figures_are_the_loci_own(phone, place):
    body = phone.get(reverse("api:app_figures")).json()
    figures = locus_evaluation_figures(locus=place["locus"])
    assert body["activities"] == figures.activities == 1
    assert body["people_reached"] == figures.reached_total
    assert body["roster_size"] == figures.roster_size
    assert body["cadres_on_roster"] == figures.cadres_active
    assert body["sessions_planned"] == figures.sessions_planned


# --- reports ----------


def test_a_report_is_made_once_and_waits_for_review(phone, world, place, client):
    client_id = uuid.uuid4()
    first = _post(phone, "app_activities", _report(client_id))
    assert first.status_code == 201, first.json()
    body = first.json()
    assert body["status"] == "dilaporkan" and body["client_id"] == str(client_id)
    assert body["photo_count"] == 0 and body["reached_women"] == 40
    again = _post(phone, "app_activities", _report(client_id))
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert SocialisationActivity.objects.filter(client_id=client_id).count() == 1
    activity = SocialisationActivity.objects.get(pk=body["id"])
    assert activity.reported_by == place["siti"] and list(activity.cadres.all()) == [place["siti"]]
    assert activity.locus == place["locus"]
    # In the office's list as dilaporkan; counted nowhere until accepted.
    client.force_login(world.users["tanggamus_staff"])
    listed = client.get(reverse("api:activity-list"), {"status": "dilaporkan"}).json()["results"]
    assert [row["id"] for row in listed] == [activity.pk]
    assert locus_evaluation_figures(locus=place["locus"]).activities == 1  # the office's own only
    assert phone.get(reverse("api:app_figures")).json()["activities"] == 1
    activity_accept(actor=world.users["tanggamus_staff"], activity=activity)
    assert phone.get(reverse("api:app_figures")).json()["activities"] == 2
    mine = phone.get(reverse("api:app_activities")).json()
    assert [(row["id"], row["status"]) for row in mine] == [(activity.pk, "diterima")]


def test_a_report_is_refused_with_the_services_messages(phone):
    response = _post(phone, "app_activities", _report(title="", method="", reached_disabled=500))
    assert response.status_code == 400
    errors = response.json()
    assert errors["title"] == ["Judul kegiatan wajib diisi."]
    assert errors["method"] == ["Pilih metode kegiatan."]
    assert "reached_disabled" in errors
    assert _post(phone, "app_activities", {**_report(), "client_id": "bukan"}).json() == {
        "client_id": ["client_id harus UUID."]
    }
    assert "segment_reach" in _post(phone, "app_activities", _report(segment_reach={"perempuan": 999})).json()
    assert SocialisationActivity.objects.filter(reported_by__isnull=False).count() == 0


def test_a_returned_report_is_corrected_and_sent_again(phone, world, place):
    made = _post(phone, "app_activities", _report()).json()
    activity = SocialisationActivity.objects.get(pk=made["id"])
    url = reverse("api:app_activity", args=[activity.pk])
    # Not returned yet: refused.
    body = json.dumps(_report(title="Siaran RRI diperbaiki"))
    waiting = phone.put(url, body, content_type="application/json", **_csrf(phone))
    assert waiting.status_code == 400 and "status" in waiting.json()
    activity_return(actor=world.users["tanggamus_staff"], activity=activity, note="Jumlah perempuan?")
    listed = phone.get(reverse("api:app_activities")).json()
    assert (listed[0]["status"], listed[0]["review_note"]) == ("dikembalikan", "Jumlah perempuan?")
    again = phone.put(url, body, content_type="application/json", **_csrf(phone))
    assert again.status_code == 200, again.json()
    assert (again.json()["status"], again.json()["title"]) == ("dilaporkan", "Siaran RRI diperbaiki")


def test_another_locus_report_is_not_found(phone, world, place):
    flotim = place["flotim_activity"]
    url = reverse("api:app_activity", args=[flotim.pk])
    assert phone.put(url, "{}", content_type="application/json", **_csrf(phone)).status_code == 404
    assert _photo(phone, flotim.pk).status_code == 404
    # The office's own activity of her locus is not her report either.
    assert _photo(phone, place["activity"].pk).status_code == 404
    assert ActivityPhoto.objects.count() == 0
    assert [row["id"] for row in phone.get(reverse("api:app_activities")).json()] == []


# --- photos ----------


def test_a_photo_is_stored_once(phone):
    made = _post(phone, "app_activities", _report()).json()
    client_id = uuid.uuid4()
    first = _photo(phone, made["id"], client_id=client_id)
    assert first.status_code == 201, first.json()
    assert first.json()["client_id"] == str(client_id)
    again = _photo(phone, made["id"], client_id=client_id)
    assert again.status_code == 200 and again.json() == first.json()
    photo = ActivityPhoto.objects.get(client_id=client_id)
    assert (photo.content_type, photo.size, photo.activity_id) == ("image/png", len(PNG), made["id"])
    assert _photo(phone, made["id"], content=JPEG).status_code == 201
    assert ActivityPhoto.objects.filter(activity_id=made["id"]).count() == 2
    assert phone.get(reverse("api:app_activities")).json()[0]["photo_count"] == 2


def test_a_large_or_wrong_photo_is_refused(phone):
    made = _post(phone, "app_activities", _report()).json()
    big = _photo(phone, made["id"], content=JPEG + b"\x00" * 500_000)
    assert big.status_code == 400
    assert list(big.json()) == ["photo"] and "500.000" in big.json()["photo"][0]
    text = _photo(phone, made["id"], content=b"%PDF-1.4 bukan foto")
    assert text.status_code == 400 and list(text.json()) == ["photo"]
    missing = phone.post(
        reverse("api:app_activity_photos", args=[made["id"]]),
        {"client_id": str(uuid.uuid4())},
        **_csrf(phone),
    )
    assert missing.status_code == 400 and "photo" in missing.json()
    assert ActivityPhoto.objects.count() == 0


def test_no_photo_once_accepted(phone, world):
    made = _post(phone, "app_activities", _report()).json()
    activity_accept(
        actor=world.users["tanggamus_staff"], activity=SocialisationActivity.objects.get(pk=made["id"])
    )
    refused = _photo(phone, made["id"])
    assert refused.status_code == 400 and "status" in refused.json()


# --- check-in ----------


def _today_session(world, place, number=2):
    day = local_today("Asia/Jakarta")
    return session(
        world.users["tanggamus_staff"], [place["locus"]], number=number, day=day, start=dt.time(0, 0)
    )


def test_check_in_records_the_cadre_present_once(phone, world, place):
    today = _today_session(world, place)
    TrainingAttendance.objects.create(session=today, cadre=place["rina"], status="izin")
    answer = _post(phone, "app_check_in", {"code": check_in_code(today), "client_id": str(uuid.uuid4())})
    assert answer.status_code == 200, answer.json()
    assert answer.json() == {"session": {"id": today.pk, "title": today.topic}, "status": "hadir"}
    again = _post(phone, "app_check_in", {"code": check_in_code(today), "client_id": str(uuid.uuid4())})
    assert again.status_code == 200 and again.json() == answer.json()
    rows = {a.cadre_id: a.status for a in TrainingAttendance.objects.filter(session=today)}
    assert rows == {place["siti"].pk: "hadir", place["rina"].pk: "izin"}  # Rina's row kept
    today = TrainingSession.objects.get(pk=today.pk)
    assert (today.present_count, today.excused_count, today.held) == (1, 1, True)  # as the pages count
    schedule = {row["id"]: row["checked_in"] for row in phone.get(reverse("api:app_schedule")).json()}
    assert schedule[today.pk] is True


def test_a_wrong_expired_or_other_loci_code_is_refused(phone, world, place):
    past = place["session"]  # 2021: long expired
    expired = _post(phone, "app_check_in", {"code": check_in_code(past)})
    assert expired.status_code == 400 and list(expired.json()) == ["code"]
    forged = signing.dumps({"s": past.pk}, salt="lain")
    assert _post(phone, "app_check_in", {"code": forged}).json()["code"] == ["Kode QR presensi tidak sah."]
    tampered = check_in_code(past)[:-2] + "xx"
    assert _post(phone, "app_check_in", {"code": tampered}).status_code == 400
    assert _post(phone, "app_check_in", {"code": ""}).status_code == 400
    other = signing.dumps({"s": place["flotim_session"].pk}, salt=CHECK_IN_SALT)
    assert list(_post(phone, "app_check_in", {"code": other}).json()) == ["code"]
    assert not TrainingAttendance.objects.filter(
        session=place["flotim_session"], cadre=place["siti"]
    ).exists()


def test_the_check_in_code_holds_from_the_sessions_day_to_the_day_after(world, place):
    from activities.services.trainings import check_in_code_valid

    today = _today_session(world, place)
    day = today.local_date
    assert not check_in_code_valid(
        today, today=day - dt.timedelta(days=1)
    )  # attendance needs a begun session
    assert check_in_code_valid(today, today=day)
    assert check_in_code_valid(today, today=day + dt.timedelta(days=1))  # a check-in queued offline
    assert not check_in_code_valid(today, today=day + dt.timedelta(days=2))


def test_the_office_shows_the_sessions_qr_code(client, world, place):
    today = _today_session(world, place)
    client.force_login(world.users["tanggamus_staff"])
    detail = client.get(today.get_absolute_url()).content.decode()
    url = reverse("activities:training_check_in_qr", args=[today.pk])
    assert url in detail
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    # The code carries the second it was signed (django.core.signing): the page's own code, which names the
    # session, not one signed again here a second later.
    code = page.context["code"]
    assert signing.loads(code, salt=CHECK_IN_SALT) == signing.loads(check_in_code(today), salt=CHECK_IN_SALT)
    assert "<svg" in html and code in html
    assert f"/kader-app/presensi/{code}/" in page.context["url"]
    client.force_login(world.users["tanggamus_viewer"])
    assert client.get(url).status_code == 403
    client.force_login(world.users["flotim_admin"])
    assert client.get(url).status_code == 404
