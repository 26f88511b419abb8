"""The structure of an annual-report template, as frozen data.

A `Template` is declared once per official format (`templates/y2021.py`, `templates/y2019.py`). Renderers draw
it, parsers recognise it, rules check it and the docs list it; none of them spells a label or a cell id itself.

Vocabulary:
- `Section`   one of the six numbered parts (一 … 六); narrative sections hold text, table sections a `Table`.
- `Table`     table 二, 三 or 四; made of one or more `Block`s (table 二 has one block per 第二十条 item).
- `Block`     a grid: rows × columns; every (row, column) pair is a cell `"<table>.<row>.<column>"`.
- `Row`       its id, official label, the group labels above it (`path`) and `keys`: normalised fragments that
              identify the row in any layout, however the agency spelled or broke the label.
- `Column`    its id, official label and the header labels above it.
- `CellSpec`  one cell: id, kind (`count` = non-negative integer, `amount` = Decimal) and unit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "Block",
    "CellKind",
    "CellSpec",
    "Column",
    "Row",
    "Section",
    "Table",
    "Template",
]

CellKind = Literal["count", "amount"]


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    header_path: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    id: str
    label: str
    path: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    # True when the row is recognised only by its whole (normalised) label, e.g. "其他" or "总计", which are
    # too common to be matched as fragments.
    exact: bool = False
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class CellSpec:
    id: str
    table: str
    block: str
    row: Row
    column: Column
    kind: CellKind = "count"
    unit: str | None = None

    @property
    def label(self) -> str:
        """A human label naming the cell, e.g. "三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密 / 自然人"."""
        parts = [*self.row.path, self.row.label, *self.column.header_path, self.column.label]
        return " / ".join(p for p in parts if p)


@dataclass(frozen=True)
class Block:
    id: str
    heading: str
    corner: str
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    # Cells of this block that are not counts, by cell id → kind/unit (e.g. the fee amount in 万元).
    amounts: Mapping[str, str] = field(default_factory=dict)

    def cell_id(self, table: str, row: Row, column: Column) -> str:
        return f"{table}.{row.id}.{column.id}"


@dataclass(frozen=True)
class Table:
    id: str
    section: str
    title: str
    blocks: tuple[Block, ...]
    note: str | None = None
    # True when the block's rows are printed side by side as column groups over a single line of figures
    # (table 四: 行政复议 | 行政诉讼 …); renderers draw it so and readers expect it so.
    groups_across: bool = False

    def cells(self) -> tuple[CellSpec, ...]:
        out: list[CellSpec] = []
        for block in self.blocks:
            for row in block.rows:
                for column in block.columns:
                    cid = block.cell_id(self.id, row, column)
                    unit = block.amounts.get(cid)
                    out.append(
                        CellSpec(
                            id=cid,
                            table=self.id,
                            block=block.id,
                            row=row,
                            column=column,
                            kind="amount" if unit is not None else "count",
                            unit=unit or None,
                        )
                    )
        return tuple(out)


@dataclass(frozen=True)
class Section:
    id: str
    number: str
    title: str
    variants: tuple[str, ...] = ()
    table: str | None = None
    narrative: bool = False
    placeholder: str = "（文字描述）"

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


@dataclass(frozen=True)
class Template:
    id: str
    name: str
    basis: str
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    # Row ids of table 三 whose sum is the (七)总计 row; read by rules and by the web layer's aggregation.
    outcome_rows: tuple[str, ...] = ()
    cells: tuple[CellSpec, ...] = field(init=False)
    _by_id: Mapping[str, CellSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        cells = tuple(c for t in self.tables for c in t.cells())
        ids = [c.id for c in cells]
        if len(ids) != len(set(ids)):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            raise ValueError(f"template {self.id}: duplicate cell ids {dupes}")
        object.__setattr__(self, "cells", cells)
        object.__setattr__(self, "_by_id", {c.id: c for c in cells})

    @property
    def cell_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.cells)

    def cell(self, cell_id: str) -> CellSpec:
        return self._by_id[cell_id]

    def has_cell(self, cell_id: str) -> bool:
        return cell_id in self._by_id

    def table(self, table_id: str) -> Table:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(table_id)

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)

    @property
    def narrative_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.narrative)
