"""Importing legacy cases from XLSX or CSV: every row checked first, then all written in one transaction.

From the office page an import runs as a background job (`import_job_create` → a thread of the web process →
`import_job_run`) whose progress the page polls; the command line runs `import_cases` directly with a bar.

Columns (Chinese headers, in the first row or below a title; order free; * required):
  原编号 · 收到日期* · 渠道* · 申请人类型* · 申请人* · 证件类型 · 证件号码* · 联系电话* · 通信地址* · 申请内容* ·
  答复类型 · 办结方式 · 答复日期
— or the names other ledgers give them (`HEADER_ALIASES`: 受理日期, 申请方式, 身份证号码, 答复结果…). Dates as
2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日 or 20240305, with or without a time of day.
A decided case gives 答复类型 (an answer of Art. 36/37, by its label or id) and 答复日期; a case closed without a
decision gives 办结方式 (撤回 / 逾期未补正 / 逾期未缴费) and 答复日期; an open case leaves all three blank.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from gongkai.core.cases import ANSWERS, APPLICANT_KINDS, Action, check_application_dates
from gongkai.core.errors import CaseDataError, GongkaiError
from gongkai.core.office import xml_safe
from gongkai.web.agencies.models import Agency
from gongkai.web.applications.models import Applicant, Channel
from gongkai.web.applications.selectors import legacy_numbers_imported
from gongkai.web.applications.services import ApplicantData, ImportedOutcome, application_import
from gongkai.web.audit.services import audit_record
from gongkai.web.common import clock
from gongkai.web.common.spreadsheets import (
    RowError,
    SheetRows,
    SkippedRow,
    TableImportResult,
    ledger_date,
    read_rows,
)
from gongkai.web.imports.models import ImportJob

__all__ = [
    "CLOSING_LABELS",
    "COLUMNS",
    "HEADER_ALIASES",
    "ImportProgress",
    "ImportResult",
    "RowError",
    "import_cases",
    "import_job_create",
    "import_job_run",
    "progress_key",
    "read_table",
]

logger = logging.getLogger(__name__)

COLUMNS = (
    "原编号",
    "收到日期",
    "渠道",
    "申请人类型",
    "申请人",
    "证件类型",
    "证件号码",
    "联系电话",
    "通信地址",
    "申请内容",
    "答复类型",
    "办结方式",
    "答复日期",
)
REQUIRED = ("收到日期", "渠道", "申请人类型", "申请人", "证件号码", "联系电话", "通信地址", "申请内容")
# What other ledgers call the columns. 申请日期 is not among them: the receipt date (Art. 31) may differ from
# the day the applicant wrote, and guessing would move every deadline.
HEADER_ALIASES = {
    **dict.fromkeys(("编号", "原登记编号", "登记编号", "受理编号", "申请编号"), "原编号"),
    **dict.fromkeys(
        ("受理日期", "收文日期", "登记日期", "接收日期", "收到申请日期", "收到申请时间"), "收到日期"
    ),
    **dict.fromkeys(("申请方式", "申请渠道", "提交方式", "收到方式", "受理渠道"), "渠道"),
    **dict.fromkeys(("申请人身份", "申请人类别", "申请主体类型"), "申请人类型"),
    **dict.fromkeys(
        ("申请人姓名", "申请人名称", "申请人姓名或名称", "申请人姓名（名称）", "姓名/名称"), "申请人"
    ),
    **dict.fromkeys(("证件名称", "身份证件类型"), "证件类型"),
    **dict.fromkeys(
        ("证件号", "身份证号", "身份证号码", "证件号码/统一社会信用代码", "身份证件号码"), "证件号码"
    ),
    **dict.fromkeys(("电话", "联系方式", "手机", "手机号码", "联系电话（手机）"), "联系电话"),
    **dict.fromkeys(("地址", "联系地址", "通讯地址", "邮寄地址"), "通信地址"),
    **dict.fromkeys(
        ("申请公开内容", "申请公开的内容", "申请公开的政府信息", "所需政府信息", "所需信息内容描述"),
        "申请内容",
    ),
    **dict.fromkeys(("答复结果", "办理结果", "处理结果", "答复情况"), "答复类型"),
    **dict.fromkeys(("办结日期", "答复时间", "办结时间"), "答复日期"),
}

_CHANNELS = {
    **{label: value for value, label in Channel.choices},
    "当面": "in_person",
    "现场": "in_person",
    "挂号": "registered_post",
    "快递": "registered_post",
    "邮寄": "registered_post",
    "平信": "ordinary_letter",
    "信函": "ordinary_letter",
    "网上": "online",
    "在线": "online",
    "网络": "online",
    "传真": "fax",
    "口头": "oral",
    **{value: value for value, _ in Channel.choices},
}
_KINDS = {
    **{label: kind.value for kind, label in APPLICANT_KINDS.items()},
    "其他": "other_org",
    **{kind.value: kind.value for kind in APPLICANT_KINDS},
}
_ANSWERS = {**{a.label: a.id for a in ANSWERS}, **{a.id: a.id for a in ANSWERS}}
# The closings without an answer, as offered in the template's drop-down list; _CLOSINGS adds synonyms.
CLOSING_LABELS = ("撤回", "逾期未补正", "逾期未缴费")
_CLOSINGS = {
    "撤回": Action.WITHDRAW,
    "申请人撤回": Action.WITHDRAW,
    "逾期未补正": Action.CLOSE_UNCORRECTED,
    "逾期不补正": Action.CLOSE_UNCORRECTED,
    "逾期未缴费": Action.CLOSE_UNPAID,
}
# What Excel makes of a long number typed into a cell formatted as a number: 6.40302E+17 (in a CSV, or a
# spreadsheet cell as read by `read_rows`). Its last digits are gone.
_SCIENTIFIC = re.compile(r"\d(\.\d+)?E\+?\d+", re.IGNORECASE)
_ID_TYPES = {label: value for value, label in Applicant.IdType.choices} | {
    v: v for v, _ in Applicant.IdType.choices
}


@dataclass
class ImportResult(TableImportResult):
    numbers: list[str] = field(default_factory=list)


def read_table(data: bytes, filename: str) -> SheetRows:
    """The rows of an XLSX, XLS or CSV file of cases as {column: text} (totals and signature lines set aside); a
    ValidationError for an unreadable file."""
    return read_rows(data, filename, required=REQUIRED, aliases=HEADER_ALIASES)


@dataclass(frozen=True)
class _Row:
    number: int
    fields: Mapping[str, Any]


# The columns a case's model fields come from, to name the column of an error the database check raises.
_FIELD_COLUMNS = {
    "name": "申请人",
    "id_number": "证件号码",
    "phone": "联系电话",
    "address": "通信地址",
    "description": "申请内容",
    "legacy_number": "原编号",
}


def _check_row(
    number: int,
    row: Mapping[str, str],
    errors: list[RowError],
    *,
    today: dt.date,
    taken: Mapping[str, str],
    seen: dict[str, int],
) -> _Row | None:
    """One row's errors, each under its column. `taken`: 原编号 already imported for the agency → its case;
    `seen`: 原编号 met earlier in this file → that row."""
    before = len(errors)

    def fail(column: str, message: str) -> None:
        errors.append(RowError(number, column, message))

    for column in REQUIRED:
        if not row.get(column):
            fail(column, "此项不能为空。")
    received: dt.date | None = None
    if row.get("收到日期"):
        try:
            received = ledger_date(row["收到日期"])
        except ValueError:
            fail("收到日期", f"“{row['收到日期']}”不是有效日期（应为 2024-03-05 格式）。")
        else:
            try:
                check_application_dates(today=today, arrived_on=received)
            except CaseDataError as error:
                fail("收到日期", str(error).replace("到达日期", "收到日期"))
    legacy = row.get("原编号", "")
    if legacy in taken:
        fail("原编号", f"原编号“{legacy}”已经导入过（申请编号{taken[legacy]}），同一案件不能重复导入。")
    elif legacy and legacy in seen:
        fail("原编号", f"原编号“{legacy}”与第{seen[legacy]}行重复。")
    if legacy:
        seen.setdefault(legacy, number)
    channel = _CHANNELS.get(row.get("渠道", ""))
    if row.get("渠道") and channel is None:
        fail("渠道", f"无法识别的渠道“{row['渠道']}”。")
    kind = _KINDS.get(row.get("申请人类型", ""))
    if row.get("申请人类型") and kind is None:
        fail("申请人类型", f"无法识别的申请人类型“{row['申请人类型']}”。")
    id_type = _ID_TYPES.get(row.get("证件类型", ""), "")
    if row.get("证件类型") and not id_type:
        fail("证件类型", f"无法识别的证件类型“{row['证件类型']}”。")
    if not id_type:
        id_type = "resident_id" if kind == "natural" else "credit_code"
    if _SCIENTIFIC.fullmatch(row.get("证件号码", "")):
        fail(
            "证件号码",
            f"“{row['证件号码']}”被 Excel 存成了数字，号码的末几位已经丢失。"
            "请把该列设为文本格式，重新填写号码后再导入。",
        )
    answer = _ANSWERS.get(row.get("答复类型", ""))
    if row.get("答复类型") and answer is None:
        fail(
            "答复类型",
            f"无法识别的答复类型“{row['答复类型']}”（可填：{'、'.join(a.label for a in ANSWERS)}）。",
        )
    closing = _CLOSINGS.get(row.get("办结方式", ""))
    if row.get("办结方式") and closing is None:
        fail("办结方式", f"无法识别的办结方式“{row['办结方式']}”（可填：{'、'.join(CLOSING_LABELS)}）。")
    if answer and closing:
        fail("办结方式", "答复类型和办结方式只能填一项。")
    decided: dt.date | None = None
    if row.get("答复日期"):
        try:
            decided = ledger_date(row["答复日期"])
        except ValueError:
            fail("答复日期", f"“{row['答复日期']}”不是有效日期。")
        else:
            if decided > today:
                fail("答复日期", f"答复日期{decided:%Y-%m-%d}晚于今天，请核对。")
    if (answer or closing) and decided is None and not any(e.column == "答复日期" for e in errors[before:]):
        fail("答复日期", "填写了答复类型或办结方式时，必须填写答复日期。")
    if decided and not (answer or closing):
        fail("答复类型", "填写了答复日期时，必须填写答复类型或办结方式。")
    if received and decided and decided < received:
        fail("答复日期", "答复日期早于收到日期。")
    if len(errors) > before:
        return None
    assert received is not None
    assert channel is not None
    assert kind is not None
    outcome = ImportedOutcome(answer=answer, closing=closing, on=decided) if decided else None
    return _Row(
        number,
        {
            "applicant": ApplicantData(
                name=row["申请人"],
                id_type=id_type,
                id_number=row["证件号码"],
                phone=row["联系电话"],
                address=row["通信地址"],
            ),
            "applicant_kind": kind,
            "description": row["申请内容"],
            "channel": channel,
            "received_on": received,
            "legacy_number": row.get("原编号", ""),
            "outcome": outcome,
        },
    )


class _Abort(Exception):
    pass


def _row_errors(number: int, error: GongkaiError | ValidationError) -> list[RowError]:
    """A refusal of the services or the database as row errors, each under the column its field comes from."""
    if isinstance(error, GongkaiError):
        return [RowError(number, "", str(error))]
    if not hasattr(error, "error_dict"):
        return [RowError(number, "", "；".join(error.messages))]
    return [
        RowError(number, _FIELD_COLUMNS.get(name, ""), "；".join(messages))
        for name, messages in error.message_dict.items()
    ]


def import_cases(
    *,
    agency: Agency,
    by: User,
    rows: Sequence[Mapping[str, str]],
    dry_run: bool = True,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Check every row; unless `dry_run`, and only if no row has an error, import them all (or none).

    A dry run also performs the writes inside a transaction that is then rolled back, so it reports the
    errors the database itself would raise (e.g. a date rule) exactly as the real import would.
    """
    # Rows from any source (not only `read_rows`): a control character is no data, and PostgreSQL stores no NUL.
    # A row without a sheet's own number is numbered as in a sheet whose row 1 holds the headers.
    numbered = [
        (getattr(row, "number", index), {column: xml_safe(value) for column, value in row.items()})
        for index, row in enumerate(rows, start=2)
    ]
    result = ImportResult(rows=len(rows), dry_run=dry_run)
    checked: list[_Row] = []
    taken = legacy_numbers_imported(agency, {row.get("原编号", "") for _, row in numbered} - {""})
    seen: dict[str, int] = {}
    today = clock.today()
    for number, row in numbered:
        good = _check_row(number, row, result.errors, today=today, taken=taken, seen=seen)
        if good is not None:
            checked.append(good)
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for done, good in enumerate(checked, start=1):
                try:
                    application = application_import(agency=agency, by=by, **good.fields)
                except (GongkaiError, ValidationError) as error:
                    result.errors.extend(_row_errors(good.number, error))
                    raise _Abort from error
                result.numbers.append(application.number)
                if progress is not None:
                    progress(done)
            if dry_run:
                raise _Abort
            audit_record(
                actor=by, action="applications.import", agency=agency, details={"rows": len(checked)}
            )
    except _Abort:
        result.numbers = [] if result.errors or dry_run else result.numbers
        result.imported = 0
        if dry_run and not result.errors:
            result.imported = len(checked)
        return result
    result.imported = len(checked)
    return result


