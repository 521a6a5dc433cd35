"""Cadre writes through the API: registration and each recruitment step by an office allowed to, stored with
their history as from the pages; the services' messages word for word under the field they name (a 15-digit
NIK, a roster full, a step out of order); a NIK or phone sent as a JSON number refused; another province's
locus answered as a locus that does not exist, its cadre a 404; a read-only role a 403. The full NIK: logged
as on the page, never cached, only with the permission and a reason in ``X-Alasan-Akses``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import reverse

from cadre.checks import check_nik, mask_nik
from cadre.choices import CadreStatus as S
from cadre.choices import NikAccessAction
from cadre.models import Cadre, NikAccess
from cadre.services import cadre_interview, cadre_verify
from tests.access.cadre import ALL_CHECKED
from tests.cadre.factories import CadreFactory, cadre_data
from tests.reports.factories_builders import grant_full_nik

pytestmark = pytest.mark.django_db

REASON = "Pencocokan data dengan KTP-el untuk SK"


def registration(locus, **overrides) -> dict:
    """The JSON body of a valid registration in ``locus`` (its village), with ``overrides``."""
    data = cadre_data(locus.village_id)
    body = {
        "locus": locus.pk,
        "nik": data.nik,
        "full_name": "Rina Marlina",
        "sex": data.sex,
        "birth_place": data.birth_place,
        "birth_date": data.birth_date.isoformat(),
        "address": data.address,
        "domicile_village": locus.village_id,
        "phone": "0812-3456-7890",
        "email": "rina@example.id",
        "education": "sma",
        "occupation": "Guru honorer",
        "segments": ["perempuan"],
        "nonpartisan": True,
        "interest_pps": True,
        "recruited_on": "2021-06-01",
    }
    return {**body, **overrides}


def step_url(cadre, step: str) -> str:
    return reverse(f"api:cadre-{step}", args=[cadre.pk])


# --- registration ----------


def test_an_office_registers_a_cadre_as_on_the_page(api_data, api_post):
    staff = api_data.user("tanggamus_staff")
    body = registration(api_data.tanggamus_locus)
    response = api_post(staff, reverse("api:cadre-list"), body)
    assert response.status_code == 201, response.content
    answer = response.json()
    cadre = Cadre.objects.get(pk=answer["cadre"]["id"])
    assert (cadre.full_name, cadre.nik, cadre.status) == ("Rina Marlina", body["nik"], S.REGISTERED)
    assert (cadre.phone, cadre.interest_pps, cadre.recruited_on) == (
        "+6281234567890",
        True,
        dt.date(2021, 6, 1),
    )
    assert [s.code for s in cadre.segments.all()] == ["perempuan"]
    assert answer["cadre"]["nik"] == mask_nik(body["nik"])
    assert body["nik"].encode() not in response.content
    assert answer["cadre"]["status"] == "terdaftar" and answer["cadre"]["segments"] == ["perempuan"]
    assert answer["warnings"] == []
    assert "ETag" not in response
    versions = list(cadre.history.order_by("history_date", "history_id"))
    assert versions[0].history_type == "+"
    assert {version.history_user for version in versions} == {staff}


def test_the_services_warnings_come_back_with_the_cadre(api_data, api_post):
    body = registration(api_data.tanggamus_locus, domicile_village="18.06.21.2005")  # not the locus' village
    response = api_post(api_data.user("tanggamus_staff"), reverse("api:cadre-list"), body)
    assert response.status_code == 201, response.content
    [warning] = response.json()["warnings"]
    assert warning.startswith("Desa domisili (") and "bukan desa lokus" in warning


def test_a_15_digit_nik_is_answered_with_the_services_message(api_data, api_post):
    body = registration(api_data.tanggamus_locus)
    body["nik"] = body["nik"][:15]
    response = api_post(api_data.user("tanggamus_staff"), reverse("api:cadre-list"), body)
    assert response.status_code == 400
    assert (
        response.json()["nik"] == check_nik(body["nik"]).errors == ["NIK harus terdiri dari 16 digit angka."]
    )
    assert not Cadre.objects.filter(full_name="Rina Marlina").exists()


@pytest.mark.parametrize("field", ["nik", "phone", "domicile_village"])
def test_a_code_sent_as_a_json_number_is_refused_never_coerced(api_data, api_post, field):
    body = registration(api_data.tanggamus_locus)
    body[field] = int(body[field].replace("-", "").replace(".", ""))
    response = api_post(api_data.user("tanggamus_staff"), reverse("api:cadre-list"), body)
    assert response.status_code == 400
    assert response.json() == {
        field: [f"{field} harus teks (string JSON); angka atau nilai lain tidak diterima."]
    }
    assert not Cadre.objects.filter(full_name="Rina Marlina").exists()


def test_every_message_of_a_refused_registration_is_the_services(api_data, api_post):
    body = registration(api_data.tanggamus_locus, full_name="", nonpartisan=False, segments=["bukan-unsur"])
    response = api_post(api_data.user("tanggamus_staff"), reverse("api:cadre-list"), body)
    assert response.status_code == 400
    assert response.json() == {
        "full_name": ["Nama lengkap wajib diisi."],
        "segments": ["“bukan-unsur” bukan unsur pemilih tahun program ini."],
        "nonpartisan": ["Pernyataan bukan anggota partai politik wajib diberikan."],
    }


def test_types_are_refused_in_indonesian_naming_the_field(api_data, api_post):
    url = reverse("api:cadre-list")
    staff = api_data.user("tanggamus_staff")
    body = registration(
        api_data.tanggamus_locus, birth_date="15/08/1995", nonpartisan="mungkin", segments="x"
    )
    assert api_post(staff, url, body).json() == {
        "birth_date": ["birth_date harus tanggal berformat YYYY-MM-DD."],
        "segments": ["segments harus daftar (array JSON)."],
        "nonpartisan": ["nonpartisan harus true atau false."],
    }
    valid = registration(api_data.tanggamus_locus)
    assert api_post(staff, url, {**valid, "full_name": "A" * 151}).json() == {
        "full_name": ["full_name paling banyak 150 karakter."]
    }
    assert api_post(staff, url, [body]).json() == {"non_field_errors": ["Isi permintaan harus objek JSON."]}
    assert api_post(staff, url, {}).json() == {"locus": ["locus wajib dikirim."]}
    client = Client()
    client.force_login(staff)
    broken = client.post(url, "{nik:", content_type="application/json")
    assert (broken.status_code, broken.json()) == (
        400,
        {"non_field_errors": ["Isi permintaan bukan JSON yang sah."]},
    )
    form = client.post(url, {"nik": "1"})
    assert form.status_code == 415
    assert form.json() == {"detail": "Kirim isi permintaan sebagai JSON (Content-Type: application/json)."}


def test_another_provinces_locus_is_answered_as_a_locus_that_does_not_exist(api_data, api_post):
    url = reverse("api:cadre-list")
    staff = api_data.user("lampung_admin")
    elsewhere = api_post(staff, url, registration(api_data.flotim_locus))
    missing = api_post(staff, url, {**registration(api_data.flotim_locus), "locus": 10**9})
    assert elsewhere.status_code == missing.status_code == 400
    assert elsewhere.json() == missing.json() == {"locus": ["Lokus tidak ditemukan."]}
    assert not Cadre.objects.filter(full_name="Rina Marlina").exists()


@pytest.mark.parametrize("actor", ["tanggamus_viewer", "lampung_viewer", "national_viewer"])
def test_a_read_only_role_may_not_register(api_data, api_post, actor):
    response = api_post(
        api_data.user(actor), reverse("api:cadre-list"), registration(api_data.tanggamus_locus)
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Anda tidak memiliki izin untuk melakukan tindakan ini."}
    assert not Cadre.objects.filter(full_name="Rina Marlina").exists()


def test_anonymous_may_not_register(api_data, api_post):
    response = api_post(None, reverse("api:cadre-list"), registration(api_data.tanggamus_locus))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_session_write_needs_the_csrf_token(api_data):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(api_data.user("tanggamus_staff"))
    url = reverse("api:cadre-list")
    body = registration(api_data.tanggamus_locus)
    refused = browser.post(url, body, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not Cadre.objects.filter(full_name="Rina Marlina").exists()
    token = get_token(RequestFactory().get("/"))
    browser.cookies["csrftoken"] = token
    accepted = browser.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201, accepted.content
    assert Cadre.objects.filter(full_name="Rina Marlina").exists()


# --- the recruitment steps ----------


def test_the_recruitment_steps_one_after_the_other(api_data, api_post):
    cadre = api_data.tanggamus_cadre
    staff, commissioner = api_data.user("tanggamus_staff"), api_data.user("tanggamus_commissioner")
    steps = [
        (staff, "verify", ALL_CHECKED, S.VERIFIED),
        (staff, "interview", {"notes": "Tidak berafiliasi", "interviewed_on": "2021-07-01"}, S.INTERVIEWED),
        (
            commissioner,
            "appoint",
            {"decree_number": "12/PP.06/2021", "decree_date": "2021-08-01"},
            S.APPOINTED,
        ),
        (staff, "activate", {}, S.ACTIVE),
        (staff, "resign", {"reason": "Pindah domisili"}, S.RESIGNED),
    ]
    for user, step, body, status in steps:
        response = api_post(user, step_url(cadre, step), body)
        assert response.status_code == 200, (step, response.content)
        assert response.json()["status"] == status
        assert response.json()["nik"] == mask_nik(cadre.nik)
        latest = Cadre.objects.get(pk=cadre.pk).history.first()
        assert (latest.status, latest.history_user) == (status, user), step
    cadre.refresh_from_db()
    assert cadre.interviewed_on == dt.date(2021, 7, 1)
    assert (cadre.decree_number, cadre.status_reason) == ("12/PP.06/2021", "Pindah domisili")


def test_marking_ineligible_keeps_the_reason(api_data, api_post):
    cadre = api_data.tanggamus_cadre
    response = api_post(
        api_data.user("tanggamus_staff"), step_url(cadre, "ineligible"), {"reason": "Anggota partai politik."}
    )
    assert response.status_code == 200
    cadre.refresh_from_db()
    assert (cadre.status, cadre.status_reason) == (S.INELIGIBLE, "Anggota partai politik.")


def test_a_step_out_of_order_is_answered_with_the_services_message(api_data, api_post):
    response = api_post(api_data.user("tanggamus_staff"), step_url(api_data.tanggamus_cadre, "activate"))
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Kader berstatus Terdaftar tidak dapat diubah menjadi Aktif."]
    }


def test_a_steps_missing_input_is_answered_with_the_services_messages(api_data, api_post):
    cadre, staff = api_data.tanggamus_cadre, api_data.user("tanggamus_staff")
    verify = api_post(staff, step_url(cadre, "verify"), {**ALL_CHECKED, "sehat": False})
    assert verify.status_code == 400
    assert verify.json() == {"non_field_errors": ["Belum terpenuhi: Sehat jasmani dan rohani."]}
    cadre_verify(actor=staff, cadre=cadre, checklist=ALL_CHECKED)
    interview = api_post(staff, step_url(cadre, "interview"), {"notes": "  "})
    assert interview.json() == {"notes": ["Catatan wawancara wajib diisi."]}
    resign = api_post(staff, step_url(cadre, "resign"), {})
    assert resign.json() == {"reason": ["Alasan pengunduran diri wajib diisi."]}
    assert Cadre.objects.get(pk=cadre.pk).status == S.VERIFIED


def test_a_full_roster_refuses_the_appointment(api_data, api_post):
    locus = api_data.tanggamus_locus
    size = locus.programme_year.roster_size
    for serial in range(size):
        CadreFactory(locus=locus, status=S.ACTIVE, serial=9000 + serial)
    cadre, staff = api_data.tanggamus_cadre, api_data.user("tanggamus_staff")
    cadre_verify(actor=staff, cadre=cadre, checklist=ALL_CHECKED)
    cadre_interview(actor=staff, cadre=cadre, notes="Tidak berafiliasi", interviewed_on=dt.date(2021, 7, 1))
    body = {"decree_number": "12/PP.06/2021", "decree_date": "2021-08-01"}
    response = api_post(api_data.user("tanggamus_commissioner"), step_url(cadre, "appoint"), body)
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [
            f"Daftar kader lokus ini sudah penuh ({size}/{size} kader ditetapkan atau aktif)."
        ]
    }
    assert Cadre.objects.get(pk=cadre.pk).status == S.INTERVIEWED


def test_staff_may_not_appoint_a_decision_of_commissioners(api_data, api_post):
    cadre = api_data.tanggamus_cadre
    body = {"decree_number": "12/PP.06/2021", "decree_date": "2021-08-01"}
    assert api_post(api_data.user("tanggamus_staff"), step_url(cadre, "appoint"), body).status_code == 403


@pytest.mark.parametrize("step", ["verify", "interview", "appoint", "activate", "ineligible", "resign"])
def test_another_provinces_cadre_is_a_404_and_a_viewer_a_403(api_data, api_post, step):
    flotim = api_data.flotim_cadre
    assert api_post(api_data.user("lampung_admin"), step_url(flotim, step), ALL_CHECKED).status_code == 404
    assert api_post(api_data.user("tanggamus_admin"), step_url(flotim, step), ALL_CHECKED).status_code == 404
    viewer = api_post(
        api_data.user("tanggamus_viewer"), step_url(api_data.tanggamus_cadre, step), ALL_CHECKED
    )
    assert viewer.status_code == 403
    assert Cadre.objects.get(pk=api_data.tanggamus_cadre.pk).status == S.REGISTERED
    assert Cadre.objects.get(pk=flotim.pk).status == S.REGISTERED


# --- the full NIK ----------


def test_the_full_nik_with_the_permission_and_a_reason_is_logged(api_data, api_get):
    cadre = api_data.tanggamus_cadre
    admin = grant_full_nik(api_data.user("tanggamus_admin"))
    response = api_get(admin, reverse("api:cadre-nik", args=[cadre.pk]), HTTP_X_ALASAN_AKSES=REASON)
    assert response.status_code == 200
    assert response.json() == {"nik": cadre.nik}
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response
    access = NikAccess.objects.get()
    assert (access.cadre, access.user, access.action, access.reason) == (
        cadre,
        admin,
        NikAccessAction.VIEW,
        REASON,
    )


def test_a_head_request_for_the_full_nik_is_refused_and_logs_nothing(api_data, client):
    admin = grant_full_nik(api_data.user("tanggamus_admin"))
    client.force_login(admin)
    url = reverse("api:cadre-nik", args=[api_data.tanggamus_cadre.pk])
    assert client.head(url, HTTP_X_ALASAN_AKSES=REASON).status_code == 405
    assert not NikAccess.objects.exists()


def test_a_reason_in_utf8_is_logged_as_written(api_data, client):
    cadre = api_data.tanggamus_cadre
    admin = grant_full_nik(api_data.user("tanggamus_admin"))
    client.force_login(admin)
    reason = "Pencocokan “KTP-el” untuk SK"
    header = reason.encode("utf-8").decode("latin-1")  # what WSGI hands Django for UTF-8 bytes
    response = client.get(reverse("api:cadre-nik", args=[cadre.pk]), HTTP_X_ALASAN_AKSES=header)
    assert response.status_code == 200
    assert NikAccess.objects.get().reason == reason


def test_the_full_nik_without_a_reason_is_a_400_naming_the_header(api_data, api_get):
    cadre = api_data.tanggamus_cadre
    admin = grant_full_nik(api_data.user("tanggamus_admin"))
    url = reverse("api:cadre-nik", args=[cadre.pk])
    message = {"X-Alasan-Akses": ["Tuliskan alasan melihat NIK lengkap (minimal 10 karakter)."]}
    for response in (
        api_get(admin, url),
        api_get(admin, url, HTTP_X_ALASAN_AKSES="cek"),
        api_get(admin, url, {"reason": REASON}),  # the header only
    ):
        assert response.status_code == 400
        assert response.json() == message
        assert cadre.nik.encode() not in response.content
    too_long = api_get(admin, url, HTTP_X_ALASAN_AKSES="x" * 256)
    assert too_long.json() == {"X-Alasan-Akses": ["X-Alasan-Akses paling banyak 255 karakter."]}
    assert not NikAccess.objects.exists()


def test_the_full_nik_without_the_permission_is_a_403_with_the_services_message(api_data, api_get):
    cadre = api_data.tanggamus_cadre
    url = reverse("api:cadre-nik", args=[cadre.pk])
    response = api_get(api_data.user("national_admin"), url, HTTP_X_ALASAN_AKSES=REASON)
    assert response.status_code == 403
    assert response.json() == {"detail": "Anda tidak memiliki izin melihat NIK lengkap."}
    assert cadre.nik.encode() not in response.content
    assert not NikAccess.objects.exists()


def test_the_full_nik_of_another_provinces_cadre_is_a_404(api_data, api_get):
    admin = grant_full_nik(api_data.user("lampung_admin"))
    url = reverse("api:cadre-nik", args=[api_data.flotim_cadre.pk])
    response = api_get(admin, url, HTTP_X_ALASAN_AKSES=REASON)
    assert response.status_code == 404
    assert response.json() == {"detail": "Data tidak ditemukan."}
    assert not NikAccess.objects.exists()


def test_the_error_shape_of_a_service_error_without_a_field(rf):
    from api.errors import flatten, service_errors

    assert service_errors(ValidationError("Satu pesan.")) == {"non_field_errors": ["Satu pesan."]}
    assert service_errors(ValidationError({"__all__": ["A"], "x": ["B"]}), lambda name: "y") == {
        "non_field_errors": ["A"],
        "y": ["B"],
    }
    assert flatten({"rows": [{}, {"cadre": ["C"]}], "segments": {0: ["D"]}}) == {
        "rows.1.cadre": ["C"],
        "segments.0": ["D"],
    }
