"""The text side of a report: section headings, the title, page footers and paragraphs broken across lines.

Real reports number their sections `一、` (sometimes `（一）`) and word the titles slightly differently
("主动公开政府信息的情况", "存在问题及改进情况"); a heading is recognised by its number and by the similarity of
its words to the template's title once the words every title shares (政府信息公开, 工作, 情况, 的) are set aside.
Sections only move forward, so "（一）主动公开情况" inside section 一 is never taken for section 二 — except for a
line that is exactly a section's heading, number and title (or a variant of the title): that is recognised in any
order (a workbook whose narrative sheet comes before its table sheets).

A line that does not end a sentence, followed by one that does not start a new item (`一是`, `（二）`, `3.`) and is
not indented, continues the same paragraph: that is how page breaks and hard line wraps are undone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from gongkai.core.report.labels import normalize
from gongkai.core.report.model import SourceRef
from gongkai.core.report.template import Section, Template

__all__ = [
    "Line",
    "TitleMatch",
    "is_footer",
    "is_placeholder",
    "join_lines",
    "match_section",
    "match_section_heading",
    "match_title",
    "original_spelling",
    "starts_item",
    "year_line",
]

_HEADING_NUMBER = re.compile(r"^(?:第)?([一二三四五六七八九十]+)(?:[,.:]|部分)")
_BRACKET_NUMBER = re.compile(r"^[(\[]([一二三四五六七八九十]+)[)\]]")
_SHARED_WORDS = ("政府信息公开", "政府信息", "工作", "情况", "的")
# What only a government website's footer says: its registration numbers and copyright line.
_SITE_FOOTER = re.compile(r"网站标识码|ICP备|ICP证|公网安备|版权所有|Copyright|©", re.IGNORECASE)
_MAX_SITE_FOOTER = 300
_FOOTER = re.compile(r"^(?:[-—–]+\d{1,4}[-—–]+|第\d{1,4}页(?:共\d{1,4}页)?|\d{1,4}/\d{1,4}|-?\d{1,3}-?)$")
# A heading holds none of these before its last character (a quick test before the similarity measure).
_SENTENCE_MARK = re.compile("[。，；！？,;!?]")
_SENTENCE_END = "。！？；：!?;:…"
_CLOSERS = "”’」』）)】》*\"' "
_ITEM_START = re.compile(
    r"^(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、是.．]|\d{1,2}[、.．)）](?!\d)"
    r"|第[一二三四五六七八九十]{1,3}[，,、是]|[①-⑳])"
)
_REPORT_WORDS = r"(?:政府信息公开|政务公开)(?:工作)?(?:年度)?(?:工作)?报告(?P<tail>.*)$"
_TITLE_WITH_YEAR = re.compile(
    r"^(?P<before>.*?)(?P<year>\d{4}|[〇零○O一二三四五六七八九]{4})年度?(?P<after>.*?)" + _REPORT_WORDS
)
_TITLE_WITHOUT_YEAR = re.compile(r"^(?P<before>.*?)" + _REPORT_WORDS)
_YEAR_LINE = re.compile(r"\(?(\d{4}|[〇零○O一二三四五六七八九]{4})年度?\)?")
# Longer lines are never footers, placeholders, headings or titles (checked before normalising a paragraph).
_MAX_FOOTER, _MAX_PLACEHOLDER, _MAX_HEADING, _MAX_TITLE = 24, 48, 80, 120
_CN_DIGITS = {"〇": "0", "零": "0", "○": "0", "O": "0"} | {
    d: str(i) for i, d in enumerate("一二三四五六七八九", 1)
}


class Line(NamedTuple):
    """A paragraph as read, before rejoining: its text (stripped), whether it was indented or marked a heading."""

    text: str
    source: SourceRef
    indented: bool = False
    heading: bool = False


def is_footer(text: str) -> bool:
    """Page footers and numbers such as "- 4 -", "第 4 页 共 6 页", "4/6"; and a portal's site footer (主办…
    网站标识码… ICP备…) left at the end of a web page saved as PDF or text."""
    if len(text) <= _MAX_SITE_FOOTER and _SITE_FOOTER.search(text):
        return True
    return len(text) <= _MAX_FOOTER and bool(_FOOTER.match(normalize(text)))


def is_placeholder(text: str, template: Template) -> bool:
    """The blank template's "（文字描述）" and its variants: they stand for an empty section."""
    return len(text) <= _MAX_PLACEHOLDER and normalize(text) in _placeholders(template.sections)


