"""Word's way of writing tables, shared by the readers of Word 97–2003 (.doc) and RTF files: the document is a
stream of paragraphs, each ended by a mark — a paragraph mark, or in a table a cell mark, and after each row a
row mark carrying the row's cell edges and merges — with its table depth. `stream_blocks` turns that stream into
blocks: tables (nested ones too) put back together, each a grid whose columns come from the cells' edges in all
its rows, a cell spanning several columns repeated and marked spanned, as is a cell merged with the one above or
before it — the grid the DOCX reader makes. A table holding tables, or one column wide, is layout: what its
cells hold is read in order. A cell's paragraphs are joined.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeAlias

from gongkai.core.report.model import SourceRef
from gongkai.core.report.parse.blocks import Block, Paragraph
from gongkai.core.report.parse.grid import MAX_COLUMNS, MAX_ROWS, Slot, make_grid

__all__ = ["CELL_MARK", "MAX_TABLE_DEPTH", "OUTSIDE", "PARAGRAPH_MARK", "Mark", "Merge", "stream_blocks"]

PARAGRAPH_MARK = "\r"
CELL_MARK = "\x07"  # ends a cell of an outermost table, or (with `Mark.row_end`) its row
# Edges of cells closer than this (in twips, 1/1440 inch: here about 0.3 mm) are the same column edge.
_EDGE_TOLERANCE = 16
# Deeper than any document nests tables: a depth beyond it is read from a damaged file (a 32-bit table depth of
# 4 000 000 000 would otherwise open as many tables) and is taken as this depth.
MAX_TABLE_DEPTH = 64


class Merge(Enum):
    NONE = 0
    ABOVE = 1  # continues the cell above (a vertical merge)
    BEFORE = 2  # continues the cell before it (Word 97's own horizontal merge)


@dataclass(frozen=True)
class Mark:
    """Where a paragraph stands in a table, as the properties of its mark say."""

    depth: int = 0  # 0 outside tables, 1 in a table, 2 and more in a table inside a cell
    row_end: bool = False  # the mark ends a row of an outermost table
    inner_cell_end: bool = False  # the paragraph ends a cell of a table inside a cell
    inner_row_end: bool = False  # the paragraph ends a row of a table inside a cell
    edges: tuple[int, ...] = ()  # a row end: its cells' edges, left to right (one more than the cells)
    merges: tuple[Merge, ...] = ()  # a row end: how each cell is merged


OUTSIDE = Mark()


def stream_blocks(paragraphs: Iterable[tuple[str, str, Mark]], *, fmt: str) -> list[Block]:
    """Blocks from (text, mark, its properties) — the mark PARAGRAPH_MARK or CELL_MARK — in document order."""
    return _Emitter(fmt).emit(_structure(paragraphs))


# The document as a tree: the body and each cell hold paragraphs and tables; a table holds rows of cells.
_Item: TypeAlias = "str | _Table"


@dataclass
class _Table:
    rows: list[tuple[list[list[_Item]], Mark]] = field(default_factory=list)
    row: list[list[_Item]] = field(default_factory=list)  # the cells of the row being read
    cell: list[_Item] = field(default_factory=list)  # what the cell being read holds so far


def _structure(paragraphs: Iterable[tuple[str, str, Mark]]) -> list[_Item]:
    """The body's paragraphs and tables, tables inside cells nested as they are in the document."""
    body: list[_Item] = []
    open_tables: list[_Table] = []  # the outermost first
    after_cell = False  # the last mark ended a cell of an outermost table

    def container(level: int) -> list[_Item]:
        return body if level == 0 else open_tables[level - 1].cell

    def close_below(level: int) -> None:
        while len(open_tables) > level:
            table = open_tables.pop()
            if table.row or table.cell:  # a row left unfinished by a damaged file
                table.row.append(table.cell)
                table.rows.append((table.row, OUTSIDE))
            if table.rows and len(table.rows) <= MAX_ROWS:
                container(len(open_tables)).append(table)

    for text, mark, properties in paragraphs:
        depth, role = min(properties.depth, MAX_TABLE_DEPTH), "paragraph"
        if depth <= 1 and mark == CELL_MARK:
            # Without its properties (a damaged file), a mark right after a cell's end ends the row.
            row_end = properties.row_end or (not properties.depth and after_cell and not text)
            depth, role = 1, "row" if row_end else "cell"
        elif depth >= 2 and properties.inner_row_end:
            role = "row"
        elif depth >= 2 and properties.inner_cell_end:
            role = "cell"
        after_cell = depth == 1 and role == "cell"
        close_below(depth)
        while len(open_tables) < depth:
            open_tables.append(_Table())
        if role == "row":
            table = open_tables[-1]
            table.rows.append((table.row[:MAX_COLUMNS], properties))
            table.row, table.cell = [], []
            continue
        container(depth).append(text)
        if role == "cell":
            table = open_tables[-1]
            table.row.append(table.cell)
            table.cell = []
    close_below(0)
    return body


