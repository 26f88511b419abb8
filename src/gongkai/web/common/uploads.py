"""Checking uploaded files: size, and the type by the file's content (never by its name or the browser's say) —
the first bytes name a format of `ACCEPTED_FORMATS`, then the whole file must be one: a PDF that opens and has a
page, an image Pillow decodes to its last pixel (not more pixels than a scan has), neither with a program or an
archive hidden in it, a Word file python-docx opens, with no macro or program inside and no part that would
unpack outside its folder or past a size limit;
and storing them so that an action that fails takes its files with it.

A database rollback does not reach the file storage: a file saved by an action that then fails would stay on disk
with no row naming it — an applicant's identity proof nobody can find or delete. Services that store files run
under `files_removed_on_failure`, and store them with `store_file`.
"""

from __future__ import annotations

import hashlib
import io
import logging
import posixpath
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import docx
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from PIL import Image

from gongkai.web.common.validators import forbidden_character, without_invisible_characters

__all__ = [
    "ACCEPTED_FORMATS",
    "DOCX_MAX_UNCOMPRESSED_BYTES",
    "IMAGE_MAX_PIXELS",
    "AcceptedFormat",
    "CheckedUpload",
    "accepted_formats_text",
    "check_upload",
    "files_removed_on_failure",
    "store_file",
    "upload_help_text",
]

logger = logging.getLogger(__name__)

# The files stored by the action running in this thread (None outside `files_removed_on_failure`).
_stored_by_action: ContextVar[list[tuple[Storage, str]] | None] = ContextVar("stored_by_action", default=None)


@dataclass(frozen=True)
class AcceptedFormat:
    content_type: str
    extension: str
    name: str  # as people call it, in help texts and messages


PDF = AcceptedFormat("application/pdf", ".pdf", "PDF")
JPEG = AcceptedFormat("image/jpeg", ".jpg", "JPG")
PNG = AcceptedFormat("image/png", ".png", "PNG")
DOCX = AcceptedFormat(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "DOCX"
)
# Every format an uploaded file may have: what the checks accept and what the forms' help texts say.
ACCEPTED_FORMATS = (PDF, JPEG, PNG, DOCX)

# A scanned A4 page at 600 dpi is 35 million pixels; a bigger image is a decompression bomb, not a scan.
IMAGE_MAX_PIXELS = 50_000_000
# What a Word file may unpack to (its parts are all read into memory), and how many parts it may have.
DOCX_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
DOCX_MAX_ENTRIES = 1000
# Parts of a Word file that carry programs: macros (whatever the part is named, its type says so), ActiveX
# controls, and files of the kinds Windows runs.
_EXECUTABLE_SUFFIXES = (
    ".exe", ".dll", ".com", ".bat", ".cmd", ".js", ".jse", ".vbs", ".vbe", ".ps1", ".scr", ".msi", ".jar",
    ".hta", ".wsf", ".cpl", ".lnk",
)  # fmt: skip
_MACRO_MARKS = (b"vbaProject", b"macroEnabled", b"activeX")
# A Windows program inside a part: its “MZ” header, or the DOS stub every linker writes.
_PROGRAM_MARK = b"This program cannot be run in DOS mode"
# What a PDF or an image may carry hidden after its own end (a “polyglot”): a Windows program (its DOS stub), a
# Linux program (the ELF header: magic, 32 or 64 bit, either byte order, version 1) or a RAR or 7-Zip archive;
# a ZIP archive is found by its directory at the end of the file. Each mark is long enough never to occur by
# chance in a scan.
_HIDDEN_MARKS = (
    _PROGRAM_MARK,
    *(b"\x7fELF" + bytes([bits, order, 1]) for bits in (1, 2) for order in (1, 2)),
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
)


def accepted_formats_text() -> str:
    """“PDF、JPG、PNG、DOCX” (“PDF, JPG, PNG, DOCX” in English)."""
    # Translators: the separator between the items of a list (“, ” in English).
    return _("、").join(f.name for f in ACCEPTED_FORMATS)


def _upload_limit_mb() -> int:
    limit: int = settings.UPLOAD_MAX_BYTES
    return limit // (1024 * 1024)


def _help_text(template: Any) -> str:
    return str(template) % {"formats": accepted_formats_text(), "limit": _upload_limit_mb()}


