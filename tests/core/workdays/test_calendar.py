from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.errors import CalendarDataError, CalendarYearMissingError
from gongkai.core.workdays import CALENDAR_DATA_DIR, WorkdayCalendar, calendar_files, load_calendar
from tests.core.workdays.samples import HYPOTHETICAL_2027, LOCAL_2025, write

D = dt.date
CALENDAR = load_calendar()
LOADED = st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 6, 30))


def naive_add(calendar: WorkdayCalendar, day: dt.date, n: int) -> dt.date:
    """The obvious day-by-day count, to check the index against."""
    while n:
        day += dt.timedelta(days=1)
        if calendar.is_workday(day):
            n -= 1
    return day


# --- hand-worked cases (the official notices, read by a person) ------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # National Day 2025: 10-01…10-08 off; Sunday 09-28 and Saturday 10-11 are working days.
        (D(2025, 9, 26), 20, D(2025, 10, 30)),
        # Spring Festival 2026: 02-15…02-23 off; Saturdays 02-14 and 02-28 are working days.
        (D(2026, 2, 10), 20, D(2026, 3, 16)),
        # Dragon Boat Festival 2026: 06-19…06-21 off.
        (D(2026, 6, 18), 7, D(2026, 6, 30)),
        # From a make-up Saturday, the next working day is after the whole Spring Festival.
        (D(2026, 2, 14), 1, D(2026, 2, 24)),
        # National Day 2026: 10-01…10-07 off, Saturday 10-10 a working day.
        (D(2026, 9, 30), 1, D(2026, 10, 8)),
        (D(2026, 10, 8), 2, D(2026, 10, 10)),
        # The Spring Festival of 2024: Sunday 02-04 and Sunday 02-18 are working days.
        (D(2024, 2, 2), 1, D(2024, 2, 4)),
        (D(2024, 2, 9), 1, D(2024, 2, 18)),
        # 2020: the Spring Festival extended to 02-02 (国办发明电〔2020〕1号).
        (D(2020, 1, 23), 1, D(2020, 2, 3)),
        (D(2025, 9, 26), 0, D(2025, 9, 26)),
    ],
)
def test_add_workdays_hand_worked(start: dt.date, n: int, expected: dt.date) -> None:
    assert CALENDAR.add_workdays(start, n) == expected
    assert CALENDAR.workdays_between(start, expected) == n


@pytest.mark.parametrize(
    ("day", "working", "reason"),
    [
        (D(2026, 2, 14), True, "春节调休上班"),  # Saturday
        (D(2025, 9, 28), True, "调休上班"),  # Sunday
        (D(2025, 10, 11), True, "调休上班"),  # Saturday
        (D(2026, 2, 16), False, "春节放假"),  # Monday
        (D(2025, 10, 8), False, "国庆节、中秋节放假"),  # Wednesday
        (D(2026, 3, 1), False, "周末"),
        (D(2026, 3, 2), True, "是工作日"),
    ],
)
def test_is_workday_and_describe(day: dt.date, working: bool, reason: str) -> None:
    assert CALENDAR.is_workday(day) is working
    assert reason in CALENDAR.describe(day)


def test_names_of_holidays_and_makeup_days() -> None:
    assert CALENDAR.holiday_name(D(2026, 2, 17)) == "春节"
    assert CALENDAR.makeup_name(D(2026, 2, 28)) == "春节"
    assert CALENDAR.holiday_name(D(2026, 3, 2)) is None
    assert CALENDAR.days_off_between(D(2026, 2, 10), D(2026, 3, 16)) == [
        ("春节", D(2026, 2, 15), D(2026, 2, 23))
    ]


def test_counting_back() -> None:
    assert CALENDAR.add_workdays(D(2025, 10, 30), -20) == D(2025, 9, 26)
    assert CALENDAR.add_workdays(D(2026, 2, 24), -1) == D(2026, 2, 14)
    assert CALENDAR.workdays_between(D(2025, 10, 30), D(2025, 9, 26)) == -20


