"""Characters → lines → paragraphs, for the text of a PDF outside its tables (and the text inside each cell).

Line text is the characters left to right, exactly as the PDF holds them: no space is invented between Chinese
and Latin text (Word's automatic spacing there is a gap, not a character, so "2024 年" on paper reads "2024年").
Lines of one paragraph are joined with nothing in between — Chinese wraps anywhere, and a space at a wrap point
stays on the line before it.

A new paragraph starts at a line that is indented (the 2-character first-line indent of official documents),
centred, of a different font size, after a blank line, or after a short line ending a sentence. A paragraph
that runs onto the next page continues unless the next page's first line is itself a new paragraph. Page
numbers ("- 4 -", "第4页", "2/6") in the top or bottom line of a page are dropped, and so are running headers
and footers (`drop_running_lines`): the same top or bottom line on most pages (digits aside), and the date
line and address line a browser prints at the top and bottom of a web page saved as PDF.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gongkai.core.report.parse.pdf_page import Char

__all__ = [
    "Line",
    "Margins",
    "TextParagraph",
    "drop_running_lines",
    "group_lines",
    "is_browser_margin",
    "is_page_number",
    "margins_of",
    "paragraphs",
]

_SENTENCE_END = "。！？；：!?;…"
_CLOSING = "”’）)》」』】"
_PAGE_NUMBER = re.compile(
    r"^(?:[-－—–‐]\s*\d{1,4}\s*[-－—–‐]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})$"
)
# What a browser prints around a web page saved as PDF: the date and time (then the page title) at the top,
# the page's address (then "3/6") at the bottom.
_BROWSER_HEADER = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}[,，]?\s*(?:上午|下午)?\s*\d{1,2}:\d{2}")
_BROWSER_FOOTER = re.compile(r"^(?:https?|file)://\S+")
_DIGITS = re.compile(r"\d+")
# A running header or footer is further from the body than this many of its font sizes (body lines are a
# fraction of an em apart; a paragraph break about one em).
_APART = 1.5


@dataclass(slots=True)
class Line:
    chars: list[Char]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the font size (em), from the advance of its Chinese characters when it has any
    has_cjk: bool

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def _is_ideograph(text: str) -> bool:
    code = ord(text)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


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
    # The font size is the advance of an ideograph (one em); glyph box heights vary between fonts of a size.
    ems = [c.x1 - c.x0 for c in chars if _is_ideograph(c.text)]
    return Line(
        chars=chars,
        text="".join(parts),
        x0=min(c.x0 for c in chars),
        x1=max(c.x1 for c in chars),
        top=min(c.top for c in chars),
        bottom=max(c.bottom for c in chars),
        size=statistics.median(ems) if ems else statistics.median(c.height for c in chars),
        has_cjk=bool(ems),
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


def is_browser_margin(text: str, *, top: bool) -> bool:
    """The date line a browser prints at the top of a saved page (`top`), or its address line at the bottom."""
    return bool((_BROWSER_HEADER if top else _BROWSER_FOOTER).match(text.strip()))


def drop_running_lines(pages: Sequence[list[Line]]) -> list[list[Line]]:
    """Each page's lines without its running header and footer.

    A page's top (bottom) line is a running header (footer) when it is what a browser prints around a saved
    web page; or when the same text, digits aside, is the top (bottom) line of at least two pages and of half
    of them, and stands apart from the body there — a gap of more than `_APART` of its size to the next line,
    or a smaller font than the body's. (Body text repeated at the top of pages — a report's own repeated
    sentences — is neither.) The first page alone decides nothing by repetition: a report's title is its top
    line.
    """
    pages = [list(lines) for lines in pages]
    body = _body_size(pages)
    for position in (0, -1):
        keys = Counter(_running_key(lines[position]) for lines in pages if lines)
        for lines in pages:
            if not lines:
                continue
            line = lines[position]
            if is_browser_margin(line.text, top=position == 0):
                del lines[position]
                continue
            count = keys[_running_key(line)]
            if count >= 2 and count * 2 >= len(pages) and _stands_apart(lines, position, body):
                del lines[position]
    return pages


def _body_size(pages: Sequence[list[Line]]) -> float:
    sizes: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _stands_apart(lines: list[Line], position: int, body_size: float) -> bool:
    line = lines[position]
    if body_size and line.size < 0.9 * body_size:
        return True
    if len(lines) < 2:
        return True
    neighbour = lines[1] if position == 0 else lines[-2]
    gap = neighbour.top - line.bottom if position == 0 else line.top - neighbour.bottom
    return gap > _APART * max(line.size, neighbour.size)


def _running_key(line: Line) -> str:
    return _DIGITS.sub("#", "".join(line.text.split()))


@dataclass(frozen=True)
class Margins:
    left: float
    right: float
    body_size: float


def margins_of(lines: Sequence[Line], tables: Sequence[tuple[float, float]] = ()) -> Margins:
    """The text column of the document: its left and right edges and the body font size.

    The left edge is where lines start when they are not indented: the leftmost start shared by several lines.
    A report whose paragraphs are all one line long has no such line, so the tables' edges (`tables`, as
    (x0, x1) pairs; tables are as wide as the text column) are candidates too.
    """
    if not lines:
        return Margins(0.0, 0.0, 0.0)
    starts: Counter[int] = Counter()
    sizes: Counter[int] = Counter()
    for line in lines:
        starts[round(line.x0)] += 1
        sizes[round(line.size * 2)] += len(line.chars)
    shared = [x for x in starts if sum(n for y, n in starts.items() if abs(y - x) <= 3) >= 2]
    left_candidates = [float(min(shared or starts))] + [x0 for x0, _x1 in tables]
    rights = sorted(line.x1 for line in lines)
    right_candidates = [rights[int(len(rights) * 0.9)]] + [x1 for _x0, x1 in tables]
    return Margins(
        left=min(left_candidates), right=max(right_candidates), body_size=sizes.most_common(1)[0][0] / 2.0
    )


@dataclass
class TextParagraph:
    lines: list[Line]
    page: int
    line_number: int
    heading: bool
    indented: bool  # its first line is indented (the usual mark of a new paragraph)

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.lines).strip()


def _centred(line: Line, margins: Margins) -> bool:
    left_gap = line.x0 - margins.left
    right_gap = margins.right - line.x1
    # Wider than the 2-character first-line indent of a body paragraph, and balanced.
    em = margins.body_size or line.size
    return left_gap > 2.5 * em and abs(left_gap - right_gap) < 1.5 * line.size


def _indented(line: Line, margins: Margins) -> bool:
    return line.x0 - margins.left > 0.9 * line.size


def _starts_paragraph(previous: Line, line: Line, margins: Margins, *, same_page: bool) -> bool:
    if (
        previous.has_cjk
        and line.has_cjk
        and abs(previous.size - line.size) > 0.15 * max(previous.size, line.size)
    ):
        return True
    if same_page and line.top - previous.bottom > 1.2 * max(previous.size, line.size):
        return True
    centred = _centred(line, margins)
    if centred or _centred(previous, margins):
        # A title broken over several centred lines is one paragraph.
        return not (centred and _centred(previous, margins) and same_page)
    if _indented(line, margins):
        return True
    ending = previous.text.rstrip().rstrip(_CLOSING)
    # A line ending a sentence well before the margin ends its paragraph (the renderer's lines end within 2 ems).
    return bool(ending) and ending[-1] in _SENTENCE_END and margins.right - previous.x1 > 2.5 * previous.size


def paragraphs(lines: Sequence[tuple[int, int, Line]], margins: Margins) -> list[TextParagraph]:
    """Paragraphs from consecutive lines (no table between them) given as (page, line number, line)."""
    out: list[TextParagraph] = []
    current: TextParagraph | None = None
    previous_page = 0
    for page, number, line in lines:
        if current is not None:
            last = current.lines[-1]
            if not _starts_paragraph(last, line, margins, same_page=page == previous_page):
                current.lines.append(line)
                previous_page = page
                continue
        centred = _centred(line, margins)
        heading = centred or (margins.body_size > 0 and line.has_cjk and line.size > 1.15 * margins.body_size)
        indented = not centred and _indented(line, margins)
        current = TextParagraph(
            lines=[line], page=page, line_number=number, heading=heading, indented=indented
        )
        out.append(current)
        previous_page = page
    return out
