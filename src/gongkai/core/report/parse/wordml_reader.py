"""Reading an annual report from a Word 2003 XML document (WordprocessingML 2003, `<w:wordDocument>`) — what Word
saves as "Word 2003 XML 文档", and what many office systems generate from a template and name .doc.

Its vocabulary is, element for element, the one DOCX later took (paragraphs, runs, tables with `gridSpan`), in
an earlier namespace and with a few names of its own (`vmerge`, `hmerge`, `hlink`; sections wrapped in
`wx:sect` and `wx:sub-section`). So the document is read in that namespace, the older names renamed and the
wrappers opened, and its body is walked by the DOCX reader's `Walker`: one reader of WordprocessingML. Headings
are marked by their styles' names, as in a DOCX.

The XML is parsed without resolving entities or fetching anything (no XXE); a file that is not well-formed XML,
or not a Word 2003 document, is refused with `UnreadableReportError`.
"""

from __future__ import annotations

from lxml import etree

from gongkai.core.errors import UnreadableReportError
from gongkai.core.report.formats import WORDML_NAMESPACE
from gongkai.core.report.model import ParseResult
from gongkai.core.report.parse.assemble import assemble
from gongkai.core.report.parse.blocks import Block
from gongkai.core.report.parse.docx_reader import HEADING_STYLE_WORDS, Walker, drop_hidden_runs, hidden_styles

__all__ = ["read", "wordml_blocks"]

FORMAT = "wordml"
_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_AUX_HINT = "http://schemas.microsoft.com/office/word/2003/auxHint"
_RENAMED = {f"{{{_MAIN}}}vmerge": f"{{{_MAIN}}}vMerge", f"{{{_MAIN}}}hmerge": f"{{{_MAIN}}}hMerge"}
_WRAPPERS = frozenset({f"{{{_AUX_HINT}}}sect", f"{{{_AUX_HINT}}}sub-section"})
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)


def read(data: bytes) -> ParseResult:
    """Parses a Word 2003 XML annual report."""
    return assemble(wordml_blocks(data), fmt=FORMAT)


def wordml_blocks(data: bytes) -> list[Block]:
    """The document body as paragraphs and grids, in reading order."""
    # The 2003 namespace becomes the one the DOCX reader knows; an attribute's namespace changes with it.
    try:
        root = etree.fromstring(data.replace(WORDML_NAMESPACE, _MAIN.encode()), _PARSER)
    except etree.XMLSyntaxError as error:
        raise UnreadableReportError(f"这个 Word 2003 XML 文件格式有误，无法读取（{error.msg}）。") from error
    if root.tag != f"{{{_MAIN}}}wordDocument":
        raise UnreadableReportError("这个 XML 文件不是 Word 2003 XML 文档（没有 w:wordDocument），无法读取。")
    body = root.find(f"{{{_MAIN}}}body")
    if body is None:
        raise UnreadableReportError("这个 Word 2003 XML 文档没有正文（w:body），无法读取。")
    for element in list(body.iter()):
        if not isinstance(element.tag, str):
            continue
        renamed = _RENAMED.get(element.tag)
        if renamed is not None:
            element.tag = renamed
        elif element.tag in _WRAPPERS:
            _unwrap(element)
    styles = root.find(f"{{{_MAIN}}}styles")
    if styles is not None:
        drop_hidden_runs(body, hidden_styles(styles))
    else:
        drop_hidden_runs(body, {})
    walker = Walker(_heading_styles(root), fmt=FORMAT)
    walker.container(body)
    return walker.blocks


def _unwrap(element: etree._Element) -> None:
    """Puts the element's children in its place (a section wrapper says nothing about the text)."""
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    parent.remove(element)


def _heading_styles(root: etree._Element) -> set[str]:
    styles: set[str] = set()
    for style in root.iterfind(f"{{{_MAIN}}}styles/{{{_MAIN}}}style"):
        name = style.find(f"{{{_MAIN}}}name")
        label = (name.get(f"{{{_MAIN}}}val") or "").lower() if name is not None else ""
        style_id = style.get(f"{{{_MAIN}}}styleId")
        if style_id and any(word in label for word in HEADING_STYLE_WORDS):
            styles.add(style_id)
    return styles
