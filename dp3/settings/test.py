"""Test settings: the same stack; PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="test-only-insecure-key-sidp3")
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A worker subprocess started by a test writes its e-mails where the test reads them (a file per message).
if env.str("SIDP3_TEST_EMAIL_DIR", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.str("SIDP3_TEST_EMAIL_DIR")
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# A worker subprocess started by a test receives the test's media folder through DJANGO_MEDIA_ROOT.
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "test-media"))  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = False
SIDP3_ALLOW_DEMO = env.bool("SIDP3_ALLOW_DEMO", default=True)
# Serve static files from the finders (no collectstatic) during development and tests.
WHITENOISE_AUTOREFRESH = True
