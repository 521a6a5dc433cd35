"""Advocacy engagements of KPU Kabupaten Tanggamus, written by its own users: a new engagement, an edit, the
party's decision with the budget committed, and a document (tests/access/advocacy.py builds them)."""

from __future__ import annotations

import datetime as dt

from activities.choices import AdvocacyStatus, AttachmentKind
from activities.models import AdvocacyDocument, AdvocacyEngagement
from tests.access.advocacy import engagement_kwargs
from tests.activities.factories_meetings import PDF
from tests.write_paths import Write, edit, upload


def _engagement(call) -> AdvocacyEngagement:
    return AdvocacyEngagement.objects.get(pk=call.kwargs["pk"])


def _recorded(call, response):
    record = AdvocacyEngagement.objects.get(title="FGD pentingnya DP3 bagi demokrasi desa")
    assert response["Location"] == record.get_absolute_url()
    assert (record.office_id, record.created_by, record.regency_id) == (
        call.user.office_id,
        call.user,
        "18.06",
    )
    assert (record.budget_asked, record.status) == (0, AdvocacyStatus.SUBMITTED)


def _changed(call, response):
    record = _engagement(call)
    assert response["Location"] == record.get_absolute_url()
    assert (record.party_name, record.budget_asked) == ("DPRD Kabupaten Tanggamus", 175_000_000)


def _approved(call, response):
    record = _engagement(call)
    assert response["Location"] == record.get_absolute_url()
    assert (record.status, record.decided_on, record.budget_committed) == (
        AdvocacyStatus.APPROVED,
        dt.date(2021, 4, 20),
        125_000_000,
    )


def _uploaded(call, response):
    document = AdvocacyDocument.objects.get(engagement_id=call.kwargs["pk"])
    assert response["Location"] == _engagement(call).get_absolute_url()
    assert (document.kind, document.title, document.content_type) == (
        AttachmentKind.DOCUMENT,
        "Proposal anggaran DP3 2021",
        "application/pdf",
    )
    with document.file.open("rb") as stored:
        assert stored.read() == PDF


WRITES = {
    "activities:advocacy_create": Write(
        actor="tanggamus_staff",
        data=lambda call: {
            "programme_year": "2021",
            "kind": "fgd",
            "party_kind": "masyarakat_sipil",
            "party_name": "Forum Kepala Pekon Tanggamus",
            "held_on": "12/03/2021",
            "title": "FGD pentingnya DP3 bagi demokrasi desa",
            "summary": "",
            "budget_asked": "",
            "note": "",
        },
        check=_recorded,
    ),
    "activities:advocacy_update": Write(
        actor="tanggamus_staff",
        kwargs=engagement_kwargs("in"),
        data=edit(party_name="DPRD Kabupaten Tanggamus", budget_asked="Rp 175.000.000"),
        check=_changed,
    ),
    "activities:advocacy_decide": Write(
        actor="tanggamus_commissioner",
        kwargs=engagement_kwargs("in"),
        data=lambda call: {
            "status": "disetujui",
            "decided_on": "2021-04-20",
            "budget_committed": "125.000.000",
            "decision_note": "Disetujui dalam APBD Perubahan 2021.",
        },
        check=_approved,
    ),
    "activities:advocacy_document_add": Write(
        actor="tanggamus_staff",
        kwargs=engagement_kwargs("in"),
        data=lambda call: {
            "kind": AttachmentKind.DOCUMENT,
            "title": "Proposal anggaran DP3 2021",
            "file": upload("proposal.pdf", PDF, "application/pdf"),
        },
        check=_uploaded,
    ),
}
