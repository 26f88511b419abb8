"""The PDF renderer: official layout, embedded CJK font, and an exact round trip through the PDF reader."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.ttfonts import TTFont

from gongkai.core.errors import FontMissingError
from gongkai.core.fonts import CJK_FONT_CANDIDATES, find_cjk_font
from gongkai.core.report import io
from gongkai.core.report.io import parse_bytes
from gongkai.core.report.model import Report
from gongkai.core.report.parse.blocks import Block, Grid, Paragraph
from gongkai.core.report.parse.pdf_page import read_pages
from gongkai.core.report.parse.pdf_reader import extract_blocks, read
from gongkai.core.report.parse.pdf_text import group_lines
from gongkai.core.report.render.layout import table_layout, value_text
from gongkai.core.report.render.pdf_renderer import render
from tests.core.report.reports import huaian_2024, wuzhong_2021
from tests.core.report.strategies import agencies, reports, years

ROUND_TRIP = settings(
    max_examples=10, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)

# Long paragraphs mixing Chinese, Latin words, digits and punctuation; single inner spaces; a sentence end.
_START = "我本全市区县局在对按为根据坚持围绕加强推进"
_BODY = (
    _START
    + "的了和与及等是有不开展落实制度管理规范渠道申请办理答复依法主动abcXYZ0123456789 ，、；：“”《》（）.,-/@%"
)


@st.composite
def long_paragraphs(draw: st.DrawFn) -> str:
    body = draw(st.text(alphabet=_BODY, min_size=100, max_size=900))
    body = re.sub(" +", " ", body)
    return draw(st.sampled_from(_START)) + body + draw(st.sampled_from("。！？"))


def _paragraphs(blocks: tuple[Block, ...]) -> list[Paragraph]:
    return [b for b in blocks if isinstance(b, Paragraph)]


def _expected_text(report: Report) -> list[str]:
    """What the PDF says, paragraph by paragraph: title, preamble, then each heading and its narrative."""
    texts = [report.title, *report.sections["preamble"]]
    for section in report.spec.sections:
        texts.append(section.heading)
        texts += report.sections.get(section.id, ()) if section.narrative else ()
    return texts


def _assert_blocks_match(report: Report, blocks: tuple[Block, ...]) -> None:
    assert [p.text.strip() for p in _paragraphs(blocks)] == _expected_text(report)
    grids = [b for b in blocks if isinstance(b, Grid)]
    assert len(grids) == len(report.spec.tables)
    for grid, table in zip(grids, report.spec.tables, strict=True):
        layout = table_layout(table)
        # A PDF has only the column boundaries some cell border draws (2019 table 二: 3 and 2 value columns
        # under one heading make 4 drawn columns, not the layout's 6 shares).
        drawn = sorted({c.column for c in layout.cells} | {c.column + c.colspan for c in layout.cells})
        assert (len(grid.rows), len(grid.rows[0])) == (layout.n_rows, len(drawn) - 1)
        for cell in layout.cells:
            found = grid.rows[cell.row][drawn.index(cell.column)]
            assert not found.spanned
            if cell.role == "value":
                assert cell.cell is not None
                assert found.text == value_text(report.cells[cell.cell.id]), cell.cell.id
            else:
                assert found.text == cell.text


# --- the file ----------------------------------------------------------------------------------------------


def test_a4_pages_with_page_numbers() -> None:
    data = render(huaian_2024())
    pages = read_pages(data, max_pages=50, seconds_per_page=2.0)
    assert len(pages) >= 4
    for page in pages:
        assert (round(page.width), round(page.height)) == (595, 842)
        assert group_lines(page.chars)[-1].text == f"- {page.number} -"


def test_chinese_text_in_an_embedded_truetype_font() -> None:
    data = render(wuzhong_2021())
    assert b"/FontFile2" in data  # the TrueType outlines are in the file
    document = pdfium.PdfDocument(data)
    try:
        page = document[0]
        text = page.get_textpage().get_text_range()
        assert "吴忠市审批服务管理局" in text
        assert "2021年政府信息公开工作年度报告" in text
        fonts = [obj.get_font() for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT])]
        assert fonts
        assert all(font.is_embedded for font in fonts)
    finally:
        document.close()


def test_the_font_can_be_chosen() -> None:
    font = find_cjk_font()
    assert render(wuzhong_2021(), font=font) == render(wuzhong_2021(), font=str(font))


@pytest.mark.parametrize("font", [p for p in CJK_FONT_CANDIDATES if p.is_file()], ids=lambda p: p.name)
def test_every_installed_font_round_trips(font: Path) -> None:
    report = huaian_2024()
    data = render(report, font=font)
    face = TTFont("probe", str(font), subfontIndex=0).face.name  # e.g. b"UMingCN"
    assert b"+" + face in data  # the subset of this face is embedded (/BaseFont /ABCDEF+UMingCN)
    assert read(data).report == report
    assert io.render(report, "pdf", font=font) == data


def test_a_missing_font_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FontMissingError, match="找不到指定的中文字体文件"):
        render(wuzhong_2021(), font=tmp_path / "none.ttf")
    not_a_font = tmp_path / "fake.ttf"
    not_a_font.write_bytes(b"this is not a font")
    with pytest.raises(FontMissingError, match="无法用于生成 PDF"):
        render(wuzhong_2021(), font=not_a_font)


def test_rendering_is_deterministic() -> None:
    assert render(huaian_2024()) == render(huaian_2024())


def test_blank_cells_are_empty_and_zero_is_printed() -> None:
    report = wuzhong_2021()  # five blank 行政复议 cells, every other figure 0
    grids = [b for b in extract_blocks(render(report)) if isinstance(b, Grid)]
    t4 = grids[2]
    assert [c.text for c in t4.rows[-1]] == [""] * 5 + ["0"] * 10


def test_official_layout_of_both_templates() -> None:
    for template in ("2021", "2019"):
        report = Report.blank(template, agency="银川市教育局", year=2020)
        blocks = extract_blocks(render(report))
        _assert_blocks_match(report, blocks)
        t3 = [b for b in blocks if isinstance(b, Grid)][1]
        # 三、本年度办理结果 is one merged cell down the first column, as in the official template.
        column = [row[0] for row in t3.rows if row[0].text == "三、本年度办理结果"]
        assert column[0].spanned is False
        assert all(c.spanned for c in column[1:])


# --- round trips -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("report", [wuzhong_2021(), huaian_2024()], ids=["wuzhong", "huaian"])
def test_real_reports_round_trip(report: Report) -> None:
    result = read(render(report))
    assert result.report == report
    assert result.findings == ()
    assert parse_bytes(render(report), name="x.pdf").report == report


@pytest.mark.slow
@ROUND_TRIP
@given(report=reports())
def test_generated_reports_round_trip(report: Report) -> None:
    data = render(report)
    _assert_blocks_match(report, extract_blocks(data))
    assert read(data).report == report


@pytest.mark.slow
@ROUND_TRIP
@given(
    agency=agencies(),
    year=years(),
    preamble=st.lists(long_paragraphs(), min_size=0, max_size=2),
    overview=st.lists(long_paragraphs(), min_size=1, max_size=4),
)
def test_long_mixed_paragraphs_come_back_whole(
    agency: str, year: int, preamble: list[str], overview: list[str]
) -> None:
    report = Report.blank("2021", agency=agency, year=year)
    report = Report(
        template="2021",
        agency=agency,
        year=year,
        cells=report.cells,
        sections={"preamble": tuple(preamble), "overview": tuple(overview)},
    )
    assert read(render(report)).report == report


def test_a_paragraph_over_several_pages_is_one_paragraph() -> None:
    paragraph = (
        "我们坚持依法公开，推进政务公开标准化规范化建设，Web 与 App 同步发布，共 2024 条信息；" * 60 + "完。"
    )
    report = Report(
        template="2021",
        agency="吴忠市审批服务管理局",
        year=2024,
        cells={},
        sections={"overview": (paragraph,), "problems": ("无。",)},
    )
    data = render(report)
    pages = {p.source.page for p in _paragraphs(extract_blocks(data)) if p.text.strip() == paragraph}
    assert len(pages) == 1  # one paragraph, whose first line is on one page…
    assert len(read_pages(data, max_pages=50, seconds_per_page=2.0)) >= 6  # …running over several
    assert read(data).report.sections["overview"] == (paragraph,)
