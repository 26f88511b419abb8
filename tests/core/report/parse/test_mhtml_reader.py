from __future__ import annotations

import contextlib
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.errors import GongkaiError, UnreadableReportError
from gongkai.core.report.io import detect_format, parse_bytes, parse_file
from gongkai.core.report.render.html_renderer import render
from tests.core.report.reports import huaian_2024

FIXTURES = Path(__file__).parents[3] / "fixtures" / "html"
PORTAL = FIXTURES / "yanchi-portal-2021-gb2312.html"
# PORTAL opened in Chromium 156 and saved as one file (CDP Page.captureSnapshot, what 另存为 “网页，单个文件” writes):
# quoted-printable UTF-8, the page's `javascript:` links (打印本页, 关闭窗口) removed.
CHROMIUM_MHTML = FIXTURES / "yanchi-portal-2021.chromium.mhtml"
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _mht(html: bytes, charset: str, encoding: str) -> bytes:
    """A page saved as one file the way Internet Explorer and Word's 单个文件网页 do: the page in its own
    charset, base64 or quoted-printable, an image beside it."""
    message = EmailMessage()
    message["MIME-Version"] = "1.0"
    message["Subject"] = "盐池县自然资源局2021年政府信息公开工作年度报告"
    message.set_content(html, maintype="text", subtype="html", cte=encoding, params={"charset": charset})
    message.make_related()
    message.add_related(
        b"\x89PNG\r\n\x1a\n" + bytes(64), maintype="image", subtype="png", filename="logo.png"
    )
    return message.as_bytes()


def test_a_portal_page_saved_by_chromium_reads_as_the_page_itself() -> None:
    saved = CHROMIUM_MHTML.read_bytes()
    assert saved.startswith(b"From: <Saved by Blink>")
    assert detect_format(saved, "report.txt") == "mhtml"  # by the content, whatever the name
    result = parse_file(CHROMIUM_MHTML)
    page = parse_file(PORTAL)
    assert result.format == "mhtml"
    assert (result.report.template, result.report.agency, result.report.year) == (
        "2021",
        "盐池县自然资源局",
        2021,
    )
    assert result.report.cells == page.report.cells
    # the page's 【打印本页】【关闭窗口】 line, its links gone, is still not read as text of section 六
    assert result.report.sections == page.report.sections
    assert result.findings == page.findings == ()


@pytest.mark.parametrize("encoding", ["base64", "quoted-printable"])
def test_a_page_saved_by_ie_or_word_in_gb2312(encoding: str) -> None:
    html = PORTAL.read_bytes()
    saved = _mht(html, "gb2312", encoding)
    assert b"Content-Type: multipart/related" in saved
    result = parse_bytes(saved, name="年度报告.mht")
    assert result.format == "mhtml"
    assert result.report.cells == parse_file(PORTAL).report.cells


def test_a_part_labelled_with_the_wrong_charset_is_read_by_the_page_s_own() -> None:
    """A part that says utf-8 but holds GB2312 bytes: its own <meta charset> decides, as a browser would."""
    saved = _mht(PORTAL.read_bytes(), "utf-8", "base64")
    assert parse_bytes(saved).report.cells == parse_file(PORTAL).report.cells


def test_a_report_shown_in_a_frame_of_the_saved_page_is_read() -> None:
    """A portal that shows the article in an iframe: the saved page is the shell, the report its frame."""
    message = EmailMessage()
    message["MIME-Version"] = "1.0"
    shell = "<html><body><nav>首页 政务公开</nav><iframe src='article.html'></iframe></body></html>"
    message.set_content(shell.encode(), maintype="text", subtype="html", params={"charset": "utf-8"})
    message.make_related()
    message.add_related(PORTAL.read_bytes(), maintype="text", subtype="html", params={"charset": "gb2312"})
    result = parse_bytes(message.as_bytes(), name="page.mhtml")
    assert result.report.cells == parse_file(PORTAL).report.cells
    frame = next(part for part in message.iter_parts() if part.get_param("charset") == "gb2312")
    frame.set_payload(b"")
    with pytest.raises(UnreadableReportError, match="看起来不是政府信息公开工作年度报告"):
        parse_bytes(message.as_bytes(), name="page.mhtml")


def test_an_archive_without_a_page_is_refused_with_advice() -> None:
    message = EmailMessage()
    message["MIME-Version"] = "1.0"
    message.set_content(b"\x89PNG\r\n\x1a\n", maintype="image", subtype="png")
    message.make_related()
    message.add_related(b"\x89PNG\r\n\x1a\n", maintype="image", subtype="png")
    with pytest.raises(UnreadableReportError, match="没有网页正文"):
        parse_bytes(message.as_bytes(), name="x.mhtml")
    with pytest.raises(UnreadableReportError):
        parse_bytes(b"just some text, not an archive", name="x.mht")


def _parse_or_our_error(data: bytes) -> None:
    with contextlib.suppress(GongkaiError):
        parse_bytes(data, name="x.mhtml")


@FUZZ
@given(st.data())
def test_truncated_archives_raise_only_our_errors(data: st.DataObject) -> None:
    saved = _mht(render(huaian_2024()), "utf-8", data.draw(st.sampled_from(["base64", "quoted-printable"])))
    _parse_or_our_error(saved[: data.draw(st.integers(min_value=0, max_value=len(saved)))])


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bodies_raise_only_our_errors(body: bytes) -> None:
    head = b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\nContent-Type: text/html\r\n'
    _parse_or_our_error(head + body)
