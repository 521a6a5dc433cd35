"""What Django's start-up imports, pinned: every ``manage.py`` command and every Celery worker pays for it.

The heavy libraries (openpyxl, which loads numpy and Pillow; WeasyPrint; python-calamine; tablib and
django-import-export; lokal's PII masker; DRF's serializers and drf-spectacular's schema machinery; the
report builders; markdown) are imported by the code that uses them, not by ``django.setup()``: an eager
import added back to a model, an ``AppConfig.ready`` or an admin module fails here. A fresh interpreter is
needed (this one has imported everything), so the checks run in one subprocess with the settings of
``make run`` and the worker. What moved must still arrive where it is used: the admin modules with the
URLconf, which a web process loads when it starts (``dp3/wsgi.py``), and with the admin's system checks
(``dp3/apps.py``); the report builders in registry order whoever imports one first
(``reports.builders.load_all``); the worker's libraries before its pool forks
(``dp3.celery.preload_task_libraries``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Imported by nothing at start-up. A module listed here is its package's costly part: ``rest_framework``
# and ``drf_spectacular`` themselves are installed apps (their packages are imported, cheaply).
NOT_AT_STARTUP = (
    "openpyxl",
    "numpy",
    "PIL",
    "weasyprint",
    "python_calamine",
    "tablib",
    "import_export.admin",
    "import_export.formats.base_formats",
    "lokal.samaran",
    "lokal.phone",
    "rest_framework.serializers",
    "drf_spectacular.plumbing",
    "markdown_it",
    "reports.builders.recap",
    "impact.services.estimates",
    "accounts.admin",
    "locus.admin",
)

SCRIPT = """
import json, sys
import django

def loaded():
    return [name for name in json.loads(sys.argv[1]) if name in sys.modules]

snapshots = {}
django.setup()
snapshots["setup"] = loaded()

# import_regions, as its command runs it: the command module and the import service, and a Kemendagri CSV
# read (its province codes have no dots: nothing to normalise with lokal).
import os, tempfile
import locus.management.commands.import_regions  # noqa: F401
from locus.services.region_import import read_region_csv
with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as csv_file:
    csv_file.write("kode,nama\\n18,LAMPUNG\\n18.06,KAB. TANGGAMUS\\n18.06.11,Pugung\\n")
assert len(read_region_csv(csv_file.name)) == 3
os.unlink(csv_file.name)
snapshots["import_regions"] = loaded()

# A builder imported before the registry is read (a test, a task): the registry keeps its order.
import reports.builders.minutes  # noqa: F401
from reports.builders import load_all
snapshots["builders"] = list(load_all())

# The worker's main process, before it forks its pool.
from celery.signals import worker_init
worker_init.send(sender=None)
snapshots["worker"] = loaded()

# A web process: its WSGI module loads the URLconf when it starts, and the admin modules with it.
from django.contrib import admin
from locus.models import Locus, Province
import dp3.wsgi  # noqa: F401
snapshots["admin"] = [admin.site.is_registered(Locus), admin.site.is_registered(Province)]
print(json.dumps(snapshots))
"""


@pytest.fixture(scope="module")
def snapshots():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dp3.settings.local", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(NOT_AT_STARTUP)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_django_setup_imports_none_of_the_heavy_libraries(snapshots):
    assert snapshots["setup"] == []


def test_the_region_import_command_imports_none_of_them_either(snapshots):
    assert snapshots["import_regions"] == []


def test_the_report_types_keep_their_order_whichever_builder_is_imported_first(snapshots):
    assert snapshots["builders"][:4] == ["recap", "roster", "locus-profile", "minutes"]


def test_the_worker_imports_its_tasks_libraries_before_it_forks(snapshots):
    assert {"openpyxl", "numpy", "reports.builders.recap", "impact.services.estimates"} <= set(
        snapshots["worker"]
    )


def test_a_web_process_loads_the_urlconf_and_the_admin_modules_when_it_starts(snapshots):
    assert snapshots["admin"] == [True, True]


def test_the_admin_checks_see_every_model_admin():
    """``manage.py check`` runs the admin's checks on every ModelAdmin, whichever check runs first: the
    check imports the admin modules itself."""
    from django.contrib import admin

    from dp3.apps import check_admin_modules
    from locus.models import Locus

    assert check_admin_modules() == []
    assert admin.site.is_registered(Locus)
