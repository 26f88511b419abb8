from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.cases import TRANSITIONS
from gongkai.core.deadlines import (
    DEFAULT_POLICY,
    CaseEvent,
    Channel,
    DeadlineChange,
    DeadlinePolicy,
    EventKind,
    case_deadlines,
    publication_deadline,
    recalculate,
    receipt_date,
    replied,
    reply_due,
)
from gongkai.core.errors import DeadlineError
from gongkai.core.workdays import load_calendar
from tests.core.workdays.samples import HYPOTHETICAL_2027, write

D = dt.date
E = EventKind
CALENDAR = load_calendar()


def ev(kind: EventKind, on: dt.date, days: int | None = None) -> CaseEvent:
    return CaseEvent(kind, on, days=days)


def deadlines(*events: CaseEvent, policy: DeadlinePolicy = DEFAULT_POLICY, as_of: dt.date | None = None):  # type: ignore[no-untyped-def]
    return case_deadlines(list(events), calendar=CALENDAR, policy=policy, as_of=as_of)


# --- hand-worked cases -----------------------------------------------------------------------------------


def test_received_before_national_day() -> None:
    result = deadlines(ev(E.RECEIVED, D(2025, 9, 26)))
    assert result.reply.due == D(2025, 10, 30)
    assert result.reply.article == "第三十三条第二款"
    assert not result.reply.provisional
    assert result.reply.reason is None
    assert result.correction_notice is not None
    assert result.correction_notice.due == D(2025, 10, 13)
    assert result.third_party_reply is None
    assert result.fee_payment is None
    assert [d.name for d in result.all()] == ["reply", "correction_notice"]


def test_received_before_the_spring_festival() -> None:
    assert deadlines(ev(E.RECEIVED, D(2026, 2, 10))).reply.due == D(2026, 3, 16)


def test_correction_notice_across_the_dragon_boat_festival() -> None:
    result = deadlines(ev(E.RECEIVED, D(2026, 6, 18)))
    assert result.correction_notice is not None
    assert result.correction_notice.due == D(2026, 6, 30)
    assert result.correction_notice.article == "第三十条"


def test_received_in_december_is_provisional_until_the_next_year_is_loaded(tmp_path: Path) -> None:
    result = deadlines(ev(E.RECEIVED, D(2026, 12, 15)))
    assert result.reply.due == D(2027, 1, 12)  # weekdays only: 2027-01-01 counted as a working day
    assert result.reply.provisional
    assert result.reply.reason is not None
    assert "2027年的节假日安排尚未载入" in result.reply.reason
    assert not result.reply.suspended
    # The 7-day correction window ends in 2026: exact.
    assert result.correction_notice is not None
    assert not result.correction_notice.provisional
    write(tmp_path, "2027.toml", HYPOTHETICAL_2027)
    loaded = case_deadlines([ev(E.RECEIVED, D(2026, 12, 15))], calendar=load_calendar([tmp_path]))
    assert loaded.reply.due == D(2027, 1, 13)
    assert not loaded.reply.provisional
    assert loaded.reply.reason is None


def test_an_answer_meets_the_reply_deadline_and_says_whether_in_time() -> None:
    received = deadlines(ev(E.RECEIVED, D(2025, 9, 26)))
    on_time = replied(received, D(2025, 10, 20))
    assert on_time.reply.fulfilled_on == D(2025, 10, 20)
    assert on_time.reply.due == D(2025, 10, 30)
    assert on_time.reply.steps[-1].description == "作出答复"
    assert received.correction_notice is not None
    assert on_time.correction_notice is None  # never sent, and the answer closed the request
    late = replied(received, D(2025, 10, 31))
    assert late.reply.steps[-1].description == "作出答复（逾期）"
    assert "作出答复（逾期）" in late.reply.explain()
    assert received.reply.fulfilled_on is None  # the original is unchanged


def test_an_answer_before_an_unloaded_year_still_reports_the_provisional_due_date() -> None:
    result = replied(deadlines(ev(E.RECEIVED, D(2026, 12, 15))), D(2026, 12, 20))
    assert result.reply.provisional
    assert result.reply.fulfilled_on == D(2026, 12, 20)


