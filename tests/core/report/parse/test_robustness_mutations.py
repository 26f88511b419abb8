"""Messy input, as agencies publish it: no input may crash a reader or give a wrong value without a finding.

The contract: `parse_bytes` returns a ParseResult — every cell either the value the document holds or None with a
finding naming it — or raises a GongkaiError with a Chinese message; never another exception, never a hang.

The documents mutated are the real corpus (tests/fixtures/corpus) and the Huai'an report rendered by the engine in
every format; the mutations are the ones real life makes: files cut short, a byte flipped, a part of a DOCX/XLSX
package missing or broken, HTML tables with their closing tags or spans wrong, cells written every way clerks
write figures, text in other encodings and line endings, PDFs with an empty page or no text layer.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from gongkai.core.errors import GongkaiError
from gongkai.core.report.io import parse_bytes, render
from gongkai.core.report.model import CellValue, ParseResult, Report
from gongkai.core.report.rules.engine import validate
from tests.core.report.reports import huaian_2024, wuzhong_2021

CORPUS = Path(__file__).parents[3] / "fixtures" / "corpus"
WUZHONG_BYTES = (CORPUS / "wuzhong-approval-bureau-2021.txt").read_bytes()
HUAIAN_PDF_BYTES = (CORPUS / "huaian-city-government-2024.pdf").read_bytes()
BLANK_TEMPLATE_BYTES = (CORPUS / "template-2021-blank.docx").read_bytes()
FORMATS = ("html", "docx", "pdf", "xlsx", "txt", "json")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# A normal-size file must be read (or refused) well within this.
_SECONDS = 10.0

_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@cache
def rendered(fmt: str) -> bytes:
    return render(huaian_2024(), fmt)


@cache
def documents() -> dict[str, tuple[bytes, Report | None]]:
    """Every document mutated here, by file name, with the report it holds (None: a blank template)."""
    docs: dict[str, tuple[bytes, Report | None]] = {
        "wuzhong-approval-bureau-2021.txt": (WUZHONG_BYTES, wuzhong_2021()),
        "huaian-city-government-2024.pdf": (HUAIAN_PDF_BYTES, huaian_2024()),
        "template-2021-blank.docx": (BLANK_TEMPLATE_BYTES, None),
    }
    for fmt in FORMATS:
        docs[f"huaian.{fmt}"] = (rendered(fmt), huaian_2024())
    return docs


def parse_or_refuse(data: bytes, name: str) -> ParseResult | None:
    """The ParseResult, or None when the input was refused as the contract allows (a GongkaiError in Chinese).

    Any other exception propagates and fails the test; so does a read that takes too long."""
    started = time.perf_counter()
    refused: GongkaiError | None = None
    result: ParseResult | None = None
    try:
        result = parse_bytes(data, name=name)
    except GongkaiError as error:
        refused = error
    elapsed = time.perf_counter() - started
    assert elapsed < _SECONDS, f"{name}: {elapsed:.1f} s"
    if refused is not None:
        assert _HAN.search(str(refused)), f"the message is not Chinese: {refused!r}"
    return result


def assert_no_silent_wrong_value(
    result: ParseResult, expected: Mapping[str, CellValue], *, allowed: frozenset[str] = frozenset()
) -> None:
    """Every cell is the value the document holds, or None with a finding naming it: a finding of the parse (a
    cell that could not be read) or of the rules (a cell left blank in the document: the template wants 0)."""
    flagged = {cell for finding in result.findings for cell in finding.cells}
    checked: set[str] | None = None
    for cell_id, value in result.report.cells.items():
        if cell_id in allowed or cell_id not in expected or value == expected[cell_id]:
            continue
        assert value is None, f"{cell_id}: {value!r} read, the document says {expected[cell_id]!r}"
        if cell_id in flagged:
            continue
        if checked is None:
            checked = {cell for finding in validate(result.report) for cell in finding.cells}
        assert cell_id in checked, f"{cell_id} left blank without a finding"


def codes(result: ParseResult) -> set[str]:
    return {finding.code for finding in result.findings}


def cells_of(result: ParseResult, code: str) -> set[str]:
    return {cell for finding in result.findings if finding.code == code for cell in finding.cells}


# -- files cut short and bytes flipped, every format ------------------------------------------------------------

_NAMES = sorted(
    [
        "wuzhong-approval-bureau-2021.txt",
        "huaian-city-government-2024.pdf",
        "template-2021-blank.docx",
        *(f"huaian.{fmt}" for fmt in FORMATS),
    ]
)


@_SETTINGS
@given(name=st.sampled_from(_NAMES), share=st.floats(min_value=0, max_value=1, exclude_max=True))
def test_a_file_cut_short_anywhere_is_read_or_refused_in_chinese(name: str, share: float) -> None:
    data, _ = documents()[name]
    parse_or_refuse(data[: max(1, int(len(data) * share))], name)


@_SETTINGS
@given(
    name=st.sampled_from(_NAMES),
    position=st.floats(min_value=0, max_value=1, exclude_max=True),
    bit=st.integers(0, 7),
)
def test_a_flipped_bit_anywhere_is_read_or_refused_in_chinese(name: str, position: float, bit: int) -> None:
    data, _ = documents()[name]
    damaged = bytearray(data)
    damaged[int(len(data) * position)] ^= 1 << bit
    parse_or_refuse(bytes(damaged), name)


def _line_ends(data: bytes) -> list[int]:
    return [m.end() for m in re.finditer(rb"\n", data)]


@_SETTINGS
@given(name=st.sampled_from(["wuzhong-approval-bureau-2021.txt", "huaian.txt"]), data=st.data())
def test_text_cut_at_a_line_end_keeps_every_figure_it_still_holds(name: str, data: st.DataObject) -> None:
    """Cut between lines, no figure is cut in two: every cell is the document's or blank with a finding."""
    whole, report = documents()[name]
    assert report is not None
    cut = data.draw(st.sampled_from(_line_ends(whole)))
    result = parse_or_refuse(whole[:cut], name)
    if result is not None:
        assert_no_silent_wrong_value(result, report.cells)


