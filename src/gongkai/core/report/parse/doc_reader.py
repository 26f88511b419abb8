"""Reading an annual report from a Word 97–2003 document (.doc) — and from a WPS 文字 file (.wps), which WPS
writes in the same binary format — into blocks, then into a Report via `assemble`.

Many portals still publish reports as .doc. No maintained Python library reads the format's table structure
(the text-only extractors lose which cell a figure stood in, and antiword, the usual external tool, has not
been released since 2005), so the little of [MS-DOC] a report needs is read here, on top of olefile (the
maintained reader of the OLE compound file that holds the document's streams):

- The text: the main document's characters (FibRgLw97.ccpText) assembled from the piece table (the CLX):
  UTF-16 pieces, and "compressed" 8-bit pieces (cp1252). Field codes (between 0x13 and 0x14) are dropped and
  their results kept; pictures, drawn objects and note marks are not text; a manual line break (0x0B) or a page
  or section break (0x0C) ends a paragraph as a new paragraph would.
- Text deleted with changes tracked (修订) or hidden is not text: the character properties sprmCFRMarkDel and
  sprmCFVanish, read from the CHPX pages; the paragraph and cell marks among it still count.
- Tables: the mark 0x07 ends a cell — or a row, when its paragraph is a table terminating paragraph (the
  paragraph property sprmPFTtp, read from the PAPX pages of the WordDocument stream, or from the Data stream
  for a large one); a table inside a cell has its own marks (sprmPItap, sprmPFInnerTableCell/Ttp). The row's
  table definition (sprmTDefTable) gives each cell's edges and merges; `marks.stream_blocks` (shared with the
  RTF reader) makes the grids.
- Refused with a Chinese message: an OLE file that is not a Word document (an .xls, a password-protected
  .docx), Word 95 or earlier, a document with a password, a damaged file.
"""

from __future__ import annotations

import struct
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO

import olefile

from gongkai.core.errors import UnreadableReportError
from gongkai.core.report.model import ParseResult
from gongkai.core.report.parse.assemble import assemble
from gongkai.core.report.parse.blocks import Block
from gongkai.core.report.parse.marks import CELL_MARK, OUTSIDE, PARAGRAPH_MARK, Mark, Merge, stream_blocks

__all__ = ["doc_blocks", "read"]

FORMAT = "doc"

_WORD_IDENT = 0xA5EC
_FIRST_WORD97_NFIB = 0x00C0  # Word 97 writes 0x00C1; Word 6 and 95 write 0x0065–0x0068
_ENCRYPTED = 0x0100
_TABLE_STREAM_1 = 0x0200
_FKP_SIZE = 512
_BX_SIZE = 13  # an FKP's BxPap: the PAPX's offset (in words), then 12 reserved bytes
_TC80_SIZE = 20
# Indexes of (fc, lcb) pairs in FibRgFcLcb97, counted in 4-byte fields.
_FC_PLCF_BTE_CHPX = 24
_FC_PLCF_BTE_PAPX = 26
_FC_CLX = 66
# The sprms that say where a paragraph stands in a table, and the row's table definition.
_SPRM_IN_TABLE = 0x2416
_SPRM_TTP = 0x2417
_SPRM_INNER_TTP = 0x244C
_SPRM_INNER_CELL = 0x244B
_SPRM_ITAP = 0x6649
_SPRM_HUGE_PAPX = 0x6646
_SPRM_DEF_TABLE = 0xD608
_SPRM_CHANGE_TABS = 0xC615
# Character properties that make text no text: deleted with changes tracked, hidden.
_SPRM_DELETED = 0x0800
_SPRM_VANISH = 0x083C
_TOGGLED_ON = frozenset({0x01, 0x81})  # on; opposite of the style (whose own is off in practice)
# Operand sizes by a sprm's spra bits (6 is variable: a size byte first).
_OPERAND_SIZES = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}

_FIELD_BEGIN, _FIELD_SEPARATOR, _FIELD_END = "\x13", "\x14", "\x15"
# Characters that stand for something other than text (pictures, drawn objects, note and comment marks).
_NOT_TEXT = frozenset(
    "\x00\x01\x02\x03\x04\x05\x06\x08\x0e\x0f\x10\x11\x12\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1f"
)
_LINE_BREAKS = frozenset("\x0b\x0c")

