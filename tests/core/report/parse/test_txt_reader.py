from __future__ import annotations

import codecs
import contextlib
import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.errors import GongkaiError, UnreadableReportError
from gongkai.core.report.io import parse_bytes, parse_file, render
from gongkai.core.report.model import ParseResult, Report, Severity
from gongkai.core.report.parse import txt_reader
from gongkai.core.report.parse.blocks import Grid, Paragraph
from gongkai.core.report.parse.grid import MAX_COLUMNS
from tests.conftest import CORPUS
from tests.core.report.parse.flattened import SHAPES, flatten
from tests.core.report.reports import huaian_2024, wuzhong_2021
from tests.core.report.strategies import reports

WUZHONG = Path(__file__).parents[3] / "fixtures" / "corpus" / "wuzhong-approval-bureau-2021.txt"
WUZHONG_BYTES = WUZHONG.read_bytes()
LITIGATION = ("litigation_direct", "litigation_after")
T4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")
_TABLE_WORDS = (
    "",
    "0",
    "1O",
    "/",
    "|",
    "总计",
    "其他",
    "行政复议",
    "行政诉讼",
    "结果维持",
    "3.其他",
    "自然人",
    "规章",
)


@pytest.fixture(scope="module")
def wuzhong() -> ParseResult:
    return parse_file(WUZHONG)


def test_wuzhong_is_the_2021_template_of_the_approval_bureau(wuzhong: ParseResult) -> None:
    report = wuzhong.report
    assert (report.template, report.year, report.agency) == ("2021", 2021, "吴忠市审批服务管理局")
    assert wuzhong.format == "txt"
    assert wuzhong.findings == ()


def test_wuzhong_tables(wuzhong: ParseResult) -> None:
    cells = wuzhong.report.cells
    t2_t3 = {k: v for k, v in cells.items() if k.startswith(("t2.", "t3."))}
    assert len(t2_t3) == 185
    assert set(t2_t3.values()) == {0}
    assert [cells[f"t4.reconsideration.{c}"] for c in T4_COLUMNS] == [None] * 5
    assert [cells[f"t4.{g}.{c}"] for g in LITIGATION for c in T4_COLUMNS] == [0] * 10


def test_wuzhong_sections_and_the_shared_reference_report(wuzhong: ParseResult) -> None:
    report = wuzhong.report
    assert report.sections["other"] == ("无。",)
    assert report.sections["preamble"] == (
        "依据《中华人民共和国政府信息公开条例》第五十条之规定，制作本报告。",
    )
    assert any("精准规范答复意见" in p for p in report.sections["overview"])
    assert report == wuzhong_2021()
    assert report.cells == wuzhong_2021().cells


def test_wuzhong_sources_point_at_lines_and_cells(wuzhong: ParseResult) -> None:
    sources = wuzhong.report.sources
    broken_label = sources["t3.withheld_security.natural"]  # "3. 危及“三安全一稳" … "定”"
    assert (broken_label.format, broken_label.line, broken_label.raw) == ("txt", 54, "0")
    blank = sources["t4.reconsideration.upheld"]
    assert (blank.line, blank.column, blank.raw) == (83, 1, "")
    assert sources["t2.fees.amount"].line == 41


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
        lambda text: text.encode("gb18030"),
        lambda text: text.replace("\n", "\r\n").encode("gbk"),
        lambda text: text.replace("\n", "\r\n").encode("utf-16"),  # Notepad's "Unicode": BOM + UTF-16LE
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "gbk-crlf", "utf-16le-bom", "utf-16be-bom"],
)
def test_encodings(encode: object) -> None:
    data = encode(WUZHONG_BYTES.decode("utf-8"))  # type: ignore[operator]
    assert txt_reader.read(data).report == wuzhong_2021()


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\x03" * 100,
        bytes(range(256)) * 4,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "今天天气很好，我们去公园散步。".encode(),
    ],
)
def test_binary_garbage_and_other_text_are_refused(data: bytes) -> None:
    with pytest.raises(UnreadableReportError):
        txt_reader.read(data)


def test_headings_with_stray_tabs_are_still_headings() -> None:
    text = (
        WUZHONG_BYTES.decode("utf-8")
        .replace("一、总体情况\n", "一、总体情况\t\n")
        .replace("六、其他需要报告的事项", "\t六、其他需要报告的事项\t")
    )
    assert txt_reader.read(text.encode()).report == wuzhong_2021()


def test_the_findings_trailer_of_our_own_rendering_is_not_read() -> None:
    text = WUZHONG_BYTES.decode("utf-8") + "\n【检查结果】\n一、总体情况\n这一行不属于报告。\n"
    assert txt_reader.read(text.encode()).report == wuzhong_2021()


