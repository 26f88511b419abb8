"""The first draft of a report's narrative, with the year's facts already written in, for the officer to edit.

    sections = draft_sections(agency="吴忠市审批服务管理局", year=2021, cells=report.cells, facts=facts)

Sections 一 (overview), 五 (problems) and 六 (other) and the preamble are drafted from the tables' cells and
`DraftFacts` (channel counts, 人大代表建议 and 政协提案 responses, open days, 信息处理费). A figure that is unknown
(None) is left out rather than written as 0. Where only the agency can say something (its priorities, the
problems it found) the draft holds a prompt in 【】 beginning with 请; `placeholder_findings` reports every prompt
left, so a draft cannot be checked until a person has written those parts.

The figures about applications and appeals are written from the tables themselves, in the wording the
narrative rule (rule 7) reads, so the text and the tables agree by construction.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.core.report.model import CellValue, Finding, Report, Severity
from gongkai.core.report.templates import get_template

__all__ = [
    "PLACEHOLDER",
    "DraftFacts",
    "draft_report",
    "draft_sections",
    "placeholder_findings",
]

# A prompt for the officer: 【请…】. Nothing else in a report uses these brackets with 请.
PLACEHOLDER = re.compile(r"【请[^】]*】")


@dataclass(frozen=True)
class DraftFacts:
    """The year's facts the narrative states. Channel maps are label → count (labels in Chinese, in the order
    they should be written); None means the figure was not recorded."""

    portal_items: int | None = None
    new_media_posts: int | None = None
    posts_by_channel: Mapping[str, int] = field(default_factory=dict)
    npc_suggestions_disclosed: int | None = None
    cppcc_proposals_disclosed: int | None = None
    open_days: int | None = None
    press_conferences: int | None = None
    processing_fees_yuan: Decimal | None = None
    applications_by_channel: Mapping[str, int] = field(default_factory=dict)


def _n(value: CellValue) -> int | None:
    return int(value) if value is not None else None


def _yuan(amount: Decimal) -> str:
    text = format(amount.quantize(Decimal("0.01")), "f")
    return text[:-3] if text.endswith(".00") else text


def _join(parts: list[str]) -> str:
    return "、".join(parts)


def _preamble(year: int) -> tuple[str, ...]:
    return (
        "本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）第五十条的规定编制，内容包括总体情况、"
        "主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
        "存在的主要问题及改进情况、其他需要报告的事项。"
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
    )


def _proactive(year: int, facts: DraftFacts) -> str | None:
    clauses: list[str] = []
    if facts.portal_items is not None:
        clauses.append(f"{year}年在政府门户网站主动公开政府信息{facts.portal_items}条")
    if facts.new_media_posts is not None:
        detail = ""
        if facts.posts_by_channel:
            detail = f"（其中{_join([f'{label}{n}条' for label, n in facts.posts_by_channel.items()])}）"
        clauses.append(f"在政务微博和微信公众号发布信息{facts.new_media_posts}条{detail}")
    sentences: list[str] = []
    if clauses:
        sentences.append("，".join(clauses) + "。")
    responses: list[str] = []
    if facts.npc_suggestions_disclosed:
        responses.append(f"{facts.npc_suggestions_disclosed}件人大代表建议办理答复")
    if facts.cppcc_proposals_disclosed:
        responses.append(f"{facts.cppcc_proposals_disclosed}件政协委员提案办理答复")
    if responses:
        sentences.append(f"按时将标注为主动公开属性的{'和'.join(responses)}在政府门户网站公开。")
    events: list[str] = []
    if facts.open_days:
        events.append(f"举办“政府开放日”活动{facts.open_days}次")
    if facts.press_conferences:
        events.append(f"召开新闻发布会{facts.press_conferences}场")
    if events:
        sentences.append("，".join(events) + "。")
    if not sentences:
        return None
    return "主动公开方面：" + "".join(sentences)


def _applications(year: int, cells: Mapping[str, CellValue], facts: DraftFacts) -> str | None:
    new = _n(cells.get("t3.new.total"))
    if new is None:
        return None
    text = f"依申请公开方面：{year}年全年收到政府信息公开申请{new}件"
    channels = [f"{label}{n}件" for label, n in facts.applications_by_channel.items() if n]
    if new and channels:
        # Channel names may hold a 、 themselves (邮政挂号、快递): the list is joined with commas.
        text += f"（{'，'.join(channels)}）"
    carried_over = _n(cells.get("t3.carried_over.total"))
    if carried_over:
        text += f"，上年结转政府信息公开申请{carried_over}件"
    text += "。"
    total = _n(cells.get("t3.total.total"))
    forward = _n(cells.get("t3.carried_forward.total"))
    if total is not None and (new or carried_over):
        text += f"本年度办理完毕{total}件"
        if forward is not None:
            text += f"，结转下年度继续办理{forward}件"
        text += "。"
    reconsideration = _n(cells.get("t4.reconsideration.total"))
    direct = _n(cells.get("t4.litigation_direct.total"))
    after = _n(cells.get("t4.litigation_after.total"))
    if reconsideration is not None and direct is not None and after is not None:
        text += f"因政府信息公开被申请行政复议{reconsideration}件，被提起行政诉讼{direct + after}件。"
    return text


_DOCUMENT_KINDS = (("rules", "规章"), ("normative", "行政规范性文件"))


def _management(year: int, cells: Mapping[str, CellValue]) -> str | None:
    figures = {
        f"{kind}.{column}": _n(cells.get(f"t2.{kind}.{column}"))
        for kind, _label in _DOCUMENT_KINDS
        for column in ("issued", "repealed", "in_force")
    }
    if any(v is None for v in figures.values()):
        return None
    issued = [f"{label}{figures[f'{kind}.issued']}件" for kind, label in _DOCUMENT_KINDS]
    repealed = [f"{label}{figures[f'{kind}.repealed']}件" for kind, label in _DOCUMENT_KINDS]
    in_force = [f"{label}{figures[f'{kind}.in_force']}件" for kind, label in _DOCUMENT_KINDS]
    return (
        f"政府信息管理方面：本年制发{_join(issued)}，废止{_join(repealed)}；"
        f"截至{year}年12月31日，现行有效{_join(in_force)}。"
        "严格执行公开前保密审查，做好文件有效性管理。"
    )


def _overview(agency: str, year: int, cells: Mapping[str, CellValue], facts: DraftFacts) -> tuple[str, ...]:
    paragraphs = [
        f"{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，"
        "【请填写：本年度政府信息公开工作的总体思路和主要举措】。"
    ]
    for paragraph in (_proactive(year, facts), _applications(year, cells, facts), _management(year, cells)):
        if paragraph is not None:
            paragraphs.append(paragraph)
    paragraphs.append(
        "平台建设和监督保障方面：【请填写：政府网站、政务新媒体建设和政务公开监督考核等情况】。"
    )
    return tuple(paragraphs)


def _problems() -> tuple[str, ...]:
    return (
        "【请填写：本年度政府信息公开工作存在的主要问题】",
        "下一步，我们将从以下方面做好政府信息公开工作：【请填写：改进措施】",
    )


def _other(year: int, facts: DraftFacts) -> tuple[str, ...]:
    fees = facts.processing_fees_yuan
    if fees is None:
        return ("【请填写：本年度收取信息处理费的情况；未收取的写明“未收取信息处理费”】",)
    if fees == 0:
        return (f"{year}年度本机关未收取政府信息公开信息处理费。",)
    return (f"{year}年度本机关依据《政府信息公开信息处理费管理办法》收取信息处理费{_yuan(fees)}元。",)


def draft_sections(
    *, agency: str, year: int, cells: Mapping[str, CellValue], facts: DraftFacts
) -> dict[str, tuple[str, ...]]:
    """The narrative of a first draft: preamble, 一 (overview), 五 (problems) and 六 (other)."""
    return {
        "preamble": _preamble(year),
        "overview": _overview(agency, year, cells, facts),
        "problems": _problems(),
        "other": _other(year, facts),
    }


def draft_report(
    *, template: str, agency: str, year: int, cells: Mapping[str, CellValue], facts: DraftFacts
) -> Report:
    """A first draft: the tables' cells as given and the narrative drafted from them and the facts."""
    return Report(
        template=template,
        agency=agency,
        year=year,
        cells=cells,
        sections=draft_sections(agency=agency, year=year, cells=cells, facts=facts),
    )


_SECTION_OF_KEY = {"preamble": None, "overview": "overview", "problems": "problems", "other": "other"}


def placeholder_findings(report: Report) -> tuple[Finding, ...]:
    """One error per prompt (【请…】) still in the narrative: the parts only the agency can write."""
    spec = get_template(report.template)
    findings: list[Finding] = []
    for key, paragraphs in report.sections.items():
        section_id = _SECTION_OF_KEY.get(key)
        where = "报告开头" if section_id is None else f"“{spec.section(section_id).heading}”部分"
        for paragraph in paragraphs:
            for match in PLACEHOLDER.finditer(paragraph):
                findings.append(
                    Finding(
                        code="draft.placeholder",
                        severity=Severity.ERROR,
                        message=f"{where}仍有待填写的提示“{match.group(0)}”，请改写为实际情况后再校验。",
                        actual=match.group(0),
                    )
                )
    return tuple(findings)
