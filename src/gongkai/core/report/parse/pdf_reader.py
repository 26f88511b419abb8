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

A PDF whose tables have no ruling lines (or only some: a web page printed with borders on the figures' cells
alone) loses tables that way. When tables or rows are missing, the file is read a second time as text laid out
as on the page (pdfplumber's `extract_text(layout=True)`, cells apart by spaces) by the text reader, which reads
such tables by their labels and never guesses a figure (`txt_reader`). When that reads more cells, its tables
are taken, with the narrative of the first reading; the sources still name the page and the line on it.
"""

from __future__ import annotations

import contextlib
import logging
import re
import textwrap
import time
from collections.abc import Iterator
from dataclasses import replace
from io import BytesIO

import pdfplumber

from gongkai.core.errors import UnreadableReportError
from gongkai.core.report.model import ParseResult, SourceRef
from gongkai.core.report.parse import txt_reader
from gongkai.core.report.parse.assemble import assemble
from gongkai.core.report.parse.blocks import Block, Paragraph
from gongkai.core.report.parse.pdf_page import PageContent, read_pages
from gongkai.core.report.parse.pdf_tables import PageTable, find_tables, join_tables, to_grid
from gongkai.core.report.parse.pdf_text import (
    Line,
    drop_running_lines,
    group_lines,
    is_browser_margin,
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
    blocks = extract_blocks(data)  # a damaged, scanned or encrypted PDF is refused here, once and for all
    try:
        result = assemble(blocks, fmt="pdf")
    except UnreadableReportError:
        # Not recognised as a report: perhaps its tables, lost without ruling lines, were what said so.
        fallback = _read_as_laid_out_text(data)
        if fallback is None:
            raise
        return fallback
    if not any(f.code in _MISSING for f in result.findings):
        return result
    fallback = _read_as_laid_out_text(data)
    if fallback is None or _cells_read(fallback) <= _cells_read(result):
        return result
    # The tables from the laid-out text; the narrative as the page's geometry gave it (paragraphs told by
    # their indentation and spacing, not by where the text happened to wrap).
    narrative = {
        key: source for key, source in result.report.sources.items() if key in result.report.sections
    }
    report = replace(
        fallback.report,
        sections=result.report.sections,
        sources={**{k: v for k, v in fallback.report.sources.items() if k not in narrative}, **narrative},
    )
    return replace(fallback, report=report)


_MISSING = frozenset({"parse.missing_table", "parse.missing_row"})
# The layout reading is a second pass over the whole file with pdfminer: not for a document longer than this.
_MAX_LAYOUT_PAGES = 40


def _cells_read(result: ParseResult) -> int:
    return sum(1 for value in result.report.cells.values() if value is not None)


def _read_as_laid_out_text(data: bytes) -> ParseResult | None:
    """The PDF read as its text laid out as on the page, or None when that cannot be done."""
    started = time.monotonic()
    pages: list[str] = []
    try:
        with _quiet_pdfminer(), pdfplumber.open(BytesIO(data)) as pdf:
            if len(pdf.pages) > _MAX_LAYOUT_PAGES:
                return None
            for pdf_page in pdf.pages:
                pages.append(pdf_page.extract_text(layout=True) or "")
                if time.monotonic() - started > SECONDS_PER_PAGE * len(pdf.pages):
                    return None  # as slow as the first reading may be: the first reading stands
    except Exception:  # pdfminer fails in many ways on what PDFium read; the first reading stands
        return None
    lines: list[tuple[int, int]] = []  # text line number - 1 → (page, line on the page)
    texts: list[str] = []
    for number, page in enumerate(pages, start=1):
        page_lines = [line.rstrip() for line in page.splitlines()]
        filled = [index for index, line in enumerate(page_lines) if line.strip()]
        for index, top in ((filled[0], True), (filled[-1], False)) if filled else ():
            if is_browser_margin(page_lines[index], top=top):
                page_lines[index] = ""
        # The page's left margin is not indentation: the text reader takes an indented line for a new paragraph.
        page_lines = textwrap.dedent("\n".join(page_lines)).split("\n")
        for line_number, line in enumerate(page_lines, start=1):
            texts.append(line)
            lines.append((number, line_number))
    try:
        result = assemble(
            [_on_page(block, lines) for block in txt_reader.to_blocks("\n".join(texts))], fmt="pdf"
        )
    except UnreadableReportError:
        return None
    return result


def _on_page(block: Block, lines: list[tuple[int, int]]) -> Block:
    def moved(source: SourceRef) -> SourceRef:
        if source.line is None or not 0 < source.line <= len(lines):
            return replace(source, format="pdf")
        page, line = lines[source.line - 1]
        return replace(source, format="pdf", page=page, line=line)

    if isinstance(block, Paragraph):
        indent = block.text[: len(block.text) - len(block.text.lstrip())]
        text = _BESIDE_CHINESE.sub("", _SPACES.sub(" ", block.text.strip()))
        return replace(block, text=indent + text, source=moved(block.source))
    rows = tuple(tuple(cell._replace(source=moved(cell.source)) for cell in row) for row in block.rows)
    return replace(block, rows=rows, source=moved(block.source))


# Text laid out as on the page spreads a justified line's words apart: one space is what was meant — and
# none beside a Chinese character or mark, as the PDF reader itself writes a line ("2024年", not "2024 年").
_SPACES = re.compile(r"(?<=\S)[ \u3000]{2,}(?=\S)")
_CHINESE = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_BESIDE_CHINESE = re.compile(rf"(?<=[{_CHINESE}]) (?=\S)|(?<=\S) (?=[{_CHINESE}])")


@contextlib.contextmanager
def _quiet_pdfminer() -> Iterator[None]:
    """pdfminer logs a warning for every font it finds odd (most Chinese PDFs have some): not the user's concern."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


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
        lines = _drop_page_numbers(lines)  # again: a page number may stand beyond a running header or footer
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
