"""The PDF reader on the real Huai'an report (table geometry, not flattened text) and on hostile input."""

from __future__ import annotations

import contextlib
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.errors import GongkaiError, UnreadableReportError
from gongkai.core.report.io import parse_bytes
from gongkai.core.report.model import Report
from gongkai.core.report.parse.blocks import Block, Grid, Paragraph
from gongkai.core.report.parse.pdf_reader import INDENT, extract_blocks, read
from gongkai.core.report.parse.pdf_text import Line, drop_running_lines, is_page_number
from gongkai.core.report.render.html_renderer import render as render_html
from tests.conftest import CORPUS
from tests.core.report.parse.pdf_samples import (
    encrypted_pdf,
    image_only_pdf,
    long_table_pdf,
    many_pages_pdf,
    pages_pdf,
    text_pdf,
)
from tests.core.report.reports import huaian_2024

HUAIAN = CORPUS / "huaian-city-government-2024.pdf"

FUZZ = settings(
    max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.fixture(scope="module")
def huaian_bytes() -> bytes:
    return HUAIAN.read_bytes()


@pytest.fixture(scope="module")
def blocks(huaian_bytes: bytes) -> tuple[Block, ...]:
    return extract_blocks(huaian_bytes)


def _grids(blocks: tuple[Block, ...]) -> list[Grid]:
    return [b for b in blocks if isinstance(b, Grid)]


def _paragraphs(blocks: tuple[Block, ...]) -> list[Paragraph]:
    return [b for b in blocks if isinstance(b, Paragraph)]


def _texts(grid: Grid) -> list[list[str]]:
    return [[cell.text for cell in row] for row in grid.rows]


# --- tables ------------------------------------------------------------------------------------------------


def test_three_tables_in_the_official_shapes(blocks: tuple[Block, ...]) -> None:
    grids = _grids(blocks)
    assert [(len(g.rows), len(g.rows[0])) for g in grids] == [(14, 4), (28, 10), (4, 15)]
    assert all(len(row) == len(g.rows[0]) for g in grids for row in g.rows)
    assert [g.source.table for g in grids] == [1, 2, 3]
    assert [g.source.page for g in grids] == [3, 4, 5]


def test_table_2_continues_from_page_3_to_page_4(blocks: tuple[Block, ...]) -> None:
    t2 = _grids(blocks)[0]
    texts = _texts(t2)
    assert texts[2] == ["规章", "1", "0", "11"]
    assert texts[3] == ["行政规范性文件", "8", "26", "66"]
    assert texts[6] == ["行政许可", "447228", "447228", "447228"]
    assert texts[9][:2] == ["行政处罚", "3985758"]
    assert texts[10][:2] == ["行政强制", "88283"]
    assert texts[12][1] == "本年收费金额（单位：万元）"
    assert texts[13][:2] == ["行政事业性收费", "96171.6"]
    # The single figure spans the three value columns: one anchor and two copies.
    assert [c.spanned for c in t2.rows[9]] == [False, False, True, True]
    assert t2.rows[6][1].source.page == 3
    assert t2.rows[9][1].source.page == 4


def test_table_3_vertical_row_header_is_one_merged_cell(blocks: tuple[Block, ...]) -> None:
    t3 = _grids(blocks)[1]
    column = [row[0] for row in t3.rows[5:26]]
    assert {c.text for c in column} == {"三、本年度办理结果"}
    assert [c.spanned for c in column] == [False] + [True] * 20
    # Only a group label: the figures of its rows are not mixed into it.
    assert _texts(t3)[7][:4] == ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "2"]


def test_table_3_group_cut_by_the_page_break_is_stitched(blocks: tuple[Block, ...]) -> None:
    t3 = _grids(blocks)[1]
    texts = _texts(t3)
    rows = {row[2]: i for i, row in enumerate(texts)}
    not_held = rows["1.本机关不掌握相关政府信息"]
    assert texts[not_held][1] == texts[not_held + 1][1] == texts[not_held + 2][1] == "（四）无法提供"
    assert texts[not_held + 1][2] == "2.没有现成信息需要另行制作"
    assert t3.rows[not_held][3].source.page == 4
    assert t3.rows[not_held + 1][3].source.page == 5
    assert texts[not_held + 1][3:] == ["11", "0", "0", "0", "0", "0", "11"]


