"""Advocacy engagements in the API: who sees what (a regency its own, a province its own and its regencies',
KPU RI all), the filters, a 400 for a value that cannot be read, the budget as the pages count it, documents
named but never served, and a list in a fixed number of queries at two page sizes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.choices import AdvocacyStatus, AttachmentKind
from activities.models import AdvocacyEngagement
from activities.selectors.advocacy import budget_of
from activities.services.advocacy import advocacy_document_add
from tests.activities.factories_advocacy import engagement
from tests.activities.factories_meetings import PDF

pytestmark = pytest.mark.django_db
S = AdvocacyStatus
LIST = reverse("api:advocacy-list")


@pytest.fixture
def records(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    approved = engagement(world, title="Proposal Tanggamus", status=S.APPROVED, committed=120_000_000)
    advocacy_document_add(
        actor=world.users["tanggamus_staff"],
        engagement=approved,
        kind=AttachmentKind.DOCUMENT,
        title="Surat persetujuan",
        upload=SimpleUploadedFile("surat.pdf", PDF, "application/pdf"),
    )
    engagement(world, "lampung", title="FGD Lampung", kind="fgd", budget_asked=0)
    engagement(world, "flotim", title="Audiensi Flores Timur", kind="audiensi", status=S.REJECTED)
    return approved


def _titles(client, user, params=None) -> list[str]:
    client.force_login(user)
    response = client.get(LIST, params or {})
    assert response.status_code == 200, response.content
    return sorted(row["title"] for row in response.json()["results"])


def test_each_office_sees_its_jurisdiction(client, world, records):
    assert _titles(client, world.users["tanggamus_viewer"]) == ["Proposal Tanggamus"]
    assert _titles(client, world.users["lampung_viewer"]) == ["FGD Lampung", "Proposal Tanggamus"]
    assert _titles(client, world.users["national_viewer"]) == [
        "Audiensi Flores Timur",
        "FGD Lampung",
        "Proposal Tanggamus",
    ]


def test_filters(client, world, records):
    user = world.users["national_viewer"]
    assert _titles(client, user, {"province": "53"}) == ["Audiensi Flores Timur"]
    assert _titles(client, user, {"regency": "18.06"}) == ["Proposal Tanggamus"]
    assert _titles(client, user, {"status": ["disetujui", "ditolak"]}) == [
        "Audiensi Flores Timur",
        "Proposal Tanggamus",
    ]
    assert _titles(client, user, {"kind": "fgd"}) == ["FGD Lampung"]
    assert _titles(client, user, {"year": 2022}) == []
    assert client.get(LIST, {"year": "dua ribu"}).status_code == 400
    assert client.get(LIST, {"status": "batal"}).status_code == 400


def test_the_budget_is_the_rules_and_documents_are_named_only(client, world, records):
    client.force_login(world.users["lampung_viewer"])
    rows = client.get(LIST).json()["results"]
    sums = (sum(row["budget_asked"] for row in rows), sum(row["budget_mobilised"] for row in rows))
    figures = budget_of(AdvocacyEngagement.objects.restrict(world.users["lampung_viewer"]))
    assert sums == (figures.asked, figures.mobilised) == (150_000_000, 120_000_000)
    detail = client.get(reverse("api:advocacy-detail", args=[records.pk])).json()
    assert (detail["status"], detail["status_label"], detail["decided_on"]) == (
        "disetujui",
        "Disetujui",
        "2021-04-20",
    )
    assert [(d["title"], d["kind"]) for d in detail["documents"]] == [("Surat persetujuan", "dokumen")]
    assert "file" not in detail["documents"][0] and "url" not in detail["documents"][0]
    client.force_login(world.users["ntt_admin"])
    assert client.get(reverse("api:advocacy-detail", args=[records.pk])).status_code == 404


def test_a_list_answers_in_a_fixed_number_of_queries(client, world, records, django_assert_num_queries):
    for n in range(4):
        engagement(world, title=f"Audiensi {n}")
    client.force_login(world.users["national_viewer"])
    client.get(LIST)  # the session's first use
    for page_size in (1, 3):
        # The session and the user, the page of engagements with their offices.
        with django_assert_num_queries(3):
            response = client.get(LIST, {"page_size": page_size})
        assert len(response.json()["results"]) == page_size