@lru_cache(maxsize=8)
def _placeholders(sections: tuple[Section, ...]) -> frozenset[str]:
    return frozenset(normalize(s.placeholder) for s in sections)


def _core_words(text: str) -> str:
    for word in _SHARED_WORDS:
        text = text.replace(word, "")
    return text


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


@lru_cache(maxsize=64)
def _title_cores(section: Section) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(_bigrams(_core_words(normalize(t)))) for t in (section.title, *section.variants))


def _similarity(left: set[str] | frozenset[str], right: set[str] | frozenset[str]) -> float:
    if not left or not right:
        return 0.0
    return 2 * len(left & right) / (len(left) + len(right))


def match_section(text: str, template: Template, *, after: int) -> int | None:
    """The index of the section this heading line starts, or None; only sections after index `after` count."""
    if len(text) > _MAX_HEADING or _SENTENCE_MARK.search(text, 0, len(text) - 1):
        return None
    key = (template.id, text)
    candidates = _CANDIDATES.get(key)
    if candidates is None:
        if len(_CANDIDATES) >= _MAX_CANDIDATES:
            _CANDIDATES.clear()
        candidates = _CANDIDATES[key] = _section_candidates(text, template.sections)
    best: tuple[float, int] | None = None
    for index, score in candidates:
        if index > after and (best is None or score > best[0]):
            best = (score, index)
    return None if best is None else best[1]


# (template id, line) → the sections the line can start, with their scores: documents repeat the same headings.
_CANDIDATES: dict[tuple[str, str], tuple[tuple[int, float], ...]] = {}
_MAX_CANDIDATES = 8192


def _section_candidates(text: str, sections: tuple[Section, ...]) -> tuple[tuple[int, float], ...]:
    """Every section whose title is similar enough to the line's, in order; see `match_section`."""
    folded = normalize(text)
    if not folded or len(folded) > 40 or ("." in folded[2:] and not folded.endswith(".")):
        return ()
    # A colon ends a lead-in ("我主动公开：" introduces a list) as much as a full stop ends a sentence.
    ends_sentence = folded.endswith((".", "!", "?", ";", ":"))
    folded = folded.rstrip(".:")
    number: str | None = None
    bracketed = False
    match = _HEADING_NUMBER.match(folded)
    if match is not None:
        number, title = match.group(1), folded[match.end() :]
    else:
        bracket = _BRACKET_NUMBER.match(folded)
        if bracket is not None:
            number, title, bracketed = bracket.group(1), folded[bracket.end() :], True
        elif ends_sentence:
            return ()  # "我主动公开。" is a sentence; only a numbered heading may end with a full stop or colon
        else:
            title = folded
    core = _bigrams(_core_words(title))
    candidates: list[tuple[int, float]] = []
    for index, section in enumerate(sections):
        score = max(_similarity(core, title_core) for title_core in _title_cores(section))
        same_number = number == section.number
        needed = 0.8 if bracketed or number is None else (0.5 if same_number else 0.8)
        if bracketed and not same_number:
            continue
        if score >= needed:
            candidates.append((index, score))
    return tuple(candidates)


