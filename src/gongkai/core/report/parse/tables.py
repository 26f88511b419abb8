"""Grids → cells: rows matched by meaning, columns by header meaning or by position.

How a grid is read, row by row:
- a row whose only text is a block heading (第二十条第（一）项) starts that block of table 二;
- header rows (column labels such as 本年制发件数, 自然人, 结果维持, the corner 信息内容, group labels such as
  申请人情况 or 行政复议/行政诉讼) build a header: per grid position, the labels stacked above it. A label that
  spans several columns may be repeated (`spanned` copies from HTML/DOCX/PDF) or written once at its left edge
  (flattened text): the latter is carried right for group labels only;
- a data row's label cells (text that is not a figure) are matched to a template row by the row's `keys`
  (fragments of its normalised label) or, for `exact` rows (其他, 总计), by the whole label without numbering.
  The most specific label cell (the last) is tried first, then all of them joined; a label broken over several
  rows (危及“三安全一稳 / 定”) is completed from the neighbouring rows without figures;
- the figures are taken at the positions whose header names a column of the row's block, when the row lines up
  with the header; otherwise (flattened text, where a row's cells are shifted by its label cells) as the cells
  after the last label cell, in the template's column order;
- table 四 printed with its groups across (行政复议 | 行政诉讼: 未经复议直接起诉 | 复议后起诉) has a header naming
  both the group and the column of every position, and one row of figures without a label.

A table split over two grids (a page break) continues with the header of the first part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from typing import NamedTuple

from gongkai.core.report.labels import normalize, strip_numbering
from gongkai.core.report.model import CellValue, Finding, Severity, SourceRef
from gongkai.core.report.parse.blocks import Grid
from gongkai.core.report.parse.values import is_value_like, read_value
from gongkai.core.report.template import Block, CellKind, Column, Row, Table, Template
from gongkai.core.report.templates import TEMPLATES

__all__ = [
    "CellRows",
    "CellSink",
    "GridReader",
    "PreparedGrid",
    "Vocabulary",
    "fold",
    "label_role",
    "prepare",
    "vocabulary",
]

# A table found in a narrative section (一, 五, 六) is read only when this many of its rows are report rows:
# reports sometimes carry unrelated tables there, whose rows may mention 行政许可 or 行政处罚.
_MIN_ROWS_OUTSIDE_TABLE_SECTIONS = 3
_MIN_FORM_FOR_CONTAINMENT = 4


@dataclass(frozen=True)
class RowSpec:
    table: Table
    block: Block
    row: Row
    keys: tuple[str, ...]
    whole: frozenset[str]


# Cached normalisation: grids repeat the same labels and figures over and over.
fold = lru_cache(maxsize=16384)(normalize)


@dataclass(frozen=True)
class Vocabulary:
    """Everything needed to recognise a template's tables, computed once per template."""

    template: Template
    rows: tuple[RowSpec, ...]
    header_words: frozenset[str]
    group_words: frozenset[str]
    block_headings: dict[str, tuple[tuple[Table, Block], ...]]
    kinds: dict[str, CellKind]
    _matches: dict[tuple[str, str | None], RowSpec | None] = field(
        default_factory=dict, compare=False, repr=False
    )
    _label_rows: dict[frozenset[str], str] = field(default_factory=dict, compare=False, repr=False)

    def label_row_kind(self, texts: frozenset[str]) -> str:
        """What a row holding only these (normalised, non-empty) labels is: block, header, groups or data."""
        kind = self._label_rows.get(texts)
        if kind is None:
            if len(self._label_rows) > 4096:
                self._label_rows.clear()
            kind = self._label_rows[texts] = self._label_row_kind(texts)
        return kind

    def _label_row_kind(self, distinct: frozenset[str]) -> str:
        if len(distinct) == 1 and next(iter(distinct)) in self.block_headings:
            return "block"
        columns = distinct & self.header_words
        unknown = distinct - self.header_words - self.group_words
        # A header row holds no row label: "3.其他" is the row 其他, not the column 其他 (numbering is kept here).
        has_row_label = any(self.match_row(t) is not None for t in unknown)
        if columns and len(unknown) <= len(distinct) - len(unknown) and not has_row_label:
            return "header"
        if distinct <= self.group_words:
            return "groups"
        return "data"

    def match_row(self, text: str, prefer: str | None = None) -> RowSpec | None:
        key = (text, prefer)
        if key not in self._matches:
            if len(self._matches) > 16384:
                self._matches.clear()
            self._matches[key] = self._match_row(text, prefer)
        return self._matches[key]

    def _match_row(self, text: str, prefer: str | None) -> RowSpec | None:
        folded = fold(text)
        if not folded:
            return None
        bare = strip_numbering(text)
        best: tuple[int, int, RowSpec] | None = None
        for spec in self.rows:
            score = 0
            if bare in spec.whole:
                score = 100
            elif not spec.row.exact:
                score = max((len(key) for key in spec.keys if key in folded), default=0)
            if score == 0:
                continue
            rank = (score, 1 if spec.table.id == prefer else 0)
            if best is None or rank > best[:2]:
                best = (*rank, spec)
        return None if best is None else best[2]


