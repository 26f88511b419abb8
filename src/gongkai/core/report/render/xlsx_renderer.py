"""The annual report as an Excel workbook (XLSX).

Sheets, in order:
- `报告` — the report's metadata and narrative, one row each: a machine key in column A (`template`, `agency`,
  `year`, `title`, then `preamble` / `overview` / `problems` / `other` once per paragraph), a human label in B
  (the section heading) and the content in C.
- one sheet per table (`表二` …, named from the template's section numbers and titles): the section heading in
  row 1, then the table in the official layout with the merged cells of the official template
  (`render/layout.py`), borders, wrapped labels, A4 print setup.
- `cells` — machine-readable: `id`, `label`, `value` for every cell of the template in template order, plus
  `text`, the exact decimal text of the value (a spreadsheet keeps numbers as binary floats; `text` lets the
  reader restore an amount exactly). The reader treats this sheet as authoritative.
- `检查结果` — only when findings are passed: code, severity, message, cells.

Counts are written as numbers (format `0`), the amount as a number with format `#,##0.00##` and its unit in the
header; a blank cell (None) stays empty. Everything else is read from the template; no label is spelled here.

The same report always gives the same bytes (the core never reads the clock): the document's created and modified
dates are 31 January of the year after the report's year — the day by which Art. 50 of the Regulations has the
report published — and every part of the archive is dated 1 January 1980, the earliest date a ZIP file holds.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from gongkai.core.office import set_cell_text, xml_safe
from gongkai.core.report.model import NARRATIVE_KEYS, Finding, Report
from gongkai.core.report.render.layout import TableLayout, table_layout, value_text
from gongkai.core.report.template import Template

if TYPE_CHECKING:
    from _typeshed import SizedBuffer, StrPath

__all__ = [
    "ARCHIVE_DATE",
    "CELLS_HEADER",
    "CELLS_SHEET",
    "FINDINGS_SHEET",
    "META_HEADER",
    "META_SHEET",
    "publication_deadline",
    "render",
    "table_sheet_name",
]

META_SHEET = "报告"
META_HEADER = ("key", "项目", "内容")
CELLS_SHEET = "cells"
CELLS_HEADER = ("id", "label", "value", "text")
FINDINGS_SHEET = "检查结果"
ARCHIVE_DATE = (1980, 1, 1, 0, 0, 0)

COUNT_FORMAT = "0"
AMOUNT_FORMAT = "#,##0.00##"
_FONT = "宋体"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADING_FILL = PatternFill("solid", fgColor="DDE7F3")
_HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
_WRAP_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
_FORBIDDEN_IN_SHEET_NAMES = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


def table_sheet_name(template: Template, table_id: str) -> str:
    """`表三 收到和处理政府信息公开申请情况`, cut to Excel's 31 characters."""
    table = template.table(table_id)
    number = template.section(table.section).number
    return f"表{number} {table.title}".translate(_FORBIDDEN_IN_SHEET_NAMES)[:31]


def render(report: Report, *, findings: Sequence[Finding] = ()) -> bytes:
    """The report as XLSX bytes."""
    template = report.spec
    workbook = Workbook()
    meta = workbook.active
    assert meta is not None
    meta.title = META_SHEET
    _meta_sheet(meta, report, template)
    for section in template.sections:
        if section.table is None:
            continue
        sheet = workbook.create_sheet(table_sheet_name(template, section.table))
        sheet.cell(1, 1, xml_safe(section.heading)).font = Font(name=_FONT, size=14, bold=True)
        _table_sheet(sheet, report, table_layout(template.table(section.table)), first_row=3)
    _cells_sheet(workbook.create_sheet(CELLS_SHEET), report, template)
    if findings:
        _findings_sheet(workbook.create_sheet(FINDINGS_SHEET), findings)
    workbook.properties.title = report.title
    workbook.properties.creator = "Gongkai"
    workbook.properties.language = "zh-CN"
    workbook.properties.created = workbook.properties.modified = publication_deadline(report.year)
    out = BytesIO()
    # Not `workbook.save`: it stamps the modified date, and the archive its parts, with the clock.
    with _DatedZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).write_data()
    return out.getvalue()


def publication_deadline(year: int) -> dt.datetime:
    """31 January of the following year (Art. 50): the workbook's created and modified date, not the clock."""
    return dt.datetime(year + 1, 1, 31)


