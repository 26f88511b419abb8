"""Chinese word segmentation for the catalogue's full-text search: what to index, and what to look up.

Both sides use the same jieba tokenizer with the same dictionary (jieba's own plus `DOMAIN_WORDS`, the words of
open-government work jieba splits: 营商环境, 行政规范性文件, 放管服…):

- `index_terms(title=…, body=…, doc_number=…, index_number=…)` → {term: weight}. Each word of the precise cut is
  indexed with every shorter dictionary word inside it (优化营商环境 → 优化营商环境, 优化, 营商, 环境, 营商环境 —
  jieba's own search mode stops at three characters) and, if the dictionary does not know it, its character pairs.
  The title and the 文号 are short, so they are also indexed by every Han character, every pair of adjacent Han
  characters and every dictionary word wherever it starts, stopwords included (`every_han_part`): whatever Han
  text is part of a title, the title holds the terms the query looks it up by, however jieba cut the title
  (一件事 inside 一件事一次办, 好差 inside 好差评, 审批服务 across 市审批 | 服务). The 索引号 is
  indexed whole and by its tail after the agency code (WZSP/2021-00001 and 2021-00001). Each term is weighted by
  where it occurs — 索引号 and 文号 above the title above the body (`WEIGHTS`). Repetitions in the body do not add: a
  term's presence says what an item is about, and a bounded, coarse weight lets the search stop reading a common
  word's postings early (`gongkai.web.catalogue.selectors.search_ranked_ids`).
- `query_terms("营商环境 措施")` → one `QueryTerm` per word of the query, cut in precise mode (stopwords are left
  out unless the query has nothing else; an 索引号 or its tail is one word). Every word must match, through the
  first of its `forms()` whose terms are all indexed: a dictionary word, a word of one or two characters or a word
  that is not Han by itself; a longer word jieba guessed by its character pairs; then the other of these two, then
  the dictionary words inside it (an index made with another dictionary). The caller (the web layer) knows what is
  indexed and picks the first usable form.

What to show: `marked_parts(title, words)` cuts a title into its unmarked and marked parts (the words a query was
found by, matched like the index matches them: full- and half-width, upper and lower case alike), and
`excerpt(body, words)` picks the window of a body, `EXCERPT_WIDTH` characters, that holds the most of the words
(ties: the earliest), starting at the beginning of its sentence when that is near — the summary under a result.

Texts are NFKC-normalised (full-width letters and digits become half-width) and Latin letters lower-cased.
Punctuation is never a term, nor are a short list of function words (`STOPWORDS`) as words of a body. Segmentation is cached per run of
Han characters, letters and digits — jieba cuts each such run independently, so the result is the same as
cutting the whole text, and the boilerplate clauses of official documents are cut once.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import jieba

__all__ = [
    "DOMAIN_WORDS",
    "EXCERPT_WIDTH",
    "MAX_BODY_TERMS",
    "MAX_TERM_LENGTH",
    "STOPWORDS",
    "WEIGHTS",
    "Excerpt",
    "QueryTerm",
    "every_han_part",
    "excerpt",
    "index_number_terms",
    "index_terms",
    "marked_parts",
    "normalize",
    "query_terms",
    "segment",
    "segment_for_search",
]

# Where a term occurs → its weight in the item; a term in several places adds them up (capped at 255).
WEIGHTS: Mapping[str, int] = {"index_number": 8, "doc_number": 8, "title": 4, "body": 1}
# A long document is indexed by its most frequent body terms (ties: first occurrence first).
MAX_BODY_TERMS = 300
MAX_TERM_LENGTH = 40

DOMAIN_WORDS: tuple[str, ...] = (
    "营商环境", "放管服", "一网通办", "一件事一次办", "最多跑一次", "证照分离", "告知承诺制", "容缺受理",
    "帮办代办", "双随机一公开", "政务服务", "政务服务大厅", "政务公开", "政府信息公开",
    "信息公开", "依申请公开", "主动公开", "公开指南", "公开目录", "年度报告", "行政规范性文件", "规范性文件",
    "行政许可", "行政处罚", "行政强制", "行政复议", "行政诉讼", "行政事业性收费", "信息处理费", "政府开放日",
    "人大代表建议", "政协提案", "政协委员提案", "疫情防控", "工程建设项目", "项目审批", "施工许可",
    "规划许可", "预售许可", "食品经营许可", "营业执照", "部门预算", "部门决算", "三公经费", "政府采购",
    "乡村振兴", "审批服务", "管理局", "自然资源局", "市场监管", "宁夏回族自治区", "宁夏", "吴忠", "吴忠市",
    "利通区", "红寺堡区", "青铜峡市", "同心县", "盐池县",
    "银川市", "石嘴山市", "固原市", "中卫市",
)  # fmt: skip

STOPWORDS: frozenset[str] = frozenset((
    "的", "了", "和", "与", "及", "或", "在", "对", "于", "为", "是", "等", "之", "其", "并", "由", "将", "把", "被",
    "从", "向", "以", "及其", "以及", "关于", "有关", "对于", "一", "个", "这", "那", "也", "就", "都", "而", "又",
    "所", "则", "该", "此", "各", "中", "上", "下", "号", "年", "月", "日",
))  # fmt: skip

_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z0-9+#&._%\-]+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# The catalogue's 索引号 (`gongkai.core.disclosure.format_index_number`: WZSP/2021-00001), or its tail 2021-00001.
_INDEX_NUMBER = re.compile(r"(?<![a-z0-9/-])(?:[a-z0-9]+/)?[0-9]{4}-[0-9]{3,}(?![a-z0-9/-])")
_TERM_OK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffa-z0-9]")

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None


def _jieba() -> jieba.Tokenizer:
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                logging.getLogger("jieba").setLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                for word in DOMAIN_WORDS:
                    tokenizer.add_word(word)
                _tokenizer = tokenizer
    return _tokenizer


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _known(word: str) -> bool:
    return bool(_jieba().FREQ.get(word))


def _usable(term: str) -> bool:
    return 0 < len(term) <= MAX_TERM_LENGTH and term not in STOPWORDS and _TERM_OK.search(term) is not None


@lru_cache(maxsize=65536)
def _cut_run(run: str) -> tuple[str, ...]:
    return tuple(w.strip(".-_") for w in _jieba().cut(run))


@lru_cache(maxsize=65536)
def _subwords(word: str) -> tuple[str, ...]:
    """The dictionary words strictly inside `word`, by position then length."""
    found = []
    for start in range(len(word)):
        for end in range(start + 2, len(word) + 1):
            if end - start < len(word) and _known(word[start:end]):
                found.append(word[start:end])
    return tuple(found)


def _runs(text: str) -> list[str]:
    return _RUN.findall(normalize(text))


def segment(text: str) -> list[str]:
    """The words of `text`, precise mode, in order, without punctuation or stopwords."""
    return [w for run in _runs(text) for w in _cut_run(run) if _usable(w)]


def _pairs(word: str) -> list[str]:
    """Character pairs of a Han word longer than two characters (吴忠市审批 → 吴忠, 忠市, 市审, 审批); other words
    unchanged."""
    if len(word) < 3 or not _HAN.search(word):
        return [word]
    return [word[i : i + 2] for i in range(len(word) - 1)]


def segment_for_search(text: str) -> list[str]:
    """Every index term of `text` in order of occurrence (repeats kept): each word, the dictionary words inside
    it, and the character pairs of words longer than two characters that the dictionary does not know."""
    terms: list[str] = []
    for run in _runs(text):
        for word in _cut_run(run):
            if not _usable(word):
                continue
            terms.append(word)
            if len(word) > 2:
                terms.extend(w for w in _subwords(word) if _usable(w))
                if _HAN.search(word) and not _known(word):
                    terms.extend(p for p in _pairs(word) if _usable(p))
    return terms


def every_han_part(text: str) -> set[str]:
    """Every Han character of `text`, every pair of adjacent Han characters and every dictionary word, wherever
    they start and end, stopwords included — what makes any Han part of a short text (a title, a 文号) findable
    however jieba cut it: a query word is either a dictionary word (found as itself), or one or two characters, or
    found by its character pairs (`query_terms`)."""
    found: set[str] = set()
    for run in _HAN_RUN.findall(normalize(text)):
        found.update(run)
        found.update(run[i : i + 2] for i in range(len(run) - 1))
        for start, ends in _jieba().get_DAG(run).items():
            found.update(run[start : end + 1] for end in ends if 0 < end - start < MAX_TERM_LENGTH)
    return found


def index_number_terms(index_number: str) -> set[str]:
    """An 索引号 whole and its tail after the agency code: WZSP/2021-00001 → wzsp/2021-00001, 2021-00001."""
    text = normalize(index_number).strip()
    if not text:
        return set()
    return {term for term in (text, text.rsplit("/", 1)[-1]) if 0 < len(term) <= MAX_TERM_LENGTH}


def index_terms(
    *, title: str, body: str = "", doc_number: str = "", index_number: str = ""
) -> dict[str, int]:
    """The item's terms with their weights (1–255)."""
    weights: Counter[str] = Counter()
    for term in index_number_terms(index_number):
        weights[term] += WEIGHTS["index_number"]
    for term in set(segment_for_search(doc_number)) | every_han_part(doc_number):
        weights[term] += WEIGHTS["doc_number"]
    for term in set(segment_for_search(title)) | every_han_part(title):
        weights[term] += WEIGHTS["title"]
    body_counts = Counter(segment_for_search(body))
    for term, _count in body_counts.most_common(MAX_BODY_TERMS):
        weights[term] += WEIGHTS["body"]
    return {term: min(weight, 255) for term, weight in weights.items()}


