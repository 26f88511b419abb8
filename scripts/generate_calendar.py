"""Generate the working-day calendar files (2004–2026) from the `chinesecalendar` package.

    .venv/bin/python scripts/generate_calendar.py           # (re)write src/gongkai/core/workdays/data/YYYY.toml
    .venv/bin/python scripts/generate_calendar.py --check   # exit 1 if the files differ from what it would write

`chinesecalendar` (import `chinese_calendar`) is a development dependency only: the runtime reads the files
this script writes. The State Council notice each year comes from is not in that package; it is listed in
NOTICES below, checked by hand against published copies of the notices. Where a title or document number
could not be confirmed the file says "unverified" rather than guess. CORRECTIONS lists the days where the
official notice and `chinesecalendar` disagree; the tests check that these are the only differences.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import chinese_calendar

from gongkai.core.workdays import UNVERIFIED, HolidayPeriod, Notice
from gongkai.core.workdays.files import calendar_file_text

DATA_DIR = Path(__file__).resolve().parents[1] / "src" / "gongkai" / "core" / "workdays" / "data"
FIRST_YEAR, LAST_YEAR = 2004, 2026

# chinese_calendar.Holiday values (English) → the names the notices use.
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


@dataclass(frozen=True)
class NoticeRecord:
    title: str
    number: str
    published: dt.date | None = None
    note: str = ""


def _annual(year: int, number: str, published: dt.date | None) -> NoticeRecord:
    return NoticeRecord(f"国务院办公厅关于{year}年部分节假日安排的通知", number, published)


# The notices each year's arrangement comes from (the annual notice first).
NOTICES: dict[int, tuple[NoticeRecord, ...]] = {
    2004: (NoticeRecord(UNVERIFIED, UNVERIFIED, note="2004年全国节假日安排的通知，标题和文号未核实"),),
    2005: (NoticeRecord(UNVERIFIED, UNVERIFIED, note="2005年全国节假日安排的通知，标题和文号未核实"),),
    2006: (_annual(2006, "国办发明电〔2005〕35号", dt.date(2005, 12, 16)),),
    2007: (_annual(2007, "国办发明电〔2006〕49号", dt.date(2006, 12, 14)),),
    2008: (NoticeRecord(UNVERIFIED, UNVERIFIED, note="2008年全国节假日安排的通知，标题和文号未核实"),),
    2009: (_annual(2009, "国办发明电〔2008〕42号", None),),
    2010: (_annual(2010, "国办发明电〔2009〕27号", dt.date(2009, 12, 7)),),
    2011: (_annual(2011, "国办发明电〔2010〕40号", dt.date(2010, 12, 9)),),
    2012: (_annual(2012, "国办发明电〔2011〕45号", dt.date(2011, 12, 5)),),
    2013: (_annual(2013, "国办发明电〔2012〕33号", dt.date(2012, 12, 8)),),
    2014: (_annual(2014, "国办发明电〔2013〕28号", dt.date(2013, 12, 11)),),
    2015: (
        _annual(2015, "国办发明电〔2014〕28号", dt.date(2014, 12, 16)),
        NoticeRecord(
            "国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知",
            "国发明电〔2015〕1号",
            dt.date(2015, 5, 13),
        ),
    ),
    2016: (_annual(2016, "国办发明电〔2015〕18号", dt.date(2015, 12, 10)),),
    2017: (_annual(2017, "国办发明电〔2016〕17号", dt.date(2016, 12, 1)),),
    2018: (_annual(2018, "国办发明电〔2017〕12号", dt.date(2017, 11, 30)),),
    2019: (_annual(2019, "国办发明电〔2018〕15号", dt.date(2018, 12, 4)),),
    2020: (
        _annual(2020, "国办发明电〔2019〕16号", dt.date(2019, 11, 21)),
        NoticeRecord(
            "国务院办公厅关于延长2020年春节假期的通知", "国办发明电〔2020〕1号", dt.date(2020, 1, 26)
        ),
    ),
    2021: (_annual(2021, "国办发明电〔2020〕27号", dt.date(2020, 11, 25)),),
    2022: (_annual(2022, "国办发明电〔2021〕11号", dt.date(2021, 10, 25)),),
    2023: (_annual(2023, "国办发明电〔2022〕16号", dt.date(2022, 12, 8)),),
    2024: (_annual(2024, "国办发明电〔2023〕7号", dt.date(2023, 10, 25)),),
    2025: (_annual(2025, "国办发明电〔2024〕12号", dt.date(2024, 11, 12)),),
    2026: (_annual(2026, "国办发明电〔2025〕7号", dt.date(2025, 11, 4)),),
}

# Notes on particular holidays: (year, name) → note.
PERIOD_NOTES = {
    (
        2015,
        NAMES["Anti-Fascist 70th Day"],
    ): "见国发明电〔2015〕1号：9月3日放假，9月4日调休，9月6日（星期日）上班",
    (
        2020,
        "春节",
    ): "原定1月24日至30日放假；国办发明电〔2020〕1号延长至2月2日，原定2月1日（星期六）上班随之取消",
}

# Days where the official notice and chinesecalendar disagree: date → (kind, holiday name, source).
CORRECTIONS: dict[dt.date, tuple[str, str, str]] = {
    dt.date(2005, 12, 31): (
        "makeup",
        "元旦",
        "国办发明电〔2005〕35号：“12月31日（星期六）上班”；chinesecalendar 1.11.0 漏列此日"
        "（liriansu-opus/chinese-calendar issue #125）",
    ),
}


@dataclass
class Period:
    name: str
    arrangement_year: int
    days: list[dt.date] = field(default_factory=list)
    makeups: list[dt.date] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def year(self) -> int:
        return (self.days or self.makeups)[0].year


def _runs(holidays: dict[dt.date, str]) -> list[list[dt.date]]:
    runs: list[list[dt.date]] = []
    for day in sorted(holidays):
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def _run_name(run: Iterable[dt.date], holidays: dict[dt.date, str]) -> str:
    names: list[str] = []
    for day in run:
        name = NAMES[holidays[day]]
        if name not in names:
            names.append(name)
    return "、".join(names)


def build_periods() -> dict[int, list[Period]]:
    holidays = {d: name for d, name in chinese_calendar.holidays.items() if FIRST_YEAR <= d.year <= LAST_YEAR}
    makeups = {
        d: name for d, name in chinese_calendar.workdays.items() if FIRST_YEAR - 1 <= d.year <= LAST_YEAR
    }
    for day, (kind, name, _source) in CORRECTIONS.items():
        english = next(key for key, value in NAMES.items() if value == name)
        (makeups if kind == "makeup" else holidays)[day] = english
    periods: dict[int, list[Period]] = {}
    by_run: list[tuple[list[dt.date], Period]] = []
    for run in _runs(holidays):
        name = _run_name(run, holidays)
        arrangement_year = run[-1].year
        for year in sorted({d.year for d in run}):
            part = Period(name, arrangement_year, days=[d for d in run if d.year == year])
            if year != arrangement_year:
                part.notes.append(f"{arrangement_year}年{name}放假的一部分，见{arrangement_year}年的安排")
            periods.setdefault(year, []).append(part)
            by_run.append((run, part))
    for day in sorted(makeups):
        english = makeups[day]
        candidates = [
            (abs((min(run, key=lambda d: abs((d - day).days)) - day).days), part)
            for run, part in by_run
            if english in {holidays[d] for d in run}
        ]
        _, target = min(candidates, key=lambda c: (c[0], c[1].year != day.year))
        if target.year == day.year:
            owner = target
            owner.makeups.append(day)
        else:
            owner = Period(NAMES[english], target.arrangement_year, makeups=[day])
            owner.notes.append(
                f"{target.arrangement_year}年{target.name}放假调休，本日（{day.year}年）上班，"
                f"见{target.arrangement_year}年的安排"
            )
            periods.setdefault(day.year, []).append(owner)
        if day in CORRECTIONS:
            owner.notes.append(f"{day.isoformat()}：{CORRECTIONS[day][2]}")
    for year, year_periods in periods.items():
        for period in year_periods:
            note = PERIOD_NOTES.get((year, period.name))
            if note:
                period.notes.append(note)
        year_periods.sort(key=lambda p: min(p.days or p.makeups))
    return {y: p for y, p in periods.items() if FIRST_YEAR <= y <= LAST_YEAR}


def render_year(year: int, periods: Sequence[Period]) -> str:
    notices = list(NOTICES[year])
    for period in periods:
        if period.arrangement_year != year:
            for notice in NOTICES.get(period.arrangement_year, ()):
                if notice not in notices:
                    notices.append(notice)
    return calendar_file_text(
        year=year,
        notices=[Notice(n.title, n.number, n.published, note=n.note) for n in notices],
        periods=[
            HolidayPeriod(p.name, tuple(p.days), tuple(p.makeups), note="；".join(p.notes)) for p in periods
        ],
        comments=[
            f"{year}年全国节假日安排（放假日期与调休上班日）。Gongkai 工作日日历数据，格式见 docs/calendar.md。",
            "由 scripts/generate_calendar.py 根据 chinesecalendar 生成；通知标题、文号按公开的通知文本核对，未能核实的写 unverified。",
        ],
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="从 chinesecalendar 生成 2004–2026 年的工作日日历文件。")
    parser.add_argument("--check", action="store_true", help="只检查现有文件是否与生成结果一致")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="输出目录（默认：包内数据目录）")
    args = parser.parse_args(argv)
    periods = build_periods()
    differing: list[str] = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for period in periods[year]:
            if period.days and [d.toordinal() for d in period.days] != list(
                range(period.days[0].toordinal(), period.days[-1].toordinal() + 1)
            ):
                raise SystemExit(f"{year} {period.name}: holiday days are not contiguous")
        text = render_year(year, periods[year])
        path = args.out / f"{year}.toml"
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                differing.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
    if differing:
        print(f"与生成结果不一致：{', '.join(differing)}", file=sys.stderr)
        return 1
    print("已检查" if args.check else f"已写入 {args.out}", f"{FIRST_YEAR}–{LAST_YEAR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
