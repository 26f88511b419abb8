from __future__ import annotations

import contextlib
import random
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.errors import GongkaiError, UnreadableReportError
from gongkai.core.report.io import parse_bytes
from gongkai.core.report.model import Report
from gongkai.core.report.parse.blocks import Grid, Paragraph
from gongkai.core.report.parse.html_reader import decode_html, html_blocks, read
from gongkai.core.report.render.html_renderer import render
from gongkai.core.report.templates import get_template
from tests.core.report.reports import huaian_2024, wuzhong_2021
from tests.core.report.strategies import consistent_reports, reports

PORTAL = Path(__file__).parents[3] / "fixtures" / "html" / "yanchi-portal-2021-gb2312.html"
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("make", [wuzhong_2021, huaian_2024], ids=["wuzhong", "huaian"])
def test_round_trip_of_the_real_reports(make) -> None:  # type: ignore[no-untyped-def]
    report = make()
    result = read(render(report))
    assert result.report == report
    assert result.format == "html"
    assert not [f for f in result.findings if f.severity == "error"]


@pytest.mark.parametrize("make", [wuzhong_2021, huaian_2024], ids=["wuzhong", "huaian"])
def test_tables_whose_closing_tag_is_missing(make) -> None:  # type: ignore[no-untyped-def]
    # lxml nests what follows an unclosed table inside it; a browser shows it after the table.
    report = make()
    page = render(report)
    assert page.count(b"</table>") == 3
    assert read(page.replace(b"</table>", b"")).report == report
    assert read(page.replace(b"</table>", b"", 1)).report == report


def test_text_marked_deleted_is_not_read() -> None:
    # Word's "save as web page" of a document whose tracked changes were not accepted.
    report = huaian_2024()
    page = render(report)
    assert page.count(b">3119<") == 1
    edited = page.replace(
        b">3119<",
        b'><del cite="mailto:x" datetime="2025-01-10T09:00"><span>8888</span></del><ins>3119</ins><',
    )
    assert read(edited).report == report


def test_a_portal_page_whose_tables_are_unclosed_reads_as_the_page() -> None:
    page = PORTAL.read_bytes()
    assert read(page.replace(b"</table>", b"")).report == read(page).report


def test_a_layout_table_holding_the_report_in_its_cells_is_a_container() -> None:
    report = huaian_2024()
    page = render(report)
    start, end = page.index(b"<body>") + len(b"<body>"), page.index(b"</body>")
    framed = page[:start] + b"<table><tr><td>" + page[start:end] + b"</td></tr></table>" + page[end:]
    assert read(framed).report == report
    unclosed = page[:start] + b"<table><tr><td>" + page[start:end] + page[end:]
    assert read(unclosed).report == report


@settings(max_examples=30, deadline=None)
@given(reports())
def test_round_trip_of_any_report(report: Report) -> None:
    assert read(render(report)).report == report


@settings(max_examples=10, deadline=None)
@given(consistent_reports())
def test_round_trip_of_consistent_reports_through_io(report: Report) -> None:
    assert parse_bytes(render(report), name="report.html").report == report


def _portal_expected() -> dict[str, object]:
    cells: dict[str, object] = dict.fromkeys(get_template("2021").cell_ids, 0)
    cells.update(
        {
            "t2.normative.issued": 2, "t2.normative.repealed": 1, "t2.normative.in_force": 5,
            "t2.licensing.decisions": 214, "t2.penalty.decisions": 7, "t2.fees.amount": Decimal("12.35"),
        }
    )  # fmt: skip
    rows = {
        "new": (12, 3, 15), "carried_over": (1, 0, 1), "granted": (8, 2, 10), "partial": (1, 0, 1),
        "withheld_third_party": (1, 0, 1), "unavailable_not_held": (2, 1, 3), "total": (12, 3, 15),
        "carried_forward": (1, 0, 1),
    }  # fmt: skip
    for row, (natural, commercial, total) in rows.items():
        cells.update(
            {f"t3.{row}.natural": natural, f"t3.{row}.commercial": commercial, f"t3.{row}.total": total}
        )
    cells.update({"t4.reconsideration.upheld": 1, "t4.reconsideration.total": 1})
    cells.update(
        {f"t4.litigation_after.{c}": None for c in ("upheld", "corrected", "other", "pending", "total")}
    )
    return cells


def test_a_portal_page_in_gb2312_with_navigation_and_word_markup() -> None:
    data = PORTAL.read_bytes()
    assert b"charset=gb2312" in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    result = parse_bytes(data, name=PORTAL.name)
    report = result.report
    assert (report.template, report.agency, report.year) == ("2021", "盐池县自然资源局", 2021)
    assert dict(report.cells) == _portal_expected()
    assert result.findings == ()
    # Navigation, the list of other years' reports, the 发布时间 line, 打印/关闭 buttons and the footer are gone.
    assert report.sections["preamble"] == (
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制。"
        "本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。",
    )
    assert report.sections["overview"] == (
        # a source line break between two Chinese characters is not a space
        "2021年，盐池县自然资源局认真贯彻落实《条例》，坚持以公开为常态、不公开为例外，全面推进政府信息公开工作。",
        "（一）主动公开。全年通过政府网站主动公开信息 86 条。",
    )
    assert report.sections["other"] == ("本年度未收取信息处理费。",)
    source = report.sources["t3.withheld_third_party.natural"]
    assert (source.format, source.table, source.column, source.raw) == ("html", 2, 4, "1")