class _Emitter:
    """Blocks from the tree: a table is a grid, unless it holds tables or is one column wide (then layout)."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.blocks: list[Block] = []
        self.paragraphs = 0
        self.tables = 0

    def emit(self, items: list[_Item]) -> list[Block]:
        for item in items:
            if isinstance(item, str):
                self.paragraph(item)
            else:
                self.table(item)
        return self.blocks

    def paragraph(self, text: str) -> None:
        self.paragraphs += 1
        source = SourceRef(format=self.fmt, line=self.paragraphs)
        for line in text.split("\n"):
            line = line.replace("\t", " ").strip()
            if line:
                self.blocks.append(Paragraph(line, source))

    def table(self, table: _Table) -> None:
        nested = any(not isinstance(item, str) for cells, _ in table.rows for cell in cells for item in cell)
        matrix = (
            [] if nested else _matrix([([_joined(cell) for cell in cells], p) for cells, p in table.rows])
        )
        if nested or max((len(row) for row in matrix), default=0) < 2:
            for cells, _ in table.rows:
                for cell in cells:
                    self.emit(cell)
            return
        self.tables += 1
        grid = make_grid(matrix, fmt=self.fmt, table=self.tables)
        if grid is not None:
            self.blocks.append(grid)


def _joined(cell: list[_Item]) -> str:
    return " ".join(
        piece.strip()
        for text in cell
        if isinstance(text, str)
        for piece in text.replace("\t", " ").split("\n")
        if piece.strip()
    )


def _matrix(rows: list[tuple[list[str], Mark]]) -> list[list[Slot]]:
    """The grid of a table: each cell placed by its edges among all the rows' edges, merged cells repeated."""
    all_edges = sorted({edge for _, properties in rows for edge in properties.edges})
    columns: list[int] = []
    for edge in all_edges:
        if not columns or edge - columns[-1] > _EDGE_TOLERANCE:
            columns.append(edge)

    def column_of(edge: int) -> int:
        return max(0, bisect_right(columns, edge + _EDGE_TOLERANCE) - 1)

    matrix: list[list[Slot]] = []
    for cells, properties in rows:
        above = matrix[-1] if matrix else []
        line: list[Slot] = []
        placed = len(properties.edges) == len(cells) + 1
        for index, text in enumerate(cells):
            merge = properties.merges[index] if index < len(properties.merges) else Merge.NONE
            start, span = len(line), 1
            if placed:
                start = column_of(properties.edges[index])
                span = max(1, column_of(properties.edges[index + 1]) - start)
                start = max(start, len(line))
            if start >= MAX_COLUMNS:
                break
            line.extend([("", False)] * (start - len(line)))
            if merge is Merge.ABOVE and start < len(above):
                first: Slot = (above[start][0], True)
            elif merge is Merge.BEFORE and line:
                first = (line[-1][0], True)
            else:
                first = (text, False)
            span = min(span, MAX_COLUMNS - start)
            line.append(first)
            line.extend([(first[0], True)] * (span - 1))
        matrix.append(line)
    return matrix
