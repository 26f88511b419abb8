"""Reading and writing reports in any supported format: the one entry point the CLI and the web layer use.

    parse_file(path) / parse_bytes(data, name=…)  → ParseResult   (format detected from content, then name)
    render(report, "pdf", findings=…, font=…)     → bytes   (font: the CJK font a PDF embeds, else found)

Each format's module (`parse/<fmt>_reader.py`, `render/<fmt>_renderer.py`) exposes
`read(data: bytes) -> ParseResult` and `render(report: Report, *, findings: Sequence[Finding]) -> bytes`.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import replace
from io import BytesIO
from pathlib import Path
from typing import cast

from gongkai.core.errors import GongkaiError, UnreadableReportError
from gongkai.core.office import xml_safe
from gongkai.core.report.formats import WORDML_NAMESPACE, format_from_name, parser_module, renderer_module
from gongkai.core.report.model import Finding, ParseResult, Report, SourceRef

__all__ = ["detect_format", "parse_bytes", "parse_file", "render"]

# Larger inputs are refused before any parser sees them: no real annual report comes near this.
MAX_INPUT_BYTES = 50 * 1024 * 1024
_HEAD_BYTES = 2048
# Word and Excel 97–2003 files (and WPS files in their formats), and Office files with a password, are OLE
# compound documents.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_WHITESPACE = b" \t\r\n\f\v"
# A comment, a prolog or a doctype is markup; so is a tag of the kind a page or a fragment of one opens with.
_HTML_OPENING = re.compile(
    rb"<(?:!doctype|\?xml|!--|(?:html|head|body|meta|title|link|base|script|style|table|div|p|h[1-6]|section"
    rb"|article|main|header|center|font|span|br)(?=[\s>/]))",
    re.IGNORECASE,
)
# MHTML (`parse/mhtml_reader.py`): header lines, continuation lines indented, up to the first blank line.
_MIME_HEAD_BYTES = 8192
_MIME_HEADER_LINE = re.compile(rb"[A-Za-z][A-Za-z0-9-]*:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*\r?\n")
_MIME_VERSION = re.compile(rb"^mime-version:", re.IGNORECASE | re.MULTILINE)
_MULTIPART_RELATED = re.compile(rb"^content-type:\s*multipart/related", re.IGNORECASE | re.MULTILINE)


def detect_format(data: bytes, name: str | Path | None = None) -> str:
    """The format of `data`, by its content first (a .txt that is really a PDF is read as a PDF).

    The name decides only when the content does not: a page saved from a portal may open with a BOM, blank
    lines, an XML prolog, comments (`<!-- 当前位置 -->`) or upper-case tags, and is HTML whatever it is called.
    """
    head = data[:_HEAD_BYTES].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(_OLE_MAGIC):
        kind = _ole_kind(data)
        if kind is None:
            raise UnreadableReportError(_old_office_message(name))
        return kind
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            raise UnreadableReportError("文件已损坏：看起来是压缩格式（DOCX/XLSX），但无法打开。") from None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise UnreadableReportError("这是一个压缩文件，但既不是 Word（DOCX）也不是 Excel（XLSX）文档。")
    if _is_mhtml(data):
        return "mhtml"
    opening = _markup_opening(data[:_HEAD_BYTES])
    if opening.startswith(b"{\\rtf"):  # RTF, whatever it is called (office systems export it as .doc)
        return "rtf"
    if opening.startswith(b"<") and WORDML_NAMESPACE in data[:_MIME_HEAD_BYTES]:
        return "wordml"  # Word 2003 XML: what office systems generate from a template and name .doc
    if opening.startswith(b"{"):
        return "json"
    if _HTML_OPENING.match(opening):
        return "html"
    by_name = format_from_name(name) if name is not None else None
    if by_name in ("html", "json", "mhtml"):
        return by_name
    return "txt"


def _is_mhtml(data: bytes) -> bool:
    """A web page saved as one file: a MIME message's headers naming a multipart/related body."""
    head = data[:_MIME_HEAD_BYTES].lstrip(_WHITESPACE)
    position = 0
    while match := _MIME_HEADER_LINE.match(head, position):
        position = match.end()
    headers = head[:position]
    return bool(_MIME_VERSION.search(headers)) and bool(_MULTIPART_RELATED.search(headers))


def _ole_kind(data: bytes) -> str | None:
    """What an OLE compound file holds: "doc" (a Word document) or "xls" (an Excel workbook), also as WPS writes
    them; None for anything else (an Office file with a password is one) or a damaged file."""
    import olefile  # loaded only for such files

    try:
        with olefile.OleFileIO(BytesIO(data)) as ole:
            if ole.exists("WordDocument"):
                return "doc"
            if ole.exists("Workbook") or ole.exists("Book"):
                return "xls"
    except Exception:  # olefile raises many kinds for a damaged container
        return None
    return None


