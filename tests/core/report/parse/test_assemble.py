"""`assemble` fed directly with blocks shaped like the HTML/DOCX/PDF readers' output (merged cells expanded)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.errors import UnreadableReportError
from gongkai.core.report.model import Report, Severity
from gongkai.core.report.parse.assemble import assemble
from gongkai.core.report.parse.blocks import Block, Grid
from tests.core.report.parse.grids import Anchor, expand, official_blocks, paragraph
from tests.core.report.reports import huaian_2024, wuzhong_2021
from tests.core.report.strategies import reports

T4_HEADER: list[list[Anchor]] = [
    [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
    [
        ("结果维持", 2, 1),
        ("结果纠正", 2, 1),
        ("其他结果", 2, 1),
        ("尚未审结", 2, 1),
        ("总计", 2, 1),
        ("未经复议直接起诉", 1, 5),
        ("复议后起诉", 1, 5),
    ],
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
]


def _codes(result_findings: tuple[object, ...]) -> list[str]:
    return [f.code for f in result_findings]  # type: ignore[attr-defined]


@pytest.mark.parametrize("report", [huaian_2024(), wuzhong_2021()], ids=["huaian", "wuzhong"])
@pytest.mark.parametrize(
    ("split", "repeat"), [(None, False), (4, False), (12, True), (20, False), (21, True)]
)
def test_the_official_layout_reads_back_exactly(report: Report, split: int | None, repeat: bool) -> None:
    result = assemble(official_blocks(report, split_t3_at=split, repeat_t3_header=repeat), fmt="html")
    assert result.report == report
    assert result.findings == ()
    assert result.format == "html"


@settings(max_examples=60, deadline=None)
@given(reports(), st.one_of(st.none(), st.integers(min_value=1, max_value=22)), st.booleans())
def test_any_report_in_the_official_layout_reads_back(
    report: Report, split: int | None, repeat: bool
) -> None:
    result = assemble(official_blocks(report, split_t3_at=split, repeat_t3_header=repeat), fmt="pdf")
    assert result.report == report
    assert not [f for f in result.findings if f.severity == Severity.ERROR]


def test_every_value_has_its_source_with_page_table_row_column_and_raw_text() -> None:
    report = huaian_2024()
    result = assemble(official_blocks(report, split_t3_at=12), fmt="pdf")
    sources = result.report.sources
    assert set(report.spec.cell_ids) <= set(sources)
    first_part = sources["t3.new.natural"]
    assert (first_part.format, first_part.page, first_part.table, first_part.raw) == ("test", 1, 2, "3001")
    assert first_part.row == 4
    assert first_part.column == 4
    second_part = sources["t3.total.total"]
    assert (second_part.page, second_part.table, second_part.raw) == (2, 3, "3050")
    assert sources["t2.fees.amount"].raw == "96171.6"


def _report_around(*grids: Grid, title: str = "2021年政府信息公开工作年度报告") -> list[Block]:
    return [
        paragraph("吴忠市审批服务管理局"),
        paragraph(title),
        paragraph("一、总体情况"),
        paragraph("本年度工作情况良好。"),
        paragraph("四、政府信息公开行政复议、行政诉讼情况"),
        *grids,
    ]


def test_table_four_with_its_groups_across_and_blank_reconsideration_cells() -> None:
    data: list[list[Anchor]] = [["", "", "", "", "", "0", "1", "2", "3", "6", "4", "5", "6", "7", "22"]]
    result = assemble(_report_around(expand(T4_HEADER + data)), fmt="html")
    cells = result.report.cells
    assert [
        cells[f"t4.reconsideration.{c}"] for c in ("upheld", "corrected", "other", "pending", "total")
    ] == [None] * 5
    assert cells["t4.litigation_direct.total"] == 6
    assert cells["t4.litigation_after.upheld"] == 4
    assert cells["t4.litigation_after.total"] == 22
    assert not [f for f in result.findings if f.code.startswith("parse.unreadable")]


def test_an_all_blank_row_under_table_four_is_its_row_of_figures() -> None:
    result = assemble(_report_around(expand([*T4_HEADER, [""] * 15])), fmt="docx")
    assert all(result.report.cells[f"t4.{g}.total"] is None for g in ("reconsideration", "litigation_direct"))
    assert not [f for f in result.findings if any(c.startswith("t4.") for c in f.cells)]
    assert result.report.sources["t4.litigation_after.total"].column == 15


def test_table_four_as_rows_with_the_groups_as_labels() -> None:
    grid = expand(
        [
            [("", 1, 2), "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
            [("行政复议", 1, 2), "1", "2", "3", "4", "10"],
            [("行政诉讼", 2, 1), "未经复议直接起诉", "0", "0", "0", "1", "1"],
            ["复议后起诉", "0", "1", "0", "0", "1"],
        ]
    )
    cells = assemble(_report_around(grid), fmt="html").report.cells
    assert cells["t4.reconsideration.total"] == 10
    assert cells["t4.litigation_direct.pending"] == 1
    assert cells["t4.litigation_after.corrected"] == 1


def _t3_rows(value: str = "0") -> list[list[str]]:
    labels = [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "（一）予以公开",
        "（二）部分公开",
    ]
    return [[label, *[value] * 7] for label in labels]


def test_blanks_markers_and_garbage_in_cells() -> None:
    header = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "自然人", "商业企业"]
    header += ["科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    rows = [
        header,
        ["一、本年新收政府信息公开申请数量", "1O", "/", "", "—", "无", "3件?", "1,234"],
        ["二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0"],
    ]
    blocks: list[Block] = [
        paragraph("2021年政府信息公开工作年度报告"),
        paragraph("三、收到和处理政府信息公开申请情况"),
        expand(rows),
    ]
    result = assemble(blocks, fmt="html")
    cells = result.report.cells
    assert [cells[f"t3.new.{c}"] for c in ("natural", "commercial", "research", "nonprofit", "legal")] == [
        None
    ] * 5
    assert cells["t3.new.total"] == 1234
    assert cells["t3.carried_over.total"] == 0
    unreadable = [f for f in result.findings if f.code == "parse.unreadable_value"]
    assert [f.cells for f in unreadable] == [("t3.new.natural",), ("t3.new.other_org",)]
    assert all(f.severity == Severity.ERROR for f in unreadable)
    assert unreadable[0].actual == "1O"
    assert unreadable[0].sources[0].raw == "1O"
    assert "1O" in unreadable[0].message
    sources = result.report.sources
    assert sources["t3.new.commercial"].raw == "/"
    assert sources["t3.new.nonprofit"].raw == "—"
    assert sources["t3.new.research"].raw == ""
    # Blanks and markers are not parse findings: the rules report them.
    assert not [f for f in result.findings if "t3.new.research" in f.cells or "t3.new.commercial" in f.cells]


def test_missing_rows_and_tables_are_none_with_findings() -> None:
    header = ["信息内容", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    blocks: list[Block] = [
        paragraph("淮安市人民政府"),
        paragraph("2024 年政府信息公开工作年度报告"),
        paragraph("三、收到和处理政府信息公开申请情况"),
        expand([header, *_t3_rows("2")]),
    ]
    result = assemble(blocks, fmt="docx")
    report = result.report
    assert report.cells["t3.granted.total"] == 2
    assert report.cells["t3.withheld_secret.natural"] is None
    codes = _codes(result.findings)
    assert codes.count("parse.missing_table") == 2  # 二 and 四
    missing_rows = [f for f in result.findings if f.code == "parse.missing_row"]
    assert len(missing_rows) == len(report.spec.table("t3").blocks[0].rows) - 4
    assert all(f.severity == Severity.ERROR for f in missing_rows)
    assert "t3.carried_forward.natural" in next(f for f in missing_rows if "结转下年" in f.message).cells


def test_labels_are_matched_by_meaning() -> None:
    rows = [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "1", "0", "11"],
        ["规范性文件", "8", "26", "66"],
    ]
    result = assemble(_report_around(expand(rows)), fmt="html")
    assert result.report.cells["t2.normative.in_force"] == 66
    rows3 = [
        ["", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
        ["（四）无法提供", "1、本机关不掌握相关信息", "1", "0", "0", "0", "0", "0", "1"],
        ["(五)不予处理", "5．要求行政机关确认或重新出具已获取信息", "2", "0", "0", "0", "0", "0", "2"],
        ["（六）其他处理", "3、其他", "3", "0", "0", "0", "0", "0", "3"],
        ["", "(七) 总计", "4", "0", "0", "0", "0", "0", "4"],
    ]
    cells = assemble(_report_around(expand(rows3)), fmt="html").report.cells
    assert cells["t3.unavailable_not_held.natural"] == 1
    assert cells["t3.declined_confirm.total"] == 2
    assert cells["t3.other_other.natural"] == 3
    assert cells["t3.total.total"] == 4


def test_a_label_broken_across_cells_and_rows() -> None:
    rows = [
        ["", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
        ["（三）不予", "3.危及“三安全一稳", "5", "0", "0", "0", "0", "0", "5"],
        ["", "定”", "", "", "", "", "", "", ""],
        ["1. 申请人无正当理由逾期", "", "7", "0", "0", "0", "0", "0", "7"],
        ["不补正、行政机关不再处理其政府信息公开申请", "", "", "", "", "", "", "", ""],
    ]
    cells = assemble(_report_around(expand(rows)), fmt="pdf").report.cells
    assert cells["t3.withheld_security.total"] == 5
    assert cells["t3.other_no_correction.natural"] == 7


def test_the_2019_format_is_recognised_by_its_labels() -> None:
    rows = [
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章", "1", "1", "5"],
        ["规范性文件", "2", "2", "9"],
    ]
    result = assemble(_report_around(expand(rows), title="2021年政府信息公开工作年度报告"), fmt="html")
    assert result.report.template == "2019"
    assert result.report.cells["t2.normative.total_public"] == 9


def test_the_2019_format_is_recognised_by_its_single_other_row() -> None:
    rows = [
        ["", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
        ["三、本年度办理结果", "（六）其他处理", "4", "0", "0", "0", "0", "0", "4"],
    ]
    result = assemble(_report_around(expand(rows), title="2020年政府信息公开工作年度报告"), fmt="html")
    assert result.report.template == "2019"
    assert result.report.cells["t3.other.total"] == 4


def test_without_distinguishing_labels_the_year_decides_and_says_so() -> None:
    rows = [["行政复议", "1", "2"]]
    for title, template in (
        ("2020年政府信息公开工作年度报告", "2019"),
        ("2022年政府信息公开工作年度报告", "2021"),
    ):
        blocks = [*_report_around(expand(rows), title=title), paragraph("六、其他需要报告的事项")]
        result = assemble(blocks, fmt="txt")
        assert result.report.template == template
        assert "parse.template_assumed" in _codes(result.findings)


def test_agency_from_the_title_wins_over_the_compiling_office() -> None:
    blocks: list[Block] = [
        paragraph("淮安市人民政府"),
        paragraph("2024 年政府信息公开工作年度报告"),
        paragraph("本报告由淮安市人民政府办公室根据《中华人民共和国政府"),
        paragraph("信息公开条例》规定编制。报告所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。"),
        paragraph("一、总体情况"),
        paragraph("六、其他需要报告的事项"),
        paragraph("无。"),
        paragraph("五、存在的主要问题及改进情况"),
    ]
    result = assemble(blocks, fmt="pdf")
    report = result.report
    assert report.agency == "淮安市人民政府"
    assert report.year == 2024
    assert report.sections["preamble"] == (
        "本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》规定编制。"
        "报告所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。",
    )
    # 五 after 六 is still the heading of 五 (it used to be read as a paragraph of 六).
    assert report.sections["other"] == ("无。",)
    assert report.sections["problems"] == ()
    assert report.sources["problems"].raw == "五、存在的主要问题及改进情况"


@pytest.mark.parametrize(
    "head",
    [
        ["2022年政府信息公开工作年度报告", "吴忠市审批服务管理局"],
        ["2022年政府信息公开工作年度报告", "（吴忠市审批服务管理局）"],
        ["吴忠市审批服务管理局政府信息公开工作年度报告（2022年度）"],
        ["吴忠市审批服务管理局政府信息公开工作年度报告", "（2022年度）"],
        ["吴忠市审批服务管理局 | 政务公开 | 互动交流", "当前位置：首页 > 信息公开", "2022年政府信息公开工作年度报告",
         "吴忠市审批服务管理局"],
        ["发布机构：吴忠市审批服务管理局\u3000发布日期：2023-01-18", "2022年政府信息公开工作年度报告"],
    ],
)  # fmt: skip
def test_the_agency_and_year_around_the_title(head: list[str]) -> None:
    """Titles as reports and portals write them: the agency or the year on the line below, in brackets, or in
    the page's 发布机构 above; nothing above the title or of it is taken for the preamble."""
    blocks: list[Block] = [
        *(paragraph(text) for text in head),
        paragraph("依据《条例》规定，制作本报告。"),
        paragraph("一、总体情况"),
        paragraph("二、主动公开政府信息情况"),
        paragraph("三、收到和处理政府信息公开申请情况"),
    ]
    result = assemble(blocks, fmt="txt")
    assert (result.report.agency, result.report.year) == ("吴忠市审批服务管理局", 2022)
    assert result.report.sections["preamble"] == ("依据《条例》规定，制作本报告。",)
    assert not {"parse.year_missing", "parse.agency_missing"} & set(_codes(result.findings))


