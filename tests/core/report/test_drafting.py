"""Drafting the narrative from facts: the facts are stated, unknown figures are left out, the text agrees with
the tables under the narrative rule, and every prompt left for the officer is a finding."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.report import io
from gongkai.core.report.drafting import DraftFacts, draft_report, draft_sections, placeholder_findings
from gongkai.core.report.model import CellValue, Report
from gongkai.core.report.rules import validate
from tests.core.report.strategies import consistent_reports

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "corpus"

WUZHONG_FACTS = DraftFacts(
    portal_items=2,
    new_media_posts=246,
    posts_by_channel={"政务微博": 103, "微信公众号": 143},
    cppcc_proposals_disclosed=2,
    npc_suggestions_disclosed=0,
    open_days=1,
    processing_fees_yuan=Decimal(0),
)


def _wuzhong_cells() -> dict[str, CellValue]:
    parsed = io.parse_file(CORPUS / "wuzhong-approval-bureau-2021.txt").report
    return {cell: 0 if value is None else value for cell, value in parsed.cells.items()}


def test_the_real_reports_facts_are_stated_in_section_one() -> None:
    sections = draft_sections(
        agency="吴忠市审批服务管理局", year=2021, cells=_wuzhong_cells(), facts=WUZHONG_FACTS
    )
    overview = "".join(sections["overview"])
    assert "在政府门户网站主动公开政府信息2条" in overview
    assert "在政务微博和微信公众号发布信息246条（其中政务微博103条、微信公众号143条）" in overview
    assert "2件政协委员提案办理答复" in overview
    assert "人大代表建议" not in overview  # zero responses are not boasted about
    assert "“政府开放日”活动1次" in overview
    assert "2021年全年收到政府信息公开申请0件" in overview
    assert sections["other"] == ("2021年度本机关未收取政府信息公开信息处理费。",)
    assert "统计期限自2021年1月1日起至2021年12月31日止" in sections["preamble"][0]


def test_unknown_figures_are_left_out_not_written_as_zero() -> None:
    cells = {"t3.new.total": None}
    sections = draft_sections(agency="某局", year=2024, cells=cells, facts=DraftFacts())
    text = "".join(p for paragraphs in sections.values() for p in paragraphs)
    assert "主动公开方面" not in text
    assert "依申请公开方面" not in text
    assert "政府信息管理方面" not in text
    assert "0件" not in text
    assert "0条" not in text
    assert "信息处理费" in sections["other"][0]
    assert sections["other"][0].startswith("【请")


def test_fees_collected_are_stated_in_yuan() -> None:
    sections = draft_sections(
        agency="某局", year=2024, cells={}, facts=DraftFacts(processing_fees_yuan=Decimal("4700.00"))
    )
    assert sections["other"] == (
        "2024年度本机关依据《政府信息公开信息处理费管理办法》收取信息处理费4700元。",
    )
    cents = draft_sections(
        agency="某局", year=2024, cells={}, facts=DraftFacts(processing_fees_yuan=Decimal("12.5"))
    )
    assert "12.50元" in cents["other"][0]


def test_every_prompt_is_a_finding_and_writing_them_clears_the_findings() -> None:
    draft = draft_report(template="2021", agency="某局", year=2024, cells={}, facts=WUZHONG_FACTS)
    findings = placeholder_findings(draft)
    assert len(findings) == 4
    assert {f.code for f in findings} == {"draft.placeholder"}
    assert all("请改写为实际情况" in f.message for f in findings)
    assert any("“五、存在的主要问题及改进情况”部分" in f.message for f in findings)
    written = {
        key: tuple(re.sub(r"【请[^】]*】", "已按要求落实", p) for p in paragraphs)
        for key, paragraphs in draft.sections.items()
    }
    edited = Report(template="2021", agency="某局", year=2024, cells={}, sections=written)
    assert placeholder_findings(edited) == ()


@settings(max_examples=60, deadline=None)
@given(report=consistent_reports("2021"), facts_known=st.booleans())
def test_the_drafted_text_agrees_with_the_tables(report: Report, facts_known: bool) -> None:
    """The figures written from the tables are read back by the narrative rule and match."""
    facts = WUZHONG_FACTS if facts_known else DraftFacts()
    draft = draft_report(
        template="2021", agency=report.agency, year=report.year, cells=report.cells, facts=facts
    )
    assert [f for f in validate(draft) if f.code.startswith("narrative.figure")] == []
    overview = "".join(draft.sections["overview"])
    assert f"全年收到政府信息公开申请{report['t3.new.total']}件" in overview


def test_a_wrong_figure_in_the_draft_would_be_caught() -> None:
    """The rule that vouches for the drafted figures does read them: change a table and it complains."""
    cells = _wuzhong_cells()
    cells.update(
        {
            "t3.new.natural": 3,
            "t3.new.total": 3,
            "t3.carried_forward.natural": 3,
            "t3.carried_forward.total": 3,
        }
    )
    draft = draft_report(template="2021", agency="某局", year=2021, cells=cells, facts=DraftFacts())
    tampered = draft.with_cells(
        t3__new__total=4, t3__new__natural=4, t3__carried_forward__natural=4, t3__carried_forward__total=4
    )
    codes = {f.code for f in validate(tampered)}
    assert any(code.startswith("narrative.figure") for code in codes), codes