# --- background jobs (the office page) -----------------------------------------------------------------------


@dataclass(frozen=True)
class ImportProgress:
    """Where a running job is: `stage` is "waiting" (behind another import), "checking" or "writing"."""

    stage: str
    done: int
    total: int
    at: float  # time.time() of the last update: a job whose process died stops updating

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# In the cache shared by the web processes (see settings CACHES), so that any process can answer the page's poll.
PROGRESS_TIMEOUT = 24 * 3600
# At most this often (seconds) while writing, so that progress costs nothing next to the import itself.
_PROGRESS_EVERY = 0.2
# One import at a time per process: on SQLite a second would only wait for the first one's write lock.
_ONE_AT_A_TIME = threading.Lock()


def progress_key(job_id: uuid.UUID | str) -> str:
    return f"imports:progress:{job_id}"


def _report(job_id: uuid.UUID, stage: str, done: int, total: int) -> None:
    progress = ImportProgress(stage=stage, done=done, total=total, at=time.time())
    cache.set(progress_key(job_id), progress.as_dict(), timeout=PROGRESS_TIMEOUT)


def import_job_create(
    *,
    agency: Agency,
    by: User,
    filename: str,
    rows: Sequence[Mapping[str, str]],
    dry_run: bool,
    skipped: Sequence[SkippedRow] = (),
) -> ImportJob:
    """Record the job and start it in the background once the record is committed; the page then polls it.

    The rows go to the background thread in memory only. The thread is not a daemon, so a process stopping
    gracefully (gunicorn's max_requests, a reload) finishes the import first; a process killed mid-import
    leaves nothing written (one transaction) and the job shown as interrupted."""
    job = ImportJob.objects.create(
        agency=agency,
        created_by=by,
        filename=filename[:255],
        dry_run=dry_run,
        rows=len(rows),
        skipped=[{"number": s.number, "text": s.text, "reason": s.reason} for s in skipped],
    )
    _report(job.pk, "waiting", 0, len(rows))
    rows = list(rows)

    def start() -> None:
        threading.Thread(target=_in_background, args=(job.pk, rows), name=f"import-{job.pk}").start()

    transaction.on_commit(start)
    return job


