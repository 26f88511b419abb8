"""The statutory clock for the web layer: one working-day calendar per process, and today's date."""

from __future__ import annotations

import datetime as dt
from functools import cache

from django.conf import settings
from django.utils import timezone

from gongkai.core.workdays import WorkdayCalendar, load_calendar

__all__ = ["reset_calendar", "today", "workday_calendar"]


@cache
def workday_calendar() -> WorkdayCalendar:
    return load_calendar(extra_dirs=tuple(settings.GONGKAI_CALENDAR_DIRS))


def reset_calendar() -> None:
    """Forget the loaded calendar (after calendar files changed); the next call loads them again."""
    workday_calendar.cache_clear()


def today() -> dt.date:
    return timezone.localdate()
