"""The one access policy: ``policy(user).allows(action, obj)`` says yes exactly for the rows
``policy(user).queryset(Model, action)`` holds, for every scoped model, actor and action (both answers come
from the model's ``scope_lookups``, the meeting participation rule included), without a query when the object
carries what its lookups read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.choices import APIAccess, AuditAction, OfficeLevel, Role
from accounts.models import AccountAuditEntry, APIClient, Office, User
from activities.choices import Assessment, AttachmentKind, EvaluationStage
from activities.models import ActivityPhoto, CoordinationMeeting, Target
from activities.services.advocacy import advocacy_document_add
from activities.services.evaluations import evaluation_create
from activities.services.meetings import meeting_attachment_add, meeting_create
from activities.services.outreach import activity_photo_add
from cadre.accounts import accept_invitation, invite_cadre, revoke_account
from cadre.choices import NikAccessAction
from cadre.models import Cadre, NikAccess
from impact.models import ImpactEstimate, ImpactFigure, LocusEffect, LocusMatch
from kernel.scoping import ScopedQuerySet
from kernel.scoping.policy import policy
from locus.choices import DocumentKind, IncidentKind, LocusStatus
from locus.models import (
    District,
    Election,
    ElectionIndicator,
    IncidentRecord,
    Locus,
    LocusDocument,
    LocusEvent,
    ProgrammeYear,
    Province,
    Regency,
    ResultsImportJob,
    Village,
    VillageResult,
)
from locus.services.loci import locus_document_add
from reports.models import JobStatus, ReportJob
from tests.activities.factories_advocacy import PLACES as ADVOCACY_PLACES
from tests.activities.factories_advocacy import engagement
from tests.activities.factories_evaluations import attend, locus_at
from tests.activities.factories_meetings import PDF, PNG, meeting_data, ntt_rakor, tanggamus_meeting
from tests.activities.factories_trainings import activity, cadre, session
from tests.factories import UserFactory, office_for

ACTIONS = ("view", "add", "change", "delete", "decide", "manage", "report")
SCOPED_MODELS = sorted(
    (model for model in apps.get_models() if hasattr(model, "scope_lookups")), key=lambda m: m._meta.label
)
ADVOCACY_ACTORS = {key: actor for key, (_level, _region, actor) in ADVOCACY_PLACES.items()}
PLACES = {
    "in": ("gunung_kasih", "tanggamus", "tanggamus_staff", "tanggamus_commissioner"),
    "out": ("flotim_village", "flotim", "flotim_admin", "flotim_commissioner"),
}


def _records_of(world, where: str) -> None:
    """A row of every scoped model in one place: Gunung Kasih (Tanggamus) or Waibalun (Flores Timur)."""
    village_key, regency_key, staff_key, commissioner_key = PLACES[where]
    village, regency = getattr(world, village_key), getattr(world, regency_key)
    staff, commissioner = world.users[staff_key], world.users[commissioner_key]
    locus = locus_at(village)
    LocusEvent.objects.create(
        locus=locus, from_status=LocusStatus.DESIGNATED, to_status=locus.status, actor=staff
    )
    locus_document_add(
        actor=staff,
        locus=locus,
        kind=DocumentKind.OTHER,
        title="Berita acara",
        upload=SimpleUploadedFile("berita-acara.pdf", PDF, "application/pdf"),
    )
    ElectionIndicator.objects.create(region_code=village.code, election=Election.objects.first())
    VillageResult.objects.create(
        election=Election.objects.first(),
        village=village,
        polling_stations=2,
        registered=400,
        voters=300,
        valid_votes=290,
        invalid_votes=10,
    )
    ResultsImportJob.objects.create(
        election=Election.objects.first(), uploaded_by=commissioner, filename="hasil.csv"
    )
    IncidentRecord.objects.create(region_code=village.code, kind=IncidentKind.choices[0][0], year=2020)
    VillageResult.objects.create(
        election_id="pemilu-2019", village=village, polling_stations=1, registered=100, voters=80,
        valid_votes=78, invalid_votes=2,
    )  # fmt: skip
    _impact_rows(locus, village)
    member = cadre(locus, f"Kader {village.name}")
    NikAccess.objects.create(
        cadre=member, user=staff, action=NikAccessAction.VIEW, reason="Pencocokan KTP-el"
    )
    attend(session(staff, [locus]), member)
    record = activity(staff, locus, [member])
    activity_photo_add(
        actor=staff, activity=record, upload=SimpleUploadedFile("foto.png", PNG, "image/png"), title="Foto"
    )
    evaluation_create(
        actor=commissioner,
        locus=locus,
        stage=EvaluationStage.END,
        assessment=Assessment.GOOD,
        findings="Baik.",
    )
    record = engagement(world, regency_key)
    advocacy_document_add(
        actor=world.users[ADVOCACY_ACTORS[regency_key]],
        engagement=record,
        kind=AttachmentKind.DOCUMENT,
        title="Proposal anggaran",
        upload=SimpleUploadedFile("proposal.pdf", PDF, "application/pdf"),
    )
    office = office_for(OfficeLevel.REGENCY, regency)
    Target.objects.create(office=office, programme_year=ProgrammeYear.objects.get(year=2021), cadres=50)
    AccountAuditEntry.objects.create(
        actor_username="admin",
        target_username=staff.username,
        action=AuditAction.UPDATE,
        province_code=regency.province_id,
        regency_code=regency.code,
    )
    ReportJob.objects.create(
        report_type="recap", year=2021, format="csv", requested_by=staff, status=JobStatus.QUEUED
    )
    machine = UserFactory(username=f"klien-api-{regency.code}", office=office, is_api_client=True)
    APIClient.objects.create(
        office=office,
        user=machine,
        name="Gudang data",
        access=APIAccess.READ,
        expires_at=timezone.now() + dt.timedelta(days=30),
        token_prefix=regency.code.replace(".", "") * 3,
        token_hash="0" * 64,
    )


def _impact_rows(locus, village) -> None:
    """A figure of the locus' province and of its regency, its effect and one match (impact)."""
    estimate, _ = ImpactEstimate.objects.get_or_create(programme_year_id=2021, election_id="pemilu-2024")
    province, regency = village.code[:2], village.code[:5]
    for level, province_code, regency_code in (
        ("nasional", "", ""),
        ("provinsi", province, ""),
        ("kabupaten", province, regency),
    ):
        ImpactFigure.objects.create(
            estimate=estimate, level=level, province_code=province_code, regency_code=regency_code, loci=1,
            matched=1, controls=1,
        )  # fmt: skip
    effect = LocusEffect.objects.create(
        estimate=estimate, locus=locus, province_code=locus.province_id, regency_code=locus.regency_id,
        category=locus.category, matched_in="kabupaten",
    )  # fmt: skip
    LocusMatch.objects.create(
        effect=effect, control=village, rank=1, distance=0.1, baseline_turnout=70, outcome_turnout=72,
        electorate=900,
    )  # fmt: skip


