"""The weekly reminder e-mail: every Monday at 07.00 on each office's own clock (WIB, WITA, WIT), each user of
a regency office receives the list of what waits on them (``reports.actions``), and each user of a province
office what waits on them with a summary of its regencies' open actions.

The beat runs ``reports.tasks.send_weekly_action_reminders`` every hour (``CELERY_BEAT_SCHEDULE``); the
offices whose local time is then Monday 07.xx are sent theirs (``offices_due``). An office is claimed by a
conditional UPDATE of ``Office.reminders_sent_on`` before sending, so a run repeated within the hour sends
nothing twice. A user who turned the e-mail off on their profile (``User.weekly_reminders``), an inactive
account and one without an address receive nothing; nor does a user with nothing waiting (an empty list is
noise)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.template import loader
from django.urls import reverse
from django.utils import timezone, translation

from accounts.choices import NotificationKind, OfficeLevel
from accounts.models import Notification, Office, User
from accounts.services import notify_regency_office
from kernel.localtime import TimeZone, local_today
from locus import rules
from locus.choices import MilestoneLight
from locus.models import Locus, Milestone
from reports.actions import OpenAction, office_actions, office_stand_in, open_actions, total
from reports.milestones import DueMilestone, current_loci, due_milestones

logger = logging.getLogger(__name__)

REMINDER_WEEKDAY = 0  # Monday
REMINDER_HOUR = 7


@dataclass(frozen=True)
class RegencySummary:
    office: Office
    actions: list[OpenAction]

    @property
    def total(self) -> int:
        return total(self.actions)


def zones_due(now: dt.datetime) -> list[str]:
    """The time zones whose clocks show Monday 07.xx at ``now``."""
    due = []
    for zone in TimeZone.values:
        local = now.astimezone(ZoneInfo(zone))
        if local.weekday() == REMINDER_WEEKDAY and local.hour == REMINDER_HOUR:
            due.append(zone)
    return due


def offices_due(now: dt.datetime | None = None):
    """The province and regency offices whose local time is Monday 07.xx at ``now``."""
    zones = zones_due(now or timezone.now())
    return (
        Office.objects.filter(
            level__in=(OfficeLevel.PROVINCE, OfficeLevel.REGENCY), province__time_zone__in=zones
        )
        .select_related("province", "regency")
        .order_by("province_id", "regency_id")
    )


def reminder_recipients(office: Office):
    """The office's active accounts with an address that have not turned the e-mail off."""
    return (
        User.objects.people()
        .filter(office=office, is_active=True, weekly_reminders=True)
        .exclude(email="")
        .select_related("office__province")
        .order_by("pk")
    )


def province_summary(office: Office, *, now: dt.datetime) -> list[RegencySummary]:
    """What waits on each regency office of ``office``'s province (one query per regency office)."""
    regencies = Office.objects.filter(
        level=OfficeLevel.REGENCY, province_id=office.province_id
    ).select_related("province", "regency")
    return [RegencySummary(office=regency, actions=office_actions(regency, now=now)) for regency in regencies]


def _claim(office: Office, *, now: dt.datetime) -> bool:
    """Whether this run sends the office's reminders for its local today (no other run has)."""
    today = local_today(office.time_zone, now=now)
    claimed = (
        Office.objects.filter(pk=office.pk).exclude(reminders_sent_on=today).update(reminders_sent_on=today)
    )
    return claimed == 1


def site_url(path: str) -> str:
    return settings.SIDP3_SITE_URL.rstrip("/") + path


# The milestones an e-mail lists by name, at most (the rest are counted in the action list's lines).
LISTED_MILESTONES = 20


