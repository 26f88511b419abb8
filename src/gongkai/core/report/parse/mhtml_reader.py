"""A web page saved as one file (MHTML: Chrome's and Edge's "网页，单个文件" `.mhtml`, Internet Explorer's and Word's
`.mht`): a MIME message whose first HTML part is the page, and whose later HTML parts are its frames. Each is
decoded (quoted-printable or base64, in the charset its header names) and read by `html_reader`, the page
first: the first that holds a report is the report (a portal that shows the article in an iframe); the
page's style sheets and images are not looked at.

Python's `email` package parses the message: it is the standard library's MIME implementation, and it is
tolerant — a malformed message still gives its parts, and a part it cannot decode gives its raw bytes.
"""

from __future__ import annotations

import codecs
import email.parser
import email.policy
from email.message import Message

from gongkai.core.errors import UnreadableReportError
from gongkai.core.report.model import ParseResult
from gongkai.core.report.parse.assemble import assemble
from gongkai.core.report.parse.html_reader import decode_html, html_blocks

__all__ = ["page_htmls", "read"]

FORMAT = "mhtml"

_PARSER = email.parser.BytesParser(policy=email.policy.compat32)


def page_htmls(data: bytes) -> list[str]:
    """The HTML parts of an MHTML file, decoded: the page, then its frames (empty parts left out)."""
    message = _PARSER.parsebytes(data)
    pages = [
        text
        for part in message.walk()
        if part.get_content_type() == "text/html" and not part.is_multipart()
        for text in [_decoded(part)]
        if text.strip()
    ]
    if not pages:
        raise UnreadableReportError(
            "这个网页存档（MHTML）里没有网页正文，无法读取。请在浏览器中重新“另存为”后再导入。"
        )
    return pages


def _decoded(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        return ""
    # The part's charset first; one Python has no codec for, or that the bytes do not fit (a mislabelled page),
    # leaves them to the page's own <meta charset>, then UTF-8, then GB18030 — as for any page.
    return decode_html(payload, declared=part.get_content_charset())


def read(data: bytes) -> ParseResult:
    """Parses an annual report saved from a web page as MHTML: the first of its pages that holds one."""
    first_error: UnreadableReportError | None = None
    for page in page_htmls(data):
        try:
            return assemble(html_blocks(codecs.BOM_UTF8 + page.encode("utf-8")), fmt=FORMAT)
        except UnreadableReportError as error:
            first_error = first_error or error
    assert first_error is not None
    raise first_error
