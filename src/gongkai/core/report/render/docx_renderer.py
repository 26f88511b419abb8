"""The annual report as a Word document (DOCX) that opens and edits cleanly in Word and WPS.

A4 portrait with the margins of official documents (GB/T 9704: 37/35/28/26 mm), the title in 宋体, the
section headings in 黑体 as Word headings (so they show in the navigation pane), the narrative in 仿宋 三号 with
a two-character first-line indent, page numbers "- N -" in the footer. East Asian fonts are set where Word
and WPS look for them (`w:eastAsia` on the document defaults, the styles and every run), the language is
zh-CN. Tables 二/三/四 are real Word tables with the merged cells of the official blank template
(`gridSpan`/`vMerge`, from `render/layout.py`), fixed column widths, heading rows repeated on a new page and
rows that never split. A blank cell (None) is an empty cell. Findings, when passed, become Word comments on the
cells they name (the report text stays exactly the report).

Everything is read from the template declaration; no label is spelled here.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from typing import cast

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tc
from docx.shared import Emu, Mm, Pt, RGBColor, Twips
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from gongkai.core.office import xml_safe
from gongkai.core.report.model import SEVERITY_LABELS, Finding, Report
from gongkai.core.report.render.layout import LayoutCell, TableLayout, table_layout, value_text
from gongkai.core.report.template import Template

__all__ = ["render"]

_LATIN = "Times New Roman"
_BODY_FONT = "仿宋"  # FangSong: the body face of Chinese official documents
_TITLE_FONT = "宋体"
_HEADING_FONT = "黑体"
_TABLE_FONT = "宋体"
_BODY_SIZE = Pt(16)  # 三号
_TITLE_SIZE = Pt(22)  # 二号
_TABLE_SIZE = Pt(10)
_TEXT_WIDTH = Mm(210 - 28 - 26)
_HEADING_FILL = "DDE7F3"
_TABLE_STYLE = "Table Text"


def render(report: Report, *, findings: Sequence[Finding] = ()) -> bytes:
    """The report as DOCX bytes."""
    document = docx.Document()
    _set_up_page(document)
    _set_up_styles(document)
    template = report.spec
    _paragraph(document, report.title, style="Title", align=WD_ALIGN_PARAGRAPH.CENTER)
    for text in report.sections.get("preamble", ()):
        _paragraph(document, text)
    value_runs: dict[str, object] = {}
    for section in template.sections:
        document.add_paragraph(xml_safe(section.heading), style="Heading 1")
        if section.narrative:
            for text in report.sections.get(section.id, ()):
                _paragraph(document, text)
        if section.table is not None:
            _table(document, report, table_layout(template.table(section.table)), value_runs)
    if findings:
        _comment_findings(document, template, findings, value_runs)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _set_fonts(rpr: object, east_asia: str, latin: str = _LATIN) -> None:
    fonts = rpr.get_or_add_rFonts()  # type: ignore[attr-defined]
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def _set_up_page(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Twips(11906), Twips(16838)  # A4, as Word writes it
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(25)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("- ")
    run = footer.add_run()
    begin, code, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code.set(qn("xml:space"), "preserve")
    code.text = " PAGE "
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(code)
    run._r.append(end)
    footer.add_run(" -")
    for run in footer.runs:
        run.font.size = Pt(14)
        _set_fonts(run._r.get_or_add_rPr(), _TITLE_FONT)


def _set_up_styles(document: docx.document.Document) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is not None:
                for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                    fonts.attrib.pop(qn(theme), None)
                fonts.set(qn("w:ascii"), _LATIN)
                fonts.set(qn("w:hAnsi"), _LATIN)
                fonts.set(qn("w:eastAsia"), _BODY_FONT)
                fonts.set(qn("w:cs"), _LATIN)
            lang = rpr.find(qn("w:lang"))
            if lang is not None:
                lang.set(qn("w:val"), "zh-CN")
                lang.set(qn("w:eastAsia"), "zh-CN")
    normal = styles["Normal"]
    normal.font.size = _BODY_SIZE
    _set_fonts(normal.element.get_or_add_rPr(), _BODY_FONT)
    body = normal.paragraph_format
    body.space_before, body.space_after = Pt(0), Pt(0)
    body.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    body.line_spacing = Pt(28)
    body.widow_control = True

    title = styles["Title"]
    title.font.size, title.font.bold = _TITLE_SIZE, True
    title.font.color.rgb = RGBColor(0, 0, 0)
    title.font.all_caps = False
    _set_fonts(title.element.get_or_add_rPr(), _TITLE_FONT)
    title_ppr = title.element.get_or_add_pPr()
    border = title_ppr.find(qn("w:pBdr"))
    if border is not None:
        title_ppr.remove(border)
    title.paragraph_format.space_before, title.paragraph_format.space_after = Pt(0), Pt(24)
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    heading = styles["Heading 1"]
    heading.font.size, heading.font.bold, heading.font.italic = _BODY_SIZE, False, False
    heading.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(heading.element.get_or_add_rPr(), _HEADING_FONT)
    fmt = heading.paragraph_format
    fmt.space_before, fmt.space_after = Pt(6), Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.first_line_indent = Pt(32)
    fmt.keep_with_next = True

    cells = styles.add_style(_TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cells.base_style = normal
    cells.font.size = _TABLE_SIZE
    _set_fonts(cells.element.get_or_add_rPr(), _TABLE_FONT)
    fmt = cells.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.space_before, fmt.space_after = Pt(2), Pt(2)


def _paragraph(
    document: docx.document.Document,
    text: str,
    *,
    style: str | None = None,
    align: WD_PARAGRAPH_ALIGNMENT | None = None,
) -> None:
    paragraph = document.add_paragraph(style=style)
    if align is not None:
        paragraph.alignment = align
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Pt(32)
        indent = paragraph._p.get_or_add_pPr().get_or_add_ind()
        indent.set(qn("w:firstLineChars"), "200")
    paragraph.add_run(xml_safe(text))


def _table(
    document: docx.document.Document, report: Report, layout: TableLayout, value_runs: dict[str, object]
) -> None:
    # Rows are written as XML directly: python-docx's cell()/merge() recompute the whole grid on every call.
    table = document.add_table(rows=0, cols=layout.n_columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table._tbl)
    total = sum(layout.column_weights)
    widths = [int(_TEXT_WIDTH * w / total) for w in layout.column_weights]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    table_width = table._tbl.tblPr.find(qn("w:tblW"))
    if table_width is not None:  # an explicit width: WPS lays out an "auto" fixed table differently
        table_width.set(qn("w:type"), "dxa")
        table_width.set(qn("w:w"), str(Emu(sum(widths)).twips))
    repeat_header = len(layout.table.blocks) == 1
    style_id = document.styles[_TABLE_STYLE].style_id
    for r in range(layout.n_rows):
        tr = OxmlElement("w:tr")
        tr_pr = OxmlElement("w:trPr")
        tr_pr.append(OxmlElement("w:cantSplit"))
        if repeat_header and r in layout.header_rows:
            tr_pr.append(OxmlElement("w:tblHeader"))
        tr.append(tr_pr)
        c = 0
        while c < layout.n_columns:
            cell = layout.anchor_at(r, c)
            c = cell.column + cell.colspan
            tc = cast("CT_Tc", OxmlElement("w:tc"))
            tr.append(tc)
            target = _Cell(tc, table)
            target.width = Emu(sum(widths[cell.column : cell.column + cell.colspan]))
            tc_pr = tc.get_or_add_tcPr()
            if cell.colspan > 1:
                tc_pr.grid_span = cell.colspan
            if cell.rowspan > 1:
                tc_pr.vMerge_val = "restart" if cell.row == r else "continue"
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            if cell.role == "heading":
                _shade(tc, _HEADING_FILL)
            paragraph = target.add_paragraph()
            if cell.row != r:
                continue
            run = _fill(paragraph, cell, report, style_id)
            if cell.role == "value" and cell.cell is not None:
                value_runs[cell.cell.id] = run
        table._tbl.append(tr)
    document.add_paragraph()


def _fill(paragraph: DocxParagraph, cell: LayoutCell, report: Report, style_id: str) -> object:
    if cell.role == "value":
        assert cell.cell is not None
        text = value_text(report.cells[cell.cell.id])
    else:
        text = xml_safe(cell.text)
    paragraph._p.get_or_add_pPr().style = style_id
    if cell.role == "heading" or (cell.role == "row" and cell.rowspan == 1):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    run = paragraph.add_run(text)
    if cell.role == "heading":
        run.bold = True
    return run


def _borders(tbl: object) -> None:
    tbl_pr = tbl.tblPr  # type: ignore[attr-defined]
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "6")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    _insert_before(tbl_pr, borders, ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"))


def _insert_before(parent: object, child: object, successors: tuple[str, ...]) -> None:
    """Inserts `child` where the OOXML schema wants it (Word rejects elements out of order)."""
    for name in successors:
        found = parent.find(qn(name))  # type: ignore[attr-defined]
        if found is not None:
            found.addprevious(child)
            return
    parent.append(child)  # type: ignore[attr-defined]


def _shade(tc: object, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr = tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    _insert_before(
        tc_pr, shading, ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
    )


def _comment_findings(
    document: docx.document.Document,
    template: Template,
    findings: Sequence[Finding],
    value_runs: dict[str, object],
) -> None:
    for finding in findings:
        runs = [value_runs[c] for c in finding.cells if c in value_runs]
        if not runs:
            continue
        text = f"{SEVERITY_LABELS[finding.severity]}：{xml_safe(finding.message)}"
        for run in runs:
            document.add_comment(run, text=text, author="Gongkai", initials="GK")  # type: ignore[arg-type]
