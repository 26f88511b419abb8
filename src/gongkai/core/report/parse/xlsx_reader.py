"""Reading an annual report from an Excel workbook (XLSX).

Two paths:
- Our own workbook (`render/xlsx_renderer.py`): the `报告` sheet gives the template, agency, year and the
  narrative by machine key, and the `cells` sheet gives every cell by id — it is authoritative, so the round
  trip is exact. If the table sheets disagree with it (someone edited one and not the other), a warning
  names the cells. If the `cells` sheet is gone, the table sheets are read like a foreign workbook's.
- A foreign workbook: every sheet in order, formulas read by their cached values, merged ranges expanded
  (copies marked spanned). A sheet is cut into parts at empty rows; a part whose rows each hold one text is
  paragraphs, any other part a table (its leading one-text rows — a title above the table — paragraphs,
  unless they are a block heading of the template such as 第二十条第（一）项). Then `assemble` does the rest.

A corrupt archive or a file that is not a workbook → `UnreadableReportError` with a Chinese message. A workbook
whose stylesheet openpyxl refuses (or that has none) is opened with a plain one, and `parse.styles_ignored`
(warning) says so (`core.office.with_plain_styles`: the number formats that can still be read are kept).
"""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.core.errors import GongkaiError, UnreadableReportError
from gongkai.core.office import with_bounded_merges, with_plain_styles
from gongkai.core.report.labels import normalize
from gongkai.core.report.model import (
    NARRATIVE_KEYS,
    CellValue,
    Finding,
    ParseResult,
    Report,
    Severity,
    SourceRef,
)
from gongkai.core.report.parse.assemble import assemble
from gongkai.core.report.parse.blocks import Block, Paragraph
from gongkai.core.report.parse.grid import (
    MAX_COLUMNS,
    MAX_MERGED_CELLS,
    MAX_ROWS,
    MERGED_TOO_LARGE,
    Slot,
    make_grid,
)
from gongkai.core.report.parse.values import read_value
from gongkai.core.report.render.xlsx_renderer import (
    CELLS_HEADER,
    CELLS_SHEET,
    FINDINGS_SHEET,
    META_HEADER,
    META_SHEET,
    table_sheet_name,
)
from gongkai.core.report.template import Template
from gongkai.core.report.templates import TEMPLATES, get_template

__all__ = ["read", "read_workbook", "xlsx_blocks"]

FORMAT = "xlsx"
MAX_UNCOMPRESSED = 300 * 1024 * 1024
# openpyxl holds every cell of the sheets in memory (about 300 bytes each): the sheets' XML is bounded (an annual
# report's is well under 1 MB) and so are the cells merged ranges cover (`grid.MAX_MERGED_CELLS`).
MAX_SHEETS_XML = 40 * 1024 * 1024
_MAX_CELLS = 200_000


def _block_headings() -> frozenset[str]:
    return frozenset(
        normalize(b.heading)
        for t in TEMPLATES.values()
        for table in t.tables
        for b in table.blocks
        if b.heading
    )


_BLOCK_HEADINGS = _block_headings()


def read(data: bytes) -> ParseResult:
    """Parses an XLSX annual report."""
    workbook, styles_replaced = _open(data)
    result = read_workbook(workbook)
    if styles_replaced:
        result = replace(result, findings=(_STYLES_IGNORED, *result.findings))
    return result


def read_workbook(workbook: Workbook) -> ParseResult:
    """Parses an annual report from an open workbook (an XLSX file's, or one built from another format's)."""
    meta = _own_meta(workbook)
    if meta is not None:
        cells_sheet = _sheet(workbook, CELLS_SHEET, CELLS_HEADER[:3])
        if cells_sheet is not None:
            return _own_workbook(workbook, meta, cells_sheet)
    return assemble(_workbook_blocks(workbook, meta), fmt=FORMAT)


def xlsx_blocks(data: bytes) -> list[Block]:
    """Every sheet as paragraphs and grids, in order (the generic path, also for our own workbooks)."""
    workbook, _ = _open(data)
    return _workbook_blocks(workbook, _own_meta(workbook))