_DAMAGED = "这个 Word（.doc）文件已损坏，无法读取。请在 Word 或 WPS 中打开，“另存为”.docx 后再导入。"


def read(data: bytes) -> ParseResult:
    """Parses a Word 97–2003 (or WPS) annual report."""
    return assemble(doc_blocks(data), fmt=FORMAT)


def doc_blocks(data: bytes) -> list[Block]:
    """The document body as paragraphs and grids, in reading order."""
    document = _open(data)
    try:
        return _Builder(document).blocks()
    except (struct.error, IndexError, ValueError, KeyError) as error:
        raise UnreadableReportError(_DAMAGED) from error


@dataclass(frozen=True)
class _Document:
    word: bytes  # the WordDocument stream
    table: bytes  # the 0Table or 1Table stream
    data: bytes  # the Data stream (may be empty)
    text_length: int  # ccpText
    clx: tuple[int, int]
    papx_bins: tuple[int, int]
    chpx_bins: tuple[int, int]


def _open(data: bytes) -> _Document:
    try:
        ole = olefile.OleFileIO(BytesIO(data))
    except Exception as error:  # olefile raises many kinds for a damaged container
        raise UnreadableReportError(_DAMAGED) from error
    with ole:
        if not ole.exists("WordDocument"):
            raise UnreadableReportError(
                "这个文件不是 Word 97–2003（.doc）或 WPS 文字文档（可能是 .xls 工作簿，或设置了打开密码的 Office 文件），"
                "无法读取。请在 Word、Excel 或 WPS 中打开，“另存为”.docx 或 .xlsx 后再导入。"
            )
        try:
            word = ole.openstream("WordDocument").read()
            if len(word) < 0x22 or struct.unpack_from("<H", word, 0)[0] != _WORD_IDENT:
                raise UnreadableReportError(_DAMAGED)
            nfib, flags = struct.unpack_from("<H", word, 2)[0], struct.unpack_from("<H", word, 0x0A)[0]
            if nfib < _FIRST_WORD97_NFIB:
                raise UnreadableReportError(
                    "这是 Word 95 或更早版本的文档，无法读取。请在 Word 或 WPS 中打开，“另存为”.docx 后再导入。"
                )
            if flags & _ENCRYPTED:
                raise UnreadableReportError(
                    "这个 Word 文件设置了打开密码，无法读取。请先在 Word 或 WPS 中取消密码，再另存为 .docx 后导入。"
                )
            table_name = "1Table" if flags & _TABLE_STREAM_1 else "0Table"
            if not ole.exists(table_name):
                raise UnreadableReportError(_DAMAGED)
            table = ole.openstream(table_name).read()
            extra = ole.openstream("Data").read() if ole.exists("Data") else b""
            text_length, fc_lcb = _fib(word)
        except UnreadableReportError:
            raise
        except Exception as error:  # olefile and struct raise many kinds for a damaged file
            raise UnreadableReportError(_DAMAGED) from error
    return _Document(
        word=word,
        table=table,
        data=extra,
        text_length=text_length,
        clx=(fc_lcb[_FC_CLX], fc_lcb[_FC_CLX + 1]),
        papx_bins=(fc_lcb[_FC_PLCF_BTE_PAPX], fc_lcb[_FC_PLCF_BTE_PAPX + 1]),
        chpx_bins=(fc_lcb[_FC_PLCF_BTE_CHPX], fc_lcb[_FC_PLCF_BTE_CHPX + 1]),
    )


def _fib(word: bytes) -> tuple[int, tuple[int, ...]]:
    """ccpText and the FibRgFcLcb97 fields, read past the variable-length parts of the FIB before them."""
    position = 0x20
    (csw,) = struct.unpack_from("<H", word, position)
    position += 2 + 2 * csw
    (cslw,) = struct.unpack_from("<H", word, position)
    long_words = struct.unpack_from(f"<{cslw}I", word, position + 2)
    position += 2 + 4 * cslw
    (cb_fc_lcb,) = struct.unpack_from("<H", word, position)
    if cslw < 4 or cb_fc_lcb < (_FC_CLX + 2) // 2:
        raise UnreadableReportError(_DAMAGED)
    fc_lcb = struct.unpack_from(f"<{2 * cb_fc_lcb}I", word, position + 2)
    return long_words[3], fc_lcb


