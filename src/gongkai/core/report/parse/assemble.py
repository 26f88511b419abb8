"""Blocks → Report, for every format alike: the one place that understands what an annual report looks like.

Contract (what the format readers rely on):

    assemble(blocks, *, fmt) -> ParseResult

- `blocks`: the document in reading order, as `Paragraph`s (one per paragraph *or* per line: broken paragraphs
  are rejoined here) and `Grid`s (one per table or per table fragment: a table split by a page break may come as
  two grids; merged cells expanded, the copies marked `spanned=True`). A reader sets each block's `SourceRef`
  (format, page, line, table, row, column as it knows them); `raw` is filled here with the cell's text.
  A paragraph's text may keep its leading indentation: an indented line always starts a new paragraph.
  Page footers ("- 4 -", "第4页") may be left in: they are dropped here.
- `fmt`: the format name ("txt", "html", "docx", "pdf", "xlsx"), written into every SourceRef lacking one and
  into `ParseResult.format`.
- Returns a `Report` with every cell of the detected template (a cell not found is None) and the parse findings
  (codes below). Raises `UnreadableReportError` (Chinese message) when the blocks are not an annual report.

What it does:
- the template: 2021 or the 2019 trial format, by the labels only one of them has (本年制发件数 vs 本年新制作数量,
  政府集中采购, one （六）其他处理 row with figures vs three); without any, by the year (2019 and 2020 → 2019);
- the year: from the title ("2021 年政府信息公开工作年度报告", also 二〇二一年), else from the statistics period
  (统计期限 …2024年1月1日…至…12月31日);
- the agency: from the title ("淮安市人民政府2024年…", "2021年吴忠市审批服务管理局…") or the line just before it
  ("吴忠市审批服务管理局" / "2021 年…年度报告"); only without a title from "本报告由…编制" or a closing signature.
  "本报告由淮安市人民政府办公室编制" never overrides the title;
- sections by their headings (narrative.py; in order, or in any order when a line is exactly a section's
  heading), the paragraphs of the preamble (before 一), 一 (overview),
  五 (problems) and 六 (other) into `Report.sections`, placeholders such as "（文字描述）" dropped;
- cells from the grids by meaning (tables.py); values read strictly (values.py).

Finding codes: parse.unreadable_value (error: the text of a cell is not a number; the cell is None),
parse.merged_value (error: a figure in a cell merged over several cells of the report; all of them None),
parse.row_shape (error: a row's figures cannot be assigned to columns — too many or too few of them, or a row with
fewer cells than its table's header), parse.missing_table / parse.missing_row /
parse.missing_cells (error: not found in the document; the cells are None), parse.unmatched_row (warning: a row of
figures that matches no report row), parse.duplicate_row (warning: a row found again — in another table, or in the
same one with other figures; the first is kept), parse.year_missing (error: no year found; the
template's first year is assumed), parse.agency_missing (warning), parse.template_assumed (info).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from gongkai.core.errors import UnreadableReportError
from gongkai.core.report.labels import normalize, strip_numbering
from gongkai.core.report.model import Finding, ParseResult, Report, Severity, SourceRef
from gongkai.core.report.parse.blocks import Block, Grid, Paragraph, cell_source
from gongkai.core.report.parse.narrative import (
    Line,
    TitleMatch,
    is_footer,
    is_placeholder,
    join_lines,
    match_section,
    match_section_heading,
    match_title,
    original_spelling,
    year_line,
)
from gongkai.core.report.parse.tables import GridReader, PreparedGrid, prepare, vocabulary
from gongkai.core.report.template import CellSpec, Template
from gongkai.core.report.templates import TEMPLATE_2021, TEMPLATES

__all__ = ["assemble"]

_PERIOD = re.compile(r"(\d{4})年1月1日(?:起)?(?:至|到|-|—|~)+(\d{4})年12月31日")
_PERIOD_YEAR = re.compile(r"统计期限(?:为|是)?(?:自|从)?(\d{4})年")
_COMPILED_BY = re.compile(r"本报告由(.{2,30}?)(?:根据|依据|按照|依照|负责|编制|制作|编写)")
_PUBLISHED_BY = re.compile(
    r"(?:发布机构|发文机关|发布单位|发文单位|信息来源|来源)\s*[:：]\s*([^\s:：|｜]{2,30})"
)
_AGENCY_SUFFIX = re.compile(r"(?:政府|局|委员会|委|办公室|办|厅|中心|院|署|部|会|所|馆|站|队|处|社)$")
_SIGNATURE_DATE = re.compile(r"^\d{4}年\d{1,2}月(?:\d{1,2}日)?$")
_DOCUMENT_NUMBER = re.compile(r"\d{4}\D{0,2}\d+号$|^\d+$")
# Evidence that the blocks are an annual report at all.
_MIN_SECTIONS_ALONE = 3
_MIN_ROWS_ALONE = 10
_AGENCY_LINE_MAX = 40


def assemble(blocks: Sequence[Block], *, fmt: str) -> ParseResult:
    """The report in `blocks` (see the module docstring for the contract)."""
    paragraphs = [(i, b) for i, b in enumerate(blocks) if isinstance(b, Paragraph)]
    title = _find_title(paragraphs)
    prepared = {index: prepare(b) for index, b in enumerate(blocks) if isinstance(b, Grid)}
    template, template_finding = _detect_template(list(prepared.values()), title.year if title else None)
    findings: list[Finding] = [] if template_finding is None else [template_finding]

    lines: dict[str, list[Line]] = {key: [] for key in ("preamble", *[s.id for s in template.sections])}
    sources: dict[str, SourceRef] = {}
    reader = GridReader(vocabulary(template.id), fmt=fmt)
    current = -1
    sections_found: set[int] = set()
    # What stands above the title is not the report's text: a portal's navigation, a running head, the agency
    # line or document number the title already accounts for.
    title_starts = min(title.indexes) if title is not None else -1
    for index, block in enumerate(blocks):
        if isinstance(block, Grid):
            section = template.sections[current] if current >= 0 else None
            reader.read(
                prepared[index],
                section_table=None if section is None else section.table,
                in_narrative=section is None or section.narrative,
            )
            continue
        text = block.text.strip()
        if (
            not text
            or is_footer(text)
            or (title is not None and index in title.indexes)
            or index < title_starts
        ):
            continue
        found = match_section(text, template, after=current)
        if found is None:
            found = match_section_heading(text, template)
        if found is not None:
            current = found
            sections_found.add(found)
            sources.setdefault(template.sections[found].id, _with_format(block.source, fmt, text))
            continue
        part = "preamble" if current < 0 else template.sections[current].id
        lines[part].append(
            Line(
                text,
                _with_format(block.source, fmt, text),
                indented=block.text[:1].isspace(),
                heading=block.heading,
            )
        )

    sink = reader.sink
    if not _looks_like_a_report(title, len(sections_found), sink.matched_rows):
        raise UnreadableReportError(
            "这份文件看起来不是政府信息公开工作年度报告：没有找到报告标题（如“2021年政府信息公开工作年度报告”）、"
            "“一、总体情况”等章节或统计表格。请确认选择了正确的文件。",
            format=fmt,
        )

    sections: dict[str, tuple[str, ...]] = {}
    for key in ("preamble", *[s.id for s in template.narrative_sections]):
        joined = [(t, s) for t, s in join_lines(lines[key]) if not is_placeholder(t, template)]
        sections[key] = tuple(t for t, _ in joined)
        if joined and key == "preamble":
            sources[key] = joined[0][1]

    year, agency = _year_and_agency(title, blocks, template, findings)
    findings.extend(sink.findings)
    findings.extend(_missing_findings(template, sink.sources))
    report = Report(
        template=template.id,
        agency=agency,
        year=year,
        cells=sink.cells,
        sections=sections,
        sources={**sink.sources, **sources},
    )
    return ParseResult(report=report, findings=tuple(findings), format=fmt)


def _with_format(source: SourceRef, fmt: str, raw: str) -> SourceRef:
    if source.format is not None and source.raw is not None:
        return source
    return cell_source(
        source.format or fmt,
        source.page,
        source.line,
        source.table,
        source.row,
        source.column,
        source.raw or raw,
    )


def _looks_like_a_report(title: _Title | None, sections: int, rows: int) -> bool:
    if title is not None and (sections >= 1 or rows >= 1):
        return True
    return sections >= _MIN_SECTIONS_ALONE or rows >= _MIN_ROWS_ALONE


# -- title, year, agency -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Title:
    indexes: frozenset[int]
    year: int | None
    agency: str
    source: SourceRef


def _find_title(paragraphs: list[tuple[int, Paragraph]]) -> _Title | None:
    """The report title among the paragraphs before section 一 (a title may be split over two lines)."""
    candidates: list[tuple[int, Paragraph]] = []
    for index, paragraph in paragraphs:
        text = paragraph.text.strip()
        if not text or is_footer(text):
            continue
        if match_section(text, TEMPLATE_2021, after=-1) is not None:
            break
        candidates.append((index, paragraph))
        if len(candidates) > 12:
            break
    # A paragraph that is a title by itself first: only then one broken over two lines. Joined first, a web
    # page's navigation line printed above the title would become part of it.
    attempts = [(position, False) for position in range(len(candidates))]
    attempts += [(position, True) for position in range(len(candidates) - 1)]
    for position, joined in attempts:
        index, paragraph = candidates[position]
        text = paragraph.text.strip()
        used = [index]
        if joined:
            following_index, following = candidates[position + 1]
            text += following.text.strip()
            used.append(following_index)
        match: TitleMatch | None = match_title(text)
        if match is None:
            continue
        agency, year = match.agency, match.year
        if not agency and position > 0:
            previous_index, previous = candidates[position - 1]
            line = previous.text.strip()
            if _is_agency_line(line):
                agency = line
                used.append(previous_index)
        # The line under the title may name the year ("（2021年度）") or the agency ("（吴忠市审批服务管理局）").
        after = position + (2 if joined else 1)
        if after < len(candidates):
            following_index, following = candidates[after]
            line = following.text.strip()
            inner = normalize(line).strip("()")
            if year is None and year_line(line) is not None:
                year = year_line(line)
                used.append(following_index)
            elif not agency and _is_agency_line(inner) and _AGENCY_SUFFIX.search(inner):
                agency = original_spelling(line, inner)
                used.append(following_index)
        if not agency:
            agency = _published_by([p.text for _, p in candidates[:position]])
        return _Title(frozenset(used), year, agency, paragraph.source)
    return None


def _published_by(texts: list[str]) -> str:
    """The agency a portal's page names above the title: 发布机构：…, 发文机关：…"""
    for text in texts:
        match = _PUBLISHED_BY.search(text)
        if match is not None and _AGENCY_SUFFIX.search(match.group(1)):
            return match.group(1)
    return ""


