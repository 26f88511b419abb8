from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from lxml import html as lxml_html

from gongkai.core.report.model import CellValue, Finding, Report, Severity
from gongkai.core.report.render.html_renderer import render
from gongkai.core.report.render.layout import table_layout
from gongkai.core.report.template import CellSpec, Table
from gongkai.core.report.templates import TEMPLATES, get_template
from tests.core.report.reports import huaian_2024, wuzhong_2021
from tests.core.report.strategies import reports


def page(report: Report, **kwargs: object) -> lxml_html.HtmlElement:
    data = render(report, **kwargs)  # type: ignore[arg-type]
    assert isinstance(data, bytes)
    return lxml_html.document_fromstring(data.decode("utf-8"))


def test_a_standalone_page_in_chinese_with_title_and_inline_css() -> None:
    report = huaian_2024()
    data = render(report)
    root = lxml_html.document_fromstring(data.decode("utf-8"))
    assert data.startswith(b"<!DOCTYPE html>")
    assert root.get("lang") == "zh-CN"
    meta = root.find(".//meta[@charset]")
    assert meta is not None
    charset = meta.get("charset")
    assert charset is not None
    assert charset.lower() == "utf-8"
    assert root.findtext(".//title") == report.title == "淮安市人民政府2024年政府信息公开工作年度报告"
    assert root.findtext(".//h1") == report.title
    assert root.find(".//style") is not None
    assert root.xpath("//link[@rel='stylesheet'] | //script[@src] | //img") == []
    assert [h.text for h in root.iter("h2")] == [s.heading for s in report.spec.sections]
    style = root.findtext(".//style")
    assert style is not None
    assert "@media print" in style


def test_narrative_paragraphs_in_their_sections() -> None:
    report = wuzhong_2021()
    root = page(report)
    for key in ("overview", "problems", "other"):
        section = root.get_element_by_id(f"section-{key}")
        assert tuple(p.text_content() for p in section.iter("p")) == report.sections[key]


@pytest.mark.parametrize("template_id", list(TEMPLATES))
def test_every_cell_once_with_its_id_and_none_as_empty(template_id: str) -> None:
    template = get_template(template_id)
    cells: dict[str, CellValue] = {
        c.id: (Decimal("96171.6") if c.kind == "amount" else i) for i, c in enumerate(template.cells)
    }
    cells[template.cell_ids[5]] = None
    root = page(Report(template_id, "某市人民政府", 2022, cells))
    found = {td.get("data-cell"): td.text_content() for td in root.xpath("//td[@data-cell]")}
    assert list(found) == [c.id for t in template.tables for c in _layout_order(t)]
    assert set(found) == set(template.cell_ids)
    for cell_id, value in cells.items():
        assert found[cell_id] == ("" if value is None else str(value))


def _layout_order(table: Table) -> list[CellSpec]:
    cells = []
    for value in table_layout(table).value_cells():
        assert value.cell is not None
        cells.append(value.cell)
    return cells


def test_tables_have_the_official_merged_cells() -> None:
    template = get_template("2021")
    root = page(wuzhong_2021())
    for table in template.tables:
        element = root.get_element_by_id(f"table-{table.id}")
        spans = []
        occupied: set[tuple[int, int]] = set()
        for r, tr in enumerate(element.iter("tr")):
            column = 0
            for cell in tr:
                while (r, column) in occupied:
                    column += 1
                rowspan, colspan = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
                spans.append((r, column, rowspan, colspan))
                occupied.update((r + i, column + j) for i in range(rowspan) for j in range(colspan))
                column += colspan
        expected = [(c.row, c.column, c.rowspan, c.colspan) for c in table_layout(table).cells]
        assert sorted(spans) == sorted(expected), table.id


def test_table_three_has_its_three_level_header_and_row_groups() -> None:
    root = page(wuzhong_2021())
    t3 = root.get_element_by_id("table-t3")
    head = t3.find("thead")
    assert [[th.text_content() for th in tr] for tr in head.iter("tr")][1:] == [
        ["自然人", "法人或其他组织", "总计"],
        ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
    ]
    groups = {th.text_content(): int(th.get("rowspan")) for th in t3.xpath(".//tbody//th[@rowspan]")}
    assert groups == {
        "三、本年度办理结果": 22,
        "（三）不予公开": 8,
        "（四）无法提供": 3,
        "（五）不予处理": 5,
        "（六）其他处理": 3,
    }


def test_accessible_caption_scopes_and_headers() -> None:
    root = page(huaian_2024())
    for table in root.iter("table"):
        assert table.find("caption") is not None
        assert table.find("caption").text_content()
        ids = {th.get("id") for th in table.iter("th")}
        assert all(th.get("scope") or "corner" in th.get("class") for th in table.iter("th"))
        for td in table.iter("td"):
            headers = td.get("headers").split()
            assert headers
            assert set(headers) <= ids
    value = root.xpath("//td[@data-cell='t3.withheld_query.natural']")[0]
    names = {root.get_element_by_id(h).text_content() for h in value.get("headers").split()}
    assert names == {"三、本年度办理结果", "（三）不予公开", "8.属于行政查询事项", "申请人情况", "自然人"}
    assert value.text_content() == "105"


def test_text_is_escaped() -> None:
    report = Report(
        "2021", "<script>alert(1)</script>局", 2021, {}, {"overview": ("a<b>&amp;“引号”和  两个空格。",)}
    )
    data = render(report)
    assert b"<script>" not in data
    root = lxml_html.document_fromstring(data.decode("utf-8"))
    h1 = root.findtext(".//h1")
    assert h1 is not None
    assert h1.startswith("<script>")
    # lxml-stubs type document_fromstring() as returning a plain _Element; the HTML parser makes an HtmlElement.
    assert isinstance(root, lxml_html.HtmlElement)
    text = root.get_element_by_id("section-overview").find("p").text_content()
    assert text.replace("\xa0", " ") == "a<b>&amp;“引号”和  两个空格。"


def test_findings_are_listed_and_their_cells_marked() -> None:
    findings = [
        Finding("rule.sum", Severity.ERROR, "总计不等于各项之和。", cells=("t3.new.total", "t3.new.natural")),
        Finding("rule.text", Severity.WARNING, "与上年文字大量重复。"),
    ]
    root = page(wuzhong_2021(), findings=findings)
    items = root.xpath("//aside[contains(@class, 'findings')]//li")
    assert [li.get("data-code") for li in items] == ["rule.sum", "rule.text"]
    assert "总计不等于各项之和" in items[0].text_content()
    marked = root.xpath("//td[contains(@class, 'has-error')]/@data-cell")
    assert sorted(marked) == ["t3.new.natural", "t3.new.total"]
    assert page(wuzhong_2021()).xpath("//aside") == []


@settings(max_examples=25, deadline=None)
@given(reports())
def test_any_report_renders_a_page_with_all_its_values(report: Report) -> None:
    root = page(report)
    found = {td.get("data-cell"): td.text_content() for td in root.xpath("//td[@data-cell]")}
    assert found == {
        k: "" if v is None else format(v, "f") if isinstance(v, Decimal) else str(v)
        for k, v in report.cells.items()
    }
