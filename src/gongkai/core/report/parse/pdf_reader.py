"""Reading an annual report from a PDF: the page's table geometry, not its flattened text.

    read(data) → ParseResult             (blocks → `assemble`, like every other format)
    extract_blocks(data) → (Paragraph | Grid, …) in reading order

Text and ruling lines come from PDFium (`pdf_page.py`); tables are found from the ruling lines with
pdfplumber's cell-finding algorithm, joined across page breaks and expanded (`pdf_tables.py`); the text outside
the tables becomes paragraphs (`pdf_text.py`). Each value cell's SourceRef names the page, the table (counted
in the document), its row and column (1-based, merged cells expanded) and the raw text; each paragraph's names
its page and line. A paragraph whose first line is indented keeps that indentation as `INDENT` (two ideographic
spaces), which tells `assemble` that it begins a paragraph of its own.

A scanned PDF (no text layer), an encrypted or damaged file, more than `MAX_PAGES` pages or a page that takes
longer than `SECONDS_PER_PAGE` → UnreadableReportError with a Chinese message; a PDF that is not an annual
report is refused by `assemble`.
"""

from __future__ import annotations

import time

from gongkai.core.errors import UnreadableReportError
from gongkai.core.report.model import ParseResult, SourceRef
from gongkai.core.report.parse.assemble import assemble
from gongkai.core.report.parse.blocks import Block, Paragraph
from gongkai.core.report.parse.pdf_page import PageContent, read_pages
from gongkai.core.report.parse.pdf_tables import PageTable, find_tables, join_tables, to_grid
from gongkai.core.report.parse.pdf_text import (
    Line,
    drop_running_lines,
    group_lines,
    is_page_number,
    margins_of,
    paragraphs,
)

__all__ = ["INDENT", "MAX_PAGES", "SECONDS_PER_PAGE", "extract_blocks", "read"]

MAX_PAGES = 200
SECONDS_PER_PAGE = 2.0
INDENT = "\u3000\u3000"
# Fewer readable characters than this in the whole file: there is no text layer to speak of.
_MIN_TEXT_CHARS = 20

_Item = tuple[int, int, Line] | PageTable


def read(data: bytes) -> ParseResult:
    return assemble(extract_blocks(data), fmt="pdf")


def extract_blocks(
    data: bytes, *, max_pages: int = MAX_PAGES, seconds_per_page: float = SECONDS_PER_PAGE
) -> tuple[Block, ...]:
    if b"%PDF" not in data[:1024]:
        raise UnreadableReportError("这不是 PDF 文件（文件开头没有 PDF 标记）。")
    started = time.monotonic()
    pages = read_pages(data, max_pages=max_pages, seconds_per_page=seconds_per_page)
    _check_text_layer(pages)
    items: list[_Item] = []
    all_lines: list[Line] = []
    found: list[tuple[list[PageTable], list[Line]]] = []
    for page in pages:
        if time.monotonic() - started > seconds_per_page * len(pages):
            raise UnreadableReportError(
                f"读取这个 PDF 用时过长（第 {page.number} 页的表格线异常复杂），文件可能异常，已停止读取。"
            )
        tables, free_chars = find_tables(page)
        found.append((tables, _drop_page_numbers(group_lines(free_chars))))
    running_dropped = drop_running_lines([lines for _tables, lines in found])
    for page, (tables, _lines), lines in zip(pages, found, running_dropped, strict=True):
        lines = _drop_page_numbers(lines)
        all_lines.extend(lines)
        page_items: list[tuple[float, _Item]] = [(t.top, t) for t in tables]
        page_items += [(line.top, (page.number, n, line)) for n, line in enumerate(lines, start=1)]
        page_items.sort(key=lambda pair: pair[0])
        for position, (_top, item) in enumerate(page_items):
            previous = items[-1] if items else None
            if (
                position == 0
                and isinstance(item, PageTable)
                and isinstance(previous, PageTable)
                and previous.last_page == page.number - 1
            ):
                joined = join_tables(previous, item)
                if joined is not None:
                    items[-1] = joined
                    continue
            items.append(item)
    return _blocks(items, all_lines)


def _check_text_layer(pages: list[PageContent]) -> None:
    text_chars = sum(1 for page in pages for c in page.chars if not c.text.isspace())
    if text_chars < _MIN_TEXT_CHARS:
        if any(page.has_images for page in pages):
            raise UnreadableReportError(
                "这个 PDF 是扫描件或图片，没有可提取的文字层，需要先进行文字识别（OCR）才能读取。"
                "请提供由 Word/WPS 直接导出的 PDF，或先用 OCR 软件处理。"
            )
        raise UnreadableReportError("这个 PDF 中没有可读取的文字。")
    unmapped = sum(page.unmapped_chars for page in pages)
    if unmapped > text_chars // 2:
        raise UnreadableReportError(
            "这个 PDF 的字体缺少文字编码信息，提取出的文字是乱码，需要进行文字识别（OCR）才能读取。"
        )


def _drop_page_numbers(lines: list[Line]) -> list[Line]:
    """Page numbers ("- 4 -") are the top or bottom line of a page."""
    if lines and is_page_number(lines[-1].text):
        lines = lines[:-1]
    if lines and is_page_number(lines[0].text):
        lines = lines[1:]
    return lines


def _blocks(items: list[_Item], all_lines: list[Line]) -> tuple[Block, ...]:
    margins = margins_of(all_lines, [(t.x0, t.x1) for t in items if isinstance(t, PageTable)])
    blocks: list[Block] = []
    run: list[tuple[int, int, Line]] = []
    table_number = 0

    def flush() -> None:
        for paragraph in paragraphs(run, margins):
            text = paragraph.text
            if text:
                source = SourceRef(format="pdf", page=paragraph.page, line=paragraph.line_number)
                # The indentation is kept (as the two ideographic spaces it stands for): it tells `assemble`
                # that this paragraph begins here, whatever the end of the previous one looks like.
                if paragraph.indented:
                    text = INDENT + text
                blocks.append(Paragraph(text=text, source=source, heading=paragraph.heading))
        run.clear()

    for item in items:
        if isinstance(item, PageTable):
            flush()
            table_number += 1
            blocks.append(to_grid(item, table_number))
        else:
            run.append(item)
    flush()
    return tuple(blocks)
