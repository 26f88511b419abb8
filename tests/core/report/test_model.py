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


def test_agency_names_compare_without_spaces_and_width() -> None:
    from gongkai.core.report.model import agency_key, agency_name

    assert agency_name(" 吴忠市 自然资源局\n") == "吴忠市自然资源局"
    assert agency_key(" 吴忠市　自然资源局 ") == agency_key("吴忠市自然资源局")
    assert agency_key("吴忠市教育局（本级）") == agency_key("吴忠市教育局(本级)")
    assert agency_key("吴忠市教育局") != agency_key("吴忠市民政局")


def test_a_year_a_published_report_can_be_for() -> None:
    import datetime as dt

    from gongkai.core.report.model import year_problem

    today = dt.date(2026, 11, 28)
    assert year_problem(2025, today=today) is None
    assert year_problem(2008, today=today) is None
    assert "尚未结束" in (year_problem(2026, today=today) or "")
    assert "尚未结束" in (year_problem(2030, today=today) or "")
    assert "早于《政府信息公开条例》施行" in (year_problem(2007, today=today) or "")


def test_only_possible_values_are_summable() -> None:
    from gongkai.core.report.model import MAX_CELL_VALUE, summable

    assert [summable(v) for v in (0, 5, MAX_CELL_VALUE, Decimal("0.5"))] == [True] * 4
    assert [summable(v) for v in (None, -1, MAX_CELL_VALUE + 1, Decimal("-0.1"), 10**30)] == [False] * 5