@_SETTINGS
@given(data=st.data())
def test_html_cut_after_a_tag_keeps_every_figure_it_still_holds(data: st.DataObject) -> None:
    whole = rendered("html")
    cut = data.draw(st.sampled_from([m.end() for m in re.finditer(rb">", whole)]))
    result = parse_or_refuse(whole[:cut], "huaian.html")
    if result is not None:
        assert_no_silent_wrong_value(result, huaian_2024().cells)


@_SETTINGS
@given(fraction=st.floats(min_value=0.3, max_value=1, exclude_max=True))
def test_utf8_text_cut_in_the_middle_of_a_character_is_still_read(fraction: float) -> None:
    """A download cut short mid-character: the tail that does not decode is a warning, not a refusal."""
    cut = int(len(WUZHONG_BYTES) * fraction)
    while WUZHONG_BYTES[cut] & 0xC0 != 0x80:  # inside a multi-byte character
        cut -= 1
    result = parse_or_refuse(WUZHONG_BYTES[:cut], "wuzhong.txt")
    assert result is not None
    assert "parse.damaged_text" in codes(result)
    assert result.report.agency == "吴忠市审批服务管理局"
    assert_no_silent_wrong_value(result, wuzhong_2021().cells)


# -- text: damaged bytes, encodings, line endings ---------------------------------------------------------------


def _wuzhong_line(number: int) -> tuple[int, int]:
    """Where line `number` (1-based) of the Wuzhong text starts and ends, in bytes."""
    starts = [0, *_line_ends(WUZHONG_BYTES)]
    return starts[number - 1], starts[number] - 1


def test_a_damaged_byte_in_a_figure_blanks_that_cell_with_findings() -> None:
    start, end = _wuzhong_line(48)  # 一、本年新收政府信息公开申请数量 \t\t 0 \t 0 … (seven figures)
    line = WUZHONG_BYTES[start:end]
    first_figure = start + line.index(b"\t0") + 1
    damaged = WUZHONG_BYTES[:first_figure] + b"\xff" + WUZHONG_BYTES[first_figure + 1 :]
    result = parse_or_refuse(damaged, "wuzhong.txt")
    assert result is not None
    assert result.report["t3.new.natural"] is None
    assert "t3.new.natural" in cells_of(result, "parse.unreadable_value")
    assert "parse.damaged_text" in codes(result)
    damaged_text = next(f for f in result.findings if f.code == "parse.damaged_text")
    assert damaged_text.sources[0].line == 48
    expected = dict(wuzhong_2021().cells)
    del expected["t3.new.natural"]
    assert {c: v for c, v in result.report.cells.items() if c != "t3.new.natural"} == expected


