"""The Word 97–2003 (.doc) reader, on documents LibreOffice saved in that format from our own DOCX renders
(tests/fixtures/doc/, made by scripts/make_doc_fixtures.py): the same blocks as the DOCX they came from, cell by
cell and merge by merge, and only our own errors for anything damaged."""

from __future__ import annotations

import contextlib
import struct
from collections.abc import Sequence
from functools import cache
from io import BytesIO
from pathlib import Path

import olefile
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.errors import GongkaiError, UnreadableReportError
from gongkai.core.report.io import detect_format, parse_bytes, parse_file, render
from gongkai.core.report.parse import doc_reader
from gongkai.core.report.parse.blocks import Block
from gongkai.core.report.parse.doc_reader import doc_blocks, read
from gongkai.core.report.parse.docx_reader import docx_blocks
from gongkai.core.report.rules import validate
from tests.core.report.parse.office import assert_messy_huaian, shape
from tests.core.report.reports import huaian_2024, wuzhong_2021

DOC = Path(__file__).parents[3] / "fixtures" / "doc"
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def _fixture(name: str) -> bytes:
    return (DOC / f"{name}.doc").read_bytes()


def test_the_wuzhong_report_as_a_doc_reads_as_the_report_itself() -> None:
    result = parse_file(DOC / "wuzhong-approval-bureau-2021.doc")
    assert result.format == "doc"
    assert result.report == wuzhong_2021()
    blank = sorted(cell for cell, value in result.report.cells.items() if value is None)
    assert blank == sorted(
        f"t4.reconsideration.{c}" for c in ("upheld", "corrected", "other", "pending", "total")
    )
    errors = [finding for finding in validate(result.report) if finding.severity == "error"]
    assert sorted(cell for finding in errors for cell in finding.cells) == blank
    # A finding points at the cell of the Word table it was read from.
    assert "第3个表格" in result.report.sources["t4.reconsideration.total"].describe()


def test_the_huaian_report_as_a_doc_reads_every_cell_and_passes_the_rules() -> None:
    result = read(_fixture("huaian-city-government-2024"))
    assert result.report == huaian_2024()
    assert result.report.cells["t3.new.total"] == 3119
    assert not [finding for finding in validate(result.report) if finding.severity == "error"]


@pytest.mark.parametrize(
    ("name", "make"),
    [("wuzhong-approval-bureau-2021", wuzhong_2021), ("huaian-city-government-2024", huaian_2024)],
)
def test_the_blocks_are_those_of_the_docx_it_was_saved_from(name, make) -> None:  # type: ignore[no-untyped-def]
    # The same paragraphs, and the same grids: the columns worked out from the cells' edges, every merged cell
    # (across, as in table 三's header, and down, as in its 三、本年度办理结果) repeated and marked spanned.
    assert shape(doc_blocks(_fixture(name))) == shape(docx_blocks(render(make(), "docx")))


def test_the_official_blank_template_as_a_doc(corpus: Path) -> None:
    from_doc = read(_fixture("template-2021-blank"))
    from_docx = parse_file(corpus / "template-2021-blank.docx")
    assert from_doc.report == from_docx.report
    assert all(value is None for value in from_doc.report.cells.values())
    assert [f.code for f in from_doc.findings] == [f.code for f in from_docx.findings]
    assert shape(doc_blocks(_fixture("template-2021-blank"))) == shape(
        docx_blocks((corpus / "template-2021-blank.docx").read_bytes())
    )


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_generated_reports_of_both_templates_read_back_exactly(template: str) -> None:
    expected = parse_file(DOC / f"generated-{template}.json").report
    assert expected.template == template
    assert read(_fixture(f"generated-{template}")).report == expected


def test_fields_breaks_and_a_table_inside_a_layout_table() -> None:
    assert_messy_huaian(doc_blocks(_fixture("huaian-messy")))
    assert read(_fixture("huaian-messy")).report.cells == huaian_2024().cells


def test_detected_by_content_whatever_the_name() -> None:
    data = _fixture("wuzhong-approval-bureau-2021")
    for name in ("report.doc", "report.wps", "report.txt", "report.docx", None):
        assert detect_format(data, name) == "doc"
    assert parse_bytes(data, name="吴忠市审批服务管理局2021年报告.wps").report == wuzhong_2021()


