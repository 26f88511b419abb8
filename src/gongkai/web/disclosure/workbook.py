"""The blank workbook an agency fills in (or pastes its former catalogue into) to import the information it
published before the platform: the importer's columns, drop-down lists of the categories that apply at the
agency's level and of the two document types, date columns formatted as dates, 文号 and 原索引号 as text, and a
sheet of instructions."""

from __future__ import annotations

from gongkai.core.disclosure import CHANNEL_LABELS, DOCUMENT_KIND_LABELS, categories_for_level
from gongkai.web.common.workbooks import OPTIONS_SHEET, ImportTemplate, import_template_workbook
from gongkai.web.disclosure.services import REGISTER_COLUMNS, REGISTER_REQUIRED

__all__ = ["ITEM_SHEET", "OPTIONS_SHEET", "register_import_options", "register_import_workbook"]

ITEM_SHEET = "已公开信息"
ROWS = 2000  # the importer's limit per file

_NOTES = {
    "标题": "信息的标题或文件名称。",
    "类别": "从下拉列表中选择（条例第二十条各项，及适用于本机关的第二十一条事项）；也可写条项，如“第二十条第（五）项”。",
    "发布日期": "信息公开发布之日，如 2023-03-15；不早于2008-05-01（条例施行之日），不晚于今天。",
    "成文日期": "信息形成（文件印发）之日；不填时按发布日期。规章和行政规范性文件按此日期登记制发。",
    "文号": "发文字号，如 吴审批规发〔2023〕1号；没有可空。",
    "发布机构": "不填时为本机关。",
    "渠道": f"多个渠道用顿号分隔，如“政府网站、政务微博”；不填时为政府网站。可填：{'、'.join(CHANNEL_LABELS.values())}。",
    "内容概要": "可空；填写后可被全文检索。",
    "文件类型": "只对规章和行政规范性文件从下拉列表中选择，其他信息不填；这两类的类别须为第二十条第（一）项。",
    "废止日期": "规章或行政规范性文件已被废止的，填写废止之日；不晚于今天。",
    "废止文号": "填写了废止日期的必填：作出废止决定的文件名称或文号，如 吴审批发〔2025〕31号。",
    "失效日期": "规章或行政规范性文件有效期届满已经失效的，填写失效之日（尚未届满的不填）；与废止日期只填一项。",
    "原索引号": "原公开目录中的索引号，可空；导入后记入该信息的办理记录，便于对照。",
}
_TEXT_COLUMNS = ("文号", "废止文号", "原索引号")
_DATE_COLUMNS = ("发布日期", "成文日期", "废止日期", "失效日期")
_WIDE_COLUMNS = {"标题": 48, "类别": 36, "内容概要": 40, "渠道": 24}


def register_import_options(level: str) -> dict[str, list[str]]:
    """For each column with a closed vocabulary, the values its drop-down list offers an agency of `level`."""
    return {
        "类别": [f"{c.article} {c.label}" for c in categories_for_level(level)],
        "文件类型": list(DOCUMENT_KIND_LABELS.values()),
    }


def register_import_workbook(level: str) -> bytes:
    """The template for an agency of `level` (Art. 21's matters depend on it), as XLSX bytes."""
    return import_template_workbook(
        ImportTemplate(
            sheet=ITEM_SHEET,
            columns=REGISTER_COLUMNS,
            required=REGISTER_REQUIRED,
            notes=_NOTES,
            options=register_import_options(level),
            rows=ROWS,
            closing=f"在“{ITEM_SHEET}”表中从第2行起每行填写一条已公开的信息（每个文件最多{ROWS}行）；"
            "第一行的列名不要修改。先在系统中试导入，检查无误后再正式导入。",
            text_columns=_TEXT_COLUMNS,
            date_columns=_DATE_COLUMNS,
            widths=_WIDE_COLUMNS,
            # A ledger's own wording (第二十条第（五）项) is accepted by the importer: warn, do not refuse.
            strict_lists=False,
        )
    )
