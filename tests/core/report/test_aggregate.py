"""Summing reports over a subtree: exact sums, blanks counted rather than taken for 0, identities kept."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.errors import ReportValueError
from gongkai.core.report.aggregate import aggregate, from_sums
from gongkai.core.report.model import Report, summable
from gongkai.core.report.rules import validate
from gongkai.core.report.templates import get_template
from tests.core.report.strategies import consistent_reports, reports

SPEC = get_template("2021")


def _with_year(report: Report, year: int) -> Report:
    return Report(template=report.template, agency=report.agency, year=year, cells=report.cells)


@settings(max_examples=40, deadline=None)
@given(parts=st.lists(reports("2021"), max_size=6))
def test_each_cell_is_the_sum_of_the_values_given_and_blanks_are_counted(parts: list[Report]) -> None:
    parts = [_with_year(p, 2025) for p in parts]
    total = aggregate(parts, agency="吴忠市人民政府（汇总）", year=2025)
    assert total.count == len(parts)
    for cell in SPEC.cell_ids:
        # An impossible value (negative, beyond the bound) is left out like a blank.
        given_values = [p.cells[cell] for p in parts if summable(p.cells[cell])]
        assert total.blanks[cell] == len(parts) - len(given_values)
        if given_values:
            assert total.report.cells[cell] == sum(given_values)  # type: ignore[arg-type]
        else:
            assert total.report.cells[cell] is None
    assert total.complete == all(summable(v) for p in parts for v in p.cells.values())


@settings(max_examples=30, deadline=None)
@given(parts=st.lists(consistent_reports("2021"), min_size=1, max_size=5))
def test_the_sum_of_consistent_reports_is_consistent(parts: list[Report]) -> None:
    parts = [_with_year(p, 2024) for p in parts]
    total = aggregate(parts, agency="汇总", year=2024)
    assert total.complete
    assert [f for f in validate(total.report) if f.severity == "error"] == []


def test_amounts_are_summed_exactly() -> None:
    parts = [
        Report.blank("2021", agency=f"局{i}", year=2025).with_cells(t2__fees__amount=Decimal(amount))
        for i, amount in enumerate(["0.1", "0.2", "96171.6", "0.0012"])
    ]
    total = aggregate(parts, agency="汇总", year=2025)
    assert total.report["t2.fees.amount"] == Decimal("96171.9012")
    assert total.blanks["t2.fees.amount"] == 0
    assert total.blanks["t3.new.total"] == 4


def test_a_2019_format_report_adds_its_common_cells_and_counts_as_blank_elsewhere() -> None:
    old = Report.blank("2019", agency="旧格式局", year=2025).with_cells(
        t3__new__total=5, t3__other__total=2, t2__rules__made=1
    )
    new = Report.blank("2021", agency="新格式局", year=2025).with_cells(
        t3__new__total=7, t3__other_other__total=1
    )
    total = aggregate([old, new], agency="汇总", year=2025)
    assert total.report["t3.new.total"] == 12
    assert total.report["t3.other_other.total"] == 1
    assert total.blanks["t3.other_other.total"] == 1
    assert total.report["t2.rules.issued"] is None


def test_no_reports_give_a_blank_total() -> None:
    total = aggregate([], agency="汇总", year=2025)
    assert total.count == 0
    assert all(v is None for v in total.report.cells.values())


def test_a_report_of_another_year_is_refused() -> None:
    with pytest.raises(ReportValueError, match="不能把2024年的报告"):
        aggregate([Report.blank("2021", agency="某局", year=2024)], agency="汇总", year=2025)


def test_from_sums_refuses_impossible_counts() -> None:
    with pytest.raises(ReportValueError):
        from_sums(template="2021", agency="汇总", year=2025, count=1, sums={}, given={"t3.new.total": 2})


def test_impossible_values_are_left_out_and_the_reports_with_errors_are_named() -> None:
    from gongkai.core.report.aggregate import PART_ERRORS, PartErrors, left_out_cells, part_findings

    good = Report.blank("2021", agency="甲局", year=2025).with_cells(t3__new__natural=3)
    bad = Report.blank("2021", agency="乙局", year=2025).with_cells(t3__new__natural=-5)
    total = aggregate([good, bad], agency="汇总", year=2025)
    assert (total.report["t3.new.natural"], total.blanks["t3.new.natural"]) == (3, 1)
    assert left_out_cells(bad.cells) == ("t3.new.natural",)
    [finding] = part_findings([PartErrors("乙局", 2, left_out_cells(bad.cells)), PartErrors("甲局", 0)])
    assert (finding.code, finding.cells) == (PART_ERRORS, ("t3.new.natural",))
    assert finding.message.startswith("乙局的报告有2个错误，其数据已计入汇总")
    assert "表三“一、本年新收政府信息公开申请数量”行“自然人”列" in finding.message