# A form's help text naming the accepted formats and the size limit, in the language of the page that shows it:
# `upload_help_text(gettext_lazy("…：%(formats)s，不超过%(limit)s MB。"))`.
upload_help_text = lazy(_help_text, str)


@dataclass(frozen=True)
class CheckedUpload:
    content: bytes
    content_type: str
    extension: str
    sha256: str
    name: str


def _sniff(content: bytes) -> AcceptedFormat | None:
    """The format the file's first bytes claim (a ZIP with a Word document part for DOCX) — a claim its
    content is then checked against."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "word/document.xml" in names:
            return DOCX
    return None


def _refused(message: str, name: str, code: str, **params: object) -> ValidationError:
    return ValidationError(message % {"name": name, **params}, code=code)


def _verify_pdf(content: bytes, name: str) -> None:
    """A PDF that opens (without a password) and has a page."""
    try:
        document = PDFDocument(PDFParser(io.BytesIO(content)))
        first_page = next(PDFPage.create_pages(document), None)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise _refused(_("PDF 文件“%(name)s”有密码保护，请上传未加密的文件。"), name, "encrypted") from None
    except Exception:  # a parser of untrusted bytes fails in many ways; each means the same here
        raise _refused(_("文件“%(name)s”不是完整的 PDF 文件，无法打开。"), name, "bad_pdf") from None
    if first_page is None:
        raise _refused(_("PDF 文件“%(name)s”没有页面。"), name, "empty_pdf")


def _verify_image(content: bytes, name: str, pillow_format: str) -> None:
    """An image Pillow decodes to its last pixel, of a size a scan has."""
    broken = _refused(_("图片“%(name)s”已损坏或不完整，无法显示。"), name, "bad_image")
    too_many_pixels = _refused(
        _("图片“%(name)s”像素过多，上限为%(limit)s像素。"),
        name,
        "too_many_pixels",
        limit=f"{IMAGE_MAX_PIXELS:,}",
    )
    try:
        with Image.open(io.BytesIO(content), formats=[pillow_format]) as image:
            width, height = image.size
            if width * height > IMAGE_MAX_PIXELS:
                raise too_many_pixels
            image.verify()  # PNG: every chunk's checksum
        with Image.open(io.BytesIO(content), formats=[pillow_format]) as image:
            # A JPEG is decoded at 1/8 of its size: the whole of its data is still read, in 1/64 of the memory.
            image.draft(None, (max(1, width // 8), max(1, height // 8)))
            image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError:  # Pillow's own limit, far above ours
        raise too_many_pixels from None
    except Exception:  # a decoder of untrusted bytes fails in many ways; each means the same here
        raise broken from None


def _unsafe_entry_name(entry: str) -> bool:
    """A part name that would leave the folder it is unpacked in (absolute, “..”, a drive, backslashes)."""
    return (
        entry.startswith("/")
        or "\\" in entry
        or ":" in entry
        or "\x00" in entry
        or ".." in entry.split("/")
        or posixpath.isabs(entry)
    )


def _carries_program(entry: str, data: bytes) -> bool:
    lowered = entry.lower()
    if lowered.endswith(_EXECUTABLE_SUFFIXES) or posixpath.basename(lowered) == "vbaproject.bin":
        return True
    if "/activex/" in f"/{lowered}":
        return True
    if (lowered == "[content_types].xml" or lowered.endswith(".rels")) and any(
        mark in data for mark in _MACRO_MARKS
    ):
        return True
    return data.startswith((b"MZ", b"\x7fELF")) or _PROGRAM_MARK in data


def _verify_docx(content: bytes, name: str) -> None:
    """A Word document python-docx opens, without macros or programs inside, that unpacks to a sane size
    into its own folder."""
    broken = _refused(_("Word 文件“%(name)s”已损坏，无法打开。"), name, "bad_docx")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            if len(entries) > DOCX_MAX_ENTRIES or (
                sum(entry.file_size for entry in entries) > DOCX_MAX_UNCOMPRESSED_BYTES
            ):
                raise _refused(
                    _("Word 文件“%(name)s”解压后超过%(limit)s MB 的上限。"),
                    name,
                    "docx_too_large",
                    limit=DOCX_MAX_UNCOMPRESSED_BYTES // (1024 * 1024),
                )
            if any(_unsafe_entry_name(entry.filename) for entry in entries):
                raise _refused(
                    _("Word 文件“%(name)s”含有不安全的路径（如“../”），不能接受。"), name, "docx_unsafe_path"
                )
            for entry in entries:
                # Reading is bounded by the size the entry declares, and checks its CRC.
                if _carries_program(entry.filename, archive.read(entry)):
                    raise _refused(
                        _("Word 文件“%(name)s”含有宏或可执行程序，不能接受。"), name, "docx_program"
                    )
        docx.Document(io.BytesIO(content))
    except ValidationError:
        raise
    except Exception:  # a reader of untrusted bytes fails in many ways; each means the same here
        raise broken from None


def _verify_nothing_hidden(content: bytes, name: str) -> None:
    """A PDF or an image that carries no program or archive: a reader shows the document and ignores what
    follows it, which another program would run or unpack."""
    if zipfile.is_zipfile(io.BytesIO(content)) or any(mark in content for mark in _HIDDEN_MARKS):
        raise _refused(
            _("文件“%(name)s”中夹带了程序或压缩包，不能接受。请上传原始的扫描件或照片。"),
            name,
            "hidden_content",
        )


def _verify_content(accepted: AcceptedFormat, content: bytes, name: str) -> None:
    if accepted is PDF:
        _verify_pdf(content, name)
    elif accepted is PNG:
        _verify_image(content, name, "PNG")
    elif accepted is JPEG:
        _verify_image(content, name, "JPEG")
    else:
        _verify_docx(content, name)
        return
    _verify_nothing_hidden(content, name)


def _safe_name(name: str | None) -> str:
    """The file's name as it may be stored and shown: no folders, no control or invisible characters."""
    cleaned = "".join(
        "_" if c in "/\\" or forbidden_character(c) else c for c in without_invisible_characters(name or "")
    )
    return cleaned.strip()[-150:] or "file"