@dataclass(frozen=True)
class QueryTerm:
    """One word of a query and the ways it may be found, best first: each form is a set of terms that must all
    match (`forms()`); the first form whose terms are all indexed is used."""

    text: str
    preferred: tuple[str, ...] | None = None  # None: the word itself
    fallbacks: tuple[tuple[str, ...], ...] = ()

    def forms(self) -> tuple[tuple[str, ...], ...]:
        return (self.preferred or (self.text,), *self.fallbacks)


def _query_term(word: str) -> QueryTerm:
    """Words of one or two characters, words that are not Han and dictionary words are looked up as they are:
    every title containing them holds them as terms (`every_han_part`). A longer word the dictionary does not know
    (jieba guessed it) by its character pairs, which every title containing it holds too, and every body where
    jieba made the same guess. Each then falls back (an index made with another dictionary, or before titles were
    indexed by all their parts) to the other form, then to the dictionary words inside it."""
    pairs = tuple(dict.fromkeys(p for p in _pairs(word) if 0 < len(p) <= MAX_TERM_LENGTH))
    if pairs == (word,):
        return QueryTerm(word)
    first, second = ((word,), pairs) if _known(word) else (pairs, (word,))
    fallbacks: list[tuple[str, ...]] = [second]
    parts = tuple(dict.fromkeys(w for w in _subwords(word) if _usable(w)))
    # Sub-words that do not cover the word (e.g. only one of its halves) would match too loosely.
    if parts and set("".join(parts)) >= set(word):
        fallbacks.append(parts)
    return QueryTerm(word, first, tuple(fallbacks))


