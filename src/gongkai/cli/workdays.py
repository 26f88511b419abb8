"""`gongkai workdays …`: the official working-day calendar (工作日).

    gongkai workdays is DATE                 is DATE a working day, and why
    gongkai workdays add DATE N              the Nth working day after DATE (DATE itself not counted)
    gongkai workdays between START END       the number of working days after START up to END
    gongkai workdays years                   the loaded years and the notices they come from
    gongkai workdays check FILE…             check calendar files (format: docs/calendar.md)
    gongkai workdays from-notice NOTICE [-o OUT]   the calendar file of a year, read from the text of the State
                                             Council's notice (to check, then load with add-year)
    gongkai workdays add-year YEAR FILE      add a year's official arrangement to the deployment's calendar

The deployment's calendar directories (a newly published year, a corrected one, local holidays) come from
--calendar-dir DIR (repeatable) or else the GONGKAI_CALENDAR_DIR environment variable (several directories
joined by the path separator, as in the web settings).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import sys
from pathlib import Path
from types import MethodType
from typing import Any, NoReturn

from gongkai.core.errors import CalendarDataError, CalendarError, CalendarNoticeError, GongkaiError
from gongkai.core.workdays import (
    CALENDAR_DATA_DIR,
    UNVERIFIED,
    CalendarFile,
    FileKind,
    WorkdayCalendar,
    cn_date,
    load_calendar,
    missing_holidays,
    parse_calendar_text,
    read_calendar_file,
    read_notice,
)

__all__ = ["add_calendar_option", "calendar_dirs", "chinese_errors", "parse_count", "parse_date", "register"]

ENVIRONMENT_VARIABLE = "GONGKAI_CALENDAR_DIR"

_DATE_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
)


def parse_date(text: str, *, what: str, error: type[GongkaiError] = CalendarError) -> dt.date:
    """`2025-09-26`, `2025/9/26` or `2025年9月26日` → a date; anything else raises `error` in Chinese."""
    value = text.strip()
    for form in _DATE_FORMS:
        match = form.match(value)
        if match:
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                break
    raise error(f"{what}“{text}”不是有效的日期，请写作 2025-09-26。")


def parse_count(text: str, *, what: str, error: type[GongkaiError] = CalendarError) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise error(f"{what}“{text}”不是整数。") from None


_ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (.+)"), "缺少参数：{0}"),
    (
        re.compile(r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)"),
        "参数 {0} 的取值 {1} 无效，可选：{2}",
    ),
    (re.compile(r"argument (\S+): expected one argument"), "参数 {0} 后面需要一个值"),
    (re.compile(r"unrecognized arguments: (.+)"), "无法识别的参数：{0}"),
)


def _chinese_error(parser: argparse.ArgumentParser, message: str) -> NoReturn:
    for pattern, template in _ARGPARSE_MESSAGES:
        match = pattern.search(message)
        if match:
            message = template.format(*match.groups())
            break
    parser.print_usage(sys.stderr)
    parser.exit(2, f"错误：{message}（用 -h 查看用法）\n")


class StoreOnce(argparse.Action):
    """An option that holds one value: given twice (`--extension 5 --extension 10`) it is refused, never the
    last one silently taken."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option: str | None = None,
    ) -> None:
        given: set[str] = namespace.__dict__.setdefault("_given_once", set())
        if self.dest in given:
            parser.error(f"参数 {option or self.dest} 只能给出一次")
        given.add(self.dest)
        setattr(namespace, self.dest, values)


def chinese_errors(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Make argparse's own errors on this parser Chinese (exit status 2, no traceback)."""
    parser.error = MethodType(_chinese_error, parser)  # type: ignore[method-assign]
    return parser


def add_calendar_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--calendar-dir",
        action="append",
        type=Path,
        metavar="DIR",
        help=f"部署的日历目录（可重复；未给出时读环境变量 {ENVIRONMENT_VARIABLE}）",
    )


def calendar_dirs(args: argparse.Namespace) -> list[Path]:
    given: list[Path] | None = getattr(args, "calendar_dir", None)
    if given:
        return list(given)
    return [Path(part) for part in os.environ.get(ENVIRONMENT_VARIABLE, "").split(os.pathsep) if part]


def calendar_from_args(args: argparse.Namespace) -> WorkdayCalendar:
    return load_calendar(calendar_dirs(args))


def _is(args: argparse.Namespace) -> int:
    day = parse_date(args.date, what="日期")
    print(calendar_from_args(args).describe(day))
    return 0


