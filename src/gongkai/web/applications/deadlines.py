"""A case's timeline → the statutory clock's events → its due dates, with their explanation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from gongkai.core.cases import (
    ANSWERED_STATES,
    REPLY_CLOCK_STATES,
    TERMINAL_STATES,
    TRANSITIONS,
    Action,
    State,
)
from gongkai.core.deadlines import CaseDeadlines, CaseEvent, EventKind, case_deadlines, replied
from gongkai.core.errors import GongkaiError
from gongkai.core.workdays import WorkdayCalendar
from gongkai.web.applications.models import Application, Event
from gongkai.web.common.clock import workday_calendar

__all__ = ["DeadlineResult", "TimelineStep", "application_deadlines", "clock_events", "timeline_deadlines"]


class TimelineStep(Protocol):
    """What the clock reads of a timeline entry: an `Event`, or the same columns read without the model."""

    @property
    def action(self) -> str: ...
    @property
    def on(self) -> dt.date: ...
    @property
    def days(self) -> int | None: ...
    @property
    def note(self) -> str: ...
    @property
    def data(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class DeadlineResult:
    deadlines: CaseDeadlines | None
    reply_due: dt.date | None
    reply_due_provisional: bool
    applicant_due: dt.date | None
    error: str | None = None
    # The case ended without an answer (withdrawn, abandoned, …): its deadlines no longer run.
    ended: State | None = None


def clock_events(events: Sequence[TimelineStep]) -> list[CaseEvent]:
    out: list[CaseEvent] = []
    for event in events:
        try:
            step = TRANSITIONS[Action(event.action)]
        except ValueError:
            continue
        if step.clock_event is None or event.data.get("imported"):
            continue
        until = event.data.get("until")
        out.append(
            CaseEvent(
                EventKind(step.clock_event),
                on=event.on,
                days=event.days,
                note=event.note,
                until=dt.date.fromisoformat(until) if until else None,
            )
        )
    return out


def application_deadlines(
    application: Application,
    *,
    events: Sequence[Event],
    calendar: WorkdayCalendar | None = None,
    as_of: dt.date | None = None,
) -> DeadlineResult:
    """The case's deadlines from its timeline. A clock error (e.g. an impossible sequence) is reported, not
    raised: the case page shows it and the stored due dates are cleared rather than guessed. `calendar`: the
    calendar in force unless given (a calendar about to be loaded, to show what it would move). `as_of`: today,
    for a page — a pause still open has lasted at least until then; without it, until the last step."""
    return timeline_deadlines(
        status=application.status,
        received_on=application.received_on,
        correction_due=application.correction_due,
        events=events,
        outcome_on=application.outcome_on,
        calendar=calendar,
        as_of=as_of,
    )


def timeline_deadlines(
    *,
    status: str,
    received_on: dt.date | None,
    correction_due: dt.date | None,
    events: Sequence[TimelineStep],
    outcome_on: dt.date | None = None,
    calendar: WorkdayCalendar | None = None,
    as_of: dt.date | None = None,
) -> DeadlineResult:
    """`application_deadlines` from the few columns it needs (the public status page reads only those).
    `outcome_on`: the day the case was decided or otherwise closed; a decided case was answered that day."""
    state = State(status)
    kinds = clock_events(events)
    if not kinds or received_on is None:
        return DeadlineResult(None, None, False, None)
    if state in TERMINAL_STATES or state in ANSWERED_STATES:
        as_of = None  # the case's last step ended any pause
    try:
        deadlines = case_deadlines(kinds, calendar=calendar or workday_calendar(), as_of=as_of)
    except GongkaiError as error:
        return DeadlineResult(None, None, False, None, error=str(error))
    if outcome_on is not None and state in ANSWERED_STATES:
        deadlines = replied(deadlines, outcome_on)
    applicant_due: dt.date | None = None
    if state is State.AWAITING_CORRECTION:
        applicant_due = correction_due
    elif state is State.AWAITING_FEE and deadlines.fee_payment is not None:
        applicant_due = deadlines.fee_payment.due
    reply = deadlines.reply
    return DeadlineResult(
        deadlines=deadlines,
        reply_due=reply.due if reply is not None else None,
        reply_due_provisional=bool(reply.provisional) if reply is not None else False,
        applicant_due=applicant_due,
        ended=state if state in TERMINAL_STATES - ANSWERED_STATES else None,
    )


def reply_clock_running(application: Application) -> bool:
    return State(application.status) in REPLY_CLOCK_STATES