def _open(data: bytes) -> tuple[Workbook, bool]:
    """The workbook, and whether its stylesheet had to be replaced to open it."""
    message = "无法打开这个Excel文件：文件已损坏，或不是XLSX格式。"
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            infos = archive.infolist()
            sheets_xml = sum(info.file_size for info in infos if info.filename.startswith("xl/worksheets/"))
            if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED or sheets_xml > MAX_SHEETS_XML:
                raise UnreadableReportError("这个Excel文件解压后过大，不像是一份年度报告，已拒绝读取。")
            if "xl/workbook.xml" not in {info.filename for info in infos}:
                raise UnreadableReportError(message)
        data, merged = with_bounded_merges(data, max_row=MAX_ROWS, max_column=MAX_COLUMNS)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise UnreadableReportError(message) from error
    if merged > MAX_MERGED_CELLS:
        raise UnreadableReportError(MERGED_TOO_LARGE)
    try:
        return load_workbook(BytesIO(data), data_only=True, rich_text=False), False
    except Exception as error:  # openpyxl raises many kinds on a broken package (KeyError, XML errors…)
        try:
            plain = with_plain_styles(data)
            return load_workbook(BytesIO(plain), data_only=True, rich_text=False), True
        except Exception:  # not (only) the stylesheet: the file is damaged
            raise UnreadableReportError(message) from error


_STYLES_IGNORED = Finding(
    code="parse.styles_ignored",
    severity=Severity.WARNING,
    message=(
        "这个Excel文件的样式表（字体、边框、数字格式）已损坏或缺失，已忽略其中无法读取的部分读取数据；"
        "请核对读出的数字。"
    ),
)


def _sheet(workbook: Workbook, title: str, header: Sequence[str]) -> Worksheet | None:
    if title not in workbook.sheetnames:
        return None
    sheet = workbook[title]
    if not isinstance(sheet, Worksheet):
        return None
    first = [sheet.cell(1, c).value for c in range(1, len(header) + 1)]
    return sheet if tuple(first) == tuple(header) else None


