from __future__ import annotations

import zipfile
from datetime import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from gongkai.core.report.model import CellValue, Finding, Report, Severity
from gongkai.core.report.render.layout import table_layout
from gongkai.core.report.render.xlsx_renderer import AMOUNT_FORMAT, COUNT_FORMAT, render
from gongkai.core.report.templates import TEMPLATES, get_template
from tests.core.report.reports import huaian_2024, wuzhong_2021


def workbook(report: Report, **kwargs: object):  # type: ignore[no-untyped-def]
    return load_workbook(BytesIO(render(report, **kwargs)))  # type: ignore[arg-type]


def test_sheets_in_order() -> None:
    book = workbook(huaian_2024())
    assert book.sheetnames == [
        "报告",
        "表二 主动公开政府信息情况",
        "表三 收到和处理政府信息公开申请情况",
        "表四 政府信息公开行政复议、行政诉讼情况",
        "cells",
    ]
    finding = Finding("rule.sum", Severity.ERROR, "总计不等于各项之和。", cells=("t3.new.total",))
    book = workbook(huaian_2024(), findings=[finding])
    assert book.sheetnames[-1] == "检查结果"
    assert [c.value for c in book["检查结果"][2]] == [
        "rule.sum",
        "error",
        "总计不等于各项之和。",
        "t3.new.total",
    ]


def test_metadata_and_narrative_sheet() -> None:
    report = wuzhong_2021()
    sheet = workbook(report)["报告"]
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    assert rows[0] == ("key", "项目", "内容")
    assert rows[1:5] == [
        ("template", "报告格式", "2021"),
        ("agency", "机关名称", "吴忠市审批服务管理局"),
        ("year", "年度", 2021),
        ("title", "标题", report.title),
    ]
    narrative = [(key, text) for key, _, text in rows[5:]]
    expected = [
        (key, text) for key in ("preamble", "overview", "problems", "other") for text in report.sections[key]
    ]
    assert narrative == expected
    assert ("other", "六、其他需要报告的事项", "无。") in rows


@pytest.mark.parametrize("template_id", list(TEMPLATES))
def test_the_cells_sheet_lists_every_cell_with_numbers_as_numbers(template_id: str) -> None:
    template = get_template(template_id)
    cells: dict[str, CellValue] = {
        c.id: (Decimal("96171.6") if c.kind == "amount" else i) for i, c in enumerate(template.cells)
    }
    cells[template.cell_ids[3]] = None
    sheet = workbook(Report(template_id, "某市人民政府", 2022, cells))["cells"]
    rows = list(sheet.iter_rows(min_row=2))
    assert [r[0].value for r in rows] == list(template.cell_ids)
    for row in rows:
        cell_id, label, value, text = (c.value for c in row)
        assert label == template.cell(cell_id).label
        expected = cells[cell_id]
        if expected is None:
            assert value is None
            assert text is None
        elif isinstance(expected, Decimal):
            assert isinstance(value, float)
            assert Decimal(text) == expected
            assert row[2].number_format == AMOUNT_FORMAT
        else:
            assert type(value) is int
            assert value == expected
            assert row[2].number_format == COUNT_FORMAT


def test_table_sheets_have_the_official_merged_cells_and_values() -> None:
    report = huaian_2024()
    book = workbook(report)
    for table in report.spec.tables:
        sheet = book.worksheets[1 + report.spec.tables.index(table)]
        assert sheet["A1"].value == report.spec.section(table.section).heading
        layout = table_layout(table)
        merged = sorted(
            (r.min_row - 3, r.min_col - 1, r.max_row - r.min_row + 1, r.max_col - r.min_col + 1)
            for r in sheet.merged_cells.ranges
        )
        expected = sorted(
            (c.row, c.column, c.rowspan, c.colspan) for c in layout.cells if c.rowspan > 1 or c.colspan > 1
        )
        assert merged == expected
        for cell in layout.value_cells():
            assert cell.cell is not None
            value = sheet.cell(3 + cell.row, 1 + cell.column).value
            wanted = report.cells[cell.cell.id]
            assert value == (float(wanted) if isinstance(wanted, Decimal) else wanted)
        for cell in layout.cells:
            if cell.role != "value":
                assert sheet.cell(3 + cell.row, 1 + cell.column).value == cell.text
    fees = book.worksheets[1]
    amount = next(
        c for c in table_layout(report.spec.table("t2")).value_cells() if c.cell and c.cell.kind == "amount"
    )
    assert fees.cell(3 + amount.row, 1 + amount.column).number_format == AMOUNT_FORMAT


def test_blank_cells_stay_empty_not_zero() -> None:
    book = workbook(wuzhong_2021())
    t4 = book.worksheets[3]
    assert [t4.cell(6, c).value for c in range(1, 16)] == [None] * 5 + [0] * 10


@pytest.mark.parametrize("make", [wuzhong_2021, huaian_2024], ids=["wuzhong", "huaian"])
def test_the_same_report_gives_the_same_bytes(make) -> None:  # type: ignore[no-untyped-def]
    first = render(make())
    assert render(make()) == first
    finding = Finding("rule.sum", Severity.ERROR, "总计不等于各项之和。", cells=("t3.new.total",))
    assert render(make(), findings=[finding]) == render(make(), findings=[finding])


@pytest.mark.parametrize("make", [wuzhong_2021, huaian_2024], ids=["wuzhong", "huaian"])
def test_dates_come_from_the_report_never_from_the_clock(make) -> None:  # type: ignore[no-untyped-def]
    report = make()
    data = render(report)
    properties = load_workbook(BytesIO(data)).properties
    deadline = datetime(report.year + 1, 1, 31)  # Art. 50: published by 31 January of the following year
    assert (properties.created, properties.modified) == (deadline, deadline)
    with zipfile.ZipFile(BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        names = archive.namelist()
    assert {"docProps/core.xml", "xl/worksheets/sheet1.xml"} <= set(names)
