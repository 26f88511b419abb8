from __future__ import annotations

import pytest

from gongkai.core.report.model import SourceRef
from gongkai.core.report.parse.narrative import (
    Line,
    is_footer,
    join_lines,
    match_section,
    match_section_heading,
    match_title,
)
from gongkai.core.report.templates import TEMPLATE_2021

SECTION_IDS = [s.id for s in TEMPLATE_2021.sections]


@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("一、总体情况", "overview"),
        ("二、主动公开政府信息情况", "proactive"),
        ("二、主动公开政府信息的情况", "proactive"),
        ("三、收到和处理政府信息公开申请情况", "applications"),
        ("四、政府信息公开行政复议、行政诉讼情况", "appeals"),
        ("五、政府信息公开工作存在的主要问题及改进情况", "problems"),
        ("五、存在问题及改进情况", "problems"),
        ("五．存在的主要问题及改进情况", "problems"),
        ("六、其他需要报告的事项", "other"),
        ("（一）总体情况", "overview"),
        ("(六)其他需要报告的事项", "other"),
        ("其他需要报告的事项", "other"),
    ],
)
def test_section_headings_are_recognised_with_their_variants(text: str, section: str) -> None:
    found = match_section(text, TEMPLATE_2021, after=-1)
    assert found is not None
    assert SECTION_IDS[found] == section


@pytest.mark.parametrize(
    "text",
    [
        "（一）主动公开情况",
        "（二）依申请公开情况。定期对政府信息公开申请集中的领域和热点问题进行研判。",
        "（四）政府信息公开平台建设情况",
        "一是进一步规范政务信息的管理流程",
        "四、结转下年度继续办理",
        "2021 年市审批服务管理局坚持以《中华人民共和国信息公开条例》为总纲领。",
        "我主动公开。",  # short, and its words are 二's, but a sentence (hypothesis found it)
        "我主动公开：",  # … and a lead-in to a list (hypothesis found it too)
        "其他需要报告的事项。",
    ],
)
def test_sub_items_and_sentences_are_not_section_headings(text: str) -> None:
    assert match_section(text, TEMPLATE_2021, after=0) is None


def test_sections_only_move_forward() -> None:
    assert match_section("一、总体情况", TEMPLATE_2021, after=2) is None
    assert match_section("六、其他需要报告的事项", TEMPLATE_2021, after=2) == 5


@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("一、总体情况", "overview"),
        ("二．主动公开政府信息的情况", "proactive"),
        ("四、政府信息公开行政复议、行政诉讼情况", "appeals"),
        ("（四）政府信息公开行政复议、行政诉讼情况", "appeals"),
        ("四、 政府信息公开行政复议、行政诉讼情况：", "appeals"),
        ("五、存在问题及改进情况", "problems"),
        ("六、其他需要报告的事项", "other"),
    ],
)
def test_an_exact_section_heading_is_recognised_in_any_order(text: str, section: str) -> None:
    found = match_section_heading(text, TEMPLATE_2021)
    assert found is not None
    assert SECTION_IDS[found] == section
    assert match_section(text, TEMPLATE_2021, after=5) is None  # what the forward-only match cannot see


@pytest.mark.parametrize(
    "text",
    [
        "四、政府信息公开行政复议、行政诉讼情况，本年度未发生。",
        "四、结转下年度继续办理",
        "四、行政复议、行政诉讼情况",
        "政府信息公开行政复议、行政诉讼情况",
        "（三）不予公开",
        "三、本年度办理结果",
        "七、其他需要报告的事项",
    ],
)
def test_only_exact_headings_are_recognised_out_of_order(text: str) -> None:
    assert match_section_heading(text, TEMPLATE_2021) is None


@pytest.mark.parametrize(
    ("text", "year", "agency"),
    [
        ("2021 年政府信息公开工作年度报告", 2021, ""),
        ("淮安市人民政府2024年政府信息公开工作年度报告", 2024, "淮安市人民政府"),
        ("2021年吴忠市审批服务管理局政府信息公开工作年度报告", 2021, "吴忠市审批服务管理局"),
        ("吴忠市审批服务管理局2021年度政府信息公开工作年度报告", 2021, "吴忠市审批服务管理局"),
        ("二〇二一年政府信息公开工作年度报告", 2021, ""),
        ("政府信息公开工作年度报告格式模板", None, ""),
    ],
)
def test_titles_give_year_and_agency(text: str, year: int | None, agency: str) -> None:
    found = match_title(text)
    assert found is not None
    assert found.year == year
    assert found.agency == agency


@pytest.mark.parametrize(
    "text",
    [
        "依据《中华人民共和国政府信息公开条例》第五十条之规定，制作本报告。",
        "本报告由淮安市人民政府办公室根据《条例》规定编制。",
        "一、总体情况",
    ],
)
def test_sentences_are_not_titles(text: str) -> None:
    assert match_title(text) is None


@pytest.mark.parametrize("text", ["- 4 -", "—4—", "第 4 页", "第4页 共6页", "4/6", "12"])
def test_page_footers(text: str) -> None:
    assert is_footer(text)


@pytest.mark.parametrize("text", ["无。", "2021 年全年收到政府信息公开申请 0 件。", "一是"])
def test_text_is_not_a_footer(text: str) -> None:
    assert not is_footer(text)


def _lines(*texts: str) -> list[Line]:
    return [Line(t.strip(), SourceRef(line=i), indented=t[:1].isspace()) for i, t in enumerate(texts, 1)]


def test_a_paragraph_broken_by_a_page_break_is_rejoined() -> None:
    joined = join_lines(
        _lines("依申请公开方面：畅通依申请公开受理渠道、精准规范答", "复意见，制定会商机制等措施。")
    )
    assert [t for t, _ in joined] == [
        "依申请公开方面：畅通依申请公开受理渠道、精准规范答复意见，制定会商机制等措施。"
    ]
    assert joined[0][1].line == 1


def test_sentence_ends_new_items_and_indentation_start_paragraphs() -> None:
    texts = [
        t
        for t, _ in join_lines(
            _lines(
                "第一段结束。",
                "第二段没有结束",
                "一是新的一项",
                "　　缩进的一行开始新段",
                "下一行接上",
                "（一）主动公开情况",
                "2024 年，市政府网站主动公开。",
            )
        )
    ]
    assert texts == [
        "第一段结束。",
        "第二段没有结束",
        "一是新的一项",
        "缩进的一行开始新段下一行接上",
        "（一）主动公开情况",
        "2024 年，市政府网站主动公开。",
    ]


def test_lines_marked_as_headings_are_never_joined() -> None:
    lines = [
        Line("小标题", SourceRef(), heading=True),
        Line("正文没有句号", SourceRef()),
        Line("接上", SourceRef()),
    ]
    assert [t for t, _ in join_lines(lines)] == ["小标题", "正文没有句号接上"]