def test_spring_festival_with_consultation_extension_and_fee() -> None:
    result = deadlines(
        ev(E.RECEIVED, D(2026, 2, 10)),
        ev(E.CONSULTATION_STARTED, D(2026, 2, 12)),
        ev(E.CONSULTATION_ENDED, D(2026, 3, 2)),  # 8 working days paused (02-14 and 02-28 are working days)
        ev(E.EXTENSION_APPROVED, D(2026, 3, 20), days=20),
        ev(E.FEE_NOTIFIED, D(2026, 3, 25)),
        ev(E.FEE_PAID, D(2026, 4, 1)),  # 5 working days paused
    )
    reply = result.reply
    assert [s.due_after for s in reply.steps] == [
        D(2026, 3, 16),
        D(2026, 3, 16),
        D(2026, 3, 26),
        D(2026, 4, 24),
        D(2026, 4, 24),  # while the fee is awaited: at least until the notice day
        D(2026, 5, 6),
    ]
    # Paid 04-01: 03-26…04-01 (5 working days) do not count; 04-24 + 5 = 05-06 (Labour Day 05-01…05-05 off).
    assert reply.due == D(2026, 5, 6)
    assert not reply.provisional
    assert not reply.suspended
    assert reply.steps[2].article == "第三十三条第三款"
    assert "8个工作日" in reply.steps[2].description
    assert result.third_party_reply is not None
    assert result.third_party_reply.due == D(2026, 3, 11)
    assert result.third_party_reply.fulfilled_on == D(2026, 3, 2)
    assert result.fee_payment is not None
    assert result.fee_payment.due == D(2026, 4, 23)
    assert result.fee_payment.fulfilled_on == D(2026, 4, 1)
    assert result.correction_notice is None  # no correction was asked for, and the case has moved on
    lines = reply.explain().splitlines()
    assert len(lines) == len(reply.steps)
    assert lines[0].startswith("2026年2月10日（周二） 收到申请")
    assert "期限由2026年3月26日（周四）改为2026年4月24日（周五）" in lines[3]


def test_national_day_consultation_pause() -> None:
    result = deadlines(
        ev(E.RECEIVED, D(2025, 9, 22)),
        ev(E.CONSULTATION_STARTED, D(2025, 9, 26)),
        ev(E.CONSULTATION_ENDED, D(2025, 10, 13)),
    )
    # Counted: 09-23…09-26 (4); paused 09-27…10-13; then 16 more from 10-14 → 11-04.
    assert result.reply.due == D(2025, 11, 4)
    # 15 working days from 09-26: 09-28 (a make-up Sunday) … 10-11 (a make-up Saturday) … 10-23.
    assert result.third_party_reply is not None
    assert result.third_party_reply.due == D(2025, 10, 23)


def test_the_reply_period_restarts_from_the_correction() -> None:
    result = deadlines(
        ev(E.RECEIVED, D(2026, 6, 18)),
        ev(E.CORRECTION_REQUESTED, D(2026, 6, 25), days=10),
        ev(E.CORRECTED, D(2026, 7, 3)),
    )
    assert result.reply.due == D(2026, 7, 31)  # 20 working days after 07-03
    assert result.reply.steps[-1].article == "第三十条"
    assert result.correction_notice is not None
    assert result.correction_notice.due == D(2026, 6, 30)
    assert result.correction_notice.fulfilled_on == D(2026, 6, 25)
    assert (
        replied(result, D(2026, 7, 20)).correction_notice == result.correction_notice
    )  # a sent notice stays
    assert result.applicant_correction is not None
    assert result.applicant_correction.due == D(2026, 7, 9)
    assert result.applicant_correction.fulfilled_on == D(2026, 7, 3)


def test_while_a_correction_is_awaited_the_reply_date_is_the_earliest_possible() -> None:
    result = deadlines(ev(E.RECEIVED, D(2026, 6, 18)), ev(E.CORRECTION_REQUESTED, D(2026, 6, 25)))
    assert result.reply.suspended
    assert result.reply.provisional
    assert result.reply.due == D(2026, 7, 23)
    assert result.reply.reason is not None
    assert "等待申请人补正" in result.reply.reason
    later = deadlines(
        ev(E.RECEIVED, D(2026, 6, 18)), ev(E.CORRECTION_REQUESTED, D(2026, 6, 25)), as_of=D(2026, 7, 10)
    )
    assert later.reply.due == D(2026, 8, 7)


