from __future__ import annotations

import zipfile
from decimal import Decimal
from functools import cache
from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.core.errors import GongkaiError, UnreadableReportError
from gongkai.core.report.io import parse_bytes
from gongkai.core.report.model import Report
from gongkai.core.report.parse.blocks import Grid, Paragraph
from gongkai.core.report.parse.xlsx_reader import read, xlsx_blocks
from gongkai.core.report.render.xlsx_renderer import render
from tests.core.report.parse.office import make_foreign_workbook
from tests.core.report.reports import huaian_2024, wuzhong_2021
from tests.core.report.strategies import reports

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def edited(report: Report, change) -> bytes:  # type: ignore[no-untyped-def]
    book = load_workbook(BytesIO(render(report)))
    change(book)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def cells_row(book: Workbook, cell_id: str) -> int:
    sheet = book["cells"]
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == cell_id)


@pytest.mark.parametrize("make", [wuzhong_2021, huaian_2024], ids=["wuzhong", "huaian"])
def test_round_trip_of_the_real_reports(make) -> None:  # type: ignore[no-untyped-def]
    report = make()
    result = read(render(report))
    assert result.report == report
    assert result.findings == ()
    assert result.format == "xlsx"
    source = result.report.sources["t2.fees.amount"] if report.cells["t2.fees.amount"] is not None else None
    if source is not None:
        assert (source.row, source.column) == (11, 3)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_round_trip_of_any_report(report: Report) -> None:
    assert parse_bytes(render(report), name="r.xlsx").report == report


def test_amounts_come_back_exactly_even_beyond_float_precision() -> None:
    report = huaian_2024().with_cells(t2__fees__amount=Decimal("1234567890123.4567"))
    assert read(render(report)).report.cells["t2.fees.amount"] == Decimal("1234567890123.4567")


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_without_the_cells_sheet_the_table_sheets_give_the_same_report(report: Report) -> None:
    def drop_cells(book: Workbook) -> None:
        del book["cells"]

    data = edited(report, drop_cells)
    parsed = read(data).report
    if report.cells.get("t2.fees.amount") is not None:
        # A spreadsheet number is a binary float; beyond 15 significant digits only the cells sheet is exact.
        assert parsed.cells["t2.fees.amount"] == Decimal(repr(float(report.cells["t2.fees.amount"])))  # type: ignore[arg-type]
        parsed = parsed.with_cells(t2__fees__amount=report.cells["t2.fees.amount"])
    assert parsed == report


def test_the_cells_sheet_is_authoritative_and_a_disagreement_is_reported() -> None:
    report = huaian_2024()

    def edit_table_sheet(book: Workbook) -> None:
        book.worksheets[2]["D6"] = 1  # 表三: 一、本年新收 / 自然人

    result = read(edited(report, edit_table_sheet))
    assert result.report == report
    [warning] = result.findings
    assert warning.code == "parse.xlsx_sheets_disagree"
    assert warning.cells == ("t3.new.natural",)
    assert warning.severity == "warning"


def test_values_typed_into_the_cells_sheet() -> None:
    def edit(book: Workbook) -> None:
        sheet = book["cells"]
        sheet.cell(cells_row(book, "t3.new.natural"), 3).value = " 12 "
        sheet.cell(cells_row(book, "t3.new.commercial"), 3).value = "十二"
        sheet.cell(cells_row(book, "t3.new.research"), 3).value = 7.0
        sheet.cell(cells_row(book, "t3.new.nonprofit"), 3).value = 7.5
        fees = cells_row(book, "t2.fees.amount")
        sheet.cell(fees, 3).value = 3.25  # edited by hand: the exact text column no longer matches
        sheet.cell(cells_row(book, "t4.reconsideration.total"), 1).value = "t9.nothing.here"

    result = read(edited(huaian_2024(), edit))
    cells = result.report.cells
    assert (cells["t3.new.natural"], cells["t3.new.commercial"], cells["t3.new.research"]) == (12, None, 7)
    assert cells["t3.new.nonprofit"] is None
    assert cells["t2.fees.amount"] == Decimal("3.25")
    assert cells["t4.reconsideration.total"] is None
    codes = sorted(f.code for f in result.findings)
    assert codes == [
        "parse.missing_cells",
        "parse.unknown_cells",
        "parse.unreadable_value",
        "parse.unreadable_value",
        "parse.xlsx_sheets_disagree",
    ]
    unreadable = [f for f in result.findings if f.code == "parse.unreadable_value"]
    assert {f.cells for f in unreadable} == {("t3.new.commercial",), ("t3.new.nonprofit",)}
    assert unreadable[0].sources[0].row is not None


def _foreign_workbook() -> bytes:
    return edited(wuzhong_2021(), make_foreign_workbook)


def test_a_foreign_workbook_with_the_official_layout() -> None:
    result = parse_bytes(_foreign_workbook(), name="foreign.xlsx")
    report = result.report
    assert (report.template, report.agency, report.year) == ("2021", "吴忠市审批服务管理局", 2021)
    assert dict(report.cells) == dict(wuzhong_2021().cells)
    assert report.sections["overview"] == ("2021年，我局认真落实《条例》。",)
    assert report.sections["problems"] == ("宣传力度不够。",)
    assert report.sections["other"] == ("无。",)
    source = report.sources["t3.new.natural"]
    assert (source.format, source.table, source.row, source.column) == ("xlsx", 4, 6, 4)  # 4th sheet: 表三


