"""200 simultaneous online applications through a real HTTP server (gunicorn, several workers and threads):
200 cases, 200 distinct tracking numbers, nothing lost — on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.db import connection

from gongkai.web.applications.models import Application
from tests.web.conftest import Tree, png_bytes

pytestmark = pytest.mark.slow

CLIENTS = 200
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def database_url() -> str:
    config = connection.settings_dict
    if config["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(config['NAME']).resolve()}"
    user = config.get("USER") or "postgres"
    host = config.get("HOST") or "127.0.0.1"
    port = config.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{config['NAME']}"


@pytest.fixture
def server(transactional_db: None, tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.web.settings.test",
        "DATABASE_URL": database_url(),
        "GONGKAI_RATE_APPLY": "off",
        "GONGKAI_RATE_APPLY_ATTEMPT": "off",
        "GONGKAI_TEST_MEDIA": str(tmp_path / "files"),
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "gongkai.web.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "3",
            "--worker-class",
            "gthread",
            "--threads",
            "8",
            "--backlog",
            "512",
            "--keep-alive",
            "120",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"gunicorn did not start: {output}")
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


async def _apply(client: httpx.AsyncClient, url: str, index: int, proof: bytes) -> int:
    form = await client.get(url)
    token = _TOKEN.search(form.text)
    assert token is not None
    data = {
        "csrfmiddlewaretoken": token.group(1),
        "applicant_kind": "natural",
        "name": f"申请人{index}",
        "id_type": "passport",
        "id_number": f"E{index:08d}",
        "phone": f"139{index:08d}",
        "address": "宁夏吴忠市",
        "description": f"第{index}号申请：某项目的审批文件",
        "requested_form": "electronic",
        "delivery": "post",
    }
    response = await client.post(
        url, data=data, files={"id_proof": ("id.png", proof, "image/png")}, headers={"Referer": url}
    )
    return response.status_code


async def _fire(base: str) -> list[int | BaseException]:
    url = f"{base}/apply/WZSP/"
    proof = png_bytes()
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    clients = [httpx.AsyncClient(timeout=120, limits=limits) for _ in range(CLIENTS)]
    try:
        return await asyncio.gather(
            *(_apply(client, url, i, proof) for i, client in enumerate(clients)), return_exceptions=True
        )
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))


def test_200_simultaneous_applications_get_200_distinct_numbers(tree: Tree, server: str) -> None:
    outcomes: Any = asyncio.run(_fire(server))
    assert outcomes == [302] * CLIENTS
    numbers = list(Application.objects.values_list("number", flat=True))
    assert len(numbers) == CLIENTS
    assert len(set(numbers)) == CLIENTS
    seqs = sorted(Application.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, CLIENTS + 1))
    names = set(Application.objects.values_list("applicant__name", flat=True))
    assert names == {f"申请人{i}" for i in range(CLIENTS)}
