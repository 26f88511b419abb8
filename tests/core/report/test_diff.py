"""diff(old, new): the changed cells with their Chinese names, and the cross-year findings."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.report.diff import CellChange, diff, render_text
from gongkai.core.report.model import Report, Severity
from tests.core.report.reports import huaian_2024, wuzhong_2021
from tests.core.report.rules.test_cross_year import last_year_of
from tests.core.report.rules.test_validate import huaian_2019_format


def test_a_report_against_itself_a_year_earlier_has_no_change_but_cross_year_findings() -> None:
    new = huaian_2024()
    old = Report(template="2021", agency=new.agency, year=2023, cells=new.cells, sections=new.sections)
    result = diff(old, new)
    assert result.changes == ()
    assert result.compared == 200
    assert result.sections_changed == ()
    assert [f.code for f in result.findings] == [
        "carry_over",
        "carry_over",
        "t2.in_force_drift",
        "t2.in_force_drift",
        "narrative.repeated",
    ]
    assert result.has_errors


def test_changes_name_each_cell_with_old_new_and_delta() -> None:
    new = huaian_2024()
    old = last_year_of(new)
    result = diff(old, new)
    by_cell = {c.cell: c for c in result.changes}
    assert by_cell["t3.new.natural"] == CellChange(
        "t3.new.natural", "表三“一、本年新收政府信息公开申请数量”行“自然人”列", 2932, 3001, 69
    )
    assert by_cell["t2.rules.in_force"].delta == 1
    assert set(by_cell) == {
        "t3.new.natural",
        "t3.new.total",
        "t3.carried_forward.natural",
        "t3.carried_forward.total",
        "t2.rules.in_force",
        "t2.normative.in_force",
    }
    # Changes come in template order.
    assert [c.cell for c in result.changes] == [c for c in new.spec.cell_ids if c in by_cell]
    assert result.findings == ()
    assert result.sections_changed == ("preamble", "overview", "problems", "other")


def test_blank_cells_change_without_a_delta() -> None:
    old = wuzhong_2021()
    new = Report(
        template="2021",
        agency=old.agency,
        year=2022,
        cells=old.with_cells(t4__reconsideration__total=0, t2__fees__amount=Decimal("1.5")).cells,
        sections=old.sections,
    )
    changes = {c.cell: c for c in diff(old, new).changes}
    assert (changes["t4.reconsideration.total"].old, changes["t4.reconsideration.total"].delta) == (
        None,
        None,
    )
    assert changes["t2.fees.amount"].delta == Decimal("1.5")
    assert changes["t4.reconsideration.total"].label == "表四“行政复议”“总计”"


def test_reports_of_two_formats_compare_the_cells_they_share() -> None:
    old = Report(template="2019", agency="淮安市人民政府", year=2023, cells=huaian_2019_format().cells)
    new = huaian_2024()
    result = diff(old, new)
    assert "t3.other.total" in result.only_in_old
    assert "t3.other_other.total" in result.only_in_new
    assert "t2.rules.in_force" in result.only_in_new
    assert result.compared == len(set(old.cells) & set(new.cells))
    assert [f.code for f in result.findings] == ["carry_over", "carry_over", "previous.not_comparable"]
    assert result.findings[-1].severity is Severity.INFO


def test_plain_text_rendering() -> None:
    new = huaian_2024()
    old = last_year_of(new, t3__carried_forward__total=30, t3__new__total=3123)
    text = render_text(diff(old, new))
    assert text.startswith("淮安市人民政府：2023年 → 2024年\n")
    assert "单元格变化 6 处（共比较 200 个单元格）：" in text
    assert "  t3.new.natural  表三“一、本年新收政府信息公开申请数量”行“自然人”列：2932 → 3001（+69）" in text
    assert "  t3.new.total  表三“一、本年新收政府信息公开申请数量”行“总计”列：3123 → 3119（-4）" in text
    assert (
        "跨年度核对：\n  [错误] 表三“总计”列：本年“二、上年结转政府信息公开申请数量”（34）不等于2023年报告的"
        in text
    )
    assert "（carry_over）" in text


def test_plain_text_of_no_change() -> None:
    report = wuzhong_2021()
    result = diff(report, report)
    text = render_text(result)
    assert result.to_text() == text
    assert "单元格没有变化（共比较 200 个单元格）。" in text
    assert "[提示] 所给的上年报告是2021年度的" in text


def test_to_dict_is_json_ready() -> None:
    import json

    new = huaian_2024()
    data = diff(last_year_of(new), new).to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["changes"][0]["cell"] == "t2.rules.in_force"


@settings(deadline=None)  # timing on a shared 2-core machine is not what these test
@given(st.dictionaries(st.sampled_from(huaian_2024().spec.cell_ids), st.integers(0, 10**6), max_size=20))
def test_the_changes_are_exactly_the_cells_that_differ(changes: dict[str, int]) -> None:
    old = huaian_2024()
    new = old.with_cells(**{k.replace(".", "__"): v for k, v in changes.items()})
    result = diff(old, new)
    assert {c.cell for c in result.changes} == {c for c in old.cells if old[c] != new[c]}
    for change in result.changes:
        before, after = old[change.cell], new[change.cell]
        assert before is not None
        assert after is not None
        assert change.delta == after - before


def test_reports_of_two_agencies_are_said_to_be_so() -> None:
    from dataclasses import replace

    this_year = huaian_2024()
    other = replace(this_year, agency="吴忠市人民政府", year=2023)
    result = diff(other, this_year)
    [finding] = result.findings
    assert (finding.code, finding.severity) == ("previous.other_agency", Severity.WARNING)
    assert "[警告] 所给的上年报告是“吴忠市人民政府”的" in render_text(result)
    spaced = diff(replace(this_year, agency="淮安市 人民政府", year=2023), this_year)
    assert all(f.code != "previous.other_agency" for f in spaced.findings)
    assert render_text(spaced).startswith("淮安市人民政府：2023年 → 2024年")
