"""The public status page under 50 concurrent clients, served by gunicorn with the production settings.

    .venv/bin/python -m benchmarks.web_status [--backend sqlite|postgres|both] [--seconds 20] [--clients 50]
                                              [--cases 5000] [--workers N] [--threads N]

For each backend (in its own process): builds the database once (cases with a timeline and a known query code;
var/bench/status.sqlite3, or the PostgreSQL database `gongkai_bench_status` at 127.0.0.1:5432, user postgres),
then measures

1. in-process, one thread: the Django WSGI handler called directly (no HTTP, no gunicorn) — CPU and wall time
   of one request, median of 7 rounds of 200, and the queries of one lookup;
2. over HTTP: gunicorn with `gongkai.web.gunicorn_config` (2 processes × 2 threads on 2 cores), and 50 clients
   (asyncio, one keep-alive connection each, a minimal HTTP/1.1 client so that the load generator takes as little
   of the shared cores as it can) sending requests back to back for `--seconds`: first the baseline — GET of the
   empty status form (no lookup) — then POST lookups of random cases by number and query code (the page with
   progress and deadlines). Prints requests per second, p50/p99 latency, the server's and the clients' CPU time
   per request, the load average (the clients and anything else running share the cores with gunicorn), and the
   range of the clients' own median latencies: a wide range means the keep-alive connections are unevenly shared
   between the gunicorn processes (see `gongkai.web.gunicorn_config`).

`--gunicorn-option=--keep-alive=0` (repeatable) passes an option on to gunicorn, to compare configurations.
`--profile` prints where an in-process lookup spends its time (cProfile over 500 lookups) and skips the HTTP run.

The status rate limit is off here (every client has the same address); everything else is as in production.
Aim: ≥ 300 lookups/s with p99 ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import io
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from benchmarks._web import BENCH_DIR, REPO, ensure_postgres_database, postgres_url

__all__ = ["main"]

SQLITE = BENCH_DIR / "status.sqlite3"
POSTGRES_DB = "gongkai_bench_status"
POSTGRES = postgres_url(POSTGRES_DB)
SECRET = "benchmark-secret-key-" + "x" * 40
CODE = "BNCH-2026"
FOUND = b'id="status-label"'
_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
_COOKIE = re.compile(rb"^set-cookie:\s*csrftoken=([^;\r\n]+)", re.IGNORECASE | re.MULTILINE)
_LENGTH = re.compile(rb"^content-length:\s*(\d+)", re.IGNORECASE | re.MULTILINE)


def _env(backend: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.web.settings.production",
        "DJANGO_SECRET_KEY": SECRET,
        "DATABASE_URL": f"sqlite:///{SQLITE}" if backend == "sqlite" else POSTGRES,
        "GONGKAI_VAR_DIR": str(BENCH_DIR),
        "GONGKAI_ALLOWED_HOSTS": "127.0.0.1",
        "GONGKAI_SSL_REDIRECT": "0",
        "GONGKAI_SECURE_COOKIES": "0",
        "GONGKAI_RATE_STATUS": "off",
    }


def _build(backend: str, cases: int) -> list[str]:
    """Create the database once; the tracking numbers of its cases."""
    os.environ.update(_env(backend))
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
    from gongkai.web.applications.query_codes import query_digest

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
            on = application.received_on
            assert on is not None
            events += [
                Event(application=application, action="submit", on=on),
                Event(application=application, action="register", on=on),
                Event(application=application, action="start_consultation", on=on + dt.timedelta(days=3)),
                Event(application=application, action="end_consultation", on=on + dt.timedelta(days=9)),
            ]
        Event.objects.bulk_create(events, batch_size=5000)
    return [a.number for a in created]


# --- 1. in-process -------------------------------------------------------------------------------------------


def _in_process(numbers: list[str], *, profile: bool = False) -> None:
    """One request at a time through Django's WSGI handler: what a request costs without HTTP and gunicorn."""
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    application = get_wsgi_application()

    def call(method: str, body: bytes = b"", cookie: bytes = b"") -> tuple[str, list[tuple[str, str]], bytes]:
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method,
            "PATH_INFO": "/status/",
            "QUERY_STRING": "",
            "SCRIPT_NAME": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "CONTENT_LENGTH": str(len(body)),
        }
        if body:
            environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        if cookie:
            environ["HTTP_COOKIE"] = f"csrftoken={cookie.decode()}"
        started: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            started.update(status=status, headers=headers)
            return None

        content = b"".join(application(environ, start_response))
        return started["status"], started["headers"], content

    _status, headers, page = call("GET")
    cookie = next(v.split(";")[0].split("=", 1)[1] for k, v in headers if k == "Set-Cookie").encode()
    token = _match(_TOKEN, page)
    rng = random.Random(7)

    def form() -> None:
        status, _headers, _page = call("GET", cookie=cookie)
        if not status.startswith("200"):
            raise RuntimeError(f"the form failed: {status}")

    def lookup() -> None:
        body = urlencode({"csrfmiddlewaretoken": token, "number": rng.choice(numbers), "code": CODE}).encode()
        status, _headers, content = call("POST", body, cookie)
        if not status.startswith("200") or FOUND not in content:
            raise RuntimeError(f"the lookup failed: {status}")

    queries: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        lookup()
    if profile:
        _profile(lookup)
        return
    for name, run in (("empty form (GET)", form), ("status lookup (POST)", lookup)):
        cpu, wall = _rounds(run)
        print(
            f"  in-process, one thread   {name:<22} {cpu:6.2f} ms CPU   {wall:6.2f} ms wall   (median of 7 × 200)",
            flush=True,
        )
    print(f"  queries per lookup: {len(queries)}", flush=True)


