"""Reading an annual report published as a web page (HTML) into blocks, then into a Report via `assemble`.

Built for what agencies actually publish, not only for our own pages:
- Encoding: a BOM, else the `<meta charset>` / `http-equiv` declaration (GB2312 and GBK are read as GB18030, their
  superset), else UTF-8, else GB18030.
- The main content: portal pages wrap the report in navigation, breadcrumbs, sidebars and footers. `nav`,
  `aside`, `footer`, scripts, forms and elements whose class/id says menu/breadcrumb/footer/share… are dropped;
  the content root is the smallest element holding the report title and the section headings (一、总体情况 …),
  and what precedes the title inside it (a breadcrumb, 发布时间/来源 lines) is skipped.
- Paragraphs: from block elements (p, div, h1–h6, li, …) and `<br>`; inline markup (span, font, b, o:p …) is
  text. Whitespace is folded as a browser folds it, `&nbsp;` and the ideographic indent 　　 are trimmed, and a
  source line break between two Chinese characters is dropped (a browser would show a stray space there).
  A heading broken by `<br>` (机关名称<br>2021年…年度报告) is one heading.
- Tables: `rowspan`/`colspan` expanded (copies marked spanned); text of nested p/span/font/br inside a cell
  joined; a table that holds other tables in its cells, or has a single column, is layout and is read as a
  container. A table whose `</table>` is missing holds the rest of the page (lxml nests it there): its own rows
  are the grid, and what follows them is read after it, where a browser shows it.
  Captions are not text of the report; nor is text marked deleted (`<del>`, as Word's "save as web page" writes
  a change tracked and not accepted — a browser shows it struck through).
- A page that holds no report → `UnreadableReportError` (raised by `assemble`).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple, cast

from lxml import etree

from gongkai.core.errors import UnreadableReportError
from gongkai.core.report.labels import normalize, strip_numbering
from gongkai.core.report.model import ParseResult, SourceRef
from gongkai.core.report.parse.assemble import assemble
from gongkai.core.report.parse.blocks import Block, Paragraph, cell_source
from gongkai.core.report.parse.grid import Slot, SpanCell, make_grid, place_spans
from gongkai.core.report.templates import TEMPLATES

__all__ = ["decode_html", "html_blocks", "read"]

FORMAT = "html"

_SKIP = frozenset(
    {
        "head", "script", "style", "noscript", "template", "nav", "aside", "footer", "form", "button",
        "select", "option", "textarea", "input", "iframe", "object", "embed", "svg", "canvas", "map",
        "caption", "audio", "video", "title", "meta", "link", "del",
    }
)  # fmt: skip
_BLOCK = frozenset(
    {
        "html", "body", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
        "blockquote", "section", "article", "main", "header", "pre", "address", "figure", "figcaption",
        "center", "hr", "table", "tr", "td", "th", "tbody", "thead", "tfoot", "fieldset", "details",
        "summary", "hgroup",
    }
)  # fmt: skip
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_TABLE_PARTS = frozenset({"table", "tbody", "thead", "tfoot", "tr", "td", "th"})
_BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|footer|foot|sidebar|side|share|copyright|toolbar"
    r"|topbar|search|login|related|links|friendlink)(?:$|[\s_-])",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_INFO_BAR = re.compile(
    r"(?:发布(?:时间|日期)|来源|浏览(?:次数)?|点击(?:数|量)?|字号|访问量|信息来源|作者)\s*[:：]"
)
_ONLY_BRACKETS = re.compile(r"[\s【】\[\]()（）|｜/·]*")
# A line of the page's own buttons (【打印本页】【关闭窗口】, 字号：大 中 小): their `javascript:` links, by which
# `_skipped` knows them, are gone from a page a browser saved (MHTML, "网页，全部").
_PAGE_TOOL = r"打印本页|打印此页|打印文章|打印|关闭本页|关闭窗口|关闭|返回顶部|回到顶部|收藏本页|加入收藏|收藏|分享到|分享|字号|字体|纠错|[大中小]|默认"
_PAGE_TOOLS = re.compile(rf"(?:[\s【】\[\]()（）|｜/·:：]*(?:{_PAGE_TOOL}))+[\s【】\[\]()（）|｜/·:：]*")
_PAGE_TOOL_WORD = re.compile(r"打印|关闭|顶部|收藏|分享|字号|字体|纠错")
_MAX_PAGE_TOOLS = 60
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\f\v]*[\r\n][ \t\r\n\f\v]*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_INVISIBLE = str.maketrans({"\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None, "\xad": None})
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([-\w.:]+)""", re.IGNORECASE)
_GB = {
    "gb2312",
    "gbk",
    "gb_2312-80",
    "x-gbk",
    "cp936",
    "ms936",
    "csgb2312",
    "euc-cn",
    "hz-gb-2312",
    "gb18030",
}
_SPAN = re.compile(r"[ \t\n\f\r]*\+?([0-9]+)")
_TITLE_WORD = "年度报告"
# Plain lxml elements (not lxml.html's HtmlElement): the same tree, several times faster to walk.
_PARSER = etree.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, collect_ids=False
)
_NEEDS_CLEANING = re.compile(r"[\s\u200b\u200c\u200d\ufeff\xad]")
_MAX_TITLE = 80


