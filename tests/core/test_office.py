"""Text that reaches a document or a workbook: no character that breaks the file, no formula that runs."""

from __future__ import annotations

import dataclasses
import io
import zipfile

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from gongkai.core.office import set_cell_text, xml_safe
from gongkai.core.report.parse.xlsx_reader import read as read_xlsx
from gongkai.core.report.render.xlsx_renderer import render as render_xlsx
from tests.core.report.reports import wuzhong_2021


def test_xml_safe_drops_control_characters_and_keeps_line_breaks() -> None:
    assert xml_safe("张\x07\x1b三\x0b\x00\x7f\n第二行\t完") == "张三\n第二行\t完"


@given(st.text())
def test_what_xml_safe_leaves_an_xml_document_can_hold(text: str) -> None:
    from docx import Document

    Document().add_paragraph(xml_safe(text))  # python-docx refuses anything XML cannot hold


def test_text_beginning_with_an_equals_sign_stays_text_in_both_kinds_of_workbook() -> None:
    formula = '=HYPERLINK("http://evil.example","x")'
    normal = Workbook()
    sheet = normal.active
    assert sheet is not None
    set_cell_text(sheet.cell(1, 1), formula)
    set_cell_text(sheet.cell(1, 2), "a\x07b")
    streaming = Workbook(write_only=True)
    rows = streaming.create_sheet("x")
    rows.append([set_cell_text(WriteOnlyCell(rows), formula), set_cell_text(WriteOnlyCell(rows), "a\x07b")])
    for workbook in (normal, streaming):
        out = io.BytesIO()
        workbook.save(out)
        with zipfile.ZipFile(out) as archive:
            names = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
            assert all("<f>" not in archive.read(n).decode() for n in names)
        first = load_workbook(out).worksheets[0]
        assert (first.cell(1, 1).value, first.cell(1, 2).value) == (formula, "ab")


def test_a_report_whose_narrative_begins_with_an_equals_sign_round_trips_as_text() -> None:
    report = wuzhong_2021()
    sections = dict(report.sections)
    sections["other"] = ("=1+1 不是公式",)
    changed = dataclasses.replace(report, sections=sections)
    data = render_xlsx(changed)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert all(
        "<f>" not in archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")
    )
    assert read_xlsx(data).report.sections["other"] == ("=1+1 不是公式",)
