from __future__ import annotations

import contextlib
import copy
import zipfile
from collections.abc import Callable
from functools import cache
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from gongkai.core.errors import GongkaiError, UnreadableReportError
from gongkai.core.report.io import parse_bytes
from gongkai.core.report.model import Report
from gongkai.core.report.parse.blocks import Grid, Paragraph
from gongkai.core.report.parse.docx_reader import docx_blocks, read
from gongkai.core.report.render.docx_renderer import render
from tests.core.report.reports import huaian_2024, wuzhong_2021
from tests.core.report.strategies import reports

_MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
_WPS = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
_VML = 'xmlns:v="urn:schemas-microsoft-com:vml"'
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def edit_document(data: bytes, change: Callable[[etree._Element], None]) -> bytes:
    """The same DOCX with word/document.xml changed by `change(body)`."""
    source = zipfile.ZipFile(BytesIO(data))
    root = etree.fromstring(source.read("word/document.xml"))
    body = root.find(qn("w:body"))
    assert body is not None
    change(body)
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            payload = etree.tostring(root) if item.filename == "word/document.xml" else source.read(item)
            target.writestr(item, payload)
    return out.getvalue()


@pytest.mark.parametrize("make", [wuzhong_2021, huaian_2024], ids=["wuzhong", "huaian"])
def test_round_trip_of_the_real_reports(make) -> None:  # type: ignore[no-untyped-def]
    report = make()
    result = read(render(report))
    assert result.report == report
    assert result.format == "docx"


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_round_trip_of_any_report(report: Report) -> None:
    assert parse_bytes(render(report), name="r.docx").report == report


def test_the_official_blank_template_is_a_2021_report_with_every_cell_blank(corpus: Path) -> None:
    result = parse_bytes((corpus / "template-2021-blank.docx").read_bytes())
    report = result.report
    assert report.template == "2021"
    assert len(report.cells) == 200
    assert all(value is None for value in report.cells.values())
    assert all(paragraphs == () for paragraphs in report.sections.values())  # （文字描述） placeholders
    assert "parse.year_missing" in {f.code for f in result.findings}


def test_merged_cells_of_the_blank_template_are_expanded(corpus: Path) -> None:
    grids = [
        b for b in docx_blocks((corpus / "template-2021-blank.docx").read_bytes()) if isinstance(b, Grid)
    ]
    assert [(len(g.rows), len(g.rows[0])) for g in grids] == [(14, 4), (28, 10), (4, 15)]
    t3 = grids[1]
    assert all(len(row) == 10 for row in t3.rows)
    column = [(row[0].text, row[0].spanned) for row in t3.rows[5:27]]
    assert column[0] == ("三、本年度办理结果", False)
    assert all(cell == ("三、本年度办理结果", True) for cell in column[1:])
    assert [(c.text, c.spanned) for c in t3.rows[1][4:9]] == [("法人或其他组织", False)] + [
        ("法人或其他组织", True)
    ] * 4


def test_a_deleted_table_row_leaves_its_cells_blank_and_the_rest_intact() -> None:
    report = huaian_2024()

    def delete_repeat_row(body: etree._Element) -> None:
        t3 = body.findall(qn("w:tbl"))[1]
        rows = t3.findall(qn("w:tr"))
        target = next(tr for tr in rows if "重复申请" in "".join(t.text or "" for t in tr.iter(qn("w:t"))))
        t3.remove(target)

    result = read(edit_document(render(report), delete_repeat_row))
    lost = {k for k, v in result.report.cells.items() if v != report.cells[k]}
    assert lost == {
        f"t3.declined_repeat.{c}"
        for c in ("natural", "commercial", "research", "nonprofit", "legal", "other_org", "total")
    }
    assert all(result.report.cells[k] is None for k in lost)
    assert any("declined_repeat" in " ".join(f.cells) for f in result.findings)