@pytest.fixture
def records(world):
    """Rows of every scoped model in and out of Tanggamus' jurisdiction; meetings of Tanggamus, of NTT (which
    Flores Timur attended) and of KPU RI (which Lampung attended), with attachments."""
    _records_of(world, "in")
    _records_of(world, "out")
    tanggamus_meeting(world)
    rakor = ntt_rakor(world)
    meeting_attachment_add(
        actor=world.users["ntt_admin"],
        meeting=rakor,
        kind=AttachmentKind.DOCUMENT,
        title="Daftar hadir",
        upload=SimpleUploadedFile("daftar-hadir.pdf", PDF, "application/pdf"),
    )
    meeting_create(
        actor=world.users["national_admin"],
        data=meeting_data(
            office_for(OfficeLevel.NATIONAL), participants=[office_for(OfficeLevel.PROVINCE, world.lampung)]
        ),
    )
    return world


def _cadre_account(world, name: str, *, office_user: str = "tanggamus_staff", revoked: bool = False):
    """A cadre's account (role kader): the jurisdiction of its locus, its own rows."""
    member = Cadre.objects.get(full_name=name)
    invitation = invite_cadre(world.users[office_user], member)
    signed_in = accept_invitation(invitation.path.rstrip("/").rsplit("/", 1)[-1], "482913", "Android")
    if revoked:
        revoke_account(world.users[office_user], signed_in.device.account)
    return User.objects.get(pk=signed_in.user.pk)


