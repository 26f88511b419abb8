"""`io.detect_format`: the content decides, whatever the file is called — as pages saved from portals open."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.errors import UnreadableReportError
from gongkai.core.report.io import detect_format, parse_bytes, render
from tests.core.report.reports import wuzhong_2021

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "corpus"

# How pages downloaded from government portals really begin (the rest of the page follows).
PORTAL_OPENINGS = [
    "<!DOCTYPE html>\n<html>",
    "<!-- 当前位置：首页 > 政府信息公开 > 年度报告 -->\n<!DOCTYPE html>\n<html>",
    "<!--startprint-->\n<html>",
    "<!-- saved from url=(0061)http://www.example.gov.cn/zwgk/ndbg/202201/t20220128_1.html -->\n<html>",
    '<!--[if lt IE 9]><script src="html5shiv.js"></script><![endif]-->\n<html>',
    '\ufeff<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n<HTML>',
    "\ufeff\r\n\r\n<!-- 模板：信息公开详细页 -->\r\n<HTML>",
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">',
    "\r\n\r\n\r\n    <HTML>\r\n<HEAD>",
    '\n\n<META http-equiv="Content-Type" content="text/html; charset=utf-8">\n<html>',
    '<Html lang="zh-CN">',
    "\t<head><title>年度报告</title></head>",
    '<table width="100%">',
]
NAMES = [None, "report.txt", "下载", "index.jsp", "report.html"]


def _page(opening: str) -> bytes:
    """Our rendering of a real report with its `<!DOCTYPE html><html …>` replaced by `opening` (ending in `<html>`)."""
    html = render(wuzhong_2021(), "html").decode("utf-8")
    return (opening + "\n" + html[html.index("<head>") :]).encode("utf-8")


@pytest.mark.parametrize("opening", PORTAL_OPENINGS)
@pytest.mark.parametrize("name", NAMES)
def test_portal_pages_are_html_whatever_their_name(opening: str, name: str | None) -> None:
    assert detect_format(opening.encode("utf-8") + "\n<p>正文</p>".encode(), name) == "html"


@pytest.mark.parametrize(
    "opening",
    [
        "<!-- 当前位置：首页 > 政府信息公开 -->\n<!DOCTYPE html>\n<html>",
        "\ufeff\r\n\r\n<!-- 模板：信息公开详细页 -->\r\n<HTML>",
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">',
    ],
)
def test_a_portal_page_saved_as_txt_reads_as_the_report(opening: str) -> None:
    result = parse_bytes(_page(opening), name="年度报告.txt")
    assert result.format == "html"
    assert result.report == wuzhong_2021()


def test_utf16_pages_with_their_bom_are_html() -> None:
    page = "<!-- 首页 -->\r\n<HTML><BODY><P>年度报告</P></BODY></HTML>"
    assert detect_format(codecs.BOM_UTF16_LE + page.encode("utf-16-le"), "a.txt") == "html"
    assert detect_format(codecs.BOM_UTF16_BE + page.encode("utf-16-be"), "a.txt") == "html"


def test_text_json_and_binary_formats_are_not_taken_for_html() -> None:
    text = (CORPUS / "wuzhong-approval-bureau-2021.txt").read_bytes()
    assert detect_format(text) == "txt"
    assert detect_format(text, "report.html") == "html"  # no content says otherwise: the name decides
    assert detect_format("<2021年度>政府信息公开工作年度报告\n一、总体情况".encode()) == "txt"
    assert detect_format("《条例》<p>不是开头\n".encode()) == "txt"
    assert detect_format(b'\xef\xbb\xbf\r\n  {"template": "2021"}') == "json"
    assert detect_format((CORPUS / "huaian-city-government-2024.pdf").read_bytes(), "x.html") == "pdf"
    assert detect_format((CORPUS / "template-2021-blank.docx").read_bytes(), "x.html") == "docx"


@pytest.mark.parametrize(
    ("name", "says"),
    [
        # An OLE container holding neither a Word document nor a workbook (those are read: test_doc_reader.py,
        # test_xls_reader.py).
        ("年度报告.doc", "没有可读取的 Word 文档或 Excel 工作簿"),
        ("年度报告.wps", "没有可读取的 Word 文档或 Excel 工作簿"),
        ("年度报告.xls", "“另存为”.xlsx"),
        ("年度报告.docx", "Office 97–2003 或 WPS 的旧格式"),  # a password-protected DOCX is one too
        (None, "“另存为”.docx"),
    ],
)
def test_old_office_files_that_are_neither_documents_nor_workbooks_are_refused_with_the_step_that_helps(
    name: str | None, says: str
) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    with pytest.raises(UnreadableReportError, match=says) as refused:
        parse_bytes(ole, name=name)
    assert "打开密码" in str(refused.value)


_COMMENTS = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="-"), max_size=40
).map(lambda text: f"<!--{text}-->")
_TAGS = st.sampled_from(["<!doctype html>", "<html>", "<head>", "<body>", "<meta charset=utf-8>", "<div>"])


@given(
    bom=st.booleans(),
    blanks=st.text(alphabet=" \t\r\n", max_size=8),
    comments=st.lists(_COMMENTS, max_size=3),
    prolog=st.booleans(),
    tag=_TAGS,
    upper=st.booleans(),
)
def test_any_bom_whitespace_comments_and_prolog_before_a_tag_is_html(
    bom: bool, blanks: str, comments: list[str], prolog: bool, tag: str, upper: bool
) -> None:
    opening = ("\ufeff" if bom else "") + blanks + ('<?xml version="1.0"?>' if prolog else "")
    opening += "\n".join(comments) + "\n" + (tag.upper() if upper else tag)
    assert detect_format(opening.encode("utf-8") + "<p>正文</p>".encode(), "report.txt") == "html"


def test_a_file_too_large_is_refused_by_its_size_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gongkai.core.report.io import MAX_INPUT_BYTES, parse_file

    huge = tmp_path / "huge.bin"
    with huge.open("wb") as out:  # sparse: no disk used
        out.truncate(MAX_INPUT_BYTES + 1)

    def never(self: Path) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", never)
    with pytest.raises(UnreadableReportError, match="文件过大"):
        parse_file(huge)


def test_control_characters_in_what_is_read_are_dropped() -> None:
    """A garbled text layer leaves NULs and escapes; no store or format can hold them (PostgreSQL refuses NUL)."""
    report = wuzhong_2021()
    garbled = {
        **report.sections,
        "overview": ("本机关\x00依法\x1b公开\x0c。", *report.sections["overview"][1:]),
    }
    data = render(type(report)(template=report.template, agency=report.agency + "\x07", year=report.year,
                               cells=report.cells, sections=garbled), "json")  # fmt: skip
    read = parse_bytes(data, name="r.json").report
    assert read.agency == report.agency
    assert read.sections["overview"][0] == "本机关依法公开。"
    page = render(report, "html").replace("报告".encode(), "报\x00告".encode())
    assert "\x00" not in repr(parse_bytes(page, name="r.html").report.sections)