@dataclass(frozen=True)
class _Piece:
    cp_start: int
    cp_end: int
    offset: int  # byte offset of the piece's first character in the WordDocument stream
    compressed: bool

    def fc(self, cp: int) -> int:
        return self.offset + (cp - self.cp_start) * (1 if self.compressed else 2)


class _Builder:
    def __init__(self, document: _Document) -> None:
        self.document = document
        self.pieces = _pieces(document)
        self.piece_starts = [piece.cp_start for piece in self.pieces]
        self.runs = _papx_runs(document)
        self.run_starts = [start for start, _, _ in self.runs]
        self.cache: dict[bytes, Mark] = {}
        self.unseen = _unseen_ranges(self.pieces, _chpx_runs(document))

    def text(self) -> str:
        word = self.document.word
        parts: list[str] = []
        # A character takes a byte at least: a damaged piece table cannot make the text longer than the stream.
        left = min(self.document.text_length, len(word))
        for piece in self.pieces:
            end = min(piece.cp_end, self.document.text_length)
            if left <= 0:
                break
            if end <= piece.cp_start:
                continue
            count = min(end - piece.cp_start, left)
            left -= count
            if piece.compressed:
                parts.append(word[piece.offset : piece.offset + count].decode("cp1252", errors="replace"))
            else:
                parts.append(
                    word[piece.offset : piece.offset + 2 * count].decode("utf-16-le", errors="replace")
                )
        return "".join(parts)

    def properties(self, cp: int) -> Mark:
        """The properties of the paragraph whose mark is the character at `cp`."""
        index = bisect_right(self.piece_starts, cp) - 1
        if index < 0:
            return OUTSIDE
        fc = self.pieces[index].fc(cp)
        run = bisect_right(self.run_starts, fc) - 1
        if run < 0 or fc >= self.runs[run][1]:
            return OUTSIDE
        grpprl = self.runs[run][2]
        cached = self.cache.get(grpprl)
        if cached is None:
            cached = self.cache[grpprl] = _paragraph_properties(grpprl, self.document.data)
        return cached

    def paragraphs(self) -> Iterator[tuple[str, str, Mark]]:
        """Each paragraph's text, the mark that ends it (0x0D, or 0x07 for a cell or row) and its properties."""
        line: list[str] = []
        fields: list[bool] = []  # per open field: whether its code (not yet its result) is being read
        in_code = 0
        unseen = iter(self.unseen)
        hidden_from, hidden_to = next(unseen, (-1, -1))
        for cp, char in enumerate(self.text()):
            while cp >= hidden_to >= 0:
                hidden_from, hidden_to = next(unseen, (-1, -1))
            if hidden_from <= cp < hidden_to and char not in (PARAGRAPH_MARK, CELL_MARK):
                continue  # deleted with changes tracked, or hidden: not what the document says
            if char == _FIELD_BEGIN:
                fields.append(True)
                in_code += 1
            elif char == _FIELD_SEPARATOR:
                if fields and fields[-1]:
                    fields[-1] = False
                    in_code -= 1
            elif char == _FIELD_END:
                if fields and fields.pop():
                    in_code -= 1
            elif char in (PARAGRAPH_MARK, CELL_MARK):
                yield "".join(line), char, self.properties(cp)
                line.clear()
            elif in_code:
                continue
            elif char in _LINE_BREAKS:
                line.append("\n")
            elif char == "\x1e":  # a non-breaking hyphen
                line.append("-")
            elif char not in _NOT_TEXT:
                line.append(char)
        if line:
            yield "".join(line), PARAGRAPH_MARK, OUTSIDE

    def blocks(self) -> list[Block]:
        return stream_blocks(self.paragraphs(), fmt=FORMAT)