@lru_cache(maxsize=256)
def _column_forms(column: Column) -> tuple[str, ...]:
    return tuple(normalize(text) for text in (column.label, *column.variants))


def _matches_column(text: str, column: Column) -> bool:
    for form in _column_forms(column):
        if text == form or (len(form) >= _MIN_FORM_FOR_CONTAINMENT and form in text):
            return True
    return False


@cache
def vocabulary(template_id: str) -> Vocabulary:
    template = TEMPLATES[template_id]
    rows: list[RowSpec] = []
    headings: dict[str, list[tuple[Table, Block]]] = {}
    group_words: set[str] = set()
    for table in template.tables:
        for block in table.blocks:
            if block.heading:
                headings.setdefault(normalize(block.heading), []).append((table, block))
            for row in block.rows:
                keys = tuple(normalize(key) for key in row.keys)
                whole = frozenset(strip_numbering(text) for text in (row.label, *row.variants)) | (
                    frozenset(keys) if row.exact else frozenset()
                )
                rows.append(RowSpec(table, block, row, keys, whole))
    # Group labels of tables printed across (table 四): its rows' labels and paths.
    appeals = template.table("t4")
    for block in appeals.blocks:
        for row in block.rows:
            group_words.update(normalize(text) for text in (row.label, *row.path))
    header_words: set[str] = set()
    for any_template in TEMPLATES.values():
        for table in any_template.tables:
            if table.note:
                header_words.add(normalize(table.note))
            for block in table.blocks:
                if block.corner:
                    header_words.add(normalize(block.corner))
                for column in block.columns:
                    header_words.update(_column_forms(column))
                    header_words.update(normalize(text) for text in column.header_path)
    return Vocabulary(
        template=template,
        rows=tuple(rows),
        header_words=frozenset(header_words),
        group_words=frozenset(group_words),
        block_headings={key: tuple(value) for key, value in headings.items()},
        kinds={cell.id: cell.kind for cell in template.cells},
    )


@lru_cache(maxsize=4096)
def label_role(text: str) -> str:
    """What a label cell standing alone says, in any template: "block" (a block heading of table 二), "header"
    (a column label, a corner or note, a group label of table 四) or "label" (anything else: a row's label)."""
    folded = fold(text)
    for template_id in TEMPLATES:
        vocab = vocabulary(template_id)
        if folded in vocab.block_headings:
            return "block"
        if folded in vocab.header_words or folded in vocab.group_words:
            return "header"
    return "label"


class _Cell(NamedTuple):
    """A grid cell as read here (a NamedTuple: grids have hundreds of cells and this is built for each)."""

    text: str
    folded: str
    source: SourceRef
    # A copy of a merged cell (HTML/DOCX/PDF): it names headers but never holds a figure of its own.
    spanned: bool
    value_like: bool

    @property
    def empty(self) -> bool:
        return not self.folded


CellRows = list[list[_Cell]]

# A cell's text as written → (stripped, normalised, looks like a figure): grids repeat "0", "/" and the labels.
_TEXTS: dict[str, tuple[str, str, bool]] = {}
_MAX_TEXTS = 16384


def _text_info(text: str) -> tuple[str, str, bool]:
    info = _TEXTS.get(text)
    if info is None:
        stripped = text.strip()
        info = (stripped, fold(stripped), is_value_like(stripped))
        if len(_TEXTS) >= _MAX_TEXTS:
            _TEXTS.clear()
        _TEXTS[text] = info
    return info


