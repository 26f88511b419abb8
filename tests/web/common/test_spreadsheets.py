"""Uploaded tables (XLSX, XLS and what systems export as .xls, CSV in UTF-8 or GB18030) read into rows of
{header: text}, or refused with a reason."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.web.common.spreadsheets import SkippedRow, read_rows
from tests.web.conftest import xlsx_bytes


def test_cells_become_the_text_a_clerk_typed() -> None:
    data = xlsx_bytes([
        ["日期", "数量", "名称", ""],
        [dt.datetime(2024, 3, 5, 0, 0), 12.0, "  吴忠市审批服务管理局 ", "ignored"],
        [None, None, None, None],
        [dt.date(2025, 1, 2), 1.5, None, None],
    ])  # fmt: skip
    assert read_rows(data, "t.XLSX", required=("日期",)) == [
        {"日期": "2024-03-05", "数量": "12", "名称": "吴忠市审批服务管理局"},
        {"日期": "2025-01-02", "数量": "1.5", "名称": ""},
    ]


def test_a_workbook_whose_stylesheet_openpyxl_refuses_is_read_with_its_dates() -> None:
    sound = xlsx_bytes([["日期", "数量"], [dt.date(2024, 3, 5), 12.0]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(sound)) as archive, zipfile.ZipFile(out, "w") as copy:
        for info in archive.infolist():
            content = archive.read(info)
            if info.filename == "xl/styles.xml":
                content = content.replace(b"<fill>", b"<fill><gradientFill degree='x'/>", 1)
            copy.writestr(info, content)
    assert read_rows(out.getvalue(), "t.xlsx", required=("日期",)) == [{"日期": "2024-03-05", "数量": "12"}]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_in_either_encoding(encoding: str) -> None:
    data = "年度,机关\n2024,吴忠市审批服务管理局\n,\n".encode(encoding)
    assert read_rows(data, "f.csv", required=("年度", "机关")) == [
        {"年度": "2024", "机关": "吴忠市审批服务管理局"}
    ]


def test_control_characters_in_cells_are_dropped() -> None:
    """A converter's NUL or a pasted escape is no data, and PostgreSQL could not store it."""
    data = "年度,机关\n2024,吴忠市\x00审批服务\x1b管理局\x0b\n".encode()
    assert read_rows(data, "f.csv", required=("年度", "机关")) == [
        {"年度": "2024", "机关": "吴忠市审批服务管理局"}
    ]


def test_a_table_that_cannot_be_read_is_refused_with_the_reason() -> None:
    with pytest.raises(ValidationError, match="只能导入"):
        read_rows(b"x", "figures.pdf")
    with pytest.raises(ValidationError, match="缺少必需的列：机关"):
        read_rows("年度\n2024\n".encode(), "f.csv", required=("年度", "机关"))
    with pytest.raises(ValidationError, match="无法读取 Excel 文件：文件已损坏") as refused:
        read_rows(b"PK\x03\x04broken", "f.xlsx")
    assert "另存为 .xlsx" in str(refused.value)
    assert not re.search("[A-Za-z]{4,}", str(refused.value).replace("Excel", "").replace("xlsx", ""))
    with pytest.raises(ValidationError, match="文件是空的"):
        read_rows(b"", "f.csv")
    with pytest.raises(ValidationError, match="无法识别 CSV 文件的编码"):
        read_rows(b"\xff\xfe\x00\xd8\x81", "f.csv")
    unclosed = ('收到日期,申请人\n2021-01-05,"张三\n' + "2021-01-06,李四\n" * 20_000).encode()
    with pytest.raises(ValidationError, match="CSV 文件第2行格式有误.*引号") as refused:
        read_rows(unclosed, "f.csv")
    assert "field limit" not in str(refused.value)


def test_the_header_may_stand_below_a_title_and_rows_keep_their_sheet_numbers() -> None:
    data = xlsx_bytes([
        ["2024年统计数据", None],
        [None, None],
        [" 年 度 *", "机关\n（必填）"],
        ["2024", "吴忠市审批服务管理局"],
        [None, None],
        ["2025", "吴忠市审批服务管理局"],
    ])  # fmt: skip
    rows = read_rows(data, "t.xlsx", required=("年度", "机关"))
    assert rows == [
        {"年度": "2024", "机关": "吴忠市审批服务管理局"},
        {"年度": "2025", "机关": "吴忠市审批服务管理局"},
    ]
    assert [row.number for row in rows] == [4, 6]


