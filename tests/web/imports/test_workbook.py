"""The import template: its drop-down lists offer exactly what the importer accepts, the ID column stays text,
and an ID number Excel has already rounded is refused instead of imported wrong."""

from __future__ import annotations

import datetime as dt
import io
import itertools

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.web.imports.services import COLUMNS, import_cases, read_table
from gongkai.web.imports.workbook import CASE_SHEET, OPTIONS_SHEET, case_import_workbook, import_options
from tests.web.conftest import Staff, Tree, xlsx_bytes

# What a test types into a cell of the template.
CellValue = str | dt.date | None

ID_NUMBER = "640302198001010011"


def _filled_template(rows: list[dict[str, CellValue]]) -> bytes:
    """The downloaded template with `rows` typed into its case sheet, as an office would."""
    workbook = load_workbook(io.BytesIO(case_import_workbook()))
    sheet = workbook[CASE_SHEET]
    for row_number, row in enumerate(rows, start=2):
        for name, value in row.items():
            sheet.cell(row=row_number, column=COLUMNS.index(name) + 1, value=value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_the_case_sheet_comes_first_with_the_importers_columns() -> None:
    workbook = load_workbook(io.BytesIO(case_import_workbook()))
    assert workbook.sheetnames[0] == CASE_SHEET
    sheet = workbook[CASE_SHEET]
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    id_column = COLUMNS.index("证件号码") + 1
    assert sheet.cell(row=2, column=id_column).number_format == "@"
    assert sheet.cell(row=5001, column=id_column).number_format == "@"
    assert read_table(case_import_workbook(), "模板.xlsx") == []  # the blank template imports nothing


def test_every_drop_down_lists_its_options_sheet_column() -> None:
    workbook = load_workbook(io.BytesIO(case_import_workbook()))
    options = workbook[OPTIONS_SHEET]
    listed = {
        column[0].value: [c.value for c in column[1:] if c.value is not None]
        for column in options.iter_cols()
    }
    assert listed == import_options()
    validations = workbook[CASE_SHEET].data_validations.dataValidation
    targets = {str(v.sqref).split(":")[0]: v.formula1 for v in validations}
    for index, name in enumerate(import_options(), start=1):
        letter = "ABCDEFGHIJKLM"[COLUMNS.index(name)]
        source = "ABCDE"[index - 1]
        assert targets[f"{letter}2"] == f"'{OPTIONS_SHEET}'!${source}$2:${source}${len(listed[name]) + 1}"


def test_every_value_the_lists_offer_is_accepted_by_the_importer(tree: Tree, staff: Staff) -> None:
    options = import_options()
    rows: list[dict[str, CellValue]] = []
    received = dt.date(2024, 3, 5)
    kinds = itertools.cycle(options["申请人类型"])
    outcomes = [("答复类型", answer) for answer in options["答复类型"]]
    outcomes += [("办结方式", closing) for closing in options["办结方式"]]
    for index, (channel, (column, outcome)) in enumerate(
        zip(itertools.cycle(options["渠道"]), outcomes, strict=False)
    ):
        kind = next(kinds)
        personal = kind == "自然人"
        rows.append(
            {
                "原编号": f"L-{index}",
                "收到日期": received,  # a real date cell, as Excel stores a typed date
                "渠道": channel,
                "申请人类型": kind,
                "申请人": "马建国" if personal else "某单位",
                "证件类型": "居民身份证" if personal else "统一社会信用代码",
                "证件号码": ID_NUMBER if personal else "91640300MA76XXXX1Y",
                "联系电话": "13995300001",
                "通信地址": "吴忠市",
                "申请内容": "规划许可",
                column: outcome,
                "答复日期": "2024-03-20",
            }
        )
    for id_type in options["证件类型"]:
        rows.append({**rows[0], "原编号": f"T-{id_type}", "证件类型": id_type})
    rows.append({**rows[0], "原编号": "open", "答复类型": None, "答复日期": None})
    result = import_cases(
        agency=tree.bureau, by=staff.officer, rows=read_table(_filled_template(rows), "a.xlsx"), dry_run=True
    )
    assert result.errors == []
    assert result.imported == len(rows) == len(outcomes) + len(options["证件类型"]) + 1


def test_an_id_number_excel_has_rounded_is_refused_not_imported_wrong(tree: Tree, staff: Staff) -> None:
    header = list(COLUMNS)
    row: list[object] = ["", "2024-03-05", "当面", "自然人", "马建国", "", float(ID_NUMBER), "13995300001",
                         "吴忠市", "规划许可", "", "", ""]  # fmt: skip
    rows = read_table(xlsx_bytes([header, row]), "a.xlsx")
    assert rows[0]["证件号码"] == "6.4030219800101E+17"  # as Excel shows it, not 640302198001010048
    result = import_cases(agency=tree.bureau, by=staff.officer, rows=rows, dry_run=True)
    assert [(e.row, e.column) for e in result.errors] == [(2, "证件号码")]
    assert "文本格式" in result.errors[0].message
    csv = ",".join(COLUMNS) + "\n,2024-03-05,当面,自然人,马建国,,6.40302E+17,13995300001,吴忠市,规划许可,,,\n"
    result = import_cases(
        agency=tree.bureau, by=staff.officer, rows=read_table(csv.encode(), "a.csv"), dry_run=True
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "证件号码")]


def test_officers_download_the_template_and_others_get_404(client: Client, staff: Staff) -> None:
    client.force_login(staff.officer)
    response = client.get(reverse("imports:template"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(b"".join(response.streaming_content))).sheetnames[0] == CASE_SHEET  # type: ignore[attr-defined]
    assert reverse("imports:template") in client.get(reverse("imports:upload")).content.decode()
    client.force_login(staff.supervisor)
    assert client.get(reverse("imports:template")).status_code == 404
