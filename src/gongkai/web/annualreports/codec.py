"""Cells and findings to and from what the database stores (JSON, the figures columns)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from gongkai.core.report.model import CellValue, Finding, Report, summable
from gongkai.core.report.templates import get_template
from gongkai.web.annualreports.models import AMOUNT_SCALE, FIGURE_FIELDS

__all__ = [
    "JsonCell",
    "decode_cells",
    "encode_cells",
    "encode_findings",
    "figure_values",
    "value_from_figure",
]

JsonCell = int | str | None


def encode_cells(cells: Mapping[str, CellValue]) -> dict[str, JsonCell]:
    """Counts stay integers; amounts become decimal strings (JSON has no decimal); blanks stay null."""
    return {cell: (str(value) if isinstance(value, Decimal) else value) for cell, value in cells.items()}


def decode_cells(template: str, data: Mapping[str, Any]) -> dict[str, CellValue]:
    spec = get_template(template)
    cells: dict[str, CellValue] = {}
    for cell_id, value in data.items():
        if not spec.has_cell(cell_id):
            continue
        if value is None:
            cells[cell_id] = None
        elif spec.cell(cell_id).kind == "amount":
            cells[cell_id] = Decimal(str(value))
        else:
            cells[cell_id] = int(value)
    return cells


def encode_findings(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    return [f.to_dict() for f in findings]


def figure_values(report: Report) -> dict[str, int | None]:
    """The figures columns of a report: the 2021 template's cells this report has (a 2019-format report gives
    only the cells the two formats share); amounts in whole 分. A value the sums leave out (`summable`: negative,
    or beyond the bound a report can hold) is stored as blank, as `aggregate` treats it; the version's cells keep
    it as published."""
    values: dict[str, int | None] = {}
    for cell_id, field in FIGURE_FIELDS.items():
        value = report.cells.get(cell_id)
        if value is None or not summable(value):
            values[field] = None
        elif isinstance(value, Decimal):
            values[field] = int((value * AMOUNT_SCALE).to_integral_value(rounding=ROUND_HALF_EVEN))
        else:
            values[field] = int(value)
    return values


def value_from_figure(cell_id: str, stored: int | Decimal | None) -> CellValue:
    """A summed figures column back as a cell value (amounts from 分 to 万元)."""
    if stored is None:
        return None
    if get_template("2021").cell(cell_id).kind == "amount":
        return Decimal(stored) / AMOUNT_SCALE
    return int(stored)