def test_a_row_deleted_with_changes_tracked_is_not_read() -> None:
    """Word keeps a row deleted with 修订 on until the change is accepted; what the document says is without it."""
    report = huaian_2024()

    def replace_row_tracked(body: etree._Element) -> None:
        t3 = body.findall(qn("w:tbl"))[1]
        row = next(
            tr
            for tr in t3.findall(qn("w:tr"))
            if "重复申请" in "".join(t.text or "" for t in tr.iter(qn("w:t")))
        )
        old = copy.deepcopy(row)
        for text in old.iter(qn("w:t")):
            if (text.text or "").strip().isdigit():
                text.text = "9999"
        properties = old.find(qn("w:trPr"))
        if properties is None:
            properties = etree.SubElement(old, qn("w:trPr"))
            old.remove(properties)
            old.insert(0, properties)
        deletion = etree.SubElement(properties, qn("w:del"))
        deletion.set(qn("w:id"), "1")
        deletion.set(qn("w:author"), "审核人")
        row.addprevious(old)

    result = read(edit_document(render(report), replace_row_tracked))
    assert result.report == report
    assert "parse.duplicate_row" not in {f.code for f in result.findings}


def test_hidden_text_is_not_read() -> None:
    report = huaian_2024()

    def hide_a_note(body: etree._Element) -> None:
        figure = next(t for t in body.iter(qn("w:t")) if (t.text or "").strip() == "3119")
        note = parse_xml(f"<w:r {nsdecls('w')}><w:rPr><w:vanish/></w:rPr><w:t>（待核）77</w:t></w:r>")
        shown = parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:vanish w:val="0"/></w:rPr><w:t xml:space="preserve"> </w:t></w:r>'
        )
        run = figure.getparent()
        assert run is not None
        run.addnext(note)
        note.addnext(shown)

    result = read(edit_document(render(report), hide_a_note))
    assert result.report == report


def test_text_hidden_by_its_character_or_paragraph_style_is_not_read() -> None:
    report = huaian_2024()
    document = docx.Document(BytesIO(render(report)))
    note = document.styles.add_style("审核批注", WD_STYLE_TYPE.CHARACTER)
    note.font.hidden = True
    inherited = document.styles.add_style("审核批注（续）", WD_STYLE_TYPE.CHARACTER)
    inherited.base_style = note
    shown = document.styles.add_style("正式文字", WD_STYLE_TYPE.CHARACTER)
    shown.base_style = note
    shown.font.hidden = False
    internal = document.styles.add_style("内部说明", WD_STYLE_TYPE.PARAGRAPH)
    internal.font.hidden = True
    figure = next(t for t in document.element.body.iter(qn("w:t")) if (t.text or "").strip() == "3119")
    cell = next(c for row in document.tables[1].rows for c in row.cells if figure in c._tc.iter(qn("w:t")))
    paragraph = cell.paragraphs[0]
    paragraph.add_run("（待核）", style=note)
    paragraph.add_run("77", style=inherited)
    paragraph.add_run(" ", style=shown)
    document.paragraphs[-1].insert_paragraph_before(
        "内部说明：本报告第六部分尚待核定，请勿发布。", style=internal
    )
    out = BytesIO()
    document.save(out)
    assert read(out.getvalue()).report == report


@FUZZ
@given(st.data())
def test_any_deleted_table_row_raises_only_our_errors(data: st.DataObject) -> None:
    original = _wuzhong()

    def delete_row(body: etree._Element) -> None:
        rows = list(body.iter(qn("w:tr")))
        victim = rows[data.draw(st.integers(0, len(rows) - 1))]
        parent = victim.getparent()
        assert parent is not None
        parent.remove(victim)

    _parse_or_our_error(edit_document(original, delete_row))


@FUZZ
@given(st.floats(min_value=0, max_value=1, exclude_max=True))
def test_truncated_files_raise_only_our_errors(share: float) -> None:
    original = _wuzhong()  # zip timestamps vary: cut at a share of the length, not an offset
    cut = int(len(original) * share)
    with pytest.raises(GongkaiError):
        read(original[:cut])


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_raise_only_our_errors(data: bytes) -> None:
    with pytest.raises(UnreadableReportError):
        read(b"PK\x03\x04" + data)


def test_a_zip_that_is_not_a_word_document() -> None:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "你好")
    with pytest.raises(UnreadableReportError, match="DOCX"):
        read(out.getvalue())


