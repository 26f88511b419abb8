"""What every format-specific reader produces: the document as a flat sequence of blocks.

A reader (text, HTML, DOCX, PDF, XLSX) only turns its format into `Paragraph`s and `Grid`s in reading order;
`assemble.assemble(blocks)` does the rest for all formats alike — finds the template, year, agency, sections,
and maps grid rows to cells by meaning. A grid is a table with merged cells already expanded: a cell spanning
three columns appears three times, with `spanned=True` on the copies, so every row has one entry per column.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import NamedTuple, TypeAlias

from gongkai.core.report.model import SourceRef

__all__ = ["Block", "Grid", "GridCell", "Paragraph", "cell_source"]


@dataclass(frozen=True)
class Paragraph:
    text: str
    source: SourceRef
    # Heading-like lines (short, bold, centred, numbered) may be marked by a reader that knows; optional.
    heading: bool = False


class GridCell(NamedTuple):
    """One grid position (a NamedTuple, immutable like the rest: a page holds hundreds and each is built once)."""

    text: str
    source: SourceRef
    spanned: bool = False


@dataclass(frozen=True)
class Grid:
    rows: tuple[tuple[GridCell, ...], ...]
    source: SourceRef
    # False when a cell's position in its row says nothing about its column: rows put back together from a
    # table flattened one cell per line. Header labels then name the table, not the columns below them.
    positional: bool = True


Block: TypeAlias = Paragraph | Grid


_SOURCE_FIELDS = ("format", "page", "line", "table", "row", "column", "raw")
_new = object.__new__
_set = object.__setattr__


def _cell_source_fast(
    fmt: str | None,
    page: int | None,
    line: int | None,
    table: int | None,
    row: int | None,
    column: int | None,
    raw: str | None,
) -> SourceRef:
    source = _new(SourceRef)
    _set(
        source,
        "__dict__",
        {"format": fmt, "page": page, "line": line, "table": table, "row": row, "column": column, "raw": raw},
    )
    return source


def _can_build_fast() -> bool:
    """Whether a SourceRef is still a plain frozen dataclass with these fields and nothing run at creation."""
    return (
        tuple(f.name for f in fields(SourceRef)) == _SOURCE_FIELDS
        and not hasattr(SourceRef, "__post_init__")
        and not hasattr(SourceRef, "__slots__")
    )


# `SourceRef(...)` for the cell of a grid, equal in every way to the one its constructor makes. A document holds
# hundreds of cells, each with its SourceRef, and a frozen dataclass's __init__ sets its seven fields one by one
# through object.__setattr__: this sets them at once, about twice as fast. Should SourceRef ever validate its
# fields or change its layout, the constructor itself is used.
cell_source = _cell_source_fast if _can_build_fast() else SourceRef