def _query_words(text: str) -> list[str]:
    """The query's words in order: 索引号 whole, the rest in precise mode; stopwords only if nothing else."""
    normalized = normalize(text)
    words = [match.group(0) for match in _INDEX_NUMBER.finditer(normalized)]
    rest = _INDEX_NUMBER.sub(" ", normalized)
    cut = [
        w
        for run in _runs(rest)
        for w in _cut_run(run)
        if 0 < len(w) <= MAX_TERM_LENGTH and _TERM_OK.search(w)
    ]
    content = [w for w in cut if w not in STOPWORDS]
    return words + (content if content or words else cut)


def query_terms(text: str) -> tuple[QueryTerm, ...]:
    """The query's words (each once, in order) with the forms they may be found by."""
    words: Iterable[str] = dict.fromkeys(_query_words(text))
    return tuple(_query_term(word) for word in words)


EXCERPT_WIDTH = 120
# An excerpt is looked for in the first characters of a body only, and among its first matches: a result's summary
# must stay cheap for a page of twenty long documents.
_EXCERPT_SCAN = 50_000
_EXCERPT_MATCHES = 100
_SENTENCE_END = "。；！？;!?"
_HEADING_END = " 。，：；,.:;"
_SPACES = re.compile(r"\s+")

Parts = tuple[tuple[str, bool], ...]


