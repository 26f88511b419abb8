"""The Excel 97–2003 (.xls) reader, on workbooks LibreOffice saved in that format from our own XLSX renders
(tests/fixtures/xls/, made by scripts/make_office97_fixtures.py): read by the workbook reader, so our own
workbook comes back exactly and an agency's own layout is read sheet by sheet with its merged cells."""

from __future__ import annotations

import contextlib
from functools import cache
from io import BytesIO
from pathlib import Path

import olefile
import pytest
import xlrd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.errors import GongkaiError, UnreadableReportError
from gongkai.core.report.io import detect_format, parse_bytes, parse_file
from gongkai.core.report.parse.xls_reader import read, workbook_from_xls
from tests.core.report.reports import huaian_2024, wuzhong_2021

XLS = Path(__file__).parents[3] / "fixtures" / "xls"
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def _fixture(name: str) -> bytes:
    return (XLS / f"{name}.xls").read_bytes()


def test_our_own_workbook_saved_as_xls_reads_back_exactly() -> None:
    result = parse_file(XLS / "huaian-city-government-2024.xls")
    assert result.format == "xls"
    assert result.report == huaian_2024()
    assert not result.findings


def test_an_agencys_own_workbook_is_read_sheet_by_sheet() -> None:
    result = read(_fixture("wuzhong-foreign"))
    report = result.report
    assert (report.template, report.agency, report.year) == ("2021", "吴忠市审批服务管理局", 2021)
    assert dict(report.cells) == dict(wuzhong_2021().cells)
    assert report.sections["overview"] == ("2021年，我局认真落实《条例》。",)
    assert report.sections["other"] == ("无。",)
    source = report.sources["t3.new.natural"]
    assert (source.format, source.table, source.row, source.column) == ("xls", 4, 6, 4)  # 4th sheet: 表三


def test_merged_ranges_are_carried_over() -> None:
    workbook = workbook_from_xls(_fixture("wuzhong-foreign"))
    assert workbook.sheetnames[:2] == ["封面", "五六"]
    assert "A1:F1" in {str(merged) for merged in workbook["封面"].merged_cells.ranges}
    assert len(workbook.worksheets[3].merged_cells.ranges) > 5  # 表三's header and its 三、本年度办理结果


def test_detected_by_content_whatever_the_name() -> None:
    data = _fixture("huaian-city-government-2024")
    for name in ("report.xls", "report.et", "report.doc", "report.xlsx", None):
        assert detect_format(data, name) == "xls"


def test_a_workbook_that_is_not_a_report(corpus: Path) -> None:
    ledger = (corpus.parent / "spreadsheets" / "legacy-cases-excel97.xls").read_bytes()
    with pytest.raises(GongkaiError, match="年度报告"):
        parse_bytes(ledger, name="cases.xls")


@FUZZ
@given(st.floats(min_value=0, max_value=1, exclude_max=True))
def test_truncated_files_read_or_raise_only_our_errors(share: float) -> None:
    data = _fixture("wuzhong-foreign")
    with contextlib.suppress(GongkaiError):
        parse_bytes(data[: int(len(data) * share)], name="report.xls")


@FUZZ
@given(st.data())
def test_a_damaged_workbook_stream_reads_or_raises_only_our_errors(data: st.DataObject) -> None:
    original = _fixture("wuzhong-foreign")
    with olefile.OleFileIO(BytesIO(original)) as ole:
        stream = "Workbook" if ole.exists("Workbook") else "Book"
        content = bytearray(ole.openstream(stream).read())
    for _ in range(data.draw(st.integers(1, 6))):
        offset = data.draw(st.integers(0, len(content) - 1))
        payload = data.draw(st.binary(min_size=1, max_size=8))
        content[offset : offset + len(payload)] = payload[: len(content) - offset]
    out = BytesIO(original)
    with olefile.OleFileIO(out, write_mode=True) as ole:
        ole.write_stream(stream, bytes(content))
    with contextlib.suppress(GongkaiError):
        parse_bytes(out.getvalue(), name="report.xls")


def test_random_bytes_raise_only_our_errors() -> None:
    with pytest.raises(UnreadableReportError):
        read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000))


def test_merged_ranges_covering_more_than_a_report_could_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A damaged file's ranges (here ten thousand over each whole sheet, as xlrd would give them) each cut to the
    part read still add up: openpyxl would make an object per cell, so beyond `MAX_MERGED_CELLS` the file is
    refused."""
    real = xlrd.open_workbook

    def damaged(*args: object, **kwargs: object) -> object:
        book = real(*args, **kwargs)
        for sheet in book.sheets():
            sheet.merged_cells = [(0, 65536, 0, 256)] * 10_000
        return book

    monkeypatch.setattr(xlrd, "open_workbook", damaged)
    with pytest.raises(UnreadableReportError, match="合并单元格范围过大"):
        workbook_from_xls(_fixture("wuzhong-foreign"))
