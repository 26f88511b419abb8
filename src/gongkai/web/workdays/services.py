"""Loading a newly published year into the deployment's calendar from the web, and what follows from it: every
running process counts with it (`common.clock`), and every open case's and unpublished item's deadline is
recalculated, each change audited — the web form of `gongkai workdays add-year` + `recalc-deadlines`."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction

from gongkai.core.errors import CalendarError, GongkaiError
from gongkai.core.workdays import load_calendar, read_notice
from gongkai.web.applications.models import Application
from gongkai.web.applications.services import deadlines_recalculate_open
from gongkai.web.audit.services import audit_record
from gongkai.web.common.clock import calendar_dirs, reset_calendar, workday_calendar
from gongkai.web.disclosure.services import publication_deadlines_refresh
from gongkai.web.workdays.selectors import writable_dir

__all__ = ["CalendarLoadResult", "calendar_year_load"]


@dataclass(frozen=True)
class CalendarLoadResult:
    year: int
    path: Path
    replaced: bool
    cases_moved: tuple[Application, ...]
    items_moved: int


def calendar_year_load(
    *, text: str, by: User, replace: bool = False, accept_incomplete: bool = False
) -> CalendarLoadResult:
    """Read the notice's text, write its year's file into the deployment's calendar directory, then recompute
    the deadlines it moves. Refused (CalendarError, in Chinese) when the text cannot be read exactly, the year
    is loaded and `replace` is not given, the text arranges fewer than the seven statutory holidays and
    `accept_incomplete` is not given (a notice cut short when copied would make its missing holidays working
    days), the deployment has no calendar directory, or the file would conflict with the deployment's other
    calendar files (which are then left as they were)."""
    if not by.is_superuser:
        raise CalendarError("只有系统管理员可以载入工作日历。")
    reading = read_notice(text)
    directory = writable_dir()
    if directory is None:
        raise CalendarError(
            "本部署没有设置日历目录（环境变量 GONGKAI_CALENDAR_DIR），无法从网页载入。"
            "请在部署设置中指定一个可写的目录，或用命令 gongkai workdays add-year 载入。"
        )
    if reading.missing_holidays and not accept_incomplete:
        raise CalendarError(
            f"通知中没有找到{'、'.join(reading.missing_holidays)}的安排：载入后这些节日将按工作日计算。"
            "请检查是否完整复制了通知全文；如确为通知全文，请勾选“仍然载入”。"
        )
    target = directory / f"{reading.year}.toml"
    loaded = reading.year in workday_calendar().years
    if loaded and not replace:
        raise CalendarError(f"{reading.year}年的安排已经载入；如要以这份通知替换，请勾选“替换”。")
    previous = target.read_bytes() if target.exists() else None
    directory.mkdir(parents=True, exist_ok=True)
    _write_atomically(target, reading.to_toml())
    try:
        load_calendar(extra_dirs=calendar_dirs())  # the year must fit the deployment's other files too
    except GongkaiError:
        if previous is None:
            target.unlink()
        else:
            _write_atomically(target, previous.decode("utf-8"))
        raise
    reset_calendar()
    with transaction.atomic():
        cases = deadlines_recalculate_open(by=by)
        items = publication_deadlines_refresh(by=by)
        audit_record(
            actor=by,
            action="calendar.year_loaded",
            details={
                "year": reading.year,
                "notice": reading.notice.cite(),
                "file": str(target),
                "replaced": loaded,
                "holidays": len({d for p in reading.periods for d in p.days}),
                "makeup_workdays": len({d for p in reading.periods for d in p.makeup_workdays}),
                "cases_moved": len(cases),
                "items_moved": items,
            },
        )
    return CalendarLoadResult(reading.year, target, loaded, tuple(cases), items)


def _write_atomically(target: Path, text: str) -> None:
    """Another process reading the directory sees the old file or the new one, never half of one."""
    handle, scratch = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=".part")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(scratch, target)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
