from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from gongkai.core.errors import CalendarDataError
from gongkai.core.workdays import (
    CALENDAR_DATA_DIR,
    UNVERIFIED,
    FileKind,
    parse_calendar_text,
    read_calendar_file,
)
from tests.core.workdays.samples import HYPOTHETICAL_2027, LOCAL_2025, write

NOTICE_NUMBER = re.compile(r"^国(办)?发明电〔\d{4}〕\d+号$")


def test_every_packaged_year_reads_and_names_its_notice() -> None:
    years = []
    for path in sorted(CALENDAR_DATA_DIR.glob("*.toml")):
        calendar_file = read_calendar_file(path)
        years.append(calendar_file.year)
        assert calendar_file.kind is FileKind.OFFICIAL
        assert calendar_file.notices
        for notice in calendar_file.notices:
            assert notice.number == UNVERIFIED or NOTICE_NUMBER.match(notice.number), notice
            assert notice.title == UNVERIFIED or notice.title.startswith("国务院")
            assert notice.verified == (UNVERIFIED not in (notice.title, notice.number))
    assert years == list(range(2004, 2027))


def test_a_sample_file_reads() -> None:
    parsed = parse_calendar_text(HYPOTHETICAL_2027, path=Path("2027.toml"))
    assert parsed.year == 2027
    assert parsed.kind is FileKind.OFFICIAL
    assert len(parsed.holidays()) == 3 + 8
    assert list(parsed.makeup_workdays()) == [dt.date(2027, 2, 20)]
    assert not parsed.notices[0].verified
    assert "文号未核实" in parsed.notices[0].cite()
    local = parse_calendar_text(LOCAL_2025, path=Path("2025-guangxi.toml"))
    assert local.kind is FileKind.LOCAL
    assert local.notices == ()


BROKEN = [
    # (what is wrong, replace this, with that, a date the message must name or None)
    ("a date outside the file's year", "first = 2027-01-01", "first = 2026-12-31", "2026-12-31"),
    (
        "a make-up day on a weekday",
        "makeup_workdays = [2027-02-20]",
        "makeup_workdays = [2027-02-17]",
        "2027-02-17",
    ),
    (
        "a holiday on a make-up day",
        "makeup_workdays = [2027-02-20]",
        "makeup_workdays = [2027-02-06]",
        "2027-02-06",
    ),
    (
        "a make-up day in another year",
        "makeup_workdays = [2027-02-20]",
        "makeup_workdays = [2026-12-26]",
        "2026-12-26",
    ),
    ("a holiday ending in another year", "last = 2027-01-03", "last = 2028-01-03", "2028-01-03"),
    ("an end before the start", "last = 2027-02-12", "last = 2027-02-01", "2027-02-01"),
    ("a misspelt key", "makeup_workdays", "makeup_workday", None),
    ("first without last", "last = 2027-01-03\n", "", None),
    ("a date written as text", "first = 2027-01-01", 'first = "2027-01-01"', None),
    ("a date with a time", "first = 2027-01-01", "first = 2027-01-01T08:00:00", None),
    ("no year", "year = 2027\n", "", None),
    ("an unknown kind", "year = 2027\n", 'year = 2027\nkind = "regional"\n', None),
    ("a notice without its number", 'number = "unverified"\n', "", None),
    ("not TOML at all", "[[holidays]]", "[[holidays", None),
    (
        "the same day off twice",
        'name = "春节"\nfirst = 2027-02-05',
        'name = "春节"\nfirst = 2027-01-03',
        "2027-01-03",
    ),
]


@pytest.mark.parametrize(("problem", "old", "new", "day"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_file_names_itself_and_the_date(
    tmp_path: Path, problem: str, old: str, new: str, day: str | None
) -> None:
    assert old in HYPOTHETICAL_2027, problem
    text = HYPOTHETICAL_2027.replace(old, new, 1)
    path = write(tmp_path, "2027.toml", text)
    with pytest.raises(CalendarDataError) as caught:
        read_calendar_file(path)
    message = str(caught.value)
    assert str(path) in message
    assert caught.value.code == "calendar.bad_data"
    if day is not None:
        assert day in message
        assert caught.value.context["date"] == day


def test_a_file_must_be_named_after_its_year(tmp_path: Path) -> None:
    with pytest.raises(CalendarDataError, match="文件名应以年份开头"):
        read_calendar_file(write(tmp_path, "2026.toml", HYPOTHETICAL_2027))
    with pytest.raises(CalendarDataError, match="文件名应以年份开头"):
        read_calendar_file(write(tmp_path, "holidays.toml", HYPOTHETICAL_2027))
    assert read_calendar_file(write(tmp_path, "2027-official.toml", HYPOTHETICAL_2027)).year == 2027


def test_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "2027.toml"
    path.write_bytes(b"\xff\xfe year")
    with pytest.raises(CalendarDataError, match="不是 UTF-8 编码的文本"):
        read_calendar_file(path)
