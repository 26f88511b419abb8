"""The Word 2003 XML reader: on files LibreOffice saved in that format from our own DOCX renders
(tests/fixtures/wordml/, made by scripts/make_office_fixtures.py), and on a document written the way Word 2003
writes one (section wrappers, `vmerge`, `hlink`, heading styles) — what office systems generate and name .doc."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.errors import GongkaiError, UnreadableReportError
from gongkai.core.report.io import detect_format, parse_bytes, parse_file
from gongkai.core.report.parse.blocks import Grid, Paragraph
from gongkai.core.report.parse.wordml_reader import read, wordml_blocks
from tests.core.report.reports import huaian_2024, wuzhong_2021

WORDML = Path(__file__).parents[3] / "fixtures" / "wordml"


@pytest.mark.parametrize(
    ("name", "make"),
    [("wuzhong-approval-bureau-2021", wuzhong_2021), ("huaian-city-government-2024", huaian_2024)],
)
def test_the_real_reports_as_word_2003_xml(name, make) -> None:  # type: ignore[no-untyped-def]
    result = parse_file(WORDML / f"{name}.xml")
    assert result.format == "wordml"
    assert result.report == make()
    assert not result.findings


def test_hidden_text_and_tracked_deletions_in_word_2003s_own_markup_are_not_read() -> None:
    data = (WORDML / "huaian-city-government-2024.xml").read_bytes()
    data = data.replace(
        b"<w:styles>",
        b'<w:styles><w:style w:type="character" w:styleId="Note"><w:name w:val="Note"/>'
        b'<w:rPr><w:vanish w:val="on"/></w:rPr></w:style>',
        1,
    ).replace(
        b"<w:r><w:t>3119</w:t></w:r>",
        b'<aml:annotation aml:id="1" w:type="Word.Deletion"><aml:content><w:r><w:delText>8888</w:delText></w:r>'
        b"</aml:content></aml:annotation><w:r><w:t>3119</w:t></w:r>"
        b'<w:r><w:rPr><w:rStyle w:val="Note"/></w:rPr><w:t>(77)</w:t></w:r>'
        b"<w:r><w:rPr><w:vanish/></w:rPr><w:t>66</w:t></w:r>",
        1,
    )
    if b"xmlns:aml=" not in data[:2000]:
        data = data.replace(
            b"<w:wordDocument ", b'<w:wordDocument xmlns:aml="http://schemas.microsoft.com/aml/2001/core" ', 1
        )
    result = parse_bytes(data, name="report.xml")
    assert result.report == huaian_2024()


def test_generated_from_a_template_and_named_doc() -> None:
    data = (WORDML / "wuzhong-approval-bureau-2021.xml").read_bytes()
    for name in ("报告.doc", "报告.xml", "报告.html", None):
        assert detect_format(data, name) == "wordml"
    assert parse_bytes(data, name="吴忠市审批服务管理局2021年报告.doc").report == wuzhong_2021()


WORD_2003 = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<?mso-application progid="Word.Document"?>
<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"
    xmlns:wx="http://schemas.microsoft.com/office/word/2003/auxHint">
<w:styles><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style></w:styles>
<w:body><wx:sect><wx:sub-section>
<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>标题</w:t></w:r></w:p>
<w:p><w:hlink w:dest="http://x"><w:r><w:t>链接</w:t></w:r></w:hlink><w:r><w:br/><w:t>次行</w:t></w:r></w:p>
<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>
<w:tr><w:tc><w:tcPr><w:vmerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc>
  <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>B</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vmerge/></w:tcPr><w:p/></w:tc>
  <w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr>
</w:tbl>
</wx:sub-section></wx:sect></w:body></w:wordDocument>""".encode()


def test_word_2003s_own_vocabulary() -> None:
    blocks = wordml_blocks(WORD_2003)
    paragraphs = [block for block in blocks if isinstance(block, Paragraph)]
    assert [(p.text, p.heading) for p in paragraphs] == [("标题", True), ("链接", False), ("次行", False)]
    [grid] = [block for block in blocks if isinstance(block, Grid)]
    assert [[(cell.text, cell.spanned) for cell in row] for row in grid.rows] == [
        [("A", False), ("B", False), ("B", True)],
        [("A", True), ("1", False), ("2", False)],
    ]


def test_entities_are_not_resolved() -> None:
    hostile = WORD_2003.replace(
        b'<?mso-application progid="Word.Document"?>',
        b'<!DOCTYPE w:wordDocument [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
    ).replace("标题".encode(), b"&secret;")
    texts = [block.text for block in wordml_blocks(hostile) if isinstance(block, Paragraph)]
    assert not any("root:" in text for text in texts)


def test_not_word_2003_xml_is_refused_in_chinese() -> None:
    with pytest.raises(UnreadableReportError, match="格式有误"):
        read(WORD_2003[:-40])
    with pytest.raises(UnreadableReportError, match="不是 Word 2003 XML"):
        read(b'<?xml version="1.0"?><root xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"/>')


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.floats(min_value=0, max_value=1, exclude_max=True))
def test_truncated_files_raise_only_our_errors(share: float) -> None:
    data = (WORDML / "huaian-city-government-2024.xml").read_bytes()
    with contextlib.suppress(GongkaiError):
        parse_bytes(data[: int(len(data) * share)], name="report.doc")
