"""What every format-specific reader produces: the document as a flat sequence of blocks.

A reader (text, HTML, DOCX, PDF, XLSX) only turns its format into `Paragraph`s and `Grid`s in reading order;
`assemble.assemble(blocks)` does the rest for all formats alike — finds the template, year, agency, sections,
and maps grid rows to cells by meaning. A grid is a table with merged cells already expanded: a cell spanning
three columns appears three times, with `spanned=True` on the copies, so every row has one entry per column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, TypeAlias

from gongkai.core.report.model import SourceRef

__all__ = ["Block", "Grid", "GridCell", "Paragraph"]


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


Block: TypeAlias = Paragraph | Grid