def test_table_3_wrapped_labels_and_headers_are_whole(blocks: tuple[Block, ...]) -> None:
    texts = _texts(_grids(blocks)[1])
    assert texts[0][0] == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert texts[2][4:9] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert texts[1][3] == "自然人"
    assert texts[1][9] == "总计"
    labels = [row[2] for row in texts]
    assert "1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" in labels
    assert "5.要求行政机关确认或重新出具已获取信息" in labels
    assert texts[6][1] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert texts[27][:4] == ["四、结转下年度继续办理"] * 3 + ["103"]


def test_table_4_three_level_header(blocks: tuple[Block, ...]) -> None:
    texts = _texts(_grids(blocks)[2])
    assert texts[0][0] == "行政复议"
    assert texts[0][5] == "行政诉讼"
    assert texts[1][5] == "未经复议直接起诉"
    assert texts[1][10] == "复议后起诉"
    assert texts[1][0] == texts[2][0] == "结果维持"
    assert texts[2][5:10] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert texts[3] == ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"]


def test_a_table_over_pages_with_a_repeated_header_is_one_grid() -> None:
    blocks = extract_blocks(long_table_pdf(70))
    (grid,) = _grids(blocks)
    texts = _texts(grid)
    assert len(texts) == 71  # the header once, then the 70 rows in order
    assert texts[0] == ["分组", "项目", "数量"]
    assert [row[1] for row in texts[1:]] == [f"第{i + 1}项" for i in range(70)]
    assert [row[2] for row in texts[1:]] == [str(i) for i in range(70)]
    assert [c.text for c in grid.rows[1][:1] + grid.rows[10][:1]] == ["甲组", "甲组"]
    assert grid.rows[10][0].spanned
    assert grid.rows[1][1].source.page == 1
    assert grid.rows[70][1].source.page == 2


def test_every_value_cell_names_page_table_row_column_and_raw_text(blocks: tuple[Block, ...]) -> None:
    t3 = _grids(blocks)[1]
    for r, row in enumerate(t3.rows[3:], start=3):
        for c, cell in enumerate(row[3:], start=3):
            assert cell.text.isdigit()
            source = cell.source
            assert (source.format, source.table, source.row, source.column) == ("pdf", 2, r + 1, c + 1)
            assert source.page in (4, 5)
            assert source.raw == cell.text


# --- text --------------------------------------------------------------------------------------------------


def test_title_lines_are_one_paragraph(blocks: tuple[Block, ...]) -> None:
    first = _paragraphs(blocks)[0]
    assert first.text == "淮安市人民政府2024年政府信息公开工作年度报告"
    assert first.heading
    assert first.source.page == 1


def test_page_numbers_are_dropped_and_sections_present(blocks: tuple[Block, ...]) -> None:
    texts = [p.text.strip() for p in _paragraphs(blocks)]
    assert not [t for t in texts if is_page_number(t) or re.fullmatch(r"-\s*\d\s*-", t)]
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"):
        assert heading in texts
    assert "五、存在的主要问题及改进情况" in texts
    assert "六、其他需要报告的事项" in texts


def test_no_space_is_invented_between_chinese_and_digits(blocks: tuple[Block, ...]) -> None:
    """Word's automatic CJK/Latin spacing is a gap, not a character: "2024 年" on paper reads "2024年"."""
    texts = [p.text.strip() for p in _paragraphs(blocks)]
    overview = texts[texts.index("一、总体情况") + 1]
    assert overview.startswith("2024年，我市坚持以习近平新时代中国特色社会主义思想为指导")
    assert "（国令第711号）" in texts[1]
    assert "hazwgkc@163.com" in texts[1]


def test_paragraphs_rejoined_across_lines_and_pages(blocks: tuple[Block, ...]) -> None:
    paragraphs = _paragraphs(blocks)
    problems = next(p for p in paragraphs if p.text.strip().startswith("对照上级新要求"))
    # Runs from page 5 onto page 6.
    assert "需要加强和改进的地方。主要表现在：一是政策解读质量仍需提升" in problems.text
    assert problems.source.page == 5
    fourth = next(p for p in paragraphs if p.text.strip().startswith("（四）政府信息公开平台建设情况"))
    assert "进一步优化政务公开专栏设置" in fourth.text  # a bold run-in heading does not split the paragraph
    assert fourth.source.page == 2


