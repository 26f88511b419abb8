"""PDF throughput: reading the Huai'an report (six pages), and rendering + reading generated reports.

    .venv/bin/python -m benchmarks.pdf_parse

Figures are reports per second of this process's CPU time (one core; CPU time, so that other work on a shared
machine does not skew them), the best of three runs. The baseline is what a
plain pdfplumber reader costs for the same file before doing anything with it: pdfminer parsing every page's
characters and pdfplumber looking for tables. The reader gets its characters and ruling lines from PDFium instead
and only reuses pdfplumber's cell-finding algorithm.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

from benchmarks.report_validate import generate_reports
from gongkai.core.report.parse.pdf_reader import extract_blocks, read
from gongkai.core.report.render.pdf_renderer import render

__all__ = ["main"]

HUAIAN = (
    Path(__file__).resolve().parent.parent
    / "tests"
    / "fixtures"
    / "corpus"
    / "huaian-city-government-2024.pdf"
)
RUNS = 3


def _rate(work: Callable[[], object], count: int) -> float:
    best = float("inf")
    for _ in range(RUNS):
        started = time.process_time()
        for _ in range(count):
            work()
        best = min(best, time.process_time() - started)
    return count / best


def _pdfplumber_baseline(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            _ = page.chars
            page.find_tables()


def main() -> None:
    data = HUAIAN.read_bytes()
    read(data)  # warm up: imports, fonts
    print(f"Huai'an 2024 ({len(data) // 1024} KB, 6 pages), reports/s on one core, best of {RUNS}:")
    print(f"  read (blocks + assemble)      {_rate(lambda: read(data), 20):7.1f}")
    print(f"  extract_blocks only           {_rate(lambda: extract_blocks(data), 20):7.1f}")
    print(f"  baseline: pdfplumber chars + find_tables  {_rate(lambda: _pdfplumber_baseline(data), 3):7.1f}")

    reports = generate_reports(20)
    pdfs = [render(r) for r in reports]
    print("20 generated reports (both templates), reports/s:")
    print(f"  render                        {_rate(lambda: [render(r) for r in reports], 1) * 20:7.1f}")
    print(f"  read                          {_rate(lambda: [read(p) for p in pdfs], 1) * 20:7.1f}")


if __name__ == "__main__":
    main()