def test_totals_signatures_and_notes_are_set_aside_and_said_so() -> None:
    data = xlsx_bytes([
        ["序号", "收到日期", "申请人", "申请内容"],
        [1, "2024-01-05", "马建国", "规划许可"],
        [None, "一月小计", None, "1件"],
        [2, "2024-02-01", "合计", "申请人恰好叫这个名字的记录照样读"],
        ["合 计：", None, None, "2件"],
        ["注：本表据收文登记整理。", None, None, None],
        ["填表人：张三", None, "审核人：李四", None],
        ["备注：", "2024-03-01", "王芳", "一条记录的第一格写了备注也照样读"],
    ])  # fmt: skip
    rows = read_rows(data, "t.xlsx", required=("收到日期",))
    assert [row.number for row in rows] == [2, 4, 8]
    assert rows.skipped == (
        SkippedRow(3, "一月小计 1件", "合计行"),
        SkippedRow(5, "合 计： 2件", "合计行"),
        SkippedRow(6, "注：本表据收文登记整理。", "注释行"),
        SkippedRow(7, "填表人：张三 审核人：李四", "签署行"),
    )


def test_aliases_and_repeated_columns() -> None:
    aliases = {"受理日期": "收到日期", "电话": "联系电话", "手机": "联系电话"}
    data = "受理日期,备注,备注,电话\n2024-01-02,a,b,1\n".encode()
    assert read_rows(data, "t.csv", required=("收到日期",), aliases=aliases) == [
        {"收到日期": "2024-01-02", "备注": "a", "联系电话": "1"}
    ]
    with pytest.raises(ValidationError, match="“电话”和“手机”两列都是“联系电话”"):
        read_rows(
            "收到日期,电话,手机\n2024-01-02,1,2\n".encode(), "t.csv", required=("收到日期",), aliases=aliases
        )
    with pytest.raises(ValidationError, match="“收到日期”列出现了两次"):
        read_rows("收到日期,收到日期\n2024-01-02,x\n".encode(), "t.csv", required=("收到日期",))


def test_no_header_in_the_first_rows_names_what_is_missing() -> None:
    data = "\n".join(["标题"] * 12 + ["年度,机关", "2024,x"]).encode()
    with pytest.raises(ValidationError, match="缺少必需的列：年度、机关。列名应写在表格的第一行"):
        read_rows(data, "t.csv", required=("年度", "机关"))


def test_a_number_excel_has_already_rounded_keeps_the_form_excel_shows() -> None:
    data = xlsx_bytes([["证件号码", "电话"], [640302198001010011.0, 13995300001.0]])
    assert read_rows(data, "t.xlsx") == [{"证件号码": "6.4030219800101E+17", "电话": "13995300001"}]


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=400) | st.text(max_size=200).map(lambda t: t.encode("utf-8")))
def test_any_bytes_are_rows_or_a_clear_refusal(data: bytes) -> None:
    for name in ("f.csv", "f.xlsx", "f.xls"):
        refusal = ""
        try:
            rows = read_rows(data, name)
        except ValidationError as error:
            refusal = error.messages[0]
        if refusal:
            assert any("\u4e00" <= ch <= "\u9fff" for ch in refusal)
        else:
            assert all(isinstance(v, str) for row in rows for v in row.values())


# An Excel 97–2003 (BIFF8) ledger of three cases, written once with xlwt 1.3.0 (not a dependency): text cells,
# date cells formatted YYYY-MM-DD, a phone number typed as a number, an empty cell.
XLS = Path(__file__).parents[2] / "fixtures" / "spreadsheets" / "legacy-cases-excel97.xls"


def test_an_excel_97_workbook_is_read_like_an_xlsx() -> None:
    rows = read_rows(XLS.read_bytes(), "台账.XLS", required=("收到日期", "申请人"))
    assert len(rows) == 3
    assert rows[0]["收到日期"] == "2019-03-06"  # a date cell
    assert rows[0]["证件号码"] == "640302198001010011"  # a text cell, all 18 digits
    assert rows[2]["联系电话"] == "13995300002"  # a number cell
    assert rows[2]["答复日期"] == ""
    assert read_rows(XLS.read_bytes(), "renamed.xlsx") == rows  # by the content, not the name


def test_a_file_named_xls_that_is_not_a_workbook_is_refused_with_advice() -> None:
    for content in ("<html><body><p>没有表格</p></body></html>", "收到日期,申请人\n2021-01-05,张三"):
        with pytest.raises(ValidationError, match="另存为 .xlsx"):
            read_rows(content.encode(), "export.xls")
    with pytest.raises(ValidationError, match="无法读取 Excel 97"):
        read_rows(XLS.read_bytes()[:600], "cut.xls")


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(0, 5632), noise=st.binary(max_size=64), at=st.integers(0, 5632))
def test_a_damaged_excel_97_workbook_is_refused_never_a_crash(cut: int, noise: bytes, at: int) -> None:
    data = XLS.read_bytes()
    damaged = (data[:at] + noise + data[at + len(noise) :])[: max(cut, 8)]
    with contextlib.suppress(ValidationError):  # refused in Chinese, or read: anything else fails the test
        read_rows(damaged, "damaged.xls")


