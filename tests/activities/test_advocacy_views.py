"""The advocacy pages: the list with its filters and the budget sums (scoped, Rupiah formatted, queries
pinned and constant), the form's and the decision's messages on their fields, the buttons only for the
office's own users, documents served through restrict only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.choices import AdvocacyStatus, AttachmentKind
from activities.models import AdvocacyEngagement
from activities.services.advocacy import advocacy_document_add
from tests.activities.factories_advocacy import engagement
from tests.activities.factories_meetings import PDF

pytestmark = pytest.mark.django_db
S = AdvocacyStatus
LIST = reverse("activities:advocacy_list")


@pytest.fixture
def records(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return {
        "approved": engagement(
            world,
            title="Proposal anggaran DP3 2021",
            budget_asked=150_000_000,
            status=S.APPROVED,
            committed=120_000_000,
        ),
        "fgd": engagement(world, title="FGD pemangku kepentingan", kind="fgd", budget_asked=0),
        "refused": engagement(
            world, title="Audiensi Bappeda", kind="audiensi", budget_asked=40_000_000, status=S.REJECTED
        ),
        "lampung": engagement(
            world,
            "lampung",
            title="Proposal KPU Provinsi Lampung",
            party_name="Pemerintah Provinsi Lampung",
            budget_asked=300_000_000,
            status=S.APPROVED,
            committed=250_000_000,
        ),
        "flotim": engagement(world, "flotim", title="Audiensi DPRD Flores Timur", budget_asked=90_000_000),
    }


def _titles(response) -> list[str]:
    return [record.title for record in response.context["engagements"]]


def test_the_list_is_scoped_and_sums_the_budget_of_the_filters(client, world, records):
    client.force_login(world.users["tanggamus_viewer"])
    response = client.get(LIST)
    body = response.content.decode()
    assert response.context["paginator"].count == 3
    assert "Audiensi DPRD Flores Timur" not in body and "Proposal KPU Provinsi Lampung" not in body
    budget = response.context["budget"]
    assert (budget.asked, budget.mobilised, budget.approved) == (190_000_000, 120_000_000, 1)
    assert "Rp 190.000.000" in body and "Rp 120.000.000" in body
    assert "Catat advokasi" not in body  # a viewer adds nothing
    client.force_login(world.users["lampung_viewer"])
    response = client.get(LIST)
    assert response.context["budget"].mobilised == 370_000_000
    assert "Audiensi DPRD Flores Timur" not in response.content.decode()
    assert client.get(LIST, {"status": "ditolak"}).context["budget"].asked == 40_000_000
    assert _titles(client.get(LIST, {"jenis": "fgd"})) == ["FGD pemangku kepentingan"]
    assert client.get(LIST, {"pihak": "dprd"}).context["paginator"].count == 0
    assert client.get(LIST, {"tahun": "2022"}).context["budget"].engagements == 0
    client.force_login(world.users["national_viewer"])
    assert client.get(LIST).context["budget"].asked == 580_000_000


def test_add_is_offered_to_province_and_regency_offices_only(client, world, records):
    client.force_login(world.users["lampung_staff"])
    assert "Catat advokasi" in client.get(LIST).content.decode()
    client.force_login(world.users["national_admin"])
    assert "Catat advokasi" not in client.get(LIST).content.decode()
    assert client.get(reverse("activities:advocacy_create")).status_code == 403


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_list_query_count_is_pinned_and_constant(client, world, records, django_assert_max_num_queries):
    client.force_login(world.users["lampung_viewer"])
    client.get(LIST)
    small = _queries(client, LIST)
    for n in range(30):
        record = engagement(world, title=f"Audiensi {n}", budget_asked=n * 1_000_000)
        if n % 3 == 0:
            advocacy_document_add(
                actor=world.users["tanggamus_staff"],
                engagement=record,
                kind=AttachmentKind.DOCUMENT,
                title="Undangan",
                upload=SimpleUploadedFile("undangan.pdf", PDF, "application/pdf"),
            )
    assert _queries(client, LIST) == small
    # The session and the user (2), the default year, the chosen year checked and the years offered (2), the
    # count, the sums, the page's rows with their offices and documents (1 each): 8.
    with django_assert_max_num_queries(8):
        client.get(LIST)


def test_the_form_names_its_fields_in_indonesian(client, world, records):
    client.force_login(world.users["tanggamus_staff"])
    url = reverse("activities:advocacy_create")
    response = client.post(
        url,
        {
            "programme_year": "2021",
            "kind": "proposal",
            "party_kind": "dprd",
            "party_name": "",
            "held_on": "31/02/2021",
            "title": "Proposal",
            "budget_asked": "150 juta",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["party_name"] == ["Tulis nama pihak, mis. DPRD Kota Palembang."]
    assert "Tanggal tidak dikenali" in errors["held_on"][0]
    assert errors["budget_asked"] == [
        "Tulis jumlah rupiah sebagai bilangan bulat, mis. 150.000.000 (tanpa sen)."
    ]
    assert AdvocacyEngagement.objects.count() == 5
    future = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    response = client.post(
        url,
        {
            "programme_year": "2021",
            "kind": "proposal",
            "party_kind": "dprd",
            "party_name": "DPRD Kabupaten Tanggamus",
            "held_on": future,
            "title": "Proposal",
            "budget_asked": "Rp 150.000.000",
        },
    )
    assert "tidak boleh setelah hari ini" in response.context["form"].errors["held_on"][0]


def test_the_decision_refuses_more_than_was_asked_on_its_field(client, world, records):
    record = records["fgd"]
    client.force_login(world.users["tanggamus_staff"])
    url = reverse("activities:advocacy_decide", args=[record.pk])
    response = client.post(
        url, {"status": "disetujui", "decided_on": "2021-04-01", "budget_committed": "1.000"}
    )
    message = response.context["form"].errors["budget_committed"][0]
    assert "Anggaran disetujui (Rp 1.000) melebihi anggaran yang diajukan (Rp 0)" in message
    response = client.post(url, {"status": "disetujui", "decided_on": "2021-04-01", "budget_committed": ""})
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.budget_committed) == (S.APPROVED, 0)


def test_detail_shows_the_budget_documents_and_history_and_buttons_for_its_own_office(client, world, records):
    record = records["approved"]
    advocacy_document_add(
        actor=world.users["tanggamus_staff"],
        engagement=record,
        kind=AttachmentKind.DOCUMENT,
        title="Surat persetujuan Bupati",
        upload=SimpleUploadedFile("surat.pdf", PDF, "application/pdf"),
    )
    url = record.get_absolute_url()
    client.force_login(world.users["tanggamus_staff"])
    body = client.get(url).content.decode()
    assert "Rp 150.000.000" in body and "Rp 120.000.000" in body
    assert "Surat persetujuan Bupati" in body and "Disetujui" in body
    assert reverse("activities:advocacy_decide", args=[record.pk]) in body
    client.force_login(world.users["lampung_admin"])
    body = client.get(url).content.decode()
    assert "Surat persetujuan Bupati" in body
    assert reverse("activities:advocacy_decide", args=[record.pk]) not in body
    document = record.documents.get()
    assert client.get(document.get_absolute_url()).status_code == 200
    client.force_login(world.users["ntt_admin"])
    assert client.get(url).status_code == 404
    assert client.get(document.get_absolute_url()).status_code == 404


def test_the_edit_form_shows_the_amount_grouped_and_reads_it_back(client, world, records):
    record = records["refused"]
    client.force_login(world.users["tanggamus_staff"])
    url = reverse("activities:advocacy_update", args=[record.pk])
    page = client.get(url).content.decode()
    assert 'value="40.000.000"' in page