def test_text_with_many_undecodable_bytes_is_still_refused() -> None:
    damaged = bytearray(WUZHONG_BYTES)
    for position in range(100, len(damaged), 40):
        damaged[position] = 0xFF
    with pytest.raises(GongkaiError) as raised:
        parse_bytes(bytes(damaged), name="x.txt")
    assert _HAN.search(str(raised.value))


_ENCODINGS: dict[str, Callable[[str], bytes]] = {
    "gbk": lambda text: text.encode("gbk"),
    "gbk-crlf": lambda text: text.replace("\n", "\r\n").encode("gbk"),
    "utf-16-bom": lambda text: text.encode("utf-16"),
    "utf-16le-no-bom": lambda text: text.encode("utf-16-le"),
    "utf-16be-no-bom": lambda text: text.encode("utf-16-be"),
    "utf-8-bom": lambda text: text.encode("utf-8-sig"),
    "cr-only": lambda text: text.replace("\r\n", "\n").replace("\n", "\r").encode(),
    "crlf": lambda text: text.replace("\r\n", "\n").replace("\n", "\r\n").encode(),
}


@pytest.mark.parametrize("encode", _ENCODINGS.values(), ids=_ENCODINGS.keys())
@pytest.mark.parametrize("name", ["wuzhong-approval-bureau-2021.txt", "huaian.txt"])
def test_text_in_any_encoding_and_line_ending_reads_the_same(
    name: str, encode: Callable[[str], bytes]
) -> None:
    data, report = documents()[name]
    assert report is not None
    result = parse_or_refuse(encode(data.decode("utf-8")), name)
    assert result is not None
    assert (result.report.agency, result.report.year) == (report.agency, report.year)
    assert result.report.cells == report.cells
    assert not [f for f in result.findings if f.severity == "error"]


_T3_NEW_LINE = "一、本年新收政府信息公开申请数量\t\t\t3001\t53\t0\t0\t61\t4\t3119"
_TEXT_ROWS: dict[str, tuple[str, str]] = {
    "a cell lost": (_T3_NEW_LINE.replace("\t53", "", 1), "parse.row_shape"),
    "a cell too many": (_T3_NEW_LINE + "\t9", "parse.row_shape"),
    "two figures in one cell": (_T3_NEW_LINE.replace("\t53\t", "\t5 3\t", 1), "parse.unreadable_value"),
    "a fraction in a count": (_T3_NEW_LINE.replace("\t53\t", "\t12.5\t", 1), "parse.unreadable_value"),
    "the row twice, other figures": (
        _T3_NEW_LINE + "\n" + _T3_NEW_LINE.replace("3001", "2999"),
        "parse.duplicate_row",
    ),
    "the row gone": ("", "parse.missing_row"),
}


@pytest.mark.parametrize(("row", "code"), _TEXT_ROWS.values(), ids=_TEXT_ROWS.keys())
def test_a_damaged_text_row_gives_a_finding(row: str, code: str) -> None:
    text = rendered("txt").decode()
    assert _T3_NEW_LINE in text
    result = parse_or_refuse(text.replace(_T3_NEW_LINE, row, 1).encode(), "huaian.txt")
    assert result is not None
    assert any(f.code == code and any(c.startswith("t3.new.") for c in f.cells) for f in result.findings)
    assert_no_silent_wrong_value(result, huaian_2024().cells)


# -- figures as clerks write them -------------------------------------------------------------------------------


def _html_with_cell(cell_id: str, text: str) -> bytes:
    html = rendered("html").decode()
    pattern = re.compile(rf'(<td[^>]*data-cell="{re.escape(cell_id)}"[^>]*>)[^<]*(</td>)')
    assert pattern.search(html)
    return pattern.sub(lambda m: m.group(1) + text + m.group(2), html, count=1).encode()


