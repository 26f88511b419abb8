"""Importing the reports of agencies not on the platform: a batch of files, each read by the report engine's
parsers, checked with the rules and filed with its findings — or listed with the Chinese reason it could not be.

Each file is parsed outside any transaction (a PDF takes a moment) and then written in a transaction (a savepoint
inside an outer one) of its own: a file that fails leaves nothing behind, and the files before and after it are
not affected. Whatever happens to a file — refused with a Chinese reason, or an unexpected failure, logged — it
is a result of the batch, and the batch (who, when, every file's result) is always recorded and audited.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

from django.contrib.auth.models import User
from django.db import transaction

from gongkai.core.errors import GongkaiError, ReportImportError
from gongkai.core.office import xml_safe
from gongkai.core.report import io
from gongkai.core.report.model import SEVERITY_LABELS, Severity
from gongkai.web.agencies.models import Agency
from gongkai.web.annualreports import services as reports
from gongkai.web.audit.services import audit_record
from gongkai.web.supervision.models import ImportBatch
from gongkai.web.supervision.selectors import supervises

__all__ = ["FileResult", "import_batch", "import_file"]

logger = logging.getLogger(__name__)

UNEXPECTED_FAILURE = "导入时发生意外错误，未导入；错误已记入系统日志，请联系系统管理员。"


@dataclass(frozen=True)
class FileResult:
    name: str
    ok: bool
    message: str
    format: str = ""
    report_id: int | None = None
    subject: str = ""
    year: int | None = None
    external: bool = True
    errors: int = 0
    warnings: int = 0


def import_file(*, under: Agency, name: str, content: bytes, by: User | None, on: dt.date) -> FileResult:
    """Read, check and file one report; a failure is a result with its Chinese message, never an exception."""
    name = xml_safe(name)  # an uploaded file's name is what its sender typed
    try:
        parsed = io.parse_bytes(content, name=name)
        version = reports.report_import(under=under, parsed=parsed, name=name, content=content, by=by, on=on)
    except GongkaiError as error:
        return FileResult(name=name, ok=False, message=str(error))
    except Exception:  # a defect must not lose the batch: this file is "not imported", the others go on
        logger.exception("importing the report file %r failed unexpectedly", name)
        return FileResult(name=name, ok=False, message=UNEXPECTED_FAILURE)
    report = version.report
    errors, warnings = SEVERITY_LABELS[Severity.ERROR], SEVERITY_LABELS[Severity.WARNING]
    if version.error_count:
        message = f"已导入，校验发现{version.error_count}个{errors}、{version.warning_count}个{warnings}。"
    elif version.warning_count:
        message = f"已导入，校验发现{version.warning_count}个{warnings}。"
    else:
        message = "已导入，校验全部通过。"
    return FileResult(
        name=name, ok=True, message=message, format=parsed.format, report_id=report.pk, subject=report.subject,
        year=report.year, external=report.external, errors=version.error_count, warnings=version.warning_count,
    )  # fmt: skip


def import_batch(
    *,
    under: Agency,
    files: Iterable[tuple[str, bytes]],
    by: User | None,
    on: dt.date,
    origin: str = ImportBatch.Origin.WEB,
    progress: Callable[[FileResult], None] | None = None,
) -> ImportBatch:
    """Import every file; `progress` is told each file's result as soon as it is known (the command's bar)."""
    if by is not None and not supervises(by, under):
        raise ReportImportError("只有上级机关的监督人员可以导入平台外机关的年度报告。")
    results: list[FileResult] = []
    try:
        for name, content in files:
            result = import_file(under=under, name=name, content=content, by=by, on=on)
            results.append(result)
            if progress is not None:
                progress(result)
    finally:  # even when interrupted, the files imported so far are on record
        batch = _record(under=under, by=by, origin=origin, results=results)
    return batch


@transaction.atomic
def _record(*, under: Agency, by: User | None, origin: str, results: list[FileResult]) -> ImportBatch:
    imported = sum(1 for r in results if r.ok)
    batch = ImportBatch.objects.create(
        under=under, created_by=by, origin=origin, results=[asdict(r) for r in results], imported=imported,
        failed=len(results) - imported,
    )  # fmt: skip
    audit_record(
        actor=by,
        action="supervision.import",
        obj=batch,
        agency=under,
        details={"files": len(results), "imported": imported, "failed": len(results) - imported},
    )
    return batch
