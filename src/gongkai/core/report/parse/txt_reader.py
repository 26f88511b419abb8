"""The text format: plain text as extracted from a PDF or Word file, or as written by `render/txt_renderer.py`.

A line holding a tab is a table row (cells split at tabs) — unless its only text is a section heading;
consecutive such lines form one grid, blank lines between them included (page breaks fall inside tables).
Every other non-blank line is a paragraph — or a piece of one: `assemble` rejoins lines broken by page breaks
or hard wraps, and treats an indented line as the start of a new paragraph. Everything from a line `【检查结果】` on (the findings our own renderer appends) is not read.

Encodings: UTF-8 (with or without BOM), else GB18030 (which covers GBK and GB2312); UTF-16 when it starts with
its byte order mark (Windows Notepad's "Unicode"). Bytes that are none of these, or that decode to control
characters rather than text, are refused with `UnreadableReportError`.
"""

from __future__ import annotations

import codecs
import re

from gongkai.core.errors import UnreadableReportError
from gongkai.core.report.model import ParseResult, SourceRef
from gongkai.core.report.parse.assemble import assemble
from gongkai.core.report.parse.blocks import Block, Grid, GridCell, Paragraph, cell_source
from gongkai.core.report.parse.narrative import match_section
from gongkai.core.report.templates import TEMPLATE_2021

__all__ = ["FINDINGS_MARKER", "decode", "read", "to_blocks"]

FINDINGS_MARKER = "【检查结果】"
_FORMAT = "txt"
# Share of characters that may be control characters before the bytes are judged not to be text at all.
_MAX_CONTROL_SHARE = 0.01
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def decode(data: bytes) -> str:
    encodings: tuple[str, ...] = ("utf-8", "gb18030")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise UnreadableReportError(
        "无法读取这个文本文件：它不是 UTF-8 或 GB18030（GBK）编码的文字，可能是二进制文件或已损坏。",
        format=_FORMAT,
    )


def _looks_like_text(text: str) -> bool:
    if "\x00" in text:
        return False
    return len(_CONTROLS.findall(text)) <= len(text) * _MAX_CONTROL_SHARE


def _is_heading_line(cells: list[str]) -> bool:
    """A section heading with stray tabs around it ("一、总体情况\t") is a paragraph, not a table row."""
    texts = [cell for cell in cells if cell.strip()]
    return len(texts) == 1 and match_section(texts[0], TEMPLATE_2021, after=-1) is not None


def to_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    grid_rows: list[tuple[GridCell, ...]] = []
    grid_line = 0
    tables = 0

    def close_grid() -> None:
        nonlocal grid_rows
        if grid_rows:
            blocks.append(
                Grid(rows=tuple(grid_rows), source=SourceRef(format=_FORMAT, line=grid_line, table=tables))
            )
            grid_rows = []

    make_cell = GridCell._make
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped == FINDINGS_MARKER:
            break
        if not stripped:
            continue
        cells = line.split("\t") if "\t" in line else None
        if cells is not None and not _is_heading_line(cells):
            if not grid_rows:
                tables += 1
                grid_line = number
            row = len(grid_rows) + 1
            # `raw` is the stripped text, as `assemble` would set it: it then keeps this SourceRef as is.
            grid_rows.append(
                tuple(
                    [
                        make_cell(
                            (
                                cell,
                                cell_source(_FORMAT, None, number, tables, row, column, cell.strip()),
                                False,
                            )
                        )
                        for column, cell in enumerate(cells, start=1)
                    ]
                )
            )
            continue
        close_grid()
        text = line.rstrip().replace("\t", " ")
        blocks.append(Paragraph(text, SourceRef(_FORMAT, None, number, None, None, None, text.strip())))
    close_grid()
    return blocks


def read(data: bytes) -> ParseResult:
    return assemble(to_blocks(decode(data)), fmt=_FORMAT)
