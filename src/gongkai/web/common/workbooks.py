"""The blank workbook an office fills in for an import: a sheet with the importer's columns (required ones
shaded), drop-down lists of the values it accepts (kept on an options sheet), date and text columns formatted
before anyone types in them, and a sheet of instructions. Case imports and the register's import build theirs
here, each with its own columns and notes."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

__all__ = ["GUIDE_SHEET", "OPTIONS_SHEET", "ImportTemplate", "import_template_workbook"]

GUIDE_SHEET = "填写说明"
OPTIONS_SHEET = "选项"
_HEADER_FILL = PatternFill("solid", fgColor="E8EAEE")
_REQUIRED_FILL = PatternFill("solid", fgColor="F6D9D6")


@dataclass(frozen=True)
class ImportTemplate:
    sheet: str  # the data sheet's name, first in the workbook
    columns: Sequence[str]
    required: Sequence[str]
    notes: Mapping[str, str]  # per column, for the instructions sheet
    options: Mapping[str, Sequence[str]]  # per column with a closed vocabulary, its drop-down list
    rows: int  # rows of the data sheet that carry the lists and formats
    closing: str  # the instructions' last line: how to fill the sheet and import it
    text_columns: Sequence[str] = ()
    date_columns: Sequence[str] = ()
    widths: Mapping[str, int] = field(default_factory=dict)  # default 16
    # True: a value outside the list is refused by Excel; False: only warned about (the importer accepts a
    # ledger's own wording too).
    strict_lists: bool = True


def import_template_workbook(template: ImportTemplate) -> bytes:
    """The template as XLSX bytes."""
    workbook = Workbook()
    data = workbook.active
    assert data is not None
    data.title = template.sheet
    guide = workbook.create_sheet(GUIDE_SHEET)
    options_sheet = workbook.create_sheet(OPTIONS_SHEET)

    columns = list(template.columns)
    for index, name in enumerate(columns, start=1):
        cell = data.cell(row=1, column=index, value=name)
        cell.font = Font(bold=True)
        cell.fill = _REQUIRED_FILL if name in template.required else _HEADER_FILL
        data.column_dimensions[get_column_letter(index)].width = template.widths.get(name, 16)
        if name in template.text_columns or name in template.date_columns:
            number_format = "@" if name in template.text_columns else "yyyy-mm-dd"
            for row in range(2, template.rows + 2):
                data.cell(row=row, column=index).number_format = number_format
    data.freeze_panes = "A2"

    for index, (name, values) in enumerate(template.options.items(), start=1):
        letter = get_column_letter(index)
        options_sheet.cell(row=1, column=index, value=name).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            options_sheet.cell(row=row, column=index, value=value)
        options_sheet.column_dimensions[letter].width = 40
        target = get_column_letter(columns.index(name) + 1)
        validation = DataValidation(
            type="list",
            formula1=f"'{OPTIONS_SHEET}'!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop" if template.strict_lists else "warning",
            errorTitle=name,
            error=f"请从下拉列表中选择{name}。" if template.strict_lists else f"建议从下拉列表中选择{name}。",
        )
        validation.add(f"{target}2:{target}{template.rows + 1}")
        data.add_data_validation(validation)

    guide.append(["列名", "是否必填", "说明"])
    for name in columns:
        guide.append([name, "必填" if name in template.required else "", template.notes[name]])
    guide.append([])
    guide.append(["", "", template.closing])
    for cell in guide[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    guide.column_dimensions["A"].width = 14
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 90
    for row in guide.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
