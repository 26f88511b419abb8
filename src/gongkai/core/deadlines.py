"""The statutory clock of an application (依申请公开): due dates as a pure function of the case's events.

    events = [CaseEvent(EventKind.RECEIVED, date(2025, 9, 26))]
    case_deadlines(events, calendar=load_calendar()).reply.due     # → 2025-10-30

Rules (article numbers are the Regulations'; the parts marked "configurable" live in `DeadlinePolicy`):

- the receipt date depends on the channel (Art. 31, `receipt_date`);
- the reply is due 20 working days after receipt, the receipt day not counted (Art. 33(2));
- a 补正 notice is due within 7 working days of receipt, and the reply period then runs from the receipt of
  the corrected request (Art. 30);
- time spent consulting a third party or other agencies does not count (Art. 33(3)); the third party has
  15 working days to answer (Art. 32, 34) — configurable;
- from the fee notice to payment does not count, and payment is due within 20 working days
  (国办函〔2020〕109号) — both configurable;
- an approved extension adds at most 20 working days (Art. 33(2)); it counts only if recorded as approved,
  and only if approved before the period ran out;
- for a request of clearly unreasonable quantity or frequency whose reasons the agency accepts but cannot answer
  in time, the agency sets a later, reasonable reply date and tells the applicant (Art. 35): from then on the
  reply is due on that date — it is the agency's own date, so no later pause moves it, it is never
  provisional, and no correction or extension may follow it.

A pause runs from the end of the day it starts to the end of the day it ends: the working days in
(start, end] are not counted, just as the receipt day itself is not. While a pause is still open, or a
correction is awaited, the reply date shown is the earliest possible one and the deadline is marked
provisional (`suspended`). A due date that falls in a year whose holiday arrangement is not loaded is
computed with weekdays only and marked provisional, with the reason; it is never a silent guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cached_property
from typing import Generic, NamedTuple, TypeVar

from gongkai.core.errors import CalendarYearMissingError, DeadlineError
from gongkai.core.workdays import WorkdayCalendar, cn_date

__all__ = [
    "CHANNEL_LABELS",
    "DEADLINE_LABELS",
    "DEFAULT_POLICY",
    "CaseDeadlines",
    "CaseEvent",
    "Channel",
    "Deadline",
    "DeadlineChange",
    "DeadlinePolicy",
    "EventKind",
    "ReplyDue",
    "Step",
    "case_deadlines",
    "publication_deadline",
    "recalculate",
    "receipt_date",
    "replied",
    "reply_due",
]

K = TypeVar("K")

ART_RECEIPT = "第三十一条"
ART_REPLY = "第三十三条第二款"
ART_PAUSE = "第三十三条第三款"
ART_CORRECTION = "第三十条"
ART_MASS = "第三十五条"
ART_CONSULTATION = "第三十二条、第三十四条"
ART_PUBLICATION = "第二十六条"
FEE_BASIS = "国办函〔2020〕109号"

DEADLINE_LABELS: Mapping[str, str] = {
    "reply": "答复期限",
    "correction_notice": "告知补正期限",
    "applicant_correction": "申请人补正期限",
    "third_party_reply": "第三方提出意见期限",
    "fee_payment": "缴费期限",
    "publication": "主动公开期限",
}


class EventKind(StrEnum):
    RECEIVED = "received"
    CORRECTION_REQUESTED = "correction_requested"
    CORRECTED = "corrected"
    CONSULTATION_STARTED = "consultation_started"
    CONSULTATION_ENDED = "consultation_ended"
    EXTENSION_APPROVED = "extension_approved"
    FEE_NOTIFIED = "fee_notified"
    FEE_PAID = "fee_paid"
    REPLY_DATE_SET = "reply_date_set"  # Art. 35: the agency sets a later reply date (`CaseEvent.until`)


class Channel(StrEnum):
    """How the application arrived (Art. 31)."""

    IN_PERSON = "in_person"
    REGISTERED_POST = "registered_post"
    ORDINARY_LETTER = "ordinary_letter"
    ONLINE = "online"
    FAX = "fax"
    ORAL = "oral"


CHANNEL_LABELS: Mapping[Channel, str] = {
    Channel.IN_PERSON: "当面提交",
    Channel.REGISTERED_POST: "邮政挂号、快递",
    Channel.ORDINARY_LETTER: "平常信函",
    Channel.ONLINE: "互联网在线申请",
    Channel.FAX: "传真",
    Channel.ORAL: "口头提出",
}


@dataclass(frozen=True, slots=True)
class CaseEvent:
    kind: EventKind
    on: dt.date
    days: int | None = None  # working days: the extension approved; the applicant's time to correct
    note: str = ""
    until: dt.date | None = None  # the reply date the agency set (REPLY_DATE_SET only)


@dataclass(frozen=True, slots=True)
class Step:
    """One event that set or moved a deadline: the due date before and after it."""

    on: dt.date
    description: str
    article: str
    due_before: dt.date | None
    due_after: dt.date | None


@dataclass(frozen=True)
class Deadline:
    name: str
    due: dt.date
    provisional: bool
    reason: str | None
    article: str
    steps: tuple[Step, ...]
    # The clock is stopped (a pause still open, a correction awaited): `due` is the earliest possible date.
    suspended: bool = False
    # The day the obligation was met, where the events say so (notice sent, answer received, fee paid).
    fulfilled_on: dt.date | None = None

    @property
    def label(self) -> str:
        return DEADLINE_LABELS.get(self.name, self.name)

    def explain(self) -> str:
        """In Chinese, one line per step: the day, what happened and on what basis, and the effect."""
        lines = []
        for step in self.steps:
            if step.due_after is None:
                effect = "期限不适用"
            elif step.due_before is None:
                effect = f"期限为{cn_date(step.due_after)}"
            elif step.due_after == step.due_before:
                effect = "期限不变"
            else:
                effect = f"期限由{cn_date(step.due_before)}改为{cn_date(step.due_after)}"
            lines.append(f"{cn_date(step.on)} {step.description}（{step.article}）→ {effect}")
        return "\n".join(lines)


@dataclass(frozen=True)
class CaseDeadlines:
    reply: Deadline
    correction_notice: Deadline | None
    third_party_reply: Deadline | None
    fee_payment: Deadline | None
    applicant_correction: Deadline | None = None

    def all(self) -> tuple[Deadline, ...]:
        return tuple(
            d
            for d in (
                self.reply,
                self.correction_notice,
                self.applicant_correction,
                self.third_party_reply,
                self.fee_payment,
            )
            if d is not None
        )


@dataclass(frozen=True)
class DeadlinePolicy:
    """The configurable parts of the clock. Defaults follow the Regulations and 国办函〔2020〕109号; the ones
    the spec marks unverified (fee pause, payment window, third-party window) are here so a deployment can
    change them without touching code."""

    reply_days: int = 20  # Art. 33(2)
    correction_notice_days: int = 7  # Art. 30
    extension_max_days: int = 20  # Art. 33(2)
    third_party_days: int = 15  # Art. 32, 34
    payment_days: int = 20  # 国办函〔2020〕109号 (unverified: configurable)
    fee_time_excluded: bool = True  # notice → payment not counted toward the reply (unverified: configurable)
    publication_days: int = 20  # Art. 26

    def __post_init__(self) -> None:
        for name in (
            "reply_days",
            "correction_notice_days",
            "extension_max_days",
            "third_party_days",
            "payment_days",
            "publication_days",
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise DeadlineError(f"期限设置 {name} 应为正整数（工作日数），而不是 {value!r}。")

    @cached_property
    def texts(self) -> _Texts:
        """The step descriptions, with this policy's numbers filled in once."""
        return _texts(self)


