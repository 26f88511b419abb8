"""Checking uploaded files: size, and the type by the file's content (never by its name or the browser's say);
and storing them so that an action that fails takes its files with it.

A database rollback does not reach the file storage: a file saved by an action that then fails would stay on disk
with no row naming it — an applicant's identity proof nobody can find or delete. Services that store files run
under `files_removed_on_failure`, and store them with `store_file`.
"""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

__all__ = ["CheckedUpload", "check_upload", "files_removed_on_failure", "store_file"]

logger = logging.getLogger(__name__)

# The files stored by the action running in this thread (None outside `files_removed_on_failure`).
_stored_by_action: ContextVar[list[tuple[Storage, str]] | None] = ContextVar("stored_by_action", default=None)

_ALLOWED = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


@dataclass(frozen=True)
class CheckedUpload:
    content: bytes
    content_type: str
    extension: str
    sha256: str
    name: str


def _sniff(head: bytes, content: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return None


def check_upload(upload: UploadedFile[bytes]) -> CheckedUpload:
    """The upload's bytes and real type, or a ValidationError with a Chinese message."""
    limit: int = settings.UPLOAD_MAX_BYTES
    size = upload.size or 0
    if size > limit:
        raise ValidationError(
            _("文件“%(name)s”超过%(limit)s MB 的上限。")
            % {"name": upload.name, "limit": limit // (1024 * 1024)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("文件“%(name)s”是空文件。") % {"name": upload.name}, code="empty")
    upload.seek(0)
    content = upload.read()
    if len(content) > limit:
        raise ValidationError(_("文件超过大小上限。"), code="too_large")
    content_type = _sniff(content[:16], content)
    if content_type is None:
        raise ValidationError(
            _("文件“%(name)s”不是可接受的格式：请上传 PDF、JPG、PNG 图片或 Word（.docx）文件。")
            % {"name": upload.name},
            code="bad_type",
        )
    name = (upload.name or "file").replace("/", "_").replace("\\", "_")[-150:]
    return CheckedUpload(
        content=content,
        content_type=content_type,
        extension=_ALLOWED[content_type],
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
