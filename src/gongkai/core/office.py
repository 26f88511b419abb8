"""What every document and workbook Gongkai writes must respect, whoever typed the text in it.

- XML (DOCX, XLSX, HTML) cannot hold most control characters: a name pasted with one would make python-docx and
  openpyxl refuse the whole file. `xml_safe` drops them.
- A spreadsheet runs a cell that holds a formula: text an applicant wrote that begins with ``=`` must reach Excel
  or WPS as text, never as ``=HYPERLINK(...)`` (formula injection). `set_cell_text` stores it so.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["set_cell_text", "xml_safe"]

_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """Text without the control characters HTML, DOCX and XLSX cannot hold (they would corrupt the file)."""
    return _NOT_XML_CHAR.sub("", text)


def set_cell_text(cell: Any, value: Any) -> Any:
    """Put `value` in an openpyxl cell (a normal or a write-only one) as what it is: a string XML can hold, kept
    as a string even when it begins with "=" (openpyxl would otherwise write it as a formula). Returns the cell."""
    if isinstance(value, str):
        value = xml_safe(value)
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"
    return cell
