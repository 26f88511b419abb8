"""Building `Grid` blocks from tables with merged cells, for the HTML, DOCX and XLSX readers.

Each format says "this cell spans so many rows and columns" its own way (HTML `rowspan`/`colspan`; DOCX
`gridSpan` and `vMerge`; XLSX merged ranges). The readers turn theirs into a matrix of `Slot`s — the text
at every grid position and whether it is a copy of a merged cell — and `make_grid` pads the rows to one
width and attaches a `SourceRef` to every cell. `place_spans` is the HTML table model (each cell takes the
next free position of its row; `rowspan` reserves positions in the rows below), kept here because foreign
HTML-like sources (and tests) need it too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias, cast

from gongkai.core.report.model import SourceRef
from gongkai.core.report.parse.blocks import Grid, GridCell, cell_source

__all__ = [
    "MAX_COLUMNS",
    "MAX_MERGED_CELLS",
    "MAX_ROWS",
    "MERGED_TOO_LARGE",
    "Slot",
    "SpanCell",
    "make_grid",
    "place_spans",
]

# No annual-report table comes near these; they bound what a malicious span (colspan="100000") can cost.
MAX_COLUMNS = 64
MAX_ROWS = 2000
# The cells a workbook's merged ranges may cover once cut to MAX_ROWS × MAX_COLUMNS: openpyxl makes and styles an
# object for each (about 15 µs), and a report merges a few hundred. One range over a whole sheet (a damaged file)
# is 128 000 once cut.
MAX_MERGED_CELLS = 100_000
MERGED_TOO_LARGE = "这个Excel文件的合并单元格范围过大，不像是一份年度报告，已拒绝读取。"


# Plain tuples, not dataclasses: a page holds hundreds of cells and these are made for each one.
Slot: TypeAlias = tuple[str, bool]
"""The text at a grid position and whether it is a copy of a merged cell."""

SpanCell: TypeAlias = tuple[str, int, int]
"""A cell as a table source gives it: text, rowspan, colspan."""

_EMPTY: Slot = ("", False)


def place_spans(rows: Sequence[Sequence[SpanCell]]) -> list[list[Slot]]:
    """The HTML table model: a matrix with every merged cell repeated (copies marked spanned)."""
    rows = rows[:MAX_ROWS]
    height = len(rows)
    matrix: list[list[Slot | None]] = [[] for _ in rows]
    holes = False  # positions reserved below by a rowspan stay None until filled
    for r, row in enumerate(rows):
        line = matrix[r]
        width = len(line)
        column = 0
        for text, rowspan, colspan in row:
            while column < width and line[column] is not None:
                column += 1
            if column >= MAX_COLUMNS:
                break
            if rowspan == 1 and column == width:  # the usual case: the next position at the end of the row
                if colspan == 1:
                    line.append((text, False))
                    column = width = width + 1
                    continue
                colspan = max(1, min(colspan, MAX_COLUMNS - column))
                line.append((text, False))
                line.extend([(text, True)] * (colspan - 1))
                column = width = width + colspan
                continue
            rowspan = max(1, min(rowspan, height - r))
            colspan = max(1, min(colspan, MAX_COLUMNS - column))
            end = column + colspan
            first: Slot = (text, False)
            copy: Slot = (text, True)
            for dr in range(rowspan):
                target = matrix[r + dr]
                if len(target) < end:
                    target.extend([None] * (end - len(target)))
                    holes = True
                for c in range(column, end):
                    if target[c] is None:
                        target[c] = first if (dr == 0 and c == column) else copy
            column = end
            width = len(line)
    if not holes:
        return cast("list[list[Slot]]", matrix)
    return [[slot if slot is not None else _EMPTY for slot in line] for line in matrix]


def make_grid(
    matrix: Sequence[Sequence[Slot]], *, fmt: str, table: int, page: int | None = None
) -> Grid | None:
    """A Grid with every row as wide as the widest (padded with empty cells); None when it has no cells.

    A copy of a merged cell carries the source of the merged cell itself (its top-left position), which is
    also what a clerk finds in the document. A padding cell — a position the row itself has no cell for — has
    no column in its source (`column=None`): a row shorter than its table may have its figures shifted.
    """
    rows = matrix[:MAX_ROWS]
    width = min(MAX_COLUMNS, max((len(row) for row in rows), default=0))
    if width == 0:
        return None
    new = tuple.__new__
    grid_rows: list[tuple[GridCell, ...]] = []
    above: tuple[GridCell, ...] = ()
    for r, row in enumerate(rows, start=1):
        cells: list[GridCell] = []
        own = min(len(row), width)
        padded = row if len(row) == width else [*row[:width], *([_EMPTY] * (width - len(row)))]
        previous: GridCell | None = None
        for c, (text, spanned) in enumerate(padded):
            if c >= own:
                previous = new(GridCell, ("", cell_source(fmt, page, None, table, r, None, None), False))
            elif not spanned:
                previous = new(
                    GridCell, (text, cell_source(fmt, page, None, table, r, c + 1, text or None), False)
                )
            elif previous is not None and previous.text == text:
                previous = new(GridCell, (text, previous.source, True))
            elif above and above[c].text == text:
                previous = new(GridCell, (text, above[c].source, True))
            else:
                previous = new(
                    GridCell, (text, cell_source(fmt, page, None, table, r, c + 1, text or None), True)
                )
            cells.append(previous)
        above = tuple(cells)
        grid_rows.append(above)
    return Grid(tuple(grid_rows), SourceRef(format=fmt, page=page, table=table))
