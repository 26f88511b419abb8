"""Reading an annual report from an RTF file — what many office systems export as "Word" (often named .doc) and
what Word and WPS save as 富文本格式 — into blocks, then into a Report via `assemble`.

RTF is read here, by its specification (RTF 1.9.1), not with a library: the text-only converters put a cell's
paragraphs on lines of their own and so break table rows apart, and the table structure is what a report needs.

- Text: characters; `\\'hh` bytes decoded in the code page of the current font's charset (GB2312/GBK for
  \\fcharset134, Big5 for 136…) or the document's `\\ansicpgN`, consecutive bytes together (a Chinese character is
  two); `\\uN` Unicode characters, the `\\ucN` fallback characters after them skipped. Symbols (`\\emdash`,
  `\\ldblquote`…) as their characters. Field instructions, pictures, objects' data, headers, footers, notes,
  style and list tables and every `{\\*\\…}` destination are not text; field results and list numbers are.
  Characters deleted with changes tracked (`\\deleted`) or hidden (`\\v`) are not text either (until `\\deleted0`,
  `\\v0`, `\\plain` or the group's end); the paragraph and cell marks among them still count.
- Paragraphs: `\\par` ends one, `\\line`, `\\page` and `\\sect` break the line.
- Tables: `\\cell` ends a cell, `\\row` its row, whose definition (`\\trowd`, `\\trleft`, each cell's `\\cellx`
  right edge and `\\clvmrg`/`\\clmrg` merges) gives the cells' edges; `\\itapN`, `\\nestcell`, `\\nestrow` and
  `\\nesttableprops` the same for tables inside cells. `marks.stream_blocks`, shared with the .doc reader, makes
  the grids.
- Bad input: no `{\\rtf` header, or a group structure that never closes before the end → `UnreadableReportError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from gongkai.core.errors import UnreadableReportError
from gongkai.core.report.model import ParseResult
from gongkai.core.report.parse.assemble import assemble
from gongkai.core.report.parse.blocks import Block
from gongkai.core.report.parse.grid import MAX_COLUMNS
from gongkai.core.report.parse.marks import CELL_MARK, OUTSIDE, PARAGRAPH_MARK, Mark, Merge, stream_blocks

__all__ = ["read", "rtf_blocks"]

FORMAT = "rtf"

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # a control word and its parameter (one space after it belongs to it)
    rb"|\\'([0-9a-fA-F]{2})"  # a byte in the current code page
    rb"|\\([^a-zA-Z'])"  # a control symbol: \{ \} \\ \~ \- \_ \* …
    rb"|([{}])"
    rb"|([\r\n]+)"  # line ends in the file are not text
    rb"|([^\\{}\r\n]+)"
)
# Destinations whose content is not the document's text.
_SKIPPED = frozenset(
    {
        "fonttbl", "colortbl", "stylesheet", "info", "pict", "objdata", "objclass", "header", "headerl", "headerr",
        "headerf", "footer", "footerl", "footerr", "footerf", "footnote", "annotation", "atnid", "atnauthor",
        "listtable", "listoverridetable", "revtbl", "rsidtbl", "generator", "xmlnstbl", "themedata",
        "colorschememapping", "latentstyles", "datastore", "pgdsctbl", "shppict", "nonshppict", "sp", "fldinst",
        "filetbl", "mmathPr", "userprops", "docvar", "bkmkstart", "bkmkend", "template", "falt", "panose",
        "nonesttables",
    }
)  # fmt: skip
_SYMBOLS = {
    "emdash": "—", "endash": "–", "lquote": "‘", "rquote": "’", "ldblquote": "“", "rdblquote": "”",
    "bullet": "•", "emspace": "\u2003", "enspace": "\u2002", "qmspace": "\u2005", "tab": "\t",
    "line": "\n", "page": "\n", "sect": "\n", "column": "\n",
}  # fmt: skip
_CONTROL_SYMBOLS = {"~": "\u00a0", "_": "-", "-": "", "{": "{", "}": "}", "\\": "\\"}
# \fcharset → code page (RTF specification; the rest are Windows code pages of the same number).
_CHARSET_CODEPAGES = {
    0: 1252, 1: 0, 2: 0, 77: 10000, 128: 932, 129: 949, 130: 1361, 134: 936, 136: 950, 161: 1253, 162: 1254,
    163: 1258, 177: 1255, 178: 1256, 186: 1257, 204: 1251, 222: 874, 238: 1250, 254: 437, 255: 850,
}  # fmt: skip
_MAX_DEPTH = 1000
_BRACES = re.compile(rb"\\[\\{}]|\\bin(\d{1,10}) ?|[{}]")
# The control words read below; every other one is formatting.
_READ_WORDS = frozenset(
    {
        *_SKIPPED, *_SYMBOLS, "bin", "uc", "ansicpg", "f", "fcharset", "trowd", "trleft", "clvmrg", "clmrg", "cellx",
        "pard", "intbl", "itap", "u", "par", "cell", "row", "nestcell", "nestrow", "deleted", "v", "plain",
    }
)  # fmt: skip
_SURROGATE = re.compile("[\ud800-\udfff]")


def read(data: bytes) -> ParseResult:
    """Parses an RTF annual report."""
    return assemble(rtf_blocks(data), fmt=FORMAT)


def rtf_blocks(data: bytes) -> list[Block]:
    """The document body as paragraphs and grids, in reading order."""
    if not data.lstrip()[:5] == b"{\\rtf":
        raise UnreadableReportError("这不是 RTF 文件（文件开头没有“{\\rtf”）。")
    return stream_blocks(_Reader(data).paragraphs(), fmt=FORMAT)


@dataclass(frozen=True)
class _Group:
    """What a group changes and its end restores."""

    skip: bool = False  # inside a destination that is not text
    unseen: bool = (
        False  # characters a reader does not see: deleted with changes tracked (\deleted), hidden (\v)
    )
    unicode_skip: int = 1  # \ucN: how many fallback characters follow a \uN
    codepage: int = 1252
    font_table: bool = False
    nested_row: bool = False  # inside \nesttableprops: a row definition of a table inside a cell
    depth: int = 0  # the paragraph's table depth (\intbl, \itapN; \pard resets it)


@dataclass
class _Row:
    """The row definition in force: its left edge, each cell's right edge and merge."""

    left: int = 0
    rights: list[int] | None = None
    merges: list[Merge] | None = None
    pending_merge: Merge = Merge.NONE

    def mark(self, *, depth: int, inner: bool) -> Mark:
        rights = (self.rights or [])[:MAX_COLUMNS]
        edges = (self.left, *rights) if rights else ()
        merges = tuple((self.merges or [])[: len(rights)])
        if inner:
            return Mark(depth=depth, inner_row_end=True, edges=edges, merges=merges)
        return Mark(depth=1, row_end=True, edges=edges, merges=merges)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.default_codepage = 1252
        self.font_codepages: dict[int, int] = {}
        self.defining_font: int | None = None

    def paragraphs(self) -> Iterator[tuple[str, str, Mark]]:
        group = _Group()
        stack: list[_Group] = []
        line: list[str] = []
        pending = bytearray()  # \'hh bytes not yet decoded
        to_skip = 0  # fallback characters still to skip after a \uN
        rows = [_Row(), _Row()]  # the row definitions in force: the outermost table's, and an inner table's
        destination_next = False  # after \*: the group is an ignorable destination unless known

        def flush_bytes() -> None:
            if pending:
                line.append(_decode(bytes(pending), group.codepage))
                pending.clear()

        def take_line() -> str:
            flush_bytes()
            text = "".join(line)
            line.clear()
            if _SURROGATE.search(text):  # a character beyond the BMP, written as two \uN
                text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
            return text

        data, position = self.data, 0
        while match := _TOKEN.match(data, position):
            position = match.end()
            word, parameter, hex_byte, symbol, brace, _newline, text = match.groups()
            if brace is not None:
                flush_bytes()
                if brace == b"{":
                    if len(stack) >= _MAX_DEPTH:
                        raise UnreadableReportError("RTF 文件的分组嵌套过深，文件可能已损坏。")
                    stack.append(group)
                    destination_next = False
                elif stack:
                    group = stack.pop()
                    if group.font_table:
                        self.defining_font = None
                to_skip = 0
                continue
            if hex_byte is not None:
                if to_skip:
                    to_skip -= 1
                elif not (group.skip or group.unseen):
                    pending.append(int(hex_byte, 16))
                continue
            if text is not None:
                if group.skip:
                    continue
                flush_bytes()
                chars = text.decode("latin-1")
                if to_skip:
                    skipped, to_skip = min(to_skip, len(chars)), max(0, to_skip - len(chars))
                    chars = chars[skipped:]
                if not group.unseen:
                    line.append(chars)
                continue
            if _newline is not None:
                continue
            if symbol is not None:
                name = symbol.decode("latin-1")
                if name == "*":
                    destination_next = True
                    continue
                if group.skip:
                    continue
                flush_bytes()
                if to_skip:
                    to_skip -= 1
                    continue
                if not group.unseen:
                    line.append(_CONTROL_SYMBOLS.get(name, ""))
                continue
            name = word.decode("ascii")
            to_skip = 0
            if not destination_next and name not in _READ_WORDS:
                continue  # formatting (fonts, sizes, spacing, borders…): nothing a report's content needs
            value = int(parameter) if parameter is not None else None
            if name == "bin" and value is not None and value > 0:
                position += value  # raw bytes (a picture's), whatever they hold
                continue
            if destination_next and name == "nesttableprops":
                destination_next = False
                group = replace(group, nested_row=True)
                continue
            if name == "fonttbl":
                group = replace(group, skip=True, font_table=True)
                continue
            if destination_next or name in _SKIPPED:
                # Not text: the rest of the group is passed over unread.
                destination_next = False
                position = _group_end(data, position)
                if stack:
                    group = stack.pop()
                continue
            if name == "uc" and value is not None:
                group = replace(group, unicode_skip=max(0, value))
            elif name == "ansicpg" and value is not None:
                self.default_codepage = value
                group = replace(group, codepage=value)
            elif name == "f" and value is not None:
                if group.font_table:
                    self.defining_font = value
                else:
                    flush_bytes()
                    group = replace(group, codepage=self.font_codepages.get(value, self.default_codepage))
            elif name == "fcharset" and value is not None and self.defining_font is not None:
                codepage = _CHARSET_CODEPAGES.get(value, self.default_codepage)
                self.font_codepages[self.defining_font] = codepage or self.default_codepage
            # A row's definition is read even where text is skipped (Word repeats it in a group of its own).
            elif name == "trowd":
                rows[1 if group.nested_row else 0] = _Row()
            elif name == "trleft" and value is not None:
                rows[1 if group.nested_row else 0].left = value
            elif name in ("clvmrg", "clmrg"):
                rows[1 if group.nested_row else 0].pending_merge = (
                    Merge.ABOVE if name == "clvmrg" else Merge.BEFORE
                )
            elif name == "cellx" and value is not None:
                row = rows[1 if group.nested_row else 0]
                if len(row.rights or ()) < MAX_COLUMNS:  # a row's cells beyond the grid's width are not read
                    row.rights = [*(row.rights or []), value]
                    row.merges = [*(row.merges or []), row.pending_merge]
                row.pending_merge = Merge.NONE
            elif name == "pard":
                group = replace(group, depth=0)
            elif name == "intbl":
                group = replace(group, depth=max(group.depth, 1))
            elif name == "itap" and value is not None:
                group = replace(group, depth=max(0, value))
            elif group.skip:
                continue
            elif name in ("deleted", "v"):
                flush_bytes()
                group = replace(group, unseen=value != 0)
            elif name == "plain":  # character formatting back to the defaults: seen again
                flush_bytes()
                group = replace(group, unseen=False)
            elif name == "u" and value is not None:
                flush_bytes()
                if not group.unseen:
                    line.append(chr(value % 0x10000))
                to_skip = group.unicode_skip
            elif name == "par":
                yield take_line(), PARAGRAPH_MARK, Mark(depth=group.depth) if group.depth else OUTSIDE
            elif name == "cell":
                yield take_line(), CELL_MARK, Mark(depth=1)
            elif name == "row":
                yield take_line(), CELL_MARK, rows[0].mark(depth=1, inner=False)
            elif name == "nestcell":
                yield take_line(), PARAGRAPH_MARK, Mark(depth=max(group.depth, 2), inner_cell_end=True)
            elif name == "nestrow":
                yield take_line(), PARAGRAPH_MARK, rows[1].mark(depth=max(group.depth, 2), inner=True)
            elif name in _SYMBOLS and not group.unseen:
                flush_bytes()
                line.append(_SYMBOLS[name])
        if stack:
            raise UnreadableReportError("RTF 文件不完整：文件在结束前被截断，或已损坏。")
        rest = take_line()
        if rest.strip():
            yield rest, PARAGRAPH_MARK, OUTSIDE


def _group_end(data: bytes, position: int) -> int:
    """The position just after the brace that closes the group `position` is in (the end of `data` if none)."""
    depth = 1
    while match := _BRACES.search(data, position):
        position = match.end()
        token = match.group()
        if token == b"{":
            depth += 1
        elif token == b"}":
            depth -= 1
            if depth == 0:
                return position
        elif match.group(1) is not None:
            position += int(match.group(1))
    return len(data)


def _decode(data: bytes, codepage: int) -> str:
    try:
        return data.decode(f"cp{codepage}")
    except (LookupError, UnicodeDecodeError):
        pass
    for fallback in ("gb18030", "cp1252"):
        try:
            return data.decode(fallback)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")