def _with_stylesheet(data: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    """The package with `xl/styles.xml` changed by `change` (None: left out)."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as archive, zipfile.ZipFile(out, "w") as copy:
        for info in archive.infolist():
            content = archive.read(info)
            if info.filename == "xl/styles.xml":
                content = change(content)
                if content is None:
                    continue
            copy.writestr(info, content)
    return out.getvalue()


@pytest.mark.parametrize(
    "change",
    [
        lambda styles: None,
        lambda styles: styles[: len(styles) // 2],
        lambda styles: styles.replace(b'numFmtId="0"', b'numFmtId="general"', 1),
        lambda styles: styles.replace(b"<fill>", b"<fill><gradientFill degree='x'/>", 1),
    ],
    ids=["missing", "truncated", "format-not-a-number", "unknown-fill"],
)
@pytest.mark.parametrize("own", [True, False], ids=["own", "foreign"])
def test_a_broken_stylesheet_is_ignored_and_the_data_read(change, own: bool) -> None:  # type: ignore[no-untyped-def]
    sound = render(wuzhong_2021()) if own else _foreign_workbook()
    broken = _with_stylesheet(sound, change)
    with pytest.raises(Exception):  # noqa: B017, PT011 — openpyxl itself refuses it (the reason for the fallback)
        load_workbook(BytesIO(broken))
    result = read(broken)
    assert result.report == read(sound).report
    assert result.findings[0].code == "parse.styles_ignored"
    assert [f.code for f in result.findings[1:]] == [f.code for f in read(sound).findings]


def test_a_workbook_damaged_beyond_its_stylesheet_is_still_refused() -> None:
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(_wuzhong()), "r") as archive, zipfile.ZipFile(out, "w") as copy:
        for info in archive.infolist():
            content = archive.read(info)
            if info.filename == "xl/workbook.xml":
                content = content[: len(content) // 2]
            copy.writestr(info, content)
    with pytest.raises(UnreadableReportError, match="XLSX"):
        read(out.getvalue())


def test_sheets_become_paragraphs_and_grids() -> None:
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet["B2"] = "标题在表格上方"
    sheet["B3"] = "第二十条第（一）项"
    sheet.merge_cells("B3:E3")
    sheet["B4"], sheet["C4"] = "信息内容", "本年制发件数"
    sheet["B5"], sheet["C5"] = "规章", 3
    sheet["B7"] = "表格下方的说明。"
    out = BytesIO()
    book.save(out)
    blocks = xlsx_blocks(out.getvalue())
    assert isinstance(blocks[0], Paragraph)
    assert blocks[0].text == "标题在表格上方"
    grid = blocks[1]
    assert isinstance(grid, Grid)
    assert [[(c.text, c.spanned) for c in row] for row in grid.rows] == [
        [
            ("第二十条第（一）项", False),
            ("第二十条第（一）项", True),
            ("第二十条第（一）项", True),
            ("第二十条第（一）项", True),
        ],
        [("信息内容", False), ("本年制发件数", False), ("", False), ("", False)],
        [("规章", False), ("3", False), ("", False), ("", False)],
    ]
    assert (grid.rows[2][1].source.row, grid.rows[2][1].source.column) == (5, 3)
    assert isinstance(blocks[2], Paragraph)
    assert blocks[2].text == "表格下方的说明。"


@FUZZ
@given(st.floats(min_value=0, max_value=1, exclude_max=True))
def test_truncated_files_raise_only_our_errors(share: float) -> None:
    original = _wuzhong()
    cut = int(len(original) * share)
    with pytest.raises(GongkaiError):
        read(original[:cut])


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_raise_only_our_errors(data: bytes) -> None:
    with pytest.raises(UnreadableReportError):
        read(b"PK\x03\x04" + data)


def test_a_zip_that_is_not_a_workbook_and_a_workbook_without_a_report() -> None:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "你好")
    with pytest.raises(UnreadableReportError, match="XLSX"):
        read(out.getvalue())
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet["A1"] = "采购清单"
    sheet["A2"], sheet["B2"] = "铅笔", 3
    empty = BytesIO()
    book.save(empty)
    with pytest.raises(UnreadableReportError):
        read(empty.getvalue())


@cache
def _wuzhong() -> bytes:
    return render(wuzhong_2021())


def _with_sheet_xml(data: bytes, part: str, change) -> bytes:  # type: ignore[no-untyped-def]
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            content = source.read(info)
            copy.writestr(info, change(content) if info.filename == part else content)
    return out.getvalue()


def _merged(ref: str, times: int = 1):  # type: ignore[no-untyped-def]
    merges = b"".join(b'<mergeCell ref="%s"/>' % ref.encode() for _ in range(times))
    return lambda xml: xml.replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1">' + merges + b"</mergeCells>", 1
    )


def test_merged_ranges_are_read_within_bounds_and_refused_beyond() -> None:
    """openpyxl makes and styles an object per merged cell: A1:XFD1048576 (a damaged or hostile file) took all
    memory. Ranges are cut to the part the reader reads (rows 5000–6000 are beyond it); ranges still covering more
    cells than a report could (one over a whole sheet is 128 000 once cut) are refused."""
    data = render(huaian_2024())
    sheet = "xl/worksheets/sheet2.xml"
    beyond = _with_sheet_xml(data, sheet, _merged("A5000:XFD6000"))
    assert parse_bytes(beyond, name="r.xlsx").report == huaian_2024()
    for merges in (_merged("A1:XFD1048576"), _merged("A1:BL1000", 5)):
        with pytest.raises(UnreadableReportError, match="合并单元格范围过大"):
            parse_bytes(_with_sheet_xml(data, sheet, merges), name="r.xlsx")


def test_a_cell_in_the_last_row_of_the_sheet_costs_no_million_rows() -> None:
    far = b'<row r="1048576"><c r="D1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    data = _with_sheet_xml(
        render(huaian_2024()), "xl/worksheets/sheet2.xml", lambda xml: xml.replace(b"</sheetData>", far, 1)
    )
    assert parse_bytes(data, name="r.xlsx").report == huaian_2024()