class PreparedGrid(NamedTuple):
    """A grid read once: its cells (text stripped, normalised, figure or label) and, per row, the normalised
    texts of its label cells in order and whether it holds a figure — what template detection and row
    classification look at."""

    rows: CellRows
    labels: list[list[str]]
    figures: list[bool]
    positional: bool = True


def prepare(grid: Grid) -> PreparedGrid:
    """Read a grid's cells once (a single pass: this runs for every cell of every document)."""
    known = _TEXTS.get
    new = tuple.__new__
    rows: CellRows = []
    labels: list[list[str]] = []
    figures: list[bool] = []
    for grid_row in grid.rows:
        row: list[_Cell] = []
        row_labels: list[str] = []
        has_figure = False
        for text, source, spanned in grid_row:
            stripped, folded, value_like = known(text) or _text_info(text)
            row.append(new(_Cell, (stripped, folded, source, spanned, value_like)))
            if value_like:
                has_figure = True
            elif folded:
                row_labels.append(folded)
        rows.append(row)
        labels.append(row_labels)
        figures.append(has_figure)
    return PreparedGrid(rows, labels, figures, grid.positional)


Stacks = tuple[tuple[str, ...], ...]


@dataclass
class _Header:
    """Per grid position, the header labels above it: as written, and with group labels carried right."""

    explicit: Stacks
    carried: Stacks
    # False for a header from a grid whose positions say nothing (`Grid.positional`): its rows are then read
    # by their own labels and the template's column order, never by position.
    positional: bool = True
    # The positions a row of column labels has no cell for (HTML with a <th> lost): the labels after its last
    # cell may stand left of their columns, so no figure under such a position is read by position.
    short: frozenset[int] = frozenset()
    consumed: bool = False
    _across: tuple[Table, Block] | bool | None = False
    _columns: dict[str, dict[int, Column]] = field(default_factory=dict)

    @classmethod
    def build(cls, rows: Sequence[Sequence[_Cell]], *, positional: bool = True) -> _Header:
        width = max(len(r) for r in rows)
        explicit: list[list[str]] = [[] for _ in range(width)]
        carried: list[list[str]] = [[] for _ in range(width)]
        for row in rows:
            previous = ""
            for position in range(width):
                text = row[position].folded if position < len(row) else ""
                if text:
                    if not explicit[position] or explicit[position][-1] != text:
                        explicit[position].append(text)
                    previous = text
                if previous:
                    carried[position].append(previous)
        short = frozenset(
            position
            for row in rows
            if sum(1 for cell in row if cell.folded and not cell.spanned) >= 2
            for position in range(width)
            if position >= len(row) or row[position].source.column is None
        )
        return cls(tuple(map(tuple, explicit)), tuple(map(tuple, carried)), positional, short)

    def resolve(self, vocab: Vocabulary, table: Table, block: Block) -> dict[int, tuple[Row | None, Column]]:
        """Grid position → (group row for tables printed across, else None; column) for `block`."""
        return _resolve(vocab.template.id, table.id, block.id, self.explicit, self.carried)

    def columns(self, vocab: Vocabulary, table: Table, block: Block) -> dict[int, Column]:
        """Grid position → column of `block`, for rows with their own label (not printed across)."""
        found = self._columns.get(block.id)
        if found is None:
            resolved = self.resolve(vocab, table, block)
            found = {position: column for position, (group, column) in resolved.items() if group is None}
            self._columns[block.id] = found
        return found

    def across(self, vocab: Vocabulary) -> tuple[Table, Block] | None:
        """The table printed with its groups across under this header, if any (table 四)."""
        if self._across is False:
            self._across = None
            for table in vocab.template.tables:
                for block in table.blocks:
                    resolved = self.resolve(vocab, table, block)
                    if any(group is not None for group, _ in resolved.values()):
                        self._across = (table, block)
                        break
                if self._across is not None:
                    break
            if self._across is None:
                self._across = self._across_without_positions(vocab)
        assert self._across is not True
        return self._across or None

    def _across_without_positions(self, vocab: Vocabulary) -> tuple[Table, Block] | None:
        """A header that names two or more of table 四's groups and its columns, but in positions that say
        nothing (a table flattened one cell per line, its spans lost): still table 四 printed across."""
        texts = {text for stack in self.explicit for text in stack}
        appeals = vocab.template.table("t4")
        for block in appeals.blocks:
            groups = [row for row in block.rows if not row.exact]
            named = {row.id for text in texts if (row := _group_of(text, groups)) is not None}
            if len(named) >= 2 and any(_matches_column(t, c) for t in texts for c in block.columns):
                return (appeals, block)
        return None