DEFAULT_POLICY = DeadlinePolicy()


@dataclass(frozen=True)
class DeadlineChange(Generic[K]):
    """A deadline that a calendar change moves: `old` or `new` is None if it appears or disappears."""

    key: K
    name: str
    old: Deadline | None
    new: Deadline | None

    @property
    def old_due(self) -> dt.date | None:
        return self.old.due if self.old is not None else None

    @property
    def new_due(self) -> dt.date | None:
        return self.new.due if self.new is not None else None

    def describe(self) -> str:
        def show(deadline: Deadline | None) -> str:
            if deadline is None:
                return "无"
            return cn_date(deadline.due) + ("（暂定）" if deadline.provisional else "")

        return f"{DEADLINE_LABELS.get(self.name, self.name)}：{show(self.old)} → {show(self.new)}"


# --- receipt (Art. 31) -----------------------------------------------------------------------------------


def receipt_date(
    channel: Channel | str,
    *,
    arrived_on: dt.date,
    signed_on: dt.date | None = None,
    confirmed_on: dt.date | None = None,
) -> dt.date:
    """The day the application counts as received (Art. 31), by channel.

    In person (or oral, written down by staff): the day handed in. Registered post or express: the day the
    agency signs for it. Ordinary letter: the day the agency confirms with the applicant (which it must do on
    the day the letter arrives). Online or fax: the day both sides confirm.
    """
    try:
        channel = Channel(channel)
    except ValueError:
        choices = "、".join(f"{c.value}（{CHANNEL_LABELS[c]}）" for c in Channel)
        raise DeadlineError(f"未知的申请渠道“{channel}”，可选：{choices}。", channel=str(channel)) from None
    if channel in (Channel.IN_PERSON, Channel.ORAL):
        return arrived_on
    if channel is Channel.REGISTERED_POST:
        if signed_on is None:
            raise DeadlineError("邮政挂号或快递寄来的申请，须登记机关签收的日期（条例第三十一条）。")
        if signed_on < arrived_on:
            raise DeadlineError(f"签收日期 {signed_on.isoformat()} 早于送达日期 {arrived_on.isoformat()}。")
        return signed_on
    label = CHANNEL_LABELS[channel]
    if confirmed_on is None:
        raise DeadlineError(f"以{label}方式提出的申请，须登记与申请人确认的日期（条例第三十一条）。")
    if confirmed_on < arrived_on:
        raise DeadlineError(f"确认日期 {confirmed_on.isoformat()} 早于收到日期 {arrived_on.isoformat()}。")
    return confirmed_on


