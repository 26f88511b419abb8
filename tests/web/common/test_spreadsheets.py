"""Uploaded tables (XLSX, CSV in UTF-8 or GB18030) read into rows of {header: text}, or refused with a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.web.common.spreadsheets import read_rows
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


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_in_either_encoding(encoding: str) -> None:
    data = "年度,机关\n2024,吴忠市审批服务管理局\n,\n".encode(encoding)
    assert read_rows(data, "f.csv", required=("年度", "机关")) == [
        {"年度": "2024", "机关": "吴忠市审批服务管理局"}
    ]


def test_a_table_that_cannot_be_read_is_refused_with_the_reason() -> None:
    with pytest.raises(ValidationError, match="只能导入"):
        read_rows(b"x", "figures.pdf")
    with pytest.raises(ValidationError, match="缺少必需的列：机关"):
        read_rows("年度\n2024\n".encode(), "f.csv", required=("年度", "机关"))
    with pytest.raises(ValidationError, match="无法读取 Excel"):
        read_rows(b"PK\x03\x04broken", "f.xlsx")
    with pytest.raises(ValidationError, match="文件是空的"):
        read_rows(b"", "f.csv")
    with pytest.raises(ValidationError, match="无法识别 CSV 文件的编码"):
        read_rows(b"\xff\xfe\x00\xd8\x81", "f.csv")