def _add(args: argparse.Namespace) -> int:
    day = parse_date(args.date, what="日期")
    n = parse_count(args.n, what="工作日数")
    calendar = calendar_from_args(args)
    result = calendar.add_workdays(day, n)
    print(result.isoformat())
    if n >= 0:
        print(f"{cn_date(day)}之后第{n}个工作日是{cn_date(result)}（当日不计入）。")
        low, high = day, result
    else:
        print(f"{cn_date(day)}之前第{-n}个工作日是{cn_date(result)}。")
        low, high = result - dt.timedelta(days=1), day - dt.timedelta(days=1)
    periods = calendar.days_off_between(low, high) if high > low else []
    if periods:
        listed = "、".join(
            f"{name}（{first.month}月{first.day}日"
            + (f"至{last.month}月{last.day}日）" if last != first else "）")
            for name, first, last in periods
        )
        print(f"其间放假：{listed}。")
    return 0


def _between(args: argparse.Namespace) -> int:
    start = parse_date(args.start, what="开始日期")
    end = parse_date(args.end, what="结束日期")
    count = calendar_from_args(args).workdays_between(start, end)
    print(count)
    print(f"{cn_date(start)}（不计入）至{cn_date(end)}：{count}个工作日。")
    return 0


def _source(calendar_file: CalendarFile) -> str:
    return "包内数据" if calendar_file.path.parent == CALENDAR_DATA_DIR else str(calendar_file.path)


def _years(args: argparse.Namespace) -> int:
    calendar = calendar_from_args(args)
    for arrangement in calendar.arrangements():
        notices = "；".join(notice.cite() for notice in arrangement.official.notices)
        print(f"{arrangement.year}年  {notices}  〔{_source(arrangement.official)}〕")
        for extra in arrangement.local:
            names = "、".join(dict.fromkeys(period.name for period in extra.periods))
            print(f"        本地增补：{names}  〔{extra.path}〕")
    for pending in calendar.local_files_pending():
        print(f"（{pending.year}年的全国安排尚未载入，本地增补 {pending.path} 暂不生效）")
    years = sorted(calendar.years)
    if years:
        print(f"共载入{len(years)}年（{years[0]}–{years[-1]}）。")
    return 0


def _summary(calendar_file: CalendarFile) -> str:
    kind = "全国安排" if calendar_file.kind is FileKind.OFFICIAL else "本地增补"
    holidays = len(calendar_file.holidays())
    makeups = len(calendar_file.makeup_workdays())
    notices = "；".join(notice.cite() for notice in calendar_file.notices) or "未列通知"
    return f"{calendar_file.year}年{kind}：放假{holidays}天，调休上班{makeups}天。依据：{notices}"


def _check(args: argparse.Namespace) -> int:
    for name in args.files:
        calendar_file = read_calendar_file(Path(name))
        print(f"{name}：格式正确。{_summary(calendar_file)}")
    return 0


def _add_year(args: argparse.Namespace) -> int:
    year = parse_count(args.year, what="年份")
    source = Path(args.file)
    calendar_file = read_calendar_file(source)
    if calendar_file.year != year:
        raise CalendarDataError(
            f"日历文件 {source} 写的是{calendar_file.year}年，与要载入的{year}年不符。", file=str(source)
        )
    if calendar_file.kind is not FileKind.OFFICIAL:
        raise CalendarDataError(
            f'日历文件 {source} 是本地增补（kind = "local"）；add-year 只载入国务院公布的全国安排。'
            f"本地增补文件请直接放入部署的日历目录。",
            file=str(source),
        )
    dirs = calendar_dirs(args)
    if not dirs:
        raise CalendarError(
            f"请用 --calendar-dir 指定部署的日历目录（或设置环境变量 {ENVIRONMENT_VARIABLE}），"
            f"新的年份将保存在那里。"
        )
    target_dir = dirs[-1]
    target = target_dir / f"{year}.toml"
    if target.exists() and not args.force:
        raise CalendarError(f"{target} 已存在；如要替换，请加 --force。")
    before = load_calendar([d for d in dirs if d.is_dir()])
    previous = target.read_bytes() if target.exists() else None
    target_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    try:
        # The year must also fit every other file in force (local additions may conflict with it).
        load_calendar(dirs)
    except GongkaiError:
        if previous is None:
            target.unlink()
        else:
            target.write_bytes(previous)
        raise
    print(f"已载入：{_summary(calendar_file)}")
    missing = missing_holidays(calendar_file.periods)
    if missing:
        print(f"注意：文件中没有{'、'.join(missing)}的安排，这些节日将按工作日计算；请与通知原文核对。")
    print(f"保存为 {target}")
    if year in before.years:
        print(f"{year}年原有的安排已被替换。")
    print("已保存的办理期限须重新计算（网页系统：gongkai web recalc-deadlines）。")
    return 0


def _notice_text(name: str) -> str:
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except FileNotFoundError:
        raise CalendarNoticeError(f"找不到通知文件 {name}，请核对文件名和路径。") from None
    except IsADirectoryError:
        raise CalendarNoticeError(f"{name} 是一个目录，请给出保存通知全文的文本文件。") from None
    except OSError as error:
        raise CalendarNoticeError(f"无法打开通知文件 {name}（{error.strerror}）。") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CalendarNoticeError(f"通知文件 {name} 不是文本（UTF-8 或 GBK），请把通知全文粘贴到文本文件中。")


