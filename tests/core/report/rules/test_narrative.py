"""Figures read from the narrative: sentences that must be recognised, and sentences that must not."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.core.report.model import Report, Severity
from gongkai.core.report.rules import validate
from gongkai.core.report.rules.narrative import (
    CARRIED_FORWARD_PATTERNS,
    CARRIED_OVER_PATTERNS,
    LITIGATION_PATTERNS,
    NEW_APPLICATION_PATTERNS,
    RECONSIDERATION_PATTERNS,
    appeal_breakdown_patterns,
    fee_statements,
    is_effectively_empty,
    repetition,
    stated_figures,
)
from tests.core.report.reports import huaian_2024, wuzhong_2021

HUAIAN_APPLICATIONS = huaian_2024().sections["overview"][2]


def figures(text: str, patterns: tuple[str, ...]) -> list[int]:
    return [f.value for f in stated_figures([text], patterns)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HUAIAN_APPLICATIONS, [3119]),
        ("2021 年全年收到政府信息公开申请 0 件。", [0]),
        ("本年度共收到政府信息公开申请12件，办结12件。", [12]),
        ("本年度新收政府信息公开申请数量为 7 件。", [7]),
        ("全年受理依申请公开申请共计２５件。", [25]),
        ("2023年，我局共收到 9 件政府信息公开申请。", [9]),
        # Not about this year's information-disclosure applications:
        ("全年办理人大代表建议 20 件、政协提案 15 件。", []),
        ("收到行政复议申请 3 件。", []),
        ("全年受理政务服务事项申请 120000 件。", []),
        ("上年收到政府信息公开申请 100 件。", []),
        ("全年收到政府信息公开申请近 300 件。", []),
        ("全年收到政府信息公开申请 300 余件。", []),
        ("全年收到政府信息公开申请 300 件以上。", []),
        ("组织召开新闻发布会 12 场，新增公开市政府规章 1 件、政策性文件 11 件。", []),
        ("收到政府信息公开申请 3.5 件。", []),
    ],
)
def test_new_applications(text: str, expected: list[int]) -> None:
    assert figures(text, NEW_APPLICATION_PATTERNS) == expected


@pytest.mark.parametrize(
    ("text", "carried_over", "carried_forward"),
    [
        (HUAIAN_APPLICATIONS, [34], [103]),
        ("上年结转政府信息公开申请 2 件，结转下年度继续办理 5 件。", [2], [5]),
        ("其中 4 件为上年结转，另有 6 件结转至下一年度办理。", [4], [6]),
        ("答复 3050 件（含上年度结转申请 34 件）。", [34], []),
        ("上年度结转的行政复议案件 3 件。", [], []),
        ("共办理结转事项 8 件。", [], []),
    ],
)
def test_carried_over_and_forward(text: str, carried_over: list[int], carried_forward: list[int]) -> None:
    assert figures(text, CARRIED_OVER_PATTERNS) == carried_over
    assert figures(text, CARRIED_FORWARD_PATTERNS) == carried_forward


@pytest.mark.parametrize(
    ("text", "reconsideration", "litigation"),
    [
        (HUAIAN_APPLICATIONS, [351], [46]),
        ("本年度发生政府信息公开行政复议 2 件、行政诉讼 1 件。", [2], [1]),
        ("因政府信息公开被申请行政复议 3 起。", [3], []),
        # A joint figure is neither.
        ("发生政府信息公开行政复议和行政诉讼共 3 件。", [], []),
        # Reconsideration in general, not about information disclosure.
        ("全年办理行政复议案件 150 件，行政诉讼应诉 80 件。", [], []),
        ("未发生政府信息公开行政复议、行政诉讼情况。", [], []),
    ],
)
def test_reconsideration_and_litigation(text: str, reconsideration: list[int], litigation: list[int]) -> None:
    assert figures(text, RECONSIDERATION_PATTERNS) == reconsideration
    assert figures(text, LITIGATION_PATTERNS) == litigation


@pytest.mark.parametrize(
    ("kind", "column", "expected"),
    [
        ("reconsideration", "upheld", [72]),
        ("reconsideration", "corrected", [64]),
        ("reconsideration", "other", [178]),
        ("reconsideration", "pending", [37]),
        ("litigation", "upheld", [25]),
        ("litigation", "corrected", [5]),
        ("litigation", "other", [9]),
        ("litigation", "pending", [7]),
    ],
)
def test_huaian_breakdowns(kind: str, column: str, expected: list[int]) -> None:
    assert figures(HUAIAN_APPLICATIONS, appeal_breakdown_patterns(kind, column)) == expected


def test_a_breakdown_after_the_other_kind_is_not_taken_for_this_one() -> None:
    text = "政府信息公开行政复议 3 件，行政诉讼 2 件，其中结果维持 1 件。"
    assert figures(text, appeal_breakdown_patterns("reconsideration", "upheld")) == []
    assert figures(text, appeal_breakdown_patterns("litigation", "upheld")) == [1]


def test_quotes_keep_the_clerks_punctuation() -> None:
    (figure,) = stated_figures([HUAIAN_APPLICATIONS], appeal_breakdown_patterns("reconsideration", "upheld"))
    assert figure.quote == "政府信息公开行政复议 351件，其中结果维持 72 件"


def _with_overview(report: Report, *paragraphs: str) -> Report:
    return Report(
        template=report.template,
        agency=report.agency,
        year=report.year,
        cells=report.cells,
        sections={**report.sections, "overview": paragraphs},
        sources=report.sources,
    )


def test_a_stated_figure_that_disagrees_is_an_error_naming_the_cells() -> None:
    report = _with_overview(huaian_2024(), "2024 年，全市共受理政府信息公开申请 3120 件。")
    (finding,) = validate(report)
    assert finding.code == "narrative.figure"
    assert finding.severity is Severity.ERROR
    assert finding.cells == ("t3.new.total",)
    assert (finding.expected, finding.actual) == (3119, 3120)
    assert finding.message == (
        "“一、总体情况”写明“全市共受理政府信息公开申请 3120 件”（3120），"
        "与表三“一、本年新收政府信息公开申请数量”行“总计”列（3119）不一致。"
    )
    assert [s.page for s in finding.sources] == [1, 4]


def test_litigation_is_compared_with_both_litigation_groups() -> None:
    report = _with_overview(huaian_2024(), "政府信息公开行政诉讼 26 件，其中结果维持 13 件。")
    findings = validate(report)
    assert [(f.cells, f.expected, f.actual) for f in findings] == [
        (("t4.litigation_direct.total", "t4.litigation_after.total"), 46, 26),
        (("t4.litigation_direct.upheld", "t4.litigation_after.upheld"), 25, 13),
    ]


def test_received_may_count_last_years_applications_too() -> None:
    # 3119 new + 34 carried over: the wording 共收到 can mean either.
    report = _with_overview(huaian_2024(), "全年共收到政府信息公开申请 3153 件。")
    assert validate(report) == ()


def test_figures_in_section_five_are_not_compared() -> None:
    report = huaian_2024()
    report = Report(
        template="2021",
        agency=report.agency,
        year=2024,
        cells=report.cells,
        sections={**report.sections, "problems": ("去年全市共受理政府信息公开申请 2000 件，增幅较大。",)},
    )
    assert validate(report) == ()


def test_wuzhong_zero_applications_match_the_zero_table() -> None:
    report = wuzhong_2021()
    assert figures(report.sections["overview"][2], NEW_APPLICATION_PATTERNS) == [0]
    wrong = report.with_cells(t3__new__natural=1, t3__new__total=1, t3__total__natural=1, t3__total__total=1)
    wrong = wrong.with_cells(t3__granted__natural=1, t3__granted__total=1)
    findings = [f for f in validate(wrong) if f.code == "narrative.figure"]
    assert [(f.expected, f.actual) for f in findings] == [(1, 0)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (huaian_2024().sections["other"][0], [(Decimal("3940"), "元")]),
        ("本年度收取信息处理费 0.5 万元。", [(Decimal("0.5"), "万元")]),
        ("本年度未收取信息处理费。", []),
        ("本年度收取行政事业性收费 12 元。", []),
    ],
)
def test_fee_statements(text: str, expected: list[tuple[Decimal, str]]) -> None:
    assert [(s.amount, s.unit) for s in fee_statements([text])] == expected


@pytest.mark.parametrize(
    ("paragraphs", "empty"),
    [
        ((), True),
        (("无。",), True),
        (("无",), True),
        (("暂无。",), True),
        (("（无）",), True),
        (("无问题",), False),
    ],
)
def test_effectively_empty(paragraphs: tuple[str, ...], empty: bool) -> None:
    assert is_effectively_empty(paragraphs) is empty


def test_repetition_ignores_changed_figures_and_short_paragraphs() -> None:
    last = huaian_2024().sections["overview"]
    this = tuple(p.replace("2024", "2025").replace("3119", "2890") for p in last)
    found = repetition(this, (*last, "无。"), similarity=0.8, min_chars=20)
    assert (found.repeated_paragraphs, found.total_paragraphs) == (6, 6)
    assert found.share == 1.0
    fresh = repetition(wuzhong_2021().sections["overview"], last, similarity=0.8, min_chars=20)
    assert fresh.repeated_paragraphs == 0
