"""Celery task of the estimate: a thin wrapper around ``impact.services.freshness.estimate_run``.

Acknowledged late and rejected when its worker is lost, like the report jobs: a run whose worker died is
delivered again, and a run is idempotent (it replaces the estimate's figures whole, and a request already
served is skipped)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from impact.services.freshness import estimate_run


@shared_task(
    name="impact.tasks.estimate_impact",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def estimate_impact(year: int, election: str) -> str | None:
    estimate = estimate_run(year=year, election=election)
    return estimate.computed_at.isoformat() if estimate and estimate.computed_at else None
