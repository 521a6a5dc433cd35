"""The settings of one pytest process: ``dp3.settings.test``, with resources of its own under pytest-xdist.

``make test`` runs the suite in two processes (``-n 2``, workers ``gw0`` and ``gw1``). pytest-django gives
each worker a database of its own (``test_<name>_gw0``); before Django reads its settings, each worker here
also gets a Redis database of its own (the number in ``REDIS_URL`` plus the worker's number: 0 and 1 in CI),
so that one worker's Celery tests never take the other's tasks or purge its queue and the caches (sign-in
lockouts, rate limits) stay apart, and folders of its own for media files and report scratch files. The
subprocesses a test starts (a Celery worker, a second Django) inherit this environment.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker and os.environ.get("SIDP3_TEST_WORKER") != _worker:
    os.environ["SIDP3_TEST_WORKER"] = _worker  # applied once per process, whoever imports this again
    _number = int(_worker.removeprefix("gw") or 0)
    if os.environ.get("REDIS_URL"):
        _url = urlsplit(os.environ["REDIS_URL"])
        _base = int(_url.path.strip("/") or 0)
        os.environ["REDIS_URL"] = urlunsplit(_url._replace(path=f"/{(_base + _number) % 16}"))
    _var = Path(__file__).resolve().parent.parent / "var"
    for _name, _default in (
        ("DJANGO_MEDIA_ROOT", _var / "test-media"),
        ("SIDP3_REPORT_SCRATCH_DIR", _var / "report-scratch"),
    ):
        os.environ[_name] = str(Path(os.environ.get(_name) or _default) / _worker)

from dp3.settings.test import *  # noqa: E402, F403
