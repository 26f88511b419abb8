"""Reading an uploaded table (XLSX, the older Excel 97–2003 XLS, or CSV) into rows of {header: text}: case imports,
the yearly figures. Many offices keep their ledgers in .xls still; xlrd reads that format (and only that one)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import xlrd
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

__all__ = ["read_rows"]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and abs(value) >= 1e15:
        # Beyond 15 significant digits Excel has already rounded the number (an 18-digit ID number typed into a
        # number cell): keep the form Excel shows, 6.40302198001E+17, so the reader can tell, never a made-up
        # 640302198001010048.
        return f"{value:.15G}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(data: bytes, filename: str, *, required: Sequence[str] = ()) -> list[dict[str, str]]:
    """The rows of the first sheet (XLSX, XLS) or of the CSV (UTF-8 or GB18030), keyed by the first row's headers.
    A ValidationError with a Chinese message for a file that cannot be read or lacks a required column."""
    name = filename.lower()
    if name.endswith((".xlsx", ".xls")):
        # By the content, not the name: an .xlsx renamed .xls (or the reverse) is read all the same.
        if data.startswith(_OLE_MAGIC):
            values = _xls_values(data)
        elif data.startswith(b"PK\x03\x04") or name.endswith(".xlsx"):
            values = _xlsx_values(data)
        else:
            raise ValidationError(
                "这个文件不是 Excel 工作簿（可能是另存为 .xls 的网页或文本），请在 Excel 中另存为 .xlsx 后再导入。"
            )
    elif name.endswith(".csv"):
        text = None
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        if text is None:
            raise ValidationError("无法识别 CSV 文件的编码，请另存为 UTF-8。")
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            values = [list(row) for row in reader]
        except csv.Error as error:
            raise ValidationError(f"CSV 文件第{reader.line_num}行格式有误，无法读取（{error}）。") from error
    else:
        raise ValidationError("只能导入 .xlsx、.xls 或 .csv 文件。")
    if not values:
        raise ValidationError("文件是空的。")
    headers = [_text(h) for h in values[0]]
    missing = [c for c in required if c not in headers]
    if missing:
        raise ValidationError(f"缺少必需的列：{'、'.join(missing)}。第一行应为列名。")
    rows: list[dict[str, str]] = []
    for raw in values[1:]:
        if all(v in (None, "") for v in raw):
            continue
        rows.append({h: _text(v) for h, v in zip(headers, raw, strict=False) if h})
    return rows


# Excel 97–2003 files are OLE compound documents.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _xlsx_values(data: bytes) -> list[list[Any]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ValidationError(f"无法读取 Excel 文件：{error}") from error


def _xls_values(data: bytes) -> list[list[Any]]:
    """The cells of the first sheet of an Excel 97–2003 workbook: text, numbers, dates as `datetime`."""
    try:
        book = xlrd.open_workbook(file_contents=data)
        sheet = book.sheet_by_index(0)
        return [
            [_xls_cell(sheet.cell(r, c), book.datemode) for c in range(sheet.ncols)]
            for r in range(sheet.nrows)
        ]
    except Exception as error:  # xlrd raises many kinds for a damaged or mislabelled file
        raise ValidationError(f"无法读取 Excel 97–2003（.xls）文件：{error}") from error


def _xls_cell(cell: Any, datemode: int) -> Any:
    if cell.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return int(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    return cell.value
