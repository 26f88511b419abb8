from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings

from gongkai.core.report.io import detect_format, parse_bytes, render
from gongkai.core.report.model import NARRATIVE_KEYS, Finding, Report, Severity
from gongkai.core.report.parse import json_reader
from tests.core.report.reports import huaian_2024, wuzhong_2021
from tests.core.report.strategies import reports


@pytest.mark.parametrize("report", [wuzhong_2021(), huaian_2024()], ids=["wuzhong", "huaian"])
def test_real_reports_read_back_exactly(report: Report) -> None:
    data = render(report, "json")
    assert detect_format(data) == "json"
    result = parse_bytes(data)
    assert result.report == report
    assert result.format == "json"


@settings(max_examples=200, deadline=None)
@given(reports())
def test_any_report_reads_back_exactly(report: Report) -> None:
    assert json_reader.read(render(report, "json")).report == report


def test_the_open_data_shape() -> None:
    report = wuzhong_2021()
    document = json.loads(render(report, "json"))
    assert list(document) == ["template", "agency", "year", "cells", "sections", "findings"]
    assert (document["template"], document["agency"], document["year"]) == (
        "2021",
        "吴忠市审批服务管理局",
        2021,
    )
    assert list(document["cells"]) == list(report.spec.cell_ids)
    assert len(document["cells"]) == 200
    assert document["cells"]["t4.reconsideration.total"] is None
    assert document["cells"]["t3.new.total"] == 0
    assert document["cells"]["t2.fees.amount"] == "0"
    assert list(document["sections"]) == list(NARRATIVE_KEYS)
    assert document["sections"]["other"] == ["无。"]
    assert document["findings"] == []


def test_utf8_without_escapes_stable_bytes_and_exact_amounts() -> None:
    data = render(huaian_2024(), "json")
    assert "淮安市人民政府".encode() in data
    assert b"\\u" not in data
    assert data.endswith(b"\n")
    assert data == render(huaian_2024(), "json")
    assert b'"t2.fees.amount": "96171.6"' in data
    report = huaian_2024().with_cells(t2__fees__amount=Decimal("0.0012"))
    assert json.loads(render(report, "json"))["cells"]["t2.fees.amount"] == "0.0012"


def test_findings_are_included() -> None:
    finding = Finding(
        code="t3.balance",
        severity=Severity.ERROR,
        message="不平衡",
        cells=("t3.new.total",),
        expected=1,
        actual=2,
    )
    document = json.loads(render(wuzhong_2021(), "json", findings=[finding]))
    assert document["findings"] == [
        {
            "code": "t3.balance",
            "severity": "error",
            "message": "不平衡",
            "cells": ["t3.new.total"],
            "expected": 1,
            "actual": 2,
            "sources": [],
        }
    ]