def _section_titles() -> frozenset[str]:
    titles: set[str] = set()
    for template in TEMPLATES.values():
        for section in template.sections:
            titles.add(normalize(section.title))
            titles.update(normalize(v) for v in section.variants)
    return frozenset(titles)


_SECTION_TITLES = _section_titles()


def read(data: bytes) -> ParseResult:
    """Parses an HTML page holding an annual report."""
    return assemble(html_blocks(data), fmt=FORMAT)


def decode_html(data: bytes, *, declared: str | None = None) -> str:
    """The page's text, decoded by its BOM, the charset declared for it from outside (`declared`: an HTTP or MIME
    header), its own declared charset, else UTF-8, else GB18030 — the first that reads every byte."""
    return _decode(data, declared=declared)[0]


def _decode(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """`decode_html`, and the encoding that read the bytes ("bom" when a byte order mark decided)."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace").lstrip("\ufeff"), "bom"
    head = data[:4096]
    inside = _CHARSET.search(head) or _XML_ENCODING.search(head)
    names = [declared or "", inside.group(1).decode("ascii", "replace") if inside else ""]
    candidates = ["gb18030" if name in _GB else name for name in (n.strip().lower() for n in names) if name]
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace"), "replace"


def html_blocks(data: bytes) -> list[Block]:
    """The page's main content as paragraphs and grids, in reading order."""
    text, encoding = _decode(data)
    if not text.strip():
        raise UnreadableReportError("网页是空的，没有可读取的内容。")
    # The parser reads UTF-8: bytes that decoded as UTF-8 are given as they are (re-encoding gives them back).
    utf8 = data if encoding == "utf-8" else text.encode("utf-8", errors="replace")
    try:
        root = etree.fromstring(utf8, _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise UnreadableReportError("无法解析这个网页：它不是有效的HTML文件。") from error
    if root is None:
        raise UnreadableReportError("无法解析这个网页：它不是有效的HTML文件。")
    body = root.find("body")
    if body is None:
        body = root
    walker = _Walker()
    walker.walk(body)
    walker.flush()
    entries = _main_content(walker.entries, body)
    blocks: list[Block] = []
    tables = 0
    for entry in entries:
        if isinstance(entry.content, str):
            source = cell_source(FORMAT, None, entry.line, None, None, None, None)
            blocks.append(Paragraph(entry.content, source, heading=entry.heading))
            continue
        tables += 1
        grid = make_grid(entry.content, fmt=FORMAT, table=tables)
        if grid is not None:
            blocks.append(grid)
    page_title = _page_title(root)
    if page_title and not any(isinstance(e.content, str) and _is_title(e.content) for e in entries):
        blocks.insert(0, Paragraph(page_title, SourceRef(format=FORMAT, line=1), heading=True))
    return blocks


class _Entry(NamedTuple):
    """A paragraph (text) or a table (its expanded matrix), with the element it was read from."""

    content: str | list[list[Slot]]
    element: etree._Element
    line: int | None = None
    heading: bool = False
    link_only: bool = False


def _main_content(entries: list[_Entry], body: etree._Element) -> list[_Entry]:
    """The entries inside the smallest element holding the title and the section headings, from the title on.

    Portal pages put navigation, breadcrumbs, lists of other years' reports and footers around the report;
    the section headings (一、总体情况 …) and the report title mark where the report itself is.
    """
    headings = [
        i
        for i, entry in enumerate(entries)
        if isinstance(entry.content, str)
        and len(entry.content) <= _MAX_TITLE
        and _is_section_heading(entry.content)
    ]
    first_heading = headings[0] if headings else len(entries)
    title: int | None = None
    for i in range(first_heading):
        content = entries[i].content
        if isinstance(content, str) and not entries[i].link_only and _is_title(content):
            title = i
    if not headings:
        return entries[title or 0 :]
    marks = [entries[i].element for i in headings] + ([entries[title].element] if title is not None else [])
    if len(marks) < 2:  # one mark says nothing about where the report ends
        return entries[title or 0 :]
    root = _common_ancestor(marks)
    if root is body:
        return entries[title or 0 :]
    return [
        e
        for e in entries[title or 0 :]
        if e.element is root or any(a is root for a in e.element.iterancestors())
    ]


def _is_section_heading(text: str) -> bool:
    known = _SECTION_HEADINGS.get(text)
    if known is None:
        stripped = strip_numbering(text)
        known = stripped in _SECTION_TITLES and normalize(text) != stripped
        if len(_SECTION_HEADINGS) >= _MAX_CACHED:
            _SECTION_HEADINGS.clear()
        _SECTION_HEADINGS[text] = known
    return known


# Line → whether it is a numbered section heading: pages repeat the same headings (and short lines).
_SECTION_HEADINGS: dict[str, bool] = {}
_MAX_CACHED = 8192


def _page_title(root: etree._Element) -> str:
    element = next(root.iterdescendants("title"), None)
    if element is None:
        return ""
    text = _clean(_text_of(element))
    # Portal titles read "报告标题_网站名" or "报告标题 - 网站名".
    for separator in ("_", " - ", "-", "|", "｜"):
        if separator in text:
            text = max(text.split(separator), key=lambda part: _TITLE_WORD in part).strip()
    return text if _is_title(text) else ""


def _is_title(text: str) -> bool:
    return _TITLE_WORD in text and len(text) <= _MAX_TITLE


def _skipped(element: etree._Element) -> bool:
    tag = element.tag
    if not isinstance(tag, str):
        return True
    if tag in _SKIP:
        return True
    get = element.get
    if get("hidden") is not None or get("aria-hidden") == "true":
        return True
    style = get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    if tag == "a":
        return (get("href") or "").lower().startswith("javascript:")  # 打印本页 / 关闭窗口 / 字号 buttons
    if tag in _TABLE_PARTS:
        return False
    hints = f"{get('class') or ''} {get('id') or ''} {get('role') or ''}"
    return len(hints) > 2 and _BOILERPLATE.search(hints) is not None


def _text_of(element: etree._Element) -> str:
    return "".join(cast("Iterable[str]", element.itertext()))


def _common_ancestor(elements: list[etree._Element]) -> etree._Element:
    chains = [list(reversed([e, *e.iterancestors()])) for e in elements]
    common = chains[0][0]
    for depth in range(min(len(c) for c in chains)):
        candidate = chains[0][depth]
        if all(chain[depth] is candidate for chain in chains):
            common = candidate
        else:
            break
    return common


def _clean(text: str) -> str:
    """Whitespace folded as a browser folds it; nbsp and the ideographic indent trimmed at the ends."""
    stripped = text.strip()
    if stripped.isalnum() or _NEEDS_CLEANING.search(stripped) is None:  # isalnum: no space of any kind
        return stripped
    text = text.translate(_INVISIBLE)
    text = _CJK_BREAK.sub("", text)
    text = _SPACES.sub(" ", text)
    return text.replace("\xa0", " ").strip()


def _span(value: str | None) -> int:
    """A `rowspan`/`colspan` as a browser reads it (HTML's rules for parsing non-negative integers): leading
    spaces and a `+` skipped, then the digits up to the first other character (`2px` → 2, `2.5` → 2); anything
    else (`-2`, `x3`, empty) is the default 1, and so is 0 (a rowspan of 0 is read as 1 here, not "to the end").
    """
    if not value or value == "1":
        return 1
    if value.isdigit():
        return int(value) if value.isascii() else 1
    match = _SPAN.match(value)
    return int(match.group(1)) if match else 1


@dataclass
class _Walker:
    """Walks the page in document order, collecting paragraphs and tables (boilerplate skipped)."""

    entries: list[_Entry] = field(default_factory=list)
    line: list[str] = field(default_factory=list)
    line_element: etree._Element | None = None
    line_in_link: bool = True
    in_heading: int = 0
    in_link: int = 0
    heading_line: bool = False

    def flush(self) -> None:
        if not self.line:
            return
        text = _clean("".join(self.line))
        self.line = []
        heading, self.heading_line = self.heading_line, False
        link_only, self.line_in_link = self.line_in_link, True
        element = self.line_element
        if not text or element is None:
            return
        if len(_INFO_BAR.findall(text)) >= 2 or _ONLY_BRACKETS.fullmatch(text):
            return
        if len(text) <= _MAX_PAGE_TOOLS and _PAGE_TOOLS.fullmatch(text) and _PAGE_TOOL_WORD.search(text):
            return
        line = element.sourceline if isinstance(element.sourceline, int) else None
        self.entries.append(_Entry(text, element, line, heading, link_only))

    def _append(self, text: str | None, element: etree._Element) -> None:
        if not text:
            return
        if not self.line:
            self.line_element = element
        self.line.append(text)
        if not self.in_link and not text.isspace():
            self.line_in_link = False
        if self.in_heading:
            self.heading_line = True

    def walk(self, element: etree._Element) -> None:
        if _skipped(element):
            return
        tag = element.tag
        if tag == "br":
            if not self.in_heading:
                self.flush()
            return
        if tag == "table" and self._grid(element):
            for beside in _beside_rows(element):
                self.walk(beside)
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        if tag in _HEADINGS:
            self.in_heading += 1
        elif tag == "a":
            self.in_link += 1
        self._append(element.text, element)
        for child in element:
            self.walk(child)
            self._append(child.tail, element)
        if tag in _HEADINGS:
            self.in_heading -= 1
            self.heading_line = True
        elif tag == "a":
            self.in_link -= 1
        if block:
            self.flush()

    def _grid(self, table: etree._Element) -> bool:
        """Records a data table; False for a layout table (read as a container instead)."""
        if any(_in_cell_of(inner, table) for inner in table.iterdescendants("table")):
            return False
        rows: list[list[SpanCell]] = []
        for tr in table.iter("tr"):
            if _skipped(tr) or next(tr.iterancestors("table")) is not table:
                continue
            rows.append(
                [
                    (
                        _clean(td.text or "") if not len(td) else _cell_text(td),
                        1 if (rowspan := td.get("rowspan")) is None else _span(rowspan),
                        1 if (colspan := td.get("colspan")) is None else _span(colspan),
                    )
                    for td in tr.iterchildren("td", "th")
                ]
            )
        matrix = place_spans(rows)
        if max((len(r) for r in matrix), default=0) < 2:
            return False
        self.flush()
        self.entries.append(
            _Entry(matrix, table, table.sourceline if isinstance(table.sourceline, int) else None)
        )
        return True


def _in_cell_of(element: etree._Element, table: etree._Element) -> bool:
    """Whether `element` lies inside a cell of `table` (not merely inside the table element)."""
    for ancestor in element.iterancestors():
        if ancestor is table:
            return False
        if ancestor.tag in ("td", "th"):
            return next(ancestor.iterancestors("table")) is table
    return False


def _beside_rows(table: etree._Element) -> Iterable[etree._Element]:
    """What a table element holds besides its rows: the rest of the page when its `</table>` is missing (lxml
    then nests what follows — the next section's heading, text and table — inside it, where a browser shows it
    after the table)."""
    for child in table:
        if child.tag in ("thead", "tbody", "tfoot"):
            yield from (part for part in child if part.tag != "tr" and isinstance(part.tag, str))
        elif child.tag not in ("tr", "caption", "colgroup", "col") and isinstance(child.tag, str):
            yield child


def _cell_text(cell: etree._Element) -> str:
    if not len(cell):
        return _clean(cell.text or "")
    parts: list[str] = []

    def collect(element: etree._Element) -> None:
        if _skipped(element):
            return
        tag = element.tag
        if tag == "br" or tag in _BLOCK:
            parts.append(" ")
        if element.text:
            parts.append(element.text)
        for child in element:
            collect(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _BLOCK:
            parts.append(" ")

    collect(cell)
    return _clean("".join(parts))
