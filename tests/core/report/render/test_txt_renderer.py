from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings

from gongkai.core.report.io import parse_bytes, render
from gongkai.core.report.model import Finding, Report, Severity
from gongkai.core.report.parse import txt_reader
from gongkai.core.report.render.txt_renderer import render_text
from tests.core.report.reports import huaian_2024, wuzhong_2021
from tests.core.report.strategies import consistent_reports, reports


@pytest.mark.parametrize("report", [wuzhong_2021(), huaian_2024()], ids=["wuzhong", "huaian"])
def test_real_reports_read_back_exactly(report: Report) -> None:
    result = parse_bytes(render(report, "txt"), name="report.txt")
    assert result.report == report
    assert result.findings == ()


@settings(max_examples=150, deadline=None)
@given(reports())
def test_any_report_reads_back_exactly(report: Report) -> None:
    result = txt_reader.read(render(report, "txt"))
    assert result.report == report
    assert not [f for f in result.findings if f.severity == Severity.ERROR]


@settings(max_examples=30, deadline=None)
@given(consistent_reports())
def test_consistent_reports_read_back_exactly(report: Report) -> None:
    assert txt_reader.read(render(report, "txt")).report == report


def test_layout_title_headings_official_labels_and_blank_cells() -> None:
    report = wuzhong_2021().with_cells(t2__fees__amount=Decimal("1.2500"))
    text = render_text(report)
    lines = text.splitlines()
    assert lines[0] == "吴忠市审批服务管理局2021年政府信息公开工作年度报告"
    for heading in ("一、总体情况", "四、政府信息公开行政复议、行政诉讼情况", "六、其他需要报告的事项"):
        assert heading in lines
    assert "　　无。" in lines
    assert "行政事业性收费\t1.2500" in lines
    assert "三、本年度办理结果\t（三）不予公开\t3.危及“三安全一稳定”\t0\t0\t0\t0\t0\t0\t0" in lines
    assert "行政复议\t\t\t\t\t\t" in lines  # five blank cells, never 0


def test_findings_are_listed_after_the_report_and_not_read_back() -> None:
    finding = Finding(code="cell.blank", severity=Severity.ERROR, message="表四“行政复议”未填写。")
    data = render(wuzhong_2021(), "txt", findings=[finding])
    assert "[error] cell.blank：表四“行政复议”未填写。" in data.decode("utf-8")
    assert txt_reader.read(data).report == wuzhong_2021()


@pytest.mark.parametrize(
    "agency",
    [
        "第3号机关",
        "吴忠市审批服务管理局（吴忠市政务服务中心）",
        "中共某某县委办公室、某某县人民政府办公室",
        "",
    ],
)
def test_agency_names_with_digits_brackets_and_commas_read_back(agency: str) -> None:
    report = replace(wuzhong_2021(), agency=agency)
    assert txt_reader.read(render(report, "txt")).report.agency == agency


def test_amounts_are_written_without_exponents() -> None:
    report = huaian_2024().with_cells(t2__fees__amount=Decimal("1E+3"))
    assert "行政事业性收费\t1000" in render_text(report)
    assert txt_reader.read(render(report, "txt")).report["t2.fees.amount"] == Decimal(1000)
