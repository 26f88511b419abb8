"""Reading an annual report from a Word document (DOCX) into blocks, then into a Report via `assemble`.

- The body in document order: paragraphs and tables, including those inside content controls (`w:sdt`),
  custom XML wrappers and text boxes (the text box's own paragraphs follow the paragraph anchoring it; of
  Word's two copies of a text box, `mc:Choice` and `mc:Fallback`, only the first is read).
- Paragraph text: runs, hyperlinks and field results; tracked deletions (of text, or of a whole table row),
  hidden text (`w:vanish` on the run, its character style or its paragraph's style, through `basedOn`) and field
  codes are not text; a manual line break (`w:br`) ends a paragraph as a new paragraph would. Heading styles
  (Title, Heading 1…, and WPS's numbered style ids resolved through the style names) and outline levels mark
  headings.
- Tables: merged cells expanded — `gridSpan` across, `vMerge` down (a continuation repeats the text of the
  cell above, marked spanned), `gridBefore`/`gridAfter` as empty positions; a cell's paragraphs are joined.
  A table that holds other tables, or has a single column, is layout and is read as a container.
- A file whose other parts are missing or broken (styles, theme, settings, a relationship to a part that is gone)
  is read from `word/document.xml` itself, as Word repairs it; a body that is not whole XML, a file that is not a
  DOCX, a corrupt archive or a zip bomb → `UnreadableReportError` with a Chinese message.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from io import BytesIO

import docx
from docx.oxml.ns import qn
from lxml import etree

from gongkai.core.errors import UnreadableReportError
from gongkai.core.report.model import ParseResult, SourceRef
from gongkai.core.report.parse.assemble import assemble
from gongkai.core.report.parse.blocks import Block, Paragraph
from gongkai.core.report.parse.grid import MAX_COLUMNS, Slot, make_grid

__all__ = ["HEADING_STYLE_WORDS", "Walker", "docx_blocks", "drop_hidden_runs", "hidden_styles", "read"]

FORMAT = "docx"
# Uncompressed size of all parts; a real annual report is a few megabytes at most (images included).
MAX_UNCOMPRESSED = 300 * 1024 * 1024
# lxml holds the body's tree in memory (about 20 times its XML): a report's XML is well under 5 MB.
MAX_XML = 40 * 1024 * 1024

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_R, _T, _TAB, _BR, _CR = qn("w:r"), qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")
_VANISH = qn("w:vanish")
_SDT, _SDT_CONTENT, _CUSTOM_XML, _SMART_TAG = (
    qn("w:sdt"),
    qn("w:sdtContent"),
    qn("w:customXml"),
    qn("w:smartTag"),
)
_TXBX = qn("w:txbxContent")
_SKIPPED = frozenset(
    {
        qn("w:del"), qn("w:delText"), qn("w:instrText"), qn("w:delInstrText"), qn("w:pPr"), qn("w:rPr"),
        qn("w:footnoteReference"), qn("w:endnoteReference"), qn("w:commentReference"),
        "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
    }
)  # fmt: skip
_WRAPPERS = frozenset({_SDT_CONTENT, _CUSTOM_XML, _SMART_TAG})
HEADING_STYLE_WORDS = ("heading", "title", "标题")


def read(data: bytes) -> ParseResult:
    """Parses a DOCX annual report."""
    return assemble(docx_blocks(data), fmt=FORMAT)


_MESSAGE = "无法打开这个Word文件：文件已损坏，或不是DOCX格式。"
_DOCUMENT_PART = "word/document.xml"
_STYLES_PART = "word/styles.xml"
# The parts of a package read without python-docx: no entities, no network, no huge trees.
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def _open(data: bytes) -> docx.document.Document | None:
    """The document as python-docx opens it; None when only the package around the body is broken."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            infos = archive.infolist()
            xml = sum(info.file_size for info in infos if info.filename.endswith((".xml", ".rels")))
            if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED or xml > MAX_XML:
                raise UnreadableReportError("这个Word文件解压后过大，不像是一份年度报告，已拒绝读取。")
            if _DOCUMENT_PART not in {info.filename for info in infos}:
                raise UnreadableReportError(_MESSAGE)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise UnreadableReportError(_MESSAGE) from error
    try:
        return docx.Document(BytesIO(data))
    except Exception:  # python-docx raises many kinds on a broken package (KeyError, XMLSyntaxError…)
        return None


def docx_blocks(data: bytes) -> list[Block]:
    """The document body as paragraphs and grids, in reading order."""
    document = _open(data)
    heading_styles: set[str] = set()
    hidden: dict[str, bool] = {}
    if document is None:
        body, heading_styles, hidden = _body_without_package(data)
    else:
        body = document.element.body
        for style in document.styles:
            name = (style.name or "").lower()
            if style.style_id and any(word in name for word in HEADING_STYLE_WORDS):
                heading_styles.add(style.style_id)
        hidden = hidden_styles(document.styles.element)
    drop_hidden_runs(body, hidden)
    walker = Walker(heading_styles)
    walker.container(body)
    return walker.blocks