def _is_agency_line(text: str) -> bool:
    """A line that can be an agency's name: short, no sentence punctuation, not a document number or a date."""
    folded = normalize(text)
    return (
        0 < len(folded) <= _AGENCY_LINE_MAX
        and not any(mark in folded for mark in ".;:!?〔〕[]")
        and not _DOCUMENT_NUMBER.search(folded)
        and not _SIGNATURE_DATE.match(folded)
    )


def _year_and_agency(
    title: _Title | None, blocks: Sequence[Block], template: Template, findings: list[Finding]
) -> tuple[int, str]:
    year = title.year if title is not None else None
    if year is None:
        year = _period_year([normalize(b.text) for b in blocks if isinstance(b, Paragraph)])
    if year is None:
        year = int(template.id)
        findings.append(
            Finding(
                code="parse.year_missing",
                severity=Severity.ERROR,
                message=(
                    f"没有在标题或统计期限中找到报告年度，暂按{year}年处理；"
                    "请在标题中写明年度，如“2021年政府信息公开工作年度报告”。"
                ),
                expected="年度",
                actual=year,
            )
        )
    agency = title.agency if title is not None else ""
    if not agency:
        agency = _agency_without_title(blocks)
    if not agency:
        findings.append(
            Finding(
                code="parse.agency_missing",
                severity=Severity.WARNING,
                message="没有找到编制报告的机关名称（通常写在标题或标题上一行）。",
            )
        )
    return year, agency


