""" "Perlu tindakan Anda": what waits on each user, by role and jurisdiction, counted in one query whatever
the number of rows, each item linking to the page (with filters) where it is done and that page listing the
same rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext_lazy

from accounts.choices import OfficeLevel
from accounts.models import PendingImport, User
from activities.choices import ActivityStatus, EvaluationStage, EvaluationStatus, FollowUpStatus
from activities.models import CoordinationMeeting, FollowUpAction, LocusEvaluation, SocialisationActivity
from locus.choices import LocusStatus
from reports.actions import ACTION_ITEMS, ActionItem, office_actions, open_actions, register
from tests.activities.factories_evaluations import activity_in, cadres_in, locus_at, session_for
from tests.factories import office_for, village

pytestmark = pytest.mark.django_db


def _villages(world, count: int, first: int):
    return [village(f"18.06.11.{2100 + first + i}", f"Pekon Uji {first + i}") for i in range(count)]


def make_work(world, size: int, *, first: int = 0) -> None:
    """``size`` rows of every kind of waiting work in Kabupaten Tanggamus (province Lampung)."""
    staff = world.users["tanggamus_staff"]
    for place in _villages(world, size, first):
        locus_at(place, status=LocusStatus.PROPOSED)
    for place in _villages(world, size, first + 100):
        locus_at(place, status=LocusStatus.DESIGNATED)  # no PKS, and an empty roster
    for place in _villages(world, size, first + 200):
        locus = locus_at(place, status=LocusStatus.ACTIVE)
        members = cadres_in(locus, 25, sex="L")  # full, but no woman: below the women's minimum
        for status in (ActivityStatus.REPORTED, ActivityStatus.ACCEPTED):  # a cadre's report waits for review
            SocialisationActivity.objects.filter(pk=activity_in(locus, men=5, women=5).pk).update(
                status=status, reported_by=members[0]
            )
        for stage, status in ((EvaluationStage.MIDTERM, EvaluationStatus.SUBMITTED),
                              (EvaluationStage.END, EvaluationStatus.RETURNED)):  # fmt: skip
            LocusEvaluation.objects.create(locus=locus, stage=stage, status=status, created_by=staff)
        session_for(locus, number=1, held=False)  # July 2021: past, no attendance
    lampung = office_for(OfficeLevel.PROVINCE, world.lampung)
    tanggamus = office_for(OfficeLevel.REGENCY, world.tanggamus)
    starts = dt.datetime(2021, 11, 3, 1, 0, tzinfo=dt.UTC)
    meeting = CoordinationMeeting.objects.create(
        organiser=lampung,
        title="Rakor DP3",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        mode="daring",
    )
    meeting.participants.add(tanggamus)
    for index in range(size):
        FollowUpAction.objects.create(
            meeting=meeting,
            description=f"Laporan {index}",
            responsible=tanggamus,
            due_on=dt.date(2021, 12, 1),
        )
    FollowUpAction.objects.create(  # done: not overdue
        meeting=meeting,
        description="Selesai",
        responsible=tanggamus,
        due_on=dt.date(2021, 12, 1),
        status=FollowUpStatus.DONE,
    )
    PendingImport.objects.update_or_create(
        user=staff, kind="kader", defaults={"filename": "kader.xlsx", "path": reverse("cadre:cadre_import")}
    )


def _fresh(world, name: str) -> User:
    return User.objects.select_related("office__province").get(pk=world.users[name].pk)


def _counts(user) -> dict[str, int]:
    return {action.key: action.count for action in open_actions(user)}


def test_each_role_sees_what_waits_on_it(world):
    make_work(world, 2)
    assert _counts(_fresh(world, "lampung_commissioner")) == {
        "evaluations_to_approve": 2,
        "loci_awaiting_decree": 2,
    }
    assert _counts(_fresh(world, "tanggamus_commissioner")) == {
        "evaluations_returned": 2,
        "loci_without_agreement": 2,
        "rosters_short": 4,  # the designated loci (empty) and the active ones (no woman)
        "trainings_without_attendance": 2,
        "activities_reported": 2,
        "follow_ups_overdue": 2,
    }
    # Staff may not record a PKS (a decision); the upload waits on whoever uploaded it.
    staff = _counts(_fresh(world, "tanggamus_staff"))
    assert "loci_without_agreement" not in staff and staff["imports_pending"] == 1
    assert staff["rosters_short"] == 4
    assert staff["activities_reported"] == 2
    # A viewer acts on nothing; another province's office and KPU RI wait on none of it.
    assert _counts(_fresh(world, "tanggamus_viewer")) == {}
    assert _counts(_fresh(world, "ntt_admin")) == {}
    assert _counts(_fresh(world, "flotim_admin")) == {}
    assert "evaluations_to_approve" not in _counts(_fresh(world, "national_admin"))


def test_the_text_the_reason_and_the_link_of_an_item(world, client):
    make_work(world, 1)
    user = _fresh(world, "tanggamus_staff")
    actions = {action.key: action for action in open_actions(user)}
    returned = actions["evaluations_returned"]
    assert returned.text == "1 evaluasi lokus dikembalikan untuk diperbaiki" and "perbaiki" in returned.reason
    assert actions["imports_pending"].url == reverse("cadre:cadre_import")  # the upload's own page
    client.force_login(world.users["tanggamus_staff"])
    page = client.get(returned.url)
    assert page.status_code == 200
    assert [e.status for e in page.context["evaluations"]] == [EvaluationStatus.RETURNED]
    reported = actions["activities_reported"]
    assert reported.text == "1 kegiatan dilaporkan kader menunggu tinjauan"
    assert reported.url == f"{reverse('activities:activity_list')}?tahun=&status=dilaporkan"
    page = client.get(reported.url)
    assert [a.status for a in page.context["activities"]] == [ActivityStatus.REPORTED]


def test_each_link_lists_the_rows_it_counts(world, client):
    make_work(world, 3)
    for name in ("lampung_commissioner", "tanggamus_commissioner"):
        client.force_login(world.users[name])
        for action in open_actions(_fresh(world, name)):
            response = client.get(action.url)
            assert response.status_code == 200, action.url
            if action.key == "rosters_short":  # the cadre list's roster overview, by the same rules
                rows = response.context["overview"]
                assert sum(row.roster_short or row.women_below_minimum for row in rows) == action.count
            else:  # the list pages: the same rows
                assert response.context["paginator"].count == action.count, action.key


def _queries(user) -> int:
    with CaptureQueriesContext(connection) as captured:
        open_actions(user)
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", ["lampung_commissioner", "tanggamus_commissioner", "tanggamus_staff"])
def test_counted_in_one_query_whatever_the_size(world, name):
    make_work(world, 1)
    small = _queries(_fresh(world, name))
    make_work(world, 6, first=10)
    user = _fresh(world, name)
    assert sum(action.count for action in open_actions(user)) > 6
    # One query for the registry's items; at most three for the loci late or at risk on their milestones (a
    # regency or province office: ``reports.milestones.late_and_at_risk``; two when no calendar is set).
    assert small == _queries(user) <= 1 + 3


def test_an_office_summary_leaves_personal_items_out(world):
    make_work(world, 2)
    keys = {action.key for action in office_actions(office_for(OfficeLevel.REGENCY, world.tanggamus))}
    assert "imports_pending" not in keys and {"loci_without_agreement", "rosters_short"} <= keys


def test_a_stale_upload_no_longer_waits(world):
    staff = world.users["tanggamus_staff"]
    PendingImport.objects.create(user=staff, kind="lokus", filename="lokus.xlsx", path="/impor/")
    PendingImport.objects.filter(user=staff).update(uploaded_at=timezone.now() - dt.timedelta(days=2))
    assert "imports_pending" not in _counts(_fresh(world, "tanggamus_staff"))


def test_another_item_is_one_registration(world):
    item = ActionItem(
        key="test_item",
        applies=lambda access: access.level == "kabupaten",
        rows=lambda user, now: LocusEvaluation.objects.restrict(user, "view"),
        noun=ngettext_lazy("%(count)s uji", "%(count)s uji", "count"),
        reason="Uji.",
        url=lambda user: "/",
    )
    register(item)
    try:
        make_work(world, 1)
        assert _counts(_fresh(world, "tanggamus_viewer")) == {"test_item": 2}
        with pytest.raises(ValueError):
            register(item)
    finally:
        ACTION_ITEMS.remove(item)


def test_the_home_page_lists_the_actions_with_their_links(world, client):
    make_work(world, 1)
    client.force_login(world.users["lampung_commissioner"])
    page = client.get(reverse("home")).content.decode()
    assert "Perlu tindakan Anda" in page and "1 evaluasi lokus menunggu persetujuan" in page
    assert f"{reverse('activities:evaluation_list')}?tahun=&amp;status=diajukan" in page
    client.force_login(world.users["tanggamus_viewer"])
    assert "Tidak ada yang menunggu tindakan Anda" in client.get(reverse("home")).content.decode()


def test_the_navigation_badge(world, client):
    make_work(world, 1)
    client.force_login(world.users["lampung_commissioner"])
    assert 'hx-get="/navigasi/status/"' in client.get(reverse("home")).content.decode()
    response = client.get(reverse("nav_status"))
    assert response.status_code == 200 and response.context["action_count"] == 2


def test_the_words_follow_the_count_in_either_language():
    from django.utils import translation

    from reports.actions import MILESTONES_LATE, OpenAction

    def text(count):
        return OpenAction(key="k", count=count, reason="", url="/", noun=MILESTONES_LATE).text

    assert text(2) == "2 lokus terlambat dari jadwal tonggak program"
    with translation.override("en"):
        assert text(1) == "1 locus behind the programme's milestone schedule"
        assert text(3) == "3 loci behind the programme's milestone schedule"
