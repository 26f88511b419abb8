"""Chinese word segmentation for the catalogue's full-text search: what to index, and what to look up.

Both sides use the same jieba tokenizer with the same dictionary (jieba's own plus `DOMAIN_WORDS`, the words of
open-government work jieba splits: 营商环境, 行政规范性文件, 放管服…):

- `index_terms(title=…, body=…, doc_number=…)` → {term: weight}. Each word of the precise cut is indexed with
  every shorter dictionary word inside it (优化营商环境 → 优化营商环境, 优化, 营商, 环境, 营商环境 — jieba's own
  search mode stops at three characters), words jieba does not know also by their character pairs, and each
  term is weighted by where it occurs — the 文号 above the title above the body (`WEIGHTS`). Repetitions in the body
  do not add: a term's presence says what an item is about, and a bounded, coarse weight lets the search stop
  reading a common word's postings early (`gongkai.web.catalogue.selectors.search_ranked_ids`).
- `query_terms("营商环境 措施")` → one `QueryTerm` per word of the query, cut in precise mode. Every term must match.
  A word that is not in the index (a dictionary changed since indexing, or a word cut differently in context) is
  looked up through its `fallbacks` in order: its sub-words, then its character pairs — each a set of terms that
  must all match. The caller (the web layer) knows what is indexed and picks the first usable form.

Texts are NFKC-normalised (full-width letters and digits become half-width) and Latin letters lower-cased.
Punctuation and a short list of function words (`STOPWORDS`) are never terms. Segmentation is cached per run of
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
    "MAX_BODY_TERMS",
    "MAX_TERM_LENGTH",
    "STOPWORDS",
    "WEIGHTS",
    "QueryTerm",
    "index_terms",
    "normalize",
    "query_terms",
    "segment",
    "segment_for_search",
]

# Where a term occurs → its weight in the item; a term in several places adds them up (capped at 255).
WEIGHTS: Mapping[str, int] = {"doc_number": 8, "title": 4, "body": 1}
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
    """Character pairs of an unknown Han word (吴忠市审批 → 吴忠, 忠市, 市审, 审批); other words unchanged."""
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


def index_terms(*, title: str, body: str = "", doc_number: str = "") -> dict[str, int]:
    """The item's terms with their weights (1–255)."""
    weights: Counter[str] = Counter()
    for term in set(segment_for_search(doc_number)):
        weights[term] += WEIGHTS["doc_number"]
    for term in set(segment_for_search(title)):
        weights[term] += WEIGHTS["title"]
    body_counts = Counter(segment_for_search(body))
    for term, _count in body_counts.most_common(MAX_BODY_TERMS):
        weights[term] += WEIGHTS["body"]
    return {term: min(weight, 255) for term, weight in weights.items()}


@dataclass(frozen=True)
class QueryTerm:
    """One word of a query; if it is not indexed as such, each fallback is a set of terms that must all match."""

    text: str
    fallbacks: tuple[tuple[str, ...], ...] = ()

    def forms(self) -> tuple[tuple[str, ...], ...]:
        return ((self.text,), *self.fallbacks)


def _fallbacks(word: str) -> tuple[tuple[str, ...], ...]:
    options: list[tuple[str, ...]] = []
    parts = tuple(dict.fromkeys(w for w in _subwords(word) if _usable(w)))
    # Sub-words that do not cover the word (e.g. only one of its halves) would match too loosely.
    if parts and set("".join(parts)) >= set(word):
        options.append(parts)
    pairs = tuple(dict.fromkeys(p for p in _pairs(word) if _usable(p)))
    if pairs and pairs != (word,) and pairs not in options:
        options.append(pairs)
    return tuple(options)


def query_terms(text: str) -> tuple[QueryTerm, ...]:
    """The query's words (precise mode, each once, in order) with their fallbacks."""
    words: Iterable[str] = dict.fromkeys(segment(text))
    return tuple(QueryTerm(word, _fallbacks(word)) for word in words)
