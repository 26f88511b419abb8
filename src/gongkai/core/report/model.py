"""The report as a value: `Report`, where its values came from (`SourceRef`), and what checking found (`Finding`).

- A cell holds `int` (a count), `Decimal` (an amount: `t2.fees.amount` in 万元) or `None` (blank in the source
  — never silently 0). Every cell id of the template is present in `Report.cells`.
- Narrative is kept per section as a tuple of paragraphs (`preamble` before 一, then `overview` 一, `problems`
  五, `other` 六). Paragraphs hold no line breaks; a paragraph broken by a page break is one paragraph.
- `sources` records, per cell id or section id, where a parsed value was read. It does not take part in
  equality, so `parse(render(report)) == report` compares content only.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeAlias

from gongkai.core.errors import ReportValueError
from gongkai.core.report.template import Template
from gongkai.core.report.templates import get_template

__all__ = [
    "FIRST_REPORT_YEAR",
    "MAX_CELL_VALUE",
    "NARRATIVE_KEYS",
    "SEVERITY_LABELS",
    "CellValue",
    "Finding",
    "ParseResult",
    "Report",
    "Severity",
    "SourceRef",
    "agency_key",
    "agency_name",
    "summable",
    "year_problem",
]

CellValue: TypeAlias = int | Decimal | None

# Narrative parts of a report, in document order. `preamble` is the text before section 一.
NARRATIVE_KEYS: tuple[str, ...] = ("preamble", "overview", "problems", "other")

# The largest count (件) or amount (万元) a cell can plausibly hold: ten times China's whole yearly total of
# applications would still be far below it. A larger value is a misread figure (a badly extracted PDF joins
# numbers); the rules report it (`cell.out_of_range`), imports refuse it, forms do not accept it, and the
# database's figures columns (BIGINT, amounts in 1/1 000 000 万元) hold anything within it.
MAX_CELL_VALUE = 1_000_000_000

# The Regulations took effect on 1 May 2008: the first annual reports are for 2008.
FIRST_REPORT_YEAR = 2008


def year_problem(year: int, *, today: dt.date) -> str | None:
    """Why no published annual report can be for `year` on `today` (Chinese), or None: a report is published
    after its year has ended, and there were none before the Regulations."""
    if year < FIRST_REPORT_YEAR:
        return (
            f"{year}年早于《政府信息公开条例》施行（2008年5月1日），"
            f"没有该年度的政府信息公开工作年度报告（最早为{FIRST_REPORT_YEAR}年度）。"
        )
    if year >= today.year:
        return f"{year}年尚未结束，年度报告须在年度结束后编制和发布。"
    return None


def summable(value: CellValue) -> bool:
    """True when a sum over reports may count `value`: given, not negative and within `MAX_CELL_VALUE`. A value
    the rules reject as impossible is left out of sums like a blank (and counted among the blanks)."""
    return value is not None and 0 <= value <= MAX_CELL_VALUE


_WHITESPACE = re.compile(r"\s+")


def agency_name(name: str) -> str:
    """An agency's name as written, without the spaces and line breaks text extraction leaves inside it
    (" 吴忠市 自然资源局 " → "吴忠市自然资源局"): Chinese agency names contain no spaces."""
    return _WHITESPACE.sub("", name)


def agency_key(name: str) -> str:
    """What two spellings of one agency's name have in common: no whitespace, full- and half-width folded
    (“（本级）” and “(本级)” alike). The one comparison of agency names: matching a report to a platform
    agency, finding a duplicate import, telling whether two reports are of the same agency."""
    return agency_name(unicodedata.normalize("NFKC", name))


@dataclass(frozen=True)
class SourceRef:
    """Where a value was read: a page, a line, a table and its row/column, and the raw text found there."""

    format: str | None = None
    page: int | None = None
    line: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    raw: str | None = None

    def describe(self) -> str:
        """Chinese, for a clerk: "第4页 第2个表格 第5行第3列（原文：“/”）"."""
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.table is not None:
            parts.append(f"第{self.table}个表格")
        if self.row is not None and self.column is not None:
            parts.append(f"第{self.row}行第{self.column}列")
        elif self.row is not None:
            parts.append(f"第{self.row}行")
        if self.line is not None:
            parts.append(f"第{self.line}行文字")
        text = " ".join(parts) or "原文"
        if self.raw:
            text += f"（原文：“{self.raw}”）"
        return text


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


# What a finding's severity is called, everywhere a person reads it (CLI, pages, messages): one vocabulary.
SEVERITY_LABELS: Mapping[Severity, str] = {
    Severity.ERROR: "错误",
    Severity.WARNING: "警告",
    Severity.INFO: "提示",
}


@dataclass(frozen=True)
class Finding:
    """One problem found by a rule or a parser.

    `code` is stable (tests, the web layer and open data rely on it); `message` is Chinese for a clerk;
    `cells` names every cell involved; `expected`/`actual` are the two sides of a failed identity (e.g. the
    sum of the parts and the total as printed); `sources` point at where the cells were read.
    """

    code: str
    severity: Severity
    message: str
    cells: tuple[str, ...] = ()
    expected: Any = None
    actual: Any = None
    sources: tuple[SourceRef, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "cells": list(self.cells),
            "expected": _jsonable(self.expected),
            "actual": _jsonable(self.actual),
            "sources": [s.describe() for s in self.sources],
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value


@dataclass(frozen=True)
class Report:
    template: str
    agency: str
    year: int
    cells: Mapping[str, CellValue]
    sections: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sources: Mapping[str, SourceRef] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        spec = get_template(self.template)
        if not isinstance(self.year, int) or isinstance(self.year, bool) or not 1900 <= self.year <= 2999:
            raise ReportValueError(f"年度“{self.year}”不是有效的年份。", field="year")
        unknown = sorted(set(self.cells) - set(spec.cell_ids))
        if unknown:
            raise ReportValueError(
                f"{spec.name}没有这些单元格：{'、'.join(unknown)}。", cells=unknown, template=self.template
            )
        cells: dict[str, CellValue] = {}
        for cell in spec.cells:
            value = self.cells.get(cell.id)
            cells[cell.id] = _check_value(cell.id, cell.kind, value)
        object.__setattr__(self, "cells", cells)
        sections: dict[str, tuple[str, ...]] = {}
        for key in NARRATIVE_KEYS:
            paragraphs = tuple(self.sections.get(key, ()))
            for p in paragraphs:
                if not isinstance(p, str) or "\n" in p:
                    raise ReportValueError(f"“{key}”部分的段落必须是不含换行的文字。", section=key)
            sections[key] = paragraphs
        extra = sorted(set(self.sections) - set(NARRATIVE_KEYS))
        if extra:
            raise ReportValueError(f"未知的报告部分：{'、'.join(extra)}。", sections=extra)
        object.__setattr__(self, "sections", sections)
        object.__setattr__(self, "sources", dict(self.sources))

    @property
    def spec(self) -> Template:
        return get_template(self.template)

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    def __getitem__(self, cell_id: str) -> CellValue:
        return self.cells[cell_id]

    def section_text(self, key: str) -> str:
        return "\n".join(self.sections.get(key, ()))

    def with_cells(self, **changes: CellValue) -> Report:
        """A copy with some cells changed; keyword names use `__` for `.` (`t3__new__total=5`)."""
        cells = dict(self.cells)
        for key, value in changes.items():
            cells[key.replace("__", ".")] = value
        return replace(self, cells=cells)

    @classmethod
    def blank(cls, template: str, *, agency: str, year: int) -> Report:
        """Every cell None and no narrative: the starting point of a parser or a form."""
        return cls(template=template, agency=agency, year=year, cells={})


def _check_value(cell_id: str, kind: str, value: object) -> CellValue:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ReportValueError(f"单元格 {cell_id} 的值必须是数字。", cell=cell_id)
    if kind == "count":
        if isinstance(value, int):
            return value
        if isinstance(value, Decimal) and value == value.to_integral_value():
            return int(value)
        raise ReportValueError(f"单元格 {cell_id} 应为整数（件数），实际为“{value}”。", cell=cell_id)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ReportValueError(f"单元格 {cell_id} 的金额“{value}”无效。", cell=cell_id)
        return value
    if isinstance(value, int):
        return Decimal(value)
    raise ReportValueError(f"单元格 {cell_id} 应为金额（Decimal），实际为“{value!r}”。", cell=cell_id)


@dataclass(frozen=True)
class ParseResult:
    """What a parser returns: the report, the problems met while reading it, and the detected format."""

    report: Report
    findings: tuple[Finding, ...] = ()
    format: str = ""