def test_indented_paragraphs_keep_their_indentation(blocks: tuple[Block, ...]) -> None:
    """The first-line indent is passed on (as two ideographic spaces) so that `assemble` never rejoins them."""
    paragraphs = _paragraphs(blocks)
    assert not paragraphs[0].text[:1].isspace()  # the centred title
    body = [p for p in paragraphs[1:] if not p.heading]
    assert body
    assert all(p.text.startswith(INDENT) and not p.text[len(INDENT) :][:1].isspace() for p in body)


def test_narrative_matches_the_reference_text(blocks: tuple[Block, ...]) -> None:
    """Every paragraph of huaian_2024(), whose spacing is pdfplumber's, is one paragraph here (spaces aside)."""
    ours = {re.sub(r"\s", "", p.text) for p in _paragraphs(blocks)}
    for key, paragraphs in huaian_2024().sections.items():
        for paragraph in paragraphs:
            assert re.sub(r"\s", "", paragraph) in ours, key


# --- the whole report --------------------------------------------------------------------------------------


def test_huaian_parses_as_the_2024_report(huaian_bytes: bytes) -> None:
    result = read(huaian_bytes)
    report = result.report
    assert (report.template, report.year, report.agency) == ("2021", 2024, "淮安市人民政府")
    assert result.format == "pdf"
    assert report["t3.new.total"] == 3119
    assert report["t3.withheld_query.natural"] == 105
    assert report["t3.other_other.total"] == 110
    assert report["t3.carried_forward.total"] == 103
    assert report["t2.fees.amount"] == Decimal("96171.6")
    assert report["t2.penalty.decisions"] == 3985758
    assert report["t4.reconsideration.total"] == 351
    assert report["t4.litigation_after.total"] == 20
    expected = huaian_2024()
    assert len(report.cells) == 200
    assert {k: v for k, v in report.cells.items() if expected[k] != v} == {}


def test_huaian_sections_and_sources(huaian_bytes: bytes) -> None:
    report = read(huaian_bytes).report
    assert report.sections["overview"][0].startswith("2024年，我市坚持")
    assert len(report.sections["overview"]) == 6
    assert len(report.sections["problems"]) == 2
    assert report.sections["other"] == (
        "2024年，市政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费3940元。",
    )
    reference = huaian_2024()
    for key, paragraphs in reference.sections.items():
        assert [re.sub(r"\s", "", p) for p in report.sections[key]] == [
            re.sub(r"\s", "", p) for p in paragraphs
        ]
    source = report.sources["t3.unavailable_needs_creation.natural"]
    assert (source.format, source.page, source.table, source.raw) == ("pdf", 5, 2, "11")
    assert source.row is not None
    assert source.column is not None
    assert report.sources["t2.penalty.decisions"].page == 4


# --- what is not a readable report -------------------------------------------------------------------------


def test_scanned_pdf_asks_for_ocr() -> None:
    with pytest.raises(UnreadableReportError, match="OCR"):
        read(image_only_pdf())


def test_encrypted_pdf_asks_for_the_password_free_file() -> None:
    with pytest.raises(UnreadableReportError, match="密码"):
        read(encrypted_pdf())


def test_not_a_pdf() -> None:
    with pytest.raises(UnreadableReportError, match="不是 PDF"):
        read(b"<html>not a pdf</html>")


def test_damaged_pdf() -> None:
    with pytest.raises(UnreadableReportError, match="损坏"):
        read(b"%PDF-1.7\n" + b"\x00garbage" * 50)


def test_page_cap() -> None:
    with pytest.raises(UnreadableReportError, match="超过了 4 页"):
        extract_blocks(many_pages_pdf(5), max_pages=4)


def test_time_cap() -> None:
    with pytest.raises(UnreadableReportError, match="用时过长"):
        extract_blocks(HUAIAN.read_bytes(), seconds_per_page=0.0)


