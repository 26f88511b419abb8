"""gunicorn settings for production: `gunicorn -c python:gongkai.web.gunicorn_config gongkai.web.wsgi`.

A page is CPU-bound Python (templates, ORM) with short database waits, and one Python process runs Python on
one core at a time (the GIL). So: one process per core plus one, to keep the cores busy while a process waits on
the database or the network, and a few threads per process to overlap those waits — more threads only queue
behind the GIL and make latency less even. On 2 cores that is 3 processes × 4 threads (12 requests in progress;
others wait in the listen queue, oldest first). Measured with `python -m benchmarks.web_status`.

Environment: GONGKAI_BIND (default 127.0.0.1:8000; put a reverse proxy with TLS in front), WEB_CONCURRENCY
(processes), GONGKAI_THREADS (threads per process). Command-line options override all of these.
"""

from __future__ import annotations

import os

__all__ = [
    "backlog",
    "bind",
    "keepalive",
    "max_requests",
    "max_requests_jitter",
    "threads",
    "worker_class",
    "workers",
]

bind = [os.environ.get("GONGKAI_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY") or (os.cpu_count() or 1) + 1)
worker_class = "gthread"
threads = int(os.environ.get("GONGKAI_THREADS", "4"))
# Browsers reuse a connection for the page's next request; 5 s is enough for that without holding idle sockets.
keepalive = 5
backlog = 2048
# Import Django and the apps once in the master: every process starts ready (and shares that memory), instead of
# each one importing everything while the first requests wait. No database connection is opened at import.
preload_app = True
# Recycle a process now and then (staggered) so a slow leak in any library cannot grow without bound.
max_requests = 20000
max_requests_jitter = 2000
