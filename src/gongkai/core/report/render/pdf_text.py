"""Text for the PDF renderer: exact line breaking of Chinese text and a reportlab flowable that draws it.

reportlab's own Paragraph parses markup and folds spaces; a report's text must come back from the PDF exactly,
so lines are broken here, character by character (Chinese breaks anywhere), and every character is drawn as
given. The only liberty taken is the Chinese rule that a line does not begin with closing punctuation
(，。、；：？！”》）…) nor end with opening punctuation (“《（): one character moves to the next line, which keeps
every line but a paragraph's last within two characters of the right margin — the PDF reader relies on that.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

__all__ = ["TextBlock", "TextStyle", "break_lines"]

_NO_LINE_START = frozenset("，。、；：？！,.;:?!”’）)》」』】…—%％")
_NO_LINE_END = frozenset("“‘（(《「『【")

Align = Literal["left", "center"]


@dataclass(frozen=True)
class TextStyle:
    font: str
    size: float
    leading: float
    align: Align = "left"
    first_indent: float = 0.0  # in ems, the first line of a paragraph only
    inset: float = 0.0  # points kept free on each side
    space_before: float = 0.0
    space_after: float = 0.0
    bold: bool = False
    min_size: float = 0.0  # > 0: shrink the font (down to this) until the text fits on one line


def _widths(text: str, font: str, size: float) -> list[float]:
    cache: dict[str, float] = {}
    out = []
    for char in text:
        width = cache.get(char)
        if width is None:
            width = cache[char] = stringWidth(char, font, size)
        out.append(width)
    return out


def break_lines(text: str, font: str, size: float, first_width: float, width: float) -> list[str]:
    """`text` cut into lines no wider than the widths given (the first line may be narrower: its indent)."""
    if not text:
        return [""]
    widths = _widths(text, font, size)
    lines: list[str] = []
    start = 0
    limit = first_width
    while start < len(text):
        end = start
        used = 0.0
        while end < len(text) and (used + widths[end] <= limit or end == start):
            used += widths[end]
            end += 1
        if (
            end < len(text)
            and end - start > 2
            and (text[end] in _NO_LINE_START or text[end - 1] in _NO_LINE_END)
        ):
            end -= 1
        lines.append(text[start:end])
        start = end
        limit = width
    return lines


class TextBlock(Flowable):  # type: ignore[misc]
    """A paragraph (or a table cell's text) broken into lines; splits across pages between lines."""

    def __init__(self, text: str, style: TextStyle, *, continued: bool = False) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.continued = continued  # the part of a paragraph after a page break: no first-line indent
        self.size = style.size
        self.lines: list[str] = []
        self._width = 0.0

    def _layout(self, avail_width: float) -> None:
        style = self.style
        room = max(avail_width - 2 * style.inset, style.size)
        self.size = style.size
        if style.min_size:
            natural = stringWidth(self.text, style.font, style.size)
            if natural > room:
                self.size = max(style.min_size, style.size * room / natural)
        indent = 0.0 if self.continued else style.first_indent * self.size
        self.lines = break_lines(self.text, style.font, self.size, room - indent, room)
        self._width = avail_width

    @property
    def leading(self) -> float:
        return self.style.leading * self.size / self.style.size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._layout(availWidth)
        return availWidth, self.leading * len(self.lines)

    def getSpaceBefore(self) -> float:
        return 0.0 if self.continued else self.style.space_before

    def getSpaceAfter(self) -> float:
        return self.style.space_after

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._layout(availWidth)
        fit = int(availHeight // self.leading)
        if fit <= 0 or fit >= len(self.lines):
            return []
        head = TextBlock("".join(self.lines[:fit]), self.style, continued=self.continued)
        tail = TextBlock("".join(self.lines[fit:]), self.style, continued=True)
        return [head, tail]

    def draw(self) -> None:
        style = self.style
        canvas = self.canv
        canvas.saveState()
        canvas.setFont(style.font, self.size)
        if style.bold:
            # A CJK font rarely has a bold face: stroke the outlines as well as filling them.
            canvas.setLineWidth(self.size * 0.035)
        height = self.leading * len(self.lines)
        for number, line in enumerate(self.lines):
            baseline = (
                height - (number + 1) * self.leading + (self.leading - self.size) / 2 + self.size * 0.15
            )
            indent = style.first_indent * self.size if number == 0 and not self.continued else 0.0
            if style.align == "center":
                x = (self._width - stringWidth(line, style.font, self.size)) / 2
            else:
                x = style.inset + indent
            text = canvas.beginText(x, baseline)
            text.setFont(style.font, self.size)
            if style.bold:
                text.setTextRenderMode(2)
            text.textOut(line)
            canvas.drawText(text)
        canvas.restoreState()
