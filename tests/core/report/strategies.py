"""Hypothesis strategies for annual reports, shared by the parser, renderer and rules tests.

    reports(template_id=None)             any valid Report: either template, counts or None, a Decimal amount
    consistent_reports(template_id=None)  every cell filled and every consistency identity (勾稽关系) holding

Narrative paragraphs look like real ones: CJK text with Chinese punctuation and digits, no surrounding
whitespace, no line breaks, never starting with an item number (so a paragraph is never taken for a heading) and
always ending a sentence (so no reader may rejoin two paragraphs as one broken by a page).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from decimal import Decimal

from hypothesis import strategies as st

from gongkai.core.report.model import NARRATIVE_KEYS, CellValue, Report
from gongkai.core.report.templates import TEMPLATES, get_template

__all__ = ["agencies", "amounts", "consistent_reports", "paragraphs", "reports", "template_ids", "years"]

_PLACES = (
    "吴忠市",
    "淮安市",
    "银川市",
    "北京市朝阳区",
    "盐池县",
    "青铜峡市",
    "江苏省",
    "宁夏回族自治区",
    "涟水县",
)
_BODIES = (
    "人民政府",
    "人民政府办公室",
    "审批服务管理局",
    "教育局",
    "生态环境局",
    "自然资源局",
    "市场监督管理局",
    "住房和城乡建设局",
    "卫生健康委员会",
)

# Characters a paragraph is made of. Item numerals (一二三…) are left out of the first character only.
_FIRST = "我本全市区县局在对按为根据坚持围绕加强推进认真严格政务公开信息工作群众企业服务平台网站"
_BODY_CHARS = (
    _FIRST + "一二三四五六七八九十的了和与及等是有不开展落实制度管理规范渠道申请办理答复依法主动"
    "政府公报新媒体微博微信0123456789，、；：“”《》（）"
)
_ENDINGS = ("。", "！", "？", "；", "：", "。”")


def template_ids() -> st.SearchStrategy[str]:
    return st.sampled_from(tuple(TEMPLATES))


def agencies() -> st.SearchStrategy[str]:
    return st.builds(lambda place, body: place + body, st.sampled_from(_PLACES), st.sampled_from(_BODIES))


def years() -> st.SearchStrategy[int]:
    return st.integers(min_value=2019, max_value=2030)


def amounts() -> st.SearchStrategy[Decimal]:
    """Non-negative amounts in 万元 with at most four decimals, e.g. 0, 3.5, 96171.6, 0.0012 — at most 1 亿万元,
    so that the sum of a few reports stays within `MAX_CELL_VALUE` (beyond it a value is a misread figure)."""
    return st.builds(
        lambda units, places: Decimal(units).scaleb(-places),
        st.integers(min_value=0, max_value=10**8),
        st.integers(min_value=0, max_value=4),
    )


def paragraphs() -> st.SearchStrategy[str]:
    return st.builds(
        lambda first, body, end: first + body + end,
        st.sampled_from(_FIRST),
        st.text(alphabet=_BODY_CHARS, min_size=0, max_size=60),
        st.sampled_from(_ENDINGS),
    )


def _sections() -> st.SearchStrategy[dict[str, tuple[str, ...]]]:
    return _SECTIONS


# Built once: constructing strategies inside every draw is what makes hypothesis slow.
_SECTIONS = st.fixed_dictionaries(
    {key: st.lists(paragraphs(), min_size=0, max_size=3).map(tuple) for key in NARRATIVE_KEYS}
)
_AMOUNT_OR_NONE = st.one_of(st.none(), amounts())
_SEEDS = st.integers(min_value=0, max_value=2**32 - 1)
_BLANK_SHARES = st.sampled_from((0.0, 0.05, 0.3, 1.0))
_LARGEST = st.sampled_from((0, 9, 999, 10**6))


@st.composite
def _cell_values(draw: st.DrawFn, template_id: str) -> dict[str, CellValue]:
    # Two hundred cells drawn one by one make hypothesis slow (~0.1 s a report): the counts come from a Random
    # seeded by a drawn integer (reproducible; a failure shrinks in the drawn choices — the seed, how many cells
    # are blank, how large the counts are — rather than cell by cell).
    rnd = random.Random(draw(_SEEDS))
    blank_share = draw(_BLANK_SHARES)
    largest = draw(_LARGEST)
    cells: dict[str, CellValue] = {}
    for cell in get_template(template_id).cells:
        if cell.kind == "amount":
            cells[cell.id] = draw(_AMOUNT_OR_NONE)
        elif rnd.random() < blank_share:
            cells[cell.id] = None
        else:
            cells[cell.id] = rnd.choice((0, rnd.randint(0, largest), largest))
    return cells


@st.composite
def reports(draw: st.DrawFn, template_id: str | None = None) -> Report:
    """Any valid report: cells are counts, Decimal amounts or None (blank), narrative in every section or none."""
    tid = template_id or draw(template_ids())
    return Report(
        template=tid,
        agency=draw(agencies()),
        year=draw(years()),
        cells=draw(_cell_values(tid)),
        sections=draw(_sections()),
    )


@st.composite
def consistent_reports(draw: st.DrawFn, template_id: str | None = None) -> Report:
    """A report with no blank cell whose tables satisfy every identity of the spec's consistency rules 1–4."""
    tid = template_id or draw(template_ids())
    spec = get_template(tid)
    rnd = random.Random(draw(_SEEDS))
    largest = draw(st.sampled_from((0, 9, 500)))

    def count() -> int:
        return rnd.choice((0, rnd.randint(0, largest)))

    cells: dict[str, CellValue] = {}
    for cell in spec.table("t2").cells():
        cells[cell.id] = draw(amounts()) if cell.kind == "amount" else rnd.randint(0, 10**6)

    t3 = spec.table("t3").blocks[0]
    parts = [c.id for c in t3.columns if c.id != "total"]
    for part in parts:
        outcomes = {row_id: count() for row_id in spec.outcome_rows}
        handled = sum(outcomes.values())
        carried_forward = count()
        carried_over = rnd.randint(0, handled + carried_forward)
        values: Mapping[str, int] = {
            **outcomes,
            "total": handled,
            "carried_forward": carried_forward,
            "carried_over": carried_over,
            "new": handled + carried_forward - carried_over,
        }
        for row_id, value in values.items():
            cells[f"t3.{row_id}.{part}"] = value
    for row in t3.rows:
        cells[f"t3.{row.id}.total"] = sum(_int(cells[f"t3.{row.id}.{part}"]) for part in parts)

    t4 = spec.table("t4").blocks[0]
    for group in t4.rows:
        total = 0
        for column in t4.columns:
            if column.id != "total":
                value = count()
                cells[f"t4.{group.id}.{column.id}"] = value
                total += value
        cells[f"t4.{group.id}.total"] = total
    return Report(
        template=tid, agency=draw(agencies()), year=draw(years()), cells=cells, sections=draw(_sections())
    )


def _int(value: CellValue) -> int:
    assert isinstance(value, int)
    return value