def test_a_late_correction_notice_is_flagged() -> None:
    result = deadlines(ev(E.RECEIVED, D(2026, 6, 18)), ev(E.CORRECTION_REQUESTED, D(2026, 7, 1)))
    assert result.correction_notice is not None
    assert "逾期" in result.correction_notice.steps[-1].description
    assert "晚于" in result.reply.steps[-1].description


def test_an_open_consultation_suspends_the_clock() -> None:
    events = (ev(E.RECEIVED, D(2025, 3, 3)), ev(E.CONSULTATION_STARTED, D(2025, 3, 10)))
    result = deadlines(*events)
    assert result.reply.suspended
    assert result.reply.provisional
    assert result.reply.reason is not None
    assert "征求第三方或其他机关意见尚未结束" in result.reply.reason
    assert result.reply.due == D(2025, 3, 31)  # as if the consultation ended the day it started
    assert deadlines(*events, as_of=D(2025, 3, 20)).reply.due == D(2025, 4, 11)
    assert result.third_party_reply is not None
    assert result.third_party_reply.fulfilled_on is None


def test_overlapping_pauses_count_once() -> None:
    both = deadlines(
        ev(E.RECEIVED, D(2025, 3, 3)),
        ev(E.CONSULTATION_STARTED, D(2025, 3, 10)),
        ev(E.FEE_NOTIFIED, D(2025, 3, 12)),
        ev(E.CONSULTATION_ENDED, D(2025, 3, 14)),
        ev(E.FEE_PAID, D(2025, 3, 17)),
    )
    single = deadlines(
        ev(E.RECEIVED, D(2025, 3, 3)),
        ev(E.CONSULTATION_STARTED, D(2025, 3, 10)),
        ev(E.CONSULTATION_ENDED, D(2025, 3, 17)),
    )
    assert both.reply.due == single.reply.due
    assert "仍有暂停" in both.reply.steps[3].description


def test_fee_time_counts_when_the_policy_says_so() -> None:
    events = (
        ev(E.RECEIVED, D(2025, 3, 3)),
        ev(E.FEE_NOTIFIED, D(2025, 3, 10)),
        ev(E.FEE_PAID, D(2025, 3, 20)),
    )
    excluded = deadlines(*events)
    counted = deadlines(*events, policy=DeadlinePolicy(fee_time_excluded=False))
    assert counted.reply.due == deadlines(ev(E.RECEIVED, D(2025, 3, 3))).reply.due
    assert excluded.reply.due > counted.reply.due
    assert counted.fee_payment is not None
    assert excluded.fee_payment is not None
    assert counted.fee_payment.due == excluded.fee_payment.due == D(2025, 4, 8)


def test_the_policy_is_configurable() -> None:
    policy = DeadlinePolicy(payment_days=15, third_party_days=10, extension_max_days=10)
    result = deadlines(
        ev(E.RECEIVED, D(2025, 3, 3)),
        ev(E.CONSULTATION_STARTED, D(2025, 3, 4)),
        ev(E.CONSULTATION_ENDED, D(2025, 3, 5)),
        ev(E.FEE_NOTIFIED, D(2025, 3, 6)),
        policy=policy,
    )
    assert result.third_party_reply is not None
    assert result.third_party_reply.due == D(2025, 3, 18)
    assert result.fee_payment is not None
    assert result.fee_payment.due == D(2025, 3, 27)
    with pytest.raises(DeadlineError):
        deadlines(
            ev(E.RECEIVED, D(2025, 3, 3)), ev(E.EXTENSION_APPROVED, D(2025, 3, 4), days=15), policy=policy
        )
    with pytest.raises(DeadlineError, match="正整数"):
        DeadlinePolicy(reply_days=0)


# --- extensions ------------------------------------------------------------------------------------------


def test_an_extension_counts_only_when_approved_in_time() -> None:
    received = ev(E.RECEIVED, D(2025, 9, 26))
    assert deadlines(received, ev(E.EXTENSION_APPROVED, D(2025, 10, 20), days=20)).reply.due == D(
        2025, 11, 27
    )
    assert deadlines(received, ev(E.EXTENSION_APPROVED, D(2025, 10, 30), days=5)).reply.due == D(2025, 11, 6)
    late = deadlines(received, ev(E.EXTENSION_APPROVED, D(2025, 10, 31), days=20))
    assert late.reply.due == D(2025, 10, 30)
    assert "已届满，延期不予计算" in late.reply.steps[-1].description