def _group_of(text: str, groups: Sequence[Row]) -> Row | None:
    return next((row for row in groups if any(fold(key) in text for key in row.keys)), None)


# Cached across documents: agencies publish the same few header layouts again and again.
@lru_cache(maxsize=1024)
def _resolve(
    template_id: str, table_id: str, block_id: str, explicit: Stacks, carried: Stacks
) -> dict[int, tuple[Row | None, Column]]:
    template = TEMPLATES[template_id]
    block = next(b for b in template.table(table_id).blocks if b.id == block_id)
    groups = [row for row in block.rows if not row.exact]
    texts = {text for stack in carried for text in stack}
    found_groups = {row.id for text in texts if (row := _group_of(text, groups)) is not None}
    across = len(found_groups) >= 2
    mapping: dict[int, tuple[Row | None, Column]] = {}
    taken: set[tuple[str | None, str]] = set()
    for position, stack in enumerate(explicit):
        column = next(
            (c for text in reversed(stack) for c in block.columns if _matches_column(text, c)), None
        )
        if column is None:
            continue
        group: Row | None = None
        if across:
            group = next(
                (row for text in reversed(carried[position]) if (row := _group_of(text, groups)) is not None),
                None,
            )
            if group is None:
                continue
        key = (None if group is None else group.id, column.id)
        if key not in taken:
            taken.add(key)
            mapping[position] = (group, column)
    return mapping


@dataclass
class CellSink:
    """What grids yield: values, where each was read, and the problems met."""

    fmt: str
    cells: dict[str, CellValue] = field(default_factory=dict)
    sources: dict[str, SourceRef] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    matched_rows: int = 0

    def merge(self, other: CellSink) -> None:
        for cell_id, value in other.cells.items():
            if cell_id in self.sources:
                continue
            self.cells[cell_id] = value
            self.sources[cell_id] = other.sources[cell_id]
        self.findings.extend(other.findings)
        self.matched_rows += other.matched_rows


def _following_labels(rows: CellRows, kinds: list[str], index: int) -> list[str]:
    """The label fragments in the rows after row `index` (rows without figures), looked at only when needed."""
    out: list[str] = []
    for after in range(index + 1, len(rows)):  # by index: slicing the rest for every row was quadratic
        row, kind = rows[after], kinds[after]
        if kind == "blank":
            continue
        if kind != "data" or any(c.value_like for c in row):
            break
        out.extend(c.text for c in row if c.folded)
        if len(out) > 3:
            break
    return out


def _next_kind(kinds: list[str], index: int) -> str | None:
    """The kind of the first row after row `index` that is not blank."""
    return next((kinds[i] for i in range(index + 1, len(kinds)) if kinds[i] != "blank"), None)