def test_a_pdf_that_is_not_a_report() -> None:
    data = text_pdf(
        [
            "床前明月光，疑是地上霜。",
            "举头望明月，低头思故乡。",
            "这是一份菜单：米饭、面条、饺子、包子、馄饨。",
        ]
    )
    assert [p.text for p in _paragraphs(extract_blocks(data))]  # readable text…
    with pytest.raises(UnreadableReportError):  # …but not an annual report
        read(data)


# --- fuzzing: nothing but the project's own errors ---------------------------------------------------------


def _read_or_refuse(data: bytes) -> None:
    with contextlib.suppress(GongkaiError):
        read(data)


@pytest.mark.slow
@FUZZ
@given(cut=st.integers(min_value=0, max_value=HUAIAN.stat().st_size - 1))
def test_truncated_pdf(cut: int) -> None:
    _read_or_refuse(HUAIAN.read_bytes()[:cut])


@pytest.mark.slow
@FUZZ
@given(junk=st.binary(min_size=0, max_size=4096))
def test_random_bytes_with_a_pdf_header(junk: bytes) -> None:
    _read_or_refuse(b"%PDF-1.7\n" + junk)


@pytest.mark.slow
@FUZZ
@given(changes=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=40))
def test_corrupted_bytes(changes: list[tuple[int, int]]) -> None:
    data = bytearray(Path(HUAIAN).read_bytes())
    for position, value in changes:
        data[position % len(data)] = value
    _read_or_refuse(bytes(data))


# -- a web page saved as PDF by a browser ----------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")


def _print_to_pdf(html: bytes, folder: Path) -> bytes:
    """What a supervisor gets from 打印 → 另存为 PDF on a portal's page: Chromium's own print, with the date and
    title it prints at the top of every page and the page's address and page counter at the bottom."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make install` (scripts/system-packages installs chromium)")
    from playwright.sync_api import sync_playwright

    page_file = folder / "report.html"
    page_file.write_bytes(html)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            page.goto(page_file.as_uri())
            data: bytes = page.pdf(format="A4", display_header_footer=True)
        finally:
            browser.close()
    return data


def _portal_page(report: Report) -> bytes:
    """The report as a portal publishes it: inside the site's navigation, breadcrumb, the catalogue's metadata
    table and the site footer."""
    page = render_html(report).decode("utf-8")
    body = page[page.index("<body>") + len("<body>") : page.index("</body>")]
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{report.title}_门户网站</title>
<style>table {{ border-collapse: collapse }} td, th {{ border: 1px solid #333 }}</style></head><body>
<div><a href="/">{report.agency}</a> | <a href="/zwgk/">政务公开</a> | <a href="/hdjl/">互动交流</a></div>
<div>当前位置：首页 &gt; 政府信息公开 &gt; 政府信息公开年报</div>
<table><tr><td>索引号：</td><td>014045212/2025-00012</td><td>分类：</td><td>政府信息公开年报</td></tr>
<tr><td>发布机构：</td><td>{report.agency}</td><td>发文日期：</td><td>2025-01-20</td></tr></table>
{body}
<div>主办：{report.agency} | 地址：某某路1号 | 邮编：223001<br>苏ICP备05001234号-1 | 网站标识码：3208000001</div>
</body></html>""".encode()