def check_upload(upload: UploadedFile[bytes]) -> CheckedUpload:
    """The upload's bytes and real type, or a ValidationError with a Chinese message: its first bytes name one
    of the accepted formats, and its content is a whole file of that format."""
    limit: int = settings.UPLOAD_MAX_BYTES
    size = upload.size or 0
    name = _safe_name(upload.name)
    if size > limit:
        raise ValidationError(
            _("文件“%(name)s”超过%(limit)s MB 的上限。") % {"name": name, "limit": limit // (1024 * 1024)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("文件“%(name)s”是空文件。") % {"name": name}, code="empty")
    upload.seek(0)
    content = upload.read()
    if len(content) > limit:
        raise ValidationError(_("文件超过大小上限。"), code="too_large")
    accepted = _sniff(content)
    if accepted is None:
        raise ValidationError(
            _("文件“%(name)s”不是可接受的格式：请上传 %(formats)s 文件。")
            % {"name": name, "formats": accepted_formats_text()},
            code="bad_type",
        )
    _verify_content(accepted, content, name)
    return CheckedUpload(
        content=content,
        content_type=accepted.content_type,
        extension=accepted.extension,
        sha256=hashlib.sha256(content).hexdigest(),
        name=name,
    )


def store_file(field: FieldFile, name: str, content: bytes) -> None:
    """Save `content` into the file field (not the row), remembered for removal should the action fail."""
    field.save(name, ContentFile(content), save=False)
    stored = _stored_by_action.get()
    if stored is not None and field.name:
        stored.append((field.storage, field.name))


@contextmanager
def files_removed_on_failure() -> Iterator[None]:
    """Around an action (outside its transaction): if it raises, the files it stored are deleted. Nested, the
    inner action's files are handed to the outer one, whose failure removes them too."""
    stored: list[tuple[Storage, str]] = []
    outer = _stored_by_action.get()
    token = _stored_by_action.set(stored)
    try:
        yield
    except BaseException:
        for storage, name in stored:
            try:
                storage.delete(name)
            except OSError:
                logger.exception("could not remove %s after a failed action", name)
        raise
    else:
        if outer is not None:
            outer.extend(stored)
    finally:
        _stored_by_action.reset(token)