def _profile(lookup: Callable[[], None], requests: int = 500) -> None:
    import cProfile
    import pstats

    for _ in range(20):
        lookup()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        lookup()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)
    print(out.getvalue(), flush=True)


def _rounds(run: Callable[[], None], rounds: int = 7, requests: int = 200) -> tuple[float, float]:
    for _ in range(20):
        run()
    cpu: list[float] = []
    wall: list[float] = []
    for _ in range(rounds):
        cpu_start, wall_start = time.thread_time(), time.perf_counter()
        for _ in range(requests):
            run()
        cpu.append((time.thread_time() - cpu_start) / requests * 1000)
        wall.append((time.perf_counter() - wall_start) / requests * 1000)
    return statistics.median(cpu), statistics.median(wall)


def _match(pattern: re.Pattern[bytes], data: bytes) -> str:
    found = pattern.search(data)
    if found is None:
        raise RuntimeError(f"not found in the response: {pattern.pattern!r}")
    return found.group(1).decode()


# --- 2. over HTTP --------------------------------------------------------------------------------------------


class _Connection:
    """One keep-alive HTTP/1.1 connection: enough of the protocol for gunicorn's Content-Length responses."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, data: bytes) -> tuple[int, bytes, bytes]:
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            self.writer.write(data)
            head = await self.reader.readuntil(b"\r\n\r\n")
            length = _LENGTH.search(head)
            if length is None:
                raise ConnectionError("response without Content-Length")
            body = await self.reader.readexactly(int(length.group(1)))
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            self.close()
            raise
        if b"\r\nconnection: close" in head.lower():
            self.close()
        return int(head[9:12]), head, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass
class _Tally:
    latencies: list[float]
    failed: int = 0
    client_medians: list[float] = field(default_factory=list)


def _get(port: int, cookie: str) -> bytes:
    return (
        f"GET /status/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: csrftoken={cookie}\r\n"
        "Accept-Language: zh-CN,zh;q=0.9\r\n\r\n"
    ).encode()


def _post(port: int, cookie: str, token: str, number: str) -> bytes:
    body = urlencode({"csrfmiddlewaretoken": token, "number": number, "code": CODE}).encode()
    head = (
        f"POST /status/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: csrftoken={cookie}\r\n"
        "Accept-Language: zh-CN,zh;q=0.9\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Referer: http://127.0.0.1:{port}/status/\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def _client(
    port: int, numbers: list[str], until: float, tally: _Tally, lookup: bool, seed: int
) -> None:
    rng = random.Random(seed)
    connection = _Connection(port)
    _status, head, page = await connection.request(
        f"GET /status/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
    )
    cookie, token = _match(_COOKIE, head), _match(_TOKEN, page)
    form = _get(port, cookie)
    mine: list[float] = []
    while time.perf_counter() < until:
        started = time.perf_counter()
        try:
            if lookup:
                status, _head, page = await connection.request(
                    _post(port, cookie, token, rng.choice(numbers))
                )
                ok = status == 200 and FOUND in page
            else:
                status, _head, _page = await connection.request(form)
                ok = status == 200
        except (OSError, ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            ok = False
        mine.append(time.perf_counter() - started)
        tally.failed += not ok
    connection.close()
    tally.latencies += mine
    if mine:
        tally.client_medians.append(statistics.median(mine))


def _server_cpu_seconds(master: int) -> tuple[float, set[int]]:
    """User + system CPU time of gunicorn so far (from /proc), and its live worker processes.

    A worker recycled by `max_requests` takes its CPU time with it when it exits, so the master's count of its
    reaped children's time (cutime + cstime) is added to the live processes' own time.
    """
    workers: set[int] = set()
    children = Path(f"/proc/{master}/task/{master}/children")
    if children.exists():
        workers = {int(pid) for pid in children.read_text().split()}
    ticks = 0
    for pid in (master, *workers):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
        if pid == master:
            ticks += int(fields[13]) + int(fields[14])  # cutime, cstime of reaped workers
    return ticks / os.sysconf("SC_CLK_TCK"), workers


def _measure(port: int, master: int, numbers: list[str], clients: int, seconds: float, lookup: bool) -> str:
    tally = _Tally(latencies=[])
    load = os.getloadavg()[0]
    server_cpu, workers = _server_cpu_seconds(master)
    client_cpu = time.process_time()

    async def run() -> None:
        until = time.perf_counter() + seconds
        await asyncio.gather(*(_client(port, numbers, until, tally, lookup, seed) for seed in range(clients)))

    started = time.perf_counter()
    asyncio.run(run())
    elapsed = time.perf_counter() - started
    server_cpu_after, workers_after = _server_cpu_seconds(master)
    server_cpu, client_cpu = server_cpu_after - server_cpu, time.process_time() - client_cpu
    recycled = len(workers - workers_after)
    ordered = sorted(tally.latencies)
    if not ordered:
        return f"no request finished in {seconds:.0f} s"
    count = len(ordered)
    p99 = ordered[max(int(count * 0.99) - 1, 0)]
    medians = sorted(tally.client_medians or [0.0])
    return (
        f"{count / elapsed:7.1f} req/s   p50 {statistics.median(ordered) * 1000:6.1f} ms   "
        f"p99 {p99 * 1000:6.1f} ms   ({count:,} requests, {tally.failed} failed; CPU per request: "
        f"server {server_cpu / count * 1000:.2f} ms, clients {client_cpu / count * 1000:.2f} ms; "
        f"load {load:.1f} → {os.getloadavg()[0]:.1f}; one client's median {medians[0] * 1000:.0f}–"
        f"{medians[-1] * 1000:.0f} ms"
        + (f"; {recycled} process(es) recycled by max_requests" if recycled else "")
        + ")"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _over_http(backend: str, numbers: list[str], args: argparse.Namespace) -> None:
    from gongkai.web import gunicorn_config

    workers = args.workers or gunicorn_config.workers
    threads = args.threads or gunicorn_config.threads
    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "-c", "python:gongkai.web.gunicorn_config", "gongkai.web.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads)]
    command += args.gunicorn_option
    server = subprocess.Popen([*command, "--log-level", "warning"], env=_env(backend), cwd=REPO)
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.3)
        # Unmeasured: every process opens its database connection and compiles the templates once.
        _measure(port, server.pid, numbers, args.clients, 3, lookup=True)
        print(
            f"  gunicorn {workers} processes × {threads} threads, {args.clients} clients, {args.seconds:.0f} s each",
            flush=True,
        )
        form = _measure(port, server.pid, numbers, args.clients, args.seconds, lookup=False)
        print(f"  baseline: empty form (GET)        {form}", flush=True)
        lookups = _measure(port, server.pid, numbers, args.clients, args.seconds, lookup=True)
        print(f"  status lookup (POST number+code)  {lookups}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _child(backend: str, args: argparse.Namespace) -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if backend == "postgres" and not ensure_postgres_database(POSTGRES_DB):
        return
    numbers = _build(backend, args.cases)
    print(
        f"{backend}: {len(numbers):,} cases, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    _in_process(numbers, profile=args.profile)
    if not args.profile:
        _over_http(backend, numbers, args)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument(
        "--profile", action="store_true", help="profile in-process lookups, skip the HTTP run"
    )
    parser.add_argument("--workers", type=int, default=0, help="gunicorn processes (default: the config's)")
    parser.add_argument("--threads", type=int, default=0, help="threads per process (default: the config's)")
    parser.add_argument(
        "--gunicorn-option",
        action="append",
        default=[],
        metavar="OPTION",
        help="passed on to gunicorn, e.g. --keep-alive=0",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.backend, args)
        return
    print(
        "Status page, production settings (aim: ≥ 300 lookups/s with p99 ≤ 200 ms, 50 clients, 2 cores)",
        flush=True,
    )
    for backend in ["sqlite", "postgres"] if args.backend == "both" else [args.backend]:
        command = [sys.executable, "-m", "benchmarks.web_status", "--child", "--backend", backend]
        command += [
            "--seconds",
            str(args.seconds),
            "--clients",
            str(args.clients),
            "--cases",
            str(args.cases),
        ]
        command += ["--workers", str(args.workers), "--threads", str(args.threads)]
        command += [f"--gunicorn-option={option}" for option in args.gunicorn_option]
        command += ["--profile"] if args.profile else []
        subprocess.run(command, check=True, cwd=REPO)


if __name__ == "__main__":
    main()
