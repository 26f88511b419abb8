"""Reading the JSON form written by `render/json_renderer.py` (see there for the shape), strictly.

The shape is checked field by field and a mismatch is refused with `UnreadableReportError` naming the field
(`context["field"]`): an unknown template, an unknown cell id (another template's file), a paragraph that is not
text. A cell's value that is not what the cell holds (a count that is not a whole number, an amount that is not a
decimal) is, as in every other format, not taken: the cell is None and `parse.unreadable_value` names it with
the value as written. Cells left out of "cells" are blank (None) and reported as `parse.missing_cells`. The "findings" of the file are not read back: they are recomputed by checking the report.
Amounts may be decimal strings or JSON numbers; numbers are parsed as decimals, never through a float.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from gongkai.core.errors import UnreadableReportError
from gongkai.core.report.model import (
    NARRATIVE_KEYS,
    CellValue,
    Finding,
    ParseResult,
    Report,
    Severity,
    SourceRef,
)
from gongkai.core.report.templates import TEMPLATES

__all__ = ["read"]

_FORMAT = "json"
_REQUIRED = ("template", "agency", "year", "cells")
_MIN_YEAR, _MAX_YEAR = 1900, 2999


def _refuse(field: str, problem: str) -> UnreadableReportError:
    return UnreadableReportError(f"JSON 文件中的“{field}”{problem}。", format=_FORMAT, field=field)


def _load(data: bytes) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableReportError("JSON 文件必须是 UTF-8 编码。", format=_FORMAT) from None
    try:
        return json.loads(text, parse_float=Decimal, parse_int=int, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise UnreadableReportError(
            f"JSON 格式有误（第 {error.lineno} 行第 {error.colno} 列）：文件可能不完整或已损坏。",
            format=_FORMAT,
        ) from None
    except (RecursionError, ValueError):
        raise UnreadableReportError("JSON 内容嵌套过深或含有无效的数字，无法读取。", format=_FORMAT) from None


def _no_constant(name: str) -> Any:
    raise ValueError(name)


class _Unreadable(Exception):
    """A cell's value that is not what its kind holds; `what` names the kind."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def _count(value: Any) -> CellValue:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Unreadable("件数（整数）")
    return value


def _amount(value: Any) -> CellValue:
    if value is None:
        return None
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str):
        try:
            amount = Decimal(value.strip())
        except InvalidOperation:
            amount = None
        if amount is not None and amount.is_finite():
            return amount
    raise _Unreadable('金额（如 "96171.6"）')


def _unreadable(label: str, cell_id: str, what: str, raw: str, source: SourceRef) -> Finding:
    return Finding(
        code="parse.unreadable_value",
        severity=Severity.ERROR,
        message=f"“{label}”（{cell_id}）的值 {raw} 不是{what}，也不是 null，没有采用，按空白处理。",
        cells=(cell_id,),
        actual=raw,
        sources=(source,),
    )


def read(data: bytes) -> ParseResult:
    document = _load(data)
    if not isinstance(document, dict):
        raise UnreadableReportError(
            "JSON 文件的最外层应为对象（{…}），不是年度报告的 JSON 格式。", format=_FORMAT
        )
    for field in _REQUIRED:
        if field not in document:
            raise _refuse(field, "缺失：这不是本系统导出的年度报告 JSON")
    template_id = document["template"]
    if not isinstance(template_id, str) or template_id not in TEMPLATES:
        known = "、".join(TEMPLATES)
        raise _refuse(
            "template",
            f"为未知的报告格式 {json.dumps(template_id, ensure_ascii=False, default=str)}（可用：{known}）",
        )
    template = TEMPLATES[template_id]
    agency = document["agency"]
    if not isinstance(agency, str):
        raise _refuse("agency", "应为文字")
    year = document["year"]
    if isinstance(year, bool) or not isinstance(year, int) or not _MIN_YEAR <= year <= _MAX_YEAR:
        raise _refuse("year", f"应为年份（如 2021），实际为 {json.dumps(year, default=str)}")

    raw_cells = document["cells"]
    if not isinstance(raw_cells, dict):
        raise _refuse("cells", "应为以单元格编号为键的对象")
    unknown = [key for key in raw_cells if not template.has_cell(key)]
    if unknown:
        raise _refuse(f"cells.{unknown[0]}", f"不是{template.name}的单元格编号")
    cells: dict[str, CellValue] = {}
    sources: dict[str, SourceRef] = {}
    findings: list[Finding] = []
    for cell in template.cells:
        if cell.id not in raw_cells:
            continue
        value = raw_cells[cell.id]
        source = sources[cell.id] = SourceRef(format=_FORMAT, raw=_raw(value))
        try:
            cells[cell.id] = _amount(value) if cell.kind == "amount" else _count(value)
        except _Unreadable as problem:
            cells[cell.id] = None
            findings.append(_unreadable(cell.label, cell.id, problem.what, source.raw or "", source))

    sections = _sections(document.get("sections", {}))
    findings_field = document.get("findings", [])
    if not isinstance(findings_field, list) or not all(isinstance(f, dict) for f in findings_field):
        raise _refuse("findings", "应为对象的列表")

    missing = [c.id for c in template.cells if c.id not in raw_cells]
    if missing:
        findings.append(
            Finding(
                code="parse.missing_cells",
                severity=Severity.ERROR,
                message=f"JSON 文件缺少 {len(missing)} 个单元格（如 {missing[0]}），按空白处理。",
                cells=tuple(missing),
            )
        )
    report = Report(
        template=template_id, agency=agency, year=year, cells=cells, sections=sections, sources=sources
    )
    return ParseResult(report=report, findings=tuple(findings), format=_FORMAT)


def _raw(value: object) -> str:
    """The cell's value as written in the file."""
    if value is None:
        return "null"
    if isinstance(value, str | list | dict | bool):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _sections(value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise _refuse("sections", "应为对象")
    out: dict[str, tuple[str, ...]] = {}
    for key, paragraphs in value.items():
        if key not in NARRATIVE_KEYS:
            raise _refuse(f"sections.{key}", f"不是报告的组成部分（可用：{'、'.join(NARRATIVE_KEYS)}）")
        if not isinstance(paragraphs, list):
            raise _refuse(f"sections.{key}", "应为段落（文字）的列表")
        for index, paragraph in enumerate(paragraphs):
            if not isinstance(paragraph, str) or "\n" in paragraph:
                raise _refuse(f"sections.{key}[{index}]", "应为不含换行的一段文字")
        out[key] = tuple(paragraphs)
    return out
