"""Reading figures out of a report's narrative, and comparing narratives across years.

The patterns are deliberately narrow: a figure is taken only when the wording leaves no doubt what it counts.
Every pattern is matched against an NFKC-folded paragraph (half-width digits, brackets and punctuation), starts
at the beginning of a clause (after 。；，：！？ or an opening bracket) and may not run over a sentence end. A
sentence about 人大代表建议, 提案, 新闻发布会, 规章 or a previous year does not match; an approximate figure
(近/约/逾/超过 N, N 余/多/以上/左右) is ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher
from functools import cache, lru_cache

__all__ = [
    "CARRIED_FORWARD_KEYWORDS",
    "CARRIED_FORWARD_PATTERNS",
    "CARRIED_OVER_KEYWORDS",
    "CARRIED_OVER_PATTERNS",
    "LITIGATION_KEYWORDS",
    "LITIGATION_PATTERNS",
    "NEW_APPLICATION_KEYWORDS",
    "NEW_APPLICATION_PATTERNS",
    "RECONSIDERATION_KEYWORDS",
    "RECONSIDERATION_PATTERNS",
    "FeeStatement",
    "Repetition",
    "StatedFigure",
    "appeal_breakdown_patterns",
    "fee_statements",
    "fold",
    "is_effectively_empty",
    "repetition",
    "stated_figures",
]

_CLAUSE_START = r"(?:^|(?<=[。;,:!?(]))"
_NUMBER = r"(?<![\d.])(?<!\d,)(?P<n>\d+)(?!\.?\d)"
_COUNT_UNIT = r"\s*件"
_CASE_UNIT = r"\s*[件起宗]"
_TOTAL_WORD = r"(?:数量)?(?:共计|合计|总计|总数为|共|为|达)?\s*"


def _gap(limit: int, avoid: Sequence[str] = (), *, digits: bool = False, commas: bool = False) -> str:
    """A lazy run of at most `limit` characters inside one clause (or one sentence when `commas`), containing
    none of the words in `avoid` and, unless `digits`, no digit. A bracket ends a clause: in "答复 3050 件（含上年
    结转 34 件）" the 3050 is not a carried-over figure."""
    stops = "。;!?" if commas else "。;,:!?()"
    if not digits:
        stops += r"\d"
    char = f"[^{stops}]"
    if avoid:
        char = f"(?:(?!{'|'.join(map(re.escape, avoid))}){char})"
    return f"{char}{{0,{limit}}}?"


def _clause(avoid: Sequence[str]) -> str:
    """The start of a clause and whatever precedes the key words in it (digits allowed, `avoid` words not)."""
    return _CLAUSE_START + _gap(40, avoid, digits=True)


# Words that show a clause is about something else than this year's applications.
_NOT_NEW_APPLICATIONS = ("复议", "诉讼", "建议", "提案", "上年", "去年", "上一年", "结转", "答复", "办结")
_APPLY_VERB = "(?:收到|受理|新收|接收|接到)"

NEW_APPLICATION_KEYWORDS = ("申请",)
NEW_APPLICATION_PATTERNS: tuple[str, ...] = (
    # 全年共受理政府信息公开申请 3119 件 · 收到依申请公开申请 12 件
    _clause(_NOT_NEW_APPLICATIONS)
    + _APPLY_VERB
    + _gap(20, _NOT_NEW_APPLICATIONS)
    + "公开"
    + _gap(10, _NOT_NEW_APPLICATIONS)
    + "申请"
    + _TOTAL_WORD
    + _NUMBER
    + _COUNT_UNIT,
    # 共收到 12 件政府信息公开申请
    _clause(_NOT_NEW_APPLICATIONS)
    + _APPLY_VERB
    + _gap(8, _NOT_NEW_APPLICATIONS)
    + _NUMBER
    + _COUNT_UNIT
    + _gap(10, _NOT_NEW_APPLICATIONS)
    + "公开申请",
)

_PREVIOUS_YEAR = "上一?年度?"
_NEXT_YEAR = "下一?年度?"
_APPEALS = ("复议", "诉讼")

CARRIED_OVER_KEYWORDS = ("结转",)
CARRIED_OVER_PATTERNS: tuple[str, ...] = (
    # 上年度结转申请 34 件 · 上年结转政府信息公开申请 2 件
    _clause((*_APPEALS, "下年", "下一年"))
    + _PREVIOUS_YEAR
    + "结转"
    + _gap(14, _APPEALS)
    + _TOTAL_WORD
    + _NUMBER
    + _COUNT_UNIT,
    # 其中 34 件为上年结转
    _clause((*_APPEALS, "下年", "下一年"))
    + _NUMBER
    + _COUNT_UNIT
    + _gap(8, _APPEALS)
    + "(?:为|系|属于?)?"
    + _PREVIOUS_YEAR
    + "结转",
)