def test_agency_and_year_without_a_title() -> None:
    blocks: list[Block] = [
        paragraph("本报告由吴忠市审批服务管理局编制，统计期限自2021年1月1日至2021年12月31日。"),
        paragraph("一、总体情况"),
        paragraph("二、主动公开政府信息情况"),
        paragraph("三、收到和处理政府信息公开申请情况"),
    ]
    report = assemble(blocks, fmt="txt").report
    assert (report.agency, report.year) == ("吴忠市审批服务管理局", 2021)


def test_sections_footers_placeholders_and_page_breaks() -> None:
    blocks: list[Block] = [
        paragraph("吴忠市审批服务管理局"),
        paragraph("2021 年政府信息公开工作年度报告"),
        paragraph("一、总体情况"),
        paragraph("（一）主动公开情况"),
        paragraph("主动公开方面：在门户网站主动公开部门文件 2 条，在政务微博"),
        paragraph("- 2 -"),
        paragraph("和微信公众号发布信息 246 条。"),
        paragraph("五、存在问题及改进情况"),
        paragraph("（文字描述）"),
        paragraph("六、其他需要报告的事项"),
        paragraph("无。"),
    ]
    result = assemble(blocks, fmt="docx")
    sections = result.report.sections
    assert sections["overview"] == (
        "（一）主动公开情况",
        "主动公开方面：在门户网站主动公开部门文件 2 条，在政务微博和微信公众号发布信息 246 条。",
    )
    assert sections["problems"] == ()
    assert sections["other"] == ("无。",)
    assert result.report.sources["overview"].raw == "一、总体情况"


