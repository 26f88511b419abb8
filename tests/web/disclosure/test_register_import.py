"""Importing the catalogue an agency kept before the platform: checked row by row, all or nothing, published into
the catalogue, rules and normative documents counted in table 二; a file imported twice is refused."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.core.disclosure import ItemState
from gongkai.core.errors import DisclosureError
from gongkai.web.audit.models import AuditEvent
from gongkai.web.catalogue.selectors import catalogue_search
from gongkai.web.common.spreadsheets import SheetRows, read_rows
from gongkai.web.disclosure import selectors, services
from gongkai.web.disclosure.models import DocumentEvent, RegisterItem
from gongkai.web.disclosure.workbook import ITEM_SHEET, register_import_options, register_import_workbook
from tests.web.conftest import Staff, TodayIs, Tree, xlsx_bytes

HEADER: list[object] = [
    "序号",
    "信息名称",
    "索引号",
    "公开类别",
    "发文字号",
    "成文日期",
    "发布时间",
    "公开方式",
    "文件类型",
    "失效日期",
]
CATALOGUE: list[list[object]] = [
    ["吴忠市审批服务管理局政府信息公开目录（2019—2023年）", *[""] * 9],
    HEADER,
    [1, "吴忠市工程建设项目审批容缺受理办法", "640300-WZSP-2019-0003", "第二十条第（一）项", "吴审批规发〔2019〕1号",
     "2019-05-20", "2019-05-28", "政府网站、政府公报", "行政规范性文件", "2024-05-19"],
    [2, "吴忠市政务服务事项告知承诺制实施细则", "640300-WZSP-2020-0007", "法规文件", "吴审批规发〔2020〕2号",
     "2020年6月1日", "2020年6月3日", "政府网站", "规范性文件", ""],
    [3, "2022年第一季度建设工程规划许可证核发结果公示", "", "行政许可和对外服务", "", "", "2022.4.8",
     "门户网站、微信", "", ""],
    [4, "吴忠市政务服务大厅改造项目实施情况", "", "第二十条第(十)项", "", "", "20230315", "", "", ""],
    [5, "城区市政道路占道施工审批结果", "", "市政建设", "", "", "2023-07-10", "政务微博", "", ""],
    ["合计：5条", *[""] * 9],
]  # fmt: skip


def rows(data: list[list[object]]) -> SheetRows:
    return read_rows(
        xlsx_bytes(data), "目录.xlsx", required=services.REGISTER_REQUIRED, aliases=services.REGISTER_ALIASES
    )


def test_a_catalogue_as_offices_keep_it_is_imported_published(tree: Tree, staff: Staff) -> None:
    table = rows(CATALOGUE)
    assert [row.number for row in table] == [3, 4, 5, 6, 7]
    dry = services.register_import(agency=tree.bureau, by=staff.officer, rows=table, skipped=table.skipped)
    assert (dry.ok, dry.imported, dry.dry_run) == (True, 5, True)
    assert [s.reason for s in dry.skipped] == ["合计行"]
    assert not RegisterItem.objects.exists()  # the dry run's writes were rolled back

    real = services.register_import(agency=tree.bureau, by=staff.officer, rows=table, dry_run=False)
    assert (real.ok, real.imported) == (True, 5)
    assert set(RegisterItem.objects.values_list("state", flat=True)) == {ItemState.PUBLISHED.value}

    def titled(start: str) -> RegisterItem:
        return RegisterItem.objects.get(title__startswith=start)

    permit = titled("2022年第一季度")
    assert (permit.category, permit.formed_on, permit.published_on) == (
        "a20.5",
        dt.date(2022, 4, 8),
        dt.date(2022, 4, 8),
    )
    assert sorted(permit.channels.values_list("channel", flat=True)) == ["portal", "wechat"]
    assert titled("吴忠市政务服务大厅").category == "a20.10"
    assert titled("城区市政道路").category == "a21.1"
    assert list(titled("吴忠市政务服务大厅").channels.values_list("channel", flat=True)) == ["portal"]
    rule = titled("吴忠市工程建设项目")
    assert (rule.document_kind, rule.issued_on, rule.ended_on) == (
        "normative",
        dt.date(2019, 5, 20),
        dt.date(2024, 5, 19),
    )
    assert [e.kind for e in DocumentEvent.objects.filter(item=rule).order_by("on")] == ["issued", "expired"]
    [event] = rule.events.all()
    assert (event.action, event.on) == ("import", dt.date(2019, 5, 28))
    assert "原索引号 640300-WZSP-2019-0003" in event.note
    # Table 二 counts the documents from their lifecycle, the catalogue finds the items.
    assert selectors.table2_cells(agency=tree.bureau, year=2023)["t2.normative.in_force"] == 2
    assert selectors.table2_cells(agency=tree.bureau, year=2024)["t2.normative.repealed"] == 1
    assert catalogue_search("容缺受理").total == 1
    assert AuditEvent.objects.filter(action="register_item.import").count() == 5
    assert AuditEvent.objects.filter(action="register.import").count() == 1

    again = services.register_import(
        agency=tree.bureau, by=staff.officer, rows=rows(CATALOGUE), dry_run=False
    )
    assert again.imported == 0
    assert len(again.errors) == 5
    assert "登记册中已有这条信息（索引号 WZSP/2019-00001）" in again.errors[0].message
    assert RegisterItem.objects.count() == 5


def test_every_row_error_is_listed_and_nothing_is_written(tree: Tree, staff: Staff) -> None:
    bad: list[list[object]] = [
        HEADER,
        [1, "", "", "第二十条第（五）项", "", "", "2024-01-05", "", "", ""],
        [2, "某公示", "", "第二十二条", "", "", "2024-02-30", "", "", ""],
        [3, "某通知", "", "民生政策", "", "2024-03-09", "2024-03-01", "飞鸽传书", "", ""],
        [4, "某办法", "", "第二十条第（一）项", "", "", "2024-04-01", "", "指导意见", ""],
        [5, "某规定", "", "第二十条第（一）项", "", "", "2024-04-01", "", "", "2025-01-01"],
        [6, "某公示", "", "第二十条第（五）项", "", "", "2024-05-06", "", "", ""],
        [7, "某公示", "", "第二十条第（五）项", "", "", "2024-05-06", "", "", ""],
    ]  # fmt: skip
    result = services.register_import(agency=tree.bureau, by=staff.officer, rows=rows(bad), dry_run=False)
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "标题"), (3, "类别"), (3, "发布日期"), (4, "成文日期"), (4, "渠道"), (5, "文件类型"), (6, "文件类型"),
        (8, "标题"),
    ]  # fmt: skip
    assert "无法识别的主动公开类别“第二十二条”" in result.errors[1].message
    assert "“2024-02-30”不是有效日期" in result.errors[2].message
    assert "与第7行重复" in result.errors[-1].message
    assert result.imported == 0
    assert not RegisterItem.objects.exists()


def test_only_the_agency_s_drafters_import(tree: Tree, staff: Staff) -> None:
    with pytest.raises(DisclosureError, match="承办人或机关管理员"):
        services.register_import(agency=tree.bureau, by=staff.supervisor, rows=rows(CATALOGUE), dry_run=False)
    client = Client()
    client.force_login(staff.supervisor)
    assert client.get(reverse("disclosure:import"), {"agency": tree.bureau.pk}).status_code == 404
    assert not RegisterItem.objects.exists()


def test_the_import_page(tree: Tree, staff: Staff) -> None:
    client = Client()
    client.force_login(staff.officer)
    url = reverse("disclosure:import")
    page = client.get(url, {"agency": tree.bureau.pk}).content.decode()
    assert "标题、类别、发布日期" in page
    upload = SimpleUploadedFile("目录.xlsx", xlsx_bytes(CATALOGUE))
    checked = client.post(url, {"agency": tree.bureau.pk, "file": upload, "dry_run": "on"}).content.decode()
    assert "检查通过：可导入5条" in checked
    assert "<td>8</td><td>合计行</td>" in checked
    upload = SimpleUploadedFile("目录.xlsx", xlsx_bytes(CATALOGUE))
    done = client.post(url, {"agency": tree.bureau.pk, "file": upload}).content.decode()
    assert "已导入5条，均已进入公开目录" in done
    register = client.get(reverse("disclosure:register"), {"agency": tree.bureau.pk}).content.decode()
    assert "导入已公开的信息" in register
    item = RegisterItem.objects.get(title__startswith="城区市政道路")
    detail = client.get(reverse("disclosure:item", args=[item.pk])).content.decode()
    assert "导入" in detail
    broken = SimpleUploadedFile("目录.xlsx", b"PK\x03\x04 not a workbook")
    assert (
        "无法读取 Excel 文件" in client.post(url, {"agency": tree.bureau.pk, "file": broken}).content.decode()
    )


def _filled_template(level: str, rows: list[dict[str, str | dt.date]]) -> bytes:
    workbook = load_workbook(io.BytesIO(register_import_workbook(level)))
    sheet = workbook[ITEM_SHEET]
    for number, row in enumerate(rows, start=2):
        for name, value in row.items():
            sheet.cell(row=number, column=services.REGISTER_COLUMNS.index(name) + 1, value=value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_the_template_s_every_drop_down_value_imports(tree: Tree, staff: Staff) -> None:
    """Each category the template offers the bureau (Art. 20, and Art. 21's matters for its level), typed as
    Excel stores it (dates as dates), imports; the blank template imports nothing."""
    options = register_import_options(tree.bureau.level)
    assert len(options["类别"]) == 15 + 7  # a department of a city: Art. 20 and seven Art. 21 matters
    blank = register_import_workbook(tree.bureau.level)
    assert rows_of(blank) == []
    filled: list[dict[str, str | dt.date]] = [
        {"标题": f"信息{n}", "类别": label, "发布日期": dt.date(2024, 3, 1) + dt.timedelta(days=n)}
        for n, label in enumerate(options["类别"])
    ]
    filled.append({"标题": "某办法", "类别": options["类别"][0], "发布日期": dt.date(2024, 5, 6),
                   "成文日期": dt.date(2024, 4, 30), "文号": "吴审批规发〔2024〕3号", "文件类型": "行政规范性文件"})  # fmt: skip
    result = services.register_import(
        agency=tree.bureau,
        by=staff.officer,
        rows=rows_of(_filled_template(tree.bureau.level, filled)),
        dry_run=False,
    )
    assert (result.ok, result.imported) == (True, len(filled)), result.errors
    assert RegisterItem.objects.get(title="某办法").issued_on == dt.date(2024, 4, 30)
    workbook = load_workbook(io.BytesIO(blank))
    assert (
        workbook[ITEM_SHEET].cell(row=2, column=services.REGISTER_COLUMNS.index("文号") + 1).number_format
        == "@"
    )
    client = Client()
    client.force_login(staff.officer)
    response = client.get(reverse("disclosure:import_template"), {"agency": tree.bureau.pk})
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content)[:2] == b"PK"  # type: ignore[attr-defined]


def rows_of(data: bytes) -> SheetRows:
    return read_rows(
        data, "模板.xlsx", required=services.REGISTER_REQUIRED, aliases=services.REGISTER_ALIASES
    )


REPEAL_HEADER: list[object] = [
    "标题",
    "类别",
    "发布日期",
    "成文日期",
    "文号",
    "文件类型",
    "废止日期",
    "废止文号",
]


def test_a_repealed_document_is_imported_with_the_decision_that_repealed_it(tree: Tree, staff: Staff) -> None:
    catalogue: list[list[object]] = [
        REPEAL_HEADER,
        ["吴忠市企业开办“一件事一次办”工作规程", "第二十条第（一）项", "2023-06-25", "2023-06-20", "吴审批规发〔2023〕1号",
         "行政规范性文件", "2025-07-01", "吴审批发〔2025〕31号"],
    ]  # fmt: skip
    result = services.register_import(
        agency=tree.bureau, by=staff.officer, rows=rows(catalogue), dry_run=False
    )
    assert (result.ok, result.imported) == (True, 1), result.errors
    item = RegisterItem.objects.get()
    assert (item.issued_on, item.ended_on) == (dt.date(2023, 6, 20), dt.date(2025, 7, 1))
    repeal = DocumentEvent.objects.get(item=item, kind="repealed")
    assert (repeal.on, repeal.instrument) == (dt.date(2025, 7, 1), "吴审批发〔2025〕31号")
    assert selectors.table2_cells(agency=tree.bureau, year=2025)["t2.normative.repealed"] == 1


def test_a_repeal_without_its_decision_is_refused_in_the_dry_run_under_its_column(
    tree: Tree, staff: Staff
) -> None:
    catalogue: list[list[object]] = [
        REPEAL_HEADER,
        ["某办法", "第二十条第（一）项", "2023-06-25", "2023-06-20", "吴审批规发〔2023〕1号", "行政规范性文件",
         "2025-07-01", ""],
        ["某规定", "第二十条第（一）项", "2023-06-25", "2023-06-20", "吴审批规发〔2023〕2号", "行政规范性文件", "",
         "吴审批发〔2025〕31号"],
    ]  # fmt: skip
    dry = services.register_import(agency=tree.bureau, by=staff.officer, rows=rows(catalogue))
    assert [(e.row, e.column) for e in dry.errors] == [(2, "废止文号"), (3, "废止文号")]
    assert "须填写作出废止决定的文件名称或文号" in dry.errors[0].message
    assert "没有填写废止日期" in dry.errors[1].message
    assert (dry.ok, dry.imported) == (False, 0)
    assert not RegisterItem.objects.exists()


def test_impossible_dates_are_row_errors_under_their_columns(
    tree: Tree, staff: Staff, today_is: TodayIs
) -> None:
    today_is(dt.date(2026, 11, 28))
    bad: list[list[object]] = [
        [*REPEAL_HEADER, "失效日期"],
        ["发布在将来", "第二十条第（五）项", "2030-01-01", "", "", "", "", "", ""],
        ["成文于1900年", "第二十条第（五）项", "2024-01-05", "1900-01-01", "", "", "", "", ""],
        ["尚未失效", "第二十条第（一）项", "2024-01-05", "", "吴审批规发〔2024〕1号", "规章", "", "", "2099-01-01"],
        ["废止早于成文", "第二十条第（一）项", "2024-01-05", "", "吴审批规发〔2024〕2号", "规章", "2023-01-01", "某号", ""],
        ["文件类别不符", "第二十条第（五）项", "2024-01-05", "", "吴审批规发〔2024〕3号", "规章", "", "", ""],
    ]  # fmt: skip
    dry = services.register_import(agency=tree.bureau, by=staff.officer, rows=rows(bad))
    assert [(e.row, e.column) for e in dry.errors] == [
        (2, "发布日期"), (3, "成文日期"), (4, "失效日期"), (5, "废止日期"), (6, "类别"),
    ]  # fmt: skip
    assert "发布日期2030-01-01晚于今天（2026-11-28）" in dry.errors[0].message
    assert "成文日期1900-01-01早于1949年10月1日" in dry.errors[1].message
    assert "失效日期2099-01-01晚于今天" in dry.errors[2].message
    assert "废止日期2023-01-01早于成文日期2024-01-05" in dry.errors[3].message
    assert "应归入“第二十条第（一）项 法规文件”" in dry.errors[4].message
    assert not RegisterItem.objects.exists()


def test_the_template_carries_the_repeal_decision_column(tree: Tree, staff: Staff) -> None:
    assert "废止文号" in services.REGISTER_COLUMNS
    filled: list[dict[str, str | dt.date]] = [
        {"标题": "某办法", "类别": register_import_options(tree.bureau.level)["类别"][0],
         "发布日期": dt.date(2023, 5, 6), "成文日期": dt.date(2023, 4, 30), "文号": "吴审批规发〔2023〕3号",
         "文件类型": "行政规范性文件", "废止日期": dt.date(2025, 3, 1), "废止文号": "吴审批发〔2025〕8号"},
    ]  # fmt: skip
    result = services.register_import(
        agency=tree.bureau, by=staff.officer, rows=rows_of(_filled_template(tree.bureau.level, filled)),
        dry_run=False,
    )  # fmt: skip
    assert (result.ok, result.imported) == (True, 1), result.errors
    assert DocumentEvent.objects.get(kind="repealed").instrument == "吴审批发〔2025〕8号"
