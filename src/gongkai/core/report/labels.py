"""Normalising labels so rows and headings are matched by meaning, not by exact text.

Agencies write the same label many ways: full- or half-width brackets and digits, `1.` `1、` `1．`, spaces and
line breaks inside words, 规范性文件 for 行政规范性文件, 相关信息 for 相关政府信息. `normalize` folds all of that
away; `strip_numbering` also drops a leading item number such as `（三）` or `3.`.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize", "strip_numbering"]

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "、": ",", "。": "."})
_SPACE = re.compile(r"\s+")
_NUMBERING = re.compile(
    r"^(?:[(\[]?[一二三四五六七八九十]+[)\]]|[一二三四五六七八九十]+[,.]|\(?\d+[).,]|\d+\s)+"
)


def normalize(text: str) -> str:
    """Fold width, quotes and whitespace: `（一） 予以 公开` and `(一)予以公开` normalise alike."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub("", folded)


def strip_numbering(text: str) -> str:
    """Normalise and drop leading item numbers: `（六）其他处理 3、其他` → `其他处理3,其他` keeps inner ones."""
    return _NUMBERING.sub("", normalize(text))