def test_a_section_heading_after_a_later_one_is_still_a_heading() -> None:
    figures: list[list[Anchor]] = [
        ["1", "0", "0", "0", "1", "0", "0", "0", "2", "2", "0", "0", "0", "0", "0"]
    ]
    blocks: list[Block] = [
        paragraph("某县教育局2021年政府信息公开工作年度报告"),
        paragraph("一、总体情况"),
        paragraph("概述。"),
        paragraph("六、其他需要报告的事项"),
        paragraph("无。"),
        paragraph("四、政府信息公开行政复议、行政诉讼情况"),
        expand(T4_HEADER + figures),
    ]
    result = assemble(blocks, fmt="xlsx")
    report = result.report
    assert report.sections["overview"] == ("概述。",)
    assert report.sections["other"] == ("无。",)
    assert (report.cells["t4.reconsideration.total"], report.cells["t4.litigation_direct.total"]) == (1, 2)
    assert report.sources["appeals"].raw == "四、政府信息公开行政复议、行政诉讼情况"
    assert report.sources["other"].raw == "六、其他需要报告的事项"


def test_out_of_order_only_an_exact_heading_counts_and_a_repeated_one_keeps_its_first_source() -> None:
    blocks: list[Block] = [
        paragraph("2021年政府信息公开工作年度报告"),
        paragraph("一、总体情况"),
        paragraph("概述。", line=3),
        paragraph("六、其他需要报告的事项", line=4),
        paragraph("四、政府信息公开行政复议、行政诉讼情况，本年度未发生。"),
        paragraph("四、结转下年度继续办理"),
        paragraph("（二）主动公开政府信息情况"),
        paragraph("一、总体情况", line=8),
        paragraph("补充说明。"),
    ]
    report = assemble(blocks, fmt="docx").report
    assert report.sections["other"] == (
        "四、政府信息公开行政复议、行政诉讼情况，本年度未发生。",
        "四、结转下年度继续办理",
    )
    assert report.sections["overview"] == ("概述。", "补充说明。")
    assert report.sources["overview"].raw == "一、总体情况"
    assert report.sources["overview"].line is None


