from __future__ import annotations

import zipfile
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from gongkai.core.report.model import Finding, Report, Severity
from gongkai.core.report.render.docx_renderer import render
from gongkai.core.report.render.layout import table_layout
from gongkai.core.report.templates import get_template
from tests.core.report.reports import huaian_2024, wuzhong_2021

Span = tuple[int, int, int, int]  # row, column, rowspan, colspan of each merged area's anchor


def table_spans(tbl: etree._Element) -> tuple[list[Span], list[list[str]]]:
    """The merged areas of a Word table (gridSpan/vMerge) and the text at each area's anchor."""
    anchors: dict[tuple[int, int], list[int]] = {}
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    texts: list[list[str]] = []
    for r, tr in enumerate(tbl.iter(qn("w:tr"))):
        column = 0
        line: list[str] = []
        for tc in tr.iter(qn("w:tc")):
            pr = tc.find(qn("w:tcPr"))
            span_el = pr.find(qn("w:gridSpan")) if pr is not None else None
            span = 1
            if span_el is not None:
                span_val = span_el.get(qn("w:val"))
                assert span_val is not None
                span = int(span_val)
            merge = pr.find(qn("w:vMerge")) if pr is not None else None
            if merge is not None and merge.get(qn("w:val"), "continue") == "continue":
                top = owner[(r - 1, column)]
                anchors[top][2] += 1
                owner[(r, column)] = top
            else:
                anchors[(r, column)] = [r, column, 1, span]
                owner[(r, column)] = (r, column)
                line.append("".join(t.text or "" for t in tc.iter(qn("w:t"))).strip())
            column += span
        texts.append(line)
    return sorted(tuple(a) for a in anchors.values()), texts  # type: ignore[misc]


def _style_name(paragraph: Paragraph) -> str:
    style = paragraph.style
    assert style is not None
    return str(style.name)


def body_tables(data: bytes | Path) -> list[etree._Element]:
    document = docx.Document(BytesIO(data) if isinstance(data, bytes) else str(data))
    return list(document.element.body.iter(qn("w:tbl")))


def test_the_layout_has_the_merged_cells_of_the_official_blank_template(corpus: Path) -> None:
    official = body_tables(corpus / "template-2021-blank.docx")
    template = get_template("2021")
    for table, tbl in zip(template.tables, official, strict=True):
        spans, _ = table_spans(tbl)
        layout = table_layout(table)
        assert sorted((c.row, c.column, c.rowspan, c.colspan) for c in layout.cells) == spans, table.id


def test_rendered_tables_are_word_tables_merged_like_the_official_template(corpus: Path) -> None:
    official = body_tables(corpus / "template-2021-blank.docx")
    ours = body_tables(render(wuzhong_2021()))
    assert len(ours) == 3
    for theirs, mine in zip(official, ours, strict=True):
        their_spans, their_texts = table_spans(theirs)
        my_spans, my_texts = table_spans(mine)
        assert my_spans == their_spans
        # Same labels where the official template has labels (its blank value cells hold nothing).
        for their_line, my_line in zip(their_texts, my_texts, strict=True):
            for theirs_text, mine_text in zip(their_line, my_line, strict=True):
                if theirs_text.strip("\u3000 "):
                    assert mine_text.replace(" ", "") == theirs_text.replace(" ", "")


def test_values_in_cells_and_none_as_empty() -> None:
    report = huaian_2024().with_cells(t3__new__natural=None)
    tables = body_tables(render(report))
    _, t2 = table_spans(tables[0])
    assert t2[-1] == ["行政事业性收费", "96171.6"]
    _, t3 = table_spans(tables[1])
    columns = [c.id for c in report.spec.table("t3").blocks[0].columns]
    expected = [str(report[f"t3.new.{c}"]) for c in columns[1:]]
    assert t3[3][1:] == ["", *expected]
    _, t4 = table_spans(tables[2])
    assert t4[-1][4] == str(report["t4.reconsideration.total"]) == "351"


def test_a4_page_and_east_asian_fonts_set_where_word_and_wps_read_them() -> None:
    data = render(wuzhong_2021())
    document = docx.Document(BytesIO(data))
    section = document.sections[0]
    width, height = section.page_width, section.page_height
    assert width is not None
    assert height is not None
    assert (width.twips, height.twips) == (11906, 16838)  # A4
    styles = document.styles.element
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert defaults.get(qn("w:eastAsia")) == "仿宋"
    assert defaults.get(qn("w:eastAsiaTheme")) is None  # a theme font would override the explicit one
    for name, font in (("Normal", "仿宋"), ("Heading 1", "黑体"), ("Title", "宋体"), ("Table Text", "宋体")):
        fonts = document.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == font, name
    with zipfile.ZipFile(BytesIO(data)) as archive:
        assert "word/footer1.xml" in archive.namelist()
        assert "PAGE" in archive.read("word/footer1.xml").decode()


def test_headings_are_word_headings_and_narrative_is_indented() -> None:
    report = wuzhong_2021()
    document = docx.Document(BytesIO(render(report)))
    headings = [p.text for p in document.paragraphs if _style_name(p) == "Heading 1"]
    assert headings == [s.heading for s in report.spec.sections]
    title = document.paragraphs[0]
    assert title.text == report.title
    assert _style_name(title) == "Title"
    body = [p for p in document.paragraphs if p.text == report.sections["overview"][0]]
    assert body
    assert body[0].paragraph_format.first_line_indent > 0


def test_2019_template_renders_its_own_table_two() -> None:
    template = get_template("2019")
    report = Report(
        "2019", "某县人民政府", 2020, {"t2.procurement.amount": Decimal("12.5"), "t3.other.total": 4}
    )
    _, t2 = table_spans(body_tables(render(report))[0])
    assert ["政府集中采购", "", "12.5"] in t2
    assert sum(len(t.cells()) for t in template.tables) == len(template.cells)


def test_findings_become_comments_on_their_cells_without_changing_the_text() -> None:
    report = wuzhong_2021()
    finding = Finding(
        "rule.blank", Severity.ERROR, "行政复议结果维持为空白。", cells=("t4.reconsideration.upheld",)
    )
    plain = docx.Document(BytesIO(render(report)))
    commented_data = render(report, findings=[finding])
    commented = docx.Document(BytesIO(commented_data))
    assert [p.text for p in plain.paragraphs] == [p.text for p in commented.paragraphs]
    with zipfile.ZipFile(BytesIO(commented_data)) as archive:
        comments = archive.read("word/comments.xml").decode()
    assert "行政复议结果维持为空白" in comments


@pytest.mark.parametrize("text", ["控制字符\x01\x0b不会损坏文件。", "尖括号<b>与&符号。"])
def test_text_that_xml_cannot_hold_does_not_corrupt_the_file(text: str) -> None:
    report = Report("2021", "某局", 2021, {}, {"overview": (text,)})
    document = docx.Document(BytesIO(render(report)))
    assert any(p.text.startswith(text[:4]) for p in document.paragraphs)