_READ: list[tuple[str, int]] = [
    ("３００１", 3001),  # full-width digits
    ("3,001", 3001),
    ("3，001", 3001),
    ("3 001", 3001),
    ("3\u3000001", 3001),
    ("3001件", 3001),
    ("3001.0", 3001),
    ("-5", -5),  # read as written: the rules report a negative count
]
_UNREADABLE = ["12.5", "1 2", "30 01", "3001²", "①", "30O1", "3001元", "1.234.5", "3,00", "约3000", "?"]
_BLANK = ["—", "/", "无", "-", "", "——", "／"]


@pytest.mark.parametrize(("text", "value"), _READ)
def test_a_figure_written_any_usual_way_is_read(text: str, value: int) -> None:
    result = parse_or_refuse(_html_with_cell("t3.new.natural", text), "x.html")
    assert result is not None
    assert result.report["t3.new.natural"] == value
    assert "t3.new.natural" not in {c for f in result.findings for c in f.cells}


@pytest.mark.parametrize("text", _UNREADABLE)
def test_text_that_is_not_a_count_is_blank_with_a_finding(text: str) -> None:
    result = parse_or_refuse(_html_with_cell("t3.new.natural", text), "x.html")
    assert result is not None
    assert result.report["t3.new.natural"] is None
    assert "t3.new.natural" in cells_of(result, "parse.unreadable_value")
    assert_no_silent_wrong_value(result, huaian_2024().cells)


@pytest.mark.parametrize("text", _BLANK)
def test_a_blank_or_marker_is_blank_and_the_rules_report_it(text: str) -> None:
    result = parse_or_refuse(_html_with_cell("t3.new.natural", text), "x.html")
    assert result is not None
    assert result.report["t3.new.natural"] is None
    assert any("t3.new.natural" in f.cells for f in validate(result.report))


def test_a_decimal_amount_and_a_count_with_a_fraction() -> None:
    result = parse_or_refuse(_html_with_cell("t2.fees.amount", "1 234.5"), "x.html")
    assert result is not None
    assert result.report["t2.fees.amount"] == Decimal("1234.5")
    result = parse_or_refuse(_html_with_cell("t2.rules.issued", "1 234.5"), "x.html")
    assert result is not None
    assert result.report["t2.rules.issued"] is None
    assert "t2.rules.issued" in cells_of(result, "parse.unreadable_value")


_GOOD_FORMS: list[Callable[[int], str]] = [
    str,
    lambda n: f"{n:,}",
    lambda n: f"{n:,}".replace(",", " "),
    lambda n: f"{n:,}".replace(",", "，"),
    lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    lambda n: f"{n}件",
    lambda n: f" {n} ",
]
_BAD_FORMS: list[Callable[[int], str]] = [
    lambda n: f"{n}.5",
    lambda n: f"{n} {n % 10}",  # two figures run together
    lambda n: f"{n}O",
    lambda n: f"{n}²",
    lambda n: f"{n}元",
    lambda n: f"约{n}",
]


@_SETTINGS
@given(
    cell=st.sampled_from(
        [c for c in huaian_2024().cells if c.startswith("t3.") and not c.endswith(".total")][:60]
    ),
    number=st.integers(min_value=0, max_value=10**7),
    good=st.booleans(),
    form=st.integers(min_value=0, max_value=100),
)
def test_any_figure_in_any_cell_is_read_exactly_or_reported(
    cell: str, number: int, good: bool, form: int
) -> None:
    forms = _GOOD_FORMS if good else _BAD_FORMS
    text = forms[form % len(forms)](number)
    result = parse_or_refuse(_html_with_cell(cell, text), "x.html")
    assert result is not None
    if good:
        assert result.report[cell] == number, text
    else:
        assert result.report[cell] is None, text
        assert cell in cells_of(result, "parse.unreadable_value")
    expected = dict(huaian_2024().cells)
    del expected[cell]
    assert_no_silent_wrong_value(result, expected)


# -- HTML tables as portals publish them ------------------------------------------------------------------------


def _html() -> str:
    return rendered("html").decode()


