"""What every document and workbook Gongkai writes must respect, whoever typed the text in it.

- XML (DOCX, XLSX, HTML) cannot hold most control characters: a name pasted with one would make python-docx and
  openpyxl refuse the whole file. `xml_safe` drops them.
- A spreadsheet runs a cell that holds a formula: text an applicant wrote that begins with ``=`` must reach Excel
  or WPS as text, never as ``=HYPERLINK(...)`` (formula injection). `set_cell_text` stores it so.

And what every workbook Gongkai reads may be: some generators (online form tools, older WPS versions) write a
stylesheet openpyxl refuses — a number format id that is not a number, a fill it does not know, a cell format index
past the list, no stylesheet at all — while the data is sound. `with_plain_styles` gives such a package a plain
stylesheet that keeps each cell format's number format (a date stays a date) and drops fonts, fills and borders.
And a merged range may cover the whole sheet (A1:XFD1048576, from a damaged or hostile file): openpyxl makes an
object for every cell a range covers, 17 billion there. `with_bounded_merges` cuts every range to the part a
reader looks at, and says how many cells the ranges then cover.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from typing import Any
from xml.sax.saxutils import quoteattr

from lxml import etree

__all__ = ["set_cell_text", "with_bounded_merges", "with_plain_styles", "xml_safe"]

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


_STYLES = "xl/styles.xml"
_STYLE_INDEX = re.compile(rb"""\b(?:s|style)\s*=\s*["'](\d{1,6})["']""")
_MAX_CELL_FORMATS = 65_536  # Excel's own limit
_FORGIVING = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, load_dtd=False)


def with_plain_styles(data: bytes) -> bytes:
    """The XLSX package `data` with its stylesheet replaced by a plain one: as many cell formats as the sheets
    use, each with the number format the old stylesheet gave it where that can still be read."""
    out = BytesIO()
    old = b""
    used = 0
    with zipfile.ZipFile(BytesIO(data)) as archive, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in archive.infolist():
            content = archive.read(info)
            if info.filename == _STYLES:
                old = content
                continue
            if info.filename.startswith("xl/worksheets/"):
                used = max([used, *(int(index) + 1 for index in _STYLE_INDEX.findall(content))])
            copy.writestr(info, content)
        custom, per_format = _number_formats(old)
        count = min(max(used, len(per_format), 1), _MAX_CELL_FORMATS)
        ids = [per_format[i] if i < len(per_format) else 0 for i in range(count)]
        number_formats = "".join(
            f"<numFmt numFmtId={quoteattr(str(number))} formatCode={quoteattr(code)}/>"
            for number, code in custom.items()
            if number in ids
        )
        formats = "".join(
            f'<xf numFmtId="{number}" fontId="0" fillId="0" borderId="0" xfId="0"/>' for number in ids
        )
        copy.writestr(
            _STYLES,
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + (f"<numFmts>{number_formats}</numFmts>" if number_formats else "")
            + '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f"<cellXfs>{formats}</cellXfs>"
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
        )
    return out.getvalue()


def _number_formats(stylesheet: bytes) -> tuple[dict[int, str], list[int]]:
    """What can still be read of a damaged stylesheet: its custom number formats by id, and the number format id
    of each cell format in order (0, General, where unreadable)."""
    custom: dict[int, str] = {}
    per_format: list[int] = []
    try:
        root = etree.fromstring(stylesheet, _FORGIVING) if stylesheet.strip() else None
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        return custom, per_format
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if name == "numFmt":
            number, code = _whole(element.get("numFmtId")), element.get("formatCode")
            if number is not None and code:
                custom[number] = code
        elif name == "cellXfs":
            per_format = [
                _whole(xf.get("numFmtId")) or 0
                for xf in element
                if isinstance(xf.tag, str) and etree.QName(xf).localname == "xf"
            ][:_MAX_CELL_FORMATS]
    return custom, per_format


def _whole(text: str | None) -> int | None:
    return int(text) if text is not None and text.strip().isdigit() and len(text.strip()) <= 6 else None


_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
_MERGE_CELL = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?(?:/>|>\s*</(?:[A-Za-z_][\w.-]*:)?mergeCell\s*>)"
)
_REF = re.compile(rb"""(\bref\s*=\s*["'])([^"']*)(["'])""")
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


def _cell_position(ref: str) -> tuple[int, int] | None:
    """(row, column) of an A1 reference, 1-based; None for anything else."""
    match = _CELL_REF.fullmatch(ref.strip())
    if match is None:
        return None
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + ord(letter) - 64
    return int(match.group(2)), column


def _column_letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def with_bounded_merges(data: bytes, *, max_row: int, max_column: int) -> tuple[bytes, int]:
    """The XLSX package `data` with every merged range of its sheets cut to the first `max_row` rows and
    `max_column` columns (a range wholly beyond them dropped), and the number of cells the ranges then cover.
    The bytes are `data` itself when nothing had to be cut."""
    covered = 0
    changed: dict[str, bytes] = {}

    def bound(element: re.Match[bytes]) -> bytes:
        nonlocal covered
        ref = _REF.search(element.group(0))
        if ref is None:
            return element.group(0)
        first, _, last = ref.group(2).decode("ascii", "replace").partition(":")
        top_left, bottom_right = _cell_position(first), _cell_position(last or first)
        if top_left is None or bottom_right is None:
            return element.group(0)  # not a range openpyxl can read either: it refuses the file
        (top, left), (bottom, right) = top_left, bottom_right
        top, bottom = min(top, bottom), max(top, bottom)
        left, right = min(left, right), max(left, right)
        if top > max_row or left > max_column:
            return b""  # wholly beyond what is read
        bottom, right = min(bottom, max_row), min(right, max_column)
        covered += (bottom - top + 1) * (right - left + 1)
        bounded = f"{_column_letters(left)}{top}:{_column_letters(right)}{bottom}".encode()
        text = element.group(0)
        return text[: ref.start(2)] + bounded + text[ref.end(2) :]

    with zipfile.ZipFile(BytesIO(data)) as archive:
        for info in archive.infolist():
            if not _SHEET_PART.fullmatch(info.filename):
                continue
            content = archive.read(info)
            if b"mergeCell" not in content:
                continue
            bounded = _MERGE_CELL.sub(bound, content)
            if bounded != content:
                changed[info.filename] = bounded
        if not changed:
            return data, covered
        out = BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in archive.infolist():
                copy.writestr(info, changed.get(info.filename) or archive.read(info))
    return out.getvalue(), covered
