"""Tables from the ruling lines of a PDF page, joined across page breaks, expanded into `Grid`s.

Cells are found with pdfplumber's algorithm (merge nearby edges, intersect them, take the smallest rectangles)
applied to the lines PDFium read (`pdf_page.py`). A merged cell is one rectangle covering several rows/columns
of the table's grid of boundaries; its text is its characters, lines joined with nothing in between (a vertical
header written one character per line reads "三、本年度办理结果").

A table that ends a page and one that starts the next page at the same horizontal position are one table. A
merged cell cut by the page break is stitched back: the part on the new page is empty (its text stayed above),
or is the tail of a label ("（四）无" | "法提供"); a row cut in two becomes one row again; header rows repeated on
the new page are dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

from gongkai.core.report.model import SourceRef
from gongkai.core.report.parse.blocks import Grid, GridCell
from gongkai.core.report.parse.pdf_page import Char, PageContent
from gongkai.core.report.parse.pdf_text import group_lines

__all__ = ["PageTable", "TableCell", "find_tables", "join_tables", "to_grid"]

_SNAP = 3.0
_MIN_EDGE = 3.0
# A page with more ruling lines or crossings than this is a drawing, not a report table.
_MAX_EDGES = 1_500
_MAX_CROSSINGS = 3_000
# Horizontal tolerance between the outer borders of a table's parts on two pages.
_JOIN_TOLERANCE = 8.0
_BOUNDARY_TOLERANCE = 3.0

_NUMBERED = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|[一二三四五六七八九十]+\s*[、.．]|\d+\s*[、.．,，])"
)
_NUMBER = re.compile(r"^\s*[-+]?[\d,，.．]+\s*$")


@dataclass(eq=False)
class TableCell:
    """One drawn cell: its place in the table's grid (0-based) and size in rows/columns, and its text."""

    row: int
    column: int
    rows: int
    columns: int
    text: str
    page: int
    x0: float
    x1: float


@dataclass
class PageTable:
    """A table as found on one page, or several page parts already joined into one."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    boundaries: list[float]  # column boundaries, left to right
    row_count: int
    cells: list[TableCell] = field(default_factory=list)
    last_page: int = 0

    def __post_init__(self) -> None:
        self.last_page = self.last_page or self.page


def _cluster(values: Sequence[float], tolerance: float) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if out and value - out[-1] <= tolerance:
            continue
        out.append(value)
    return out


def _index(boundaries: Sequence[float], value: float) -> int:
    """The position of the boundary nearest to `value` (boundaries sorted)."""
    i = bisect_left(boundaries, value)
    if i == 0:
        return 0
    if i == len(boundaries):
        return i - 1
    return i if boundaries[i] - value < value - boundaries[i - 1] else i - 1


def _cell_text(chars: list[Char]) -> str:
    return "".join(line.text for line in group_lines(chars)).strip()


def find_tables(page: PageContent) -> tuple[list[PageTable], list[Char]]:
    """The page's tables (top to bottom) and the characters outside them."""
    if len(page.edges) < 4:
        return [], list(page.chars)
    raw_edges = [e.as_pdfplumber() for e in page.edges]
    edges = merge_edges(raw_edges, _SNAP, _SNAP, _SNAP, _SNAP)
    edges = [e for e in edges if (e["width"] if e["orientation"] == "h" else e["height"]) >= _MIN_EDGE]
    if len(edges) > _MAX_EDGES:
        return [], list(page.chars)
    crossings = edges_to_intersections(edges, _SNAP, _SNAP)
    if len(crossings) > _MAX_CROSSINGS:
        return [], list(page.chars)
    boxes = cells_to_tables(intersections_to_cells(crossings))
    tables: list[PageTable] = []
    claimed: set[int] = set()
    for cell_boxes in boxes:
        table = _build_table(page, cell_boxes, claimed)
        if table is not None:
            tables.append(table)
    tables.sort(key=lambda t: t.top)
    rest = [c for i, c in enumerate(page.chars) if i not in claimed]
    return tables, rest