CARRIED_FORWARD_KEYWORDS = ("下年", "下一年")
CARRIED_FORWARD_PATTERNS: tuple[str, ...] = (
    # 结转下年度继续办理 5 件
    _clause((*_APPEALS, "上年", "上一年"))
    + "结转(?:至|到|入)?"
    + _NEXT_YEAR
    + _gap(12, _APPEALS)
    + _TOTAL_WORD
    + _NUMBER
    + _COUNT_UNIT,
    # 另有 103 件顺延到下年度答复
    _clause((*_APPEALS, "上年", "上一年"))
    + _NUMBER
    + _COUNT_UNIT
    + _gap(8, _APPEALS)
    + "(?:顺延|结转|转入|转)(?:至|到|入)?"
    + _NEXT_YEAR,
)

# 政府信息公开行政复议 351 件 · 因政府信息公开被申请行政复议 2 件 (not 行政复议和行政诉讼 3 件: a joint figure)
_RECONSIDERATION_ANCHOR = (
    _clause(("诉讼",)) + "公开" + _gap(12, ("诉讼",)) + "行政复议" + _gap(6, ("诉讼",)) + _TOTAL_WORD
)
# 政府信息公开行政诉讼 46 件 · 政府信息公开行政复议 2 件，行政诉讼 1 件 (the 公开 of a reconsideration clause
# carries over to the litigation clause that follows it in the same sentence)
_LITIGATION_ANCHOR = (
    _clause(())
    + "公开"
    + f"(?:{_gap(30, digits=True)}|{_gap(12)}行政复议{_gap(30, digits=True, commas=True)})"
    + "(?<!复议和)(?<!复议及)(?<!复议与)(?<!复议、)行政诉讼"
    + _gap(6, ("复议",))
    + _TOTAL_WORD
)

RECONSIDERATION_KEYWORDS = ("行政复议",)
RECONSIDERATION_PATTERNS: tuple[str, ...] = (_RECONSIDERATION_ANCHOR + _NUMBER + _CASE_UNIT,)
LITIGATION_KEYWORDS = ("行政诉讼",)
LITIGATION_PATTERNS: tuple[str, ...] = (_LITIGATION_ANCHOR + _NUMBER + _CASE_UNIT,)

# How the text names the columns of table 四 in a breakdown: 其中结果维持 72 件，结果纠正 64 件……
_APPEAL_OUTCOME_WORDS = {
    "upheld": "(?:结果)?维持",
    "corrected": "(?:结果)?纠正",
    "other": "其他结果",
    "pending": "尚?未(?:审结|结案)",
}


def appeal_breakdown_patterns(kind: str, column: str) -> tuple[str, ...]:
    """Patterns for one figure of a breakdown following 行政复议 N 件 (`kind` "reconsideration") or 行政诉讼 N 件
    ("litigation"), in the same sentence and not past the other kind's name."""
    anchor, other = (
        (_RECONSIDERATION_ANCHOR, "诉讼") if kind == "reconsideration" else (_LITIGATION_ANCHOR, "复议")
    )
    word = _APPEAL_OUTCOME_WORDS[column]
    return (
        anchor
        + r"\d+"
        + _CASE_UNIT
        + _gap(80, (other,), digits=True, commas=True)
        + word
        + _gap(4)
        + _NUMBER
        + _CASE_UNIT,
    )


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """NFKC: full-width digits, brackets and punctuation become half-width; 。 and 、 stay. Cached: every
    figure rule reads the same paragraphs."""
    return unicodedata.normalize("NFKC", text)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_APPROXIMATE_BEFORE = ("近", "约", "逾", "超过", "超", "多达", "大约")
_APPROXIMATE_AFTER = ("余", "多", "以上", "左右", "以下")


@dataclass(frozen=True)
class StatedFigure:
    """A figure found in the text, with the clause that states it."""

    value: int
    quote: str


_SENTENCE = re.compile(r"[^。;]+")


@lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[tuple[int, int, str], ...]:
    return tuple((m.start(), m.end(), m.group()) for m in _SENTENCE.finditer(text))


