"""Uploaded tables (XLSX, CSV in UTF-8 or GB18030) read into rows of {header: text}, or refused with a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_a_number_excel_has_already_rounded_keeps_the_form_excel_shows() -> None:
    data = xlsx_bytes([["证件号码", "电话"], [640302198001010011.0, 13995300001.0]])
    assert read_rows(data, "t.xlsx") == [{"证件号码": "6.4030219800101E+17", "电话": "13995300001"}]


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=400) | st.text(max_size=200).map(lambda t: t.encode("utf-8")))
def test_any_bytes_are_rows_or_a_clear_refusal(data: bytes) -> None:
    for name in ("f.csv", "f.xlsx"):
        refusal = ""
        try:
            rows = read_rows(data, name)
        except ValidationError as error:
            refusal = error.messages[0]
        if refusal:
            assert any("\u4e00" <= ch <= "\u9fff" for ch in refusal)
        else:
            assert all(isinstance(v, str) for row in rows for v in row.values())
