"""Reading one table cell's text as a count or an amount — strictly, never guessing.

    read_value("3 119", "count")      → Reading("value", 3119)
    read_value("96,171.6", "amount")  → Reading("value", Decimal("96171.6"))
    read_value("", …)                 → Reading("blank", None)     the rules report blanks, not the parser
    read_value("—", …)                → Reading("marker", None)    "/", "—", "-", "无": written instead of 0
    read_value("1O", …)               → Reading("unreadable", None)

Accepted: ASCII or full-width digits, thousands separators (`1,234`, `1，234`, `1 234`), a count
written `3.0`, the unit the cell is in (`3件`, `2.5万元`), a leading minus (a negative count is read as written so
that the rules can report it). Anything else — letters, question marks, other units such as 元 in a 万元 cell —
is unreadable, and so are digits spaced other than in thousands (`1 2` is two figures run together, not 12)
and digits that are not written as digits (superscripts such as a footnote's `10²`, circled numbers `①`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from gongkai.core.report.labels import normalize
from gongkai.core.report.model import CellValue
from gongkai.core.report.template import CellKind

__all__ = ["Reading", "is_value_like", "read_value"]

ReadingKind = Literal["value", "blank", "marker", "unreadable"]

_MARKERS = frozenset({"/", "\\", "无", "空", "-", "--", "—", "——", "–", "―", "─", "-/-", "×"})
_DASHES = frozenset("-—–―─/")
_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$")
_COUNT_UNITS = ("件", "个", "项", "次")
_AMOUNT_UNITS = ("万元", "万")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")
_DIGIT_GAP = re.compile(r"\d\s+\d")
# Digits grouped by spaces as thousands are one figure: `3 119`, `12 345 678.5`, `3 119 件`.
_SPACED_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:\s\d{3})+(?:\.\d+)?\s*\D*$")


@dataclass(frozen=True)
class Reading:
    kind: ReadingKind
    value: CellValue = None


# Cached: a document repeats the same few texts ("0", "", "/") hundreds of times.
@lru_cache(maxsize=8192)
def read_value(text: str, kind: CellKind) -> Reading:
    if text.isascii() and text.isdigit():  # most cells: plain digits, nothing to fold
        return Reading("value", int(text) if kind == "count" else Decimal(text))
    folded = normalize(text).replace("，", ",")
    if not folded:
        return Reading("blank")
    if _spaced_wrongly(text) or any(unicodedata.category(ch) == "No" for ch in text):
        # "1 2" is two figures run together, not 12; "10²" or "①" is not a digit written as a digit.
        return Reading("unreadable")
    if folded in _MARKERS or set(folded) <= _DASHES:
        return Reading("marker")
    units = _AMOUNT_UNITS if kind == "amount" else _COUNT_UNITS
    for unit in units:
        if folded.endswith(unit) and len(folded) > len(unit):
            folded = folded[: -len(unit)]
            break
    match = _NUMBER.match(folded)
    if match is None:
        return Reading("unreadable")
    sign, whole, fraction = match.groups()
    digits = whole.replace(",", "")
    if kind == "count":
        if fraction is not None and fraction.strip("0"):
            return Reading("unreadable")
        number = int(digits)
        return Reading("value", -number if sign == "-" else number)
    try:
        amount = Decimal(f"{sign}{digits}.{fraction}" if fraction is not None else f"{sign}{digits}")
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        return Reading("unreadable")
    return Reading("value", amount)


def _spaced_wrongly(text: str) -> bool:
    """Whether spaces stand between digits other than as thousands separators (`3 119` is one figure)."""
    spaced = unicodedata.normalize("NFKC", text).strip()
    return _DIGIT_GAP.search(spaced) is not None and _SPACED_THOUSANDS.match(spaced) is None


@lru_cache(maxsize=8192)
def is_value_like(text: str) -> bool:
    """True for text that sits where a figure belongs: a number, a blank marker, or garbled digits like `1O`.

    Used to tell value cells from label cells: text with no digit ("定”", "申请") or with two or more Chinese
    characters is (part of) a label.
    """
    if text.isascii() and text.isdigit():
        return True
    folded = normalize(text)
    if not folded:
        return False
    if read_value(folded, "amount").kind in ("value", "marker"):
        return True
    return bool(_DIGIT.search(folded)) and len(_HAN.findall(folded)) < 2
