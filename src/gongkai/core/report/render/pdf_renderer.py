"""The annual report as an A4 PDF in the official layout, with its Chinese text in an embedded CJK font.

    render(report, findings=(), font=None) → bytes

Layout after the national standard for official documents (GB/T 9704): A4, margins 37/35/28/26 mm, body text
16 pt (三号) with a 2-character first-line indent, 22 lines a page; the title (agency + year) centred in 22 pt;
the six sections with their official headings; tables 二/三/四 with the merged cells of the official template
(`render/layout.py`), ruled in black; page numbers "- N -" at the foot. A blank cell (None) is left empty.

The font is a TrueType face embedded (subset) in the file — `font` names the file (the CLI and web layer pass
GONGKAI_CJK_FONT), else an installed one is found (`core/fonts.py`); no font → FontMissingError.

Findings are not printed: the PDF is the publication copy of the report (findings go to HTML and JSON).
Everything the reader needs to read the file back exactly is kept: every character of the text is drawn as
given (`render/pdf_text.py`), and the tables have real ruling lines.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import replace
from io import BytesIO
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Table, TableStyle

from gongkai.core.errors import FontMissingError
from gongkai.core.fonts import find_cjk_font
from gongkai.core.report.model import Finding, Report
from gongkai.core.report.render.layout import TableLayout, table_layout, value_text
from gongkai.core.report.render.pdf_text import TextBlock, TextStyle
from gongkai.core.report.template import Table as TemplateTable

__all__ = ["render"]

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 37 * mm, 35 * mm, 28 * mm, 26 * mm
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

BODY_SIZE = 16.0
BODY_LEADING = 28.0
TITLE_SIZE = 22.0
PAGE_NUMBER_SIZE = 14.0
TABLE_SIZES = {"t2": 10.5, "t3": 9.0, "t4": 9.0}
CELL_PADDING = 2.5
HEADER_SHADE = colors.Color(0.87, 0.91, 0.95)

# reportlab keeps registered fonts for the life of the process; its drawing state is not shared-safe.
_FONTS: dict[Path, str] = {}
_LOCK = threading.Lock()


def render(report: Report, *, findings: Sequence[Finding] = (), font: str | Path | None = None) -> bytes:
    del findings  # the published PDF carries the report only
    font_path = find_cjk_font(font)
    with _LOCK:
        font_name = _register(font_path)
        buffer = BytesIO()
        document = _document(buffer, report)
        document.build(_story(report, font_name), canvasmaker=_canvas_maker(font_name))
    return buffer.getvalue()


def _register(path: Path) -> str:
    known = _FONTS.get(path)
    if known is not None:
        return known
    name = "GongkaiCJK-" + hashlib.sha1(str(path).encode()).hexdigest()[:10]
    try:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
    except (TTFError, OSError, ValueError) as error:
        raise FontMissingError(
            f"字体文件 {path} 无法用于生成 PDF（需要 TrueType 字体，不支持 OpenType/CFF 字体）：{error}",
            path=str(path),
        ) from None
    _FONTS[path] = name
    return name


def _document(buffer: BytesIO, report: Report) -> BaseDocTemplate:
    frame = Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        TEXT_WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    return BaseDocTemplate(
        buffer,
        pagesize=A4,
        pageTemplates=[PageTemplate(id="page", frames=[frame])],
        title=report.title,
        author=report.agency,
        subject="政府信息公开工作年度报告",
        creator="Gongkai",
        invariant=1,
    )


def _canvas_maker(font_name: str) -> type[Canvas]:
    class NumberedCanvas(Canvas):  # type: ignore[misc]
        """Draws "- N -" at the foot of every page."""

        def showPage(self) -> None:
            self.saveState()
            self.setFont(font_name, PAGE_NUMBER_SIZE)
            self.drawCentredString(
                PAGE_WIDTH / 2, MARGIN_BOTTOM - 7 * mm - PAGE_NUMBER_SIZE, f"- {self._pageNumber} -"
            )
            self.restoreState()
            super().showPage()

    return NumberedCanvas


def _story(report: Report, font: str) -> list[Flowable]:
    body = TextStyle(font=font, size=BODY_SIZE, leading=BODY_LEADING, first_indent=2)
    heading = TextStyle(font=font, size=BODY_SIZE, leading=BODY_LEADING, first_indent=2, bold=True)
    title = TextStyle(
        font=font,
        size=TITLE_SIZE,
        leading=TITLE_SIZE * 1.45,
        align="center",
        # Narrower than the text column, so that every title line reads as centred.
        inset=3.2 * BODY_SIZE,
        space_after=BODY_LEADING,
        bold=True,
    )
    # The agency on its own line(s), then the year and the report's name: the reader joins centred lines.
    story: list[Flowable] = [
        TextBlock(report.agency, replace(title, space_after=0.0)),
        TextBlock(report.title.removeprefix(report.agency), title),
    ]
    story += [TextBlock(p, body) for p in report.sections.get("preamble", ())]
    spec = report.spec
    for section in spec.sections:
        head = TextBlock(section.heading, heading)
        head.keepWithNext = True
        if section.table is not None:
            # A table starts on a new page rather than leave a few rows behind (unless it is taller than a page).
            story.append(KeepTogether([head, _table(report, spec.table(section.table), font)]))
        else:
            story.append(head)
        if section.narrative:
            story += [TextBlock(p, body) for p in report.sections.get(section.id, ())]
    return story


def _table(report: Report, table: TemplateTable, font: str) -> Table:
    layout = table_layout(table)
    size = TABLE_SIZES.get(table.id, 9.0)
    label = TextStyle(font=font, size=size, leading=size * 1.3)
    centred = TextStyle(font=font, size=size, leading=size * 1.3, align="center")
    value = TextStyle(font=font, size=size, leading=size * 1.3, align="center", min_size=5.5)
    data: list[list[object]] = [[""] * layout.n_columns for _ in range(layout.n_rows)]
    commands: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]
    for cell in layout.cells:
        last = (cell.column + cell.colspan - 1, cell.row + cell.rowspan - 1)
        if cell.rowspan > 1 or cell.colspan > 1:
            commands.append(("SPAN", (cell.column, cell.row), last))
        if cell.role == "value":
            text = value_text(report.cells[cell.cell.id]) if cell.cell is not None else ""
            data[cell.row][cell.column] = TextBlock(text, value)
        else:
            style = label if cell.role in ("row", "heading") and cell.rowspan == 1 else centred
            data[cell.row][cell.column] = TextBlock(cell.text, style)
            if cell.role in ("heading", "column", "corner"):
                commands.append(("BACKGROUND", (cell.column, cell.row), last, HEADER_SHADE))
    return Table(
        data,
        colWidths=_column_widths(layout),
        style=TableStyle(commands),
        hAlign="CENTER",
        spaceBefore=6,
        spaceAfter=12,
    )


def _column_widths(layout: TableLayout) -> list[float]:
    total = sum(layout.column_weights)
    return [TEXT_WIDTH * w / total for w in layout.column_weights]