def test_extensions_beyond_the_maximum_are_refused() -> None:
    received = ev(E.RECEIVED, D(2025, 9, 26))
    with pytest.raises(DeadlineError, match="超过最长20个工作日"):
        deadlines(received, ev(E.EXTENSION_APPROVED, D(2025, 10, 9), days=21))
    with pytest.raises(DeadlineError, match="合计达到25个工作日"):
        deadlines(
            received,
            ev(E.EXTENSION_APPROVED, D(2025, 10, 9), days=10),
            ev(E.EXTENSION_APPROVED, D(2025, 10, 10), days=15),
        )
    with pytest.raises(DeadlineError, match="须写明延长的工作日数"):
        deadlines(received, ev(E.EXTENSION_APPROVED, D(2025, 10, 9)))
    two = deadlines(
        received,
        ev(E.EXTENSION_APPROVED, D(2025, 10, 9), days=10),
        ev(E.EXTENSION_APPROVED, D(2025, 10, 10), days=10),
    )
    assert two.reply.due == D(2025, 11, 27)


# --- a later reply date for a mass request (Art. 35) ----------------------------------------------------


def test_a_later_reply_date_replaces_the_counted_one_and_no_pause_moves_it() -> None:
    result = deadlines(
        ev(E.RECEIVED, D(2026, 3, 2)),
        CaseEvent(E.REPLY_DATE_SET, D(2026, 3, 10), until=D(2026, 5, 29)),
        ev(E.CONSULTATION_STARTED, D(2026, 3, 12)),
        ev(E.CONSULTATION_ENDED, D(2026, 3, 20)),
    )
    assert result.reply.due == D(2026, 5, 29)
    assert result.reply.article == "第三十五条"
    assert not result.reply.provisional
    assert [(s.due_before, s.due_after) for s in result.reply.steps] == [
        (None, D(2026, 3, 30)),
        (D(2026, 3, 30), D(2026, 5, 29)),
        (D(2026, 5, 29), D(2026, 5, 29)),
        (D(2026, 5, 29), D(2026, 5, 29)),
    ]
    assert "确定延迟答复的合理期限" in result.reply.explain()
    assert "不因此顺延" in result.reply.steps[2].description
    assert result.third_party_reply is not None  # the third party's own window still runs
    assert reply_due(
        [
            ev(E.RECEIVED, D(2026, 3, 2)),
            CaseEvent(E.REPLY_DATE_SET, D(2026, 3, 10), until=D(2026, 5, 29)),
        ],
        calendar=CALENDAR,
    ) == (D(2026, 5, 29), False, False)


def test_a_later_reply_date_in_an_unloaded_year_is_not_provisional() -> None:
    """The agency's own date is not counted on the calendar, so a missing 2027 arrangement changes nothing."""
    events = [
        ev(E.RECEIVED, D(2026, 12, 15)),
        CaseEvent(E.REPLY_DATE_SET, D(2026, 12, 16), until=D(2027, 3, 1)),
    ]
    result = case_deadlines(events, calendar=CALENDAR)
    assert (result.reply.due, result.reply.provisional, result.reply.reason) == (D(2027, 3, 1), False, None)
    assert reply_due(events, calendar=CALENDAR) == (D(2027, 3, 1), False, False)


def test_a_later_reply_date_set_after_the_period_ran_out_does_not_count() -> None:
    result = deadlines(
        ev(E.RECEIVED, D(2026, 3, 2)), CaseEvent(E.REPLY_DATE_SET, D(2026, 4, 10), until=D(2026, 5, 29))
    )
    assert result.reply.due == D(2026, 3, 30)
    assert "已届满，确定的期限不予计算" in result.reply.steps[-1].description


# --- impossible sequences --------------------------------------------------------------------------------