def test_the_same_page_in_utf8_gbk_or_with_a_bom() -> None:
    text = PORTAL.read_bytes().decode("gb2312")
    expected = read(PORTAL.read_bytes()).report
    variants = [
        text.replace("charset=gb2312", "charset=utf-8").encode("utf-8"),
        text.replace("charset=gb2312", "charset=GBK").encode("gbk"),
        re.sub(r"<meta http-equiv[^>]+>", "", text).encode("gb18030"),  # no declaration: not UTF-8 → GB18030
        b"\xef\xbb\xbf" + re.sub(r"<meta http-equiv[^>]+>", "", text).encode("utf-8"),
        text.replace(
            '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />', '<meta charset="gbk">'
        ).encode("gbk"),
    ]
    for data in variants:
        assert read(data).report == expected


def test_decoding_falls_back_when_the_declaration_is_wrong() -> None:
    page = '<html><head><meta charset="utf-8"></head><body><p>盐池县</p></body></html>'
    assert "盐池县" in decode_html(page.encode("gbk"))
    assert "盐池县" in decode_html(page.replace("utf-8", "no-such-charset").encode("utf-8"))


def test_cells_with_nbsp_br_and_nested_markup() -> None:
    page = """<html><body><h1>某市人民政府<br>2022年政府信息公开工作年度报告</h1>
    <table border=1><tr><td rowspan=2>三、本年度<br/>办理结果</td><td colspan=2><p><span>（一）予以</span><font>公开</font></p></td></tr>
    <tr><td>&nbsp;</td><td><p align=center><span style="font-family:宋体"> 1,234 <o:p></o:p></span></p></td></tr></table>
    </body></html>"""
    blocks = html_blocks(page.encode("utf-8"))
    assert isinstance(blocks[0], Paragraph)
    assert blocks[0].heading
    assert blocks[0].text == "某市人民政府2022年政府信息公开工作年度报告"
    grid = blocks[1]
    assert isinstance(grid, Grid)
    assert [[(c.text, c.spanned) for c in row] for row in grid.rows] == [
        [("三、本年度 办理结果", False), ("（一）予以公开", False), ("（一）予以公开", True)],
        [("三、本年度 办理结果", True), ("", False), ("1,234", False)],
    ]
    assert (grid.rows[1][2].source.row, grid.rows[1][2].source.column) == (2, 3)


def test_paragraphs_from_divs_brs_and_headings() -> None:
    page = """<html><body><div>　　一、总体情况<br>　　2021年，我局
    坚持公开。<br><br>二是&nbsp;&nbsp;规范。</div><div><div>内层段落。</div>尾部文字。</div></body></html>"""
    texts = [b.text for b in html_blocks(page.encode("utf-8")) if isinstance(b, Paragraph)]
    assert texts == ["一、总体情况", "2021年，我局坚持公开。", "二是  规范。", "内层段落。", "尾部文字。"]


def test_a_page_without_a_report_is_unreadable() -> None:
    page = "<html><head><title>首页</title></head><body><nav>首页</nav><p>欢迎访问本网站。</p></body></html>"
    with pytest.raises(UnreadableReportError):
        read(page.encode("utf-8"))
    with pytest.raises(UnreadableReportError):
        read(b"   ")


@FUZZ
@given(st.data())
def test_truncated_pages_raise_only_our_errors(data: st.DataObject) -> None:
    page = render(huaian_2024())
    cut = data.draw(st.integers(min_value=0, max_value=len(page)))
    _parse_or_our_error(page[:cut])


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes_raise_only_our_errors(data: bytes) -> None:
    _parse_or_our_error(b"<html>" + data)


_TAG = re.compile(rb"<[^>]+>")


@FUZZ
@given(st.randoms(use_true_random=False), st.floats(min_value=0, max_value=1))
def test_pages_with_tags_removed_or_shuffled_raise_only_our_errors(rng: random.Random, share: float) -> None:
    page = render(wuzhong_2021())
    tags = _TAG.findall(page)
    chosen = rng.sample(range(len(tags)), int(len(tags) * share * 0.3))
    shuffled = [tags[i] for i in chosen]
    rng.shuffle(shuffled)
    replacement = dict(zip(chosen, shuffled, strict=True))
    drop = rng.random() < 0.5
    counter = iter(range(len(tags)))

    def swap(match: re.Match[bytes]) -> bytes:
        index = next(counter)
        if index not in replacement:
            return match.group()
        return b"" if drop else replacement[index]

    _parse_or_our_error(_TAG.sub(swap, page))


def _parse_or_our_error(data: bytes) -> None:
    with contextlib.suppress(GongkaiError):
        read(data)