def test_the_loaded_years() -> None:
    assert CALENDAR.years == frozenset(range(2004, 2027))
    assert not CALENDAR.provisional
    notices = CALENDAR.arrangement(2026).official.notices
    assert notices[0].number == "国办发明电〔2025〕7号"
    assert CALENDAR.arrangement(2025).official.notices[0].published == D(2024, 11, 12)


# --- years that are not loaded ---------------------------------------------------------------------------


def test_a_year_that_is_not_loaded_raises_a_clear_error() -> None:
    with pytest.raises(CalendarYearMissingError) as caught:
        CALENDAR.add_workdays(D(2026, 12, 15), 20)
    assert caught.value.year == 2027
    assert "2027年的法定节假日安排尚未载入" in str(caught.value)
    assert "add-year 2027" in str(caught.value)
    assert caught.value.code == "calendar.year_missing"
    with pytest.raises(CalendarYearMissingError):
        CALENDAR.is_workday(D(2027, 1, 4))
    with pytest.raises(CalendarYearMissingError) as before:
        CALENDAR.add_workdays(D(2003, 12, 30), 1)
    assert before.value.year == 2003
    with pytest.raises(CalendarYearMissingError):
        CALENDAR.arrangement(2030)
    with pytest.raises(CalendarYearMissingError):
        CALENDAR.workdays_between(D(2026, 12, 1), D(2027, 1, 5))


def test_the_last_day_before_the_data_counts_from_the_first_loaded_day() -> None:
    # 2004-01-01 is New Year's Day; nothing of 2003 is counted.
    assert CALENDAR.add_workdays(D(2003, 12, 31), 1) == D(2004, 1, 2)


def test_a_gap_in_the_loaded_years_is_never_skipped(tmp_path: Path) -> None:
    for path in CALENDAR_DATA_DIR.glob("*.toml"):
        if path.stem != "2010":
            shutil.copy(path, tmp_path / path.name)
    gapped = WorkdayCalendar.from_files(calendar_files(tmp_path))
    assert 2010 not in gapped.years
    assert gapped.add_workdays(D(2009, 3, 2), 20) == CALENDAR.add_workdays(D(2009, 3, 2), 20)
    with pytest.raises(CalendarYearMissingError) as caught:
        gapped.add_workdays(D(2009, 12, 20), 20)
    assert caught.value.year == 2010
    with pytest.raises(CalendarYearMissingError):
        gapped.add_workdays(D(2011, 1, 10), -20)


def test_a_provisional_calendar_assumes_weekdays_and_says_so() -> None:
    provisional = CALENDAR.with_assumed_weekdays([2027])
    assert provisional.years == CALENDAR.years
    assert provisional.assumed_years == frozenset({2027})
    assert provisional.provisional
    assert provisional.add_workdays(D(2026, 12, 15), 20) == D(2027, 1, 12)  # 2027-01-01 counted as working
    assert "尚未载入" in provisional.describe(D(2027, 1, 1))
    assert CALENDAR.with_assumed_weekdays([2027]) is provisional
    assert CALENDAR.with_assumed_weekdays([2026]) is CALENDAR


# --- deployment overrides --------------------------------------------------------------------------------


def test_adding_a_year_from_an_override_directory(tmp_path: Path) -> None:
    write(tmp_path, "2027.toml", HYPOTHETICAL_2027)
    calendar = load_calendar([tmp_path])
    assert 2027 in calendar.years
    assert calendar.add_workdays(D(2026, 12, 15), 20) == D(2027, 1, 13)
    assert calendar.is_workday(D(2027, 2, 20))  # a make-up Saturday
    assert not calendar.is_workday(D(2027, 2, 8))


def test_a_local_holiday_extends_the_official_year(tmp_path: Path) -> None:
    write(tmp_path, "2025-guangxi.toml", LOCAL_2025)
    local = load_calendar([tmp_path])
    assert not local.is_workday(D(2025, 3, 31))
    assert CALENDAR.is_workday(D(2025, 3, 31))
    assert local.holiday_name(D(2025, 4, 1)) == "壮族三月三"
    assert local.add_workdays(D(2025, 3, 28), 1) == D(2025, 4, 2)
    assert [f.path.name for f in local.arrangement(2025).local] == ["2025-guangxi.toml"]