# --- texts ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Texts:
    received: str
    correction_requested: str
    corrected: str
    consultation_started: str
    fee_notified: str
    correction_window: str
    third_party_window: str
    payment_window: str


def _texts(policy: DeadlinePolicy) -> _Texts:
    return _Texts(
        received=f"收到申请，应自收到之日起{policy.reply_days}个工作日内答复（收到当日不计入）",
        correction_requested="告知申请人补正，答复期限改为自收到补正申请之日起计算",
        corrected=f"收到补正后的申请，重新起算{policy.reply_days}个工作日",
        consultation_started="开始征求第三方或其他机关意见，所需时间不计入答复期限",
        fee_notified=(
            "发出收费通知，自通知至缴费的时间不计入答复期限"
            if policy.fee_time_excluded
            else "发出收费通知（按本机关设置，收费期间计入答复期限）"
        ),
        correction_window=f"收到申请，如需补正，应自收到之日起{policy.correction_notice_days}个工作日内一次性告知",
        third_party_window=f"发出征求意见书，第三方或其他机关应在{policy.third_party_days}个工作日内提出意见",
        payment_window=f"发出收费通知，申请人应在{policy.payment_days}个工作日内缴费",
    )


_NO_TEXTS = _Texts("", "", "", "", "", "", "", "")


def _years_reason(years: Iterable[int]) -> str:
    listed = "、".join(str(y) for y in sorted(years))
    return (
        f"{listed}年的节假日安排尚未载入（国务院办公厅通常于上一年11月前后公布），暂按周一至周五均为工作日推算，"
        f"未计入该年的法定节假日和调休；载入该年安排后须重新计算。"
    )


def _assumed_between(calendar: WorkdayCalendar, start: dt.date, due: dt.date) -> frozenset[int]:
    assumed = calendar.assumed_years
    if not assumed:
        return assumed
    first = min(start, due) + dt.timedelta(days=1)
    return frozenset(y for y in range(first.year, max(start, due).year + 1) if y in assumed)


def _finish(
    calendar: WorkdayCalendar,
    name: str,
    due: dt.date,
    start: dt.date,
    article: str,
    steps: list[Step],
    *,
    suspended_reason: str | None = None,
    fulfilled_on: dt.date | None = None,
    set_by_agency: bool = False,
) -> Deadline:
    """`set_by_agency`: the due date is a date the agency fixed (Art. 35), not counted on the calendar, so a
    missing holiday arrangement does not make it provisional."""
    reason = suspended_reason
    if calendar.assumed_years and not set_by_agency:
        years = _assumed_between(calendar, start, due)
        if years:
            reason = _years_reason(years) if reason is None else f"{reason}；{_years_reason(years)}"
    return Deadline(
        name=name,
        due=due,
        provisional=reason is not None,
        reason=reason,
        article=article,
        steps=tuple(steps),
        suspended=suspended_reason is not None,
        fulfilled_on=fulfilled_on,
    )


# --- the reply clock -------------------------------------------------------------------------------------