def reminder_message(
    *,
    user: User,
    actions: list[OpenAction],
    summary: list[RegencySummary] | None,
    now,
    milestones: list[DueMilestone] = (),
):
    """The e-mail to ``user`` (Indonesian, the users' language)."""
    late = [m for m in milestones if m.light == MilestoneLight.LATE]
    at_risk = [m for m in milestones if m.light == MilestoneLight.AT_RISK]
    context = {
        "late_milestones": [(m, site_url(m.url)) for m in late[:LISTED_MILESTONES]],
        "late_more": max(0, len(late) - LISTED_MILESTONES),
        "at_risk_milestones": [(m, site_url(m.url)) for m in at_risk[:LISTED_MILESTONES]],
        "at_risk_more": max(0, len(at_risk) - LISTED_MILESTONES),
        "at_risk_days": rules.MILESTONE_AT_RISK_DAYS,
        "user": user,
        "office": user.office,
        "actions": [(action, site_url(action.url)) for action in actions],
        "summary": [row for row in summary or [] if row.actions],
        "home_url": site_url(reverse("home")),
        "profile_url": site_url(reverse("accounts:profile")),
        "today": local_today(user.office.time_zone, now=now),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = loader.render_to_string("accounts/email/weekly_actions_subject.txt", context).strip()
        body = loader.render_to_string("accounts/email/weekly_actions.txt", context)
    return EmailMessage(subject=subject, body=body, to=[user.email])


def send_office_reminders(*, office: Office, now: dt.datetime | None = None) -> int:
    """Send the weekly reminder to each recipient of ``office`` with something waiting; the number sent.
    Nothing when another run already sent this office's reminders today."""
    now = now or timezone.now()
    if not _claim(office, now=now):
        return 0
    summary = province_summary(office, now=now) if office.level == OfficeLevel.PROVINCE else None
    sent = 0
    milestones = []
    if office.level == OfficeLevel.REGENCY:
        # The regency's late and at-risk milestones by name (the same for each of its accounts).
        _year, loci = current_loci(office_stand_in(office))
        if loci is not None:
            milestones = due_milestones(loci, today=local_today(office.time_zone, now=now))
    for user in reminder_recipients(office):
        actions = open_actions(user, now=now)
        if not actions and not any(row.actions for row in summary or []):
            continue
        reminder_message(user=user, actions=actions, summary=summary, now=now, milestones=milestones).send()
        sent += 1
    logger.info("weekly reminders of office %s: %s sent", office.pk, sent)
    return sent


# --- an approaching deadline, in the app --------------------------------------------------------------------

# How long a "milestone due" notification counts as already sent for the same milestone and due date.
NOTIFIED_WITHIN = dt.timedelta(days=60)


def notify_due_milestones(*, today: dt.date | None = None) -> int:
    """Tell each regency office, in the app, of every milestone of its loci now due within
    ``rules.MILESTONE_AT_RISK_DAYS`` days and not done, once per milestone and due date (a due date moved by a
    new SK date is told again). Run daily by the beat (``CELERY_BEAT_SCHEDULE``); the number of
    notifications made."""
    years = Milestone.objects.values("programme_year_id")
    loci = Locus.objects.filter(programme_year_id__in=years)
    due = [m for m in due_milestones(loci, today=today) if m.light == MilestoneLight.AT_RISK]
    if not due:
        return 0
    told = set(
        Notification.objects.filter(
            kind=NotificationKind.MILESTONE_DUE,
            created_at__gte=timezone.now() - NOTIFIED_WITHIN,
            params__key__in=[m.key for m in due],
        ).values_list("params__key", flat=True)
    )
    made = 0
    with translation.override(settings.LANGUAGE_CODE):
        for milestone in due:
            if milestone.key in told:
                continue
            told.add(milestone.key)
            made += notify_regency_office(
                regency_id=milestone.regency_id,
                kind=NotificationKind.MILESTONE_DUE,
                params={
                    "milestone": str(milestone.label),
                    "locus": milestone.village,
                    "due": milestone.due.strftime("%d/%m/%Y"),
                    "key": milestone.key,
                },
                url=milestone.url,
            )
    logger.info("milestones due: %s notifications", made)
    return made