class GridReader:
    """Reads the grids of one document in order, keeping the header of a table across page breaks."""

    def __init__(self, vocab: Vocabulary, *, fmt: str) -> None:
        self.vocab = vocab
        self.fmt = fmt
        self.sink = CellSink(fmt)
        self._header: _Header | None = None
        # Whether the grid being read keeps its cells' positions (`Grid.positional`).
        self._positional = True
        self._section: str | None = None

    def read(self, grid: Grid | PreparedGrid, *, section_table: str | None, in_narrative: bool) -> None:
        """Read one grid (or the grid `prepare`d) found in the section holding `section_table`."""
        if section_table != self._section:
            self._header = None
            self._section = section_table
        local = CellSink(self.fmt)
        saved_header = self._header
        self._read_rows(
            grid if isinstance(grid, PreparedGrid) else prepare(grid), local, prefer=section_table
        )
        if in_narrative and local.matched_rows < _MIN_ROWS_OUTSIDE_TABLE_SECTIONS:
            self._header = saved_header
            return
        for cell_id in set(local.cells) & set(self.sink.sources):
            local.findings.append(_duplicate_finding(self.vocab.template, cell_id, local.sources[cell_id]))
        self.sink.merge(local)

    # -- rows ------------------------------------------------------------------------------------------------

    def _classify(self, labels: list[str], has_figure: bool) -> str:
        if has_figure:
            return "data"
        if not labels:
            return "blank"
        return self.vocab.label_row_kind(frozenset(labels))

    def _read_rows(self, grid: PreparedGrid, sink: CellSink, *, prefer: str | None) -> None:
        rows = grid.rows
        self._positional = grid.positional
        kinds = [self._classify(*row) for row in zip(grid.labels, grid.figures, strict=True)]
        for index, kind in enumerate(kinds):
            if kind == "groups":
                following = _next_kind(kinds, index)
                kinds[index] = "header" if following == "header" else "data"
        # For each row, the next row that is not blank (computed once: a run of blank rows, each looking ahead
        # through the rest of the run, was quadratic).
        next_filled: list[int | None] = [None] * len(kinds)
        upcoming: int | None = None
        for index in range(len(kinds) - 1, -1, -1):
            next_filled[index] = upcoming
            if kinds[index] != "blank":
                upcoming = index
        header_rows: list[list[_Cell]] = []
        fragments: list[str] = []
        for index, (row, kind) in enumerate(zip(rows, kinds, strict=True)):
            if kind == "header":
                header_rows.append(row)
                continue
            if header_rows:
                self._header = _Header.build(header_rows, positional=grid.positional)
                header_rows = []
                fragments = []
            if kind == "block":
                self._header = None
                fragments = []
                continue
            if kind == "blank":
                # An all-blank row under a header printed across is its row of figures, all left empty —
                # unless a row of figures follows.
                after = next_filled[index]
                figures_follow = (
                    after is not None
                    and kinds[after] == "data"
                    and not any(not c.empty and not c.value_like for c in rows[after])
                )
                header = self._header
                if (
                    header is not None
                    and not header.consumed
                    and header.across(self.vocab)
                    and not figures_follow
                ):
                    self._read_across(row, sink)
                continue
            if self._read_data_row(
                row,
                sink,
                prefer=prefer,
                fragments=fragments,
                following=(rows, kinds, index),
                has_values=grid.figures[index],
            ):
                fragments = []
        if header_rows:
            self._header = _Header.build(header_rows, positional=grid.positional)

    def _read_data_row(
        self,
        row: list[_Cell],
        sink: CellSink,
        *,
        prefer: str | None,
        fragments: list[str],
        following: tuple[CellRows, list[str], int],
        has_values: bool,
    ) -> bool:
        """Read one data row; False when it is an unmatched fragment of a label (kept for the next row)."""
        labels: list[tuple[int, str]] = []
        for position, cell in enumerate(row):
            if cell.folded and not cell.value_like and (not labels or labels[-1][1] != cell.text):
                labels.append((position, cell.text))
        # Section 四's one row of figures, its header lost (or left on the row as debris) in a copy from a PDF:
        # table 四 has no row labels, so the figures are its cells in the official order.
        in_order = has_values and prefer == "t4" and not self._positional and not self._has_table("t4", sink)
        appeals = self.vocab.template.table("t4")
        if not labels:
            header = self._header
            if header is not None and not header.consumed and header.across(self.vocab):
                self._read_across(row, sink)
            elif in_order:
                self._read_in_order(appeals, appeals.blocks[0], row, sink)
            elif has_values:
                sink.findings.append(_unmatched_finding(row))
            return True
        texts = [t for _, t in labels]
        spec = self.vocab.match_row(texts[-1], prefer) or self.vocab.match_row("".join(texts), prefer)
        if spec is None and has_values:
            spec = self.vocab.match_row("".join(fragments + texts), prefer) or self.vocab.match_row(
                "".join(texts + _following_labels(*following)), prefer
            )
        if spec is None:
            if in_order:
                self._read_in_order(appeals, appeals.blocks[0], row, sink)
                return True
            if has_values:
                sink.findings.append(_unmatched_finding(row))
                return True
            fragments.extend(texts)
            return False
        if not self._positional and not has_values and labels[-1][0] == len(row) - 1:
            # Labels and nothing after them, in a grid whose positions say nothing: a header or group line
            # (未经复议直接起诉 复议后起诉), not a row whose cells were left blank.
            fragments.extend(texts)
            return False
        sink.matched_rows += 1
        self._place_row(spec, row, labels, sink)
        return True

    # -- values ----------------------------------------------------------------------------------------------

    def _aligned(self, row: list[_Cell], mapping: dict[int, Column]) -> bool:
        first = min(mapping)
        for position, cell in enumerate(row):
            if not cell.folded or cell.spanned:
                continue
            if position in mapping:
                if not cell.value_like and self.vocab.match_row(cell.text) is not None:
                    return False
            elif position > first and cell.value_like:
                return False
        return True

    def _place_row(
        self, spec: RowSpec, row: list[_Cell], labels: list[tuple[int, str]], sink: CellSink
    ) -> None:
        mapping: dict[int, Column] = {}
        short: frozenset[int] = frozenset()
        if self._header is not None and self._header.positional:
            mapping = self._header.columns(self.vocab, spec.table, spec.block)
            short = self._header.short
        if mapping and self._aligned(row, mapping):
            width = len(row)
            if any(c.value_like for c in row) and any(
                p >= width or row[p].source.column is None or p in short for p in mapping
            ):
                # A row with fewer cells than its table (HTML with a <td> missing): its figures may stand one
                # position left of their columns, or its last cells were left out — which, is not written. The
                # same under a header row with a label cell lost.
                self._shape_error(spec, row, sink)
                return
            self._put(
                spec.table,
                spec.row,
                [(column, row[p] if p < width else None) for p, column in mapping.items()],
                row,
                sink,
            )
            return
        tail = [c for c in row[labels[-1][0] + 1 :] if not c.spanned]
        columns = spec.block.columns
        placed = _fit(tail, len(columns), strict=not self._positional)
        if placed is None:
            self._shape_error(spec, row, sink)
            return
        self._put(spec.table, spec.row, list(zip(columns, placed, strict=True)), row, sink)

    def _shape_error(self, spec: RowSpec, row: list[_Cell], sink: CellSink) -> None:
        """The row's cells all blank, with the finding that its figures cannot be assigned to columns."""
        columns = spec.block.columns
        sink.findings.append(_shape_finding(self.vocab.template, spec, row, len(columns)))
        for column in columns:
            cell_id = spec.block.cell_id(spec.table.id, spec.row, column)
            sink.cells[cell_id] = None
            sink.sources[cell_id] = _row_source(row, self.fmt)

    def _has_table(self, table_id: str, sink: CellSink) -> bool:
        prefix = table_id + "."
        return any(cell_id.startswith(prefix) for cell_id in (*self.sink.sources, *sink.sources))

    def _read_in_order(
        self, table: Table, block: Block, row: list[_Cell], sink: CellSink, *, strict: bool = True
    ) -> None:
        """A row of figures for every cell of a table printed across (table 四), in the template's order: the
        cells after the row's last label (debris of a lost header), fitted as `_fit` does."""
        everything = [(group, column) for group in block.rows for column in block.columns]
        last_label = max((i for i, c in enumerate(row) if c.folded and not c.value_like), default=-1)
        placed = _fit([c for c in row[last_label + 1 :] if not c.spanned], len(everything), strict=strict)
        if placed is None:
            sink.findings.append(_unmatched_finding(row))
            return
        sink.matched_rows += len(block.rows)
        for (group, column), cell in zip(everything, placed, strict=True):
            self._put(table, group, [(column, cell)], row, sink)

    def _read_across(self, row: list[_Cell], sink: CellSink) -> None:
        header = self._header
        assert header is not None
        found = header.across(self.vocab)
        assert found is not None
        table, block = found
        header.consumed = True
        mapping = header.resolve(self.vocab, table, block)
        # A header naming every group and column of the table once, in positions the row's figures stand in,
        # is read by position. Otherwise the figures are read in the template's order: over the groups and
        # columns the header names when it names them all; over the whole table — and only when which blank
        # is which cannot change where a figure lands — when the header's positions say nothing (a copy of a
        # web page lost the merged cells' spans, or a table flattened one cell per line). A row of figures with
        # fewer cells than the header (a padding position under it, see `grid.make_grid`) is not read at all:
        # its figures may stand left of their columns.
        complete = len(mapping) == len(block.rows) * len(block.columns)
        if (
            complete
            and header.positional
            and any(c.value_like for c in row)
            and any(p >= len(row) or row[p].source.column is None or p in header.short for p in mapping)
        ):
            self._across_shape_error(table, block, row, sink)
            return
        if (
            complete
            and header.positional
            and all(position < len(row) for position in mapping)
            and not any(
                not cell.empty and not cell.spanned and position not in mapping
                for position, cell in enumerate(row)
            )
        ):
            pairs: list[tuple[Row, Column, _Cell | None]] = [
                (group, column, row[p]) for p in sorted(mapping) for group, column in [mapping[p]] if group
            ]
            sink.matched_rows += len(block.rows)
            for group, column, cell in pairs:
                self._put(table, group, [(column, cell)], row, sink)
        else:
            self._read_in_order(table, block, row, sink, strict=not (complete and header.positional))

    def _across_shape_error(self, table: Table, block: Block, row: list[_Cell], sink: CellSink) -> None:
        """A row of figures for a table printed across, with fewer cells than its header: every cell blank."""
        source = _row_source(row, self.fmt)
        cells = tuple(
            block.cell_id(table.id, group, column) for group in block.rows for column in block.columns
        )
        sink.matched_rows += len(block.rows)
        for cell_id in cells:
            sink.cells[cell_id] = None
            sink.sources[cell_id] = source
        sink.findings.append(
            Finding(
                code="parse.row_shape",
                severity=Severity.ERROR,
                message=(
                    f"{table.title}的数字比表头的 {len(cells)} 列少，无法判断各数字属于哪一列，均按空白处理；"
                    f"请核对原文（{source.describe()}）。"
                ),
                cells=cells,
                expected=len(cells),
                actual=source.raw,
                sources=(source,),
            )
        )

    def _put(
        self,
        table: Table,
        row: Row,
        cells: Sequence[tuple[Column, _Cell | None]],
        whole_row: list[_Cell],
        sink: CellSink,
    ) -> None:
        """Store the values of `row`'s cells in `sink` (one call per row: this is the innermost loop)."""
        prefix = f"{table.id}.{row.id}."
        values, sources, kinds = sink.cells, sink.sources, self.vocab.kinds
        for column, cell in cells:
            cell_id = prefix + column.id
            if cell_id in sources:
                if cell is not None and not cell.spanned and cell.folded:
                    again = read_value(cell.text, kinds[cell_id])
                    if again.kind == "value" and again.value != values[cell_id]:
                        # The same row twice in one table with other figures: the first is kept, not silently.
                        where = replace(cell.source, format=cell.source.format or self.fmt, raw=cell.text)
                        sink.findings.append(_duplicate_finding(self.vocab.template, cell_id, where))
                continue
            if cell is None:
                values[cell_id] = None
                sources[cell_id] = _row_source(whole_row, self.fmt)
                continue
            reading = read_value(cell.text, kinds[cell_id])
            source = cell.source
            if source.raw != cell.text or source.format is None:
                source = SourceRef(
                    source.format or self.fmt,
                    source.page,
                    source.line,
                    source.table,
                    source.row,
                    source.column,
                    cell.text,
                )
            if cell.spanned and reading.kind == "value":
                # A figure in a cell merged over several cells of the report (a colspan or rowspan, a merged
                # Word or Excel cell): which of them it belongs to is not written — none of them is guessed.
                values[cell_id] = None
                sources[cell_id] = source
                self._merged_finding(cell_id, cell, source, sink)
                continue
            values[cell_id] = reading.value
            sources[cell_id] = source
            if reading.kind == "unreadable":
                sink.findings.append(self._unreadable_finding(cell_id, cell, source))

    def _merged_finding(self, cell_id: str, cell: _Cell, source: SourceRef, sink: CellSink) -> None:
        """One finding per merged cell, naming every cell of the report it covers; the cell already given the
        figure from the merged cell's own position (its top-left, read first) is left blank too."""
        origin = _location(cell.source)
        shared = [c for c, s in sink.sources.items() if c != cell_id and _location(s) == origin]
        for other in shared:
            sink.cells[other] = None
        cells = (*shared, cell_id)
        labels = "”“".join(self.vocab.template.cell(c).label for c in cells)
        finding = Finding(
            code="parse.merged_value",
            severity=Severity.ERROR,
            message=(
                f"数字“{cell.text}”所在的格是合并单元格，横跨“{labels}”{len(cells)}格，无法判断这个数字属于"
                f"哪一格，没有采用，均按空白处理；请核对原文（{source.describe()}）。"
            ),
            cells=cells,
            actual=cell.text,
            sources=(source,),
        )
        for index, earlier in enumerate(sink.findings):
            if earlier.code == finding.code and _location(earlier.sources[0]) == origin:
                sink.findings[index] = finding  # the same merged cell met again: the finding names one more
                return
        sink.findings.append(finding)

    def _unreadable_finding(self, cell_id: str, cell: _Cell, source: SourceRef) -> Finding:
        spec = self.vocab.template.cell(cell_id)
        what = "金额" if spec.kind == "amount" else "件数（整数）"
        return Finding(
            code="parse.unreadable_value",
            severity=Severity.ERROR,
            message=(
                f"“{spec.label}”一格的内容“{cell.text}”无法识别为{what}，没有采用，按空白处理；"
                f"请核对原文（{source.describe()}）。"
            ),
            cells=(cell_id,),
            actual=cell.text,
            sources=(source,),
        )