def _with_stream_edited(data: bytes, stream: str, change) -> bytes:  # type: ignore[no-untyped-def]
    """The same OLE file with one stream's bytes changed in place (same length, as olefile can write)."""
    buffer = bytearray(data)
    with olefile.OleFileIO(BytesIO(data)) as ole:
        original = bytearray(ole.openstream(stream).read())
    changed = bytes(change(original))
    assert len(changed) == len(original)
    out = BytesIO(bytes(buffer))
    with olefile.OleFileIO(out, write_mode=True) as ole:
        ole.write_stream(stream, changed)
    return out.getvalue()


def _set_word(offset: int, value: int):  # type: ignore[no-untyped-def]
    def change(stream: bytearray) -> bytearray:
        struct.pack_into("<H", stream, offset, value)
        return stream

    return change


def test_a_document_with_a_password_is_refused_with_the_step_that_helps() -> None:
    data = _fixture("wuzhong-approval-bureau-2021")
    with olefile.OleFileIO(BytesIO(data)) as ole:
        flags = struct.unpack_from("<H", ole.openstream("WordDocument").read(), 0x0A)[0]
    encrypted = _with_stream_edited(data, "WordDocument", _set_word(0x0A, flags | 0x0100))
    with pytest.raises(UnreadableReportError, match="打开密码"):
        parse_bytes(encrypted, name="report.doc")


def test_a_word_95_document_is_refused() -> None:
    old = _with_stream_edited(_fixture("wuzhong-approval-bureau-2021"), "WordDocument", _set_word(2, 0x0065))
    with pytest.raises(UnreadableReportError, match="Word 95"):
        read(old)


def test_an_old_excel_workbook_is_not_taken_for_a_word_document(corpus: Path) -> None:
    xls = (corpus.parent / "spreadsheets" / "legacy-cases-excel97.xls").read_bytes()
    assert detect_format(xls, "2021年报告.doc") == "xls"
    with pytest.raises(UnreadableReportError, match="不是 Word 97–2003"):
        read(xls)


@FUZZ
@given(st.floats(min_value=0, max_value=1, exclude_max=True))
def test_truncated_files_read_or_raise_only_our_errors(share: float) -> None:
    data = _fixture("huaian-city-government-2024")
    with contextlib.suppress(GongkaiError):  # a file cut in its unused last sectors may still read
        parse_bytes(data[: int(len(data) * share)], name="report.doc")


@FUZZ
@given(st.data())
def test_damaged_streams_read_or_raise_only_our_errors(data: st.DataObject) -> None:
    # Bytes overwritten inside the document's own streams, the container intact: the FIB, the piece table,
    # the paragraph properties and the text are each read defensively.
    stream = data.draw(st.sampled_from(["WordDocument", "1Table"]))
    original = _fixture("wuzhong-approval-bureau-2021")
    with olefile.OleFileIO(BytesIO(original)) as ole:
        size = len(ole.openstream(stream).read())
    edits = data.draw(
        st.lists(st.tuples(st.integers(0, size - 1), st.binary(min_size=1, max_size=8)), max_size=6)
    )

    def change(content: bytearray) -> bytearray:
        for offset, payload in edits:
            content[offset : offset + len(payload)] = payload[: len(content) - offset]
        return content

    damaged = _with_stream_edited(original, stream, change)
    with contextlib.suppress(GongkaiError):
        parse_bytes(damaged, name="report.doc")


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes_after_the_ole_signature_raise_only_our_errors(tail: bytes) -> None:
    with pytest.raises(UnreadableReportError):
        parse_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + tail, name="report.doc")