def _period_year(texts: list[str]) -> int | None:
    for text in texts:
        match = _PERIOD.search(text)
        if match is not None and match.group(1) == match.group(2):
            return int(match.group(1))
        match = _PERIOD_YEAR.search(text)
        if match is not None:
            return int(match.group(1))
    return None


def _agency_without_title(blocks: Sequence[Block]) -> str:
    texts = [b.text.strip() for b in blocks if isinstance(b, Paragraph) and b.text.strip()]
    for text in texts:
        match = _COMPILED_BY.search(re.sub(r"\s+", "", text))
        if match is not None:
            return match.group(1)
    # A signature at the end: the agency's name, often followed by the date.
    tail = [t for t in texts[-3:] if not _SIGNATURE_DATE.match(normalize(t)) and not is_footer(t)]
    if tail and _is_agency_line(tail[-1]) and _AGENCY_SUFFIX.search(tail[-1]):
        return tail[-1]
    return ""


# -- template ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Signals:
    columns: dict[str, frozenset[str]]
    rows: dict[str, frozenset[str]]


@lru_cache(maxsize=1)
def _signals() -> _Signals:
    """Labels only one template has: columns (本年制发件数 …) and rows with figures (（六）其他处理 in 2019)."""
    columns: dict[str, set[str]] = {}
    rows: dict[str, set[str]] = {}
    for template in TEMPLATES.values():
        columns[template.id] = {
            normalize(text)
            for table in template.tables
            for block in table.blocks
            for column in block.columns
            for text in (column.label, *column.variants)
        }
        rows[template.id] = {
            strip_numbering(text)
            for table in template.tables
            for block in table.blocks
            for row in block.rows
            for text in (row.label, *row.variants)
        }
    unique_columns = {
        tid: frozenset(own - set().union(*(columns[o] | rows[o] for o in TEMPLATES if o != tid)))
        for tid, own in columns.items()
    }
    unique_rows = {
        tid: frozenset(own - set().union(*(rows[o] | columns[o] for o in TEMPLATES if o != tid)))
        for tid, own in rows.items()
    }
    return _Signals(unique_columns, unique_rows)


