"""The official printed layout of tables 二, 三 and 四, merged cells included, computed from the template.

Every renderer that draws a table (HTML, DOCX, XLSX, PDF) asks `table_layout(template.table("t3"))` and
draws what it gets, so the layout is decided once, from the template declaration alone:

- A table is a grid of `n_rows × n_columns` positions. `TableLayout.cells` lists the *anchor* of every
  merged area (its top-left position, `rowspan`, `colspan`); positions covered by a span are not listed
  (`TableLayout.anchor_at` finds the anchor covering any position).
- Blocks stack top to bottom (table 二 has one block per 第二十条 item): an optional `heading` row across the
  whole width (第二十条第（一）项), then the column header rows with the block's `corner` cell over the row labels,
  then one line per row.
- Row labels take `label_columns` columns: a row's `path` (三、本年度办理结果 › （三）不予公开) becomes group cells
  spanning the rows below them, and a row whose path is shorter spans the remaining label columns — exactly
  the merged cells of the official blank template (tests/fixtures/corpus/template-2021-blank.docx).
- Column headers are built the same way from `Column.header_path` (申请人情况 › 法人或其他组织 › 商业企业).
- Blocks whose column counts differ share the grid: the value area is as wide as the least common multiple
  of the counts and each column spans its share (2021 table 二: 3 columns, or 1 spanning 3).
- A table declared `groups_across` (table 四) is drawn with its rows as column groups side by side
  (行政复议 | 行政诉讼 › 未经复议直接起诉 …) over a single line of figures and no row labels.

`LayoutCell.headers` lists the positions of every heading cell that describes a cell (its column headers, its
row labels and the block heading), which the HTML renderer turns into `headers=""` for screen readers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from gongkai.core.report.model import CellValue
from gongkai.core.report.template import Block, CellSpec, Table

__all__ = ["CellRole", "LayoutCell", "TableLayout", "table_layout", "value_text"]

# heading: a block heading across the table · corner: the cell above the row labels · column: a column
# header · row: a row label · value: a figure (its `cell` names the template cell).
CellRole = Literal["heading", "corner", "column", "row", "value"]

Position = tuple[int, int]


@dataclass(frozen=True)
class LayoutCell:
    row: int
    column: int
    role: CellRole
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    cell: CellSpec | None = None
    headers: tuple[Position, ...] = ()

    @property
    def position(self) -> Position:
        return (self.row, self.column)

    @property
    def is_heading(self) -> bool:
        return self.role != "value"

    def covers(self, row: int, column: int) -> bool:
        return (
            self.row <= row < self.row + self.rowspan and self.column <= column < self.column + self.colspan
        )


@dataclass(frozen=True)
class TableLayout:
    table: Table
    n_rows: int
    n_columns: int
    # Leading columns holding row labels (0 for a groups-across table).
    label_columns: int
    cells: tuple[LayoutCell, ...]
    # Rows made only of heading cells (block headings and column headers), for <thead> or "repeat header".
    header_rows: frozenset[int]
    # Relative widths of the grid columns; a renderer scales them to its page width.
    column_weights: tuple[float, ...]
    _grid: tuple[tuple[LayoutCell, ...], ...] = field(repr=False, compare=False, default=())

    def rows(self) -> tuple[tuple[LayoutCell, ...], ...]:
        """The anchors of each grid row, left to right (a row fully covered by spans is empty)."""
        by_row: list[list[LayoutCell]] = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            by_row[cell.row].append(cell)
        return tuple(tuple(r) for r in by_row)

    def anchor_at(self, row: int, column: int) -> LayoutCell:
        """The anchor cell whose area covers a grid position."""
        return self._grid[row][column]

    def value_cells(self) -> tuple[LayoutCell, ...]:
        return tuple(c for c in self.cells if c.role == "value")


# Keyed by object identity (a Table holds a dict, so it is not hashable); templates live for the process.
_LAYOUTS: dict[int, tuple[Table, TableLayout]] = {}


def table_layout(table: Table) -> TableLayout:
    """The official layout of a template table (computed once per table: templates are frozen)."""
    known = _LAYOUTS.get(id(table))
    if known is not None and known[0] is table:
        return known[1]
    layout = _Builder(table).build()
    _LAYOUTS[id(table)] = (table, layout)
    return layout


@dataclass
class _Leaf:
    path: tuple[str, ...]
    span: int
    cell: CellSpec | None = None


class _Builder:
    def __init__(self, table: Table) -> None:
        self.table = table
        self.across = table.groups_across
        self.label_columns = 0 if self.across else max(len(r.path) + 1 for b in table.blocks for r in b.rows)
        self.value_columns = math.lcm(*(len(self._leaves(b, 1)) for b in table.blocks))
        self.n_columns = self.label_columns + self.value_columns
        self.cells: list[LayoutCell] = []
        self.header_rows: set[int] = set()
        self.row = 0

    def _leaves(self, block: Block, span: int) -> list[_Leaf]:
        specs = {c.id: c for c in self.table.cells() if c.block == block.id}
        if self.across:
            return [
                _Leaf(
                    (*r.path, r.label, *c.header_path, c.label),
                    span,
                    specs[block.cell_id(self.table.id, r, c)],
                )
                for r in block.rows
                for c in block.columns
            ]
        return [_Leaf((*c.header_path, c.label), span) for c in block.columns]

    def build(self) -> TableLayout:
        specs = {c.id: c for c in self.table.cells()}
        for block in self.table.blocks:
            n = len(self._leaves(block, 1))
            leaves = self._leaves(block, self.value_columns // n)
            heading: Position | None = None
            if block.heading:
                heading = (self.row, 0)
                self._add(LayoutCell(self.row, 0, "heading", block.heading, colspan=self.n_columns))
                self.header_rows.add(self.row)
                self.row += 1
            column_headers = self._column_headers(block, leaves)
            context = (heading,) if heading else ()
            if self.across:
                self._value_line(leaves, context, column_headers, ())
            else:
                self._body(block, leaves, context, column_headers, specs)
        grid = self._grid()
        cells = tuple(sorted(self.cells, key=lambda c: c.position))
        return TableLayout(
            table=self.table,
            n_rows=self.row,
            n_columns=self.n_columns,
            label_columns=self.label_columns,
            cells=cells,
            header_rows=frozenset(self.header_rows),
            column_weights=self._weights(),
            _grid=grid,
        )

    def _add(self, cell: LayoutCell) -> None:
        self.cells.append(cell)

    def _column_headers(self, block: Block, leaves: Sequence[_Leaf]) -> list[list[Position]]:
        """Adds the header rows of a block; returns, per leaf, the positions of the headers above it."""
        depth = max(len(leaf.path) for leaf in leaves)
        top = self.row
        if self.label_columns:
            self._add(LayoutCell(top, 0, "corner", block.corner, rowspan=depth, colspan=self.label_columns))
        above: list[list[Position]] = [[] for _ in leaves]
        starts = [self.label_columns + sum(leaf.span for leaf in leaves[:i]) for i in range(len(leaves))]
        for level in range(depth):
            i = 0
            while i < len(leaves):
                leaf = leaves[i]
                if len(leaf.path) <= level:
                    i += 1
                    continue
                if len(leaf.path) == level + 1:
                    cell = LayoutCell(
                        top + level,
                        starts[i],
                        "column",
                        leaf.path[level],
                        rowspan=depth - level,
                        colspan=leaf.span,
                    )
                    self._add(cell)
                    above[i].append(cell.position)
                    i += 1
                    continue
                j = i + 1
                while (
                    j < len(leaves)
                    and len(leaves[j].path) > level + 1
                    and leaves[j].path[: level + 1] == leaf.path[: level + 1]
                ):
                    j += 1
                width = sum(x.span for x in leaves[i:j])
                cell = LayoutCell(top + level, starts[i], "column", leaf.path[level], colspan=width)
                self._add(cell)
                for k in range(i, j):
                    above[k].append(cell.position)
                i = j
        self.header_rows.update(range(top, top + depth))
        self.row = top + depth
        return above

    def _value_line(
        self,
        leaves: Sequence[_Leaf],
        context: tuple[Position, ...],
        column_headers: Sequence[Sequence[Position]],
        row_headers: tuple[Position, ...],
    ) -> None:
        column = self.label_columns
        for leaf, above in zip(leaves, column_headers, strict=True):
            self._add(
                LayoutCell(
                    self.row,
                    column,
                    "value",
                    colspan=leaf.span,
                    cell=leaf.cell,
                    headers=(*context, *above, *row_headers),
                )
            )
            column += leaf.span
        self.row += 1

    def _body(
        self,
        block: Block,
        leaves: Sequence[_Leaf],
        context: tuple[Position, ...],
        column_headers: Sequence[Sequence[Position]],
        specs: dict[str, CellSpec],
    ) -> None:
        rows = block.rows
        paths = [(*r.path, r.label) for r in rows]
        top = self.row
        row_headers: list[list[Position]] = [[] for _ in rows]
        for level in range(self.label_columns):
            i = 0
            while i < len(rows):
                path = paths[i]
                if len(path) <= level:
                    i += 1
                    continue
                if len(path) == level + 1:
                    cell = LayoutCell(top + i, level, "row", path[level], colspan=self.label_columns - level)
                    self._add(cell)
                    row_headers[i].append(cell.position)
                    i += 1
                    continue
                j = i + 1
                while (
                    j < len(rows) and len(paths[j]) > level + 1 and paths[j][: level + 1] == path[: level + 1]
                ):
                    j += 1
                cell = LayoutCell(top + i, level, "row", path[level], rowspan=j - i)
                self._add(cell)
                for k in range(i, j):
                    row_headers[k].append(cell.position)
                i = j
        for i, row in enumerate(rows):
            line = [
                _Leaf(leaf.path, leaf.span, specs[block.cell_id(self.table.id, row, column)])
                for leaf, column in zip(leaves, block.columns, strict=True)
            ]
            self._value_line(line, context, column_headers, tuple(row_headers[i]))

    def _grid(self) -> tuple[tuple[LayoutCell, ...], ...]:
        grid: list[list[LayoutCell | None]] = [[None] * self.n_columns for _ in range(self.row)]
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.column, cell.column + cell.colspan):
                    if grid[r][c] is not None:
                        raise ValueError(f"layout of {self.table.id}: overlapping cells at ({r}, {c})")
                    grid[r][c] = cell
        out: list[tuple[LayoutCell, ...]] = []
        for r, line in enumerate(grid):
            if any(c is None for c in line):
                raise ValueError(f"layout of {self.table.id}: a hole in row {r}")
            out.append(tuple(c for c in line if c is not None))
        return tuple(out)

    def _weights(self) -> tuple[float, ...]:
        values = [1.0] * self.value_columns
        if self.label_columns == 0:
            return tuple(values)
        if self.label_columns == 1:
            return (max(1.0, self.value_columns / 3), *values)
        # Outer label columns hold group labels (三、本年度办理结果) and stay narrow; the innermost holds the
        # long row labels.
        outer = [1.2] * (self.label_columns - 1)
        return (*outer, max(2.0, self.value_columns * 0.6), *values)


def value_text(value: CellValue) -> str:
    """A cell value as printed in every format: `12`, `96171.6` (never `1E+1`), blank for None."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
