"""Celery tasks of the reports: thin wrappers around ``reports.services``.

``build_report`` is acknowledged late and rejected when its worker is lost, so a job whose worker died is
delivered again (``run_job`` builds it again into the same file name; a finished job returns at once). Its
time limits (soft 25, hard 30 minutes: ``CELERY_TASK_SOFT_TIME_LIMIT``/``CELERY_TASK_TIME_LIMIT``) stay below
the Redis visibility timeout (60 minutes), so a long build is never handed to a second worker while the
first still works on it.
"""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from accounts.models import Office
from reports import reminders, services


@shared_task(
    name="reports.tasks.build_report",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def build_report(self, job_id: int) -> str | None:
    job = services.run_job(job_id, task_id=self.request.id or "")
    return job.status if job else None


@shared_task(name="reports.tasks.sweep_report_jobs")
def sweep_report_jobs() -> int:
    return services.jobs_sweep()


@shared_task(name="reports.tasks.expire_report_files")
def expire_report_files() -> int:
    return services.jobs_expire()


@shared_task(name="reports.tasks.send_weekly_recaps")
def send_weekly_recaps() -> int:
    """One task per province office, so that one slow province does not hold the others back."""
    offices = list(services.weekly_recap_offices().values_list("pk", flat=True))
    for office_id in offices:
        send_province_recap.delay(office_id)
    return len(offices)


@shared_task(
    name="reports.tasks.send_province_recap",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def send_province_recap(office_id: int) -> str | None:
    office = services.weekly_recap_offices().filter(pk=office_id).first()
    if office is None:
        return None
    job = services.weekly_recap_send(office=office)
    return job.status if job else None


@shared_task(name="reports.tasks.send_weekly_action_reminders")
def send_weekly_action_reminders(at: str | None = None) -> int:
    """Hourly (``CELERY_BEAT_SCHEDULE``): one task per office whose local time is Monday 07.xx (now, or at
    the ISO moment ``at``)."""
    now = dt.datetime.fromisoformat(at) if at else timezone.now()
    offices = list(reminders.offices_due(now).values_list("pk", flat=True))
    for office_id in offices:
        send_office_action_reminders.delay(office_id, now.isoformat())
    return len(offices)


@shared_task(name="reports.tasks.notify_due_milestones")
def notify_due_milestones(on: str | None = None) -> int:
    """Daily (``CELERY_BEAT_SCHEDULE``): each regency office told in the app of its milestones now due within
    14 days (``reports.reminders.notify_due_milestones``), as of today or the ISO date ``on``."""
    return reminders.notify_due_milestones(today=dt.date.fromisoformat(on) if on else None)


@shared_task(name="reports.tasks.send_office_action_reminders", acks_late=True, reject_on_worker_lost=True)
def send_office_action_reminders(office_id: int, at: str | None = None) -> int:
    office = Office.objects.select_related("province", "regency").filter(pk=office_id).first()
    if office is None:
        return 0
    return reminders.send_office_reminders(office=office, now=dt.datetime.fromisoformat(at) if at else None)