def _build_table(
    page: PageContent, boxes: list[tuple[float, float, float, float]], claimed: set[int]
) -> PageTable | None:
    xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes], 1.0)
    ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes], 1.0)
    if len(xs) < 3 or len(ys) < 2:
        return None  # one column: a frame around text, which stays in the text flow
    x0, x1, top, bottom = xs[0], xs[-1], ys[0], ys[-1]
    placed: list[tuple[int, int, int, int, tuple[float, float, float, float]]] = []
    for box in boxes:
        c0, c1 = _index(xs, box[0]), _index(xs, box[2])
        r0, r1 = _index(ys, box[1]), _index(ys, box[3])
        if c1 > c0 and r1 > r0:
            placed.append((r0, c0, r1 - r0, c1 - c0, box))
    # Which drawn cell covers each position of the grid, to drop every character into its cell directly.
    owner: dict[tuple[int, int], int] = {}
    for k, (r, c, rs, cs, _box) in enumerate(placed):
        for row in range(r, r + rs):
            for column in range(c, c + cs):
                owner.setdefault((row, column), k)
    inside: dict[int, list[Char]] = {}
    for index, char in enumerate(page.chars):
        cx, cy = (char.x0 + char.x1) / 2, char.middle
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            continue
        claimed.add(index)
        column = min(bisect_right(xs, cx) - 1, len(xs) - 2)
        row = min(bisect_right(ys, cy) - 1, len(ys) - 2)
        k = owner.get((row, column), -1)
        if k >= 0:
            inside.setdefault(k, []).append(char)
    cells = [
        TableCell(
            row=r,
            column=c,
            rows=rs,
            columns=cs,
            text=_cell_text(inside.get(k, [])),
            page=page.number,
            x0=box[0],
            x1=box[2],
        )
        for k, (r, c, rs, cs, box) in enumerate(placed)
    ]
    cells.sort(key=lambda cell: (cell.row, cell.column))
    return PageTable(
        page=page.number,
        x0=x0,
        x1=x1,
        top=top,
        bottom=bottom,
        boundaries=xs,
        row_count=len(ys) - 1,
        cells=cells,
    )


def _same_columns(first: PageTable, second: PageTable) -> bool:
    return abs(first.x0 - second.x0) <= _JOIN_TOLERANCE and abs(first.x1 - second.x1) <= _JOIN_TOLERANCE


def _column_span(table: PageTable, union: list[float], cell: TableCell) -> tuple[int, int]:
    def place(x: float) -> int:
        if abs(x - table.x0) <= _BOUNDARY_TOLERANCE:
            return 0
        if abs(x - table.x1) <= _BOUNDARY_TOLERANCE:
            return len(union) - 1
        return _index(union, x)

    start, end = place(cell.x0), place(cell.x1)
    return start, max(end - start, 1)


def _rows_text(table: PageTable, count: int) -> list[tuple[tuple[int, int, str], ...]]:
    rows: list[list[tuple[int, int, str]]] = [[] for _ in range(count)]
    for cell in table.cells:
        if cell.row < count:
            rows[cell.row].append((cell.column, cell.columns, cell.text))
    return [tuple(sorted(r)) for r in rows]


def join_tables(first: PageTable, second: PageTable) -> PageTable | None:
    """One table from a table ending a page and one starting the next, or None when they are not one table."""
    if second.page != first.last_page + 1 or not _same_columns(first, second):
        return None
    inner = _cluster(first.boundaries[1:-1] + second.boundaries[1:-1], _BOUNDARY_TOLERANCE)
    union = [first.x0, *inner, first.x1]
    for part in (first, second):
        for cell in part.cells:
            cell.column, cell.columns = _column_span(part, union, cell)
    second_cells, repeated = _drop_repeated_header(first, second)
    second_rows = second.row_count - repeated
    if not second_cells:
        first.last_page = second.page
        return first
    joined = _stitch(first, second_cells)
    shift = first.row_count - (1 if joined.collapsed else 0)
    for cell in second_cells:
        if cell in joined.absorbed:
            continue
        cell.row += shift
    cells = list(first.cells) + [c for c in second_cells if c not in joined.absorbed]
    cells.sort(key=lambda c: (c.row, c.column))
    return PageTable(
        page=first.page,
        x0=first.x0,
        x1=first.x1,
        top=first.top,
        bottom=second.bottom,
        boundaries=union,
        row_count=first.row_count + second_rows - (1 if joined.collapsed else 0),
        cells=cells,
        last_page=second.page,
    )


