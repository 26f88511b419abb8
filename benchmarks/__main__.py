"""Run the benchmarks: `python -m benchmarks [NAME …]` (all of them when no name is given; `make bench`).

Each benchmark is a module of this package with a `main()` that prints its figures beside the baseline it is
compared with in the same run; each runs in its own process so one's memory and caches do not colour the next.
"""

from __future__ import annotations

import subprocess
import sys
import time

BENCHMARKS: tuple[str, ...] = (
    "report_parse",
    "pdf_parse",
    "report_validate",
    "deadlines",
    "web_table3",
    "web_status",
    "web_catalogue_search",
    "web_catalogue_export",
    "web_supervision_aggregate",
)


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    status = 0
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", f"benchmarks.{name}"], check=False)
        print(f"--- {name}: {time.perf_counter() - started:.0f} s, exit {result.returncode}", flush=True)
        status = status or result.returncode
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