BAD_SEQUENCES = [
    ("no events", [], "没有任何事件"),
    ("no receipt", [ev(E.CONSULTATION_STARTED, D(2025, 3, 3))], "缺少收到申请"),
    ("an event before receipt", [ev(E.RECEIVED, D(2025, 3, 5)), ev(E.CONSULTATION_STARTED, D(2025, 3, 3))],
     "早于收到申请"),
    ("received twice", [ev(E.RECEIVED, D(2025, 3, 3)), ev(E.RECEIVED, D(2025, 3, 4))], "只有一个收到日期"),
    ("corrected without a request", [ev(E.RECEIVED, D(2025, 3, 3)), ev(E.CORRECTED, D(2025, 3, 4))],
     "没有告知补正"),
    ("a second correction request",
     [ev(E.RECEIVED, D(2025, 3, 3)), ev(E.CORRECTION_REQUESTED, D(2025, 3, 4)), ev(E.CORRECTED, D(2025, 3, 5)),
      ev(E.CORRECTION_REQUESTED, D(2025, 3, 6))], "一次性告知"),
    ("ended before started", [ev(E.RECEIVED, D(2025, 3, 3)), ev(E.CONSULTATION_ENDED, D(2025, 3, 4))],
     "没有开始征求意见"),
    ("paid without a notice", [ev(E.RECEIVED, D(2025, 3, 3)), ev(E.FEE_PAID, D(2025, 3, 4))], "没有发出收费通知"),
    ("two open fee notices",
     [ev(E.RECEIVED, D(2025, 3, 3)), ev(E.FEE_NOTIFIED, D(2025, 3, 4)), ev(E.FEE_NOTIFIED, D(2025, 3, 5))],
     "还没有缴费"),
    ("consulting while a correction is awaited",
     [ev(E.RECEIVED, D(2025, 3, 3)), ev(E.CORRECTION_REQUESTED, D(2025, 3, 4)),
      ev(E.CONSULTATION_STARTED, D(2025, 3, 5))], "等待申请人补正期间"),
    ("a correction request during a consultation",
     [ev(E.RECEIVED, D(2025, 3, 3)), ev(E.CONSULTATION_STARTED, D(2025, 3, 4)),
      ev(E.CORRECTION_REQUESTED, D(2025, 3, 5))], "不能在征求意见"),
    ("days where none are taken", [ev(E.RECEIVED, D(2025, 3, 3)), ev(E.CONSULTATION_STARTED, D(2025, 3, 4), 5)],
     "不需要天数"),
    ("an unknown event", [ev(E.RECEIVED, D(2025, 3, 3)), CaseEvent("archived", D(2025, 3, 4))],  # type: ignore[arg-type]
     "未知的期限事件"),
    ("a later reply date without the date", [ev(E.RECEIVED, D(2026, 3, 2)), ev(E.REPLY_DATE_SET, D(2026, 3, 10))],
     "须写明确定的答复日期"),
    ("a later reply date that is not later",
     [ev(E.RECEIVED, D(2026, 3, 2)), CaseEvent(E.REPLY_DATE_SET, D(2026, 3, 10), until=D(2026, 3, 30))],
     "不晚于现有答复期限"),
    ("a later reply date set twice",
     [ev(E.RECEIVED, D(2026, 3, 2)), CaseEvent(E.REPLY_DATE_SET, D(2026, 3, 10), until=D(2026, 5, 29)),
      CaseEvent(E.REPLY_DATE_SET, D(2026, 3, 11), until=D(2026, 6, 30))], "只能确定一次"),
    ("a later reply date during a consultation",
     [ev(E.RECEIVED, D(2026, 3, 2)), ev(E.CONSULTATION_STARTED, D(2026, 3, 4)),
      CaseEvent(E.REPLY_DATE_SET, D(2026, 3, 10), until=D(2026, 5, 29))], "暂停计算期间"),
    ("an extension after the later reply date",
     [ev(E.RECEIVED, D(2026, 3, 2)), CaseEvent(E.REPLY_DATE_SET, D(2026, 3, 10), until=D(2026, 5, 29)),
      ev(E.EXTENSION_APPROVED, D(2026, 3, 12), days=20)], "不再延长"),
    ("a correction after the later reply date",
     [ev(E.RECEIVED, D(2026, 3, 2)), CaseEvent(E.REPLY_DATE_SET, D(2026, 3, 3), until=D(2026, 5, 29)),
      ev(E.CORRECTION_REQUESTED, D(2026, 3, 4))], "确定延迟答复期限之后再告知补正"),
    ("a date where none is taken",
     [ev(E.RECEIVED, D(2026, 3, 2)), CaseEvent(E.FEE_NOTIFIED, D(2026, 3, 4), until=D(2026, 5, 29))],
     "不需要指定答复日期"),
]  # fmt: skip


@pytest.mark.parametrize(("why", "events", "message"), BAD_SEQUENCES, ids=[b[0] for b in BAD_SEQUENCES])
def test_impossible_sequences_are_refused_in_chinese(why: str, events: list[CaseEvent], message: str) -> None:
    with pytest.raises(DeadlineError) as caught:
        case_deadlines(events, calendar=CALENDAR)
    assert message in str(caught.value)
    assert caught.value.code == "deadline.error"
    with pytest.raises(DeadlineError):
        reply_due(events, calendar=CALENDAR)