def _in_background(job_id: uuid.UUID, rows: Sequence[Mapping[str, str]]) -> None:
    try:
        import_job_run(job_id=job_id, rows=rows)
    finally:
        connection.close()  # the thread's own connection: nothing else would ever close it


def import_job_run(*, job_id: uuid.UUID, rows: Sequence[Mapping[str, str]]) -> ImportJob:
    """Run a recorded job to its end: `import_cases`, then the result (or the failure) on the job's row."""
    while not _ONE_AT_A_TIME.acquire(timeout=5):
        _report(job_id, "waiting", 0, len(rows))  # still alive, only queued behind another import
    try:
        return _run(job_id, rows)
    finally:
        _ONE_AT_A_TIME.release()


def _run(job_id: uuid.UUID, rows: Sequence[Mapping[str, str]]) -> ImportJob:
    job = ImportJob.objects.select_related("agency", "created_by").get(pk=job_id)
    total = len(rows)
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status"])
    _report(job_id, "checking", 0, total)
    last = 0.0

    def written(done: int) -> None:
        nonlocal last
        now = time.monotonic()
        if done == total or now - last >= _PROGRESS_EVERY:
            last = now
            _report(job_id, "writing", done, total)

    try:
        result = import_cases(
            agency=job.agency, by=job.created_by, rows=rows, dry_run=job.dry_run, progress=written
        )
    except Exception as error:  # a thread has no caller to raise to: record it, or the page waits forever
        logger.exception("import job %s failed", job_id)
        job.status = ImportJob.Status.FAILED
        job.failure = f"{type(error).__name__}: {error}"[:2000]
    else:
        job.status = ImportJob.Status.DONE
        job.imported = result.imported
        job.errors = [asdict(e) for e in result.errors]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "imported", "errors", "failure", "finished_at"])
    cache.delete(progress_key(job_id))
    return job