@lru_cache(maxsize=256)
def _written_forms(char: str) -> str:
    """A pattern for a normalised character as a text may write it: a letter, digit or sign of ASCII also in upper
    case and full width (what `normalize` folds)."""
    if not ("!" <= char <= "~"):
        return re.escape(char)
    forms = dict.fromkeys([char, char.upper(), chr(ord(char) + 0xFEE0), chr(ord(char.upper()) + 0xFEE0)])
    return "(?:" + "|".join(re.escape(form) for form in forms) + ")"


@lru_cache(maxsize=256)
def _words_pattern(wanted: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join("".join(_written_forms(c) for c in word) for word in wanted))


def _matches(text: str, words: Iterable[str], *, limit: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, word) of the words in `text` (found in any of their written forms, without folding the text
    — a long body is matched as it is), leftmost and longest first, not overlapping."""
    wanted = tuple(sorted({normalize(w) for w in words if w.strip()}, key=lambda w: (-len(w), w)))
    if not wanted:
        return []
    found: list[tuple[int, int, str]] = []
    for match in _words_pattern(wanted).finditer(text):
        found.append((match.start(), match.end(), normalize(match.group(0))))
        if limit is not None and len(found) >= limit:
            break
    return found


def _parts(text: str, matches: Iterable[tuple[int, int, str]], start: int, end: int) -> Parts:
    """`text[start:end]` cut into (part, marked); marks that touch are joined."""
    parts: list[tuple[str, bool]] = []

    def add(part: str, marked: bool) -> None:
        if not part:
            return
        if parts and parts[-1][1] == marked:
            parts[-1] = (parts[-1][0] + part, marked)
        else:
            parts.append((part, marked))

    position = start
    for match_start, match_end, _word in matches:
        match_start, match_end = max(match_start, start), min(match_end, end)
        if match_start >= match_end:
            continue
        add(text[position:match_start], False)
        add(text[match_start:match_end], True)
        position = match_end
    add(text[position:end], False)
    return tuple(parts)


def marked_parts(text: str, words: Iterable[str]) -> Parts:
    """`text` cut into (part, marked) where the marked parts are the words (matched as the index matches them)."""
    return _parts(text, _matches(text, words), 0, len(text))


@dataclass(frozen=True)
class Excerpt:
    """A window of a text, as parts to show with the words marked; `cut_before` / `cut_after` say text was left out
    before or after it (shown as an ellipsis)."""

    parts: Parts
    cut_before: bool
    cut_after: bool

    @property
    def text(self) -> str:
        return "".join(part for part, _marked in self.parts)

    @property
    def marked(self) -> bool:
        return any(marked for _part, marked in self.parts)


def _window_start(text: str, match_start: int, lead: int) -> int:
    """Where a window showing a match at `match_start` begins: `lead` characters before it, or after the end of the
    sentence before it when that is closer."""
    start = max(0, match_start - lead)
    for position in range(match_start - 1, start - 1, -1):
        if text[position] in _SENTENCE_END:
            start = position + 1
            break
    while start < match_start and text[start] == " ":
        start += 1
    return start


def excerpt(text: str, words: Iterable[str], *, width: int = EXCERPT_WIDTH, title: str = "") -> Excerpt:
    """The window of `text` (whitespace runs shown as one space) of at most `width` characters with the most
    distinct words, then the most matches, then the earliest; the start of the text when no word occurs in it. A
    text that opens with its `title` (shown above the excerpt already) is taken from after it."""
    if width < 1:
        raise ValueError("width must be positive")
    text = _SPACES.sub(" ", text[:_EXCERPT_SCAN]).strip()
    heading = normalize(_SPACES.sub(" ", title).strip())
    opening = _words_pattern((heading,)).match(text) if heading else None
    if opening is not None:
        text = text[opening.end() :].lstrip(_HEADING_END)
    matches = _matches(text, words, limit=_EXCERPT_MATCHES)
    start = 0
    if matches and len(text) > width:
        best: tuple[int, int] = (0, 0)
        for match_start, _end, _word in matches:
            candidate = _window_start(text, match_start, width // 4)
            inside = [m for m in matches if candidate <= m[0] and m[1] <= candidate + width]
            score = (len({m[2] for m in inside}), len(inside))
            if score > best:
                best, start = score, candidate
    end = min(len(text), start + width)
    return Excerpt(_parts(text, matches, start, end), cut_before=start > 0, cut_after=end < len(text))