def _location(source: SourceRef) -> tuple[object, ...]:
    """Where a cell stands, whatever text was recorded with it."""
    return (source.format, source.page, source.line, source.table, source.row, source.column)


def _fit(tail: Sequence[_Cell], count: int, *, strict: bool = False) -> list[_Cell | None] | None:
    """`count` cells from the cells after a row's label, or None when they cannot be told apart.

    Surplus blanks are trimmed at the end, then at the start; blanks between the figures too when exactly
    `count` figures remain (the empty copies of merged cells that a flattening leaves: with one figure per
    column, none of the blanks can be a column's own). `strict` (a row whose positions say nothing, see
    `Grid.positional`): when the blanks stand in more than one place, any of them could be the row's empty
    cells or the copies of a merged cell, and which are dropped would decide the column each figure lands in —
    not guessed.
    """
    cells = list(tail)
    figures = [c for c in cells if c.folded]
    if len(cells) > count and len(figures) == count:
        return list(figures)
    if strict and len(cells) > count and figures and _blank_runs(cells) > 1:
        return None
    while len(cells) > count and not cells[-1].folded:
        cells.pop()
    while len(cells) > count and not cells[0].folded:
        cells.pop(0)
    if len(cells) == count:
        return list(cells)
    if not figures:
        return [None] * count
    return None


