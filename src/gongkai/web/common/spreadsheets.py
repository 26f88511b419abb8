"""Reading an uploaded table (XLSX, the older Excel 97–2003 XLS, or CSV) into rows of {header: text}: case imports,
the yearly figures. Many offices keep their ledgers in .xls still; xlrd reads that format (and only that one).
What older office systems "export to Excel" is often not a workbook at all, named .xls all the same: a web page
holding a table, or an Excel 2003 XML spreadsheet (SpreadsheetML). Both are read too — by the content, whatever
the name — the page's first table (merged cells kept in their first position) and the XML's first worksheet.

Ledgers as offices keep them: a title row (or several) above the column names is skipped — the header is the
first of the first `HEADER_SEARCH_ROWS` rows that names every required column; column names are compared
without spaces or line breaks and without a required-mark (`*`, `（必填）`), and a caller's aliases map the
names other ledgers use (受理日期 for 收到日期). Each row keeps its row number in the sheet, for error messages.

Rows that are not records are set aside, not read as bad records: a total (合计 / 小计 / 总计 …, at the bottom or
after each month), the signature line under the table (填表人：… 审核人：…) and a lone note (注：…). They are
returned as `SheetRows.skipped`, so that the page can say which rows it passed over and why.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import lxml.html
import xlrd
from django.core.exceptions import ValidationError
from lxml import etree
from openpyxl import load_workbook

from gongkai.core.office import with_plain_styles, xml_safe
from gongkai.core.report.parse.grid import place_spans
from gongkai.core.report.parse.html_reader import decode_html

__all__ = [
    "HEADER_SEARCH_ROWS",
    "RowError",
    "SheetRow",
    "SheetRows",
    "SkippedRow",
    "TableImportResult",
    "header_name",
    "ledger_date",
    "read_rows",
]

HEADER_SEARCH_ROWS = 10
_NO_ALIASES: Mapping[str, str] = MappingProxyType({})
_REQUIRED_MARK = re.compile(r"(?:[*＊]|[(（](?:必填|必选|选填|可选)[)）])+$|^[*＊]+")


class SheetRow(dict[str, str]):
    """One row of an uploaded table, {header: text}, knowing its row number in the sheet (1 = the first)."""

    __slots__ = ("number",)

    def __init__(self, cells: Mapping[str, str], *, number: int) -> None:
        super().__init__(cells)
        self.number = number


@dataclass(frozen=True)
class SkippedRow:
    """A row set aside as not a record: its number in the sheet, its text (cells joined) and why."""

    number: int
    text: str
    reason: str


@dataclass(frozen=True)
class RowError:
    """A row an import refuses: its number in the sheet, the column (or "") and a Chinese message."""

    row: int
    column: str
    message: str


@dataclass
class TableImportResult:
    """What an import of a table did or, in a dry run, would do: every row's errors, or the rows imported."""

    rows: int = 0
    imported: int = 0
    dry_run: bool = True
    errors: list[RowError] = field(default_factory=list)
    skipped: Sequence[SkippedRow] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


class SheetRows(list[SheetRow]):
    """The records of an uploaded table, with the rows that were set aside as not records."""

    def __init__(self, rows: Sequence[SheetRow] = (), skipped: Sequence[SkippedRow] = ()) -> None:
        super().__init__(rows)
        self.skipped = tuple(skipped)


# All three stand in the row's first filled cell (a record's first is its 序号, number or date): a total's label is
# the whole cell ("合计", "一月小计", "合计：35件", "总计（件）"); a signature line's names who signed or when
# ("填表人：张三"); a note's opens with 注 / 说明 / 备注 and a colon, and is the row's only filled cell.
_TOTAL_LABEL = re.compile(
    r"(?:本[年月季]|全年|第?[一二三四1-4]季度|(?:[一二三四五六七八九十]{1,3}|\d{1,2})月份?)?"
    r"(?:总?合计|总计|小计|共计|累计)(?:[:：].*|[(（][^)）]*[)）])?"
)
_SIGNATURE_LABEL = re.compile(
    r"(?:单位负责人|主管领导|负责人|填表人|填报人|制表人|审核人|统计人|联系人|经办人|填表|填报|制表|审核|"
    r"填表日期|填报日期|制表日期|报送日期|联系电话)[:：]"
)
_NOTE_LABEL = re.compile(r"(?:注|说明|备注|附注)\d*[:：]")