def test_layout_tables_text_boxes_content_controls_and_tracked_changes() -> None:
    document = docx.Document()
    document.add_paragraph("某县人民政府2021年政府信息公开工作年度报告", style="Title")
    outer = document.add_table(rows=1, cols=1)
    outer.cell(0, 0).paragraphs[0].add_run("外层表格中的段落。")
    inner = outer.cell(0, 0).add_table(rows=2, cols=2)
    for r, c, text in ((0, 0, "信息内容"), (0, 1, "本年制发件数"), (1, 0, "规章"), (1, 1, "3")):
        inner.cell(r, c).text = text
    anchor = document.add_paragraph("锚定段落。")
    anchor._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")} {_MC} {_WPS} {_VML}><mc:AlternateContent><mc:Choice Requires="wps">'
            "<w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>文本框里的文字。</w:t></w:r></w:p>"
            "</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>"
            "<w:p><w:r><w:t>文本框里的文字。</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r>"
        )
    )
    document.element.body.insert(
        len(document.element.body) - 1,
        parse_xml(
            f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t xml:space="preserve">内容控件中的段落。</w:t></w:r>'
            "<w:del><w:r><w:delText>已删除</w:delText></w:r></w:del><w:ins><w:r><w:t>已插入</w:t></w:r></w:ins>"
            "<w:r><w:br/><w:t>换行后。</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        ),
    )
    out = BytesIO()
    document.save(out)
    blocks = docx_blocks(out.getvalue())
    described = [
        ("P", b.text, b.heading) if isinstance(b, Paragraph) else ("G", [[c.text for c in r] for r in b.rows])
        for b in blocks
    ]
    assert described == [
        ("P", "某县人民政府2021年政府信息公开工作年度报告", True),
        ("P", "外层表格中的段落。", False),
        ("G", [["信息内容", "本年制发件数"], ["规章", "3"]]),
        ("P", "锚定段落。", False),
        ("P", "文本框里的文字。", False),
        ("P", "内容控件中的段落。已插入", False),
        ("P", "换行后。", False),
    ]


def test_grid_before_and_legacy_horizontal_merge() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for c, text in enumerate(("甲", "乙", "丙")):
        table.cell(0, c).text = text
    second = table.rows[1]._tr
    second.remove(second.findall(qn("w:tc"))[0])
    second.insert(0, parse_xml(f'<w:trPr {nsdecls("w")}><w:gridBefore w:val="1"/></w:trPr>'))
    cells = second.findall(qn("w:tc"))
    cells[0].get_or_add_tcPr().append(parse_xml(f'<w:hMerge {nsdecls("w")} w:val="restart"/>'))
    cells[0].append(parse_xml(f"<w:p {nsdecls('w')}><w:r><w:t>合并</w:t></w:r></w:p>"))
    cells[1].get_or_add_tcPr().append(parse_xml(f'<w:hMerge {nsdecls("w")} w:val="continue"/>'))
    out = BytesIO()
    document.save(out)
    grid = next(b for b in docx_blocks(out.getvalue()) if isinstance(b, Grid))
    assert [[(c.text, c.spanned) for c in row] for row in grid.rows] == [
        [("甲", False), ("乙", False), ("丙", False)],
        [("", False), ("合并", False), ("合并", True)],
    ]


@cache
def _wuzhong() -> bytes:
    return render(wuzhong_2021())


def _parse_or_our_error(data: bytes) -> None:
    with contextlib.suppress(GongkaiError):
        read(data)


def test_xml_beyond_what_a_report_holds_is_refused_before_it_is_parsed() -> None:
    """lxml holds a body about 20 times its XML's size: 300 MB of XML (what fits the package limit) took 6 GB.
    A package whose XML is over 40 MB is refused; its compressed size is no guide (here a few kilobytes)."""
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(render(huaian_2024()))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy_,
    ):
        for info in source.infolist():
            copy_.writestr(info, source.read(info))
        copy_.writestr("customXml/item9.xml", b"<a>" + b" " * (41 * 1024 * 1024) + b"</a>")
    assert len(out.getvalue()) < 200_000
    with pytest.raises(UnreadableReportError, match="解压后过大"):
        parse_bytes(out.getvalue(), name="report.docx")