def _drop_repeated_header(first: PageTable, second: PageTable) -> tuple[list[TableCell], int]:
    """The second part's cells without the header rows that repeat the first part's first rows."""
    limit = min(first.row_count, second.row_count - 1, 5)
    first_rows = _rows_text(first, limit)
    second_rows = _rows_text(second, limit)
    repeated = 0
    for k in range(limit, 0, -1):
        same = first_rows[:k] == second_rows[:k] and any(
            text for row in first_rows[:k] for _c, _s, text in row
        )
        # Cells spanning out of the repeated rows would be cut: only accept a clean cut.
        if same and all(c.row + c.rows <= k or c.row >= k for c in second.cells):
            repeated = k
            break
    cells = [c for c in second.cells if c.row >= repeated]
    for cell in cells:
        cell.row -= repeated
    return cells, repeated


@dataclass
class _Stitch:
    collapsed: bool
    absorbed: list[TableCell]


def _is_label(text: str) -> bool:
    return bool(text) and not _NUMBER.match(text)


def _stitch(first: PageTable, second_cells: list[TableCell]) -> _Stitch:
    """Join the cells cut by the page break; mark the second part's cells merged into the first part's."""
    last_row = first.row_count - 1
    bottom = {(c.column, c.columns): c for c in first.cells if c.row + c.rows - 1 == last_row}
    top = [c for c in second_cells if c.row == 0]
    pairs = [(bottom.get((c.column, c.columns)), c) for c in top]

    def tail(upper: TableCell, lower: TableCell) -> bool:
        return _is_label(upper.text) and _is_label(lower.text) and not _NUMBERED.match(lower.text)

    matched = [(u, lo) for u, lo in pairs if u is not None]
    collapse = (
        len(matched) == len(top)
        and len(top) > 0
        and all(not lo.text or not u.text or tail(u, lo) for u, lo in matched)
        and (any(tail(u, lo) for u, lo in matched) or all(not lo.text for _u, lo in matched))
    )
    absorbed: list[TableCell] = []
    for upper, lower in matched:
        spans_rows = upper.rows > 1 or lower.rows > 1
        continues = (not lower.text and bool(upper.text)) or tail(upper, lower)
        if collapse or (spans_rows and continues):
            upper.text = upper.text + lower.text
            upper.rows += lower.rows - (1 if collapse else 0)
            absorbed.append(lower)
    return _Stitch(collapsed=collapse, absorbed=absorbed)


def to_grid(table: PageTable, number: int) -> Grid:
    """The table with merged cells expanded: each copy of a merged cell has `spanned=True`."""
    width = len(table.boundaries) - 1
    grid: list[list[GridCell | None]] = [[None] * width for _ in range(table.row_count)]
    row_pages = [table.page] * table.row_count
    for cell in table.cells:
        # Every copy of a merged cell carries the merged cell's own source (its top-left position), as
        # `grid.make_grid` gives the other formats' copies: that is where a clerk finds it.
        origin = SourceRef(
            format="pdf",
            page=cell.page,
            table=number,
            row=cell.row + 1,
            column=cell.column + 1,
            raw=cell.text,
        )
        for r in range(cell.row, min(cell.row + cell.rows, table.row_count)):
            for c in range(cell.column, min(cell.column + cell.columns, width)):
                if grid[r][c] is not None:
                    continue
                if r == cell.row:
                    row_pages[r] = cell.page
                grid[r][c] = GridCell(
                    text=cell.text, source=origin, spanned=(r, c) != (cell.row, cell.column)
                )
    rows = tuple(
        tuple(
            cell
            if cell is not None
            else GridCell(
                text="",
                source=SourceRef(format="pdf", page=row_pages[r], table=number, row=r + 1, column=c + 1),
            )
            for c, cell in enumerate(row)
        )
        for r, row in enumerate(grid)
    )
    return Grid(rows=rows, source=SourceRef(format="pdf", page=table.page, table=number))
