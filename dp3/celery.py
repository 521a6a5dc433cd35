"""The Celery application. Settings come from Django's, prefixed CELERY_ (cookiecutter-django's wiring)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dp3.settings.local")

app = Celery("dp3")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
