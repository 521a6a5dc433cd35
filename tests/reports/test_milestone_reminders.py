"""The milestones in what pushes work to officers: the loci late or at risk in "Perlu tindakan Anda", the
regency's late and at-risk milestones by name in the weekly e-mail, the in-app notice of a milestone now due
within 14 days (once), the beat's entries as django-celery-beat installs them, and the e-mails built by a real
worker."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail

from accounts.choices import NotificationKind, OfficeLevel
from accounts.models import Notification
from locus.choices import LocusStatus, MilestoneKind
from locus.models import Milestone
from reports import reminders, tasks
from reports.actions import open_actions
from tests.activities.factories_evaluations import locus_at
from tests.factories import build_world, office_for, village
from tests.reports.jobs_support import celery_worker, wait_for
from tests.reports.test_reminders import MONDAY_7_WIB

K = MilestoneKind
TODAY = MONDAY_7_WIB.date()  # Monday 1 November 2021


def _schedule(year: int = 2021) -> None:
    """PKS 30 days after the SK (a locus designated on 7 June is late by then), the final evaluation on
    10 November (9 days after TODAY: at risk)."""
    rows = [
        (K.DECREE, None, dt.date(2021, 5, 31), None),
        (K.AGREEMENT, None, None, 30),
        (K.FINAL_EVALUATION, None, dt.date(2021, 11, 10), None),
    ]
    Milestone.objects.bulk_create(
        Milestone(programme_year_id=year, kind=kind, session_number=n, due_date=due, offset_days=offset)
        for kind, n, due, offset in rows
    )


def _loci(world):
    """Two loci of Tanggamus: one designated without a PKS (late), one with its PKS (at risk only)."""
    late = locus_at(world.gunung_kasih, status=LocusStatus.DESIGNATED)
    at_risk = locus_at(village("18.06.11.2201", "Pekon Tonggak"), status=LocusStatus.AGREEMENT_SIGNED)
    type(at_risk).objects.filter(pk=at_risk.pk).update(agreement_date=dt.date(2021, 7, 1))
    return late, at_risk


@pytest.mark.django_db
def test_the_action_list_counts_the_loci_late_or_at_risk(world):
    _schedule()
    _loci(world)
    office_for(OfficeLevel.REGENCY, world.tanggamus)
    actions = {a.key: a for a in open_actions(world.users["tanggamus_staff"], now=MONDAY_7_WIB)}
    assert actions["milestones_late"].count == 1
    assert actions["milestones_at_risk"].count == 1
    assert actions["milestones_late"].text == "1 lokus terlambat dari jadwal tonggak program"
    assert actions["milestones_late"].url == "/?tahun=2021#tonggak"
    # KPU RI carries no locus itself: no such line.
    national = {a.key for a in open_actions(world.users["national_admin"], now=MONDAY_7_WIB)}
    assert not {"milestones_late", "milestones_at_risk"} & national


@pytest.mark.django_db
def test_the_weekly_email_names_the_regencys_late_and_at_risk_milestones(world):
    _schedule()
    late, at_risk = _loci(world)
    office = office_for(OfficeLevel.REGENCY, world.tanggamus)
    assert reminders.send_office_reminders(office=office, now=MONDAY_7_WIB) > 0
    body = next(m.body for m in mail.outbox if m.to == [world.users["tanggamus_staff"].email])
    assert "1 lokus terlambat dari jadwal tonggak program" in body
    assert "Tonggak yang terlambat" in body
    assert f"{late.village.name}: PKS dengan pemerintah desa, jatuh tempo 07/07/2021" in body
    assert f"{settings.SIDP3_SITE_URL}/lokus/{late.pk}/" in body
    assert "Tonggak yang jatuh tempo dalam 14 hari" in body
    assert f"{at_risk.village.name}: Evaluasi akhir tahapan, jatuh tempo 10/11/2021" in body


@pytest.mark.django_db
def test_a_milestone_due_within_14_days_is_told_once_to_its_regency(world):
    _schedule()
    late, at_risk = _loci(world)
    office_for(OfficeLevel.REGENCY, world.tanggamus)
    flotim = office_for(OfficeLevel.REGENCY, world.flotim)
    made = reminders.notify_due_milestones(today=TODAY)
    told = Notification.objects.filter(kind=NotificationKind.MILESTONE_DUE)
    # Both loci's final evaluations are due on 10 November; the late PKS is not "approaching".
    assert made == told.count() > 0
    users = set(told.values_list("user__office__regency_id", flat=True))
    assert users == {world.tanggamus.code} and flotim.regency_id not in users
    messages = {n.message for n in told}
    expected = f"Tonggak Evaluasi akhir tahapan lokus {at_risk.village.name} jatuh tempo 10/11/2021"
    assert expected + " dan belum tercatat selesai." in messages
    assert {n.url for n in told} == {f"/lokus/{late.pk}/", f"/lokus/{at_risk.pk}/"}
    # The next morning: nothing new.
    assert reminders.notify_due_milestones(today=TODAY + dt.timedelta(days=1)) == 0
    assert Notification.objects.filter(kind=NotificationKind.MILESTONE_DUE).count() == made


def test_the_beat_installs_both_entries_in_its_database_schedule(transactional_db):
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    from dp3.celery import app

    DatabaseScheduler(app=app)  # what `celery beat -S django` does at start
    installed = dict(PeriodicTask.objects.values_list("name", "task"))
    assert installed["pengingat-tindakan-mingguan"] == "reports.tasks.send_weekly_action_reminders"
    assert installed["tonggak-jatuh-tempo-harian"] == "reports.tasks.notify_due_milestones"
    daily = PeriodicTask.objects.get(name="tonggak-jatuh-tempo-harian").crontab
    assert (daily.minute, daily.hour) == ("0", "6")
    for name in installed.values():
        if name.startswith("reports.tasks."):
            assert name in app.tasks


@pytest.mark.redis
@pytest.mark.postgres
def test_a_real_worker_builds_and_sends_the_weekly_emails_and_the_notices(transactional_db, tmp_path):
    world = build_world()
    _schedule()
    _loci(world)
    office_for(OfficeLevel.REGENCY, world.tanggamus)
    outbox = tmp_path / "surel"
    outbox.mkdir()
    with celery_worker(env={"SIDP3_TEST_EMAIL_DIR": str(outbox)}):
        tasks.send_weekly_action_reminders.delay(at=MONDAY_7_WIB.isoformat())
        staff = world.users["tanggamus_staff"].email

        def sent_to_staff():
            text = "\n".join(path.read_text() for path in outbox.iterdir())
            return text if staff in text else ""

        sent = wait_for(sent_to_staff, timeout=120, what="the worker to send the regency's e-mails")
        tasks.notify_due_milestones.delay(on=TODAY.isoformat())
        wait_for(
            lambda: (
                Notification.objects.filter(kind=NotificationKind.MILESTONE_DUE).exists()
                or Notification.objects.exists()
            ),
            timeout=60,
            what="the worker to run the milestone task",
        )
    assert "Tonggak yang terlambat" in sent and "PKS dengan pemerintah desa" in sent
