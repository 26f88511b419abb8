"""The public status page under 50 concurrent clients, served by gunicorn with the production settings.

    .venv/bin/python -m benchmarks.web_status [--seconds 20] [--clients 50] [--cases 5000]

Builds var/bench/status.sqlite3 once (cases with a timeline and a known query code), starts gunicorn
(4 processes × 4 threads), and for each measurement lets 50 clients (asyncio + httpx, one connection each) send
requests back to back: first the baseline — GET of the empty status form (no lookup) — then POST lookups of random
cases by number and query code (the page with progress and deadlines). Prints requests per second and the
p50/p99 latency of each. The clients run on the same machine and take their share of the 2 cores.
Aim: ≥ 300 lookups/s with p99 ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

__all__ = ["main"]

REPO = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO / "var" / "bench"
DATABASE = BENCH_DIR / "status.sqlite3"
SECRET = "benchmark-secret-key-" + "x" * 40
CODE = "BNCH-2026"
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.web.settings.production",
        "DJANGO_SECRET_KEY": SECRET,
        "DATABASE_URL": f"sqlite:///{DATABASE}",
        "GONGKAI_VAR_DIR": str(BENCH_DIR),
        "GONGKAI_ALLOWED_HOSTS": "127.0.0.1",
        "GONGKAI_SSL_REDIRECT": "0",
        "GONGKAI_SECURE_COOKIES": "0",
        "GONGKAI_RATE_STATUS": "off",
    }


def _build(cases: int) -> list[str]:
    """Create the database once; the tracking numbers of its cases."""
    os.environ.update(_env())
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from django.db import transaction
    from django.utils import timezone

    from gongkai.web.agencies.models import Agency
    from gongkai.web.agencies.services import agency_create
    from gongkai.web.applications.models import Application, Event
    from gongkai.web.applications.services import query_digest

    agency = Agency.objects.filter(code="BSTAT").first() or agency_create(
        name="基准测试机关", level="department", code="BSTAT", notice_prefix="基准公开"
    )
    numbers = list(Application.objects.filter(agency=agency).values_list("number", flat=True))
    if len(numbers) == cases:
        return numbers
    Application.objects.filter(agency=agency).delete()
    rng = random.Random(300)
    now = timezone.now()
    with transaction.atomic():
        applications = []
        for index in range(cases):
            received = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randint(0, 300))
            number = f"BSTAT-2026-{index + 1:05d}"
            applications.append(
                Application(
                    agency=agency,
                    number=number,
                    year=2026,
                    seq=index + 1,
                    query_digest=query_digest(number, CODE),
                    status="processing",
                    channel="online",
                    applicant_kind="natural",
                    description="基准测试",
                    requested_form="paper",
                    delivery="post",
                    submitted_at=now,
                    arrived_on=received,
                    received_on=received,
                )
            )
        created = Application.objects.bulk_create(applications)
        events = []
        for application in created:
            received = application.received_on
            assert received is not None
            events += [
                Event(application=application, action="submit", on=received),
                Event(application=application, action="register", on=received),
                Event(
                    application=application, action="start_consultation", on=received + dt.timedelta(days=3)
                ),
                Event(application=application, action="end_consultation", on=received + dt.timedelta(days=9)),
            ]
        Event.objects.bulk_create(events, batch_size=5000)
    return [a.number for a in created]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def _client(
    base: str, numbers: list[str], until: float, latencies: list[float], lookup: bool, seed: int
) -> int:
    rng = random.Random(seed)
    errors = 0
    async with httpx.AsyncClient(timeout=30) as client:
        form = await client.get(f"{base}/status/")
        match = _TOKEN.search(form.text)
        if match is None:
            return 1
        token = match.group(1)
        while time.perf_counter() < until:
            started = time.perf_counter()
            if lookup:
                data = {"csrfmiddlewaretoken": token, "number": rng.choice(numbers), "code": CODE}
                response = await client.post(
                    f"{base}/status/", data=data, headers={"Referer": f"{base}/status/"}
                )
                ok = response.status_code == 200 and 'id="status-label"' in response.text
            else:
                response = await client.get(f"{base}/status/")
                ok = response.status_code == 200
            latencies.append(time.perf_counter() - started)
            errors += not ok
    return errors


async def _measure(base: str, numbers: list[str], clients: int, seconds: float, lookup: bool) -> str:
    latencies: list[float] = []
    until = time.perf_counter() + seconds
    started = time.perf_counter()
    errors = await asyncio.gather(
        *(_client(base, numbers, until, latencies, lookup, seed) for seed in range(clients))
    )
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    if not ordered:
        return f"no request finished in {seconds:.0f} s ({sum(errors)} failed)"
    p99 = ordered[max(int(len(ordered) * 0.99) - 1, 0)]
    return (
        f"{len(latencies) / elapsed:8.1f} req/s   p50 {statistics.median(ordered) * 1000:6.1f} ms   "
        f"p99 {p99 * 1000:6.1f} ms   ({len(latencies):,} requests, {sum(errors)} failed)"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args(argv)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    numbers = _build(args.cases)
    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "gongkai.web.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(args.threads),
            "--keep-alive",
            "60",
            "--backlog",
            "1024",
            "--log-level",
            "warning",
        ],
        env=_env(),
        cwd=REPO,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/status/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        print(
            f"Status page, {args.clients} concurrent clients, {args.seconds:.0f} s each, gunicorn "
            f"{args.workers}×{args.threads} on {os.cpu_count()} cores (aim: ≥ 300 lookups/s, p99 ≤ 200 ms)"
        )
        baseline = asyncio.run(_measure(base, numbers, args.clients, args.seconds, lookup=False))
        print(f"baseline: empty form (GET)        {baseline}", flush=True)
        lookups = asyncio.run(_measure(base, numbers, args.clients, args.seconds, lookup=True))
        print(f"status lookup (POST number+code)  {lookups}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