def _only_our_errors(data: bytes) -> None:
    with contextlib.suppress(GongkaiError):
        parse_bytes(data, fmt="txt")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=len(WUZHONG_BYTES)))
def test_truncated_input_raises_nothing_but_our_errors(cut: int) -> None:
    _only_our_errors(WUZHONG_BYTES[:cut])


@settings(max_examples=100, deadline=None)
@given(st.randoms(use_true_random=False))
def test_shuffled_lines_raise_nothing_but_our_errors(random: object) -> None:
    lines = WUZHONG_BYTES.decode("utf-8").splitlines()
    random.shuffle(lines)  # type: ignore[attr-defined]
    _only_our_errors("\n".join(lines).encode("utf-8"))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(WUZHONG_BYTES.decode("utf-8").splitlines()), max_size=60))
def test_recombined_lines_raise_nothing_but_our_errors(lines: list[str]) -> None:
    _only_our_errors("\n".join(lines).encode("utf-8"))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_raise_nothing_but_our_errors(data: bytes) -> None:
    _only_our_errors(data)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=500))
def test_random_text_raises_nothing_but_our_errors(text: str) -> None:
    _only_our_errors(text.encode("utf-8"))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(_TABLE_WORDS),
            max_size=16,
        ),
        max_size=30,
    ),
    st.sampled_from(["tab", "markdown", "bare", "cell_per_line", "spaced", "single_spaced"]),
)
def test_random_tables_raise_nothing_but_our_errors(rows: list[list[str]], shape: str) -> None:
    if shape == "tab":
        lines = ["\t".join(row) + "\t" for row in rows]
    elif shape == "markdown":
        lines = ["| " + " | ".join(row) + " |" for row in rows]
    elif shape == "bare":
        lines = [" | ".join(row) + " |" for row in rows]
    elif shape == "spaced":
        lines = ["    ".join(row) for row in rows]
    elif shape == "single_spaced":
        lines = [" ".join(row) for row in rows]
    else:
        lines = [f"{cell} |" for row in rows for cell in row]
    text = "2021年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n" + "\n".join(lines)
    _only_our_errors(text.encode("utf-8"))


# -- tables copied from web pages with `|` between the cells -----------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("report", [wuzhong_2021, huaian_2024], ids=["wuzhong", "huaian"])
def test_pipe_separated_tables_of_the_real_reports_are_read(shape: str, report: Callable[[], Report]) -> None:
    expected = report()
    result = parse_bytes(flatten(expected, shape).encode("utf-8"), fmt="txt")
    assert result.findings == ()
    assert (result.report.template, result.report.year, result.report.agency) == (
        expected.template,
        expected.year,
        expected.agency,
    )
    assert result.report.cells == expected.cells


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(), st.sampled_from(SHAPES))
def test_pipe_separated_tables_of_generated_reports_are_read(report: Report, shape: str) -> None:
    result = parse_bytes(flatten(report, shape).encode("utf-8"), fmt="txt")
    if shape != "cell_per_line_with_spans":
        assert result.report.cells == report.cells
        return
    # One cell per line with the merged cells' copies: where a row's blanks stand in more than one place, which
    # are its own cannot be told (the 2019 layout's figures span two columns each). Never a wrong figure: a
    # cell is read right, or left blank with a finding naming it.
    flagged = {cell for finding in result.findings for cell in finding.cells}
    for cell_id, value in report.cells.items():
        read = result.report.cells[cell_id]
        assert read == value or (read is None and cell_id in flagged)


def test_a_markdown_rule_line_is_skipped_and_a_sentence_with_one_pipe_stays_a_paragraph() -> None:
    text = "\n".join(
        [
            "某县统计局2023年政府信息公开工作年度报告",
            "一、总体情况",
            "网站栏目：政务公开 | 通知公告。",
            "二、主动公开政府信息情况",
            "| 第二十条第（一）项 | | | |",
            "| --- | --- | --- | --- |",
            "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
            "| 规章 | 0 | 0 | 0 |",
            "| 行政规范性文件 | 3 | 1 | 12 |",
        ]
    )
    result = parse_bytes(text.encode("utf-8"), fmt="txt")
    report = result.report
    assert report.sections["overview"] == ("网站栏目：政务公开 | 通知公告。",)
    assert [report.cells[f"t2.normative.{c}"] for c in ("issued", "repealed", "in_force")] == [3, 1, 12]