def test_events_may_come_in_any_order() -> None:
    events = [
        ev(E.RECEIVED, D(2026, 2, 10)),
        ev(E.CONSULTATION_STARTED, D(2026, 2, 12)),
        ev(E.CONSULTATION_ENDED, D(2026, 3, 2)),
    ]
    shuffled = [events[2], events[0], events[1]]
    assert case_deadlines(shuffled, calendar=CALENDAR) == case_deadlines(events, calendar=CALENDAR)


def test_the_receipt_comes_first_on_its_day() -> None:
    same_day = [ev(E.CONSULTATION_STARTED, D(2025, 3, 3)), ev(E.RECEIVED, D(2025, 3, 3))]
    result = case_deadlines(same_day, calendar=CALENDAR)
    assert [s.on for s in result.reply.steps] == [D(2025, 3, 3), D(2025, 3, 3)]
    assert result.reply.suspended


def test_the_web_layer_clock_events_are_event_kinds() -> None:
    used = {t.clock_event for t in TRANSITIONS.values() if t.clock_event is not None}
    assert used <= {kind.value for kind in EventKind}


# --- receipt (Art. 31), publication (Art. 26) ------------------------------------------------------------


def test_receipt_date_by_channel() -> None:
    arrived, next_day = D(2025, 3, 3), D(2025, 3, 4)
    assert receipt_date(Channel.IN_PERSON, arrived_on=arrived) == arrived
    assert receipt_date("oral", arrived_on=arrived) == arrived
    assert receipt_date(Channel.REGISTERED_POST, arrived_on=arrived, signed_on=next_day) == next_day
    for channel in (Channel.ORDINARY_LETTER, Channel.ONLINE, Channel.FAX):
        assert receipt_date(channel, arrived_on=arrived, confirmed_on=next_day) == next_day
        with pytest.raises(DeadlineError, match="确认的日期"):
            receipt_date(channel, arrived_on=arrived)
    with pytest.raises(DeadlineError, match="签收的日期"):
        receipt_date(Channel.REGISTERED_POST, arrived_on=arrived)
    with pytest.raises(DeadlineError, match="早于"):
        receipt_date(Channel.ONLINE, arrived_on=next_day, confirmed_on=arrived)
    with pytest.raises(DeadlineError, match="未知的申请渠道"):
        receipt_date("pigeon", arrived_on=arrived)


def test_publication_deadline() -> None:
    deadline = publication_deadline(D(2025, 9, 26), calendar=CALENDAR)
    assert deadline.due == D(2025, 10, 30)
    assert deadline.article == "第二十六条"
    assert deadline.name == "publication"
    assert deadline.label == "主动公开期限"
    assert publication_deadline(D(2026, 12, 20), calendar=CALENDAR).provisional


# --- recalculation ---------------------------------------------------------------------------------------


def test_recalculation_reports_what_a_new_year_changes(tmp_path: Path) -> None:
    write(tmp_path, "2027.toml", HYPOTHETICAL_2027)
    new = load_calendar([tmp_path])
    cases = {
        "A-1": [ev(E.RECEIVED, D(2026, 12, 15))],
        "A-2": [ev(E.RECEIVED, D(2025, 9, 26))],
        "A-3": [
            ev(E.RECEIVED, D(2026, 12, 28)),
            ev(E.FEE_NOTIFIED, D(2026, 12, 29)),
            ev(E.FEE_PAID, D(2027, 1, 4)),
        ],
    }
    changes = recalculate(cases, old=CALENDAR, new=new)
    moved = {(c.key, c.name): (c.old_due, c.new_due) for c in changes}
    assert moved[("A-1", "reply")] == (D(2027, 1, 12), D(2027, 1, 13))
    assert not any(key == "A-2" for key, _ in moved)
    assert ("A-3", "reply") in moved
    assert ("A-3", "fee_payment") in moved
    first = next(c for c in changes if c.key == "A-1")
    assert isinstance(first, DeadlineChange)
    assert first.old is not None
    assert first.old.provisional
    assert first.new is not None
    assert not first.new.provisional
    assert first.describe() == "答复期限：2027年1月12日（周二）（暂定） → 2027年1月13日（周三）"
    assert recalculate(cases, old=new, new=new) == []


