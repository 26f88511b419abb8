"""Calendar files: one TOML file per year, read with the standard library and checked before use.

The format (documented for clerks in docs/calendar.md)::

    year = 2025
    kind = "official"            # official: the State Council's arrangement for the whole year (the default)
                                 # local: additions for one deployment, e.g. an ethnic-autonomy holiday
    [[notices]]                  # where the arrangement comes from; "unverified" where not known exactly
    title = "国务院办公厅关于2025年部分节假日安排的通知"
    number = "国办发明电〔2024〕12号"
    published = 2024-11-12       # optional

    [[holidays]]
    name = "春节"
    first = 2025-01-28           # the days off, weekends inside the period included
    last = 2025-02-04
    makeup_workdays = [2025-01-26, 2025-02-08]   # 调休: weekend days that are working days
    note = "…"                   # optional

Every date in a file lies in its year (a make-up day that a notice places in the previous December goes into
that year's file, with a note). A file that breaks a rule raises `CalendarDataError` naming the file and the
date, so a wrong calendar never silently produces wrong deadlines.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from gongkai.core.errors import CalendarDataError

__all__ = [
    "UNVERIFIED",
    "CalendarFile",
    "FileKind",
    "HolidayPeriod",
    "Notice",
    "calendar_file_text",
    "cn_date",
    "parse_calendar_text",
    "read_calendar_file",
]

UNVERIFIED = "unverified"
WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")

_FILE_NAME = re.compile(r"^(\d{4})(?:[-_.][\w.-]*)?$")
_TOP_KEYS = frozenset({"year", "kind", "notices", "holidays", "note"})
_NOTICE_KEYS = frozenset({"title", "number", "published", "url", "note"})
_HOLIDAY_KEYS = frozenset({"name", "first", "last", "makeup_workdays", "note"})


def cn_date(day: dt.date) -> str:
    """`2025年9月26日（周五）` — how a clerk reads a date."""
    return f"{day.year}年{day.month}月{day.day}日（{WEEKDAY_NAMES[day.weekday()]}）"


class FileKind(StrEnum):
    OFFICIAL = "official"
    LOCAL = "local"


@dataclass(frozen=True)
class Notice:
    """The document an arrangement comes from. `number` (文号) or `title` may be "unverified"."""

    title: str
    number: str
    published: dt.date | None = None
    url: str = ""
    note: str = ""

    @property
    def verified(self) -> bool:
        return UNVERIFIED not in (self.title, self.number)

    def cite(self) -> str:
        """`国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）`."""
        title = self.title if self.title != UNVERIFIED else "通知标题未核实"
        number = self.number if self.number != UNVERIFIED else "文号未核实"
        return f"{title}（{number}）"


@dataclass(frozen=True)
class HolidayPeriod:
    """One holiday of a notice: its days off (may be empty) and its make-up working days."""

    name: str
    days: tuple[dt.date, ...]
    makeup_workdays: tuple[dt.date, ...]
    note: str = ""


@dataclass(frozen=True)
class CalendarFile:
    path: Path
    year: int
    kind: FileKind
    notices: tuple[Notice, ...]
    periods: tuple[HolidayPeriod, ...]
    note: str = ""

    def holidays(self) -> dict[dt.date, str]:
        return {day: period.name for period in self.periods for day in period.days}

    def makeup_workdays(self) -> dict[dt.date, str]:
        return {day: period.name for period in self.periods for day in period.makeup_workdays}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def calendar_file_text(
    *,
    year: int,
    notices: Sequence[Notice],
    periods: Sequence[HolidayPeriod],
    comments: Sequence[str] = (),
    kind: FileKind = FileKind.OFFICIAL,
) -> str:
    """A calendar file's text in the format above (each holiday's days must run from first to last without a
    gap — the file cannot say otherwise). What the packaged files and a file read from a notice are written with."""
    lines = [f"# {comment}" for comment in comments]
    lines += [f"year = {year}", f'kind = "{kind.value}"']
    for notice in notices:
        lines += ["", "[[notices]]", f"title = {_quote(notice.title)}", f"number = {_quote(notice.number)}"]
        if notice.published:
            lines.append(f"published = {notice.published.isoformat()}")
        if notice.url:
            lines.append(f"url = {_quote(notice.url)}")
        if notice.note:
            lines.append(f"note = {_quote(notice.note)}")
    for period in periods:
        days = period.days
        if days and days[-1].toordinal() - days[0].toordinal() != len(days) - 1:
            raise CalendarDataError(f"节假日“{period.name}”的放假日期不连续，无法写作 first 至 last。")
        lines += ["", "[[holidays]]", f"name = {_quote(period.name)}"]
        if days:
            lines += [f"first = {days[0].isoformat()}", f"last = {days[-1].isoformat()}"]
        if period.makeup_workdays:
            lines.append(f"makeup_workdays = [{', '.join(d.isoformat() for d in period.makeup_workdays)}]")
        if period.note:
            lines.append(f"note = {_quote(period.note)}")
    return "\n".join(lines) + "\n"


def read_calendar_file(path: Path) -> CalendarFile:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CalendarDataError(f"找不到日历文件 {path}，请核对文件名和路径。", file=str(path)) from None
    except IsADirectoryError:
        raise CalendarDataError(
            f"{path} 是一个目录，请给出日历文件（如 2027.toml）。", file=str(path)
        ) from None
    except OSError as error:
        raise CalendarDataError(f"日历文件 {path} 无法读取（{error.strerror}）。", file=str(path)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CalendarDataError(
            f"日历文件 {path} 不是 UTF-8 编码的文本，请用 gongkai workdays from-notice 由通知生成。",
            file=str(path),
        ) from None
    return parse_calendar_text(text, path=path)


def parse_calendar_text(text: str, *, path: Path) -> CalendarFile:
    """Parse and check one calendar file's text; `path` names it in errors and fixes its expected year."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CalendarDataError(f"日历文件 {path} 不是有效的 TOML 格式：{error}", file=str(path)) from None
    return _Checker(path).file(data)


