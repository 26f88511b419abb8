from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.errors import CalendarNoticeError
from gongkai.core.workdays import (
    CALENDAR_DATA_DIR,
    WorkdayCalendar,
    parse_calendar_text,
    read_calendar_file,
    read_notice,
)
from tests.core.workdays.samples import HYPOTHETICAL_NOTICE_2027

NOTICES = Path(__file__).parents[2] / "fixtures" / "notices"


def notice_text(year: int) -> str:
    return (NOTICES / f"{year}.txt").read_text(encoding="utf-8")


def _days(year: int) -> list[dt.date]:
    first = dt.date(year, 1, 1)
    return [first + dt.timedelta(days=n) for n in range((dt.date(year, 12, 31) - first).days + 1)]


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_a_notice_gives_the_year_exactly_as_the_packaged_calendar(year: int) -> None:
    """Every day of the year is a working day by the notice's file exactly when it is by the packaged one."""
    reading = read_notice(notice_text(year))
    from_notice = parse_calendar_text(reading.to_toml(), path=Path(f"{year}.toml"))
    packaged = read_calendar_file(CALENDAR_DATA_DIR / f"{year}.toml")
    assert reading.year == from_notice.year == year
    assert from_notice.notices == packaged.notices  # title, 文号 and the date it was signed
    ours = WorkdayCalendar.from_files([from_notice])
    theirs = WorkdayCalendar.from_files([packaged])
    assert [d for d in _days(year) if ours.is_workday(d) != theirs.is_workday(d)] == []
    assert from_notice.makeup_workdays().keys() == packaged.makeup_workdays().keys()
    assert reading.outside == ()


def test_the_advice_beside_an_arrangement_is_not_read_as_days_off() -> None:
    """2024: 鼓励…安排职工在除夕（2月9日）休息 — advice, not a holiday; 与周末连休 adds no days."""
    reading = read_notice(notice_text(2024))
    spring = next(p for p in reading.periods if p.name == "春节")
    assert (spring.days[0], spring.days[-1], len(spring.days)) == (
        dt.date(2024, 2, 10),
        dt.date(2024, 2, 17),
        8,
    )
    assert [p.days for p in reading.periods if p.name == "元旦"] == [(dt.date(2024, 1, 1),)]


def test_days_a_notice_places_in_the_previous_december_are_returned_apart() -> None:
    reading = read_notice(notice_text(2019))
    assert [p.days for p in reading.periods if p.name == "元旦"] == [(dt.date(2019, 1, 1),)]
    [december] = reading.outside
    assert december.name == "元旦"
    assert december.days == (dt.date(2018, 12, 30), dt.date(2018, 12, 31))
    assert december.makeup_workdays == (dt.date(2018, 12, 29),)
    packaged_2018 = read_calendar_file(CALENDAR_DATA_DIR / "2018.toml")
    assert dict.fromkeys(december.days, "元旦").items() <= packaged_2018.holidays().items()
    assert december.makeup_workdays[0] in packaged_2018.makeup_workdays()
    assert "国办发明电〔2018〕15号" in december.note
    # The original notice's 劳动节 (later changed by 国办发明电〔2019〕3号): one day.
    assert [p.days for p in reading.periods if p.name == "劳动节"] == [(dt.date(2019, 5, 1),)]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("关于2026年", "关于2027年"), "与日历不符"),  # the same dates in the wrong year: weekdays disagree
        (("共9天", "共8天"), "写明共8天，但 2026年2月15日（周日） 至 2026年2月23日（周一） 是9天"),
        (("1月4日（周日）上班", "1月5日上班"), "调休上班日应为周六或周日"),
        (
            ("五、端午节：6月19日（周五）至21日（周日）放假", "五、端午节：6月19日（周五）至6月18日放假"),
            "早于开始日期",
        ),
        (
            ("三、清明节：4月4日（周六）至6日（周一）放假，共3天。", "三、清明节：择日另行通知。"),
            "“清明节”一项没有写放假日期",
        ),
    ],
)
def test_a_notice_that_contradicts_itself_is_refused(change: tuple[str, str], message: str) -> None:
    text = notice_text(2026)
    assert change[0] in text
    text = text.replace(*change)
    with pytest.raises(CalendarNoticeError, match=message) as caught:
        read_notice(text)
    assert caught.value.code == "calendar.bad_notice"


def test_a_notice_without_its_items_or_without_a_number() -> None:
    text = notice_text(2026)
    with pytest.raises(CalendarNoticeError, match="没有找到通知标题"):
        read_notice(text.replace("国务院办公厅关于2026年部分节假日安排的通知", ""))
    with pytest.raises(CalendarNoticeError, match="没有在通知中找到节假日安排"):
        read_notice(text.split("一、元旦")[0])
    unnumbered = read_notice(text.replace("国办发明电〔2025〕7号", ""))
    assert unnumbered.notice.number == "unverified"
    assert "国办发明电〔2025〕7号" in read_notice(text.replace("〔2025〕", "[2025]")).to_toml()


@settings(max_examples=60, deadline=None)
@given(year=st.sampled_from([2019, 2024, 2025, 2026]), cuts=st.lists(st.integers(min_value=1), max_size=40))
def test_wrapped_lines_and_stray_spaces_read_the_same(year: int, cuts: list[int]) -> None:
    """Copied from a PDF or a narrow page, the text breaks lines anywhere and gains spaces; full-width digits."""
    text = notice_text(year)
    expected = read_notice(text)
    pieces, at = [], 0
    for cut in sorted({c % len(text) for c in cuts}):
        pieces.append(text[at:cut])
        at = cut
    pieces.append(text[at:])
    wrapped = "\n".join(pieces).replace("放假", " 放 假 ")
    assert read_notice(wrapped) == expected
    full_width = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert read_notice(full_width) == expected


def test_a_notice_cut_short_names_the_holidays_it_does_not_arrange() -> None:
    for path in sorted(NOTICES.glob("*.txt")):
        assert read_notice(path.read_text(encoding="utf-8")).missing_holidays == (), path.name
    assert read_notice(HYPOTHETICAL_NOTICE_2027).missing_holidays == (
        "清明节",
        "劳动节",
        "端午节",
        "中秋节",
        "国庆节",
    )