# What an office system's "导出Excel" gives: a web page holding a table, in GBK, named .xls — a title row merged
# across the table, a nested table inside a cell (not rows of the ledger), a merged cell down two rows.
EXPORTED_PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>
<table border="1">
<tr><td colspan="3">2021年政府信息公开申请台账</td></tr>
<tr><th>收到日期</th><th>申请人</th><th>申请内容</th></tr>
<tr><td>2021-03-05</td><td rowspan="2">张&nbsp;三</td><td>规划许可<table><tr><td>附表</td></tr></table></td></tr>
<tr><td>2021-04-01</td><td>征收补偿</td></tr>
<tr><td>合计：2件</td><td></td><td></td></tr>
</table></body></html>""".encode("gb18030")


def test_a_web_page_named_xls_is_read_by_its_first_table() -> None:
    rows = read_rows(EXPORTED_PAGE, "台账.xls", required=("收到日期", "申请人"))
    assert [dict(row) for row in rows] == [
        {"收到日期": "2021-03-05", "申请人": "张 三", "申请内容": "规划许可附表"},
        {"收到日期": "2021-04-01", "申请人": "", "申请内容": "征收补偿"},
    ]
    assert [row.number for row in rows] == [3, 4]
    assert [skipped.reason for skipped in rows.skipped] == ["合计行"]


EXPORTED_XML = """<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
<Worksheet ss:Name="台账"><Table>
<Row><Cell ss:MergeAcross="2"><Data ss:Type="String">2021年台账</Data></Cell></Row>
<Row ss:Index="3"><Cell><Data ss:Type="String">收到日期</Data></Cell><Cell><Data ss:Type="String">申请人</Data></Cell>
  <Cell><Data ss:Type="String">联系电话</Data></Cell></Row>
<Row><Cell><Data ss:Type="DateTime">2021-03-05T00:00:00.000</Data></Cell>
  <Cell ss:Index="3"><Data ss:Type="Number">13995300001</Data></Cell></Row>
<Row><Cell><Data ss:Type="String">2021-04-01</Data></Cell><Cell><Data ss:Type="String">李四</Data></Cell></Row>
</Table></Worksheet></Workbook>""".encode()


def test_an_excel_2003_xml_spreadsheet_named_xls_is_read() -> None:
    rows = read_rows(EXPORTED_XML, "台账.xls", required=("收到日期", "申请人"))
    assert [dict(row) for row in rows] == [
        {"收到日期": "2021-03-05", "申请人": "", "联系电话": "13995300001"},
        {"收到日期": "2021-04-01", "申请人": "李四", "联系电话": ""},
    ]
    assert [row.number for row in rows] == [4, 5]  # the blank row skipped by ss:Index counts


def test_an_excel_2003_xml_spreadsheet_with_entities_or_broken_xml_is_refused() -> None:
    hostile = EXPORTED_XML.replace(
        b'<?mso-application progid="Excel.Sheet"?>',
        b'<!DOCTYPE Workbook [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    ).replace("李四".encode(), b"&x;")
    rows = read_rows(hostile, "x.xls", required=("收到日期",))
    assert all("root:" not in value for row in rows for value in row.values())
    with pytest.raises(ValidationError, match="格式有误"):
        read_rows(EXPORTED_XML[:-30], "cut.xls")


def _edited_sheet(data: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as copy:
        for info in source.infolist():
            content = source.read(info)
            copy.writestr(info, change(content) if info.filename == "xl/worksheets/sheet1.xml" else content)
    return out.getvalue()


def test_the_declared_size_of_a_sheet_and_a_cell_in_its_last_corner_cost_no_billions_of_cells() -> None:
    """Read as written, not as declared: a dimension of A1:XFD1048576 padded every row to 16 384 cells, and one
    cell in the sheet's last corner made a million such rows (all memory). Row numbers stay the sheet's."""
    data = xlsx_bytes([["日期", "名称"], ["2024-03-05", "甲"]])
    declared = _edited_sheet(
        data, lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml)
    )
    assert read_rows(declared, "t.xlsx", required=("日期",)) == [{"日期": "2024-03-05", "名称": "甲"}]
    corner = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    far = _edited_sheet(data, lambda xml: xml.replace(b"</sheetData>", corner, 1))
    rows = read_rows(far, "t.xlsx", required=("日期",))
    assert [row.number for row in rows] == [2, 1048576]


def test_a_sheet_of_more_cells_than_an_import_takes_is_refused_with_the_limit() -> None:
    """Each of these 67 rows ends in the sheet's last column: 16 384 cells a row, 1.1 million in all."""
    rows = b"".join(
        b'<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>' % (n, n) for n in range(3, 70)
    )
    data = _edited_sheet(
        xlsx_bytes([["日期", "名称"]]), lambda xml: xml.replace(b"</sheetData>", rows + b"</sheetData>", 1)
    )
    with pytest.raises(ValidationError, match="超过 1,000,000 个单元格"):
        read_rows(data, "t.xlsx", required=("日期",))