def _old_office_message(name: str | Path | None) -> str:
    """An OLE compound file that is neither a Word document nor a workbook: an Office file with a password
    (encrypted, a .docx or .xlsx is one too), another Office program's file, or a damaged one."""
    suffix = Path(str(name)).suffix.lower() if name is not None else ""
    target = ".xlsx" if suffix in (".xls", ".et", ".xlsx") else ".docx"
    return (
        "这个文件是 Office 97–2003 或 WPS 的旧格式，但里面没有可读取的 Word 文档或 Excel 工作簿：可能设置了打开密码，"
        f"或已损坏。请在 Word、Excel 或 WPS 中打开（先取消密码），“另存为”{target} 后再导入。"
    )


def _markup_opening(head: bytes) -> bytes:
    """`head` without its BOM and leading whitespace (UTF-16 re-encoded as UTF-8, so that tags can be seen)."""
    if head.startswith(_UTF16_BOMS):
        head = head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    while True:
        stripped = head.lstrip(_WHITESPACE)
        if stripped.startswith(codecs.BOM_UTF8):
            stripped = stripped[len(codecs.BOM_UTF8) :]
        if stripped == head:
            return head
        head = stripped


def _too_large(size: int) -> UnreadableReportError:
    return UnreadableReportError(
        f"文件过大（{size // 1024 // 1024} MB），年度报告不应超过 {MAX_INPUT_BYTES // 1024 // 1024} MB。"
    )


def parse_bytes(data: bytes, *, name: str | Path | None = None, fmt: str | None = None) -> ParseResult:
    if len(data) > MAX_INPUT_BYTES:
        raise _too_large(len(data))
    if not data.strip():
        raise UnreadableReportError("文件是空的，没有可读取的内容。")
    fmt = fmt or detect_format(data, name)
    reader = cast(Callable[[bytes], ParseResult], parser_module(fmt).read)  # type: ignore[attr-defined]
    try:
        return _without_control_characters(reader(data))
    except GongkaiError:
        raise
    except Exception as error:  # a library choking on malformed input must still end in our own error
        raise UnreadableReportError(
            f"无法读取这份{fmt.upper()}文件：文件可能已损坏或不是年度报告。（{type(error).__name__}）"
        ) from error


def _without_control_characters(result: ParseResult) -> ParseResult:
    """The parsed text without the control characters a garbled extraction leaves (a NUL from a PDF's text
    layer, a form feed from a DOCX): no database (PostgreSQL refuses NUL outright), no format and no reader of the
    report can hold them."""
    report = result.report
    return replace(
        result,
        report=replace(
            report,
            agency=xml_safe(report.agency),
            sections={key: tuple(xml_safe(text) for text in texts) for key, texts in report.sections.items()},
            sources={cell: _clean_source(source) for cell, source in report.sources.items()},
        ),
        findings=tuple(
            replace(
                finding,
                message=xml_safe(finding.message),
                expected=_clean_value(finding.expected),
                actual=_clean_value(finding.actual),
                sources=tuple(_clean_source(source) for source in finding.sources),
            )
            for finding in result.findings
        ),
    )


def _clean_source(source: SourceRef) -> SourceRef:
    return source if source.raw is None else replace(source, raw=xml_safe(source.raw))


def _clean_value(value: object) -> object:
    return xml_safe(value) if isinstance(value, str) else value


def parse_file(path: str | Path) -> ParseResult:
    path = Path(path)
    try:
        # The size first: a file too large is refused without being read.
        if path.is_file() and path.stat().st_size > MAX_INPUT_BYTES:
            raise _too_large(path.stat().st_size)
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableReportError(f"找不到文件：{path}") from None
    except IsADirectoryError:
        raise UnreadableReportError(f"这是一个文件夹，不是文件：{path}") from None
    except OSError as error:
        raise UnreadableReportError(f"无法打开文件 {path}：{error.strerror}") from None
    return parse_bytes(data, name=path)


def render(
    report: Report, fmt: str, *, findings: Sequence[Finding] = (), font: str | Path | None = None
) -> bytes:
    """`font`: the CJK TrueType font file a PDF embeds (callers pass GONGKAI_CJK_FONT); other formats ignore it."""
    renderer = cast(
        Callable[..., bytes],
        renderer_module(fmt).render,  # type: ignore[attr-defined]
    )
    if fmt == "pdf":
        return renderer(report, findings=tuple(findings), font=font)
    return renderer(report, findings=tuple(findings))
