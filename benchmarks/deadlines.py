"""Deadline throughput: 1 000 000 random applications on one core, against a naive day-by-day baseline.

    .venv/bin/python -m benchmarks.deadlines

The applications are received on random days from 2004 to the end of 2026 (a few fall due in 2027, which is
not loaded, and take the provisional path); 10 % ask for a correction, 15 % consult a third party, 5 % send
a fee notice and 5 % get an extension. Figures are applications per second of CPU time of this process,
pinned to one core, so that other work on a shared machine does not distort them:

- `reply_due`: the reply due date with every rule applied, on the precomputed working-day index (a sorted
  list of working-day ordinals and bisect), for the mixed applications and for the same 1 000 000 receipts
  alone;
- `case_deadlines`: every deadline of the case with its step-by-step explanation;
- the baseline, on a sample of receipt-only applications: counting 20 working days day by day with set
  lookups (how calendar libraries answer "is this a working day"), against `reply_due` and a bare
  `add_workdays` (one bisect) on the same sample.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import random
import time
from collections.abc import Callable, Sequence

from gongkai.core.deadlines import CaseEvent, EventKind, case_deadlines, reply_due
from gongkai.core.workdays import WorkdayCalendar, load_calendar

__all__ = ["generate_applications", "main"]

APPLICATIONS = 1_000_000
CHUNK = 100_000
SAMPLE = 20_000
FIRST_DAY = dt.date(2004, 1, 1).toordinal()
LAST_DAY = dt.date(2026, 12, 31).toordinal()


def generate_applications(count: int, rng: random.Random) -> list[list[CaseEvent]]:
    applications = []
    for _ in range(count):
        day = dt.date.fromordinal(rng.randint(FIRST_DAY, LAST_DAY))
        events = [CaseEvent(EventKind.RECEIVED, day)]
        if rng.random() < 0.10:
            day += dt.timedelta(days=rng.randint(0, 6))
            events.append(CaseEvent(EventKind.CORRECTION_REQUESTED, day))
            day += dt.timedelta(days=rng.randint(1, 20))
            events.append(CaseEvent(EventKind.CORRECTED, day))
        if rng.random() < 0.15:
            day += dt.timedelta(days=rng.randint(1, 15))
            events.append(CaseEvent(EventKind.CONSULTATION_STARTED, day))
            day += dt.timedelta(days=rng.randint(5, 40))
            events.append(CaseEvent(EventKind.CONSULTATION_ENDED, day))
        if rng.random() < 0.05:
            day += dt.timedelta(days=rng.randint(1, 10))
            events.append(CaseEvent(EventKind.FEE_NOTIFIED, day))
            day += dt.timedelta(days=rng.randint(1, 25))
            events.append(CaseEvent(EventKind.FEE_PAID, day))
        if rng.random() < 0.05:
            day += dt.timedelta(days=rng.randint(5, 25))
            events.append(CaseEvent(EventKind.EXTENSION_APPROVED, day, days=rng.randint(5, 20)))
        applications.append(events)
    return applications


def _pin_to_one_core() -> str:
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
    except (AttributeError, OSError):
        return "not pinned"
    return f"pinned to CPU {cpu}"


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:>12,.0f}/s"


def _time(function: Callable[[], object]) -> float:
    start = time.process_time()
    function()
    return time.process_time() - start


def naive_reply_due(calendar: WorkdayCalendar, received: dt.date, days: int = 20) -> dt.date:
    """The baseline: a day-by-day loop asking 'is this a working day?' of sets of holidays and make-up days."""
    holidays, makeups = _day_sets(calendar)
    day, left = received, days
    one = dt.timedelta(days=1)
    while left:
        day += one
        if day in makeups or (day.weekday() < 5 and day not in holidays):
            left -= 1
    return day


_SETS: dict[int, tuple[frozenset[dt.date], frozenset[dt.date]]] = {}


def _day_sets(calendar: WorkdayCalendar) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    sets = _SETS.get(id(calendar))
    if sets is None:
        holidays: set[dt.date] = set()
        makeups: set[dt.date] = set()
        for arrangement in calendar.arrangements():
            for calendar_file in arrangement.files:
                holidays.update(calendar_file.holidays())
                makeups.update(calendar_file.makeup_workdays())
        sets = _SETS[id(calendar)] = (frozenset(holidays), frozenset(makeups))
    return sets


def _bulk(calendar: WorkdayCalendar, applications: Sequence[list[CaseEvent]], explain: bool) -> None:
    if explain:
        for events in applications:
            case_deadlines(events, calendar=calendar)
    else:
        for events in applications:
            reply_due(events, calendar=calendar)


def main() -> None:
    pinned = _pin_to_one_core()
    calendar = load_calendar()
    rng = random.Random(2026)
    print(
        f"Deadlines: {APPLICATIONS:,} random applications, one core ({pinned}), CPU time; calendar "
        f"{min(calendar.years)}–{max(calendar.years)} precomputed into a working-day index"
    )
    due_seconds = explained_seconds = receipt_seconds = 0.0
    provisional = checked = 0
    for _ in range(APPLICATIONS // CHUNK):
        chunk = generate_applications(CHUNK, rng)
        due_seconds += _time(functools.partial(_bulk, calendar, chunk, False))
        explained_seconds += _time(functools.partial(_bulk, calendar, chunk, True))
        receipts = [[events[0]] for events in chunk]
        receipt_seconds += _time(functools.partial(_bulk, calendar, receipts, False))
        provisional += sum(reply_due(events, calendar=calendar).provisional for events in chunk[:1000])
        checked += 1000
    print(f"  mixed applications ({100 * provisional / checked:.1f} % of a sample provisional or suspended):")
    print(f"    reply_due       (due date, all rules)        {_rate(APPLICATIONS, due_seconds)}")
    print(f"    case_deadlines  (all deadlines, explained)   {_rate(APPLICATIONS, explained_seconds)}")
    print("  the same applications, receipt only:")
    print(f"    reply_due                                    {_rate(APPLICATIONS, receipt_seconds)}")

    sample = [
        dt.date.fromordinal(rng.randint(FIRST_DAY, dt.date(2026, 11, 1).toordinal())) for _ in range(SAMPLE)
    ]
    received_only = [[CaseEvent(EventKind.RECEIVED, day)] for day in sample]
    for day, events in zip(sample[:200], received_only[:200], strict=True):  # the three agree
        assert (
            naive_reply_due(calendar, day)
            == reply_due(events, calendar=calendar).due
            == calendar.add_workdays(day, 20)
        )
    naive = _time(lambda: [naive_reply_due(calendar, day) for day in sample])
    fast = _time(lambda: _bulk(calendar, received_only, False))
    bare = _time(lambda: [calendar.add_workdays(day, 20) for day in sample])
    print(f"Baseline on {SAMPLE:,} receipt-only applications (reply due 20 working days after receipt):")
    print(f"    naive day-by-day loop                        {_rate(SAMPLE, naive)}")
    print(f"    reply_due                                    {_rate(SAMPLE, fast)}")
    print(f"    bare add_workdays (one bisect)               {_rate(SAMPLE, bare)}")
    print(f"Ratio reply_due / naive loop: {naive / fast:.1f}×;  bare bisect / reply_due: {fast / bare:.1f}×")


if __name__ == "__main__":
    main()