def _body_without_package(data: bytes) -> tuple[etree._Element, set[str], dict[str, bool]]:
    """The body read straight from `word/document.xml`, for a file whose other parts are missing or broken (a
    style sheet, a theme, settings, a relationship to a part that is gone: Word repairs such a file, python-docx
    refuses it). The body itself must be whole XML — a document cut short is refused, never read in part."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            root = etree.fromstring(archive.read(_DOCUMENT_PART), _XML_PARSER)
            styles = _style_sheet(archive)
    except Exception as error:  # zipfile and lxml raise many kinds on a damaged part
        raise UnreadableReportError(_MESSAGE) from error
    body = root.find(qn("w:body"))
    if body is None:
        raise UnreadableReportError(_MESSAGE)
    if styles is None:
        return body, set(), {}
    return body, _heading_styles(styles), hidden_styles(styles)


def _style_sheet(archive: zipfile.ZipFile) -> etree._Element | None:
    """`word/styles.xml`; None when it is missing or broken (which only loses which paragraphs are headings)."""
    try:
        return etree.fromstring(archive.read(_STYLES_PART), _XML_PARSER)
    except Exception:  # zipfile and lxml raise many kinds on a missing or damaged part
        return None


def _heading_styles(root: etree._Element) -> set[str]:
    """The ids of heading styles in a style sheet."""
    found: set[str] = set()
    for style in root.iter(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        name = style.find(qn("w:name"))
        label = (name.get(qn("w:val")) or "") if name is not None else ""
        if style_id and any(word in label.lower() for word in HEADING_STYLE_WORDS):
            found.add(style_id)
    return found


def hidden_styles(styles: etree._Element) -> dict[str, bool]:
    """Whether each style of a style sheet (`w:styles`) makes text hidden (隐藏文字): its own `w:vanish`, else the
    one of the style it is based on; styles that say nothing are left out."""
    if next(styles.iter(_VANISH), None) is None:
        return {}  # no style says anything about hiding: most documents
    own: dict[str, bool] = {}
    based_on: dict[str, str] = {}
    for style in styles.iter(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        if not style_id:
            continue
        vanish = _find(style.find(qn("w:rPr")), "w:vanish")
        if vanish is not None:
            own[style_id] = _on(vanish)
        parent = _find(style, "w:basedOn")
        if parent is not None and parent.get(qn("w:val")):
            based_on[style_id] = parent.get(qn("w:val")) or ""
    resolved: dict[str, bool] = {}
    for style_id in {*own, *based_on}:
        seen: set[str] = set()
        current: str | None = style_id
        while current is not None and current not in own and current not in seen:
            seen.add(current)
            current = based_on.get(current)
        if current is not None and current in own:
            resolved[style_id] = own[current]
    return resolved


def drop_hidden_runs(body: etree._Element, hidden: dict[str, bool]) -> None:
    """Removes the runs formatted hidden — directly (`w:vanish` in the run), by their character style, or by
    their paragraph's style: Word neither shows nor prints them, so they are not what the document says."""
    if not any(hidden.values()) and next(body.iter(_VANISH), None) is None:
        return  # nothing hidden: most documents
    for p in list(body.iter(_P)):
        paragraph_style = _find(p.find(qn("w:pPr")), "w:pStyle")
        in_paragraph = (
            hidden.get(paragraph_style.get(qn("w:val")) or "", False)
            if paragraph_style is not None
            else False
        )
        for run in list(p.iter(_R)):
            if next(run.iterancestors(_P), None) is not p:
                continue  # a run of a paragraph inside this one (a text box's): judged with its own paragraph
            properties = run.find(qn("w:rPr"))
            vanish = _find(properties, "w:vanish")
            character_style = _find(properties, "w:rStyle")
            if vanish is not None:
                is_hidden = _on(vanish)
            elif character_style is not None and (character_style.get(qn("w:val")) or "") in hidden:
                is_hidden = hidden[character_style.get(qn("w:val")) or ""]
            else:
                is_hidden = in_paragraph
            parent = run.getparent()
            if is_hidden and parent is not None:
                parent.remove(run)


def _on(toggle: etree._Element) -> bool:
    """A toggle property's value: on unless its `w:val` says off."""
    return toggle.get(qn("w:val"), "true") not in ("0", "false", "off")


def _children(element: etree._Element) -> Iterator[etree._Element]:
    """Child elements, looking through content controls and custom-XML wrappers."""
    for child in element:
        if child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _children(content)
        elif child.tag in _WRAPPERS:
            yield from _children(child)
        else:
            yield child


def _int_attr(element: etree._Element | None, default: int) -> int:
    if element is None:
        return default
    value = element.get(qn("w:val"))
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


