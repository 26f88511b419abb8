"""Text that reaches a document or a workbook: no character that breaks the file, no formula that runs; a
workbook whose stylesheet openpyxl refuses is read with a plain one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from gongkai.core.office import set_cell_text, with_bounded_merges, with_plain_styles, xml_safe
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


def _dated_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["收到日期", "答复时间", "件数", "金额"])
    sheet.append([dt.date(2024, 3, 6), dt.datetime(2024, 3, 20, 16, 30), 12, 3.5])
    sheet["B2"].number_format = "yyyy年m月d日 h:mm"
    sheet["D2"].number_format = "0.00"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _restyled(data: bytes, change: Callable[[bytes], bytes | None]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as archive, zipfile.ZipFile(out, "w") as copy:
        for info in archive.infolist():
            content: bytes | None = archive.read(info)
            if info.filename == "xl/styles.xml":
                content = change(archive.read(info))
            if content is not None:
                copy.writestr(info, content)
    return out.getvalue()


def _values(data: bytes) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


@pytest.mark.parametrize(
    "change",
    [
        lambda styles: styles.replace(b"<fill>", b"<fill><gradientFill degree='x'/>", 1),
        lambda styles: styles.replace(b'patternType="gray125"', b'patternType="grey"', 1),
        lambda styles: styles.replace(b"<cellStyles", b"<cellStyles count='many'", 1),
    ],
    ids=["unknown-fill", "fill-pattern-unknown", "count-not-a-number"],
)
def test_a_refused_stylesheet_is_replaced_and_dates_and_number_formats_kept(
    change: Callable[[bytes], bytes | None],
) -> None:
    sound = _dated_workbook()
    broken = _restyled(sound, change)
    with pytest.raises(Exception):  # noqa: B017, PT011 — openpyxl refuses it: the reason for the repair
        load_workbook(io.BytesIO(broken))
    repaired = with_plain_styles(broken)
    assert _values(repaired) == _values(sound)
    sheet = load_workbook(io.BytesIO(repaired)).worksheets[0]
    assert (sheet["B2"].number_format, sheet["D2"].number_format) == ("yyyy年m月d日 h:mm", "0.00")
    assert isinstance(sheet["A2"].value, dt.datetime)


def test_without_a_readable_stylesheet_every_cell_is_general_and_the_data_kept() -> None:
    sound = _dated_workbook()
    for change in (lambda styles: None, lambda styles: styles[:40], lambda styles: b"\x00garbage"):
        sheet = load_workbook(io.BytesIO(with_plain_styles(_restyled(sound, change)))).worksheets[0]
        assert [c.value for c in sheet[1]] == ["收到日期", "答复时间", "件数", "金额"]
        assert (sheet["C2"].value, sheet["D2"].value) == (12, 3.5)
        assert isinstance(sheet["A2"].value, int | float)  # a date's serial number: its format is gone


def _workbook_with_merges(*refs: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "标题"
    sheet.merge_cells("A1:C1")
    buffer = io.BytesIO()
    book.save(buffer)
    out = io.BytesIO()
    merges = "".join(f'<mergeCell ref="{ref}"/>' for ref in refs).encode()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(out, "w") as copy:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b'<mergeCell ref="A1:C1"/>', b'<mergeCell ref="A1:C1"/>' + merges)
            copy.writestr(info, content)
    return out.getvalue()


def _merges(data: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return sorted(str(merged) for merged in sheet.merged_cells.ranges)


def test_merged_ranges_are_cut_to_the_part_a_reader_looks_at() -> None:
    """A range over the whole sheet is 17 billion cells to openpyxl: cut, it is what the reader reads."""
    data = _workbook_with_merges("B2:XFD1048576", "a5000:b6000", "$D$3:$E$4")
    bounded, covered = with_bounded_merges(data, max_row=100, max_column=10)
    assert _merges(bounded) == ["A1:C1", "B2:J100", "D3:E4"]  # the range wholly below row 100 is gone
    assert covered == 3 + 99 * 9 + 4
    untouched = _workbook_with_merges()
    assert with_bounded_merges(untouched, max_row=100, max_column=10) == (untouched, 3)