def test_recalculation_names_the_case_with_impossible_events() -> None:
    with pytest.raises(DeadlineError, match="案件 B-7"):
        recalculate({"B-7": [ev(E.CORRECTED, D(2025, 1, 6))]}, old=CALENDAR, new=CALENDAR)


# --- properties ------------------------------------------------------------------------------------------


@st.composite
def applications(draw: st.DrawFn) -> list[CaseEvent]:
    """A lawful sequence: receipt, maybe a correction, consultations and fee pauses, maybe an extension."""
    day = draw(st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 3, 31)))
    events = [ev(E.RECEIVED, day)]
    if draw(st.booleans()):
        day += dt.timedelta(days=draw(st.integers(0, 12)))
        events.append(ev(E.CORRECTION_REQUESTED, day))
        day += dt.timedelta(days=draw(st.integers(0, 30)))
        events.append(ev(E.CORRECTED, day))
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(
            st.sampled_from([(E.CONSULTATION_STARTED, E.CONSULTATION_ENDED), (E.FEE_NOTIFIED, E.FEE_PAID)])
        )
        day += dt.timedelta(days=draw(st.integers(0, 20)))
        events.append(ev(kind[0], day))
        day += dt.timedelta(days=draw(st.integers(0, 40)))
        events.append(ev(kind[1], day))
    if draw(st.booleans()):
        day += dt.timedelta(days=draw(st.integers(0, 25)))
        events.append(ev(E.EXTENSION_APPROVED, day, days=draw(st.integers(1, 20))))
    return events


def _without_pauses(events: list[CaseEvent]) -> list[CaseEvent]:
    paused = {E.CONSULTATION_STARTED, E.CONSULTATION_ENDED, E.FEE_NOTIFIED, E.FEE_PAID}
    return [e for e in events if e.kind not in paused]


@given(applications())
def test_the_due_date_is_always_a_working_day(events: list[CaseEvent]) -> None:
    result = case_deadlines(events, calendar=CALENDAR)
    for deadline in result.all():
        if not deadline.provisional:
            assert CALENDAR.is_workday(deadline.due), deadline
    fast = reply_due(events, calendar=CALENDAR)
    assert (fast.due, fast.provisional, fast.suspended) == (
        result.reply.due,
        result.reply.provisional,
        result.reply.suspended,
    )


@given(applications(), st.integers(0, 30), st.integers(1, 90))
def test_a_later_reply_date_is_the_due_date_when_set_in_time(
    events: list[CaseEvent], after: int, later: int
) -> None:
    before = case_deadlines(events, calendar=CALENDAR).reply
    on = events[-1].on + dt.timedelta(days=after)
    until = before.due + dt.timedelta(days=later)
    deferred = [*events, CaseEvent(E.REPLY_DATE_SET, on, until=until)]
    expected = until if on <= before.due else before.due
    result = case_deadlines(deferred, calendar=CALENDAR)
    assert result.reply.due == expected
    assert reply_due(deferred, calendar=CALENDAR).due == expected
    assert not result.reply.suspended


@given(applications())
def test_pauses_never_make_the_reply_earlier(events: list[CaseEvent]) -> None:
    with_pauses = case_deadlines(events, calendar=CALENDAR).reply.due
    assert with_pauses >= case_deadlines(_without_pauses(events), calendar=CALENDAR).reply.due


@given(
    received=st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 3, 31)),
    start=st.integers(0, 40),
    length=st.integers(0, 60),
    longer=st.integers(0, 30),
    fee=st.booleans(),
)
def test_the_reply_is_monotone_in_the_pause_length(
    received: dt.date, start: int, length: int, longer: int, fee: bool
) -> None:
    begin, end = (E.FEE_NOTIFIED, E.FEE_PAID) if fee else (E.CONSULTATION_STARTED, E.CONSULTATION_ENDED)
    paused_from = received + dt.timedelta(days=start)

    def due(days: int) -> dt.date:
        events = [
            ev(E.RECEIVED, received),
            ev(begin, paused_from),
            ev(end, paused_from + dt.timedelta(days=days)),
        ]
        return reply_due(events, calendar=CALENDAR).due

    plain = reply_due([ev(E.RECEIVED, received)], calendar=CALENDAR).due
    assert plain <= due(length) <= due(length + longer)
