"""`gongkai deadline …`: the statutory deadlines of one application, explained step by step.

    gongkai deadline --received 2025-09-26
    gongkai deadline --received 2026-02-10 --paused 2026-02-12:2026-03-02 --extension 20
    gongkai deadline --received 2026-06-18 --correction-requested 2026-06-25 --corrected 2026-07-03
    gongkai deadline --received 2026-03-02 --channel online --confirmed 2026-03-03
    gongkai deadline --received 2026-03-02 --reply-date-set 2026-03-10:2026-05-29

--received is the day the application arrived; with --channel the receipt date follows Art. 31 (registered
post: the day signed for, --signed, by default the day it arrived; ordinary letter, online, fax: the day
confirmed with the applicant, --confirmed). --paused FROM:TO is time spent consulting a third party or other
agencies (TO left empty while it lasts); --fee NOTICE[:PAID] the fee notice and payment; --reply-date-set ON:DATE
the later reply date an agency set on ON for a mass request whose reasons it accepted (Art. 35).
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from gongkai.cli.workdays import (
    StoreOnce,
    add_calendar_option,
    calendar_from_args,
    chinese_errors,
    parse_count,
    parse_date,
)
from gongkai.core.cases import FIRST_REGULATIONS_IN_FORCE
from gongkai.core.deadlines import (
    CHANNEL_LABELS,
    CaseEvent,
    Channel,
    Deadline,
    EventKind,
    case_deadlines,
    receipt_date,
)
from gongkai.core.errors import DeadlineError
from gongkai.core.workdays import cn_date

__all__ = ["register"]


def _date(text: str, what: str) -> dt.date:
    return parse_date(text, what=what, error=DeadlineError)


def _span(text: str, what: str) -> tuple[dt.date, dt.date | None]:
    start, separator, end = text.partition(":")
    if not separator and "：" in text:
        start, _, end = text.partition("：")
    return _date(start, what), (_date(end, what) if end.strip() else None)


def _print_deadline(deadline: Deadline) -> None:
    mark = "【暂定】" if deadline.provisional else ""
    print(f"{deadline.label}：{cn_date(deadline.due)}{mark}（{deadline.article}）")
    if deadline.reason:
        print(f"  说明：{deadline.reason}")
    for line in deadline.explain().splitlines():
        print(f"  {line}")


def _deadline(args: argparse.Namespace) -> int:
    if not args.received:
        raise DeadlineError("请用 --received 给出收到申请的日期，例如 --received 2025-09-26。")
    arrived = _date(args.received, "收到日期")
    if arrived < FIRST_REGULATIONS_IN_FORCE:
        raise DeadlineError(
            f"收到日期{arrived:%Y-%m-%d}早于政府信息公开条例施行之日（2008年5月1日），没有依申请公开的期限可算。"
        )
    try:
        channel = Channel(args.channel)
    except ValueError:
        choices = "、".join(f"{c.value}（{CHANNEL_LABELS[c]}）" for c in Channel)
        raise DeadlineError(f"未知的申请渠道“{args.channel}”，可选：{choices}。") from None
    signed = _date(args.signed, "签收日期") if args.signed else None
    if channel is Channel.REGISTERED_POST and signed is None:
        signed = arrived
    confirmed = _date(args.confirmed, "确认日期") if args.confirmed else None
    received = receipt_date(channel, arrived_on=arrived, signed_on=signed, confirmed_on=confirmed)

    events = [CaseEvent(EventKind.RECEIVED, received)]
    notes: list[str] = []
    correction_days = parse_count(args.correction_days, what="补正期限", error=DeadlineError) if (
        args.correction_days
    ) else None  # fmt: skip
    if args.correction_requested or args.corrected:
        if args.correction_requested:
            requested = _date(args.correction_requested, "告知补正日期")
        else:
            requested = received
            notes.append("未给出告知补正的日期，按收到申请当日计。")
        events.append(CaseEvent(EventKind.CORRECTION_REQUESTED, requested, days=correction_days))
        if args.corrected:
            events.append(CaseEvent(EventKind.CORRECTED, _date(args.corrected, "收到补正日期")))
    for span in args.paused or []:
        start, end = _span(span, "征求意见起止日期")
        events.append(CaseEvent(EventKind.CONSULTATION_STARTED, start))
        if end is not None:
            events.append(CaseEvent(EventKind.CONSULTATION_ENDED, end))
    if args.fee:
        notified, paid = _span(args.fee, "收费通知和缴费日期")
        events.append(CaseEvent(EventKind.FEE_NOTIFIED, notified))
        if paid is not None:
            events.append(CaseEvent(EventKind.FEE_PAID, paid))
    calendar = calendar_from_args(args)
    as_of: dt.date | None
    if args.as_of:
        as_of = _date(args.as_of, "计算日期")
        if as_of < received:
            raise DeadlineError(
                f"计算日期{as_of:%Y-%m-%d}早于收到申请的日期{received:%Y-%m-%d}，请核对 --as-of。"
            )
    else:
        # A pause still open has lasted at least until today (the command's clock; the core is given it); a
        # receipt still to come (a what-if) is computed as of its own steps.
        today = dt.date.today()
        as_of = today if today >= received else None
    if args.extension:
        days = parse_count(args.extension, what="延长的工作日数", error=DeadlineError)
        if args.extension_approved:
            approved = _date(args.extension_approved, "批准延期日期")
        else:
            approved = case_deadlines(events, calendar=calendar, as_of=as_of).reply.due
            notes.append("未给出批准延期的日期，按原答复期限届满日计。")
        events.append(CaseEvent(EventKind.EXTENSION_APPROVED, approved, days=days))
    if args.reply_date_set:
        set_on, until = _span(args.reply_date_set, "确定延迟答复期限的日期和确定的答复日期")
        if until is None:
            raise DeadlineError("--reply-date-set 须写成“确定日期:答复日期”，例如 2026-03-10:2026-05-29。")
        events.append(CaseEvent(EventKind.REPLY_DATE_SET, set_on, until=until))

    deadlines = case_deadlines(events, calendar=calendar, as_of=as_of)
    how = CHANNEL_LABELS[channel]
    print(f"收到申请：{cn_date(received)}（{how}，第三十一条）")
    for note in notes:
        print(f"注：{note}")
    for deadline in deadlines.all():
        _print_deadline(deadline)
    return 0


def register(subparsers: Any) -> None:
    parser = chinese_errors(
        subparsers.add_parser(
            "deadline",
            help="计算一件申请的答复期限等法定期限，并逐步说明",
            description=__doc__,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
    )
    parser.add_argument("--received", action=StoreOnce, metavar="DATE", help="收到申请的日期")
    parser.add_argument(
        "--channel",
        action=StoreOnce,
        default=Channel.IN_PERSON.value,
        metavar="CHANNEL",
        help="申请渠道：" + "、".join(f"{c.value}（{CHANNEL_LABELS[c]}）" for c in Channel),
    )
    parser.add_argument("--signed", action=StoreOnce, metavar="DATE", help="邮政挂号、快递：机关签收的日期")
    parser.add_argument(
        "--confirmed", action=StoreOnce, metavar="DATE", help="平常信函、在线、传真：与申请人确认的日期"
    )
    parser.add_argument("--correction-requested", action=StoreOnce, metavar="DATE", help="告知补正的日期")
    parser.add_argument("--correction-days", action=StoreOnce, metavar="N", help="给予申请人补正的工作日数")
    parser.add_argument("--corrected", action=StoreOnce, metavar="DATE", help="收到补正申请的日期")
    parser.add_argument(
        "--paused",
        metavar="FROM:TO",
        action="append",
        help="征求第三方或其他机关意见的起止日期（可重复；未结束时 TO 留空）",
    )
    parser.add_argument("--fee", action=StoreOnce, metavar="NOTICE[:PAID]", help="发出收费通知和缴费的日期")
    parser.add_argument("--extension", action=StoreOnce, metavar="N", help="经批准延长的工作日数（最长20）")
    parser.add_argument("--extension-approved", action=StoreOnce, metavar="DATE", help="批准延期的日期")
    parser.add_argument(
        "--reply-date-set",
        action=StoreOnce,
        metavar="ON:DATE",
        help="条例第三十五条：确定延迟答复期限的日期和确定的答复日期",
    )
    parser.add_argument(
        "--as-of", action=StoreOnce, metavar="DATE", help="今天的日期（暂停尚未结束时按此推算；默认为今天）"
    )
    add_calendar_option(parser)
    parser.set_defaults(handler=_deadline)  # fmt: skip
