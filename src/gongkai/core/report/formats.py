"""The file formats the report engine reads and writes, and which module handles each.

Modules are imported on first use, so reading a text file never loads the PDF or DOCX libraries.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from gongkai.core.errors import UnsupportedFormatError

__all__ = [
    "PARSE_FORMATS",
    "PARSE_SUFFIXES",
    "RENDER_FORMATS",
    "WORDML_NAMESPACE",
    "format_from_name",
    "parser_module",
    "renderer_module",
]

RENDER_FORMATS: tuple[str, ...] = ("html", "docx", "pdf", "xlsx", "txt", "json")
PARSE_FORMATS: tuple[str, ...] = (
    "txt", "html", "mhtml", "docx", "doc", "rtf", "wordml", "pdf", "xlsx", "xls", "json",
)  # fmt: skip
# A Word 2003 XML document declares this namespace on its root element.
WORDML_NAMESPACE = b"http://schemas.microsoft.com/office/word/2003/wordml"

_SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    ".html": "html",
    ".htm": "html",
    ".mhtml": "mhtml",
    ".mht": "mhtml",
    ".docx": "docx",
    ".doc": "doc",
    ".wps": "doc",
    ".rtf": "rtf",
    ".xml": "wordml",
    ".pdf": "pdf",
    ".xlsx": "xlsx",
    ".xls": "xls",
    ".et": "xls",
    ".json": "json",
}

# The file names a report is read from (an upload form's `accept`; a folder's report files).
PARSE_SUFFIXES: tuple[str, ...] = tuple(_SUFFIXES)


def format_from_name(name: str | Path) -> str | None:
    return _SUFFIXES.get(Path(name).suffix.lower())


def parser_module(fmt: str) -> object:
    if fmt not in PARSE_FORMATS:
        raise UnsupportedFormatError(f"无法读取“{fmt}”格式的年度报告。支持：{'、'.join(PARSE_FORMATS)}。")
    return import_module(f"gongkai.core.report.parse.{fmt}_reader")


def renderer_module(fmt: str) -> object:
    if fmt not in RENDER_FORMATS:
        raise UnsupportedFormatError(f"无法输出“{fmt}”格式。支持：{'、'.join(RENDER_FORMATS)}。")
    return import_module(f"gongkai.core.report.render.{fmt}_renderer")