def _users(world) -> dict[str, object]:
    """The access table's actors, and those the table has no row for."""
    users = dict(world.users)
    users["anonymous"] = AnonymousUser()
    users["superuser"] = User.objects.create_superuser("akar", password="x" * 12)
    users["admin_without_office"] = UserFactory(username="tanpa-kantor", office=None, role=Role.ADMIN)
    users["cadre"] = _cadre_account(world, "Kader Gunung Kasih")
    users["revoked_cadre"] = _cadre_account(world, "Kader Waibalun", office_user="flotim_admin", revoked=True)
    users["disabled_admin"] = UserFactory(
        username="nonaktif",
        office=office_for(OfficeLevel.PROVINCE, world.lampung),
        role=Role.ADMIN,
        is_active=False,
    )
    return users


def test_every_scoped_model_has_rows_in_the_test(records):
    """A new scoped model must get rows in ``_records_of`` (or the fixture) to be covered below."""
    empty = [model._meta.label for model in SCOPED_MODELS if not model._default_manager.exists()]
    assert not empty
    assert {model._meta.label for model in SCOPED_MODELS} >= {
        "activities.CoordinationMeeting",
        "reports.ReportJob",
    }


def test_allows_says_yes_exactly_for_the_rows_of_queryset(records):
    rows = {model: list(model._default_manager.all()) for model in SCOPED_MODELS}
    disagreements = []
    for name, user in _users(records).items():
        access = policy(user)
        for model in SCOPED_MODELS:
            for action in ACTIONS:
                within = set(access.queryset(model, action).values_list("pk", flat=True))
                for row in rows[model]:
                    if access.allows(action, row) != (row.pk in within):
                        disagreements.append((name, action, model._meta.label, row.pk, row.pk in within))
    assert not disagreements


def test_restrict_is_the_policys_queryset(records):
    user = records.users["lampung_viewer"]
    for model in SCOPED_MODELS:
        if isinstance(model._default_manager.all(), ScopedQuerySet):
            assert str(model._default_manager.restrict(user, "view").query) == str(
                policy(user).queryset(model, "view").query
            )


def test_out_of_jurisdiction_rows_are_refused_and_in_jurisdiction_rows_allowed(records):
    access = policy(records.users["tanggamus_staff"])
    tanggamus_locus = Locus.objects.get(village=records.gunung_kasih)
    flotim_locus = Locus.objects.get(village=records.flotim_village)
    assert access.allows("change", tanggamus_locus) and not access.allows("delete", tanggamus_locus)
    assert not access.allows("view", flotim_locus)
    assert policy(records.users["lampung_viewer"]).allows("view", tanggamus_locus)
    assert not policy(records.users["ntt_admin"]).allows("view", tanggamus_locus)
    assert policy(records.users["national_viewer"]).allows("view", flotim_locus)
    assert not policy(records.users["tanggamus_staff"]).allows("view", None)


def test_participating_offices_see_a_meeting_but_do_not_change_it(records):
    rakor = CoordinationMeeting.objects.get(organiser__province=records.ntt)
    national = CoordinationMeeting.objects.get(organiser__level=OfficeLevel.NATIONAL)
    flotim = policy(records.users["flotim_admin"])
    assert flotim.allows("view", rakor) and not flotim.allows("change", rakor)
    lampung = policy(records.users["lampung_admin"])
    assert lampung.allows("view", national) and not lampung.allows("change", national)
    # Lampung took part; its regency did not, and a province's participation is not its regencies'.
    assert not policy(records.users["tanggamus_admin"]).allows("view", national)
    assert not policy(records.users["ntt_admin"]).allows("view", national)


def test_a_region_code_is_allowed_where_its_region_is(records):
    regions = [
        *Province.objects.all(),
        *Regency.objects.all(),
        *District.objects.all(),
        *Village.objects.all(),
    ]
    for name, user in _users(records).items():
        access = policy(user)
        for region in regions:
            for action in ("view", "add"):
                expected = access.queryset(type(region), action).filter(code=region.code).exists()
                assert access.allows_in_region(action, region.code) is expected, (name, action, region.code)
                assert access.allows(action, region) is expected, (name, action, region.code)
    assert policy(records.users["national_viewer"]).allows_in_region("view", None)
    assert not policy(records.users["lampung_viewer"]).allows_in_region("view", None)
    assert not policy(records.users["lampung_viewer"]).allows_in_region("view", "180.06")