def _row_of(html: str, cell_id: str) -> tuple[int, int]:
    """Where the <tr> holding `cell_id` starts and ends."""
    at = html.index(f'data-cell="{cell_id}"')
    start = html.rindex("<tr", 0, at)
    return start, html.index("</tr>", at) + len("</tr>")


def _without_cell(html: str, cell_id: str) -> str:
    return re.sub(rf'<td[^>]*data-cell="{re.escape(cell_id)}"[^>]*>[^<]*</td>', "", html, count=1)


def _with_attribute(html: str, cell_id: str, attribute: str) -> str:
    return html.replace(f'data-cell="{cell_id}"', f'{attribute} data-cell="{cell_id}"', 1)


def _t3_thead(html: str) -> str:
    start = html.index("<thead>", html.index('id="table-t3"'))
    return html[start : html.index("</thead>", start) + len("</thead>")]


def _split_t3_before(html: str, cell_id: str, *, repeat_header: bool) -> str:
    start, _ = _row_of(html, cell_id)
    header = _t3_thead(html) if repeat_header else ""
    return f'{html[:start]}</tbody></table>\n<p>（续表）</p>\n<table class="report-table">{header}<tbody>{html[start:]}'


def _header_repeated_before(html: str, cell_id: str) -> str:
    """Table 三's header rows again in the middle of its body, as a page break leaves them in a copy."""
    start, _ = _row_of(html, cell_id)
    header_rows = _t3_thead(html).removeprefix("<thead>").removesuffix("</thead>")
    return html[:start] + header_rows + html[start:]


_SAME_VALUES: dict[str, Callable[[str], str]] = {
    "no closing td th tr": lambda h: h.replace("</td>", "").replace("</th>", "").replace("</tr>", ""),
    "no tbody thead": lambda h: re.sub(r"</?t(?:body|head)>", "", h),
    "upper-case tags": lambda h: re.sub(
        r"<(/?)(table|tr|td|th|tbody|thead)\b", lambda m: f"<{m[1]}{m[2].upper()}", h
    ),
    "table 三 split, header repeated": lambda h: _split_t3_before(
        h, "t3.carried_over.natural", repeat_header=True
    ),
    "table 三 split, header not repeated": lambda h: _split_t3_before(
        h, "t3.carried_forward.natural", repeat_header=False
    ),
    "header repeated inside the table": lambda h: _header_repeated_before(h, "t3.carried_over.natural"),
    "colspan -2 (a browser reads 1)": lambda h: _with_attribute(h, "t3.new.natural", 'colspan="-2"'),
    "colspan x3 (a browser reads 1)": lambda h: _with_attribute(h, "t3.new.natural", 'colspan="x3"'),
    "colspan 0": lambda h: _with_attribute(h, "t3.new.natural", 'colspan="0"'),
    "rowspan 0": lambda h: _with_attribute(h, "t3.new.natural", 'rowspan="0"'),
    "colspan empty": lambda h: _with_attribute(h, "t3.new.natural", 'colspan=""'),
    "huge rowspan on the last row": lambda h: _with_attribute(
        h, "t3.carried_forward.total", 'rowspan="99999999"'
    ),
    "huge colspan on the last cell": lambda h: _with_attribute(h, "t3.new.total", 'colspan="99999999999"'),
    "rowspan 1.5": lambda h: _with_attribute(h, "t3.new.natural", 'rowspan="1.5"'),
}


@pytest.mark.parametrize("mutate", _SAME_VALUES.values(), ids=_SAME_VALUES.keys())
def test_html_tables_as_published_read_every_figure(mutate: Callable[[str], str]) -> None:
    result = parse_or_refuse(mutate(_html()).encode(), "x.html")
    assert result is not None
    assert result.report.cells == huaian_2024().cells
    assert not [f for f in result.findings if f.severity == "error"]


