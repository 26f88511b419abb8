"""Template helpers naming the cells of table 三 as the annual report prints them."""

from __future__ import annotations

from django import template

from gongkai.core.report.templates import get_template
from gongkai.web.reports.selectors import TEMPLATE

__all__ = ["table3_row_label"]

register = template.Library()


@register.filter
def table3_row_label(row_id: str) -> str:
    """The row's official label under its heading, e.g. "（三）不予公开 / 8.属于行政查询事项"; "" for no such row."""
    cell_id = f"t3.{row_id}.total"
    spec = get_template(TEMPLATE)
    if not row_id or not spec.has_cell(cell_id):
        return ""
    row = spec.cell(cell_id).row
    # The first part of the path is the block's heading ("三、本年度办理结果"), the same for every outcome row.
    return " / ".join(part for part in (*row.path[1:], row.label) if part)