class Walker:
    """Blocks from a WordprocessingML body (`container(body)`), in reading order; also reads Word 2003 XML."""

    def __init__(self, heading_styles: set[str], fmt: str = FORMAT) -> None:
        self.heading_styles = heading_styles
        self.fmt = fmt
        self.blocks: list[Block] = []
        self.paragraphs = 0
        self.tables = 0

    def container(self, element: etree._Element) -> None:
        for child in _children(element):
            if child.tag == _P:
                self.paragraph(child)
            elif child.tag == _TBL:
                self.table(child)

    def paragraph(self, p: etree._Element) -> None:
        self.paragraphs += 1
        parts: list[str] = []
        boxes: list[etree._Element] = []
        _collect(p, parts, boxes)
        heading = self._is_heading(p)
        source = SourceRef(format=self.fmt, line=self.paragraphs)
        for line in "".join(parts).split("\n"):
            text = line.replace("\t", " ").strip()
            if text:
                self.blocks.append(Paragraph(text, source, heading=heading))
        for box in boxes:
            self.container(box)

    def _is_heading(self, p: etree._Element) -> bool:
        properties = p.find(qn("w:pPr"))
        if properties is None:
            return False
        if properties.find(qn("w:outlineLvl")) is not None:
            return _int_attr(properties.find(qn("w:outlineLvl")), 9) < 9
        style = properties.find(qn("w:pStyle"))
        return style is not None and style.get(qn("w:val")) in self.heading_styles

    def table(self, tbl: etree._Element) -> None:
        rows = [tr for tr in _children(tbl) if tr.tag == _TR and not _deleted_row(tr)]
        nested = any(
            tc.find(f".//{_TBL}") is not None for tr in rows for tc in _children(tr) if tc.tag == _TC
        )
        matrix = _matrix(rows)
        width = max((len(r) for r in matrix), default=0)
        if nested or width < 2:
            for tr in rows:
                for tc in _children(tr):
                    if tc.tag == _TC:
                        self.container(tc)
            return
        self.tables += 1
        grid = make_grid(matrix, fmt=self.fmt, table=self.tables)
        if grid is not None:
            self.blocks.append(grid)


def _collect(element: etree._Element, parts: list[str], boxes: list[etree._Element]) -> None:
    """The text of a paragraph (or any run container) in document order; text boxes set aside."""
    for child in element:
        tag = child.tag
        if tag in _SKIPPED or not isinstance(tag, str):
            continue
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _TAB:
            parts.append("\t")
        elif tag in (_BR, _CR):
            parts.append("\n")
        elif tag == _NO_BREAK_HYPHEN:
            parts.append("-")
        elif tag == _TXBX:
            boxes.append(child)
        elif tag == _P:
            # A paragraph nested in a run container (rare, from other tools): keep its text as a line.
            parts.append("\n")
            _collect(child, parts, boxes)
            parts.append("\n")
        else:
            _collect(child, parts, boxes)


def _cell_text(tc: etree._Element) -> str:
    lines: list[str] = []
    for child in _children(tc):
        if child.tag == _P:
            parts: list[str] = []
            _collect(child, parts, [])
            text = " ".join(part.strip() for part in "".join(parts).replace("\t", " ").split("\n"))
            if text.strip():
                lines.append(text.strip())
    return " ".join(lines)


def _matrix(rows: list[etree._Element]) -> list[list[Slot]]:
    matrix: list[list[Slot]] = []
    for tr in rows:
        properties = tr.find(qn("w:trPr"))
        line: list[Slot] = [("", False)] * min(MAX_COLUMNS, _int_attr(_find(properties, "w:gridBefore"), 0))
        above = matrix[-1] if matrix else []
        for tc in _children(tr):
            if tc.tag != _TC or len(line) >= MAX_COLUMNS:
                continue
            tc_pr = tc.find(qn("w:tcPr"))
            span = max(1, min(_int_attr(_find(tc_pr, "w:gridSpan"), 1), MAX_COLUMNS - len(line)))
            v_merge = _find(tc_pr, "w:vMerge")
            h_merge = _find(tc_pr, "w:hMerge")
            column = len(line)
            if (
                v_merge is not None
                and v_merge.get(qn("w:val"), "continue") == "continue"
                and column < len(above)
            ):
                first = (above[column][0], True)
            elif h_merge is not None and h_merge.get(qn("w:val"), "continue") == "continue" and line:
                first = (line[-1][0], True)
            else:
                first = (_cell_text(tc), False)
            line.append(first)
            line.extend([(first[0], True)] * (span - 1))
        matrix.append(line)
    return matrix


def _deleted_row(tr: etree._Element) -> bool:
    """A row deleted with changes tracked (修订): still in the file until the deletion is accepted."""
    return _find(tr.find(qn("w:trPr")), "w:del") is not None


def _find(parent: etree._Element | None, name: str) -> etree._Element | None:
    return None if parent is None else parent.find(qn(name))
