"""Handing a task to the Celery worker without ever hanging the request that asks for it.

``enqueue(task, *args)`` publishes on the broker the task is bound to (the project's app, ``dp3.celery``:
Redis, or kombu's filesystem transport under ``var/celery`` where no Redis is configured) with a short
connection timeout and two quick retries (``CELERY_BROKER_CONNECTION_TIMEOUT``, the transport's
``socket_timeout``); when the broker cannot be reached it logs a warning and returns None, and the caller
marks its job failed ("layanan antrean tidak tersedia") instead of leaving it queued for ever.
"""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}


def queue_unavailable_message() -> str:
    return _("Layanan antrean tidak tersedia. Coba lagi beberapa saat lagi atau hubungi admin.")


def enqueue(task, *args) -> str | None:
    """Publish ``task`` with ``args``: its id (possibly "" with an eager app), or None when the broker could
    not be reached."""
    try:
        with task.app.connection_for_write() as connection:
            result = task.apply_async(args=args, connection=connection, retry=True, retry_policy=RETRY_POLICY)
    except Exception as exc:  # the broker's errors vary by transport (OperationalError, OSError, ...)
        logger.warning("task %s: the queue is unavailable (%s)", task.name, exc.__class__.__name__)
        return None
    return result.id or ""