def match_section_heading(text: str, template: Template) -> int | None:
    """The index of the section whose heading `text` is exactly (number and title or variant), in any order.

    "四、政府信息公开行政复议、行政诉讼情况" and "（四）政府信息公开行政复议、行政诉讼情况" are; "四、结转下年度继续办理"
    and a sentence that merely starts like a heading are not.
    """
    if len(text) > _MAX_HEADING or _SENTENCE_MARK.search(text, 0, len(text) - 1):
        return None
    folded = normalize(text).rstrip(".:")
    match = _HEADING_NUMBER.match(folded) or _BRACKET_NUMBER.match(folded)
    if match is None:
        return None
    return _exact_headings(template.sections).get((match.group(1), folded[match.end() :]))


@lru_cache(maxsize=8)
def _exact_headings(sections: tuple[Section, ...]) -> dict[tuple[str, str], int]:
    return {
        (section.number, normalize(title)): index
        for index, section in enumerate(sections)
        for title in (section.title, *section.variants)
    }


@dataclass(frozen=True)
class TitleMatch:
    year: int | None
    agency: str


def _year(text: str | None) -> int | None:
    if not text:
        return None
    digits = "".join(_CN_DIGITS.get(ch, ch) for ch in text)
    if not digits.isdigit():
        return None
    year = int(digits)
    return year if 1990 <= year <= 2100 else None


def match_title(text: str) -> TitleMatch | None:
    """Recognise "淮安市人民政府2024年政府信息公开工作年度报告" and its word orders; None if not a title."""
    if len(text) > _MAX_TITLE:
        return None
    folded = normalize(text)
    if len(folded) > 80 or "." in folded.rstrip("."):
        return None
    match = _TITLE_WITH_YEAR.match(folded)
    year = None if match is None else _year(match.group("year"))
    if match is None or year is None:
        match = _TITLE_WITHOUT_YEAR.match(folded)
        year = None
    if match is None:
        return None
    tail = match.group("tail")
    if tail and not re.fullmatch(r"(?:\(.*\)|格式|模板|\.)*", tail):
        return None
    if year is None and tail:
        year = year_line(tail)
    groups = match.groupdict()
    agency = (groups.get("before") or groups.get("after") or "").strip(",:")
    agency = re.sub(r"^关于", "", agency)
    if year is None:
        agency = re.sub(
            r"年度?$", "", agency
        )  # the year's digits on a line of their own: "淮安市人民政府 年…"
    return TitleMatch(year=year, agency=original_spelling(text, agency))


def year_line(text: str) -> int | None:
    """The year of a line that says only which year: "（2021年度）", "2021年", "二〇二一年度"."""
    match = _YEAR_LINE.fullmatch(normalize(text))
    return None if match is None else _year(match.group(1))


def original_spelling(text: str, folded_part: str) -> str:
    """The agency as written in `text` (normalisation folds width; keep what the document says)."""
    if not folded_part:
        return ""
    compact = re.sub(r"\s+", "", text)
    index = normalize(compact).find(folded_part)
    if index >= 0 and len(normalize(compact)) == len(compact):
        return compact[index : index + len(folded_part)]
    return folded_part


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def starts_item(text: str) -> bool:
    return bool(_ITEM_START.match(text.lstrip("*")))


def _is_short_heading(text: str) -> bool:
    return len(text) <= 25 and starts_item(text) and not _ends_sentence(text)


def join_lines(lines: Iterable[Line]) -> list[tuple[str, SourceRef]]:
    """Rejoin paragraphs broken by page breaks or hard line wraps; each paragraph keeps its first line's source."""
    out: list[tuple[str, SourceRef]] = []
    open_paragraph = False
    for line in lines:
        if not line.text:
            continue
        joins = (
            open_paragraph
            and out
            and not line.indented
            and not line.heading
            and not starts_item(line.text)
            and not _is_short_heading(out[-1][0])
        )
        if joins:
            text, source = out[-1]
            out[-1] = (text + line.text, source)
        else:
            out.append((line.text, line.source))
        open_paragraph = not line.heading and not _ends_sentence(out[-1][0])
    return out
