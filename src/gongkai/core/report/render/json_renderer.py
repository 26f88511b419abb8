"""The JSON form of a report: the open-data contract of the spec, read back by `parse/json_reader.py`.

    {
      "template": "2021",
      "agency": "淮安市人民政府",
      "year": 2024,
      "cells": {"t2.rules.issued": 1, …, "t2.fees.amount": "96171.6", …},   every cell id, in template order
      "sections": {"preamble": […], "overview": […], "problems": […], "other": […]},
      "findings": [{"code", "severity", "message", "cells", "expected", "actual", "sources"}, …]
    }

- A blank cell is `null`, never 0. Counts are JSON integers.
- Amounts (`t2.fees.amount`, in 万元; the 2019 format's `t2.procurement.amount`) are written as decimal STRINGS
  ("96171.6"): a JSON number is a binary float in most consumers (JavaScript, pandas) and would not keep the
  amount exact. The reader accepts a string or a JSON number for an amount (a number is read as the decimal it
  spells, never through a float).
- UTF-8, Chinese written as is (`ensure_ascii=False`), two-space indentation, a final newline, keys in a stable
  order (the order above; cells in template order) so that two exports of the same report are byte-identical.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from gongkai.core.report.model import NARRATIVE_KEYS, CellValue, Finding, Report

__all__ = ["render", "to_dict"]


def _value(value: CellValue) -> int | str | None:
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def to_dict(report: Report, *, findings: Sequence[Finding] = ()) -> dict[str, Any]:
    return {
        "template": report.template,
        "agency": report.agency,
        "year": report.year,
        "cells": {cell_id: _value(report.cells[cell_id]) for cell_id in report.spec.cell_ids},
        "sections": {key: list(report.sections.get(key, ())) for key in NARRATIVE_KEYS},
        "findings": [finding.to_dict() for finding in findings],
    }


def render(report: Report, *, findings: Sequence[Finding] = ()) -> bytes:
    text = json.dumps(to_dict(report, findings=findings), ensure_ascii=False, indent=2, default=str)
    return (text + "\n").encode("utf-8")