_SOME_BLANK: dict[str, Callable[[str], str]] = {
    # Split inside the rows of a merged label (（四）无法提供 over three rows): the rows after it lack their label
    # cells, so their figures stand left of their columns.
    "table 三 split inside a merged label": lambda h: _split_t3_before(
        h, "t3.unavailable_needs_creation.natural", repeat_header=False
    ),
    "header repeated inside a merged label": lambda h: _header_repeated_before(h, "t3.withheld_law.natural"),
    "nested table in a cell": lambda h: h.replace(
        '<td data-cell="t3.new.natural"',
        '<td><table><tr><td>3001</td><td>注</td></tr></table></td><td data-cell="x"',
        1,
    ),
    "no closing table tags": lambda h: h.replace("</table>", ""),
    "extra column of remarks": lambda h: re.sub(r"</tr>", "<td>备注：无</td></tr>", h),
    "a row with a figure too many": lambda h: h.replace(
        h[slice(*_row_of(h, "t3.partial.natural"))],
        h[slice(*_row_of(h, "t3.partial.natural"))].replace("</tr>", "<td>9</td></tr>"),
    ),
    "a row with a figure too few": lambda h: _without_cell(h, "t3.partial.legal"),
    "huge colspan on a figure": lambda h: _with_attribute(h, "t3.new.natural", 'colspan="100000"'),
    "huge rowspan on a figure": lambda h: _with_attribute(h, "t3.granted.commercial", 'rowspan="100000"'),
    "negative rowspan on a figure": lambda h: _with_attribute(h, "t3.granted.commercial", 'rowspan="-3"'),
}


@pytest.mark.parametrize("mutate", _SOME_BLANK.values(), ids=_SOME_BLANK.keys())
def test_html_tables_damaged_give_no_figure_without_a_finding(mutate: Callable[[str], str]) -> None:
    result = parse_or_refuse(mutate(_html()).encode(), "x.html")
    if result is not None:
        assert_no_silent_wrong_value(result, huaian_2024().cells)


def test_a_figure_merged_across_columns_is_no_column_s() -> None:
    """3001 in a cell spanning 自然人 and 商业企业 (the 商业企业 cell gone): neither column is guessed."""
    html = _with_attribute(_without_cell(_html(), "t3.new.commercial"), "t3.new.natural", 'colspan="2"')
    result = parse_or_refuse(html.encode(), "x.html")
    assert result is not None
    assert result.report["t3.new.natural"] is None
    assert result.report["t3.new.commercial"] is None
    assert cells_of(result, "parse.merged_value") == {"t3.new.natural", "t3.new.commercial"}
    assert_no_silent_wrong_value(result, huaian_2024().cells)


def test_a_figure_merged_across_rows_is_no_row_s() -> None:
    """1288 in a cell spanning two rows (予以公开 and 部分公开, the latter's cell gone): neither row is guessed."""
    html = _with_attribute(_without_cell(_html(), "t3.partial.natural"), "t3.granted.natural", 'rowspan="2"')
    result = parse_or_refuse(html.encode(), "x.html")
    assert result is not None
    assert result.report["t3.granted.natural"] is None
    assert result.report["t3.partial.natural"] is None
    assert cells_of(result, "parse.merged_value") == {"t3.granted.natural", "t3.partial.natural"}
    assert_no_silent_wrong_value(result, huaian_2024().cells)


def test_a_figure_spanning_the_whole_row_is_no_column_s() -> None:
    result = parse_or_refuse(_with_attribute(_html(), "t3.new.natural", 'colspan="1000"').encode(), "x.html")
    assert result is not None
    assert {c for c in result.report.cells if c.startswith("t3.new.") and result.report[c] is None} == {
        f"t3.new.{c}"
        for c in ("natural", "commercial", "research", "nonprofit", "legal", "other_org", "total")
    }
    [merged] = [f for f in result.findings if f.code == "parse.merged_value"]
    assert len(merged.cells) == 7


@_SETTINGS
@given(
    cell=st.sampled_from([c for c in huaian_2024().cells if c.startswith(("t3.", "t4."))]),
    attribute=st.sampled_from(["colspan", "rowspan"]),
    value=st.one_of(
        st.integers(min_value=-5, max_value=10**12).map(str),
        st.text(alphabet="0123456789+-. px%abc", max_size=8),
    ),
)
def test_any_span_on_any_figure_gives_no_figure_without_a_finding(
    cell: str, attribute: str, value: str
) -> None:
    html = _with_attribute(_html(), cell, f'{attribute}="{value}"')
    result = parse_or_refuse(html.encode(), "x.html")
    if result is not None:
        assert_no_silent_wrong_value(result, huaian_2024().cells)