def _own_meta(workbook: Workbook) -> dict[str, Any] | None:
    """Our `报告` sheet as {key: value}, narrative keys as lists of paragraphs; None when absent."""
    sheet = _sheet(workbook, META_SHEET, META_HEADER)
    if sheet is None:
        return None
    meta: dict[str, Any] = {key: [] for key in NARRATIVE_KEYS}
    for row in sheet.iter_rows(min_row=2, max_row=min(sheet.max_row, MAX_ROWS), max_col=3, values_only=True):
        key, _, value = (*row, None, None, None)[:3]
        if not isinstance(key, str) or value is None:
            continue
        if key in NARRATIVE_KEYS:
            text = _text(value).strip()
            if text:
                meta[key].append(text.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
        else:
            meta[key] = value
    template = meta.get("template")
    if str(template) not in TEMPLATES or not isinstance(meta.get("agency"), str):
        return None
    meta["template"] = str(template)
    try:
        meta["year"] = int(_text(meta.get("year")).strip())
    except ValueError:
        return None
    return meta


def _own_workbook(workbook: Workbook, meta: dict[str, Any], sheet: Worksheet) -> ParseResult:
    template = get_template(meta["template"])
    cells: dict[str, CellValue] = {}
    sources: dict[str, SourceRef] = {}
    findings: list[Finding] = []
    unknown: list[str] = []
    sheet_index = workbook.sheetnames.index(sheet.title) + 1
    rows = sheet.iter_rows(min_row=2, max_row=min(sheet.max_row, MAX_ROWS), max_col=4, values_only=True)
    for r, row in enumerate(rows, start=2):
        cell_id, _, value, text = (*row, None, None, None, None)[:4]
        if not isinstance(cell_id, str) or not cell_id.strip():
            continue
        cell_id = cell_id.strip()
        if not template.has_cell(cell_id):
            unknown.append(cell_id)
            continue
        raw = None if value is None else _text(value)
        source = SourceRef(format=FORMAT, table=sheet_index, row=r, column=3, raw=raw)
        sources[cell_id] = source
        parsed, problem = _cell_value(value, text, template.cell(cell_id).kind)
        cells[cell_id] = parsed
        if problem:
            findings.append(
                Finding(
                    "parse.unreadable_value",
                    Severity.ERROR,
                    f"“{sheet.title}”工作表中单元格 {cell_id} 的值“{raw}”无法识别为{problem}。",
                    cells=(cell_id,),
                    actual=raw,
                    sources=(source,),
                )
            )
    missing = [c for c in template.cell_ids if c not in sources]
    if missing:
        findings.append(
            Finding(
                "parse.missing_cells",
                Severity.ERROR,
                f"“{sheet.title}”工作表缺少 {len(missing)} 个单元格，按空白处理。",
                cells=tuple(missing),
            )
        )
    if unknown:
        findings.append(
            Finding(
                "parse.unknown_cells",
                Severity.WARNING,
                f"“{sheet.title}”工作表中有{template.name}没有的单元格，已忽略：{'、'.join(unknown[:10])}。",
            )
        )
    sections = {key: tuple(meta[key]) for key in NARRATIVE_KEYS}
    report = Report(
        template=template.id,
        agency=meta["agency"].strip(),
        year=meta["year"],
        cells=cells,
        sections=sections,
        sources=sources,
    )
    findings.extend(_disagreements(workbook, meta, report))
    return ParseResult(report=report, findings=tuple(findings), format=FORMAT)


def _cell_value(value: object, text: object, kind: str) -> tuple[CellValue, str | None]:
    """A value of the cells sheet; the exact `text` column restores an amount a float would round."""
    what = "金额" if kind == "amount" else "件数（整数）"
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, what
    if isinstance(value, int):
        return (Decimal(value) if kind == "amount" else value), None
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None, what
        if kind == "count":
            return (int(value), None) if value.is_integer() else (None, what)
        if isinstance(text, str):
            try:
                exact = Decimal(text.strip())
            except InvalidOperation:
                exact = None
            # Spreadsheet files keep ~15 significant digits: the text is exact if it rounds to the number.
            if exact is not None and exact.is_finite() and math.isclose(float(exact), value, rel_tol=1e-12):
                return exact, None
        return Decimal(repr(value)), None
    if isinstance(value, str):
        reading = read_value(value, "amount" if kind == "amount" else "count")
        if reading.kind == "unreadable":
            return None, what
        return reading.value, None
    return None, what


def _disagreements(workbook: Workbook, meta: dict[str, Any], report: Report) -> list[Finding]:
    """A warning naming the cells where the table sheets differ from the authoritative cells sheet."""
    try:
        tables = assemble(_workbook_blocks(workbook, meta), fmt=FORMAT).report
    except GongkaiError:
        return []
    if tables.template != report.template:
        return []
    differ = tuple(c for c in report.spec.cell_ids if tables.cells[c] != report.cells[c])
    if not differ:
        return []
    return [
        Finding(
            "parse.xlsx_sheets_disagree",
            Severity.WARNING,
            f"表格工作表与“{CELLS_SHEET}”工作表有 {len(differ)} 个单元格不一致，已以“{CELLS_SHEET}”工作表为准；"
            "若修改过表格，请同时修改该工作表。",
            cells=differ,
            expected=[str(report.cells[c]) if report.cells[c] is not None else None for c in differ],
            actual=[str(tables.cells[c]) if tables.cells[c] is not None else None for c in differ],
        )
    ]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _workbook_blocks(workbook: Workbook, meta: dict[str, Any] | None) -> list[Block]:
    skip = {CELLS_SHEET, FINDINGS_SHEET} if meta is not None else set()
    per_sheet: dict[str, list[Block]] = {}
    tables = 0
    budget = _MAX_CELLS
    for sheet in workbook.worksheets:
        if sheet.title in skip or (meta is not None and sheet.title == META_SHEET):
            continue
        number = workbook.worksheets.index(sheet) + 1
        blocks, tables, budget = _sheet_blocks(sheet, number, tables, budget)
        per_sheet[sheet.title] = blocks
    if meta is None:
        return [b for blocks in per_sheet.values() for b in blocks]
    return _own_order(get_template(meta["template"]), meta, per_sheet)


def _own_order(template: Template, meta: dict[str, Any], per_sheet: dict[str, list[Block]]) -> list[Block]:
    """Our workbook read without its cells sheet: narrative from `报告`, tables from their sheets, in order."""
    source = SourceRef(format=FORMAT, table=1)
    title = f"{meta['agency']}{meta['year']}年政府信息公开工作年度报告"
    blocks: list[Block] = [Paragraph(str(meta.get("title") or title), source, heading=True)]
    blocks.extend(Paragraph(p, source) for p in meta["preamble"])
    used: set[str] = set()
    for section in template.sections:
        if section.table is not None:
            name = table_sheet_name(template, section.table)
            if name in per_sheet:
                blocks.extend(per_sheet[name])
                used.add(name)
                continue
        blocks.append(Paragraph(section.heading, source, heading=True))
        if section.narrative:
            blocks.extend(Paragraph(p, source) for p in meta[section.id])
    for name, extra in per_sheet.items():
        if name not in used:
            blocks.extend(extra)
    return blocks


def _sheet_blocks(
    sheet: Worksheet, sheet_number: int, tables: int, budget: int
) -> tuple[list[Block], int, int]:
    """A sheet cut at empty rows into paragraphs and grids."""
    max_row, max_column = min(sheet.max_row, MAX_ROWS), min(sheet.max_column, MAX_COLUMNS)
    if max_row * max_column > budget:
        max_row = max(1, budget // max(1, max_column))
    budget -= max_row * max_column
    matrix: list[list[Slot]] = [
        [(_text(v).strip(), False) for v in row]
        for row in sheet.iter_rows(min_row=1, max_row=max_row, max_col=max_column, values_only=True)
    ]
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        if top >= len(matrix) or left >= max_column:
            continue
        text = matrix[top][left][0]
        for r in range(top, min(merged.max_row, len(matrix))):
            for c in range(left, min(merged.max_col, max_column)):
                if (r, c) != (top, left):
                    matrix[r][c] = (text, True)
    blocks: list[Block] = []
    part: list[tuple[int, list[Slot]]] = []
    for r, row in enumerate([*matrix, []], start=1):
        if any(text for text, _ in row):
            part.append((r, row))
            continue
        if part:
            tables = _part_blocks(part, blocks, sheet_number, tables)
            part = []
    return blocks, tables, budget


def _own_texts(row: Sequence[Slot]) -> list[str]:
    return [text for text, spanned in row if text and not spanned]


def _part_blocks(part: list[tuple[int, list[Slot]]], blocks: list[Block], sheet: int, tables: int) -> int:
    def paragraph(r: int, row: Sequence[Slot]) -> Paragraph:
        text = " ".join(_own_texts(row)) or next(text for text, _ in row if text)
        return Paragraph(
            text.replace("\n", " ").strip(), SourceRef(format=FORMAT, table=sheet, row=r, raw=None)
        )

    start = 0
    while start < len(part):
        r, row = part[start]
        own = _own_texts(row)
        if len(own) > 1 or (own and normalize(own[0]) in _BLOCK_HEADINGS):
            break
        blocks.append(paragraph(r, row))
        start += 1
    rest = part[start:]
    if not rest:
        return tables
    columns = [
        c
        for c in range(max(len(row) for _, row in rest))
        if any(c < len(row) and row[c][0] for _, row in rest)
    ]
    first, last = columns[0], columns[-1]
    tables += 1
    grid = make_grid([row[first : last + 1] for _, row in rest], fmt=FORMAT, table=tables)
    if grid is not None:
        grid = _with_sheet_rows(grid, [r for r, _ in rest], first, sheet)
        blocks.append(grid)
    return tables


def _with_sheet_rows(grid: Any, rows: Iterable[int], first_column: int, sheet: int) -> Any:
    """Sources that point at the sheet's own row and column numbers (what a clerk sees in Excel).

    Each cell's source is translated from the grid position it names: a copy of a merged range keeps naming the
    range's top-left cell, and a padding position keeps having no column (see `grid.make_grid`)."""
    sheet_rows = list(rows)
    new_rows = []
    for line in grid.rows:
        new_rows.append(
            tuple(
                cell._replace(
                    source=replace(
                        cell.source,
                        table=sheet,
                        row=sheet_rows[cell.source.row - 1],
                        column=None if cell.source.column is None else first_column + cell.source.column,
                    )
                )
                for cell in line
            )
        )
    return replace(grid, rows=tuple(new_rows), source=replace(grid.source, table=sheet))
