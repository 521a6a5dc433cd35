"""The Celery application. Settings come from Django's, prefixed CELERY_ (cookiecutter-django's wiring)."""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dp3.settings.local")

app = Celery("dp3")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def preload_task_libraries(**kwargs) -> None:
    """What the worker's tasks use and Django's start-up no longer imports (openpyxl, WeasyPrint and the
    report builders; numpy and the impact method), imported once by the worker's main process before it
    forks its pool, so that the children share them and no child's first task pays for them."""
    from impact.services import estimates  # noqa: F401
    from reports.builders import load_all

    load_all()
