"""Reading an uploaded table (XLSX or CSV) into rows of {header: text}: case imports, the yearly figures."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

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
    """The rows of the first sheet (XLSX) or of the CSV (UTF-8 or GB18030), keyed by the first row's headers.
    A ValidationError with a Chinese message for a file that cannot be read or lacks a required column."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            values = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise ValidationError(f"无法读取 Excel 文件：{error}") from error
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
        raise ValidationError("只能导入 .xlsx 或 .csv 文件。")
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
