"""The blank workbook an office fills in to import its legacy cases: the columns the importer reads, drop-down
lists of exactly the values it accepts, and a sheet of instructions.

The 证件号码 column is formatted as text before anyone types in it: Excel otherwise stores an 18-digit number as
a double and silently turns its last three digits into zeros (the importer refuses such cells, see services).
"""

from __future__ import annotations

from django.utils import translation

from gongkai.core.cases import ANSWERS, APPLICANT_KINDS
from gongkai.web.applications.models import Applicant, Channel
from gongkai.web.common.workbooks import OPTIONS_SHEET, ImportTemplate, import_template_workbook
from gongkai.web.imports.services import CLOSING_LABELS, COLUMNS, REQUIRED

__all__ = ["CASE_SHEET", "OPTIONS_SHEET", "case_import_workbook", "import_options"]

CASE_SHEET = "案件"
# Rows of the case sheet that carry the drop-down lists and the text format (a legacy ledger rarely has more).
ROWS = 5000

_NOTES = {
    "原编号": "原台账中的编号，可空；导入后保留，便于对照。",
    "收到日期": "条例第三十一条规定的收到申请之日，如 2024-03-05。",
    "渠道": "从下拉列表中选择。",
    "申请人类型": "从下拉列表中选择（年报表三的六列）。",
    "申请人": "自然人的姓名，或法人、其他组织的名称。",
    "证件类型": "可空：自然人默认居民身份证，法人或其他组织默认统一社会信用代码。",
    "证件号码": "本列已设为文本格式，请勿改为数字：Excel 会把18位号码的末三位变成0。",
    "联系电话": "手机或固定电话。",
    "通信地址": "申请人的通信地址。",
    "申请内容": "所需政府信息的名称、文号或者便于查询的其他特征性描述。",
    "答复类型": "已作出答复的，从下拉列表中选择；与“办结方式”只填一项。",
    "办结方式": "申请人撤回、逾期未补正或逾期未缴费而办结的，从下拉列表中选择。",
    "答复日期": "填写了答复类型或办结方式时必填，不得早于收到日期。",
}
_TEXT_COLUMNS = ("原编号", "证件号码", "联系电话")
_DATE_COLUMNS = ("收到日期", "答复日期")


def import_options() -> dict[str, list[str]]:
    """For each column with a closed vocabulary, the values offered in its drop-down list (in Chinese)."""
    with translation.override("zh-hans"):
        return {
            "渠道": [str(label) for _, label in Channel.choices],
            "申请人类型": list(APPLICANT_KINDS.values()),
            "证件类型": [str(label) for _, label in Applicant.IdType.choices],
            "答复类型": [answer.label for answer in ANSWERS],
            "办结方式": list(CLOSING_LABELS),
        }


def case_import_workbook() -> bytes:
    """The template as XLSX bytes."""
    return import_template_workbook(
        ImportTemplate(
            sheet=CASE_SHEET,
            columns=COLUMNS,
            required=REQUIRED,
            notes=_NOTES,
            options=import_options(),
            rows=ROWS,
            closing="在“案件”表中从第2行起每行填写一件申请；第一行的列名不要修改。先在系统中试导入，检查无误后再正式导入。",
            text_columns=_TEXT_COLUMNS,
            date_columns=_DATE_COLUMNS,
            widths={"申请内容": 40, "答复类型": 40},
        )
    )
