"""Chinese names of cells, rows, columns and sections, built from the template declaration, for messages.

A clerk reads "表三“（三）不予公开 1.属于国家秘密”行“自然人”列", not `t3.withheld_secret.natural`. Every name
here is composed from the template's official labels; nothing spells a label itself.
"""

from __future__ import annotations

import re
from functools import cache

from gongkai.core.report.template import Column, Row
from gongkai.core.report.templates import get_template

__all__ = ["cell_name", "column_name", "item_name", "row_name", "section_name", "table_name"]

# A top-level numbered heading such as "三、本年度办理结果" groups rows without being needed to tell them apart.
_TOP_LEVEL_HEADING = re.compile(r"^[一二三四五六七八九十]+、")


def row_name(row: Row) -> str:
    """The row label, prefixed by its nearest group when the label alone is ambiguous ("1.属于国家秘密")."""
    if row.path and not _TOP_LEVEL_HEADING.match(row.path[-1]):
        return f"{row.path[-1]} {row.label}"
    return row.label


def item_name(row: Row) -> str:
    """The numbered item a row belongs to: "（三）不予公开" for "1.属于国家秘密", else the row's own label."""
    if row.path and not _TOP_LEVEL_HEADING.match(row.path[-1]):
        return row.path[-1]
    return row.label


def column_name(column: Column) -> str:
    """The column label, prefixed by its group header when it sits under one ("法人或其他组织 其他")."""
    if len(column.header_path) > 1:
        return f"{column.header_path[-1]} {column.label}"
    return column.label


@cache
def table_name(template_id: str, table_id: str) -> str:
    """ "表三": tables are called by the number of the section that holds them."""
    template = get_template(template_id)
    return f"表{template.section(template.table(table_id).section).number}"


@cache
def cell_name(template_id: str, cell_id: str) -> str:
    """ "表三“一、本年新收政府信息公开申请数量”行“自然人”列", or for table 四 "表四“行政复议”“结果维持”"."""
    template = get_template(template_id)
    spec = template.cell(cell_id)
    table = template.table(spec.table)
    prefix = table_name(template_id, spec.table)
    if table.groups_across:
        return f"{prefix}“{row_name(spec.row)}”“{column_name(spec.column)}”"
    return f"{prefix}“{row_name(spec.row)}”行“{column_name(spec.column)}”列"


@cache
def section_name(template_id: str, section_id: str) -> str:
    """ "“一、总体情况”"; the text before section 一 is "报告开头（“一、总体情况”之前）"."""
    template = get_template(template_id)
    if section_id == "preamble":
        return f"报告开头（“{template.sections[0].heading}”之前）"
    return f"“{template.section(section_id).heading}”"