@lru_cache(maxsize=4096)
def _label_votes(label: str) -> tuple[str, ...]:
    """The templates whose column labels include this (normalised) cell text."""
    signals = _signals()
    return tuple(
        tid
        for tid, forms in signals.columns.items()
        if label in forms or any(len(form) >= 6 and form in label for form in forms)
    )


@lru_cache(maxsize=4096)
def _row_votes(label: str) -> tuple[str, ...]:
    """The templates with a row of figures labelled so, that the other templates lack (（六）其他处理 in 2019)."""
    bare = strip_numbering(label)
    return tuple(tid for tid, rows in _signals().rows.items() if bare in rows)


@lru_cache(maxsize=4096)
def _votes_of_row(labels: tuple[str, ...], has_figure: bool) -> tuple[str, ...]:
    """A row's votes: one per template for each label it knows, and the row's own label if it holds figures."""
    votes = [tid for label in dict.fromkeys(labels) for tid in _label_votes(label)]
    if has_figure:
        votes.extend(_row_votes(labels[-1]))
    return tuple(votes)


def _detect_template(grids: Sequence[PreparedGrid], year: int | None) -> tuple[Template, Finding | None]:
    votes = dict.fromkeys(TEMPLATES, 0)
    for grid in grids:
        for labels, has_figure in zip(grid.labels, grid.figures, strict=True):
            if labels:
                for tid in _votes_of_row(tuple(labels), has_figure):
                    votes[tid] += 1
    ranked = sorted(votes.items(), key=lambda item: item[1], reverse=True)
    if ranked[0][1] > ranked[1][1]:
        return TEMPLATES[ranked[0][0]], None
    chosen = TEMPLATES["2019"] if year is not None and year <= 2020 else TEMPLATES["2021"]
    return chosen, Finding(
        code="parse.template_assumed",
        severity=Severity.INFO,
        message=f"表格中没有能区分报告格式的栏目，按{chosen.name}读取。",
        actual=chosen.id,
    )


# -- what was not found --------------------------------------------------------------------------------------


_CELLS_BY_TABLE: dict[str, tuple[tuple[CellSpec, ...], ...]] = {}


def _cells_by_table(template: Template) -> tuple[tuple[CellSpec, ...], ...]:
    """The template's cells, table by table, in the order of `template.tables`."""
    found = _CELLS_BY_TABLE.get(template.id)
    if found is None:
        found = tuple(tuple(c for c in template.cells if c.table == table.id) for table in template.tables)
        _CELLS_BY_TABLE[template.id] = found
    return found


def _missing_findings(template: Template, found: dict[str, SourceRef]) -> list[Finding]:
    out: list[Finding] = []
    if all(cell_id in found for cell_id in template.cell_ids):
        return out
    numbers = {s.table: s.number for s in template.sections if s.table}
    for table, cells in zip(template.tables, _cells_by_table(template), strict=True):
        missing = [c for c in cells if c.id not in found]
        if not missing:
            continue
        name = f"表{numbers.get(table.id, '')}（{table.title}）"
        if len(missing) == len(cells):
            out.append(
                Finding(
                    code="parse.missing_table",
                    severity=Severity.ERROR,
                    message=f"文件中没有找到{name}，其中 {len(cells)} 个单元格按空白处理。",
                    cells=tuple(c.id for c in cells),
                )
            )
            continue
        by_row: dict[str, list[str]] = {}
        for cell in missing:
            by_row.setdefault(cell.row.id, []).append(cell.id)
        for row_id, cell_ids in by_row.items():
            row_cells = [c for c in cells if c.row.id == row_id]
            label = row_cells[0].row.label
            whole = len(cell_ids) == len(row_cells)
            out.append(
                Finding(
                    code="parse.missing_row" if whole else "parse.missing_cells",
                    severity=Severity.ERROR,
                    message=(
                        f"{name}中没有找到“{label}”这一行，其单元格按空白处理。"
                        if whole
                        else f"{name}“{label}”一行中有 {len(cell_ids)} 个单元格没有找到对应的列，按空白处理。"
                    ),
                    cells=tuple(cell_ids),
                )
            )
    return out
