"""Reading the State Council's holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知) into a calendar file.

Each November the notice is published as a page of text; a deployment needs next year's file before the first
deadline that reaches into it. `read_notice(text)` takes the notice as copied from the page (or from its PDF)
and gives the year's arrangement, and `NoticeReading.to_toml()` the file `gongkai workdays add-year` loads
(format: `files.py`). Nothing is guessed; the reading is refused (`CalendarNoticeError`, naming the item) when:

- the title's year, or any numbered item with a holiday (`一、元旦：…`), cannot be found;
- a weekday the notice writes beside a date (`1月1日（周四）`, `（农历腊月二十八、周日）`) is not that date's;
- the day count it states (`共8天`, `放假1天`) is not the number of days from the first to the last;
- the result breaks a calendar file's rules (a make-up working day on a weekday, a day listed twice).

Per item: the first sentence that says 放假 gives the days off (`10月1日（周四）至8日（周四）放假调休，共8天`,
`6月10日放假，与周末连休`), the sentence that says 上班 the make-up working days; other sentences (`鼓励…安排职工
在除夕（2月9日）休息`) are advice, not the arrangement. A date without a year is in the notice's year; days a
notice places in the previous December (the 2019 notice) are returned apart, for that year's file.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gongkai.core.errors import CalendarDataError, CalendarNoticeError
from gongkai.core.workdays.files import (
    UNVERIFIED,
    HolidayPeriod,
    Notice,
    calendar_file_text,
    cn_date,
    parse_calendar_text,
)

__all__ = ["STATUTORY_HOLIDAYS", "NoticeReading", "missing_holidays", "read_notice"]

# The seven holidays of the 全国年节及纪念日放假办法 every yearly notice arranges, by the stem notices write them
# with (清明节 and 清明, 劳动节 and 五一).
STATUTORY_HOLIDAYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("元旦", ("元旦",)),
    ("春节", ("春节",)),
    ("清明节", ("清明",)),
    ("劳动节", ("劳动节", "五一")),
    ("端午节", ("端午",)),
    ("中秋节", ("中秋",)),
    ("国庆节", ("国庆",)),
)

_TITLE = re.compile(r"国务院办公厅关于(\d{4})年(?:部分)?节假日安排的通知")
_NUMBER = re.compile(r"国办发(明电)?[〔\[［(（【](\d{4})[〕\]］)）】](\d+)号")
# The date under the signature ends the notice (before a closing 此件公开发布 in brackets, if any).
_SIGNED = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:[（(][^）)]*[）)])?$")
_ITEM = re.compile(r"([一二三四五六七八九十]{1,2})、([^：:，。、\s]{1,8}(?:、[^：:，。、\s]{1,8})?)[：:]")
# A date as notices write it, with the weekday (and lunar date) they put in brackets after it.
_DATE = r"(?:(?P<{p}y>\d{{4}})年)?(?:(?P<{p}m>\d{{1,2}})月)?(?P<{p}d>\d{{1,2}})日(?:[（(](?P<{p}note>[^）)]*)[）)])?"
_ONE_DATE = re.compile(_DATE.format(p="a"))
_RANGE = re.compile(_DATE.format(p="a") + r"\s*至\s*" + _DATE.format(p="b"))
_WEEKDAY = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天])")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_COUNT = re.compile(r"(?:共|放假)(\d{1,2})天")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class NoticeReading:
    """A notice read: its year and citation, the holidays within that year, and any days it places outside."""

    year: int
    notice: Notice
    periods: tuple[HolidayPeriod, ...]
    # Days of the notice in another year (the previous December): they belong in that year's file.
    outside: tuple[HolidayPeriod, ...] = ()

    def to_toml(self) -> str:
        """The year's calendar file (checked: it reads back as this arrangement)."""
        return _toml(self.year, self.notice, self.periods)

    @property
    def missing_holidays(self) -> tuple[str, ...]:
        """The statutory holidays the text arranges nothing for: every real notice arranges all seven, so a
        missing one means the text was cut short when it was copied (the reading itself cannot tell)."""
        return missing_holidays((*self.periods, *self.outside))


def missing_holidays(periods: Iterable[HolidayPeriod]) -> tuple[str, ...]:
    """The statutory holidays (since 2008: all seven) that none of `periods` arranges."""
    names = "".join(p.name for p in periods)
    return tuple(name for name, stems in STATUTORY_HOLIDAYS if not any(stem in names for stem in stems))


def read_notice(text: str) -> NoticeReading:
    """The arrangement a holiday notice states; `CalendarNoticeError` in Chinese when it cannot be read exactly."""
    lines = [_SPACE.sub("", unicodedata.normalize("NFKC", line)) for line in text.splitlines()]
    lines = [line for line in lines if line]
    joined = "".join(lines)  # a title or an item wrapped over two lines by a PDF reads whole
    title = _TITLE.search(joined)
    if title is None:
        raise CalendarNoticeError(
            "没有找到通知标题（如“国务院办公厅关于2027年部分节假日安排的通知”），无法确定年份。请复制通知全文。"
        )
    year = int(title.group(1))
    notice = Notice(title=title.group(0), number=_number(joined), published=_signed(joined))
    # An item opens a line or follows a sentence's end (not 各省、 in the addressees).
    line_starts = set(itertools.accumulate((len(line) for line in lines), initial=0))
    items = [
        item
        for item in _ITEM.finditer(joined)
        if item.start() in line_starts or joined[item.start() - 1] in "。：:"
    ]
    if not items:
        raise CalendarNoticeError("没有在通知中找到节假日安排（如“一、元旦：1月1日放假…”）。")
    periods: list[HolidayPeriod] = []
    for index, item in enumerate(items):
        end = items[index + 1].start() if index + 1 < len(items) else len(joined)
        periods.append(_period(item.group(2), joined[item.end() : end], year))
    inside = tuple(p for p in (_within(p, year) for p in periods) if p is not None)
    outside = tuple(
        p for p in (_within(p, year, inside=False, number=notice.number) for p in periods) if p is not None
    )
    reading = NoticeReading(year=year, notice=notice, periods=inside, outside=outside)
    try:
        parse_calendar_text(reading.to_toml(), path=Path(f"{year}.toml"))
    except CalendarDataError as error:
        raise CalendarNoticeError(f"按通知得出的安排自相矛盾：{error}") from error
    return reading