def stated_figures(
    paragraphs: Iterable[str], patterns: Sequence[str], keywords: Sequence[str] = ()
) -> tuple[StatedFigure, ...]:
    """Every exact figure the patterns find in the paragraphs, in text order, each quote once.

    No pattern reaches past a sentence end, so each sentence is searched on its own, and only when it holds one
    of `keywords` (when given): most sentences of a report are skipped at the cost of an `in` test."""
    found: list[StatedFigure] = []
    seen: set[tuple[int, str]] = set()
    compiled = [_compiled(p) for p in patterns]
    for paragraph in paragraphs:
        text = fold(paragraph)
        # Quote the clerk's own characters (full-width commas) whenever folding kept the positions.
        original = paragraph if len(paragraph) == len(text) else text
        for start, end, sentence in _sentences(text):
            if keywords and not any(k in sentence for k in keywords):
                continue
            matches = sorted(
                (m for pattern in compiled for m in pattern.finditer(text, start, end)),
                key=lambda m: m.start("n"),
            )
            for match in matches:
                before = text[: match.start("n")].rstrip()
                after = text[match.end() :].lstrip()
                if before.endswith(_APPROXIMATE_BEFORE) or after.startswith(_APPROXIMATE_AFTER):
                    continue
                figure = StatedFigure(int(match.group("n")), original[match.start() : match.end()].strip())
                key = (figure.value, figure.quote)
                if key not in seen:
                    seen.add(key)
                    found.append(figure)
    return tuple(found)


# 全年收取政府信息公开信息处理费 3940 元 (but not the title 《政府信息公开信息处理费管理办法》)
_FEE_STATEMENT = re.compile(
    _CLAUSE_START
    + r"[^。;,:!?(]{0,30}?信息处理费[^。;》]{0,30}?(?<![\d.])(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>万元|元)"
)


@dataclass(frozen=True)
class FeeStatement:
    """An amount of 信息处理费 stated in the text, in its unit (元 or 万元)."""

    amount: Decimal
    unit: str
    quote: str

    @property
    def in_wan(self) -> Decimal:
        return self.amount / 10000 if self.unit == "元" else self.amount


def fee_statements(paragraphs: Iterable[str]) -> tuple[FeeStatement, ...]:
    found: list[FeeStatement] = []
    for paragraph in paragraphs:
        text = fold(paragraph)
        original = paragraph if len(paragraph) == len(text) else text
        for match in _FEE_STATEMENT.finditer(text):
            quote = original[match.start() : match.end()]
            found.append(FeeStatement(Decimal(match.group("n")), match.group("unit"), quote))
    return tuple(found)


_PUNCTUATION_AND_SPACE = re.compile(r"[\s\W_]+")
_NOTHING_TO_REPORT = frozenset({"", "无", "暂无", "没有", "无此情况"})


def is_effectively_empty(paragraphs: Sequence[str]) -> bool:
    """True for no text at all, or text that only says 无 (无。, 暂无, …)."""
    text = _PUNCTUATION_AND_SPACE.sub("", fold("".join(paragraphs)))
    return text in _NOTHING_TO_REPORT


_DIGITS = re.compile(r"\d+")


def _comparable(paragraph: str) -> str:
    # Figures change every year even in a copied paragraph; fold them so a copy is still recognised.
    return _DIGITS.sub("#", _PUNCTUATION_AND_SPACE.sub("", fold(paragraph)))


@dataclass(frozen=True)
class Repetition:
    """How much of last year's narrative reappears: paragraphs and characters, repeated and in all."""

    repeated_paragraphs: int
    total_paragraphs: int
    repeated_chars: int
    total_chars: int

    @property
    def share(self) -> float:
        return self.repeated_chars / self.total_chars if self.total_chars else 0.0


def repetition(
    current: Sequence[str], previous: Sequence[str], *, similarity: float, min_chars: int
) -> Repetition:
    """Which of last year's paragraphs (of at least `min_chars` characters) have a paragraph this year at least
    `similarity` alike (difflib ratio, digits folded)."""
    this_year = [p for p in map(_comparable, current) if p]
    last_year = [p for p in map(_comparable, previous) if len(p) >= min_chars]
    repeated = repeated_chars = 0
    for old in last_year:
        for new in this_year:
            matcher = SequenceMatcher(None, old, new, autojunk=False)
            if (
                matcher.real_quick_ratio() >= similarity
                and matcher.quick_ratio() >= similarity
                and matcher.ratio() >= similarity
            ):
                repeated += 1
                repeated_chars += len(old)
                break
    return Repetition(repeated, len(last_year), repeated_chars, sum(map(len, last_year)))
