"""Reads of the working-day calendar in force: the years loaded and where they come from, what next year's
state means for open cases, and what a notice about to be loaded would change."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import AnonymousUser, User

from gongkai.core.workdays import CALENDAR_DATA_DIR, NoticeReading, WorkdayCalendar, load_calendar
from gongkai.web.applications.selectors import ReplyDueChange, open_cases_due_after, reply_due_changes
from gongkai.web.common.clock import calendar_dirs, workday_calendar

__all__ = [
    "CalendarStatus",
    "LoadedYear",
    "NextYearGap",
    "NoticePreview",
    "calendar_status",
    "next_year_gap",
    "notice_preview",
    "writable_dir",
]

# The years shown, newest first: enough to see this year's and the last few arrangements.
SHOWN_YEARS = 5


@dataclass(frozen=True)
class LoadedYear:
    year: int
    notices: tuple[str, ...]  # the official arrangement's notices, cited
    days_off: int
    makeup_workdays: int
    source: str  # "package" (shipped with Gongkai) or the deployment's file name
    source_path: str
    local: tuple[str, ...]  # local additions applied to the year (file names)


@dataclass(frozen=True)
class NextYearGap:
    """Next year's arrangement is not loaded: `cases` open cases (that the user sees) are due after the last
    loaded year, their deadlines counted on weekdays only and marked provisional."""

    year: int
    cases: int


def next_year_gap(*, on: dt.date, user: User | AnonymousUser | None = None) -> NextYearGap | None:
    years = workday_calendar().years
    if not years or on.year + 1 in years:
        return None
    return NextYearGap(on.year + 1, open_cases_due_after(dt.date(max(years), 12, 31), user))


@dataclass(frozen=True)
class CalendarStatus:
    years: tuple[LoadedYear, ...]
    first_year: int
    last_year: int
    next_year: int
    gap: NextYearGap | None
    writable_dir: Path | None


def writable_dir() -> Path | None:
    """Where a year loaded from the web is written: the last calendar directory of the deployment (the one
    `gongkai workdays add-year` writes to); None when the deployment has none."""
    dirs = calendar_dirs()
    return dirs[-1] if dirs else None


def calendar_status(*, on: dt.date, user: User | AnonymousUser | None = None) -> CalendarStatus:
    calendar = workday_calendar()
    arrangements = calendar.arrangements()
    package_dir = CALENDAR_DATA_DIR.resolve()
    shown = []
    for arrangement in reversed(arrangements[-SHOWN_YEARS:]):
        official = arrangement.official
        shown.append(
            LoadedYear(
                year=arrangement.year,
                notices=tuple(notice.cite() for notice in official.notices),
                days_off=len({d for f in arrangement.files for d in f.holidays()}),
                makeup_workdays=len(official.makeup_workdays()),
                source="package" if official.path.parent.resolve() == package_dir else official.path.name,
                source_path=str(official.path),
                local=tuple(f.path.name for f in arrangement.local),
            )
        )
    years = calendar.years
    return CalendarStatus(
        years=tuple(shown),
        first_year=min(years) if years else 0,
        last_year=max(years) if years else 0,
        next_year=on.year + 1,
        gap=next_year_gap(on=on, user=user),
        writable_dir=writable_dir(),
    )


@dataclass(frozen=True)
class NoticePreview:
    reading: NoticeReading
    replaces: bool  # the year is loaded already (from the package or the deployment)
    changes: tuple[ReplyDueChange, ...]


def candidate_calendar(reading: NoticeReading) -> WorkdayCalendar:
    """The calendar in force with the notice's year added (or replaced), as loading it would give."""
    with tempfile.TemporaryDirectory(prefix="gongkai-notice-") as scratch:
        path = Path(scratch) / f"{reading.year}.toml"
        path.write_text(reading.to_toml(), encoding="utf-8")
        return load_calendar(extra_dirs=calendar_dirs(), extra_files=[path])


def notice_preview(reading: NoticeReading) -> NoticePreview:
    """What loading the notice's year would change, computed and not saved."""
    return NoticePreview(
        reading=reading,
        replaces=reading.year in workday_calendar().years,
        changes=tuple(reply_due_changes(candidate_calendar(reading))),
    )
