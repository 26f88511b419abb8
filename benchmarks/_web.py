"""What the web benchmarks share: their databases (a SQLite file in var/bench/, or a PostgreSQL database at
127.0.0.1:5432, user postgres) and Django set up on one of them as in production."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

__all__ = [
    "BENCH_DIR",
    "REPO",
    "ensure_postgres_database",
    "main_per_backend",
    "postgres_url",
    "setup_django",
]

REPO = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO / "var" / "bench"
_SERVER = "postgresql://postgres@127.0.0.1:5432"


def postgres_url(database: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{database}"


def ensure_postgres_database(database: str) -> bool:
    """Create the database if it does not exist; False (and a line saying why) when PostgreSQL is not running."""
    import psycopg

    try:
        with psycopg.connect(f"{_SERVER}/postgres", autocommit=True) as connection:
            query = "SELECT 1 FROM pg_database WHERE datname = %s"
            if connection.execute(query, (database,)).fetchone() is None:
                connection.execute(f'CREATE DATABASE "{database}"')
    except psycopg.OperationalError as error:
        print(f"postgres: not available at 127.0.0.1:5432 ({error}); run scripts/ensure-postgres", flush=True)
        return False
    return True


def setup_django(database_url: str) -> None:
    """Django on that database, migrated, with DEBUG off as in production (DEBUG records every query)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.web.settings.dev"
    os.environ.setdefault("GONGKAI_VAR_DIR", str(BENCH_DIR))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    call_command("migrate", interactive=False, verbosity=0)


def main_per_backend(
    argv: list[str] | None,
    *,
    module: str,
    description: str | None,
    size_option: str,
    default_size: int,
    heading: Callable[[int], str],
    child: Callable[[str, int], None],
) -> None:
    """The command line of a web benchmark: `[--SIZE N] [--backend sqlite|postgres|both]`, each backend measured
    in a process of its own (`--child`), so that one's Django setup, caches and memory do not colour the other."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(f"--{size_option}", type=int, default=default_size)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    size: int = getattr(args, size_option)
    if args.child:
        child(args.backend, size)
        return
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    print(heading(size), flush=True)
    for backend in ["sqlite", "postgres"] if args.backend == "both" else [args.backend]:
        command = [
            sys.executable,
            "-m",
            module,
            "--child",
            "--backend",
            backend,
            f"--{size_option}",
            str(size),
        ]
        subprocess.run(command, check=True, cwd=REPO)