class _ReplyClock:
    """The reply period: where it starts, how many working days it has, and the pauses it has been through."""

    __slots__ = ("add", "awaiting_since", "between", "fixed", "open_since", "pauses", "start", "total")

    def __init__(self, calendar: WorkdayCalendar, start: dt.date, total: int) -> None:
        self.add = calendar.add_workdays
        self.between = calendar.workdays_between
        self.start = start
        self.total = total
        self.pauses: list[tuple[dt.date, dt.date]] = []
        self.open_since: dt.date | None = None
        self.awaiting_since: dt.date | None = None
        self.fixed: dt.date | None = None  # set by the agency under Art. 35: the clock no longer counts

    def due(self, extend_open_to: dt.date | None = None) -> tuple[dt.date, bool]:
        """The due date, and whether the clock is stopped (then the date is the earliest possible)."""
        if self.fixed is not None:
            return self.fixed, False
        add, between = self.add, self.between
        if self.awaiting_since is not None:
            since = self.awaiting_since
            if extend_open_to is not None and extend_open_to > since:
                since = extend_open_to
            return add(since, self.total), True
        cursor, remaining = self.start, self.total
        for paused_from, paused_to in self.pauses:
            if paused_from > cursor:
                counted = between(cursor, paused_from)
                if counted >= remaining:
                    return add(cursor, remaining), False
                remaining -= counted
            if paused_to > cursor:
                cursor = paused_to
        paused_since = self.open_since
        if paused_since is None:
            return add(cursor, remaining), False
        if paused_since > cursor:
            counted = between(cursor, paused_since)
            if counted >= remaining:
                return add(cursor, remaining), False
            remaining -= counted
            cursor = paused_since
        if extend_open_to is not None and extend_open_to > cursor:
            cursor = extend_open_to
        return add(cursor, remaining), True


def _event_kind(event: CaseEvent) -> EventKind:
    kind = event.kind
    if type(kind) is EventKind:
        return kind
    try:
        return EventKind(kind)
    except ValueError:
        raise DeadlineError(f"未知的期限事件“{kind}”。", kind=str(kind)) from None


_TAKES_DAYS = frozenset({EventKind.EXTENSION_APPROVED, EventKind.CORRECTION_REQUESTED})

_MASS_DEFERRAL = "申请数量、频次明显超过合理范围，申请理由合理但无法在规定期限内答复，确定延迟答复的合理期限"
_PAUSE_KINDS = frozenset(
    {
        EventKind.CONSULTATION_STARTED,
        EventKind.CONSULTATION_ENDED,
        EventKind.FEE_NOTIFIED,
        EventKind.FEE_PAID,
    }
)

_EVENT_NAMES: Mapping[EventKind, str] = {
    EventKind.RECEIVED: "收到申请",
    EventKind.CORRECTION_REQUESTED: "告知补正",
    EventKind.CORRECTED: "收到补正",
    EventKind.CONSULTATION_STARTED: "开始征求意见",
    EventKind.CONSULTATION_ENDED: "征求意见结束",
    EventKind.EXTENSION_APPROVED: "批准延期",
    EventKind.FEE_NOTIFIED: "发出收费通知",
    EventKind.FEE_PAID: "缴费",
    EventKind.REPLY_DATE_SET: "确定延迟答复期限",
}


def _bad(event: CaseEvent, problem: str) -> DeadlineError:
    name = _EVENT_NAMES.get(_event_kind(event), str(event.kind))
    return DeadlineError(
        f"期限无法计算：{event.on.isoformat()}“{name}”{problem}",
        kind=str(event.kind),
        on=event.on.isoformat(),
    )


class ReplyDue(NamedTuple):
    """The reply due date alone (no explanation): what `reply_due` returns, for lists and bulk work."""

    due: dt.date
    provisional: bool
    suspended: bool