def test_a_table_depth_of_billions_in_damaged_properties_opens_no_billions_of_tables() -> None:
    """Found by the test above with random examples: these bytes overwritten in the WordDocument stream gave a
    paragraph a table depth of billions, and the reader opened a table per level until memory ran out (20 GB)."""
    edits = [(4757, "c2"), (8328, "28ec9b"), (473, "1f"), (17200, "158c3c")]

    def change(content: bytearray) -> bytearray:
        for offset, payload in edits:
            content[offset : offset + len(payload) // 2] = bytes.fromhex(payload)
        return content

    damaged = _with_stream_edited(_fixture("wuzhong-approval-bureau-2021"), "WordDocument", change)
    result = parse_bytes(damaged, name="report.doc")
    assert result.report.agency == "吴忠市审批服务管理局"


def _synthetic(
    pieces: list[tuple[str, bool]], marked: Sequence[tuple[int, int, int, bytes]] = ()
) -> list[Block]:
    """The blocks of a minimal Word document: `pieces` of text, each stored 8-bit (compressed) or UTF-16, and
    no paragraph properties at all (as in a file whose property pages are lost). `marked`: runs of character
    properties, each (piece, first character, end character, sprms), on one CHPX page."""
    word = bytearray(0x200)
    cps, descriptors, offsets = [0], [], []
    for text, compressed in pieces:
        offset = len(word)
        offsets.append(offset)
        word += text.encode("cp1252") if compressed else text.encode("utf-16-le")
        descriptors.append(struct.pack("<HIH", 0, (offset * 2) | 0x40000000 if compressed else offset, 0))
        cps.append(cps[-1] + len(text))
    plc = struct.pack(f"<{len(cps)}I", *cps) + b"".join(descriptors)
    clx = b"\x02" + struct.pack("<I", len(plc)) + plc
    table, chpx_bins = clx, (0, 0)
    if marked:
        word += bytes(-len(word) % 512)
        page_number = len(word) // 512
        page = bytearray(512)
        fcs: list[int] = []
        for piece, first, end, _ in marked:
            width = 1 if pieces[piece][1] else 2
            fcs += [offsets[piece] + first * width, offsets[piece] + end * width]
        runs = len(marked) * 2 - 1  # each marked run, and the unmarked runs between them
        struct.pack_into(f"<{runs + 1}I", page, 0, *fcs)
        position = 4 * (runs + 1) + runs
        position += position % 2
        for index, (*_, sprms) in enumerate(marked):
            page[4 * (runs + 1) + 2 * index] = position // 2
            page[position] = len(sprms)
            page[position + 1 : position + 1 + len(sprms)] = sprms
            position += 2 + len(sprms) + len(sprms) % 2
        page[511] = runs
        word += page
        bins = struct.pack("<3I", fcs[0], fcs[-1], page_number)
        chpx_bins = (len(table), len(bins))
        table = table + bins
    document = doc_reader._Document(
        word=bytes(word),
        table=table,
        data=b"",
        text_length=cps[-1],
        clx=(0, len(clx)),
        papx_bins=(0, 0),
        chpx_bins=chpx_bins,
    )
    return doc_reader._Builder(document).blocks()


def test_a_document_published_with_changes_not_accepted_reads_as_word_shows_it() -> None:
    """huaian-tracked.doc (scripts/make_office_fixtures.py, LibreOffice's own .doc): t3.new.total's old figure
    deleted with changes tracked before 3119, a hidden note after it."""
    tracked = read(_fixture("huaian-tracked"))
    assert tracked.report == read(_fixture("huaian-city-government-2024")).report
    assert tracked.report["t3.new.total"] == 3119
    assert not tracked.findings


_DELETED, _INSERTED, _HIDDEN = (
    b"\x00\x08\x01",
    b"\x01\x08\x01",
    b"\x3c\x08\x01",
)  # sprmCFRMarkDel/Ins, CFVanish


def test_text_deleted_with_changes_tracked_or_hidden_is_not_read() -> None:
    pieces = [
        ("Count 99\x0712\x07\x07", True),  # 99 deleted, 12 inserted with changes tracked
        ("Total\x07170\x07\x07", True),  # 0 deleted with the cell and row marks after it: still the marks
        ("说明（内部）。\r", False),  # （内部） hidden
    ]
    blocks = _synthetic(
        pieces,
        marked=[
            (0, 6, 8, _DELETED),
            (0, 9, 11, _INSERTED),
            (1, 8, 11, _DELETED),
            (2, 2, 6, b"\x3c\x08\x81"),  # on: the opposite of the style's (off)
        ],
    )
    assert shape(blocks) == [[[("Count", False), ("12", False)], [("Total", False), ("17", False)]], "说明。"]
    turned_off = _synthetic(pieces, marked=[(0, 6, 8, b"\x00\x08\x00"), (2, 2, 6, b"\x3c\x08\x00")])
    assert shape(turned_off) == [
        [[("Count 99", False), ("12", False)], [("Total", False), ("170", False)]],
        "说明（内部）。",
    ]
    hidden_utf16 = _synthetic([("甲乙丙\r", False)], marked=[(0, 1, 2, _HIDDEN)])
    assert shape(hidden_utf16) == ["甲丙"]


def test_8_bit_and_utf16_pieces_fields_and_rows_without_properties() -> None:
    blocks = _synthetic(
        [
            ("Report 2021\r", True),
            ('报告\x13 HYPERLINK "http://x" \x14（链接）\x15\r', False),
            (
                "a\x07b\x07\x07c\x07d\x07\x07",
                True,
            ),  # without properties: a mark after a cell's end ends the row
            ("完\r", False),
        ]
    )
    assert shape(blocks) == [
        "Report 2021",
        "报告（链接）",
        [[("a", False), ("b", False)], [("c", False), ("d", False)]],
        "完",
    ]