def test_a_lost_cell_in_table_four_printed_across_blanks_the_row_with_a_finding() -> None:
    """The <td> of 行政诉讼/未经复议直接起诉/结果维持 lost: its 13 is no cell's, the figures after it stand one
    column left — none of them is read by position."""
    html = re.sub(r'<td data-cell="t4.litigation_direct.upheld"[^>]*>', "", _html(), count=1)
    result = parse_or_refuse(html.encode(), "x.html")
    assert result is not None
    assert "t4.litigation_direct.upheld" in cells_of(result, "parse.row_shape")
    assert all(value is None for cell, value in result.report.cells.items() if cell.startswith("t4."))
    assert_no_silent_wrong_value(result, huaian_2024().cells)


def test_a_lost_header_cell_leaves_the_columns_after_it_unread_not_shifted() -> None:
    # Without <th colspan="5">法人或其他组织, 总计 lands over 商业企业's position and every label after it
    # moves: the figures under them cannot be placed by position.
    html = re.sub(r'<th colspan="5"[^>]*>(?=法人或其他组织)', "", _html(), count=1)
    result = parse_or_refuse(html.encode(), "x.html")
    assert result is not None
    assert "t3.new.commercial" in cells_of(result, "parse.row_shape")
    assert_no_silent_wrong_value(result, huaian_2024().cells)
    assert (
        result.report["t2.penalty.decisions"] == huaian_2024()["t2.penalty.decisions"]
    )  # other tables intact


@cache
def _table_tags() -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"</?(?:td|tr|th|table|tbody|thead)\b[^>]*>", _html())]


@_SETTINGS
@given(tag=st.integers(min_value=0), twice=st.booleans())
def test_a_table_tag_lost_or_doubled_gives_no_figure_without_a_finding(tag: int, twice: bool) -> None:
    html = _html()
    start, end = _table_tags()[tag % len(_table_tags())]
    mutated = html[:end] + html[start:] if twice else html[:start] + html[end:]
    result = parse_or_refuse(mutated.encode(), "x.html")
    if result is not None:
        assert_no_silent_wrong_value(result, huaian_2024().cells)


# -- DOCX and XLSX packages with a part missing or broken -------------------------------------------------------


