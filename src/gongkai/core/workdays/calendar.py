"""The official working-day calendar, precomputed into a sorted index of working-day ordinals.

A working day is Monday–Friday, minus the statutory holidays, plus the 调休 make-up days, for every year whose
official arrangement is loaded. Counting follows 民法典 Art. 201: the start day is not counted, so
`add_workdays(d, n)` is the nth working day after `d`. Asking about a year that is not loaded raises
`CalendarYearMissingError`; nothing is ever guessed silently. A *provisional* calendar (`with_assumed_weekdays`)
treats named missing years as weekdays only, and says which years it assumed.
"""

from __future__ import annotations

import datetime as dt
import os
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from gongkai.core.errors import CalendarDataError, CalendarYearMissingError
from gongkai.core.workdays.files import CalendarFile, FileKind, cn_date, read_calendar_file

__all__ = [
    "CALENDAR_DATA_DIR",
    "WorkdayCalendar",
    "YearArrangement",
    "calendar_files",
    "load_calendar",
    "missing_year_message",
]

CALENDAR_DATA_DIR = Path(str(files("gongkai.core.workdays.data")))

_FIRST_ORDINAL = dt.date.min.toordinal()
_LAST_ORDINAL = dt.date.max.toordinal()


def missing_year_message(year: int) -> str:
    return (
        f"{year}年的法定节假日安排尚未载入，无法确定{year}年的工作日。"
        f"国务院办公厅通常于上一年11月前后公布次年的节假日安排；公布后请把通知全文存为文本，用"
        f"“gongkai workdays from-notice 通知.txt -o {year}.toml”读出，核对后用"
        f"“gongkai workdays add-year {year} {year}.toml”载入（见 docs/calendar.md）。"
    )


def _year_of(ordinal: int) -> int:
    return dt.date.fromordinal(min(max(ordinal, _FIRST_ORDINAL), _LAST_ORDINAL)).year


@dataclass(frozen=True)
class YearArrangement:
    """A loaded year: the official file in force, and the local files applied on top of it."""

    year: int
    official: CalendarFile
    local: tuple[CalendarFile, ...] = ()

    @property
    def files(self) -> tuple[CalendarFile, ...]:
        return (self.official, *self.local)


