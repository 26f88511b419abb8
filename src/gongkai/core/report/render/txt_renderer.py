"""The text format: a plain-text report a clerk can read and `parse/txt_reader.py` reads back exactly.

Layout (UTF-8, `\\n` line ends):

    吴忠市审批服务管理局2021年政府信息公开工作年度报告   the title: agency and year (`Report.title`)
                                                  a blank line between blocks
    依据《中华人民共和国政府信息公开条例》…     narrative paragraphs, one per line, indented by two
                                                  ideographic spaces (an indented line starts a paragraph)
    一、总体情况                                   section headings as in the template
    第二十条第（一）项                              tables: tab-separated rows with the official labels —
    信息内容⇥本年制发件数⇥本年废止件数⇥现行有效件数    block heading, header row, one row per template row;
    规章⇥0⇥0⇥0                                     table 三's and 四's row labels take a fixed number of
                                                  columns (group label, label); a blank cell stays empty.
    【检查结果】                                    then, when findings are given, one line each (not read back).

Table 四 is written with one row per group (行政复议; 行政诉讼 › 未经复议直接起诉; 行政诉讼 › 复议后起诉) under one
header row, which reads the same as the printed groups-across layout and keeps every row labelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from gongkai.core.report.model import CellValue, Finding, Report
from gongkai.core.report.parse.txt_reader import FINDINGS_MARKER
from gongkai.core.report.template import Block, Table

__all__ = ["INDENT", "render", "render_text"]

INDENT = "\u3000\u3000"


def _value(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _label_width(block: Block) -> int:
    return max(len(row.path) + 1 for row in block.rows)


def _table_lines(report: Report, table: Table) -> list[str]:
    lines: list[str] = []
    for block in table.blocks:
        width = _label_width(block)
        if block.heading:
            lines.append(block.heading)
        corner = block.corner or table.note or ""
        lines.append("\t".join([corner, *[""] * (width - 1), *[c.label for c in block.columns]]))
        for row in block.rows:
            labels = [*row.path, row.label]
            labels += [""] * (width - len(labels))
            values = [_value(report.cells[block.cell_id(table.id, row, c)]) for c in block.columns]
            lines.append("\t".join([*labels, *values]))
    return lines


def render_text(report: Report, *, findings: Sequence[Finding] = ()) -> str:
    spec = report.spec
    lines: list[str] = [report.title, ""]
    for paragraph in report.sections["preamble"]:
        lines += [INDENT + paragraph, ""]
    for section in spec.sections:
        lines += [section.heading, ""]
        if section.table is not None:
            lines += [*_table_lines(report, spec.table(section.table)), ""]
        for paragraph in report.sections.get(section.id, ()):
            lines += [INDENT + paragraph, ""]
    if findings:
        lines.append(FINDINGS_MARKER)
        for finding in findings:
            lines.append(f"[{finding.severity.value}] {finding.code}：{finding.message}")
        lines.append("")
    return "\n".join(lines)


def render(report: Report, *, findings: Sequence[Finding] = ()) -> bytes:
    return render_text(report, findings=findings).encode("utf-8")