def test_an_empty_first_cell_of_a_bare_row_is_kept() -> None:
    """` | 0 |` is a row whose first cell is empty, not a Markdown row: the table's other lines say which."""
    rows = [(1, ["规章", "1", "2", ""]), (2, ["", "5", "6", ""])]
    lines = ["规章 | 1 | 2 |", " | 5 | 6 |"]
    assert txt_reader._drop_markdown_openers(rows, lines) == rows
    markdown = ["| 规章 | 1 | 2 |", "| | 5 | 6 |"]
    assert txt_reader._drop_markdown_openers(rows, markdown) == [(1, ["1", "2", ""]), (2, ["5", "6", ""])]


def test_a_cell_stream_is_regrouped_into_headers_labels_and_figures() -> None:
    cells = ["第二十条第（一）项", "", "", "", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    cells += ["规章", "/", "/", "/", "行政规范性文件", "0", "", "0"]
    cells += ["行政复议", "行政诉讼", "结果维持", "总计", "", "", "7", "0"]
    stream = [(number, [cell]) for number, cell in enumerate(cells, start=1)]
    rows = [[text for _, text in row] for row in txt_reader.regroup_cell_stream(stream)]
    assert rows == [
        ["第二十条第（一）项"],
        ["", "", ""],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "/", "/", "/"],
        ["行政规范性文件", "0", "", "0"],
        ["行政复议", "行政诉讼", "结果维持", "总计"],
        ["", "", "7", "0"],
    ]


# -- text copied from a PDF: spaces between the cells ----------------------------------------------------------

# `pdftotext -layout` (poppler 22.12) of the real Huai'an PDF: what a PDF viewer's copy or a converter gives.
HUAIAN_LAYOUT = (
    Path(__file__).parents[3] / "fixtures" / "extracted" / "huaian-city-government-2024.pdftotext-layout.txt"
)
# PDFium's text of each page of the same PDF (pypdfium2 5.15, `get_text_range`), pages joined by a line break:
# what Chromium's PDF viewer, built on PDFium, copies — one space between the cells, each cell's own line
# breaks kept, CRLF line ends.
HUAIAN_PDFIUM = HUAIAN_LAYOUT.with_name("huaian-city-government-2024.pdfium.txt")
HUAIAN_PDF = CORPUS / "huaian-city-government-2024.pdf"


@pytest.mark.parametrize("spaces", ["as extracted", "single", "pdfium", "pdftotext -raw"])
def test_the_real_pdf_copied_as_text_reads_every_cell(spaces: str) -> None:
    """Labels wrapped over two or three lines around their figures, a vertical row header, table 四's header
    in pieces above its one row of figures; with the columns aligned by runs of spaces, or one space apart;
    or as PDFium and `pdftotext -raw` give the text, in the order it was drawn: each label's lines above its
    figures. (`pdftotext` without options rearranges a table into columns of cells: not read, see the README.)"""
    text = (HUAIAN_PDFIUM if spaces == "pdfium" else HUAIAN_LAYOUT).read_text(encoding="utf-8")
    if spaces == "pdftotext -raw":
        text = _copied_text(HUAIAN_PDF.read_bytes(), "-raw").decode("utf-8")
    if spaces == "single":
        text = re.sub(" +", " ", text)
    result = parse_bytes(text.encode("utf-8"), fmt="txt")
    expected = huaian_2024()
    assert (result.report.template, result.report.year, result.report.agency) == (
        "2021",
        2024,
        "淮安市人民政府",
    )
    assert result.report.cells == expected.cells
    assert [f for f in result.findings if f.severity != Severity.INFO] == []
    if spaces != "pdftotext -raw":  # which breaks a line after 报告。 in mid-paragraph: it reads as two
        assert len(result.report.sections["overview"]) == len(expected.sections["overview"])


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("规章            1          0        11", ["规章", "1", "0", "11"]),
        ("行政许可 447228", ["行政许可", "447228"]),
        (
            "本            2.其他法律行政法规禁止公开     30   1  0",
            ["本", "2.其他法律行政法规禁止公开", "30", "1", "0"],
        ),
        ("72   64    178    37    351", ["72", "64", "178", "37", "351"]),
        ("行政事业性收费 96,171.6", ["行政事业性收费", "96,171.6"]),
        ("行政事业性收费96171.6", ["行政事业性收费", "96171.6"]),  # squeezed columns glue the first figure
        ("行政规范性文件8      26    66", ["行政规范性文件", "8", "26", "66"]),
        ("共收到申请 3 件。", None),
        ("电话：0517-83605210", None),
        ("- 3 -", None),
        ("2024", None),
    ],
)
def test_spaced_cells(line: str, cells: list[str] | None) -> None:
    assert txt_reader.spaced_cells(line) == cells