def test_allows_reads_loaded_ids_without_a_query(records, django_assert_num_queries):
    user = records.users["lampung_staff"]
    access = policy(user)
    objects = [
        Locus.objects.get(village=records.gunung_kasih),
        Cadre.objects.filter(locus__village=records.gunung_kasih).first(),
        Office.objects.get(regency=records.tanggamus),
        Village.objects.get(code="18.06.11.2016"),  # its codes: no walk through district and regency
        District.objects.get(code="53.06.03"),
        AccountAuditEntry.objects.first(),
        ElectionIndicator.objects.first(),
        VillageResult.objects.first(),
        ResultsImportJob.objects.first(),
        LocusDocument.objects.select_related("locus").first(),
        User.objects.select_related("office").get(pk=user.pk),
        CoordinationMeeting.objects.prefetch_related("participants").get(
            organiser__level=OfficeLevel.NATIONAL
        ),
        ReportJob.objects.first(),
    ]
    with django_assert_num_queries(0):
        for obj in objects:
            for action in ACTIONS:
                access.allows(action, obj)
        assert access.allows("view", objects[-2])  # KPU RI's meeting Lampung took part in


def test_a_meeting_not_prefetched_asks_for_its_participants_once(records, django_assert_num_queries):
    national = CoordinationMeeting.objects.get(organiser__level=OfficeLevel.NATIONAL)
    access = policy(records.users["lampung_viewer"])
    with django_assert_num_queries(1):
        assert access.allows("view", national)
    with django_assert_num_queries(0):
        assert not access.allows("change", national)  # changing is the organiser's: no participants read


def test_the_policy_is_kept_on_the_user(world):
    user = world.users["tanggamus_staff"]
    assert policy(user) is policy(user)
    assert not policy(None).may("view") and not policy(None).allows_in_region("view", "18")


def test_a_disabled_or_demoted_user_is_refused_at_once(world):
    user = world.users["tanggamus_staff"]
    locus = locus_at(world.gunung_kasih)
    access = policy(user)
    assert access.allows("change", locus)
    user.role = Role.VIEWER  # the role is read at each call, not kept by the policy
    assert not access.allows("change", locus) and access.allows("view", locus)
    user.is_active = False
    assert not access.allows("view", locus)
    assert not access.queryset(Locus).exists()


def test_a_new_meeting_is_refused_before_it_exists_where_its_organiser_is_out_of_reach(world):
    rakor = ntt_rakor(world)
    assert rakor.participants.exists()
    unsaved = CoordinationMeeting(
        organiser=rakor.organiser,
        title="Rakor",
        starts_at=dt.datetime(2021, 11, 3, 1, tzinfo=dt.UTC),
        ends_at=dt.datetime(2021, 11, 3, 2, tzinfo=dt.UTC),
        province_id="53",
    )
    assert not policy(world.users["flotim_admin"]).allows("view", unsaved)  # no participants yet
    assert policy(world.users["ntt_admin"]).allows("add", unsaved)


def test_a_cadre_sees_its_locus_and_its_own_rows_only(records):
    """The cadre role through the same definition: its locus, its own cadre row and attendance, its locus'
    sessions and activities (and their photos); nothing of any other model, no action but view."""
    users = _users(records)
    cadre_user = users["cadre"]
    access = policy(cadre_user)
    member = Cadre.objects.get(full_name="Kader Gunung Kasih")
    seen = {
        model._meta.label: set(access.queryset(model, "view").values_list("pk", flat=True))
        for model in SCOPED_MODELS
    }
    expected = {
        "locus.Locus": {member.locus_id},
        "cadre.Cadre": {member.pk},
        "activities.TrainingAttendance": set(member.attendances.values_list("pk", flat=True)),
        "activities.TrainingSession": set(member.locus.training_sessions.values_list("pk", flat=True)),
        "activities.SocialisationActivity": set(
            member.locus.socialisation_activities.values_list("pk", flat=True)
        ),
        "activities.ActivityPhoto": set(
            ActivityPhoto.objects.filter(activity__locus=member.locus).values_list("pk", flat=True)
        ),
    }
    assert all(expected.values())
    assert {label: pks for label, pks in seen.items() if pks} == expected
    for action in ("add", "change", "delete", "decide", "manage"):
        assert all(not access.queryset(model, action).exists() for model in SCOPED_MODELS), action
    revoked = policy(users["revoked_cadre"])
    assert all(not revoked.queryset(model, "view").exists() for model in SCOPED_MODELS)
