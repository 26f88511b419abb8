"""Cross-year rules: carry-over, 现行有效件数 drift, repeated narrative, and when they cannot be run."""

from __future__ import annotations

from gongkai.core.report.model import Report, Severity
from gongkai.core.report.rules import validate
from tests.core.report.reports import huaian_2024, wuzhong_2021
from tests.core.report.rules.test_validate import huaian_2019_format

# Narrative unlike Huai'an's and stating no figure.
OTHER_TEXT = tuple(p for p in wuzhong_2021().sections["overview"] if "收到" not in p)


def last_year_of(report: Report, **cells: int) -> Report:
    """A report of the year before, whose figures lead to `report`'s (carried forward, in force), with other text."""
    carried = {
        f"t3.carried_forward.{c}": report[f"t3.carried_over.{c}"]
        for c in ("natural", "commercial", "research", "nonprofit", "legal", "other_org", "total")
    }
    # Its own carried-forward row feeds this year's carried-over row; keep its identities true by moving the
    # difference into the new applications.
    base = dict(report.cells)
    for column_cell, value in carried.items():
        column = column_cell.rsplit(".", 1)[1]
        old_forward = report[f"t3.carried_forward.{column}"]
        assert isinstance(value, int)
        assert isinstance(old_forward, int)
        base[f"t3.new.{column}"] = _int(report[f"t3.new.{column}"]) + value - old_forward
    base |= carried
    base |= {
        "t2.rules.in_force": _int(report["t2.rules.in_force"]) - _int(report["t2.rules.issued"]),
        "t2.normative.in_force": _int(report["t2.normative.in_force"])
        - _int(report["t2.normative.issued"])
        + _int(report["t2.normative.repealed"]),
    }
    base |= {k.replace("__", "."): v for k, v in cells.items()}
    return Report(
        template=report.template,
        agency=report.agency,
        year=report.year - 1,
        cells=base,
        sections={"overview": OTHER_TEXT, "problems": ("问题一。",)},
    )


def _int(value: object) -> int:
    assert isinstance(value, int)
    return value


def test_a_consistent_previous_year_gives_no_finding() -> None:
    this_year = huaian_2024()
    previous = last_year_of(this_year)
    assert validate(previous) == ()
    assert validate(this_year, previous=previous) == ()


def test_carry_over() -> None:
    this_year = huaian_2024()
    previous = last_year_of(this_year, t3__carried_forward__natural=30, t3__new__natural=3005)
    previous = previous.with_cells(t3__carried_forward__total=30, t3__new__total=3123)
    findings = validate(this_year, previous=previous)
    assert [f.code for f in findings] == ["carry_over", "carry_over"]
    natural, total = findings
    assert natural.cells == ("t3.carried_over.natural",)
    assert (natural.expected, natural.actual) == (30, 34)
    assert natural.severity is Severity.ERROR
    assert natural.message == (
        "表三“自然人”列：本年“二、上年结转政府信息公开申请数量”（34）不等于2023年报告的“四、结转下年度继续办理”（30）。"
    )
    assert total.cells == ("t3.carried_over.total",)


def test_in_force_drift_is_a_warning() -> None:
    this_year = huaian_2024()
    previous = last_year_of(this_year, t2__normative__in_force=90)
    (finding,) = validate(this_year, previous=previous)
    assert finding.code == "t2.in_force_drift"
    assert finding.severity is Severity.WARNING
    assert finding.cells == ("t2.normative.in_force", "t2.normative.issued", "t2.normative.repealed")
    assert (finding.expected, finding.actual) == (90 + 8 - 26, 66)
    assert finding.message == (
        "表二“行政规范性文件”行：“现行有效件数”（66）不等于2023年报告的现行有效件数（90）加“本年制发件数”（8）"
        "减“本年废止件数”（26），即 72；如有文件自然失效等原因，请核实。"
    )


def test_repeated_narrative_is_a_warning() -> None:
    this_year = huaian_2024()
    previous = last_year_of(this_year)
    copied = tuple(p.replace("2024", "2023").replace("3119", "2950") for p in this_year.sections["overview"])
    previous = Report(
        template="2021",
        agency=previous.agency,
        year=2023,
        cells=previous.cells,
        sections={**this_year.sections, "overview": copied},
    )
    (finding,) = validate(this_year, previous=previous)
    assert finding.code == "narrative.repeated"
    assert finding.severity is Severity.WARNING
    assert finding.actual == 1.0
    assert finding.message == (
        "正文与2023年报告大量雷同：上年 9 段中有 9 段今年几乎原样重复（占上年正文的 100%），请据实撰写本年度的情况。"
    )


def test_half_of_last_years_text_repeated_is_not_yet_most() -> None:
    this_year = huaian_2024()
    previous = last_year_of(this_year)
    overview = this_year.sections["overview"]
    previous = Report(
        template="2021",
        agency=previous.agency,
        year=2023,
        cells=previous.cells,
        sections={"overview": (overview[1], *OTHER_TEXT)},
    )
    assert validate(this_year, previous=previous) == ()


def test_a_previous_report_of_another_year_gives_one_info_finding_instead() -> None:
    this_year = huaian_2024()
    previous = Report(
        template="2021", agency=this_year.agency, year=2022, cells=last_year_of(this_year).cells, sections={}
    )
    (finding,) = validate(this_year, previous=previous)
    assert finding.code == "previous.not_comparable"
    assert finding.severity is Severity.INFO
    assert (finding.expected, finding.actual) == (2023, 2022)
    assert finding.message.startswith(
        "所给的上年报告是2022年度的，不是本报告（2024年度）的上一年度，未做跨年度核对"
    )
    assert "现行有效件数" in finding.message
    assert "上年结转" in finding.message
    assert "雷同" in finding.message


def test_a_previous_report_in_the_2019_format_skips_only_the_in_force_drift() -> None:
    this_year = huaian_2024()
    previous = huaian_2019_format()
    previous = Report(
        template="2019",
        agency=previous.agency,
        year=2023,
        cells=previous.with_cells(t3__carried_forward__natural=34, t3__carried_forward__total=35).cells,
        sections={},
    )
    findings = validate(this_year, previous=previous)
    assert [f.code for f in findings] == ["carry_over", "previous.not_comparable"]
    assert findings[0].cells == ("t3.carried_over.total",)
    info = findings[1]
    assert (info.expected, info.actual) == ("2021", "2019")
    assert "政府信息公开工作年度报告格式（2019年试行）" in info.message
    assert "现行有效件数" in info.message
    assert "上年结转" not in info.message


def test_cross_year_findings_follow_this_years_own() -> None:
    this_year = huaian_2024().with_cells(t3__new__natural=None)
    previous = last_year_of(huaian_2024(), t3__carried_forward__legal=1, t3__new__legal=60)
    previous = previous.with_cells(t3__carried_forward__total=35, t3__new__total=3118)
    codes = [f.code for f in validate(this_year, previous=previous)]
    assert codes == ["cell.blank", "carry_over", "carry_over"]
