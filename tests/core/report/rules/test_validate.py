"""Every rule fires on a report built to break it, with its code, cells, the two sides and a clear message."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from gongkai.core.report.model import Finding, Report, Severity, SourceRef
from gongkai.core.report.rules import validate
from gongkai.core.report.templates import get_template
from tests.core.report.reports import huaian_2024, wuzhong_2021


def only(findings: tuple[Finding, ...], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def huaian_2019_format() -> Report:
    """Huai'an's figures in the 2019 trial format: one （六）其他处理 row, the 2019 table 二."""
    huaian = huaian_2024()
    other_rows = ("other_no_correction", "other_fee_unpaid", "other_other")
    cells = {
        k: v
        for k, v in huaian.cells.items()
        if k.startswith(("t3.", "t4.")) and k.split(".")[1] not in other_rows
    }
    for column in ("natural", "commercial", "research", "nonprofit", "legal", "other_org", "total"):
        cells[f"t3.other.{column}"] = sum(huaian[f"t3.{row}.{column}"] or 0 for row in other_rows)
    t2: dict[str, int | Decimal | None] = {c.id: 0 for c in get_template("2019").table("t2").cells()}
    t2["t2.procurement.amount"] = Decimal("12.5")
    return Report(
        template="2019", agency=huaian.agency, year=2020, cells=cells | t2, sections=huaian.sections
    )


def test_the_2019_format_of_a_consistent_report_has_no_finding() -> None:
    assert validate(huaian_2019_format()) == ()


def test_balance_names_the_column_and_both_sides() -> None:
    report = huaian_2024().with_cells(t3__carried_forward__natural=104, t3__carried_forward__total=104)
    findings = validate(report)
    balance = only(findings, "t3.balance")
    assert [f.cells for f in balance] == [
        ("t3.new.natural", "t3.carried_over.natural", "t3.total.natural", "t3.carried_forward.natural"),
        ("t3.new.total", "t3.carried_over.total", "t3.total.total", "t3.carried_forward.total"),
    ]
    assert [(f.expected, f.actual) for f in balance] == [(3035, 3036), (3153, 3154)]
    assert balance[1].message == "表三“总计”列：第一项加第二项（3153）不等于第三项加第四项（3154）。"
    assert balance[0].severity is Severity.ERROR
    assert [s.page for s in balance[0].sources] == [4, 4, 5, 5]
    # The text says 103 件顺延到下年度: that disagrees too. Nothing else does.
    assert [f.code for f in findings] == ["t3.balance", "t3.balance", "narrative.figure"]


def test_balance_message_in_the_words_of_the_template() -> None:
    report = huaian_2024().with_cells(
        t3__new__natural=10,
        t3__carried_over__natural=2,
        t3__total__natural=10,
        t3__carried_forward__natural=1,
    )
    (finding,) = [f for f in only(validate(report), "t3.balance") if f.cells[0] == "t3.new.natural"]
    assert finding.message == "表三“自然人”列：第一项加第二项（12）不等于第三项加第四项（11）。"


def test_outcome_sum() -> None:
    report = huaian_2024().with_cells(t3__granted__natural=1289, t3__granted__total=1363)
    findings = validate(report)
    assert [f.code for f in findings] == ["t3.outcome_sum", "t3.outcome_sum"]
    natural = findings[0]
    assert natural.cells[0] == "t3.total.natural"
    assert "t3.granted.natural" in natural.cells
    assert len(natural.cells) == 22
    assert (natural.expected, natural.actual) == (2933, 2932)
    assert natural.message == (
        "表三“自然人”列：“（七）总计”（2932）不等于（一）予以公开至（六）其他处理各项之和（2933）。"
    )


def test_row_sum() -> None:
    report = huaian_2024().with_cells(t3__withheld_secret__commercial=1)
    findings = validate(report)
    assert [f.code for f in findings] == ["t3.outcome_sum", "t3.row_sum"]
    row = findings[1]
    assert row.cells == tuple(
        f"t3.withheld_secret.{c}"
        for c in ("total", "natural", "commercial", "research", "nonprofit", "legal", "other_org")
    )
    assert (row.expected, row.actual) == (3, 2)
    assert row.message == (
        "表三“（三）不予公开 1.属于国家秘密”行：“总计”列（2）不等于自然人、商业企业、科研机构、社会公益组织、"
        "法律服务机构、其他之和（3）。"
    )
    assert findings[0].message.startswith("表三“法人或其他组织 商业企业”列：“（七）总计”（53）不等于")


def test_group_sum() -> None:
    report = huaian_2024().with_cells(t4__litigation_after__pending=7)
    findings = validate(report)
    assert [f.code for f in findings] == ["t4.group_sum", "narrative.figure"]
    group = findings[0]
    assert group.cells == tuple(
        f"t4.litigation_after.{c}" for c in ("total", "upheld", "corrected", "other", "pending")
    )
    assert (group.expected, group.actual) == (21, 20)
    assert group.message == (
        "表四“行政诉讼 复议后起诉”：“总计”（20）不等于结果维持、结果纠正、其他结果、尚未审结之和（21）。"
    )
    # 尚未审结 7 件 in the text = 1 + 6 in the table; with 7 in the table it is 8.
    assert (findings[1].expected, findings[1].actual) == (8, 7)


def blank(report: Report, cell: str) -> Report:
    """The cell blank, and no longer a source saying where its figure was read."""
    sources = {k: v for k, v in report.sources.items() if k != cell}
    return replace(report.with_cells(**{cell.replace(".", "__"): None}), sources=sources)


def test_a_blank_cell_is_reported_once_and_its_identities_are_skipped() -> None:
    report = blank(huaian_2024(), "t3.new.natural")
    (finding,) = validate(report)
    assert finding.code == "cell.blank"
    assert finding.cells == ("t3.new.natural",)
    assert (finding.expected, finding.actual) == (None, None)
    assert (
        finding.message
        == "表三“一、本年新收政府信息公开申请数量”行“自然人”列未填写：没有可统计的数量时应填 0。"
    )


@pytest.mark.parametrize("raw", ["/", "—"])
def test_a_blank_cell_says_what_the_source_held(raw: str) -> None:
    report = huaian_2024().with_cells(t4__reconsideration__pending=None)
    sources = {**report.sources, "t4.reconsideration.pending": SourceRef(format="pdf", page=5, raw=raw)}
    report = replace(report, sources=sources)
    (finding,) = validate(report)
    assert (
        finding.message == f"表四“行政复议”“尚未审结”未填写（原文填的是“{raw}”）：没有可统计的数量时应填 0。"
    )
    assert finding.actual == raw
    assert finding.sources == (SourceRef(format="pdf", page=5, raw=raw),)


def test_a_negative_count() -> None:
    report = huaian_2024().with_cells(t2__rules__repealed=-1)
    (finding,) = validate(report)
    assert finding.code == "cell.not_non_negative_integer"
    assert finding.cells == ("t2.rules.repealed",)
    assert finding.actual == -1
    assert finding.message == "表二“规章”行“本年废止件数”列应为非负整数（件数），实际为 -1。"


def test_a_count_that_is_not_an_integer() -> None:
    # The model refuses such values; the rule still guards reports whose cells were filled by other means.
    report = huaian_2024()
    cells = dict(report.cells)
    cells["t2.licensing.decisions"] = Decimal("1.5")
    object.__setattr__(report, "cells", cells)
    (finding,) = validate(report)
    assert (finding.code, finding.cells, finding.actual) == (
        "cell.not_non_negative_integer",
        ("t2.licensing.decisions",),
        Decimal("1.5"),
    )


def test_a_negative_amount() -> None:
    report = huaian_2024().with_cells(t2__fees__amount=Decimal("-0.5"))
    (finding,) = validate(report)
    assert finding.code == "cell.negative_amount"
    assert finding.cells == ("t2.fees.amount",)
    assert finding.actual == Decimal("-0.5")
    assert (
        finding.message
        == "表二“行政事业性收费”行“本年收费金额（单位：万元）”列的金额不能为负数，实际为 -0.5。"
    )


def _with_sections(report: Report, **sections: tuple[str, ...]) -> Report:
    return Report(
        template=report.template,
        agency=report.agency,
        year=report.year,
        cells=report.cells,
        sections={**report.sections, **sections},
        sources=report.sources,
    )


def test_fee_confusion_when_the_fee_is_reported_as_a_charge() -> None:
    report = _with_sections(
        huaian_2024().with_cells(t2__fees__amount=Decimal("0.394")), other=("全年收取信息处理费 3940 元。",)
    )
    (finding,) = validate(report)
    assert finding.code == "fee.confusion"
    assert finding.severity is Severity.WARNING
    assert finding.cells == ("t2.fees.amount",)
    assert (finding.expected, finding.actual) == (Decimal("3940"), Decimal("0.394"))
    assert "信息处理费不属于行政事业性收费" in finding.message


def test_fee_confusion_when_yuan_are_written_as_wan() -> None:
    report = _with_sections(
        huaian_2024().with_cells(t2__fees__amount=Decimal("3940")), other=huaian_2024().sections["other"]
    )
    (finding,) = validate(report)
    assert finding.code == "fee.confusion"
    assert (finding.expected, finding.actual) == (Decimal("3940"), Decimal("3940"))
    assert "把以元计的信息处理费填进了以万元计的行政事业性收费" in finding.message
    assert "“全年收取政府信息公开信息处理费 3940 元”" in finding.message


def test_no_fee_confusion_for_zero_or_different_amounts() -> None:
    zero = _with_sections(wuzhong_2021(), other=("全年收取信息处理费 0 元。",))
    assert only(validate(zero), "fee.confusion") == []
    assert only(validate(huaian_2024()), "fee.confusion") == []


@pytest.mark.parametrize("problems", [(), ("无。",), ("暂无",)])
def test_section_five_empty(problems: tuple[str, ...]) -> None:
    (finding,) = validate(_with_sections(huaian_2024(), problems=problems))
    assert finding.code == "section.problems_empty"
    assert finding.severity is Severity.WARNING
    assert finding.cells == ()
    assert finding.message.startswith("“五、存在的主要问题及改进情况”为空或只写了“无”")


def test_findings_are_ordered_by_rule_then_cell() -> None:
    report = huaian_2024().with_cells(
        t4__reconsideration__total=None, t3__new__legal=None, t2__rules__issued=None, t3__new__natural=-1
    )
    findings = validate(report)
    assert [(f.code, f.cells[0]) for f in findings][:5] == [
        ("cell.blank", "t2.rules.issued"),
        ("cell.blank", "t3.new.legal"),
        ("cell.blank", "t4.reconsideration.total"),
        ("cell.not_non_negative_integer", "t3.new.natural"),
        ("t3.balance", "t3.new.natural"),
    ]
    assert validate(report) == findings


def test_every_finding_serialises() -> None:
    report = huaian_2024().with_cells(t2__fees__amount=Decimal("-1"), t3__new__total=None)
    for finding in validate(report):
        data = finding.to_dict()
        assert data["code"]
        assert data["message"]
        assert data["severity"] in {"error", "warning", "info"}


def test_a_value_beyond_what_a_report_can_hold_is_an_error() -> None:
    report = huaian_2024().with_cells(t3__new__natural=10**30, t2__fees__amount=Decimal("-2E+9"))
    found = [f for f in validate(report) if f.code == "cell.out_of_range"]
    assert [f.cells for f in found] == [("t2.fees.amount",), ("t3.new.natural",)]
    assert all(f.severity is Severity.ERROR for f in found)
    assert "超出合理范围（绝对值不超过 1000000000）" in found[1].message
    assert not [f for f in validate(huaian_2024()) if f.code == "cell.out_of_range"]


def test_the_year_is_checked_only_against_the_day_given() -> None:
    import datetime as dt

    report = replace(huaian_2024(), year=2026)
    assert not [f for f in validate(report) if f.code == "report.year"]
    [found] = [f for f in validate(report, today=dt.date(2026, 11, 28)) if f.code == "report.year"]
    assert (found.severity, found.actual) == (Severity.ERROR, 2026)
    old = replace(huaian_2024(), year=2005)
    assert next(f.code for f in validate(old, today=dt.date(2026, 11, 28))) == "report.year"
    assert not [f for f in validate(huaian_2024(), today=dt.date(2026, 1, 1)) if f.code == "report.year"]


def test_last_years_report_of_another_agency_is_a_warning_not_a_comparison() -> None:
    this_year = huaian_2024()
    other = replace(this_year, agency="吴忠市人民政府", year=2023).with_cells(
        t3__carried_forward__natural=999
    )
    found = validate(this_year, previous=other)
    [warning] = [f for f in found if f.code == "previous.other_agency"]
    assert warning.severity is Severity.WARNING
    assert "吴忠市人民政府" in warning.message
    assert not [f for f in found if f.code == "carry_over"]
    spaced = replace(other, agency=" 淮安市 人民政府 ")
    assert not [f for f in validate(this_year, previous=spaced) if f.code == "previous.other_agency"]
    assert [f for f in validate(this_year, previous=spaced) if f.code == "carry_over"]