def test_an_official_file_replaces_the_packaged_year(tmp_path: Path) -> None:
    text = (CALENDAR_DATA_DIR / "2025.toml").read_text(encoding="utf-8")
    corrected = text.replace("first = 2025-05-01\nlast = 2025-05-05", "first = 2025-05-01\nlast = 2025-05-06")
    assert corrected != text
    write(tmp_path, "2025.toml", corrected)
    calendar = load_calendar([tmp_path])
    assert not calendar.is_workday(D(2025, 5, 6))
    assert calendar.arrangement(2025).official.path == tmp_path / "2025.toml"


def test_a_local_file_for_a_year_not_yet_loaded_waits(tmp_path: Path) -> None:
    write(tmp_path, "2027-local.toml", LOCAL_2025.replace("2025", "2027"))
    calendar = load_calendar([tmp_path])
    assert 2027 not in calendar.years
    assert [f.year for f in calendar.local_files_pending()] == [2027]
    # Known local days still count in a provisional calendar.
    assert not calendar.with_assumed_weekdays([2027]).is_workday(D(2027, 3, 31))


def test_a_local_holiday_on_an_official_makeup_day_is_refused(tmp_path: Path) -> None:
    clash = LOCAL_2025.replace(
        "first = 2025-03-31\nlast = 2025-04-01", "first = 2025-04-27\nlast = 2025-04-27"
    )
    write(tmp_path, "2025-local.toml", clash)
    with pytest.raises(CalendarDataError) as caught:
        load_calendar([tmp_path])
    assert "2025-local.toml" in str(caught.value)
    assert "2025-04-27" in str(caught.value)


def test_two_official_files_for_one_year_in_one_directory_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "2027.toml", HYPOTHETICAL_2027)
    write(tmp_path, "2027-copy.toml", HYPOTHETICAL_2027)
    with pytest.raises(CalendarDataError, match="只能保留一个"):
        load_calendar([tmp_path])


def test_a_missing_override_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CalendarDataError, match="不存在"):
        load_calendar([tmp_path / "nowhere"])


# --- properties ------------------------------------------------------------------------------------------


@given(
    day=st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 3, 31)),
    a=st.integers(0, 80),
    b=st.integers(0, 80),
)
def test_adding_is_additive(day: dt.date, a: int, b: int) -> None:
    assert CALENDAR.add_workdays(day, a + b) == CALENDAR.add_workdays(CALENDAR.add_workdays(day, a), b)


@given(day=LOADED, n=st.integers(1, 60))
def test_the_result_is_a_working_day_after_the_start(day: dt.date, n: int) -> None:
    result = CALENDAR.add_workdays(day, n)
    assert result > day
    assert CALENDAR.is_workday(result)
    assert CALENDAR.workdays_between(day, result) == n
    assert result == naive_add(CALENDAR, day, n)


@given(day=st.dates(min_value=D(2004, 6, 1), max_value=D(2026, 6, 30)), n=st.integers(1, 60))
def test_counting_back_undoes_counting_forward_from_a_working_day(day: dt.date, n: int) -> None:
    if CALENDAR.is_workday(day):
        assert CALENDAR.add_workdays(CALENDAR.add_workdays(day, n), -n) == day
    assert CALENDAR.add_workdays(CALENDAR.add_workdays(day, -n), n) >= day


@given(start=LOADED, end=LOADED)
def test_between_counts_working_days_after_start_up_to_end(start: dt.date, end: dt.date) -> None:
    low, high = sorted((start, end))
    if (high - low).days > 400:
        high = low + dt.timedelta(days=400)
    expected = sum(CALENDAR.is_workday(low + dt.timedelta(days=k)) for k in range(1, (high - low).days + 1))
    assert CALENDAR.workdays_between(low, high) == expected
