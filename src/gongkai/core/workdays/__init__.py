"""The official working-day calendar (工作日): statutory holidays, 调休 make-up days, and counting working days.

    calendar = load_calendar()                      # the package's data, 2004 onwards
    calendar.add_workdays(date(2025, 9, 26), 20)    # → 2025-10-30 (National Day and its make-up days)

Years are loaded from data files (`files.py` documents the format); a deployment adds override directories
(`load_calendar([Path(...)])`) to add a newly published year, replace one, or add local holidays; a new year's
file is read from the text of the State Council's notice by `read_notice` (`notice.py`).
"""

from gongkai.core.workdays.calendar import (
    CALENDAR_DATA_DIR,
    WorkdayCalendar,
    YearArrangement,
    calendar_files,
    load_calendar,
    missing_year_message,
)
from gongkai.core.workdays.files import (
    UNVERIFIED,
    CalendarFile,
    FileKind,
    HolidayPeriod,
    Notice,
    cn_date,
    parse_calendar_text,
    read_calendar_file,
)
from gongkai.core.workdays.notice import NoticeReading, missing_holidays, read_notice

__all__ = [
    "CALENDAR_DATA_DIR",
    "UNVERIFIED",
    "CalendarFile",
    "FileKind",
    "HolidayPeriod",
    "Notice",
    "NoticeReading",
    "WorkdayCalendar",
    "YearArrangement",
    "calendar_files",
    "cn_date",
    "load_calendar",
    "missing_holidays",
    "missing_year_message",
    "parse_calendar_text",
    "read_calendar_file",
    "read_notice",
]