def _from_notice(args: argparse.Namespace) -> int:
    reading = read_notice(_notice_text(args.notice))
    toml = reading.to_toml()
    calendar_file = parse_calendar_text(toml, path=Path(f"{reading.year}.toml"))
    out: Path | None = None
    if args.output:
        out = Path(args.output)
        if out.is_dir():
            out = out / f"{reading.year}.toml"
        if not out.name.startswith(str(reading.year)):
            raise CalendarError(f"日历文件名须以年份开头，请写作 {reading.year}.toml。")
        if out.exists() and not args.force:
            raise CalendarError(f"{out} 已存在；如要替换，请加 --force。")
        out.write_text(toml, encoding="utf-8")
    else:
        sys.stdout.write(toml)
    report = sys.stderr if out is None else sys.stdout
    print(f"读出：{_summary(calendar_file)}", file=report)
    if reading.notice.number == UNVERIFIED:
        print(
            '没有在文本中找到文号（如“国办发明电〔2026〕N号”），已写 number = "unverified"，请补上。',
            file=report,
        )
    if reading.missing_holidays:
        print(
            f"注意：通知中没有找到{'、'.join(reading.missing_holidays)}的安排，载入后这些节日将按工作日计算。"
            "国务院办公厅的通知每年都安排七个节日，请检查是否完整复制了通知全文。",
            file=report,
        )
    for period in reading.outside:
        days = "、".join(cn_date(day) for day in period.days)
        makeups = "、".join(cn_date(day) for day in period.makeup_workdays)
        placed = "；".join(part for part in (days and f"放假 {days}", makeups and f"上班 {makeups}") if part)
        year = (period.days or period.makeup_workdays)[0].year
        print(
            f"注意：通知的“{period.name}”有日期在{year}年（{placed}），不在本文件中，"
            f"须写入{year}年的日历文件（docs/calendar.md）。",
            file=report,
        )
    where = out if out is not None else f"{reading.year}.toml"
    print(
        f"请与通知原文逐项核对，然后载入：gongkai workdays add-year {reading.year} {where} --calendar-dir …",
        file=report,
    )
    return 0


def register(subparsers: Any) -> None:
    workdays = chinese_errors(
        subparsers.add_parser(
            "workdays",
            help="工作日日历：判断工作日、推算第N个工作日、载入新一年的节假日安排",
            description=__doc__,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
    )
    sub = workdays.add_subparsers(dest="workdays_command", metavar="WORKDAYS_COMMAND", required=True)

    is_ = chinese_errors(sub.add_parser("is", help="某日是否为工作日，并说明原因"))
    is_.add_argument("date", metavar="DATE")
    add_calendar_option(is_)
    is_.set_defaults(handler=_is)

    add = chinese_errors(sub.add_parser("add", help="DATE 之后第 N 个工作日（当日不计入；N 为负数时向前推）"))
    add.add_argument("date", metavar="DATE")
    add.add_argument("n", metavar="N")
    add_calendar_option(add)
    add.set_defaults(handler=_add)

    between = chinese_errors(sub.add_parser("between", help="START（不计入）至 END 之间的工作日数"))
    between.add_argument("start", metavar="START")
    between.add_argument("end", metavar="END")
    add_calendar_option(between)
    between.set_defaults(handler=_between)

    years = chinese_errors(sub.add_parser("years", help="已载入的年份及其依据的通知"))
    add_calendar_option(years)
    years.set_defaults(handler=_years)

    check = chinese_errors(sub.add_parser("check", help="检查日历文件的格式"))
    check.add_argument("files", metavar="FILE", nargs="+")
    check.set_defaults(handler=_check)

    from_notice = chinese_errors(
        sub.add_parser("from-notice", help="从国务院办公厅节假日安排通知的文本读出该年的日历文件")
    )
    from_notice.add_argument("notice", metavar="NOTICE", help="通知全文的文本文件（- 为标准输入）")
    from_notice.add_argument(
        "-o", "--output", action=StoreOnce, metavar="OUT", help="写入此文件（或此目录下的 YYYY.toml）"
    )
    from_notice.add_argument("--force", action="store_true", help="替换已有的文件")
    from_notice.set_defaults(handler=_from_notice)

    add_year = chinese_errors(
        sub.add_parser("add-year", help="把国务院公布的某年节假日安排载入部署的日历目录")
    )
    add_year.add_argument("year", metavar="YEAR")
    add_year.add_argument("file", metavar="FILE")
    add_year.add_argument("--force", action="store_true", help="替换日历目录中已有的同年文件")
    add_calendar_option(add_year)
    add_year.set_defaults(handler=_add_year)
