from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from gongkai.web.applications.models import Application
from gongkai.web.imports.services import COLUMNS, import_cases, read_table
from tests.web.conftest import Staff, Tree

GOOD = [
    [
        "2023-001",
        "2023-03-06",
        "当面",
        "自然人",
        "马建国",
        "",
        "640302198001010011",
        "13995300001",
        "吴忠市",
        "规划许可",
        "予以公开，提供信息或告知获取方式、途径和时间",
        "",
        "2023-03-20",
    ],
    [
        "2023-002",
        "2023-11-20",
        "挂号",
        "商业企业",
        "某公司",
        "",
        "91640300MA76XXXX1Y",
        "0953-1",
        "吴忠市",
        "环评",
        "",
        "撤回",
        "2023-12-01",
    ],
    [
        "2023-003",
        "2023年12月28日",
        "网上",
        "法律服务机构",
        "某律所",
        "",
        "31640000MD0000000X",
        "0953-2",
        "吴忠市",
        "预算",
        "",
        "",
        "",
    ],
]


def xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[str]]) -> bytes:
    lines = [",".join(COLUMNS), *(",".join(r) for r in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def test_a_dry_run_checks_everything_and_writes_nothing(tree: Tree, staff: Staff) -> None:
    result = import_cases(
        agency=tree.bureau, by=staff.officer, rows=read_table(xlsx(GOOD), "a.xlsx"), dry_run=True
    )
    assert result.ok
    assert (result.rows, result.imported) == (3, 3)
    assert not Application.objects.exists()


def test_the_real_import_writes_every_row(tree: Tree, staff: Staff) -> None:
    progress: list[int] = []
    result = import_cases(
        agency=tree.bureau,
        by=staff.officer,
        rows=read_table(csv_bytes(GOOD), "a.csv"),
        dry_run=False,
        progress=progress.append,
    )
    assert result.ok
    assert result.imported == 3
    assert progress == [1, 2, 3]
    by_legacy = {a.legacy_number: a for a in Application.objects.all()}
    assert by_legacy["2023-001"].outcome_row == "granted"
    assert by_legacy["2023-002"].outcome_row == "other_other"
    assert by_legacy["2023-003"].status == "processing"
    assert str(by_legacy["2023-003"].received_on) == "2023-12-28"


def test_row_errors_are_listed_and_nothing_is_written(tree: Tree, staff: Staff) -> None:
    bad = [
        GOOD[0],
        ["x", "2023-02-30", "飞鸽", "外星人", "", "", "1", "2", "3", "4", "胡说", "", ""],
        ["y", "2023-05-05", "当面", "自然人", "某人", "", "1", "2", "3", "4", "", "", "2023-04-01"],
    ]
    result = import_cases(
        agency=tree.bureau, by=staff.officer, rows=read_table(xlsx(bad), "b.xlsx"), dry_run=False
    )
    assert not result.ok
    errors = {(e.row, e.column) for e in result.errors}
    assert {(3, "收到日期"), (3, "渠道"), (3, "申请人类型"), (3, "申请人"), (3, "答复类型")} <= errors
    assert (4, "答复类型") in errors  # a date without an answer
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in e.message) for e in result.errors)
    assert not Application.objects.exists()


def test_unreadable_files_are_refused_in_chinese() -> None:
    with pytest.raises(ValidationError, match="只能导入"):
        read_table(b"x", "a.pdf")
    with pytest.raises(ValidationError, match="缺少必需的列"):
        read_table(b"a,b\n1,2\n", "a.csv")
    with pytest.raises(ValidationError, match="无法读取"):
        read_table(b"PK\x03\x04 broken", "a.xlsx")


def test_the_upload_page(tree: Tree, staff: Staff) -> None:
    client = Client()
    client.force_login(staff.officer)
    upload = SimpleUploadedFile("cases.xlsx", xlsx(GOOD))
    page = client.post(
        reverse("imports:upload"), {"agency": tree.bureau.pk, "file": upload, "dry_run": "on"}
    ).content.decode()
    assert "检查通过" in page
    assert not Application.objects.exists()
    upload = SimpleUploadedFile("cases.xlsx", xlsx(GOOD))
    page = client.post(reverse("imports:upload"), {"agency": tree.bureau.pk, "file": upload}).content.decode()
    assert "已导入3件" in page
    assert Application.objects.count() == 3
    supervisor = Client()
    supervisor.force_login(staff.supervisor)
    assert supervisor.get(reverse("imports:upload")).status_code == 404


def write(tmp_path: Path, rows: list[list[str]]) -> Path:
    path = tmp_path / "cases.xlsx"
    path.write_bytes(xlsx(rows))
    return path
