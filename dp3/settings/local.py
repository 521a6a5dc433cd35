"""Development on a laptop: `make run`. DEBUG on, console e-mail, a fixed development secret key."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-sidp3-local-not-for-production")
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
SIDP3_ALLOW_DEMO = env.bool("SIDP3_ALLOW_DEMO", default=True)
# Serve static files from the finders (no collectstatic) during development and tests.
WHITENOISE_AUTOREFRESH = True