@pytest.mark.slow
def test_a_report_page_printed_to_pdf_by_a_browser_reads_as_the_report(tmp_path: Path) -> None:
    expected = huaian_2024()
    data = _print_to_pdf(_portal_page(expected), tmp_path)
    assert b"%PDF" in data[:16]
    result = parse_bytes(data, fmt="pdf")
    report = result.report
    assert result.findings == ()
    assert (report.template, report.year, report.agency, report.title) == (
        expected.template,
        expected.year,
        expected.agency,
        expected.title,
    )
    assert report.cells == expected.cells
    # The browser's header and footer lines are gone, and the paragraphs are whole again (the running header at
    # the left edge would otherwise make every line of the body look indented).
    assert {key: len(paragraphs) for key, paragraphs in report.sections.items()} == {
        key: len(paragraphs) for key, paragraphs in expected.sections.items()
    }
    texts = [paragraph for paragraphs in report.sections.values() for paragraph in paragraphs]
    assert not any("file://" in text or re.search(r"\d+/\d+$", text) for text in texts)
    # The same text as the page itself gives (but for the spaces a browser draws as gaps between 2024 and 年).
    from_html = parse_bytes(_portal_page(expected), fmt="html").report.sections
    assert {key: [_no_spaces(p) for p in paragraphs] for key, paragraphs in report.sections.items()} == {
        key: [_no_spaces(p) for p in paragraphs] for key, paragraphs in from_html.items()
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    "borders",
    [
        b"table, th, td { border: none !important; }",
        b"th { border: none !important; }",  # only the figures' cells ruled: the tables found lack their labels
    ],
    ids=["none", "figures only"],
)
def test_a_pdf_whose_tables_lack_ruling_lines_is_read_from_its_laid_out_text(
    tmp_path: Path, borders: bytes
) -> None:
    """Without ruling lines (or with too few) tables are lost from the page's geometry; the text laid out as on
    the page still has every figure beside its label."""
    expected = huaian_2024()
    page = render_html(expected).replace(b"</style>", borders + b"</style>")
    result = parse_bytes(_print_to_pdf(page, tmp_path), fmt="pdf")
    report = result.report
    assert (report.template, report.year, report.agency) == ("2021", 2024, "淮安市人民政府")
    assert report.cells == expected.cells
    assert result.findings == ()
    new_total = report.sources["t3.new.total"]
    assert (new_total.format, new_total.page, new_total.raw) == ("pdf", 3, "3119")
    assert {key: len(paragraphs) for key, paragraphs in report.sections.items()} == {
        "preamble": 1,
        "overview": 6,
        "problems": 2,
        "other": 1,
    }


def _no_spaces(text: str) -> str:
    return "".join(text.split())


def _line(text: str, top: float) -> Line:
    return Line(chars=[], text=text, x0=72.0, x1=300.0, top=top, bottom=top + 10, size=10.0, has_cjk=True)


def test_running_headers_and_footers_repeated_on_most_pages_are_dropped() -> None:
    pages = [
        [
            _line("某市人民政府办公室", 20),
            _line(f"正文第{n}页第一行。", 80),
            _line(f"第 {n} 页 共 3 页 · 政务公开", 800),
        ]
        for n in (1, 2, 3)
    ]
    pages[0].insert(1, _line("某市人民政府2024年政府信息公开工作年度报告", 50))
    kept = drop_running_lines(pages)
    assert [[line.text for line in lines] for lines in kept] == [
        ["某市人民政府2024年政府信息公开工作年度报告", "正文第1页第一行。"],
        ["正文第2页第一行。"],
        ["正文第3页第一行。"],
    ]


def test_a_single_page_keeps_its_title_unless_a_browser_printed_the_line() -> None:
    title = _line("某市人民政府2024年政府信息公开工作年度报告", 50)
    assert drop_running_lines([[title, _line("正文。", 80)]]) == [[title, _line("正文。", 80)]]
    printed = [
        _line("2025/1/20 上午10:03 某市人民政府2024年政府信息公开工作年度报告", 10),
        title,
        _line("https://www.example.gov.cn/zwgk/ndbg/2025/t20250120_1.html 1/1", 830),
    ]
    assert drop_running_lines([printed]) == [[title]]


def test_body_text_repeated_at_the_top_and_bottom_of_pages_is_kept_a_header_is_not() -> None:
    """Reports repeat sentences; a page may end (or begin) with the same line as another page. Only a line that
    stands apart from the body, like Word's page header in the margin, is a running header."""
    repeated = "信息公开的时效性有待进一步加强。"
    page = [("政务公开工作继续推进，各项制度逐步完善，", 14.0), (repeated, 14.0)]
    data = pages_pdf([page, page, page], header="某市人民政府办公室文件")
    texts = [block.text.strip() for block in extract_blocks(data) if isinstance(block, Paragraph)]
    assert sum(text.endswith(repeated) for text in texts) == 3
    assert not any("某市人民政府办公室文件" in text for text in texts)


@pytest.mark.parametrize("text", ["- 4 -", "第4页", "第 4 页 共 6 页", "4/6", "4 / 6"])
def test_page_numbers(text: str) -> None:
    assert is_page_number(text)