def _compute(
    events: Sequence[CaseEvent],
    calendar: WorkdayCalendar,
    policy: DeadlinePolicy,
    as_of: dt.date | None,
    explain: bool,
) -> CaseDeadlines | ReplyDue:
    """Run the clock over the events. With `explain` false only the reply date is computed (same rules,
    no steps or texts): the bulk path for lists, recalculation and the benchmark."""
    if not events:
        raise DeadlineError("期限无法计算：没有任何事件，至少要有收到申请的日期。")
    ordered = events
    if len(events) > 1:
        previous = events[0].on
        for event in events:
            if event.on < previous:
                ordered = sorted(events, key=_on)
                break
            previous = event.on
    first = ordered[0]
    if first.kind is not EventKind.RECEIVED and _event_kind(first) is not EventKind.RECEIVED:
        # Nothing happens before the receipt on the day of receipt: put it first among that day's events.
        ordered = sorted(events, key=_receipt_first)
        first = ordered[0]
    if first.kind is not EventKind.RECEIVED and _event_kind(first) is not EventKind.RECEIVED:
        if any(_event_kind(e) is EventKind.RECEIVED for e in ordered):
            raise _bad(first, "早于收到申请的日期。")
        raise DeadlineError("期限无法计算：缺少收到申请（登记受理）的事件。")
    if first.days is not None:
        raise _bad(first, "不需要天数。")
    add = calendar.add_workdays
    received = first.on
    if len(ordered) == 1:
        due = add(received, policy.reply_days)
        if not explain:
            return ReplyDue(due, bool(_assumed_between(calendar, received, due)), False)
        texts = policy.texts
        correction_due = add(received, policy.correction_notice_days)
        return CaseDeadlines(
            reply=_finish(
                calendar, "reply", due, received, ART_REPLY, [Step(received, texts.received, ART_REPLY, None, due)]
            ),
            correction_notice=_finish(
                calendar, "correction_notice", correction_due, received, ART_CORRECTION,
                [Step(received, texts.correction_window, ART_CORRECTION, None, correction_due)],
            ),
            third_party_reply=None,
            fee_payment=None,
        )  # fmt: skip

    texts = policy.texts if explain else _NO_TEXTS
    clock = _ReplyClock(calendar, received, policy.reply_days)
    suspended = False
    reply_steps: list[Step] = []
    correction_steps: list[Step] = []
    due = correction_due = received
    if explain:
        due = add(received, policy.reply_days)
        correction_due = add(received, policy.correction_notice_days)
        reply_steps.append(Step(received, texts.received, ART_REPLY, None, due))
        correction_steps.append(Step(received, texts.correction_window, ART_CORRECTION, None, correction_due))
    correction_requested: CaseEvent | None = None
    applicant_correction: Deadline | None = None
    consulting = 0
    fee_open = False
    extension_total = 0
    consultation_start: dt.date | None = None
    consultation_end: dt.date | None = None
    fee_notified: dt.date | None = None
    fee_paid: dt.date | None = None
    reply_start = received

    for event in ordered[1:]:
        kind = event.kind
        if type(kind) is not EventKind:
            kind = _event_kind(event)
        on = event.on
        if event.days is not None and kind not in _TAKES_DAYS:
            raise _bad(event, "不需要天数。")
        if event.until is not None and kind is not EventKind.REPLY_DATE_SET:
            raise _bad(event, "不需要指定答复日期。")
        if kind is EventKind.RECEIVED:
            raise _bad(event, "重复：一件申请只有一个收到日期。")
        if clock.awaiting_since is not None and kind is not EventKind.CORRECTED:
            raise _bad(event, "发生在等待申请人补正期间；请先登记收到补正。")
        before = due
        late = on > before and not suspended
        description = ""
        article = ART_PAUSE
        if kind is EventKind.CORRECTION_REQUESTED:
            if correction_requested is not None:
                raise _bad(event, "重复：补正只能一次性告知（条例第三十条）。")
            if consulting or fee_open or extension_total or clock.fixed is not None:
                raise _bad(event, "不能在征求意见、等待缴费、批准延期或确定延迟答复期限之后再告知补正。")
            if event.days is not None and event.days <= 0:
                raise _bad(event, "的补正期限天数应为正整数。")
            correction_requested = event
            clock.awaiting_since = on
            clock.pauses.clear()
            late = False
            article = ART_CORRECTION
            if explain:
                overdue = on > correction_due
                description = texts.correction_requested + (
                    f"（晚于{cn_date(correction_due)}的告知期限）" if overdue else ""
                )
                correction_steps.append(
                    Step(on, "已告知申请人补正" + ("（逾期）" if overdue else ""), ART_CORRECTION,
                         correction_due, correction_due)
                )  # fmt: skip
                if event.days is not None:
                    applicant_due = add(on, event.days)
                    step = Step(
                        on,
                        f"告知补正，给予申请人{event.days}个工作日补正",
                        ART_CORRECTION,
                        None,
                        applicant_due,
                    )
                    applicant_correction = _finish(
                        calendar, "applicant_correction", applicant_due, on, ART_CORRECTION, [step]
                    )
        elif kind is EventKind.CORRECTED:
            if correction_requested is None or clock.awaiting_since is None:
                raise _bad(event, "之前没有告知补正。")
            clock.awaiting_since = None
            clock.start = reply_start = on
            late = False
            article = ART_CORRECTION
            if explain:
                description = texts.corrected
                if applicant_correction is not None:
                    overdue = on > applicant_correction.due
                    applicant_correction = _finish(
                        calendar, "applicant_correction", applicant_correction.due, correction_requested.on,
                        ART_CORRECTION,
                        [*applicant_correction.steps,
                         Step(on, "收到补正" + ("（逾期）" if overdue else ""), ART_CORRECTION,
                              applicant_correction.due, applicant_correction.due)],
                        fulfilled_on=on,
                    )  # fmt: skip
        elif kind is EventKind.CONSULTATION_STARTED:
            consulting += 1
            consultation_start, consultation_end = on, None
            if consulting == 1 and not fee_open:
                clock.open_since = on
            description = texts.consultation_started
        elif kind is EventKind.CONSULTATION_ENDED:
            if not consulting:
                raise _bad(event, "之前没有开始征求意见。")
            consulting -= 1
            consultation_end = on
            description = _close_pause(clock, on, consulting or fee_open, "征求意见结束", explain)
        elif kind is EventKind.FEE_NOTIFIED:
            if fee_open:
                raise _bad(event, "之前的收费通知还没有缴费或结束。")
            fee_notified, fee_paid = on, None
            if policy.fee_time_excluded:
                fee_open = True
                if not consulting:
                    clock.open_since = on
            description = texts.fee_notified
            article = FEE_BASIS
        elif kind is EventKind.FEE_PAID:
            if fee_notified is None or fee_paid is not None:
                raise _bad(event, "之前没有发出收费通知。")
            fee_paid = on
            article = FEE_BASIS
            if fee_open:
                fee_open = False
                description = _close_pause(clock, on, consulting, "申请人缴费", explain)
            else:
                description = "申请人缴费"
        elif kind is EventKind.REPLY_DATE_SET:
            until = event.until
            if until is None:
                raise _bad(event, "须写明确定的答复日期。")
            if clock.fixed is not None:
                raise _bad(event, "重复：延迟答复的期限只能确定一次。")
            current, stopped = clock.due(on)
            if stopped:
                raise _bad(event, "发生在暂停计算期间；请在征求意见或缴费结束后再确定答复期限。")
            if until <= current:
                raise _bad(
                    event,
                    f"确定的答复日期{until.isoformat()}不晚于现有答复期限{current.isoformat()}，无需延迟答复。",
                )
            late = False
            article = ART_MASS
            if on > current:
                if explain:
                    description = (
                        f"确定延迟答复的期限，但此时答复期限（{cn_date(current)}）已届满，确定的期限不予计算"
                    )
            else:
                clock.fixed = until
                if explain:
                    description = _MASS_DEFERRAL
        else:  # EXTENSION_APPROVED
            if clock.fixed is not None:
                raise _bad(event, "发生在依第三十五条确定延迟答复期限之后；该期限不再延长。")
            days = event.days
            if days is None or days <= 0:
                raise _bad(event, "须写明延长的工作日数（正整数）。")
            if extension_total + days > policy.extension_max_days:
                raise _bad(
                    event,
                    f"使延长合计达到{extension_total + days}个工作日，超过最长{policy.extension_max_days}个工作日"
                    f"（条例第三十三条）。",
                )
            article = ART_REPLY
            current, _ = clock.due(extend_open_to=on)
            late = False
            if on > current:
                if explain:
                    description = (
                        f"批准延期{days}个工作日，但批准时答复期限（{cn_date(current)}）已届满，延期不予计算"
                    )
            else:
                extension_total += days
                clock.total += days
                if explain:
                    description = f"经政府信息公开工作机构负责人同意，延长答复期限{days}个工作日"
        if explain:
            if clock.fixed is not None and kind in _PAUSE_KINDS:
                description = f"{_EVENT_NAMES[kind]}；答复期限已依条例第三十五条确定，不因此顺延"
                article = ART_MASS
            # As known on the day of the event: a pause still open has lasted at least until that day.
            due, suspended = clock.due(on)
            if late:
                description += "（此时答复期限已届满）"
            reply_steps.append(Step(on, description, article, before, due))

    reply_reason: str | None = None
    last = ordered[-1].on
    until = last if as_of is None or as_of < last else as_of
    due, suspended = clock.due(until)
    if suspended and explain:
        reply_reason = _suspended_reason(clock, consulting, fee_open, until)
    if not explain:
        if suspended or not calendar.assumed_years or clock.fixed is not None:
            return ReplyDue(due, suspended, suspended)
        return ReplyDue(due, bool(_assumed_between(calendar, reply_start, due)), suspended)
    reply = _finish(
        calendar,
        "reply",
        due,
        reply_start,
        ART_MASS if clock.fixed is not None else ART_REPLY,
        reply_steps,
        suspended_reason=reply_reason,
        set_by_agency=clock.fixed is not None,
    )

    correction_notice: Deadline | None = None
    if correction_requested is not None:
        correction_notice = _finish(
            calendar, "correction_notice", correction_due, received, ART_CORRECTION, correction_steps,
            fulfilled_on=correction_requested.on,
        )  # fmt: skip

    third_party: Deadline | None = None
    if consultation_start is not None:
        answer_due = add(consultation_start, policy.third_party_days)
        steps = [Step(consultation_start, texts.third_party_window, ART_CONSULTATION, None, answer_due)]
        if consultation_end is not None:
            mark = "（逾期）" if consultation_end > answer_due else ""
            steps.append(
                Step(consultation_end, f"征求意见结束{mark}", ART_CONSULTATION, answer_due, answer_due)
            )
        third_party = _finish(
            calendar, "third_party_reply", answer_due, consultation_start, ART_CONSULTATION, steps,
            fulfilled_on=consultation_end,
        )  # fmt: skip

    fee_payment: Deadline | None = None
    if fee_notified is not None:
        pay_due = add(fee_notified, policy.payment_days)
        steps = [Step(fee_notified, texts.payment_window, FEE_BASIS, None, pay_due)]
        if fee_paid is not None:
            mark = "（逾期）" if fee_paid > pay_due else ""
            steps.append(Step(fee_paid, f"申请人缴费{mark}", FEE_BASIS, pay_due, pay_due))
        fee_payment = _finish(
            calendar, "fee_payment", pay_due, fee_notified, FEE_BASIS, steps, fulfilled_on=fee_paid
        )
    return CaseDeadlines(
        reply=reply,
        correction_notice=correction_notice,
        third_party_reply=third_party,
        fee_payment=fee_payment,
        applicant_correction=applicant_correction,
    )


