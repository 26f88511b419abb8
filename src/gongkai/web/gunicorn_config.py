"""gunicorn settings for production: `gunicorn -c python:gongkai.web.gunicorn_config gongkai.web.wsgi`.

A page is CPU-bound Python (templates, ORM) with short database waits, and a Python process runs Python on one
core at a time (the GIL). So one process per core, and two threads per process so that one can run while the
other waits on the database or the network. More threads only queue behind the GIL (each switch costs CPU and
makes latency less even); more processes than cores only share the same cores. On 2 cores: 2 processes × 2
threads. Measured with `python -m benchmarks.web_status` (which can override both).

Put a reverse proxy (TLS) in front: it keeps the browsers' idle keep-alive connections, and each request reaches
whichever process is free. Clients connecting directly keep their connection with the process that accepted it,
so an unlucky share of connections makes one process's queue longer than the other's.

Environment: GONGKAI_BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (processes), GONGKAI_THREADS (threads per
process). Command-line options override all of these.
"""

from __future__ import annotations

import os

__all__ = [
    "backlog",
    "bind",
    "keepalive",
    "max_requests",
    "max_requests_jitter",
    "preload_app",
    "threads",
    "worker_class",
    "workers",
]

bind = [os.environ.get("GONGKAI_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY") or max(2, os.cpu_count() or 1))
worker_class = "gthread"
threads = int(os.environ.get("GONGKAI_THREADS", "2"))
# Browsers reuse a connection for the page's next request; 5 s is enough for that without holding idle sockets.
keepalive = 5
backlog = 2048
# Import Django and the apps once in the master: every process starts ready (and shares that memory), instead of
# each one importing everything while the first requests wait. No database connection is opened at import.
preload_app = True
# Recycle a process now and then (staggered) so a slow leak in any library cannot grow without bound.
max_requests = 20000
max_requests_jitter = 2000