def _repackaged(data: bytes, member: str, mode: str) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            content = source.read(name)
            if name == member:
                if mode == "removed":
                    continue
                if mode == "invalid xml":
                    content = content.replace(b">", b">&broken;<", 2)
                if mode == "cut short":
                    content = content[: len(content) // 2]
            target.writestr(name, content)
    return out.getvalue()


def _members(name: str) -> list[str]:
    data, _ = documents()[name]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [n for n in archive.namelist() if not n.endswith("/")]


_PACKAGE_CASES = [
    pytest.param(name, member, mode, id=f"{name}:{member}:{mode}")
    for name in ("huaian.docx", "huaian.xlsx", "template-2021-blank.docx")
    for member in _members(name)
    for mode in ("removed", "invalid xml", "cut short")
]


@pytest.mark.filterwarnings("ignore:Defined names for sheet index")
@pytest.mark.parametrize(("name", "member", "mode"), _PACKAGE_CASES)
def test_a_package_with_a_part_missing_or_broken(name: str, member: str, mode: str) -> None:
    data, report = documents()[name]
    result = parse_or_refuse(_repackaged(data, member, mode), name)
    if result is not None and report is not None:
        assert_no_silent_wrong_value(result, report.cells)


@pytest.mark.parametrize(
    "member",
    ["word/styles.xml", "word/settings.xml", "word/fontTable.xml", "[Content_Types].xml", "_rels/.rels"],
)
@pytest.mark.parametrize("mode", ["removed", "invalid xml"])
def test_a_docx_whose_body_is_whole_is_read_whatever_else_is_broken(member: str, mode: str) -> None:
    """Word repairs such a file and shows every figure; so does the reader."""
    result = parse_or_refuse(_repackaged(rendered("docx"), member, mode), "huaian.docx")
    assert result is not None
    assert result.report.cells == huaian_2024().cells
    assert (result.report.agency, result.report.year) == ("淮安市人民政府", 2024)


@pytest.mark.parametrize("mode", ["invalid xml", "cut short"])
def test_a_docx_whose_body_is_broken_is_refused(mode: str) -> None:
    with pytest.raises(GongkaiError) as raised:
        parse_bytes(_repackaged(rendered("docx"), "word/document.xml", mode), name="x.docx")
    assert _HAN.search(str(raised.value))


def _docx_cell_span(xml: str, text: str) -> tuple[int, int]:
    at = xml.index(f"<w:t>{text}</w:t>")
    start = xml.rindex("<w:tc>", 0, at)
    return start, xml.index("</w:tc>", at) + len("</w:tc>")


def test_a_docx_figure_merged_down_two_rows_is_no_row_s() -> None:
    """Word's vertical merge (vMerge) of 1288 (予以公开) over the 部分公开 cell below it."""
    data = rendered("docx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode()
    start, end = _docx_cell_span(xml, "447")  # t3.partial.natural, continued from above
    xml = xml[:start] + "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>" + xml[end:]
    start, end = _docx_cell_span(xml, "1288")  # t3.granted.natural, where the merge starts
    cell = xml[start:end].replace("<w:tcPr>", '<w:tcPr><w:vMerge w:val="restart"/>', 1)
    xml = xml[:start] + cell + xml[end:]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(name, xml if name == "word/document.xml" else source.read(name))
    result = parse_or_refuse(out.getvalue(), "x.docx")
    assert result is not None
    assert cells_of(result, "parse.merged_value") == {"t3.granted.natural", "t3.partial.natural"}
    assert result.report["t3.granted.natural"] is None
    assert result.report["t3.partial.natural"] is None
    assert_no_silent_wrong_value(result, huaian_2024().cells)


def test_an_xlsx_figure_merged_across_two_columns_is_no_column_s() -> None:
    """A foreign workbook (no cells sheet) with 3001 merged over 自然人 and 商业企业."""
    workbook = load_workbook(io.BytesIO(rendered("xlsx")))
    for name in ("cells", "报告"):
        del workbook[name]
    sheet = next(s for s in workbook.worksheets if s.title.startswith("表三"))
    row, column = next(
        (c.row, c.column) for line in sheet.iter_rows() for c in line if c.value in (3001, "3001")
    )
    sheet.cell(row, column + 1).value = None
    sheet.merge_cells(start_row=row, start_column=column, end_row=row, end_column=column + 1)
    out = io.BytesIO()
    workbook.save(out)
    result = parse_or_refuse(out.getvalue(), "x.xlsx")
    assert result is not None
    assert cells_of(result, "parse.merged_value") == {"t3.new.natural", "t3.new.commercial"}
    assert_no_silent_wrong_value(result, huaian_2024().cells)


# -- PDF: an empty page, no text layer --------------------------------------------------------------------------


def _pdf_saved(document: pdfium.PdfDocument) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name", ["huaian-city-government-2024.pdf", "huaian.pdf"])
@pytest.mark.parametrize("where", ["first", "last"])
def test_a_pdf_with_an_empty_page_reads_the_same(name: str, where: str) -> None:
    data, report = documents()[name]
    assert report is not None
    original = pdfium.PdfDocument(data)
    document = pdfium.PdfDocument.new()
    if where == "first":
        document.new_page(595, 842)
    document.import_pages(original)
    if where == "last":
        document.new_page(595, 842)
    result = parse_or_refuse(_pdf_saved(document), name)
    assert result is not None
    assert result.report.cells == report.cells


def test_a_pdf_without_a_text_layer_is_refused_in_chinese() -> None:
    original = pdfium.PdfDocument(rendered("pdf"))
    images = [original[i].render(scale=0.5).to_pil().convert("RGB") for i in range(len(original))]
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:])
    with pytest.raises(GongkaiError) as raised:
        parse_bytes(out.getvalue(), name="scan.pdf")
    assert "文字" in str(raised.value)
    empty = pdfium.PdfDocument.new()
    empty.new_page(595, 842)
    with pytest.raises(GongkaiError) as raised:
        parse_bytes(_pdf_saved(empty), name="empty.pdf")
    assert _HAN.search(str(raised.value))
