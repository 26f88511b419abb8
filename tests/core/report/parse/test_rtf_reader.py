"""The RTF reader, on files LibreOffice saved as RTF from our own DOCX renders (tests/fixtures/rtf/, made by
scripts/make_office_fixtures.py) — the same blocks as the DOCX they came from — and on RTF written the way Word
and Chinese office systems write it: GBK bytes, Unicode escapes with fallbacks, fields, merged cells."""

from __future__ import annotations

import contextlib
import time
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.errors import GongkaiError, UnreadableReportError
from gongkai.core.report.io import detect_format, parse_bytes, parse_file, render
from gongkai.core.report.parse.docx_reader import docx_blocks
from gongkai.core.report.parse.rtf_reader import read, rtf_blocks
from gongkai.core.report.rules import validate
from tests.core.report.parse.office import assert_messy_huaian, shape
from tests.core.report.reports import huaian_2024, wuzhong_2021

RTF = Path(__file__).parents[3] / "fixtures" / "rtf"
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def _fixture(name: str) -> bytes:
    return (RTF / f"{name}.rtf").read_bytes()


def test_the_wuzhong_report_as_rtf_reads_as_the_report_itself() -> None:
    result = parse_file(RTF / "wuzhong-approval-bureau-2021.rtf")
    assert result.format == "rtf"
    assert result.report == wuzhong_2021()
    errors = [finding for finding in validate(result.report) if finding.severity == "error"]
    assert len(errors) == 5  # the five blank 行政复议 cells


def test_the_huaian_report_as_rtf_reads_every_cell_and_passes_the_rules() -> None:
    result = read(_fixture("huaian-city-government-2024"))
    assert result.report == huaian_2024()
    assert not [finding for finding in validate(result.report) if finding.severity == "error"]


@pytest.mark.parametrize(
    ("name", "make"),
    [("wuzhong-approval-bureau-2021", wuzhong_2021), ("huaian-city-government-2024", huaian_2024)],
)
def test_the_blocks_are_those_of_the_docx_it_was_saved_from(name, make) -> None:  # type: ignore[no-untyped-def]
    assert shape(rtf_blocks(_fixture(name))) == shape(docx_blocks(render(make(), "docx")))


def test_the_official_blank_template_as_rtf(corpus: Path) -> None:
    docx = (corpus / "template-2021-blank.docx").read_bytes()
    assert shape(rtf_blocks(_fixture("template-2021-blank"))) == shape(docx_blocks(docx))
    assert all(value is None for value in read(_fixture("template-2021-blank")).report.cells.values())


def test_fields_breaks_and_a_table_inside_a_layout_table() -> None:
    assert_messy_huaian(rtf_blocks(_fixture("huaian-messy")))
    assert read(_fixture("huaian-messy")).report.cells == huaian_2024().cells


def test_an_rtf_named_doc_is_read_as_rtf() -> None:
    # What office systems export as "Word": RTF in a file called .doc.
    data = _fixture("wuzhong-approval-bureau-2021")
    for name in ("报告.doc", "报告.rtf", "报告.txt", "报告.json", None):
        assert detect_format(data, name) == "rtf"
    assert parse_bytes(data, name="吴忠市审批服务管理局2021年报告.doc").report == wuzhong_2021()


# Written the way Word writes a Chinese document: the ANSI code page 936, a font with charset 134 (GB2312) whose
# text is GBK bytes, Unicode escapes with a one-byte fallback, a field, a picture in binary with braces in it, an
# unknown ignorable destination, and a table whose first column is merged down, its row definition repeated in a
# group before \row as Word does.
_GBK = "政府信息公开".encode("gbk")
WORD_STYLE = (
    rb"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 \'cb\'ce\'cc\'e5;}{\f1\fswiss\fcharset0 Arial;}}"
    rb"{\*\generator Microsoft Word 16;}{\*\unknowndest ignored text}"
    rb"\pard\plain\f0 " + b"".join(b"\\'%02x" % byte for byte in _GBK) + rb"\emdash\uc1\u24180?\u-3?\par"
    rb"\pard {\field{\*\fldinst HYPERLINK \"http://x\"}{\fldrslt \f1 link}}\line next\par"
    rb"{\pict\bin5 }{}{}}"
    rb"\trowd\trleft0\clvmgf\cellx1000\cellx2000\pard\intbl A\cell 1\cell"
    rb"\pard\intbl{\trowd\trleft0\clvmgf\cellx1000\cellx2000\row}"
    rb"\trowd\trleft0\clvmrg\cellx1000\cellx2000\pard\intbl\cell 2\cell"
    rb"\pard\intbl{\trowd\trleft0\clvmrg\cellx1000\cellx2000\row}"
    rb"\pard\uc0\u26411\u-10179\u-8704 \par}"
)