class WorkdayCalendar:
    """Immutable; build it with `load_calendar` (or `WorkdayCalendar.from_files`)."""

    __slots__ = (
        "_arrangements",
        "_assumed",
        "_base",
        "_first",
        "_flags",
        "_gaps",
        "_holidays",
        "_last",
        "_local_only",
        "_makeups",
        "_ordinals",
        "_provisional_cache",
        "_years",
    )

    def __init__(
        self,
        arrangements: Iterable[YearArrangement],
        *,
        local_only: Iterable[CalendarFile] = (),
        assumed_years: Iterable[int] = (),
    ) -> None:
        arranged = {a.year: a for a in arrangements}
        local = tuple(local_only)
        assumed = frozenset(assumed_years) - arranged.keys()
        holidays: dict[dt.date, str] = {}
        makeups: dict[dt.date, str] = {}
        for arrangement in arranged.values():
            _merge(arrangement, holidays, makeups)
        for extra in local:
            if extra.year in assumed:
                holidays.update(extra.holidays())
        self._years = frozenset(arranged)
        self._assumed = assumed
        self._arrangements = arranged
        self._local_only = local
        self._holidays = holidays
        self._makeups = makeups
        self._provisional_cache: dict[frozenset[int], WorkdayCalendar] = {}
        covered = self._years | assumed
        if not covered:
            self._base = self._first = 0
            self._last = -1
            self._flags = bytearray()
            self._ordinals: list[int] = []
            self._gaps: tuple[int, ...] = ()
            return
        first_year, last_year = min(covered), max(covered)
        self._base = self._first = dt.date(first_year, 1, 1).toordinal()
        self._last = dt.date(last_year, 12, 31).toordinal()
        self._gaps = tuple(y for y in range(first_year, last_year + 1) if y not in covered)
        flags = bytearray(self._last - self._base + 1)
        ordinals: list[int] = []
        for offset in range(len(flags)):
            day = dt.date.fromordinal(self._base + offset)
            if day.year in self._gaps:
                continue
            if (day.weekday() < 5 and day not in holidays) or day in makeups:
                flags[offset] = 1
                ordinals.append(self._base + offset)
        self._flags = flags
        self._ordinals = ordinals

    @classmethod
    def from_files(cls, calendar_files: Iterable[CalendarFile]) -> WorkdayCalendar:
        """Combine files in order: for each year the last official file wins; every local file is added."""
        official: dict[int, CalendarFile] = {}
        local: dict[int, list[CalendarFile]] = {}
        for calendar_file in calendar_files:
            if calendar_file.kind is FileKind.OFFICIAL:
                official[calendar_file.year] = calendar_file
            else:
                local.setdefault(calendar_file.year, []).append(calendar_file)
        arrangements = [YearArrangement(y, f, tuple(local.pop(y, ()))) for y, f in sorted(official.items())]
        return cls(arrangements, local_only=[f for group in local.values() for f in group])

    # --- what is loaded --------------------------------------------------------------------------------

    @property
    def years(self) -> frozenset[int]:
        """Years whose official arrangement is loaded."""
        return self._years

    @property
    def assumed_years(self) -> frozenset[int]:
        """Years this (provisional) calendar treats as weekdays only; empty for an official calendar."""
        return self._assumed

    @property
    def provisional(self) -> bool:
        return bool(self._assumed)

    def arrangement(self, year: int) -> YearArrangement:
        try:
            return self._arrangements[year]
        except KeyError:
            raise CalendarYearMissingError(missing_year_message(year), year=year) from None

    def arrangements(self) -> tuple[YearArrangement, ...]:
        return tuple(self._arrangements[y] for y in sorted(self._arrangements))

    def local_files_pending(self) -> tuple[CalendarFile, ...]:
        """Local files for years whose official arrangement is not loaded yet (applied once it is)."""
        return self._local_only

    # --- questions about days --------------------------------------------------------------------------

    def _missing(self, ordinal: int) -> CalendarYearMissingError:
        year = _year_of(ordinal)
        return CalendarYearMissingError(missing_year_message(year), year=year)

    def _check_span(self, after: int, last: int) -> None:
        """Every day in (after, last] must lie in a covered year."""
        if after + 1 < self._first:
            raise self._missing(after + 1)
        if last > self._last:
            raise self._missing(max(after + 1, self._last + 1))
        if self._gaps:
            first_year, last_year = _year_of(after + 1), _year_of(last)
            for gap in self._gaps:
                if first_year <= gap <= last_year:
                    raise CalendarYearMissingError(missing_year_message(gap), year=gap)

    def is_workday(self, day: dt.date) -> bool:
        ordinal = day.toordinal()
        if not self._first <= ordinal <= self._last or day.year in self._gaps:
            raise self._missing(ordinal)
        return bool(self._flags[ordinal - self._base])

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        """The nth working day after `day` (`day` itself not counted); n < 0 counts back; n = 0 is `day`."""
        ordinal = day.toordinal()
        ordinals = self._ordinals
        if n > 0:
            if ordinal + 1 < self._first:
                raise self._missing(ordinal + 1)
            index = bisect_right(ordinals, ordinal) + n - 1
            if index >= len(ordinals):
                raise self._missing(max(ordinal + 1, self._last + 1))
            result = ordinals[index]
            if self._gaps:
                self._check_span(ordinal, result)
            return dt.date.fromordinal(result)
        if n == 0:
            return day
        if ordinal - 1 > self._last:
            raise self._missing(ordinal - 1)
        index = bisect_left(ordinals, ordinal) + n
        if index < 0:
            raise self._missing(min(ordinal - 1, self._first - 1))
        result = ordinals[index]
        if self._gaps:
            self._check_span(result - 1, ordinal - 1)
        return dt.date.fromordinal(result)

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: `workdays_between(d, add_workdays(d, n)) == n`; negative if end < start."""
        if end < start:
            return -self.workdays_between(end, start)
        low, high = start.toordinal(), end.toordinal()
        if low == high:
            return 0
        if low + 1 < self._first or high > self._last or self._gaps:
            self._check_span(low, high)
        ordinals = self._ordinals
        return bisect_right(ordinals, high) - bisect_right(ordinals, low)

    def holiday_name(self, day: dt.date) -> str | None:
        """The holiday `day` belongs to (weekends inside a holiday period included), if any."""
        self.is_workday(day)
        return self._holidays.get(day)

    def makeup_name(self, day: dt.date) -> str | None:
        """For a 调休 make-up working day, the holiday it makes up for."""
        self.is_workday(day)
        return self._makeups.get(day)

    def describe(self, day: dt.date) -> str:
        """`2026年2月14日（周六）是工作日（春节调休上班）` — in Chinese, with the reason."""
        working = self.is_workday(day)
        caveat = "（按周一至周五推算，该年安排尚未载入）" if day.year in self._assumed else ""
        if day in self._makeups:
            return f"{cn_date(day)}是工作日（{self._makeups[day]}调休上班）{caveat}"
        if day in self._holidays:
            return f"{cn_date(day)}不是工作日（{self._holidays[day]}放假）{caveat}"
        return f"{cn_date(day)}{'是工作日' if working else '不是工作日（周末）'}{caveat}"

    def days_off_between(self, start: dt.date, end: dt.date) -> list[tuple[str, dt.date, dt.date]]:
        """Holiday periods met in (start, end]: (name, first day, last day), for explanations."""
        self._check_span(start.toordinal(), end.toordinal())
        periods: list[tuple[str, dt.date, dt.date]] = []
        day = start + dt.timedelta(days=1)
        while day <= end:
            name = self._holidays.get(day)
            if name is not None:
                if periods and periods[-1][0] == name and periods[-1][2] == day - dt.timedelta(days=1):
                    periods[-1] = (name, periods[-1][1], day)
                else:
                    periods.append((name, day, day))
            day += dt.timedelta(days=1)
        return periods

    # --- provisional calendars -------------------------------------------------------------------------

    def with_assumed_weekdays(self, years: Iterable[int]) -> WorkdayCalendar:
        """A provisional copy treating `years` (those not loaded) as Monday–Friday working weeks."""
        wanted = frozenset(years) - self._years
        if not wanted:
            return self
        cached = self._provisional_cache.get(wanted)
        if cached is None:
            cached = WorkdayCalendar(
                self._arrangements.values(), local_only=self._local_only, assumed_years=wanted
            )
            self._provisional_cache[wanted] = cached
        return cached

    def __repr__(self) -> str:
        years = sorted(self._years)
        span = f"{years[0]}–{years[-1]}" if years else "none"
        assumed = f", assumed={sorted(self._assumed)}" if self._assumed else ""
        return f"WorkdayCalendar(years={span}, {len(self._years)} loaded{assumed})"


def _merge(arrangement: YearArrangement, holidays: dict[dt.date, str], makeups: dict[dt.date, str]) -> None:
    """Add one year's days to the maps, checking local files against the official one."""
    official = arrangement.official
    year_holidays = official.holidays()
    year_makeups = official.makeup_workdays()
    for extra in arrangement.local:
        for day, name in extra.holidays().items():
            if day in year_makeups:
                raise CalendarDataError(
                    f"日历文件 {extra.path} 有误（{day.isoformat()}）：本地假日“{name}”落在全国安排的"
                    f"调休上班日（{year_makeups[day]}），两者冲突；如确需放假，请改用整年替换文件。",
                    file=str(extra.path),
                    date=day.isoformat(),
                )
            year_holidays.setdefault(day, name)
        for day, name in extra.makeup_workdays().items():
            if day in year_holidays:
                raise CalendarDataError(
                    f"日历文件 {extra.path} 有误（{day.isoformat()}）：本地调休上班日“{name}”落在"
                    f"假日（{year_holidays[day]}）上。",
                    file=str(extra.path),
                    date=day.isoformat(),
                )
            year_makeups.setdefault(day, name)
    holidays.update(year_holidays)
    makeups.update(year_makeups)


