"""The personal-data access report of one officer: every full-NIK view, export and refusal by an account of
the administrator's jurisdiction, over a period, on a page and as CSV or XLSX; only records about cadres of
the jurisdiction, other roles refused."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cadre.checks import mask_nik
from cadre.choices import NikAccessAction
from cadre.models import NikAccess
from cadre.services import cadre_register
from tests.cadre.factories import cadre_data
from tests.locus.factories import LocusFactory

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def log(world):
    """tanggamus_staff saw a Tanggamus cadre's full NIK on 10 May 2021, exported it on 20 May and was refused
    registering a NIK that is a cadre of Flores Timur on 25 May (all in WIB, the offices' zone)."""
    here = LocusFactory(village=world.gunung_kasih)
    there = LocusFactory(village=world.flotim_village)
    siti, _w = cadre_register(
        actor=world.users["tanggamus_staff"],
        locus=here,
        data=cadre_data(here.village_id, full_name="Siti Aminah"),
    )
    maria, _w = cadre_register(
        actor=world.users["flotim_admin"],
        locus=there,
        data=cadre_data(there.village_id, full_name="Maria Goreti"),
    )
    officer = world.users["tanggamus_staff"]
    rows = [
        (siti, NikAccessAction.VIEW, "Pencocokan KTP-el", dt.datetime(2021, 5, 10, 9, 0, tzinfo=WIB)),
        (siti, NikAccessAction.EXPORT, "Rekap SK kader", dt.datetime(2021, 5, 20, 23, 30, tzinfo=WIB)),
        (maria, NikAccessAction.REFUSED, "Pendaftaran kader", dt.datetime(2021, 5, 25, 8, 0, tzinfo=WIB)),
    ]
    for cadre, action, reason, at in rows:
        record = NikAccess.objects.create(cadre=cadre, user=officer, action=action, reason=reason)
        NikAccess.objects.filter(pk=record.pk).update(at=at)
    # Someone else's view: never in tanggamus_staff's report.
    NikAccess.objects.create(
        cadre=siti, user=world.users["tanggamus_admin"], action=NikAccessAction.VIEW, reason="Periksa"
    )
    return {"officer": officer, "siti": siti, "maria": maria}


def _page(client, world, admin, officer, **query):
    client.force_login(world.users[admin])
    return client.get(reverse("cadre:nik_access_officer", args=[officer.pk]), query)


def test_provincial_admin_sees_the_officers_records_about_cadres_of_its_province(client, world, log):
    response = _page(client, world, "lampung_admin", log["officer"])
    assert response.status_code == 200
    records = list(response.context["records"])
    assert [(r.cadre, r.action) for r in records] == [
        (log["siti"], NikAccessAction.EXPORT),
        (log["siti"], NikAccessAction.VIEW),
    ]
    body = response.content.decode()
    assert mask_nik(log["siti"].nik) in body
    assert log["siti"].nik not in body
    assert "Maria Goreti" not in body
    assert "Rekap SK kader" in body


def test_national_admin_sees_every_record_of_the_officer(client, world, log):
    response = _page(client, world, "national_admin", log["officer"])
    assert [r.action for r in response.context["records"]] == [
        NikAccessAction.REFUSED,
        NikAccessAction.EXPORT,
        NikAccessAction.VIEW,
    ]


@pytest.mark.parametrize("admin", ["ntt_admin", "flotim_admin"])
def test_an_admin_of_another_province_gets_nothing(client, world, log, admin):
    assert _page(client, world, admin, log["officer"]).status_code == 404
    url = reverse("cadre:nik_access_officer_export", args=[log["officer"].pk, "csv"])
    assert client.get(url).status_code == 404
    # Choosing the officer by name is refused with the field named.
    response = client.get(reverse("cadre:nik_access_index"), {"pengguna": log["officer"].username})
    assert response.status_code == 200
    assert response.context["form"].errors["pengguna"] == [
        f"Pengguna “{log['officer'].username}” tidak ada di wilayah kerja Anda."
    ]


@pytest.mark.parametrize("actor", ["lampung_commissioner", "tanggamus_staff", "national_viewer"])
def test_other_roles_are_refused(client, world, log, actor):
    client.force_login(world.users[actor])
    assert client.get(reverse("cadre:nik_access_index")).status_code == 403
    assert client.get(reverse("cadre:nik_access_officer", args=[log["officer"].pk])).status_code == 403
    url = reverse("cadre:nik_access_officer_export", args=[log["officer"].pk, "xlsx"])
    assert client.get(url).status_code == 403


def test_the_period_is_read_on_the_local_calendar_both_days_included(client, world, log):
    response = _page(client, world, "national_admin", log["officer"], dari="2021-05-20", sampai="20/05/2021")
    assert [r.action for r in response.context["records"]] == [NikAccessAction.EXPORT]
    response = _page(client, world, "national_admin", log["officer"], dari="2021-05-11")
    assert len(response.context["records"]) == 2


def test_a_period_that_cannot_be_read_names_the_field(client, world, log):
    response = _page(client, world, "lampung_admin", log["officer"], dari="2021-05-20", sampai="2021-05-01")
    assert response.context["form"].errors["sampai"] == [
        "Tanggal 'sampai' tidak boleh sebelum tanggal 'dari'."
    ]
    assert list(response.context["records"]) == []
    response = _page(client, world, "lampung_admin", log["officer"], dari="kemarin")
    assert "Tanggal tidak dikenali" in response.context["form"].errors["dari"][0]
    url = reverse("cadre:nik_access_officer_export", args=[log["officer"].pk, "csv"])
    assert client.get(url, {"dari": "kemarin"}).status_code == 302


def test_choosing_an_officer_of_the_jurisdiction_opens_the_report(client, world, log):
    client.force_login(world.users["lampung_admin"])
    response = client.get(
        reverse("cadre:nik_access_index"), {"pengguna": "TANGGAMUS-STAFF", "dari": "2021-05-01", "sampai": ""}
    )
    assert response.status_code == 302
    assert response.url == reverse("cadre:nik_access_officer", args=[log["officer"].pk]) + "?dari=2021-05-01"
    response = client.get(reverse("cadre:nik_access_index"), {"pengguna": ""})
    assert response.context["form"].errors["pengguna"] == ["Isi nama pengguna petugas."]


def test_csv_export_holds_the_records_of_the_period_with_masked_niks(client, world, log):
    client.force_login(world.users["lampung_admin"])
    url = reverse("cadre:nik_access_officer_export", args=[log["officer"].pk, "csv"])
    response = client.get(url, {"dari": "2021-05-01", "sampai": "2021-05-31"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="akses-nik-tanggamus-staff-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Waktu", "Tindakan", "NIK kader (disamarkan)", "Nama kader", "Desa lokus", "Alasan"],
        [
            "2021-05-20 23:30",
            "Mengekspor NIK lengkap",
            mask_nik(log["siti"].nik),
            "Siti Aminah",
            "Gunung Kasih",
            "Rekap SK kader",
        ],
        [
            "2021-05-10 09:00",
            "Melihat NIK lengkap",
            mask_nik(log["siti"].nik),
            "Siti Aminah",
            "Gunung Kasih",
            "Pencocokan KTP-el",
        ],
    ]
    # Exporting the report reveals no NIK and is not itself a full-NIK access.
    assert log["siti"].nik not in response.content.decode("utf-8-sig")
    assert NikAccess.objects.count() == 4


def test_xlsx_export_of_a_national_admin_includes_the_refusal(client, world, log):
    client.force_login(world.users["national_admin"])
    url = reverse("cadre:nik_access_officer_export", args=[log["officer"].pk, "xlsx"])
    response = client.get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Waktu"
    assert [row[1] for row in rows[1:]] == [
        "Pendaftaran NIK ditolak",
        "Mengekspor NIK lengkap",
        "Melihat NIK lengkap",
    ]
    assert rows[1][3] == "Maria Goreti"
    assert rows[1][2] == mask_nik(log["maria"].nik)


def test_an_unknown_format_is_not_found(client, world, log):
    client.force_login(world.users["national_admin"])
    url = reverse("cadre:nik_access_officer_export", args=[log["officer"].pk, "pdf"])
    assert client.get(url).status_code == 404


def test_the_account_page_and_the_audit_trail_link_to_the_report(client, world, log):
    client.force_login(world.users["lampung_admin"])
    report = reverse("cadre:nik_access_officer", args=[log["officer"].pk])
    body = client.get(reverse("accounts:user_detail", args=[log["officer"].pk])).content.decode()
    assert f'href="{report}"' in body
    body = client.get(reverse("accounts:audit_list")).content.decode()
    assert f'href="{reverse("cadre:nik_access_index")}"' in body