def _pieces(document: _Document) -> list[_Piece]:
    """The piece table: where each run of the document's characters is stored."""
    fc_clx, lcb_clx = document.clx
    clx = document.table[fc_clx : fc_clx + lcb_clx]
    position = 0
    while position < len(clx) and clx[position] == 0x01:  # a Prc: property modifiers of fast-saved pieces
        (size,) = struct.unpack_from("<h", clx, position + 1)
        position += 3 + max(size, 0)
    if position >= len(clx) or clx[position] != 0x02:
        raise UnreadableReportError(_DAMAGED)
    (lcb,) = struct.unpack_from("<I", clx, position + 1)
    plc = clx[position + 5 : position + 5 + lcb]
    count = (len(plc) - 4) // 12
    if count < 1:
        raise UnreadableReportError(_DAMAGED)
    cps = struct.unpack_from(f"<{count + 1}I", plc, 0)
    pieces: list[_Piece] = []
    for index in range(count):
        (value,) = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * index + 2)
        compressed = bool(value & 0x40000000)
        fc = value & 0x3FFFFFFF
        pieces.append(_Piece(cps[index], cps[index + 1], fc // 2 if compressed else fc, compressed))
    return pieces


def _papx_runs(document: _Document) -> list[tuple[int, int, bytes]]:
    """(first fc, end fc, the paragraph's sprms) for every run of paragraph properties, by file position."""
    fc_bins, lcb_bins = document.papx_bins
    plc = document.table[fc_bins : fc_bins + lcb_bins]
    count = (len(plc) - 4) // 8
    word = document.word
    runs: list[tuple[int, int, bytes]] = []
    for index in range(max(count, 0)):
        (pn,) = struct.unpack_from("<I", plc, 4 * (count + 1) + 4 * index)
        page = word[(pn & 0x3FFFFF) * _FKP_SIZE : (pn & 0x3FFFFF) * _FKP_SIZE + _FKP_SIZE]
        if len(page) < _FKP_SIZE:
            continue
        crun = page[_FKP_SIZE - 1]
        if 4 * (crun + 1) + _BX_SIZE * crun > _FKP_SIZE - 1:
            continue
        fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
        for run in range(crun):
            offset = 2 * page[4 * (crun + 1) + _BX_SIZE * run]
            grpprl = b""
            if offset:
                size = page[offset]
                if size:
                    grpprl = page[offset + 1 : offset + 2 * size][2:]  # after the style index
                else:
                    grpprl = page[offset + 2 : offset + 2 + 2 * page[offset + 1]][2:]
            runs.append((fcs[run], fcs[run + 1], grpprl))
    runs.sort(key=lambda run: run[0])
    return runs


def _chpx_runs(document: _Document) -> list[tuple[int, int, bytes]]:
    """(first fc, end fc, the characters' sprms) for every run of character properties, by file position."""
    fc_bins, lcb_bins = document.chpx_bins
    plc = document.table[fc_bins : fc_bins + lcb_bins]
    count = (len(plc) - 4) // 8
    word = document.word
    runs: list[tuple[int, int, bytes]] = []
    for index in range(max(count, 0)):
        (pn,) = struct.unpack_from("<I", plc, 4 * (count + 1) + 4 * index)
        page = word[(pn & 0x3FFFFF) * _FKP_SIZE : (pn & 0x3FFFFF) * _FKP_SIZE + _FKP_SIZE]
        if len(page) < _FKP_SIZE:
            continue
        crun = page[_FKP_SIZE - 1]
        if 4 * (crun + 1) + crun > _FKP_SIZE - 1:
            continue
        fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
        for run in range(crun):
            offset = 2 * page[4 * (crun + 1) + run]
            grpprl = page[offset + 1 : offset + 1 + page[offset]] if offset else b""
            runs.append((fcs[run], fcs[run + 1], grpprl))
    runs.sort(key=lambda run: run[0])
    return runs


def _unseen_ranges(pieces: list[_Piece], chpx_runs: list[tuple[int, int, bytes]]) -> list[tuple[int, int]]:
    """The character positions (cp, sorted, [from, to)) of text deleted with changes tracked or hidden."""
    unseen_fcs = [
        (start, end)
        for start, end, grpprl in chpx_runs
        if grpprl
        and any(
            operand[:1] and operand[0] in _TOGGLED_ON
            for sprm, operand in _sprms(grpprl).items()
            if sprm in (_SPRM_DELETED, _SPRM_VANISH)
        )
    ]
    ranges: list[tuple[int, int]] = []
    for piece in pieces:
        width = 1 if piece.compressed else 2
        piece_end = piece.fc(piece.cp_end)
        for start, end in unseen_fcs:
            first, last = max(start, piece.offset), min(end, piece_end)
            if first < last:
                ranges.append(
                    (
                        piece.cp_start + (first - piece.offset) // width,
                        piece.cp_start + -(-(last - piece.offset) // width),
                    )
                )
    return sorted(ranges)


def _sprms(grpprl: bytes) -> dict[int, bytes]:
    """The sprms of a property list and their operands (the last one wins, as in Word)."""
    found: dict[int, bytes] = {}
    position = 0
    while position + 2 <= len(grpprl):
        (sprm,) = struct.unpack_from("<H", grpprl, position)
        position += 2
        spra = sprm >> 13
        if spra != 6:
            size = _OPERAND_SIZES[spra]
        elif sprm == _SPRM_DEF_TABLE:
            if position + 2 > len(grpprl):
                break
            (size,) = struct.unpack_from("<H", grpprl, position)
            position += 2
            size -= 1
        elif sprm == _SPRM_CHANGE_TABS and position < len(grpprl) and grpprl[position] == 255:
            break  # a rare long form of tab stops: nothing a report's table needs comes after it
        else:
            if position >= len(grpprl):
                break
            size = grpprl[position]
            position += 1
        found[sprm] = grpprl[position : position + size]
        position += size
    return found


def _paragraph_properties(grpprl: bytes, data_stream: bytes) -> Mark:
    sprms = _sprms(grpprl)
    huge = sprms.get(_SPRM_HUGE_PAPX)
    if huge is not None and len(huge) == 4 and data_stream:
        (offset,) = struct.unpack_from("<I", huge)
        if offset + 2 <= len(data_stream):
            (size,) = struct.unpack_from("<H", data_stream, offset)
            sprms.update(_sprms(data_stream[offset + 2 : offset + 2 + size]))
    depth = 0
    if _SPRM_ITAP in sprms and len(sprms[_SPRM_ITAP]) == 4:
        depth = max(0, struct.unpack_from("<i", sprms[_SPRM_ITAP])[0])
    if not depth and _flag(sprms, _SPRM_IN_TABLE):
        depth = 1
    inner_row_end = depth > 1 and _flag(sprms, _SPRM_INNER_TTP)
    inner_cell_end = depth > 1 and not inner_row_end and _flag(sprms, _SPRM_INNER_CELL)
    row_end = depth <= 1 and _flag(sprms, _SPRM_TTP)
    edges: tuple[int, ...] = ()
    merges: tuple[Merge, ...] = ()
    definition = sprms.get(_SPRM_DEF_TABLE)
    if (row_end or inner_row_end) and definition:
        columns = definition[0]
        if 1 + 2 * (columns + 1) <= len(definition):
            edges = struct.unpack_from(f"<{columns + 1}h", definition, 1)
            start = 1 + 2 * (columns + 1)
            available = min(columns, (len(definition) - start) // _TC80_SIZE)
            merges = tuple(
                _merge(struct.unpack_from("<H", definition, start + _TC80_SIZE * index)[0])
                for index in range(available)
            )
    return Mark(
        depth=max(depth, 1) if row_end else depth,
        row_end=row_end,
        inner_cell_end=inner_cell_end,
        inner_row_end=inner_row_end,
        edges=edges,
        merges=merges,
    )


def _merge(tc80_flags: int) -> Merge:
    """A TC80's merge bits: vertMerge (bits 5–6) 01 continues the cell above; horzMerge (bits 0–1) 10 or 11
    continues the cell before (Word 97's own merging; later Word makes one wider cell instead)."""
    if (tc80_flags >> 5) & 0b11 == 0b01:
        return Merge.ABOVE
    if tc80_flags & 0b11 >= 0b10:
        return Merge.BEFORE
    return Merge.NONE


def _flag(sprms: dict[int, bytes], sprm: int) -> bool:
    return sprms.get(sprm, b"\x00")[:1] != b"\x00"