def _on(event: CaseEvent) -> dt.date:
    return event.on


def _receipt_first(event: CaseEvent) -> tuple[dt.date, bool]:
    return event.on, event.kind != EventKind.RECEIVED


def _close_pause(clock: _ReplyClock, on: dt.date, still_paused: int | bool, what: str, explain: bool) -> str:
    if still_paused:
        return f"{what}，但仍有暂停计算的事项未结束"
    since = clock.open_since
    clock.open_since = None
    if since is None:  # pragma: no cover - guarded by the callers' counters
        return what
    clock.pauses.append((since, on))
    if not explain:
        return what
    paused = clock.between(since, on) if on > since else 0
    return f"{what}，暂停期间（{cn_date(since)}次日至当日）的{paused}个工作日不计入答复期限"


def _suspended_reason(clock: _ReplyClock, consulting: int, fee_open: bool, until: dt.date) -> str:
    if clock.awaiting_since is not None:
        return (
            f"正在等待申请人补正，答复期限自收到补正申请之日起重新计算；此处暂按{cn_date(until)}收到补正推算，"
            f"是最早可能的期限。"
        )
    assumed_end = f"此处暂按暂停持续至{cn_date(until)}推算，是最早可能的期限"
    waiting = "、".join(
        what
        for what, active in (("征求第三方或其他机关意见", consulting), ("申请人缴费", fee_open))
        if active
    )
    since = cn_date(clock.open_since) if clock.open_since is not None else ""
    return f"{waiting}尚未结束（自{since}起），期间不计入答复期限，结束后顺延；{assumed_end}。"


