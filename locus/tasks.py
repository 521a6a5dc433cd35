"""Celery tasks of the locus app: thin wrappers around ``locus.services``.

``import_results`` is acknowledged late and rejected when its worker is lost, so an import whose worker died
is delivered again (``results_job_run`` runs it again: the import is all or nothing; a finished job returns at
once). Its time limits are the project's (soft 25, hard 30 minutes), far above the national file's time
(docs/benchmarks.md) and below the Redis visibility timeout.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from locus.services import results_jobs


@shared_task(
    name="locus.tasks.import_results",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def import_results(self, job_id: int) -> str | None:
    job = results_jobs.results_job_run(job_id, task_id=self.request.id or "")
    return job.status if job else None


@shared_task(name="locus.tasks.sweep_results_jobs")
def sweep_results_jobs() -> int:
    """Every 30 minutes (``CELERY_BEAT_SCHEDULE``): imports stuck running or never taken are failed."""
    return results_jobs.results_jobs_sweep()
