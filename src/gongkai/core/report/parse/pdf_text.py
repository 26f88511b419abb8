"""Characters → lines → paragraphs, for the text of a PDF outside its tables (and the text inside each cell).

Line text is the characters left to right, exactly as the PDF holds them: no space is invented between Chinese
and Latin text (Word's automatic spacing there is a gap, not a character, so "2024 年" on paper reads "2024年").
Lines of one paragraph are joined with nothing in between — Chinese wraps anywhere, and a space at a wrap point
stays on the line before it.

A new paragraph starts at a line that is indented (the 2-character first-line indent of official documents),
centred, of a different font size, after a blank line, or after a short line ending a sentence. A paragraph
that runs onto the next page continues unless the next page's first line is itself a new paragraph. Page
numbers ("- 4 -", "第4页") in the top or bottom line of a page are dropped.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gongkai.core.report.parse.pdf_page import Char

__all__ = ["Line", "Margins", "TextParagraph", "group_lines", "is_page_number", "margins_of", "paragraphs"]

_SENTENCE_END = "。！？；：!?;…"
_CLOSING = "”’）)》」』】"
_PAGE_NUMBER = re.compile(r"^(?:[-－—–‐]\s*\d{1,4}\s*[-－—–‐]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?)$")


@dataclass(slots=True)
class Line:
    chars: list[Char]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    has_cjk: bool

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def _is_cjk(text: str) -> bool:
    code = ord(text)
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF or code >= 0x20000


def _make_line(chars: list[Char]) -> Line:
    chars.sort(key=lambda c: c.x0)
    parts: list[str] = []
    previous: Char | None = None
    for char in chars:
        if (
            char.space_before
            and previous is not None
            and previous.text.isascii()
            and previous.text.isalnum()
            and char.x0 - previous.x1 > 0.15 * char.height
        ):
            parts.append(" ")
        parts.append(char.text)
        previous = char
    cjk_heights = [c.height for c in chars if _is_cjk(c.text)]
    heights = cjk_heights or [c.height for c in chars]
    return Line(
        chars=chars,
        text="".join(parts),
        x0=min(c.x0 for c in chars),
        x1=max(c.x1 for c in chars),
        top=min(c.top for c in chars),
        bottom=max(c.bottom for c in chars),
        size=statistics.median(heights),
        has_cjk=bool(cjk_heights),
    )


def group_lines(chars: Iterable[Char]) -> list[Line]:
    """Characters grouped into lines (top to bottom), each line's characters left to right."""
    ordered = sorted(chars, key=lambda c: (c.middle, c.x0))
    groups: list[list[Char]] = []
    top = bottom = 0.0
    for char in ordered:
        if groups and top <= char.middle <= bottom:
            groups[-1].append(char)
            # Keep the band of the line's larger characters: small marks must not stretch it downwards.
            if char.height > bottom - top:
                top, bottom = char.top, char.bottom
        else:
            groups.append([char])
            top, bottom = char.top, char.bottom
    return [_make_line(group) for group in groups]


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip().replace(" ", "")))


@dataclass(frozen=True)
class Margins:
    left: float
    right: float
    body_size: float


def margins_of(lines: Sequence[Line]) -> Margins:
    """The text column of the document: the usual left edge of lines, their right edge and the body font size."""
    if not lines:
        return Margins(0.0, 0.0, 0.0)
    weights: Counter[int] = Counter()
    sizes: Counter[int] = Counter()
    for line in lines:
        weights[round(line.x0 / 2)] += len(line.chars)
        sizes[round(line.size * 2)] += len(line.chars)
    left = weights.most_common(1)[0][0] * 2.0
    # Left edges within a few points of the mode belong to the same margin.
    left = min(line.x0 for line in lines if abs(line.x0 - left) <= 3.0)
    rights = sorted(line.x1 for line in lines)
    right = rights[int(len(rights) * 0.9)]
    return Margins(left=left, right=right, body_size=sizes.most_common(1)[0][0] / 2.0)


@dataclass
class TextParagraph:
    lines: list[Line]
    page: int
    line_number: int
    heading: bool

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.lines).strip()


def _centred(line: Line, margins: Margins) -> bool:
    left_gap = line.x0 - margins.left
    right_gap = margins.right - line.x1
    return left_gap > 3 * line.size and abs(left_gap - right_gap) < 1.5 * line.size


def _indented(line: Line, margins: Margins) -> bool:
    return line.x0 - margins.left > 0.9 * line.size


def _starts_paragraph(previous: Line, line: Line, margins: Margins, *, same_page: bool) -> bool:
    if _indented(line, margins):
        return True
    if _centred(previous, margins) != _centred(line, margins):
        return True
    if previous.has_cjk and line.has_cjk and abs(previous.size - line.size) > 0.15 * max(previous.size, line.size):
        return True
    if same_page and line.top - previous.bottom > 1.2 * max(previous.size, line.size):
        return True
    ending = previous.text.rstrip().rstrip(_CLOSING)
    return bool(ending) and ending[-1] in _SENTENCE_END and margins.right - previous.x1 > 2 * previous.size


def paragraphs(
    lines: Sequence[tuple[int, int, Line]], margins: Margins, *, continue_from: TextParagraph | None = None
) -> list[TextParagraph]:
    """Paragraphs from consecutive lines given as (page, line number, line).

    `continue_from` is the paragraph the previous run of lines ended with (across a page break), which the first
    line may continue; it is extended in place and not returned again.
    """
    out: list[TextParagraph] = []
    current = continue_from
    previous_page = continue_from.page if continue_from else 0
    for page, number, line in lines:
        if current is not None:
            last = current.lines[-1]
            if not _starts_paragraph(last, line, margins, same_page=page == previous_page):
                current.lines.append(line)
                previous_page = page
                continue
        heading = _centred(line, margins) or (
            margins.body_size > 0 and line.has_cjk and line.size > 1.15 * margins.body_size
        )
        current = TextParagraph(lines=[line], page=page, line_number=number, heading=heading)
        out.append(current)
        previous_page = page
    return out
