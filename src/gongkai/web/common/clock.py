"""The statutory clock for the web layer: the working-day calendar in force, and today's date.

The calendar is loaded once per process and kept while its files stay as they are: the deployment's calendar
directories (settings GONGKAI_CALENDAR_DIRS) are looked at again at most once a second, and a file added,
replaced or removed there (`gongkai workdays add-year`, the calendar page) reloads it — so every running web
process counts with the new year, not only the command that loaded it.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from gongkai.core.errors import GongkaiError
from gongkai.core.workdays import WorkdayCalendar, load_calendar

__all__ = ["calendar_dirs", "reset_calendar", "today", "workday_calendar"]

logger = logging.getLogger(__name__)

# How often (seconds) a process looks whether the calendar files changed.
RECHECK_EVERY = 1.0

_lock = threading.Lock()
_loaded: tuple[tuple[Path, ...], tuple[object, ...], WorkdayCalendar] | None = None
_checked_at = 0.0


def calendar_dirs() -> tuple[Path, ...]:
    return tuple(Path(d) for d in settings.GONGKAI_CALENDAR_DIRS)


def _fingerprint(dirs: tuple[Path, ...]) -> tuple[object, ...]:
    """What changes when a calendar file is added, replaced, edited or removed: each file's name, size and
    modification time."""
    seen: list[object] = []
    for directory in dirs:
        try:
            with os.scandir(directory) as entries:
                files = sorted(
                    (entry.name, entry.stat().st_size, entry.stat().st_mtime_ns)
                    for entry in entries
                    if entry.name.endswith(".toml")
                )
        except OSError:
            seen.append((str(directory), None))
            continue
        seen.append((str(directory), tuple(files)))
    return tuple(seen)


def workday_calendar() -> WorkdayCalendar:
    global _loaded, _checked_at
    dirs = calendar_dirs()
    loaded = _loaded
    now = time.monotonic()
    if loaded is not None and loaded[0] == dirs and now - _checked_at < RECHECK_EVERY:
        return loaded[2]
    with _lock:
        fingerprint = _fingerprint(dirs)
        loaded = _loaded
        if loaded is None or loaded[0] != dirs:
            _loaded = loaded = (dirs, fingerprint, load_calendar(extra_dirs=dirs))
        elif loaded[1] != fingerprint:
            try:
                _loaded = loaded = (dirs, fingerprint, load_calendar(extra_dirs=dirs))
            except GongkaiError:
                # A file being copied in, or a wrong one: the calendar in force stays until the files are right
                # (`gongkai workdays check` names the problem); no request fails because of it.
                logger.exception("calendar files changed but cannot be loaded; keeping the calendar in force")
                _loaded = loaded = (dirs, fingerprint, loaded[2])
        _checked_at = now
        return loaded[2]


def reset_calendar() -> None:
    """Forget the loaded calendar; the next call loads the files again."""
    global _loaded
    with _lock:
        _loaded = None


def today() -> dt.date:
    return timezone.localdate()
