"""What every benchmark script shares: a fresh PostgreSQL database, ``manage.py`` runs against it, and
measured child processes (wall time, peak RSS and the load average at their start).

A script runs its measurements in children of itself (``python benchmarks/<script>.py --child ...``), so that
each figure is one fresh process, as a command or a worker would be."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def env_for(server: str, database: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = f"{server.rstrip('/')}/{database}"
    env.setdefault("DJANGO_SETTINGS_MODULE", "dp3.settings.local")
    return env


def manage(args: list[str], env) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def recreate_database(server: str, database: str) -> None:
    import psycopg2

    connection = psycopg2.connect(f"{server.rstrip('/')}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {database}")
        cursor.execute(f"CREATE DATABASE {database}")
    connection.close()


def measured(script: str, args: list[str], env) -> dict:
    """Run ``script`` as a child with ``args``; the JSON of its last output line, with its wall time, its peak
    RSS (MiB) and the 1-minute load average when it started."""
    load = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, script, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    output = process.stdout.read()
    if status != 0:
        raise SystemExit(f"child {args} failed: {output}")
    result = json.loads(output.strip().splitlines()[-1])
    result.update(wall=wall, peak_mib=usage.ru_maxrss / 1024, load=load)
    return result


def cpu_seconds() -> float:
    """User + system time of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