def _set_aside(cells: Sequence[str]) -> str | None:
    """Why a row (its non-blank cells' texts, in order) is not a record, or None for a record."""
    compact = ["".join(unicodedata.normalize("NFKC", text).split()) for text in cells]
    if _TOTAL_LABEL.fullmatch(compact[0]):
        return "合计行"
    if _SIGNATURE_LABEL.match(compact[0]):
        return "签署行"
    if len(compact) == 1 and _NOTE_LABEL.match(compact[0]):
        return "注释行"
    return None


_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")


def ledger_date(text: str) -> dt.date:
    """A date as ledgers write it (2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305, with or without the
    time); ValueError for anything else, an impossible day (2023-02-30) included."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    match = _DATE.fullmatch(cleaned) or _COMPACT_DATE.fullmatch(cleaned)
    if match is None:
        raise ValueError(text)
    year, month, day = (int(part) for part in match.groups())
    return dt.date(year, month, day)


def header_name(text: str, aliases: Mapping[str, str] = _NO_ALIASES) -> str:
    """A column name as compared: no whitespace, no required-mark, and the caller's own name for an alias."""
    name = _REQUIRED_MARK.sub("", "".join(text.split()))
    return aliases.get(name, name)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and abs(value) >= 1e15:
        # Beyond 15 significant digits Excel has already rounded the number (an 18-digit ID number typed into a
        # number cell): keep the form Excel shows, 6.40302198001E+17, so the reader can tell, never a made-up
        # 640302198001010048.
        return f"{value:.15G}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # A control character (a NUL from a converter, an escape pasted in) is no data, and PostgreSQL stores no NUL.
    return xml_safe(str(value)).strip()


def read_rows(
    data: bytes,
    filename: str,
    *,
    required: Sequence[str] = (),
    aliases: Mapping[str, str] = _NO_ALIASES,
) -> SheetRows:
    """The rows below the header of the first sheet (XLSX, XLS) or of the CSV (UTF-8 or GB18030), keyed by the
    header's column names (`header_name`), and the rows set aside as totals, signatures or notes. A
    ValidationError with a Chinese message for a file that cannot be read, has no row naming every required
    column, or names one column twice."""
    values = _values(data, filename)
    if not values:
        raise ValidationError("文件是空的。")
    at, headers = _header(values, required, aliases)
    rows: list[SheetRow] = []
    skipped: list[SkippedRow] = []
    for number, raw in enumerate(values[at + 1 :], start=at + 2):
        texts = [_text(v) for v in raw]
        texts.extend(
            [""] * (len(headers) - len(texts))
        )  # a short row (CSV, XML) leaves its last columns blank
        filled = [text for text in texts if text]
        if not filled:
            continue
        reason = _set_aside(filled)
        if reason is not None:
            skipped.append(SkippedRow(number, " ".join(filled)[:200], reason))
            continue
        rows.append(SheetRow({h: text for h, text in zip(headers, texts, strict=False) if h}, number=number))
    return SheetRows(rows, skipped)


def _header(
    values: list[list[Any]], required: Sequence[str], aliases: Mapping[str, str]
) -> tuple[int, list[str]]:
    """(index, column names) of the header row: the first naming every required column."""
    best: tuple[int, list[str]] | None = None
    for index, raw in enumerate(values[:HEADER_SEARCH_ROWS]):
        names = [header_name(_text(h), aliases) for h in raw]
        missing = [c for c in required if c not in names]
        if not missing:
            return index, _unique(raw, names, {*required, *aliases.values()})
        if best is None or len(missing) < len(best[1]):
            best = (index, missing)
    assert best is not None
    raise ValidationError(
        f"缺少必需的列：{'、'.join(best[1])}。"
        f"列名应写在表格的第一行（或前{HEADER_SEARCH_ROWS}行中标题之下的一行）。"
    )


