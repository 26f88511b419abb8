"""The text format: plain text as extracted from a PDF or Word file, or as written by `render/txt_renderer.py`.

A line holding a tab is a table row (cells split at tabs) — unless its only text is a section heading;
consecutive such lines form one grid, blank lines between them included (page breaks fall inside tables).
Every other non-blank line is a paragraph — or a piece of one: `assemble` rejoins lines broken by page breaks
or hard wraps, and treats an indented line as the start of a new paragraph. Everything from a line `【检查结果】` on (the findings our own renderer appends) is not read.

Tables copied from a web page often come with `|` between the cells instead of tabs, in one of three shapes,
all read:
- one row per line, Markdown-like: `| 规章 | 0 | 0 | 0 |` (a `|---|---|` rule line is skipped);
- one row per line, bare: `规章 | 0 | 0 | 0 |`;
- one cell per line (a scraper's flattening of `<td>`s): `规章 |`, `0 |`, …, an empty cell as `|`, a run of
  empty (merged) cells as `|||`. The row boundaries are gone; they are put back where a label follows a figure
  or a blank (`regroup_cell_stream`), which gives each data row its label cells followed by its figures — the
  shape of a flattened row that `tables.GridReader` reads.
A line is such a row when it starts or ends with `|`, or holds two ` | ` separators: a sentence of a paragraph
with one `|` in it stays a paragraph.

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
from gongkai.core.report.parse.tables import label_role
from gongkai.core.report.parse.values import is_value_like
from gongkai.core.report.templates import TEMPLATE_2021

__all__ = ["FINDINGS_MARKER", "decode", "pipe_cells", "read", "regroup_cell_stream", "to_blocks"]

FINDINGS_MARKER = "【检查结果】"
_FORMAT = "txt"
# Share of characters that may be control characters before the bytes are judged not to be text at all.
_MAX_CONTROL_SHARE = 0.01
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MARKDOWN_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
# A run of pipe lines is one cell per line when at least this share of them holds at most one non-empty cell.
_CELL_STREAM_SHARE = 0.9
_CELL_STREAM_MIN_LINES = 4


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


def pipe_cells(line: str) -> list[str] | None:
    """The cells of a `|`-separated table line, or None when the line is not one (see the module docstring).

    A leading `|` gives an empty first cell here: whether it opens a Markdown-like row or follows an empty
    first cell (` | 0 | 0 |`) is told by the whole table (`_drop_markdown_openers`)."""
    stripped = line.strip()
    closes = stripped.endswith("|")
    if not (closes or stripped.startswith("|") or stripped.count(" | ") >= 2):
        return None
    if closes:
        stripped = stripped[:-1]
    return [cell.strip() for cell in stripped.split("|")]


def _drop_markdown_openers(
    rows: list[tuple[int, list[str]]], lines: list[str]
) -> list[tuple[int, list[str]]]:
    """In a table whose every line starts with `|` (Markdown-like), that `|` opens the row: no cell before it."""
    if all(line.lstrip().startswith("|") for line in lines):
        return [(number, cells[1:]) for number, cells in rows]
    return rows


def _is_cell_stream(rows: list[tuple[int, list[str]]]) -> bool:
    if len(rows) < _CELL_STREAM_MIN_LINES:
        return False
    single = sum(1 for _, cells in rows if sum(1 for cell in cells if cell) <= 1)
    return single >= len(rows) * _CELL_STREAM_SHARE


def regroup_cell_stream(rows: list[tuple[int, list[str]]]) -> list[list[tuple[int, str]]]:
    """Rows again from a table flattened to one cell per line (cells as (line number, text)).

    A row ends where a label follows a figure or a blank; a block heading of table 二 is a row of its own; and
    column labels (a header) are split from the labels or figures that follow them: so each data row is its
    label cells followed by its figures, each header its labels — the shapes `tables.GridReader` reads.
    """
    regrouped: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    after_value = False  # the current row has a figure or a blank after its labels
    only_header = False  # the current row holds column labels and nothing else

    def close() -> None:
        nonlocal current, after_value, only_header
        if current:
            regrouped.append(current)
        current, after_value, only_header = [], False, False

    for number, cells in rows:
        if len(cells) > 1 and not any(cells):
            continue  # `||`, `|||`: the empty copies of the cell above, merged over several columns
        for cell in cells:
            if not cell or is_value_like(cell):
                if cell and only_header:
                    # The blanks just before the first figure go with the figures (cells left empty); were
                    # they the header's merged cells, the grid reader drops the surplus where that cannot
                    # move a figure, and reports the row where it could.
                    blanks: list[tuple[int, str]] = []
                    while current and not current[-1][1]:
                        blanks.insert(0, current.pop())
                    close()
                    current = blanks
                if not only_header:
                    after_value = True
                current.append((number, cell))
                continue
            role = label_role(cell)
            if role == "block":
                close()
                regrouped.append([(number, cell)])
                continue
            if after_value or (only_header and role == "label"):
                close()
            if not current:
                only_header = role == "header"
            elif role != "header":
                only_header = False
            current.append((number, cell))
    close()
    return regrouped


def to_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    # The pending table: (line number, cells) per line, and whether its lines are `|`-separated.
    pending: list[tuple[int, list[str]]] = []
    pending_lines: list[str] = []
    piped = False
    tables = 0

    def close_grid() -> None:
        nonlocal pending, pending_lines
        if not pending:
            return
        if piped:
            pending = _drop_markdown_openers(pending, pending_lines)
        positional = not (piped and _is_cell_stream(pending))
        # `raw` is the stripped text, as `assemble` would set it: it then keeps this SourceRef as is.
        rows: tuple[tuple[GridCell, ...], ...]
        if positional:
            rows = tuple(
                [
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
                    for row, (number, cells) in enumerate(pending, start=1)
                ]
            )
        else:
            rows = tuple(
                tuple(
                    make_cell((cell, cell_source(_FORMAT, None, number, tables, row, column, cell), False))
                    for column, (number, cell) in enumerate(cells, start=1)
                )
                for row, cells in enumerate(regroup_cell_stream(pending), start=1)
            )
        source = SourceRef(format=_FORMAT, line=pending[0][0], table=tables)
        blocks.append(Grid(rows=rows, source=source, positional=positional))
        pending, pending_lines = [], []

    make_cell = GridCell._make
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped == FINDINGS_MARKER:
            break
        if not stripped:
            continue
        cells: list[str] | None = None
        if "\t" in line:
            cells = line.split("\t")
            line_piped = False
        elif "|" in line:
            if _MARKDOWN_RULE.match(stripped):
                continue
            cells = pipe_cells(line)
            line_piped = True
        if cells is not None and not _is_heading_line(cells):
            if pending and piped != line_piped:
                close_grid()
            if not pending:
                tables += 1
                piped = line_piped
            pending.append((number, cells))
            pending_lines.append(line)
            continue
        close_grid()
        text = line.rstrip().replace("\t", " ")
        blocks.append(Paragraph(text, SourceRef(_FORMAT, None, number, None, None, None, text.strip())))
    close_grid()
    return blocks


def read(data: bytes) -> ParseResult:
    return assemble(to_blocks(decode(data)), fmt=_FORMAT)