def test_rtf_the_way_word_writes_it() -> None:
    assert shape(rtf_blocks(WORD_STYLE)) == [
        "政府信息公开—年\ufffd",
        "link",
        "next",
        [[("A", False), ("1", False)], [("A", True), ("2", False)]],
        "末\U0001f600",
    ]


@pytest.mark.parametrize(
    "before",
    [
        rb"{\deleted\revauth1 2000}",
        rb"{\v 77}",
        rb"\deleted 2000\deleted0 ",
        rb"\deleted 20\'30\u48?0\plain ",
    ],
    ids=["deleted-group", "hidden-group", "deleted-until-off", "plain-ends-it"],
)
def test_text_deleted_with_changes_tracked_or_hidden_is_not_read(before: bytes) -> None:
    original = _fixture("huaian-city-government-2024")
    assert original.count(b"\n3119}\\cell") == 1
    edited = original.replace(b"\n3119}\\cell", b"\n" + before + b"3119}\\cell")
    assert read(edited).report == read(original).report


def test_a_document_published_with_changes_not_accepted_reads_as_word_shows_it() -> None:
    """huaian-tracked.rtf, as LibreOffice writes it: {\\deleted\\revauthdel1… 8888} before 3119, {\\v （待核）} after."""
    tracked = read(_fixture("huaian-tracked"))
    assert tracked.report == read(_fixture("huaian-city-government-2024")).report
    assert not tracked.findings


def test_a_file_cut_short_is_refused_in_chinese() -> None:
    with pytest.raises(UnreadableReportError, match="不完整"):
        read(_fixture("wuzhong-approval-bureau-2021")[:-2000])
    with pytest.raises(UnreadableReportError, match="不是 RTF"):
        read(b"{\\rt")


@FUZZ
@given(st.floats(min_value=0, max_value=1, exclude_max=True))
def test_truncated_files_read_or_raise_only_our_errors(share: float) -> None:
    data = _fixture("huaian-messy")
    with contextlib.suppress(GongkaiError):
        parse_bytes(data[: int(len(data) * share)], name="report.rtf")


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes_after_the_header_raise_only_our_errors(tail: bytes) -> None:
    with contextlib.suppress(GongkaiError):
        parse_bytes(b"{\\rtf1 " + tail, name="report.rtf")


@FUZZ
@given(st.data())
def test_damaged_files_read_or_raise_only_our_errors(data: st.DataObject) -> None:
    content = bytearray(_fixture("wuzhong-approval-bureau-2021"))
    for _ in range(data.draw(st.integers(1, 8))):
        offset = data.draw(st.integers(0, len(content) - 1))
        content[offset : offset + 4] = data.draw(
            st.sampled_from([b"{", b"}", b"\\", b"\\u-", b"\\bin", b"\\'zz"])
        )
    with contextlib.suppress(GongkaiError):
        parse_bytes(bytes(content), name="report.rtf")


def test_a_table_depth_of_billions_opens_no_billions_of_tables() -> None:
    """\\itap takes any number: a damaged or hostile file's 2 000 000 000 opened a table per level until memory ran
    out. A depth beyond `MAX_TABLE_DEPTH` is read as that depth."""
    blocks = rtf_blocks(rb"{\rtf1\ansi \pard\intbl\itap2000000000 deep\nestcell\par \pard outside\par}")
    assert shape(blocks) == [[[("deep", False), ("", False)]], "outside"]


def test_a_row_defined_with_a_hundred_thousand_cells_is_read_in_time() -> None:
    """Each \\\\cellx copied the row's edges so far: 300 000 of them (2.7 MB) took 145 s. Edges beyond the widest
    grid read are not kept."""
    started = time.perf_counter()
    blocks = rtf_blocks(
        b"{\\rtf1\\ansi \\trowd" + b"\\cellx100" * 100_000 + b" \\intbl a\\cell b\\cell\\row}"
    )
    assert time.perf_counter() - started < 10
    assert shape(blocks) == [[[("a", False), ("b", False)]]]
