"""Summing the reports of many agencies into one: a people's government's own figures over its subtree.

    total = aggregate(reports, agency="吴忠市人民政府（汇总）", year=2025)
    total.report      # a Report of the target template, every cell summed
    total.blanks      # cell id → how many reports did not give that cell

Blank cells (None) are "not reported", never 0:
- a cell's sum counts only the reports that gave a value; the sum is None only when no report gave one;
- `blanks[cell]` says how many of the summed reports left the cell blank, or could not have it because their
  template lacks it (a 2019-format report has no `t3.other_no_correction.*`; its `t3.other.*` cells and the
  2019-only cells of table 二 are not part of a 2021 total). A total with blanks behind it is a lower bound, and
  the supervision pages say so next to the cell.
Amount cells (`t2.fees.amount`, 万元) are summed as Decimal, exactly.

A value the rules reject as impossible — negative, or beyond `model.MAX_CELL_VALUE` (`model.summable`) — is left
out like a blank and counted in `blanks`: one misread figure must not move a government's totals. The reports
whose errors bear on a total are named by `part_findings`, so the pages and the downloads say which.

The summed report's own consistency follows from its parts: every identity of the template is linear, so the sum
of consistent reports without blanks is consistent; `validate` on the total shows what the parts' gaps cause.

`from_sums` builds the same value from sums and counts computed elsewhere (the web layer's SQL), so the rule
above lives in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from gongkai.core.errors import ReportValueError
from gongkai.core.report.model import CellValue, Finding, Report, Severity, summable
from gongkai.core.report.rules.naming import cell_name
from gongkai.core.report.templates import get_template

__all__ = [
    "PART_ERRORS",
    "Aggregate",
    "PartErrors",
    "aggregate",
    "from_sums",
    "left_out_cells",
    "part_findings",
]

# The code of the warning on a total that a summed report has error-level findings.
PART_ERRORS = "aggregate.part_errors"


@dataclass(frozen=True)
class Aggregate:
    report: Report
    count: int
    blanks: Mapping[str, int]

    @property
    def complete(self) -> bool:
        """True when every summed report gave every cell (the total is exact, not a lower bound)."""
        return not any(self.blanks.values())


def aggregate(reports: Iterable[Report], *, agency: str, year: int, template: str = "2021") -> Aggregate:
    """The cell-by-cell sum of `reports` (all for `year`) as a report of `template` named `agency`."""
    spec = get_template(template)
    sums: dict[str, int | Decimal] = {}
    given: dict[str, int] = dict.fromkeys(spec.cell_ids, 0)
    count = 0
    for report in reports:
        if report.year != year:
            raise ReportValueError(
                f"不能把{report.year}年的报告（{report.agency}）计入{year}年的汇总。", year=report.year
            )
        count += 1
        for cell_id in spec.cell_ids:
            value = report.cells.get(cell_id)
            if not summable(value):
                continue
            assert value is not None
            given[cell_id] += 1
            sums[cell_id] = sums.get(cell_id, 0) + value
    return from_sums(template=template, agency=agency, year=year, count=count, sums=sums, given=given)


def from_sums(
    *,
    template: str,
    agency: str,
    year: int,
    count: int,
    sums: Mapping[str, CellValue],
    given: Mapping[str, int],
) -> Aggregate:
    """The aggregate from per-cell sums and the number of reports that gave each cell (`given`)."""
    spec = get_template(template)
    cells: dict[str, CellValue] = {}
    blanks: dict[str, int] = {}
    for cell in spec.cells:
        gave = given.get(cell.id, 0)
        if gave < 0 or gave > count:
            raise ReportValueError(f"单元格 {cell.id} 的计数 {gave} 不在 0 到 {count} 之间。", cell=cell.id)
        value = sums.get(cell.id)
        if gave == 0:
            cells[cell.id] = None
        elif cell.kind == "amount":
            cells[cell.id] = Decimal(value or 0)
        else:
            cells[cell.id] = int(value or 0)
        blanks[cell.id] = count - gave
    report = Report(template=template, agency=agency, year=year, cells=cells)
    return Aggregate(report=report, count=count, blanks=blanks)


@dataclass(frozen=True)
class PartErrors:
    """A summed report with error-level findings: who, how many errors, and its cells left out of the sums."""

    agency: str
    errors: int
    left_out: tuple[str, ...] = ()


def left_out_cells(cells: Mapping[str, CellValue]) -> tuple[str, ...]:
    """The cells of a report a sum leaves out although given: values the rules reject as impossible."""
    return tuple(cell for cell, value in cells.items() if value is not None and not summable(value))


def part_findings(parts: Iterable[PartErrors], *, template: str = "2021") -> tuple[Finding, ...]:
    """One warning per summed report with errors: its figures are in the total (the invalid ones excepted, which
    the warning names), so the total is only as good as that report."""
    spec = get_template(template)
    found: list[Finding] = []
    for part in parts:
        if not part.errors:
            continue
        message = f"{part.agency}的报告有{part.errors}个错误，其数据已计入汇总，汇总数可能因此不准确"
        shown = tuple(c for c in part.left_out if spec.has_cell(c))
        if shown:
            names = "、".join(cell_name(template, c) for c in shown)
            message += f"；其中无效的数值（负数或超出合理范围）未计入：{names}"
        found.append(Finding(PART_ERRORS, Severity.WARNING, message + "。", shown, actual=part.errors))
    return tuple(found)
