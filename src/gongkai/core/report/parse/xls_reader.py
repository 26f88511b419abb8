"""Reading an annual report from an Excel 97–2003 workbook (.xls), or a WPS 表格 file saved in that format.

xlrd reads the workbook (the reader pandas uses for the format; already what the web layer reads .xls ledgers
with): every sheet's values — numbers, text, dates, booleans; an error cell (#DIV/0!) is blank — and its merged
ranges are copied into an openpyxl workbook in memory, which `xlsx_reader.read_workbook` reads like any
workbook: our own (its `报告` and `cells` sheets, saved as .xls by Excel or WPS) exactly, a foreign one sheet by
sheet with merged cells expanded. One reader of workbooks, whatever their file format.
"""

from __future__ import annotations

from dataclasses import replace

import xlrd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from gongkai.core.errors import UnreadableReportError
from gongkai.core.report.model import ParseResult
from gongkai.core.report.parse.grid import MAX_COLUMNS, MAX_MERGED_CELLS, MAX_ROWS, MERGED_TOO_LARGE
from gongkai.core.report.parse.xlsx_reader import read_workbook

__all__ = ["read", "workbook_from_xls"]

FORMAT = "xls"
_MAX_SHEETS = 50

_DAMAGED = "无法读取这个 Excel 97–2003（.xls）文件：文件已损坏或设置了打开密码。请在 Excel 或 WPS 中打开，“另存为”.xlsx 后再导入。"


def read(data: bytes) -> ParseResult:
    """Parses an Excel 97–2003 annual report."""
    result = read_workbook(workbook_from_xls(data))
    # The workbook reader names its own format in the sources; here they point into the .xls.
    sources = {key: replace(source, format=FORMAT) for key, source in result.report.sources.items()}
    findings = tuple(
        replace(finding, sources=tuple(replace(source, format=FORMAT) for source in finding.sources))
        for finding in result.findings
    )
    return ParseResult(report=replace(result.report, sources=sources), findings=findings, format=FORMAT)


def workbook_from_xls(data: bytes) -> Workbook:
    """The sheets of an .xls file (values and merged ranges) as an openpyxl workbook in memory."""
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    except Exception as error:  # xlrd raises many kinds for a damaged, encrypted or mislabelled file
        raise UnreadableReportError(_DAMAGED) from error
    workbook = Workbook()
    for empty in list(workbook.worksheets):  # the sheet a new workbook starts with
        workbook.remove(empty)
    merged = 0
    for index, sheet in enumerate(book.sheets()[:_MAX_SHEETS]):
        try:
            target = workbook.create_sheet(sheet.name)
        except ValueError:  # a name openpyxl will not take (Excel's own rules are the same; a damaged file)
            target = workbook.create_sheet(f"Sheet{index + 1}")
        rows, columns = min(sheet.nrows, MAX_ROWS), min(sheet.ncols, MAX_COLUMNS)
        for r in range(rows):
            for c, cell in enumerate(sheet.row_slice(r, 0, columns)):
                value = _value(cell, book.datemode)
                if value is not None:
                    target.cell(r + 1, c + 1, value)
        # xlrd gives each range as (first row, end row, first column, end column), the ends exclusive.
        for first_row, end_row, first_column, end_column in sheet.merged_cells:
            height, width = min(end_row, rows) - first_row, min(end_column, columns) - first_column
            if height >= 1 and width >= 1 and height * width > 1:
                merged += height * width
                if merged > MAX_MERGED_CELLS:
                    raise UnreadableReportError(MERGED_TOO_LARGE)
                target.merge_cells(
                    start_row=first_row + 1,
                    end_row=first_row + height,
                    start_column=first_column + 1,
                    end_column=first_column + width,
                )
    if not workbook.worksheets:
        raise UnreadableReportError("这个 Excel 97–2003（.xls）文件中没有工作表，无法读取。")
    return workbook


def _value(cell: xlrd.sheet.Cell, datemode: int) -> object:
    kind = cell.ctype
    if kind == xlrd.XL_CELL_TEXT:
        return ILLEGAL_CHARACTERS_RE.sub("", cell.value) or None
    if kind == xlrd.XL_CELL_NUMBER:
        number = float(cell.value)
        return int(number) if number.is_integer() and abs(number) < 1e15 else number
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return None
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return None  # empty, blank, or an error value such as #DIV/0!
