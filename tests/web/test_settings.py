"""Deployment settings: `check --deploy` is clean for production; production refuses to start without a key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "gongkai.web.manage", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_check(tmp_path: Path) -> None:
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="gongkai.web.settings.production",
        DJANGO_SECRET_KEY="k" * 20 + "-a-long-random-production-secret-key-0123456789",
        GONGKAI_ALLOWED_HOSTS="gongkai.example.gov.cn",
        GONGKAI_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = _manage(
        "check", DJANGO_SETTINGS_MODULE="gongkai.web.settings.production", GONGKAI_VAR_DIR=str(tmp_path)
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_its_host_names(tmp_path: Path) -> None:
    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="gongkai.web.settings.production",
        DJANGO_SECRET_KEY="k" * 20 + "-a-long-random-production-secret-key-0123456789",
        GONGKAI_VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "GONGKAI_ALLOWED_HOSTS" in result.stderr


def test_sqlite_is_configured_for_concurrent_writers(db: None) -> None:
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


def test_the_migrations_match_the_models(db: None) -> None:
    from django.apps import apps
    from django.core.management import call_command

    ours = [config.label for config in apps.get_app_configs() if config.name.startswith("gongkai.")]
    assert len(ours) >= 12
    call_command("makemigrations", *ours, "--check", "--dry-run", verbosity=0)