def _blank_runs(cells: Sequence[_Cell]) -> int:
    runs, previous_blank = 0, False
    for cell in cells:
        blank = not cell.folded
        if blank and not previous_blank:
            runs += 1
        previous_blank = blank
    return runs


def _row_source(row: Sequence[_Cell], fmt: str) -> SourceRef:
    first = next((c for c in row if not c.empty), row[0] if row else None)
    if first is None:
        return SourceRef(format=fmt)
    raw = " | ".join(c.text for c in row if not c.empty)
    return replace(first.source, format=first.source.format or fmt, column=None, raw=raw)


def _unmatched_finding(row: Sequence[_Cell]) -> Finding:
    source = _row_source(row, row[0].source.format or "" if row else "")
    return Finding(
        code="parse.unmatched_row",
        severity=Severity.WARNING,
        message=f"表格中这一行无法对应到年度报告的任何一行，已忽略：{source.describe()}。",
        actual=source.raw,
        sources=(source,),
    )


def _shape_finding(template: Template, spec: RowSpec, row: Sequence[_Cell], expected: int) -> Finding:
    source = _row_source(row, row[0].source.format or "")
    cells = tuple(spec.block.cell_id(spec.table.id, spec.row, c) for c in spec.block.columns)
    return Finding(
        code="parse.row_shape",
        severity=Severity.ERROR,
        message=(
            f"“{spec.row.label}”这一行的数字个数与表格的 {expected} 列对不上，无法判断各数字属于哪一列，"
            f"均按空白处理；请核对原文（{source.describe()}）。"
        ),
        cells=cells,
        expected=expected,
        actual=source.raw,
        sources=(source,),
    )


def _duplicate_finding(template: Template, cell_id: str, source: SourceRef) -> Finding:
    return Finding(
        code="parse.duplicate_row",
        severity=Severity.WARNING,
        message=(
            f"“{template.cell(cell_id).label}”在文件中出现了不止一次，采用第一次出现的数字，"
            f"忽略{source.describe()}。"
        ),
        cells=(cell_id,),
        sources=(source,),
    )