def calendar_files(directory: Path) -> list[CalendarFile]:
    """Read and check every `*.toml` calendar file of a directory, in name order."""
    if not directory.is_dir():
        raise CalendarDataError(f"日历目录 {directory} 不存在或不是目录。", file=str(directory))
    found = [read_calendar_file(path) for path in sorted(directory.glob("*.toml"))]
    seen: dict[int, CalendarFile] = {}
    for calendar_file in found:
        if calendar_file.kind is FileKind.OFFICIAL:
            other = seen.get(calendar_file.year)
            if other is not None:
                raise CalendarDataError(
                    f"日历目录 {directory} 中 {other.path.name} 与 {calendar_file.path.name} 都是"
                    f"{calendar_file.year}年的全国安排，只能保留一个。",
                    file=str(calendar_file.path),
                )
            seen[calendar_file.year] = calendar_file
    return found


def load_calendar(
    extra_dirs: Sequence[Path | str] = (), *, extra_files: Sequence[Path] = ()
) -> WorkdayCalendar:
    """The package's calendar data, then each override directory in order, then single extra files.

    A later official file for a year replaces an earlier one; local files add to the year in force.
    """
    loaded = calendar_files(CALENDAR_DATA_DIR)
    for directory in extra_dirs:
        loaded.extend(calendar_files(Path(os.fspath(directory))))
    loaded.extend(read_calendar_file(path) for path in extra_files)
    return WorkdayCalendar.from_files(loaded)
