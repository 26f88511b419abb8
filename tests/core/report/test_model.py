from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from gongkai.core.errors import ReportValueError
from gongkai.core.report.model import Report


def test_a_blank_report_has_every_cell_and_all_are_none() -> None:
    report = Report.blank("2021", agency="吴忠市审批服务管理局", year=2021)
    assert len(report.cells) == 200
    assert set(report.cells.values()) == {None}
    assert report.title == "吴忠市审批服务管理局2021年政府信息公开工作年度报告"


def test_counts_are_ints_and_the_fee_amount_a_decimal() -> None:
    report = Report.blank("2021", agency="a", year=2024).with_cells(
        t3__new__total=Decimal("3119"), t2__fees__amount=96171
    )
    assert report["t3.new.total"] == 3119
    assert isinstance(report["t3.new.total"], int)
    assert report["t2.fees.amount"] == Decimal("96171")


@pytest.mark.parametrize(
    ("cell", "value"),
    [("t3.new.total", "3"), ("t3.new.total", 1.5), ("t3.new.total", True), ("t2.fees.amount", 0.1)],
)
def test_wrong_values_are_refused_with_the_cell_named(cell: str, value: Any) -> None:
    # `value` is Any on purpose: the values lie outside CellValue, and the run-time refusal is under test.
    with pytest.raises(ReportValueError, match=cell):
        Report.blank("2021", agency="a", year=2024).with_cells(**{cell.replace(".", "__"): value})


def test_unknown_cells_and_impossible_years_are_refused() -> None:
    with pytest.raises(ReportValueError, match="t3.other.total"):
        Report(template="2021", agency="a", year=2021, cells={"t3.other.total": 1})
    with pytest.raises(ReportValueError, match="年份"):
        Report(template="2021", agency="a", year=20211, cells={})


def test_sources_do_not_take_part_in_equality() -> None:
    from gongkai.core.report.model import SourceRef

    a = Report.blank("2021", agency="a", year=2021)
    b = Report(template="2021", agency="a", year=2021, cells={}, sources={"t3.new.total": SourceRef(page=4)})
    assert a == b
