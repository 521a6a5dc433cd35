"""The rules of advocacy engagements: the office's own users record them; a committed budget only on an
approved engagement and never more than was asked; a decision dated, not before the engagement nor in the
future; the database refuses what the services refuse; the budget mobilised sums the rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from accounts.choices import OfficeLevel
from activities.choices import AdvocacyStatus, AttachmentKind
from activities.models import AdvocacyEngagement
from activities.selectors.advocacy import budget_by_area, budget_of, engagement_history
from activities.services.advocacy import (
    advocacy_document_add,
    engagement_create,
    engagement_decide,
    engagement_update,
    may_change,
    may_record,
)
from kernel.scoping.jurisdiction import NATIONAL, PROVINCE
from locus import rules
from locus.rules import BudgetFigures
from tests.activities.factories_advocacy import engagement, engagement_data
from tests.activities.factories_meetings import PDF, PNG
from tests.factories import office_for

pytestmark = pytest.mark.django_db
S = AdvocacyStatus


def _messages(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


def test_an_office_records_its_own_engagement_with_region_and_history(world):
    record = engagement(world)
    assert (record.province_id, record.regency_id) == ("18", "18.06")
    assert record.status == S.SUBMITTED and record.decided_on is None and record.budget_committed == 0
    assert record.created_by == world.users["tanggamus_staff"]
    assert record.history.get().history_change_reason == "Advokasi dicatat"
    province = engagement(world, "lampung", party_name="DPRD Provinsi Lampung")
    assert (province.province_id, province.regency_id) == ("18", None)


@pytest.mark.parametrize(
    "actor",
    ["lampung_staff", "national_admin", "tanggamus_viewer", "flotim_admin"],
)
def test_only_the_offices_own_users_with_a_writing_role_record_it(world, actor):
    tanggamus = office_for(OfficeLevel.REGENCY, world.tanggamus)
    with pytest.raises(PermissionDenied):
        engagement_create(actor=world.users[actor], office=tanggamus, data=engagement_data())
    assert not AdvocacyEngagement.objects.exists()


def test_kpu_ri_records_none(world):
    national = office_for(OfficeLevel.NATIONAL)
    assert not may_record(world.users["national_admin"], national)
    with pytest.raises(PermissionDenied):
        engagement_create(actor=world.users["national_admin"], office=national, data=engagement_data())


def test_a_province_sees_its_regencys_engagement_but_does_not_change_it(world):
    record = engagement(world)
    lampung = world.users["lampung_admin"]
    assert record in AdvocacyEngagement.objects.restrict(lampung, "change")
    assert not may_change(lampung, record) and may_change(world.users["tanggamus_staff"], record)
    with pytest.raises(PermissionDenied):
        engagement_update(actor=lampung, engagement=record, data=engagement_data(title="Diubah provinsi"))
    with pytest.raises(PermissionDenied):
        engagement_decide(actor=lampung, engagement=record, status=S.REJECTED, decided_on=dt.date(2021, 4, 1))
    with pytest.raises(PermissionDenied):  # out of reach altogether
        engagement_update(
            actor=world.users["flotim_admin"], engagement=record, data=engagement_data(title="Diubah")
        )


@pytest.mark.parametrize(
    "overrides, field, words",
    [
        ({"programme_year": None}, "programme_year", "tahun program"),
        ({"kind": "rapat"}, "kind", "bentuk kegiatan"),
        ({"party_kind": ""}, "party_kind", "pihak"),
        ({"party_name": "  "}, "party_name", "nama pihak"),
        ({"title": ""}, "title", "Judul kegiatan"),
        ({"held_on": None}, "held_on", "Tanggal kegiatan wajib"),
        ({"held_on": dt.date.today() + dt.timedelta(days=3)}, "held_on", "tidak boleh setelah hari ini"),
        ({"budget_asked": -1}, "budget_asked", "tidak boleh kurang dari 0"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(world, overrides, field, words):
    tanggamus = office_for(OfficeLevel.REGENCY, world.tanggamus)
    with pytest.raises(ValidationError) as caught:
        engagement_create(
            actor=world.users["tanggamus_staff"], office=tanggamus, data=engagement_data(**overrides)
        )
    assert words.lower() in " ".join(_messages(caught.value)[field]).lower()
    assert not AdvocacyEngagement.objects.exists()


def test_approving_records_the_budget_committed_up_to_the_amount_asked(world):
    record = engagement(world, budget_asked=150_000_000)
    actor = world.users["tanggamus_staff"]
    decided = engagement_decide(
        actor=actor,
        engagement=record,
        status=S.APPROVED,
        decided_on=dt.date(2021, 4, 20),
        budget_committed=120_000_000,
        decision_note="Disetujui dalam APBD Perubahan 2021.",
    )
    assert (decided.status, decided.budget_committed, decided.budget_mobilised) == (
        S.APPROVED,
        120_000_000,
        120_000_000,
    )
    assert decided.history.first().history_change_reason == "Disetujui"
    with pytest.raises(ValidationError) as caught:
        engagement_decide(
            actor=actor,
            engagement=record,
            status=S.APPROVED,
            decided_on=dt.date(2021, 4, 20),
            budget_committed=150_000_001,
        )
    message = " ".join(_messages(caught.value)["budget_committed"])
    assert "Rp 150.000.001" in message and "Rp 150.000.000" in message and "melebihi" in message
    record.refresh_from_db()
    assert record.budget_committed == 120_000_000


@pytest.mark.parametrize(
    "status, decided_on, committed, field, words",
    [
        (S.APPROVED, None, 0, "decided_on", "Tanggal keputusan wajib"),
        (S.REJECTED, dt.date(2021, 3, 1), 0, "decided_on", "sebelum tanggal kegiatan (15 Maret 2021)"),
        (S.APPROVED, dt.date.today() + dt.timedelta(days=2), 0, "decided_on", "setelah hari ini"),
        (
            S.REJECTED,
            dt.date(2021, 4, 1),
            5_000_000,
            "budget_committed",
            "hanya diisi bila pengajuan disetujui",
        ),
        ("batal", dt.date(2021, 4, 1), 0, "status", "Pilih status"),
    ],
)
def test_a_decision_is_refused_on_its_field(world, status, decided_on, committed, field, words):
    record = engagement(world)
    with pytest.raises(ValidationError) as caught:
        engagement_decide(
            actor=world.users["tanggamus_staff"],
            engagement=record,
            status=status,
            decided_on=decided_on,
            budget_committed=committed,
        )
    assert words in " ".join(_messages(caught.value)[field])
    record.refresh_from_db()
    assert record.status == S.SUBMITTED


def test_back_to_awaiting_clears_the_decision(world):
    record = engagement(world, status=S.APPROVED, committed=100_000_000)
    again = engagement_decide(
        actor=world.users["tanggamus_staff"],
        engagement=record,
        status=S.SUBMITTED,
        decided_on=dt.date(2021, 4, 20),
        budget_committed=100_000_000,
        decision_note="x",
    )
    assert (again.status, again.decided_on, again.budget_committed, again.decision_note) == (
        S.SUBMITTED,
        None,
        0,
        "",
    )


def test_an_edit_may_not_ask_less_than_was_committed_nor_move_after_the_decision(world):
    record = engagement(world, status=S.APPROVED, committed=100_000_000, decided_on=dt.date(2021, 4, 20))
    actor = world.users["tanggamus_staff"]
    with pytest.raises(ValidationError) as caught:
        engagement_update(actor=actor, engagement=record, data=engagement_data(budget_asked=90_000_000))
    assert "Rp 100.000.000" in " ".join(_messages(caught.value)["budget_asked"])
    with pytest.raises(ValidationError) as caught:
        engagement_update(actor=actor, engagement=record, data=engagement_data(held_on=dt.date(2021, 5, 1)))
    assert "20 April 2021" in " ".join(_messages(caught.value)["held_on"])
    changed = engagement_update(
        actor=actor,
        engagement=record,
        data=engagement_data(budget_asked=200_000_000, title="Proposal revisi"),
    )
    assert (changed.title, changed.budget_asked, changed.status) == (
        "Proposal revisi",
        200_000_000,
        S.APPROVED,
    )
    entries = engagement_history(changed)
    assert ("Rp 150.000.000", "Rp 200.000.000") in [(change.old, change.new) for change in entries[0].changes]


@pytest.mark.parametrize(
    "values",
    [
        {"status": S.SUBMITTED, "budget_committed": 1, "budget_asked": 10},
        {"status": S.APPROVED, "budget_committed": 11, "budget_asked": 10, "decided_on": dt.date(2021, 4, 1)},
        {"status": S.APPROVED, "decided_on": None},
        {"status": S.SUBMITTED, "decided_on": dt.date(2021, 4, 1)},
        {"status": S.REJECTED, "decided_on": dt.date(2021, 3, 1)},
    ],
)
def test_the_database_refuses_what_the_services_refuse(world, values):
    record = engagement(world)
    for name, value in values.items():
        setattr(record, name, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()


def test_documents_are_checked_and_stored_for_the_offices_own_users(world):
    record = engagement(world)
    actor = world.users["tanggamus_staff"]
    document = advocacy_document_add(
        actor=actor,
        engagement=record,
        kind=AttachmentKind.DOCUMENT,
        title="Proposal anggaran DP3",
        upload=SimpleUploadedFile("proposal.pdf", PDF, "application/pdf"),
    )
    assert (document.content_type, document.engagement_id) == ("application/pdf", record.pk)
    with pytest.raises(ValidationError) as caught:
        advocacy_document_add(
            actor=actor,
            engagement=record,
            kind=AttachmentKind.PHOTO,
            title="Foto",
            upload=SimpleUploadedFile("foto.pdf", PDF, "application/pdf"),
        )
    assert "JPG atau PNG" in " ".join(_messages(caught.value)["file"])
    with pytest.raises(ValidationError) as caught:
        advocacy_document_add(
            actor=actor,
            engagement=record,
            kind=AttachmentKind.PHOTO,
            title="Foto",
            upload=SimpleUploadedFile("foto.png", PDF, "image/png"),
        )
    assert "tidak sesuai" in " ".join(_messages(caught.value)["file"])
    with pytest.raises(PermissionDenied):
        advocacy_document_add(
            actor=world.users["lampung_admin"],
            engagement=record,
            kind=AttachmentKind.PHOTO,
            title="Foto FGD",
            upload=SimpleUploadedFile("fgd.png", PNG, "image/png"),
        )
    assert record.documents.count() == 1


def test_budget_mobilised_counts_the_committed_budget_of_approved_engagements_only(world):
    engagement(world, budget_asked=150_000_000, status=S.APPROVED, committed=120_000_000)
    engagement(world, budget_asked=80_000_000, status=S.REJECTED)
    engagement(world, budget_asked=50_000_000)
    engagement(world, "lampung", budget_asked=300_000_000, status=S.APPROVED, committed=300_000_000)
    engagement(world, "flotim", budget_asked=70_000_000, status=S.APPROVED, committed=60_000_000)
    rows = AdvocacyEngagement.objects.all()
    assert (
        sum(rules.budget_mobilised(status=row.status, committed=row.budget_committed) for row in rows)
        == 480_000_000
    )
    assert budget_of(AdvocacyEngagement.objects.restrict(world.users["national_viewer"])) == BudgetFigures(
        engagements=5, approved=3, asked=650_000_000, mobilised=480_000_000
    )
    lampung = AdvocacyEngagement.objects.restrict(world.users["lampung_viewer"])
    assert budget_of(lampung) == BudgetFigures(
        engagements=4, approved=2, asked=580_000_000, mobilised=420_000_000
    )
    tanggamus = AdvocacyEngagement.objects.restrict(world.users["tanggamus_viewer"])
    assert budget_of(tanggamus).mobilised == 120_000_000  # its province's own engagement is not its
    by_province = budget_by_area(AdvocacyEngagement.objects.all(), level=NATIONAL)
    assert [(area.code, area.figures.mobilised) for area in by_province] == [
        ("18", 420_000_000),
        ("53", 60_000_000),
    ]
    by_office = budget_by_area(lampung, level=PROVINCE)
    assert [(area.code, area.name, area.is_province_office, area.figures.asked) for area in by_office] == [
        ("18", "KPU Provinsi Lampung", True, 300_000_000),
        ("18.06", "KPU Kabupaten Tanggamus", False, 280_000_000),
    ]
    assert BudgetFigures(asked=150, mobilised=100).mobilised_percent == 66
