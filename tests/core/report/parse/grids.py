"""Blocks shaped like what the HTML, DOCX and PDF readers produce, built by hand for testing `assemble` directly.

`expand(rows)` turns rows of anchors — text, or (text, rowspan, colspan) — into a `Grid` the way a reader
expands merged cells: every covered position gets a copy of the anchor's text with `spanned=True`.
`official_blocks(report)` lays a report out as the official printed tables (merged headers and row groups,
table 二's blocks sharing one grid, table 四 with its groups across) with optional page breaks inside table 三.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from math import lcm

from gongkai.core.report.model import CellValue, Report, SourceRef
from gongkai.core.report.parse.blocks import Block, Grid, GridCell, Paragraph
from gongkai.core.report.template import Table

__all__ = ["Anchor", "expand", "official_blocks", "paragraph", "value_text"]

Anchor = str | tuple[str, int, int]


def value_text(value: CellValue) -> str:
    if value is None:
        return ""
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def paragraph(text: str, line: int | None = None, *, page: int | None = None) -> Paragraph:
    return Paragraph(text=text, source=SourceRef(format="test", page=page, line=line))


def expand(rows: Sequence[Sequence[Anchor]], *, table: int = 1, page: int | None = None) -> Grid:
    """Rows of anchors → a Grid with merged cells expanded (copies marked spanned), like an HTML table."""
    placed: dict[tuple[int, int], GridCell] = {}
    for r, anchors in enumerate(rows):
        c = 0
        for anchor in anchors:
            text, rowspan, colspan = (anchor, 1, 1) if isinstance(anchor, str) else anchor
            while (r, c) in placed:
                c += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    source = SourceRef(
                        format="test", page=page, table=table, row=r + dr + 1, column=c + dc + 1
                    )
                    placed[(r + dr, c + dc)] = GridCell(text=text, source=source, spanned=(dr, dc) != (0, 0))
            c += colspan
    height = max(r for r, _ in placed) + 1
    width = max(c for _, c in placed) + 1
    blank = GridCell(text="", source=SourceRef(format="test", page=page, table=table))
    return Grid(
        rows=tuple(tuple(placed.get((r, c), blank) for c in range(width)) for r in range(height)),
        source=SourceRef(format="test", page=page, table=table),
    )


def _table2(report: Report, table: Table) -> list[list[Anchor]]:
    width = lcm(*(len(b.columns) for b in table.blocks))
    rows: list[list[Anchor]] = []
    for block in table.blocks:
        share = width // len(block.columns)
        rows.append([(block.heading, 1, width + 1)])
        rows.append([block.corner, *[(c.label, 1, share) for c in block.columns]])
        for row in block.rows:
            values = [value_text(report.cells[block.cell_id(table.id, row, c)]) for c in block.columns]
            rows.append([row.label, *[(v, 1, share) for v in values]])
    return rows


def _table3_header(table: Table) -> list[list[Anchor]]:
    block = table.blocks[0]
    org = [c for c in block.columns if len(c.header_path) == 2]
    return [
        [(table.note or "", 3, 3), (block.columns[0].header_path[0], 1, len(block.columns))],
        [
            (block.columns[0].label, 2, 1),
            (org[0].header_path[1], 1, len(org)),
            (block.columns[-1].label, 2, 1),
        ],
        [c.label for c in org],
    ]


def _table3_body(report: Report, table: Table, start: int = 0, stop: int | None = None) -> list[list[Anchor]]:
    """Body rows `start:stop`; a row group cut by a page break is anchored again at the top of its part."""
    block = table.blocks[0]
    part = block.rows[start:stop]
    rows: list[list[Anchor]] = []
    seen: set[tuple[int, str]] = set()
    for row in part:
        anchors: list[Anchor] = []
        for depth, group in enumerate(row.path):
            if (depth, group) not in seen:
                seen.add((depth, group))
                span = sum(1 for other in part if len(other.path) > depth and other.path[depth] == group)
                anchors.append((group, span, 1))
        anchors.append((row.label, 1, 3 - len(row.path)))
        anchors += [value_text(report.cells[block.cell_id(table.id, row, c)]) for c in block.columns]
        rows.append(anchors)
    return rows


def _table4(report: Report, table: Table) -> list[list[Anchor]]:
    block = table.blocks[0]
    n = len(block.columns)
    first, *litigation = block.rows
    return [
        [(first.label, 1, n), (litigation[0].path[0], 1, n * len(litigation))],
        [*[(c.label, 2, 1) for c in block.columns], *[(row.label, 1, n) for row in litigation]],
        [c.label for _ in litigation for c in block.columns],
        [
            value_text(report.cells[block.cell_id(table.id, row, c)])
            for row in block.rows
            for c in block.columns
        ],
    ]


def official_blocks(
    report: Report, *, split_t3_at: int | None = None, repeat_t3_header: bool = False
) -> list[Block]:
    """The report as a reader of an officially laid-out document would give it to `assemble`.

    `split_t3_at`: table 三 is broken after that many body rows into a second grid (a page break), which
    repeats the header rows when `repeat_t3_header`.
    """
    spec = report.spec
    blocks: list[Block] = []
    if report.agency:
        blocks.append(paragraph(report.agency))
    blocks.append(paragraph(f"{report.year}年政府信息公开工作年度报告"))
    blocks += [paragraph(p) for p in report.sections["preamble"]]
    for section in spec.sections:
        blocks.append(Paragraph(text=section.heading, source=SourceRef(format="test"), heading=True))
        if section.table == "t2":
            blocks.append(expand(_table2(report, spec.table("t2")), table=1))
        elif section.table == "t3":
            table = spec.table("t3")
            header = _table3_header(table)
            if split_t3_at is None:
                blocks.append(expand(header + _table3_body(report, table), table=2))
            else:
                blocks.append(expand(header + _table3_body(report, table, 0, split_t3_at), table=2, page=1))
                blocks.append(paragraph("- 4 -", page=1))
                rest = _table3_body(report, table, split_t3_at)
                blocks.append(expand((header if repeat_t3_header else []) + rest, table=3, page=2))
        elif section.table == "t4":
            blocks.append(expand(_table4(report, spec.table("t4")), table=4))
        blocks += [paragraph(p) for p in report.sections.get(section.id, ())]
    return blocks