def test_a_label_wrapped_above_its_figures_is_taken_back_to_its_item_number() -> None:
    """The lines above a line of figures are its label up to the one that opens with an item number; a
    category cell wrapped above that (`（六）其` / `他处理`) stays out of the row; with no item number among
    them only the line just above is the label."""
    text = "\n".join(
        [
            "三、收到和处理政府信息公开申请情况",
            "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3",
            "（二）部分公开（区分处理的，只计这一情",
            "形，不计其他情形）",
            "1 0 0 0 0 0 1",
            "（六）其",
            "他处理",
            "1、申请人无正当理由逾期不补",
            "正、行政机关不再处理其政府信",
            "息公开申请",
            "2 0 0 0 0 0 2",
            "（七）总",
            "计",
            "3 0 0 0 0 0 3",
        ]
    )
    rows = [
        [cell.text for cell in row]
        for block in txt_reader.to_blocks(text)
        if isinstance(block, Grid)
        for row in block.rows
    ]
    assert rows == [
        ["一、本年新收政府信息公开申请数量", "3", "0", "0", "0", "0", "0", "3"],
        ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1", "0", "0", "0", "0", "0", "1"],
        [
            "1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "2",
            "0",
            "0",
            "0",
            "0",
            "0",
            "2",
        ],
        ["（七）总计", "3", "0", "0", "0", "0", "0", "3"],
    ]


def test_a_narrative_line_ending_in_a_number_stays_text() -> None:
    """Outside sections 二, 三 and 四 a wrapped line that happens to end in a number is a paragraph's piece."""
    text = "\n".join(
        [
            "2024年政府信息公开工作年度报告",
            "一、总体情况",
            "    全年主动公开各类政府信息 5500",
            "余条。",
            "六、其他需要报告的事项",
            "    全年收取政府信息公开信息处理费 3940",
            "元。",
        ]
    )
    blocks = txt_reader.to_blocks(text)
    assert all(isinstance(block, Paragraph) for block in blocks)
    report = parse_bytes(text.encode("utf-8"), fmt="txt").report
    assert report.sections["overview"] == ("全年主动公开各类政府信息 5500余条。",)
    assert report.sections["other"] == ("全年收取政府信息公开信息处理费 3940元。",)


def _copied_text(pdf: bytes, how: str) -> bytes:
    """The text of a PDF as `pdftotext -layout` or `-raw` (poppler) or PDFium (Chromium's viewer) gives it."""
    if how == "pdfium":
        document = pypdfium2.PdfDocument(pdf)
        try:
            return "\n".join(page.get_textpage().get_text_range() for page in document).encode("utf-8")
        finally:
            document.close()
    return subprocess.run(["pdftotext", how, "-", "-"], input=pdf, capture_output=True, check=True).stdout


@pytest.mark.slow
@pytest.mark.parametrize("how", ["-layout", "-raw", "pdfium"])
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports())
def test_generated_pdfs_copied_as_text_never_give_a_wrong_figure(how: str, report: Report) -> None:
    """A blank cell leaves no trace in text copied from a PDF, so a row with one cannot be placed: it is left
    blank with a finding. Every figure read is the right one."""
    text = _copied_text(render(report, "pdf"), how)
    result = parse_bytes(text, fmt="txt")
    assert result.report.template == report.template
    flagged = {cell for finding in result.findings for cell in finding.cells}
    for cell_id, value in report.cells.items():
        read = result.report.cells[cell_id]
        assert read == value or (read is None and cell_id in flagged), cell_id


def test_a_line_of_a_million_cells_is_read_in_time() -> None:
    """Every cell of a tab-separated line became a grid cell: a 4 MB line of a million took 10 s. A line keeps
    the widest grid's width."""
    started = time.perf_counter()
    blocks = txt_reader.to_blocks("一、总体情况\n" + "1\t" * 1_000_000)
    assert time.perf_counter() - started < 10
    grids = [block for block in blocks if isinstance(block, Grid)]
    assert [len(row) for grid in grids for row in grid.rows] == [MAX_COLUMNS]


def test_a_table_of_sixty_thousand_rows_is_read_in_time() -> None:
    """Each row looked at the rows after it through a copy of them: 300 000 rows (4 MB) did not finish in
    200 s. Each row's look-ahead is now by index, and a run of blank rows is looked through once."""
    started = time.perf_counter()
    with contextlib.suppress(GongkaiError):
        parse_bytes(("政府信息公开工作年度报告\n" + "项目\t1\t2\n" * 60_000).encode(), name="r.txt")
    assert time.perf_counter() - started < 10