@pytest.mark.parametrize(
    "blocks",
    [
        [paragraph("今天天气很好。"), paragraph("我们去公园散步。")],
        [paragraph("关于开展2021年政务公开工作的通知"), paragraph("各单位：现将有关事项通知如下。")],
        [expand([["姓名", "电话"], ["张三", "12345"]])],
        [],
    ],
)
def test_what_is_not_an_annual_report_is_refused_in_chinese(blocks: list[Block]) -> None:
    with pytest.raises(UnreadableReportError, match="不是政府信息公开工作年度报告"):
        assemble(blocks, fmt="txt")


def test_unrelated_tables_in_narrative_sections_are_ignored() -> None:
    unrelated = expand([["事项", "数量"], ["行政许可事项办理", "12"]])
    blocks: list[Block] = [
        paragraph("2021年政府信息公开工作年度报告"),
        paragraph("一、总体情况"),
        unrelated,
        paragraph("二、主动公开政府信息情况"),
        expand([["信息内容", "本年处理决定数量"], ["行政许可", "3"]]),
    ]
    result = assemble(blocks, fmt="html")
    assert result.report.cells["t2.licensing.decisions"] == 3
    assert not [f for f in result.findings if f.code == "parse.duplicate_row"]


def test_a_fee_amount_spanning_the_width_of_table_two() -> None:
    rows: list[list[Anchor]] = [
        [("第二十条第（八）项", 1, 4)],
        ["信息内容", ("本年收费金额（单位：万元）", 1, 3)],
        ["行政事业性收费", ("96171.6", 1, 3)],
    ]
    result = assemble(_report_around(expand(rows)), fmt="html")
    assert result.report.cells["t2.fees.amount"] == Decimal("96171.6")
    assert "parse.row_shape" not in _codes(result.findings)


def test_figures_that_cannot_be_assigned_to_columns_are_refused_not_guessed() -> None:
    rows = [["一、本年新收政府信息公开申请数量", "1", "2", "3"]]
    result = assemble(_report_around(expand(rows)), fmt="txt")
    assert result.report.cells["t3.new.natural"] is None
    shape = next(f for f in result.findings if f.code == "parse.row_shape")
    assert "t3.new.total" in shape.cells
