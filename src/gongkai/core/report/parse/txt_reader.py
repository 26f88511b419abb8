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

Text copied from a PDF (a viewer's copy — PDFium, Chromium's PDF engine, gives the text in the order it was drawn —
`pdftotext -layout` or `-raw`) has spaces between the cells, and a blank cell leaves no trace. In sections 二,
三 and 四 (after their headings), a line that ends in figures after a label (`规章      1     0    11`,
`一、本年新收… 3001 53 …`) is a row of a table whose positions say nothing (`spaced_cells`), and a line of column
labels is its header (`header_cells`); the short line just above a row is taken as the first part of its label
(a label the PDF wrapped over two or three lines; the grid reader tries the row's own label first); a line of
figures under the lines of its wrapped label takes them back to the one that opens with an item number
(`_wrapped_label`); a line of figures with nothing above it stands alone — table 四's one row of figures under
its header. `pdftotext` without options rearranges a table into columns of cells: its figures are not read
(findings say the tables are missing).

Encodings: UTF-8 (with or without BOM), else GB18030 (which covers GBK and GB2312); UTF-16 when it starts with
its byte order mark (Windows Notepad's "Unicode"), or without one when its zero bytes say so. A file with a few
places that decode in none of these (cut short in the middle of a character, a damaged byte) is read with those
places replaced by U+FFFD and a warning (`parse.damaged_text`): a cell holding one is unreadable, never guessed.
Bytes that are none of these, or that decode to control characters rather than text, are refused with
`UnreadableReportError`.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import replace

from gongkai.core.errors import UnreadableReportError
from gongkai.core.report.labels import normalize, strip_numbering
from gongkai.core.report.model import Finding, ParseResult, Severity, SourceRef
from gongkai.core.report.parse.assemble import assemble
from gongkai.core.report.parse.blocks import Block, Grid, GridCell, Paragraph, cell_source
from gongkai.core.report.parse.grid import MAX_COLUMNS
from gongkai.core.report.parse.narrative import is_footer, match_section
from gongkai.core.report.parse.tables import label_role
from gongkai.core.report.parse.values import is_value_like
from gongkai.core.report.templates import TEMPLATE_2021

__all__ = [
    "FINDINGS_MARKER",
    "decode",
    "header_cells",
    "pipe_cells",
    "read",
    "regroup_cell_stream",
    "spaced_cells",
    "to_blocks",
]

FINDINGS_MARKER = "【检查结果】"
_FORMAT = "txt"
# Share of characters that may be control characters before the bytes are judged not to be text at all.
_MAX_CONTROL_SHARE = 0.01
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# A text with at most this many places that do not decode (plus this share of its characters) is read, those
# places replaced (a file cut short in the middle of a character, a damaged byte); more, and it is refused.
_MAX_DAMAGED = 4
_MAX_DAMAGED_SHARE = 0.001
_REPLACEMENT = "\ufffd"
# UTF-16 without a BOM: this many zero bytes at least, most of them on one side of the byte pairs (a CJK
# character such as 一 (U+4E00) puts one on the other side).
_MIN_UTF16_ZEROS = 4
_UTF16_ZERO_SIDE = 0.75
_MARKDOWN_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
# A run of pipe lines is one cell per line when at least this share of them holds at most one non-empty cell.
_CELL_STREAM_SHARE = 0.9
_CELL_STREAM_MIN_LINES = 4
# A figure as text copied from a PDF writes it: digits (thousands separators, decimals) or a dash or slash.
_FIGURE = re.compile(r"[+-]?\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|[+-]?\d+(?:\.\d+)?|[/／—–-]{1,2}")
_TOKEN = re.compile(r"\S+")
_LABEL_GAP = re.compile(r"\s{2,}|\u3000+")
_SENTENCE = re.compile(r"[。；;！？!?]")
_ANY_PUNCTUATION = re.compile(r"[。；;！？!?，,：:、]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_GLUED_FIGURE = re.compile(r"(.*[\u4e00-\u9fff）)])(\d+(?:\.\d+)?)")
# Longer lines are never a table's header line.
_MAX_HEADER_LINE = 80
# A label standing above a line of figures: one chunk of text, shorter than this.
_MAX_WRAPPED_LABEL = 40
_MAX_WRAPPED_LINES = 5


def decode(data: bytes) -> str:
    return _decode(data)[0]


def _decode(data: bytes) -> tuple[str, int]:
    """The text and how many places in it could not be decoded (each now U+FFFD).

    Every byte must decode in one of the encodings — unless only a few places do not (a file cut short in the
    middle of a character, a damaged byte): those become U+FFFD, which no figure or label matches, so that a
    cell holding one is reported unreadable instead of the whole file refused.
    """
    encodings: tuple[str, ...] = ("utf-8", "gb18030")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        encodings = _utf16_without_bom(data) + encodings
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, 0
    damaged = []
    for encoding in encodings:
        text = data.decode(encoding, errors="replace")
        bad = text.count(_REPLACEMENT)
        if bad <= _MAX_DAMAGED + len(text) * _MAX_DAMAGED_SHARE and _looks_like_text(text):
            damaged.append((bad, text))
    if damaged:
        bad, text = min(damaged, key=lambda found: found[0])
        return text, bad
    raise UnreadableReportError(
        "无法读取这个文本文件：它不是 UTF-8 或 GB18030（GBK）编码的文字，可能是二进制文件或已损坏。",
        format=_FORMAT,
    )


def _utf16_without_bom(data: bytes) -> tuple[str, ...]:
    """UTF-16 written without its byte order mark (some export tools): text whose line breaks and ASCII
    characters leave a zero byte in every other position, the odd ones (little-endian) or the even ones."""
    zeros = data.count(0)
    if zeros < _MIN_UTF16_ZEROS or len(data) % 2:
        return ()
    odd = data[1::2].count(0)
    if odd >= zeros * _UTF16_ZERO_SIDE:
        return ("utf-16-le",)
    if zeros - odd >= zeros * _UTF16_ZERO_SIDE:
        return ("utf-16-be",)
    return ()


def _damaged_finding(text: str, count: int) -> Finding:
    first = text.index(_REPLACEMENT)
    line = len(text[: first + 1].splitlines())
    source = SourceRef(_FORMAT, None, line, None, None, None, None)
    return Finding(
        code="parse.damaged_text",
        severity=Severity.WARNING,
        message=(
            f"文件中有 {count} 处字节不是有效的文字编码（文件可能被截断或已损坏），已显示为“{_REPLACEMENT}”，"
            f"第一处在{source.describe()}；含有这些字符的数字没有采用，请核对原文。"
        ),
        actual=count,
        sources=(source,),
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


def spaced_cells(line: str) -> list[str] | None:
    """The cells of a table row copied from a PDF with spaces between them — label cells (split where two or
    more spaces stand), then figures — or None when the line is text, not a row.

    A row ends in figures: two or more, after a Chinese label that is not a sentence, or alone on the line;
    a single figure only after a short label with no punctuation (`行政许可  447228`). Squeezed columns may
    glue the first figure to the label (`行政事业性收费96171.6`): no label of the templates ends in a digit.
    A page number (`- 3 -`) is not a row.
    """
    if is_footer(line.strip()):
        return None
    tokens = list(_TOKEN.finditer(line))
    count = 0
    while count < len(tokens) and _FIGURE.fullmatch(tokens[-1 - count].group()):
        count += 1
    figures = [token.group() for token in tokens[len(tokens) - count :]]
    label = line[: tokens[len(tokens) - count].start()].strip() if count else line.strip()
    glued = _GLUED_FIGURE.fullmatch(label)
    if glued is not None:
        label, figures = glued.group(1), [glued.group(2), *figures]
    if not figures:
        return None
    if not label:
        return figures if len(figures) >= 2 else None
    if not _HAN.search(label) or _SENTENCE.search(label):
        return None
    if len(figures) == 1 and (len(label) > 20 or _ANY_PUNCTUATION.search(label)):
        return None
    return [part for part in _LABEL_GAP.split(label) if part] + figures


def header_cells(text: str) -> list[str] | None:
    """A table's header line or block heading copied from a PDF — column labels between spaces (`信息内容
    本年制发件数 本年废止件数`), `第二十条 第（一）项` — as a row, or None: kept in the table, they tell the
    template (2021 or 2019) and table 二's block, as the labels of a tab-separated table do."""
    chunks = _LABEL_GAP.split(text)
    if len(chunks) == 1:
        chunks = text.split()
    if label_role("".join(text.split())) == "block":
        return ["".join(text.split())]
    if all(label_role(chunk) == "header" for chunk in chunks):
        return chunks
    return None


def _label_piece(block: Block, line: int) -> str | None:
    """The text of a paragraph on `line` when it can be a piece of a row's wrapped label, else None."""
    if not isinstance(block, Paragraph) or block.source.line != line:
        return None
    text = block.text.strip()
    if (
        not text
        or len(text) > _MAX_WRAPPED_LABEL
        or _LABEL_GAP.search(text)
        or _SENTENCE.search(text)
        or is_footer(text)
        or match_section(text, TEMPLATE_2021, after=-1) is not None
    ):
        return None
    return text


def _wrapped_label(blocks: list[Block], lines: list[int]) -> tuple[int, str] | None:
    """The label of a line of figures wrapped onto the paragraphs just above it (on `lines`, nearest first), as
    (how many paragraphs, text), or None.

    A label copied from a PDF viewer keeps the cell's line breaks (`（二）部分公开（区分处理的，只计这一情` /
    `形，不计其他情形）` / `447 7 0 0 0 0 454`): the pieces up to the nearest one that opens with an item
    number belong to the row. With no item number among them, only the line just above is taken — the lines
    before it may be a category cell (`（六）其` / `他处理`) or the end of the previous row's label.
    """
    pieces: list[str] = []
    for block, line in zip(reversed(blocks), lines[:_MAX_WRAPPED_LINES], strict=False):
        piece = _label_piece(block, line)
        if piece is None:
            break
        pieces.insert(0, piece)
        if strip_numbering(piece) != normalize(piece):
            return len(pieces), "".join(pieces)
        if sum(len(p) for p in pieces) > _MAX_WRAPPED_LABEL:
            break
    return (1, pieces[-1]) if pieces else None


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
    # The pending table: (line number, cells) and the line as written, per line; and how its cells are apart.
    pending: list[tuple[int, list[str]]] = []
    pending_lines: list[str] = []
    kind = ""  # "tab", "pipe" or "spaced"
    tables = 0
    previous_lines: list[int] = []  # the numbers of the last non-blank lines, nearest first
    # Rows with spaces between their cells are looked for only in sections 二, 三 and 四 (their headings seen).
    section = -1
    in_table_section = False

    def close_grid() -> None:
        nonlocal pending, pending_lines
        if not pending:
            return
        if kind == "pipe":
            pending = _drop_markdown_openers(pending, pending_lines)
        stream = kind == "pipe" and _is_cell_stream(pending)
        # `raw` is the stripped text, as `assemble` would set it: it then keeps this SourceRef as is.
        rows: tuple[tuple[GridCell, ...], ...]
        if not stream:
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
                            # A line split into more cells than any table has (a damaged file) keeps the grid's width.
                            for column, cell in enumerate(cells[:MAX_COLUMNS], start=1)
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
        blocks.append(
            Grid(rows=rows, source=source, positional=kind == "tab" or (kind == "pipe" and not stream))
        )
        pending, pending_lines = [], []

    make_cell = GridCell._make
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped == FINDINGS_MARKER:
            break
        if not stripped:
            continue
        cells: list[str] | None = None
        line_kind = ""
        if "\t" in line:
            cells, line_kind = line.split("\t"), "tab"
        elif "|" in line:
            if _MARKDOWN_RULE.match(stripped):
                continue
            cells, line_kind = pipe_cells(line), "pipe"
        elif not in_table_section or (pending and kind != "spaced"):
            # A line of a narrative section that ends in a number is text, whatever its spacing; and inside a
            # table with tabs or `|` between its cells, a line without them is text as it always was.
            pass
        elif len(stripped) <= _MAX_HEADER_LINE and (cells := header_cells(stripped)) is not None:
            line_kind = "spaced"
        elif stripped[-1:].isdigit() or stripped[-1:] in "/／—–-":
            cells, line_kind = spaced_cells(line), "spaced"
            if cells is not None and not pending:
                # A label the PDF wrapped over two or more lines has its first parts on the lines above.
                wrapped = _wrapped_label(blocks, previous_lines)
                if wrapped is not None:
                    del blocks[-wrapped[0] :]
                    cells = [wrapped[1], *cells]
        if cells is not None and not _is_heading_line(cells):
            if pending and kind != line_kind:
                close_grid()
            if not pending:
                tables += 1
                kind = line_kind
            pending.append((number, cells))
            pending_lines.append(line)
            previous_lines = [number, *previous_lines[: _MAX_WRAPPED_LINES - 1]]
            continue
        previous_lines = [number, *previous_lines[: _MAX_WRAPPED_LINES - 1]]
        heading = match_section(stripped, TEMPLATE_2021, after=section)
        if heading is not None:
            section = heading
            in_table_section = TEMPLATE_2021.sections[section].table is not None
        close_grid()
        text = line.rstrip().replace("\t", " ")
        blocks.append(Paragraph(text, SourceRef(_FORMAT, None, number, None, None, None, text.strip())))
    close_grid()
    return blocks


def read(data: bytes) -> ParseResult:
    text, damaged = _decode(data)
    result = assemble(to_blocks(text), fmt=_FORMAT)
    if damaged:
        result = replace(result, findings=(_damaged_finding(text, damaged), *result.findings))
    return result
