"""Production settings: `check --deploy` is clean, and nothing starts without a secret key.

Each check runs `manage.py` in a subprocess, so that the production settings module is imported afresh
with exactly the environment a deployment would give it.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
DEPLOY_HOST = "sidp3.example.go.id"


def _env(**overrides: str) -> dict[str, str]:
    """The current environment without any DJANGO_* variable, plus production settings and ``overrides``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="dp3.settings.production",
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS=DEPLOY_HOST,
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(overrides)
    return env


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _dotenv_defines(name: str) -> bool:
    dotenv = BASE_DIR / ".env"
    if not dotenv.exists():
        return False
    return any(
        line.strip().startswith(f"{name}=") and line.split("=", 1)[1].strip()
        for line in dotenv.read_text().splitlines()
    )


def test_check_deploy_reports_nothing():
    secret_key = secrets.token_urlsafe(50)  # 67 characters, many distinct
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_env(DJANGO_SECRET_KEY=secret_key))

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS:" not in output, output
    assert ".W0" not in output, output  # e.g. security.W004
    assert "System check identified no issues" in output, output


def test_production_refuses_to_start_without_secret_key():
    if _dotenv_defines("DJANGO_SECRET_KEY"):
        pytest.skip(".env in the project folder sets DJANGO_SECRET_KEY, so it cannot be missing here")

    result = _manage("check", env=_env())

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr, result.stderr


def test_production_refuses_an_empty_secret_key():
    result = _manage("check", env=_env(DJANGO_SECRET_KEY="  "))

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr, result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    if _dotenv_defines("DJANGO_ALLOWED_HOSTS"):
        pytest.skip(".env in the project folder sets DJANGO_ALLOWED_HOSTS, so it cannot be missing here")
    env = _env(DJANGO_SECRET_KEY=secrets.token_urlsafe(50))
    del env["DJANGO_ALLOWED_HOSTS"]

    result = _manage("check", env=env)

    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr, result.stderr


_COLLECTSTATIC = """
import sys
import django
from django.conf import settings

django.setup()
settings.STATIC_ROOT = sys.argv[1]
from django.core.management import call_command

call_command("collectstatic", interactive=False, verbosity=0)
"""


def test_static_files_collect_with_the_production_storage(tmp_path):
    """The Docker image collects static files with production settings (hashed and compressed)."""
    static_root = tmp_path / "static"
    result = subprocess.run(
        [sys.executable, "-c", _COLLECTSTATIC, str(static_root)],
        cwd=BASE_DIR,
        env=_env(DJANGO_SECRET_KEY=secrets.token_urlsafe(50)),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    assert (static_root / "staticfiles.json").exists()