def _number(text: str) -> str:
    match = _NUMBER.search(text)
    if match is None:
        return UNVERIFIED
    return f"国办发{match.group(1) or ''}〔{match.group(2)}〕{match.group(3)}号"


def _signed(text: str) -> dt.date | None:
    """The date the notice is signed on, when the text ends with it."""
    match = _SIGNED.search(text)
    if match is None:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _period(name: str, body: str, year: int) -> HolidayPeriod:
    sentences = [s for s in re.split(r"[。；;]", body) if s]
    off = next((s for s in sentences if "放假" in s), None)
    if off is None:
        raise CalendarNoticeError(f"“{name}”一项没有写放假日期。")
    days = _days_off(name, off, year)
    makeups: list[dt.date] = []
    for sentence in sentences:
        if "上班" in sentence and sentence is not off:
            before = sentence[: sentence.rindex("上班")]
            makeups.extend(_checked(name, m, year) for m in _ONE_DATE.finditer(before))
    return HolidayPeriod(name=name, days=tuple(days), makeup_workdays=tuple(makeups))


def _days_off(name: str, sentence: str, year: int) -> list[dt.date]:
    head = sentence[: sentence.index("放假")]
    span = _RANGE.search(head)
    if span is not None:
        first = _checked(name, span, year, prefix="a")
        last = _checked(name, span, year, prefix="b", after=first)
        if last < first:
            raise CalendarNoticeError(
                f"“{name}”的放假结束日期 {cn_date(last)} 早于开始日期 {cn_date(first)}。"
            )
        days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    else:
        found = list(_ONE_DATE.finditer(head))
        if not found:
            raise CalendarNoticeError(f"“{name}”一项的放假日期无法识别：“{sentence}”。")
        days = [_checked(name, match, year) for match in found]
        if any((later - earlier).days != 1 for earlier, later in itertools.pairwise(days)):
            raise CalendarNoticeError(f"“{name}”一项的放假日期不连续，请分项写明：“{sentence}”。")
    count = _COUNT.search(sentence)
    if count is not None and int(count.group(1)) != len(days):
        raise CalendarNoticeError(
            f"“{name}”写明共{count.group(1)}天，但 {cn_date(days[0])} 至 {cn_date(days[-1])} 是{len(days)}天。"
        )
    return days


def _checked(
    name: str, match: re.Match[str], year: int, *, prefix: str = "a", after: dt.date | None = None
) -> dt.date:
    """The date a match names (month and year from `after` when the notice leaves them out: `1日至3日`),
    its written weekday checked."""
    written_year, month, day_of_month, note = (match.group(prefix + key) for key in ("y", "m", "d", "note"))
    written = "".join(
        (f"{written_year}年" if written_year else "", f"{month}月" if month else "", f"{day_of_month}日")
    ) + (f"（{note}）" if note else "")
    if month is None and after is None:
        raise CalendarNoticeError(f"“{name}”一项的日期“{written}”没有写月份。")
    month_number = int(month) if month is not None else after.month  # type: ignore[union-attr]
    if written_year is not None:
        year_number = int(written_year)
    elif after is not None:
        year_number = after.year + (1 if month_number < after.month else 0)  # 12月30日至1月1日
    else:
        year_number = year
    try:
        day = dt.date(year_number, month_number, int(day_of_month))
    except ValueError:
        raise CalendarNoticeError(f"“{name}”一项的日期“{written}”不存在。") from None
    weekday = _WEEKDAY.search(note or "")
    if weekday is not None and _WEEKDAYS[weekday.group(1)] != day.weekday():
        raise CalendarNoticeError(
            f"“{name}”一项写的“{written}”与日历不符：{cn_date(day)}。请核对通知的年份和日期。"
        )
    return day


def _within(
    period: HolidayPeriod, year: int, *, inside: bool = True, number: str = ""
) -> HolidayPeriod | None:
    days = tuple(d for d in period.days if (d.year == year) == inside)
    makeups = tuple(d for d in period.makeup_workdays if (d.year == year) == inside)
    if not days and not makeups:
        return None
    note = "" if inside else f"{number}所定{year}年{period.name}安排的一部分"
    return HolidayPeriod(name=period.name, days=days, makeup_workdays=makeups, note=note)


def _toml(year: int, notice: Notice, periods: tuple[HolidayPeriod, ...]) -> str:
    return calendar_file_text(
        year=year,
        notices=[notice],
        periods=periods,
        comments=[
            f"{year}年全国节假日安排（放假日期与调休上班日），由 gongkai workdays from-notice 从通知文本读出。",
            "载入前请与通知原文核对：gongkai workdays check 本文件；格式见 docs/calendar.md。",
        ],
    )
