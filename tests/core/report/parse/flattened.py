"""A report's tables as web pages get flattened to text with `|` between the cells: what supervisors paste in
from portals or get from scrapers. Made from our own HTML rendering (the official layout with its merged cells),
so the only thing that changes is how the table reached the text."""

from __future__ import annotations

from lxml import html as lxml_html

from gongkai.core.report.model import Report
from gongkai.core.report.render.html_renderer import render

__all__ = ["SHAPES", "flatten"]

SHAPES = ("markdown", "bare", "tabs", "cell_per_line", "cell_per_line_with_spans")


def flatten(report: Report, shape: str) -> str:
    """The report as text: paragraphs as lines, each table row as `| a | b |` (markdown), `a | b |` (bare), or
    each cell on its own line `a |` (cell_per_line: the row boundaries and the merged cells' spans are lost;
    with_spans: a cell spanning n columns is followed by a line of n - 1 `|`, as some scrapers write); `tabs`
    is what a browser puts on the clipboard when the page is selected and copied: cells between tabs, each
    merged cell once."""
    root = lxml_html.document_fromstring(render(report).decode("utf-8"))
    lines: list[str] = []
    for element in root.iter("h1", "h2", "h3", "p", "tr"):
        if element.tag != "tr":
            if not any(ancestor.tag == "table" for ancestor in element.iterancestors()):
                lines.append(_text(element))
            continue
        tds = [cell for cell in element if cell.tag in ("td", "th")]
        cells = [_text(cell) for cell in tds]
        if shape == "markdown":
            lines.append("| " + " | ".join(cells) + " |")
        elif shape == "bare":
            lines.append(" | ".join(cells) + " |")
        elif shape == "tabs":
            lines.append("\t".join(cells))
        else:
            for td, cell in zip(tds, cells, strict=True):
                lines.append(f"{cell} |" if cell else "|")
                span = int(td.get("colspan", "1"))
                if shape == "cell_per_line_with_spans" and span > 1:
                    lines.append("|" * (span - 1))
    return "\n".join(lines) + "\n"


def _text(element: lxml_html.HtmlElement) -> str:
    return " ".join(element.text_content().split())