class _DatedZipFile(zipfile.ZipFile):
    """A ZIP archive whose parts all carry `ARCHIVE_DATE` instead of the time they were written."""

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: SizedBuffer | str,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=ARCHIVE_DATE)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16  # what ZipFile gives a part named by a string
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self,
        filename: StrPath,
        arcname: StrPath | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        # openpyxl writes each worksheet to a temporary file first; ZipFile.write would date it by its mtime.
        data = Path(filename).read_bytes()
        self.writestr(str(arcname if arcname is not None else filename), data, compress_type, compresslevel)


def _meta_sheet(sheet: Worksheet, report: Report, template: Template) -> None:
    headings = {s.id: s.heading for s in template.sections}
    rows: list[tuple[str, str, str | int]] = [
        META_HEADER,
        ("template", "报告格式", template.id),
        ("agency", "机关名称", report.agency),
        ("year", "年度", report.year),
        ("title", "标题", report.title),
    ]
    for key in NARRATIVE_KEYS:
        label = headings.get(key, "导语")
        rows.extend((key, label, text) for text in report.sections.get(key, ()))
    bold = Font(name=_FONT, bold=True)
    plain = Font(name=_FONT)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            # The agency, title and narrative are whatever a report said: text, even when it begins with "=".
            cell = set_cell_text(sheet.cell(r, c), value)
            cell.font = bold if r == 1 else plain
            cell.alignment = _TOP_LEFT
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 34
    sheet.column_dimensions["C"].width = 100
    sheet.freeze_panes = "A2"
    _print_setup(sheet, landscape=False)


def _table_sheet(sheet: Worksheet, report: Report, layout: TableLayout, *, first_row: int) -> None:
    heading_font = Font(name=_FONT, size=10, bold=True)
    font = Font(name=_FONT, size=10)
    for cell in layout.cells:
        row, column = first_row + cell.row, 1 + cell.column
        target = sheet.cell(row, column)
        if cell.role == "value":
            assert cell.cell is not None
            value = report.cells[cell.cell.id]
            target.value = value
            target.number_format = AMOUNT_FORMAT if cell.cell.kind == "amount" else COUNT_FORMAT
            target.alignment = _WRAP_CENTER
        else:
            target.value = xml_safe(cell.text) or None
            left = cell.role == "heading" or (cell.role == "row" and cell.rowspan == 1)
            target.alignment = _WRAP_LEFT if left else _WRAP_CENTER
            if cell.role == "heading":
                target.fill = _HEADING_FILL
            elif cell.role in ("column", "corner"):
                target.fill = _HEADER_FILL
        target.font = heading_font if cell.role == "heading" else font
        for r in range(row, row + cell.rowspan):
            for c in range(column, column + cell.colspan):
                sheet.cell(r, c).border = _BORDER
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(
                start_row=row,
                start_column=column,
                end_row=row + cell.rowspan - 1,
                end_column=column + cell.colspan - 1,
            )
    total = sum(layout.column_weights)
    page_width = 130 if layout.n_columns > 8 else 90
    for index, weight in enumerate(layout.column_weights, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(6.0, page_width * weight / total)
    header_rows = [first_row + r for r in sorted(layout.header_rows) if len(layout.table.blocks) == 1]
    if header_rows:
        sheet.print_title_rows = f"{header_rows[0]}:{header_rows[-1]}"
        if layout.label_columns:
            sheet.freeze_panes = sheet.cell(header_rows[-1] + 1, layout.label_columns + 1).coordinate
    _print_setup(sheet, landscape=layout.n_columns > 8)


def _cells_sheet(sheet: Worksheet, report: Report, template: Template) -> None:
    sheet.append(CELLS_HEADER)
    for spec in template.cells:
        value = report.cells[spec.id]
        sheet.append((spec.id, xml_safe(spec.label), value, value_text(value) or None))
        if value is not None:
            sheet.cell(sheet.max_row, 3).number_format = (
                AMOUNT_FORMAT if spec.kind == "amount" else COUNT_FORMAT
            )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 80
    sheet.column_dimensions["C"].width = 14
    sheet.column_dimensions["D"].width = 14
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:D{sheet.max_row}"


def _findings_sheet(sheet: Worksheet, findings: Sequence[Finding]) -> None:
    sheet.append(("code", "severity", "message", "cells"))
    for finding in findings:
        sheet.append(
            (finding.code, finding.severity.value, xml_safe(finding.message), " ".join(finding.cells))
        )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["C"].width = 80
    sheet.column_dimensions["D"].width = 50


def _print_setup(sheet: Worksheet, *, landscape: bool) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