def _unique(raw: list[Any], names: list[str], important: set[str]) -> list[str]:
    """The column names with each name once: a column the caller reads twice (two columns both 联系电话, or
    电话 and 手机) is refused — which one holds the data cannot be told; a second copy of any other column
    (two 备注) is not read."""
    seen: dict[str, str] = {}
    unique: list[str] = []
    for cell, name in zip(raw, names, strict=True):
        written = _text(cell)
        if name in seen:
            if name in important:
                if seen[name] == written:
                    raise ValidationError(f"“{written}”列出现了两次，请只保留一列。")
                raise ValidationError(f"“{seen[name]}”和“{written}”两列都是“{name}”，请只保留一列。")
            name = ""
        elif name:
            seen[name] = written
        unique.append(name)
    return unique


def _values(data: bytes, filename: str) -> list[list[Any]]:
    name = filename.lower()
    if name.endswith((".xlsx", ".xls")):
        # By the content, not the name: an .xlsx renamed .xls (or the reverse) is read all the same.
        if data.startswith(_OLE_MAGIC):
            return _xls_values(data)
        if data.startswith(b"PK\x03\x04") or name.endswith(".xlsx"):
            return _xlsx_values(data)
        head = data[:_HEAD].lstrip(b"\xef\xbb\xbf \t\r\n")
        if head.startswith(b"<") and _SPREADSHEET_ML in data[:_HEAD]:
            return _spreadsheet_ml_values(data)
        if head.startswith(b"<") and b"<table" in data.lower():
            return _html_table_values(data)
        raise ValidationError(
            "这个文件不是 Excel 工作簿（可能是另存为 .xls 的网页或文本），请在 Excel 中另存为 .xlsx 后再导入。"
        )
    if name.endswith(".csv"):
        text = None
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        if text is None:
            raise ValidationError("无法识别 CSV 文件的编码，请另存为 UTF-8。")
        reader = csv.reader(io.StringIO(text, newline=""))
        rows: list[list[str]] = []
        read_up_to = 0  # the line the last whole row ended on
        try:
            for row in reader:
                rows.append(list(row))
                read_up_to = reader.line_num
        except csv.Error as error:  # in practice a quote never closed: the rest of the file became one cell
            raise ValidationError(
                f"CSV 文件第{read_up_to + 1}行格式有误，无法读取：从这一行起有一个单元格过长，"
                '常见原因是这一行的英文引号（"）没有配对。请在 Excel 或 WPS 中检查后另存为 .xlsx 再导入。'
            ) from error
        return rows
    raise ValidationError("只能导入 .xlsx、.xls 或 .csv 文件。")


# Excel 97–2003 files are OLE compound documents.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An Excel 2003 XML spreadsheet declares this namespace near its start.
_SPREADSHEET_ML = b"urn:schemas-microsoft-com:office:spreadsheet"
_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
_HEAD = 4096
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_MAX_CELLS = 1_000_000


def _html_table_values(data: bytes) -> list[list[Any]]:
    """The first table of a web page saved as .xls: each row's cells, a merged cell's text in its first position."""
    try:
        page = lxml.html.document_fromstring(decode_html(data))
    except (etree.ParserError, ValueError) as error:
        raise ValidationError("无法读取这个文件：它是网页格式的表格，但内容已损坏。") from error
    table = next(page.iter("table"), None)
    if table is None:
        raise ValidationError("这个网页格式的文件中没有表格，请在 Excel 中另存为 .xlsx 后再导入。")
    # The table's own rows, not those of a table inside one of its cells.
    own_rows = [row for row in table.iter("tr") if next(row.iterancestors("table"), None) is table]
    rows = [
        [
            (" ".join(_cell_text(cell).split()), _span(cell, "rowspan"), _span(cell, "colspan"))
            for cell in row
            if cell.tag in ("td", "th")
        ]
        for row in own_rows
    ]
    return [[text if not spanned else "" for text, spanned in line] for line in place_spans(rows)]


def _cell_text(cell: Any) -> str:
    return "".join(str(piece) for piece in cell.itertext())


def _span(cell: Any, attribute: str) -> int:
    try:
        return max(1, min(int(cell.get(attribute, "1")), 1000))
    except ValueError:
        return 1