def _with_fallback(calendar: WorkdayCalendar, compute: Callable[[WorkdayCalendar], K]) -> K:
    """Run `compute`; if it reaches a year that is not loaded, run it again on a provisional calendar that
    treats the missing years as weekdays only (the deadlines it touches are then marked provisional)."""
    try:
        return compute(calendar)
    except CalendarYearMissingError as error:
        return _provisional_retry(calendar, compute, error)


def _provisional_retry(
    calendar: WorkdayCalendar, compute: Callable[[WorkdayCalendar], K], error: CalendarYearMissingError
) -> K:
    missing = {error.year}
    loaded = calendar.years
    for _ in range(400):
        span = loaded | missing
        provisional = calendar.with_assumed_weekdays(range(min(span), max(span) + 1))
        try:
            return compute(provisional)
        except CalendarYearMissingError as again:
            if again.year in missing:  # pragma: no cover - the provisional calendar covers it
                raise
            missing.add(again.year)
    raise DeadlineError("期限无法计算：所涉年份过多。")  # pragma: no cover


def case_deadlines(
    events: Sequence[CaseEvent],
    *,
    calendar: WorkdayCalendar,
    policy: DeadlinePolicy = DEFAULT_POLICY,
    as_of: dt.date | None = None,
) -> CaseDeadlines:
    """The deadlines of one application from its events (in any order; same-day events keep their order).

    `as_of` (today, passed in by the caller) only matters while a pause is open or a correction is awaited:
    the clock is then taken as stopped until that day. An impossible sequence raises `DeadlineError`.
    """
    try:
        result = _compute(events, calendar, policy, as_of, True)
    except CalendarYearMissingError as error:
        result = _provisional_retry(calendar, lambda cal: _compute(events, cal, policy, as_of, True), error)
    assert isinstance(result, CaseDeadlines)
    return result