class _Checker:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, problem: str, *, day: dt.date | None = None) -> CalendarDataError:
        where = f"（{day.isoformat()}）" if day is not None else ""
        return CalendarDataError(
            f"日历文件 {self.path} 有误{where}：{problem}",
            file=str(self.path),
            date=day.isoformat() if day is not None else None,
        )

    def keys(self, table: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
        unknown = sorted(set(table) - allowed)
        if unknown:
            raise self.fail(f"{where}有不认识的项 {', '.join(unknown)}（可用：{', '.join(sorted(allowed))}）")

    def text(self, table: Mapping[str, Any], key: str, where: str, *, required: bool) -> str:
        value = table.get(key, "")
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(f"{where}的 {key} 应为非空文字")
        return value.strip()

    def date(self, value: Any, year: int, where: str) -> dt.date:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise self.fail(f"{where}应为日期（写作 {year}-01-01，不加引号），而不是 {value!r}")
        if value.year != year:
            raise self.fail(f"{where}不在本文件的年份 {year} 年内", day=value)
        return value

    def file(self, data: Mapping[str, Any]) -> CalendarFile:
        self.keys(data, _TOP_KEYS, "文件顶层")
        year = data.get("year")
        if isinstance(year, bool) or not isinstance(year, int) or not 1949 <= year <= 2200:
            raise self.fail("缺少年份 year，或年份不是 1949 至 2200 之间的整数")
        name = _FILE_NAME.match(self.path.stem)
        if name is None or int(name.group(1)) != year:
            raise self.fail(f"文件名应以年份开头（如 {year}.toml 或 {year}-本地.toml）")
        try:
            kind = FileKind(data.get("kind", FileKind.OFFICIAL.value))
        except ValueError:
            raise self.fail("kind 只能是 official（全国安排）或 local（本地增补）") from None
        raw_notices = data.get("notices", [])
        if not isinstance(raw_notices, list) or not all(isinstance(n, dict) for n in raw_notices):
            raise self.fail("notices 应写作 [[notices]] 表")
        notices = tuple(self.notice(raw, year) for raw in raw_notices)
        if kind is FileKind.OFFICIAL and not notices:
            raise self.fail(
                '全国安排（official）须至少写明一项通知 [[notices]]；文号不明时写 number = "unverified"'
            )
        raw_periods = data.get("holidays", [])
        if not isinstance(raw_periods, list) or not all(isinstance(p, dict) for p in raw_periods):
            raise self.fail("holidays 应写作 [[holidays]] 表")
        periods = tuple(self.period(raw, year) for raw in raw_periods)
        if not periods:
            raise self.fail("没有任何节假日 [[holidays]]")
        self.consistent(periods)
        return CalendarFile(
            path=self.path,
            year=year,
            kind=kind,
            notices=notices,
            periods=periods,
            note=self.text(data, "note", "文件", required=False),
        )

    def notice(self, raw: Mapping[str, Any], year: int) -> Notice:
        self.keys(raw, _NOTICE_KEYS, "通知 [[notices]] ")
        published = raw.get("published")
        if published is not None and (
            isinstance(published, dt.datetime) or not isinstance(published, dt.date)
        ):
            raise self.fail("通知的 published 应为日期")
        return Notice(
            title=self.text(raw, "title", "通知", required=True),
            number=self.text(raw, "number", "通知", required=True),
            published=published,
            url=self.text(raw, "url", "通知", required=False),
            note=self.text(raw, "note", "通知", required=False),
        )

    def period(self, raw: Mapping[str, Any], year: int) -> HolidayPeriod:
        self.keys(raw, _HOLIDAY_KEYS, "节假日 [[holidays]] ")
        name = self.text(raw, "name", "节假日", required=True)
        where = f"节假日“{name}”的"
        days: tuple[dt.date, ...] = ()
        if ("first" in raw) != ("last" in raw):
            raise self.fail(f"{where} first 与 last 须同时给出")
        if "first" in raw:
            first = self.date(raw["first"], year, f"{where} first ")
            last = self.date(raw["last"], year, f"{where} last ")
            if last < first:
                raise self.fail(f"{where}结束日期早于开始日期", day=last)
            days = tuple(first + dt.timedelta(days=offset) for offset in range((last - first).days + 1))
        raw_makeups = raw.get("makeup_workdays", [])
        if not isinstance(raw_makeups, list):
            raise self.fail(f"{where} makeup_workdays 应为日期列表")
        makeups = tuple(self.date(value, year, f"{where}调休上班日 ") for value in raw_makeups)
        for day in makeups:
            if day.weekday() < 5:
                raise self.fail(f"调休上班日应为周六或周日，{cn_date(day)} 本来就是工作日（{name}）", day=day)
        if not days and not makeups:
            raise self.fail(f"{where}既没有放假日期（first/last），也没有调休上班日")
        return HolidayPeriod(
            name=name, days=days, makeup_workdays=makeups, note=self.text(raw, "note", where, required=False)
        )

    def consistent(self, periods: tuple[HolidayPeriod, ...]) -> None:
        holidays: dict[dt.date, str] = {}
        makeups: dict[dt.date, str] = {}
        for period in periods:
            for day in period.days:
                if day in holidays:
                    raise self.fail(f"同一天重复列为假日（“{holidays[day]}”与“{period.name}”）", day=day)
                holidays[day] = period.name
            for day in period.makeup_workdays:
                if day in makeups:
                    raise self.fail("同一天重复列为调休上班日", day=day)
                makeups[day] = period.name
        for day in sorted(holidays.keys() & makeups.keys()):
            raise self.fail(f"同一天既是假日（{holidays[day]}）又是调休上班日（{makeups[day]}）", day=day)