def _spreadsheet_ml_values(data: bytes) -> list[list[Any]]:
    """The first worksheet of an Excel 2003 XML spreadsheet: its cells by position (ss:Index skips columns),
    numbers as numbers, dates as `datetime`."""
    try:
        root = etree.fromstring(data, _XML_PARSER)
    except etree.XMLSyntaxError as error:
        raise ValidationError(f"无法读取这个 Excel 2003 XML 文件：格式有误（{error.msg}）。") from error
    table = root.find(f"{_SS}Worksheet/{_SS}Table")
    if table is None:
        raise ValidationError("这个 Excel 2003 XML 文件中没有工作表，无法读取。")
    values: list[list[Any]] = []
    budget = _MAX_CELLS
    for row in table.iterfind(f"{_SS}Row"):
        index = row.get(f"{_SS}Index")
        if index is not None and index.isdigit():
            values.extend([] for _ in range(min(int(index) - 1 - len(values), budget)))
        line: list[Any] = []
        for cell in row.iterfind(f"{_SS}Cell"):
            column = cell.get(f"{_SS}Index")
            if column is not None and column.isdigit():
                line.extend([""] * min(max(0, int(column) - 1 - len(line)), budget))
            budget -= len(line) + 1
            if budget < 0:
                raise ValidationError("这个 Excel 2003 XML 文件过大，无法导入。")
            line.append(_spreadsheet_ml_value(cell.find(f"{_SS}Data")))
        values.append(line)
    return values


def _spreadsheet_ml_value(data: Any) -> Any:
    if data is None:
        return ""
    text = "".join(data.itertext())
    kind = data.get(f"{_SS}Type")
    try:
        if kind == "Number":
            number = float(text)
            return int(number) if number.is_integer() and abs(number) < 1e15 else number
        if kind == "DateTime":
            return dt.datetime.fromisoformat(text[:19])
    except ValueError:
        return text
    return text


def _xlsx_values(data: bytes) -> list[list[Any]]:
    try:
        return _first_sheet_values(data)
    except _TooLarge:
        raise ValidationError(
            f"这个 Excel 文件的第一个工作表超过 {_MAX_CELLS:,} 个单元格，无法导入；请删去无关的行和列，或分成几个文件。"
        ) from None
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        with contextlib.suppress(Exception):  # a stylesheet openpyxl refuses, the data sound
            return _first_sheet_values(with_plain_styles(data))
        raise ValidationError(
            "无法读取 Excel 文件：文件已损坏，或不是 .xlsx 格式。请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入。"
        ) from error


def _first_sheet_values(data: bytes) -> list[list[Any]]:
    """The first sheet's rows, each without its trailing blank cells. The sheet's declared dimension is not
    trusted (a damaged file's A1:XFD1048576 would pad every row to 16 384 cells and add a million rows): rows are
    read as written, and at most `_MAX_CELLS` cells in all."""
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()
    values: list[list[Any]] = []
    blank_rows = 0
    budget = _MAX_CELLS
    for row in sheet.iter_rows(values_only=True):
        cells = list(row)
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()
        if not cells:
            blank_rows += 1  # kept only if a row with cells follows: row numbers stay those of the sheet
            continue
        budget -= len(cells)
        if budget < 0:
            raise _TooLarge
        values.extend([] for _ in range(blank_rows))
        blank_rows = 0
        values.append(cells)
    return values


class _TooLarge(Exception):
    pass


def _xls_values(data: bytes) -> list[list[Any]]:
    """The cells of the first sheet of an Excel 97–2003 workbook: text, numbers, dates as `datetime`."""
    try:
        book = xlrd.open_workbook(file_contents=data)
        sheet = book.sheet_by_index(0)
        return [
            [_xls_cell(sheet.cell(r, c), book.datemode) for c in range(sheet.ncols)]
            for r in range(sheet.nrows)
        ]
    except Exception as error:  # xlrd raises many kinds for a damaged or mislabelled file
        raise ValidationError(
            "无法读取 Excel 97–2003（.xls）文件：文件已损坏或不完整。请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入。"
        ) from error


def _xls_cell(cell: Any, datemode: int) -> Any:
    if cell.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return int(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    return cell.value