def replied(deadlines: CaseDeadlines, on: dt.date) -> CaseDeadlines:
    """The same deadlines once the agency has answered on `on`: the reply deadline is met (or was missed) that
    day, so a provisional due date no longer matters; a correction notice never sent is no longer due (the
    answer closed the request). The answer is not a clock event (nothing after it moves the clock); the caller
    knows it from the case's decision."""
    reply = deadlines.reply
    mark = "（逾期）" if on > reply.due else ""
    step = Step(on, f"作出答复{mark}", ART_REPLY, reply.due, reply.due)
    notice = deadlines.correction_notice
    return replace(
        deadlines,
        reply=replace(reply, steps=(*reply.steps, step), fulfilled_on=on),
        correction_notice=notice if notice is not None and notice.fulfilled_on is not None else None,
    )


def reply_due(
    events: Sequence[CaseEvent],
    *,
    calendar: WorkdayCalendar,
    policy: DeadlinePolicy = DEFAULT_POLICY,
    as_of: dt.date | None = None,
) -> ReplyDue:
    """The reply due date only — the same rules and checks as `case_deadlines(...).reply`, without building
    the explanation; for lists of cases, bulk recalculation and the benchmark."""
    if len(events) == 1 and not calendar.assumed_years:
        # The commonest case, a receipt and nothing else, straight to the index.
        (event,) = events
        if event.kind is EventKind.RECEIVED and event.days is None:
            try:
                return ReplyDue(calendar.add_workdays(event.on, policy.reply_days), False, False)
            except CalendarYearMissingError:
                pass  # the general path below makes it provisional
    try:
        result = _compute(events, calendar, policy, as_of, False)
    except CalendarYearMissingError as error:
        result = _provisional_retry(calendar, lambda cal: _compute(events, cal, policy, as_of, False), error)
    assert isinstance(result, ReplyDue)
    return result


def publication_deadline(
    formed_on: dt.date, *, calendar: WorkdayCalendar, policy: DeadlinePolicy = DEFAULT_POLICY
) -> Deadline:
    """Art. 26: proactive disclosure within 20 working days of the information being formed or changed."""

    def compute(cal: WorkdayCalendar) -> Deadline:
        due = cal.add_workdays(formed_on, policy.publication_days)
        step = Step(
            formed_on,
            f"政府信息形成或者变更，应自该日起{policy.publication_days}个工作日内公开（当日不计入）",
            ART_PUBLICATION,
            None,
            due,
        )
        return _finish(cal, "publication", due, formed_on, ART_PUBLICATION, [step])

    return _with_fallback(calendar, compute)


def recalculate(
    cases: Mapping[K, Sequence[CaseEvent]],
    *,
    old: WorkdayCalendar,
    new: WorkdayCalendar,
    policy: DeadlinePolicy = DEFAULT_POLICY,
) -> list[DeadlineChange[K]]:
    """After a calendar change (a year added or corrected): which deadlines of these cases move, and how.

    A deadline counts as changed if its due date or its provisional mark changes, or it appears or vanishes.
    """
    changes: list[DeadlineChange[K]] = []
    for key, events in cases.items():
        try:
            before = {d.name: d for d in case_deadlines(events, calendar=old, policy=policy).all()}
            after = {d.name: d for d in case_deadlines(events, calendar=new, policy=policy).all()}
        except DeadlineError as error:
            raise DeadlineError(f"案件 {key}：{error}", key=str(key)) from error
        for name in [*before, *(n for n in after if n not in before)]:
            was, now = before.get(name), after.get(name)
            if was is None or now is None or was.due != now.due or was.provisional != now.provisional:
                changes.append(DeadlineChange(key, name, was, now))
    return changes
