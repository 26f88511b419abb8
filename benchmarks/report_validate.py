"""Validation throughput: `validate` on 1 000 generated reports, against a bare loop summing their cells.

    .venv/bin/python -m benchmarks.report_validate

The reports are consistent 2021- and 2019-format reports (every identity true, a narrative stating their
figures), with one cell in ten broken, so that findings are built too. Figures are reports per second on one
core, the best of three runs.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from decimal import Decimal

from gongkai.core.report.model import CellValue, Report
from gongkai.core.report.rules import validate
from gongkai.core.report.templates import TEMPLATES, get_template

__all__ = ["generate_reports", "main"]

REPORTS = 1000
RUNS = 3


def generate_reports(count: int, *, seed: int = 2024) -> list[Report]:
    rng = random.Random(seed)
    reports = []
    for index in range(count):
        template = get_template(sorted(TEMPLATES)[index % len(TEMPLATES)])
        cells: dict[str, CellValue] = {}
        for cell in template.table("t2").cells():
            cells[cell.id] = (
                Decimal(rng.randint(0, 10**6)) / 100 if cell.kind == "amount" else rng.randint(0, 500)
            )
        (t3,) = template.table("t3").blocks
        applicants = [c.id for c in t3.columns if c.id != "total"]
        for column in applicants:
            outcomes = {row: rng.randint(0, 40) for row in template.outcome_rows}
            total = sum(outcomes.values())
            forward = rng.randint(0, 20)
            over = rng.randint(0, total + forward)
            cells |= {f"t3.{row}.{column}": v for row, v in outcomes.items()}
            cells |= {
                f"t3.total.{column}": total,
                f"t3.carried_forward.{column}": forward,
                f"t3.carried_over.{column}": over,
                f"t3.new.{column}": total + forward - over,
            }
        for row in t3.rows:
            cells[f"t3.{row.id}.total"] = sum(_int(cells[f"t3.{row.id}.{c}"]) for c in applicants)
        for group in template.table("t4").blocks[0].rows:
            parts = {c: rng.randint(0, 9) for c in ("upheld", "corrected", "other", "pending")}
            cells |= {f"t4.{group.id}.{c}": v for c, v in parts.items()}
            cells[f"t4.{group.id}.total"] = sum(parts.values())
        if index % 10 == 0:
            broken = rng.choice(template.cell_ids)
            cells[broken] = None if index % 20 == 0 else 999
        overview = (
            "本年度，我单位认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开工作。",
            f"全年共收到政府信息公开申请 {cells['t3.new.total']} 件，上年结转 {cells['t3.carried_over.total']} 件，"
            f"结转下年度继续办理 {cells['t3.carried_forward.total']} 件。政府信息公开行政复议 "
            f"{cells['t4.reconsideration.total']} 件，其中结果维持 {cells['t4.reconsideration.upheld']} 件。",
        )
        reports.append(
            Report(
                template=template.id,
                agency=f"第{index}号机关",
                year=2019 + index % 10,
                cells=cells,
                sections={"overview": overview, "problems": ("政策解读质量仍需提升。",), "other": ("无。",)},
            )
        )
    return reports


def _int(value: CellValue) -> int:
    assert isinstance(value, int)
    return value


def _bare_sum(report: Report) -> int | Decimal:
    total: int | Decimal = 0
    for value in report.cells.values():
        if value is not None:
            total += value
    return total


def _rate(work: Callable[[Report], object], reports: Sequence[Report]) -> float:
    best = float("inf")
    for _ in range(RUNS):
        start = time.perf_counter()
        for report in reports:
            work(report)
        best = min(best, time.perf_counter() - start)
    return len(reports) / best


def main() -> None:
    reports = generate_reports(REPORTS)
    # Each report against the one generated before it (the year before; every other one in the other format).
    previous_of = dict(zip(map(id, reports[1:]), reports, strict=False))
    validate(reports[0])  # builds and caches the rules of each template outside the timing
    validate(reports[1])
    baseline = _rate(_bare_sum, reports)
    alone = _rate(validate, reports)
    cross = _rate(lambda r: validate(r, previous=previous_of.get(id(r))), reports)
    findings = sum(len(validate(r)) for r in reports)
    print(f"validate, {REPORTS} generated reports (2021 and 2019 formats), best of {RUNS} runs, one core")
    print(f"  baseline: bare loop summing every cell  {baseline:>12,.0f} reports/s")
    print(
        f"  validate(report)                        {alone:>12,.0f} reports/s  ({baseline / alone:,.0f}× baseline)"
    )
    print(f"  validate(report, previous=…)            {cross:>12,.0f} reports/s")
    print(f"  findings over the {REPORTS} reports: {findings}")


if __name__ == "__main__":
    main()
