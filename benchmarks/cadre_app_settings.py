"""Settings of the cadre app benchmark's server (benchmarks/cadre_app.py): the development settings with the
static files as production serves them (collected, content-hashed and compressed by WhiteNoise), DEBUG off."""

import os

from dp3.settings.local import *  # noqa: F403

DEBUG = False
STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405
STATIC_ROOT = os.environ["SIDP3_BENCH_STATIC_ROOT"]
WHITENOISE_AUTOREFRESH = False
