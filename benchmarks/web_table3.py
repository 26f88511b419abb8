"""Table 三 from the records for an agency with 1 000 000 cases, on SQLite and on PostgreSQL, timed beside the
bare GROUP BY it rests on (kind × outcome row of the year's cases); and, on the same cases, the office dashboard's
per-agency summary as a supervisor sees it (open, overdue, the year's answers and late answers) beside the same two
statements written bare for the one agency; and the counts on the back office's queue tabs as one of the agency's
ten officers sees them (every page of the back office shows them), beside the bare count of the officer's own queue.

    .venv/bin/python -m benchmarks.web_table3 [--cases N] [--backend sqlite|postgres|both]

Each backend runs in its own process (Django is configured once per process). The database is built once and
reused: var/bench/table3.sqlite3, and the PostgreSQL database `gongkai_bench` at 127.0.0.1:5432 (user postgres).
Cases are received over 2016–2026; 93 % are decided 0–80 days later in a random table 三 row; each has a reply
deadline 28 days after receipt and one of ten officers handling it. Figures are the median of 5 runs of the year 2025. Aim: table 三 ≤ 2 s and ≤ 3× the
bare query.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from typing import Any

from benchmarks._web import (
    BENCH_DIR,
    ensure_postgres_database,
    main_per_backend,
    postgres_url,
    setup_django,
)

__all__ = ["main"]

POSTGRES_DB = "gongkai_bench"
POSTGRES = postgres_url(POSTGRES_DB)
YEAR = 2025
RUNS = 5


def _populate(count: int) -> Any:
    from django.db import transaction
    from django.utils import timezone

    from gongkai.core.cases import ApplicantKind
    from gongkai.core.report.templates import TEMPLATE_2021
    from gongkai.web.agencies.models import Agency
    from gongkai.web.agencies.services import agency_create
    from gongkai.web.applications.models import Application

    agency = Agency.objects.filter(code="BENCH").first() or agency_create(
        name="基准测试机关", level="department", code="BENCH", notice_prefix="基准公开"
    )
    officers = _officers(agency)
    if (
        Application.objects.filter(agency=agency, reply_due__isnull=False, assigned_to__isnull=False).count()
        == count
    ):
        _analyze()  # a migration since the last run may have rebuilt the table and dropped SQLite's statistics
        return agency
    Application.objects.filter(agency=agency).delete()
    rng = random.Random(1_000_000)
    kinds = [k.value for k in ApplicantKind]
    kind_weights = [70, 12, 3, 3, 7, 5]
    rows = list(TEMPLATE_2021.outcome_rows)
    start = dt.date(2016, 1, 1)
    span = (dt.date(2026, 6, 30) - start).days
    now = timezone.now()
    batch: list[Application] = []
    print(f"  populating {count:,} cases …", flush=True)
    with transaction.atomic():
        for index in range(count):
            received = start + dt.timedelta(days=rng.randint(0, span))
            decided = received + dt.timedelta(days=rng.randint(0, 80)) if rng.random() < 0.93 else None
            batch.append(
                Application(
                    agency=agency,
                    number=f"BENCH-{index:07d}",
                    year=received.year,
                    seq=index + 1,
                    query_digest="-",
                    status="closed" if decided else "processing",
                    channel="online",
                    applicant_kind=rng.choices(kinds, kind_weights)[0],
                    description="基准测试",
                    requested_form="paper",
                    delivery="post",
                    submitted_at=now,
                    arrived_on=received,
                    received_on=received,
                    reply_due=received + dt.timedelta(days=28),
                    outcome_on=decided,
                    outcome_row=rng.choice(rows) if decided else "",
                    assigned_to=officers[index % len(officers)],
                )
            )
            if len(batch) == 20_000:
                Application.objects.bulk_create(batch)
                batch = []
        Application.objects.bulk_create(batch)
    _analyze()
    return agency


def _analyze() -> None:
    """Fresh planner statistics, and on PostgreSQL the visibility map autovacuum keeps on a live table (without
    it a freshly loaded table answers no count from its index alone)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _officers(agency: Any) -> list[Any]:
    from django.contrib.auth import get_user_model

    from gongkai.web.agencies.services import membership_grant

    officers = []
    for number in range(10):
        user, _ = get_user_model().objects.get_or_create(username=f"bench-officer-{number}")
        membership_grant(user=user, agency=agency, role="officer")
        officers.append(user)
    return officers


def _median_seconds(run: Any) -> tuple[float, Any]:
    times = []
    result = None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _child(backend: str, count: int) -> None:
    url = f"sqlite:///{BENCH_DIR / 'table3.sqlite3'}" if backend == "sqlite" else POSTGRES
    if backend == "postgres" and not ensure_postgres_database(POSTGRES_DB):
        return
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    setup_django(url)
    from gongkai.core.report.model import Report
    from gongkai.core.report.rules import validate
    from gongkai.web.applications.selectors import table3_bare_counts, table3_counts

    agency = _populate(count)
    ids = [agency.pk]
    table_s, cells = _median_seconds(lambda: table3_counts(agency_ids=ids, year=YEAR))
    bare_s, bare = _median_seconds(lambda: table3_bare_counts(agency_ids=ids, year=YEAR))
    report = Report(template="2021", agency=agency.name, year=YEAR, cells=cells)
    t3_errors = [f for f in validate(report) if f.cells and all(c.startswith("t3.") for c in f.cells)]
    assert not t3_errors, t3_errors
    assert sum(n for _, _, n in bare) == cells["t3.new.total"] + cells["t3.carried_over.total"]
    summary_s, summary_bare_s, summary = _dashboard_summary(agency)
    queues_s, mine_s, mine_bare_s, counts = _queue_counts(agency)
    print(
        f"{backend:<9} cases {count:>9,}  table 三 {table_s * 1000:8.1f} ms   bare GROUP BY {bare_s * 1000:8.1f} ms"
        f"   ratio {table_s / bare_s:4.2f}×   (new {cells['t3.new.total']:,}, "
        f"carried over {cells['t3.carried_over.total']:,}, decided {cells['t3.total.total']:,}, "
        f"carried forward {cells['t3.carried_forward.total']:,})",
        flush=True,
    )
    print(
        f"{backend:<9} dashboard per-agency summary {summary_s * 1000:8.1f} ms   bare SQL {summary_bare_s * 1000:8.1f} ms"
        f"   ratio {summary_s / summary_bare_s:4.2f}×   (open {summary.open:,}, overdue {summary.overdue:,}, "
        f"answered in {YEAR} {summary.answered:,}, late {summary.answered_late:,})",
        flush=True,
    )
    print(
        f"{backend:<9} queue tabs of an officer {queues_s * 1000:8.1f} ms for {len(counts)} counts; "
        f"我承办的 {mine_s * 1000:6.1f} ms   bare COUNT {mine_bare_s * 1000:6.1f} ms   ratio {mine_s / mine_bare_s:4.2f}×"
        f"   ({', '.join(f'{name} {n:,}' for name, n in counts.items())})",
        flush=True,
    )


def _queue_counts(agency: Any) -> tuple[float, float, float, dict[str, int]]:
    """`queue_counts` for one officer, its 我承办的 count alone, and that count written bare."""
    from django.db import connection

    from gongkai.core.cases import OPEN_STATES, State
    from gongkai.web.applications.selectors import queue, queue_counts

    officer = _officers(agency)[3]
    today = dt.date(2026, 6, 30)
    seconds, counts = _median_seconds(lambda: queue_counts(officer, today=today))
    mine_seconds, mine = _median_seconds(lambda: queue(officer, "mine", today=today).count())
    mine_states = [
        *OPEN_STATES,
        State.DECIDED,
        State.SERVED,
    ]  # 我承办的: open, or answered and not yet closed
    listed = ", ".join(f"'{state.value}'" for state in mine_states)
    sql = (
        "SELECT COUNT(*) FROM applications_application "
        f"WHERE agency_id = %s AND assigned_to_id = %s AND status IN ({listed})"
    )

    def bare() -> int:
        with connection.cursor() as cursor:
            cursor.execute(sql, [agency.pk, officer.pk])
            return int(cursor.fetchone()[0])

    bare_seconds, bare_count = _median_seconds(bare)
    assert bare_count == mine == counts["mine"], (bare_count, mine, counts["mine"])
    return seconds, mine_seconds, bare_seconds, counts


def _dashboard_summary(agency: Any) -> tuple[float, float, Any]:
    """`agency_case_summaries` for a supervisor of the agency, and its two statements written bare."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from gongkai.core.cases import ANSWERED_STATES, OPEN_STATES, REPLY_CLOCK_STATES
    from gongkai.web.agencies.services import membership_grant
    from gongkai.web.applications.selectors import agency_case_summaries

    user, _ = get_user_model().objects.get_or_create(username="bench-supervisor")
    membership_grant(user=user, agency=agency, role="supervisor")
    today = dt.date(2026, 6, 30)
    seconds, rows = _median_seconds(lambda: agency_case_summaries(user, today=today, year=YEAR))
    [summary] = rows

    def listed(states: Any) -> str:
        return ", ".join(f"'{s.value}'" for s in states)

    today_sql = (
        f"SELECT COUNT(*), COUNT(*) FILTER (WHERE status IN ({listed(REPLY_CLOCK_STATES)}) AND reply_due < %s) "
        f"FROM applications_application WHERE agency_id = %s AND status IN ({listed(OPEN_STATES)})"
    )
    year_sql = (
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE outcome_on > reply_due) FROM applications_application "
        f"WHERE agency_id = %s AND outcome_on BETWEEN %s AND %s AND status IN ({listed(ANSWERED_STATES)}) "
        "AND reply_due IS NOT NULL"
    )
    first, last = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)

    def bare() -> tuple[int, ...]:
        with connection.cursor() as cursor:
            cursor.execute(today_sql, [today, agency.pk])
            open_count, overdue = cursor.fetchone()
            cursor.execute(year_sql, [agency.pk, first, last])
            answered, late = cursor.fetchone()
        return open_count, overdue, answered, late

    bare_seconds, counts = _median_seconds(bare)
    assert tuple(counts) == (summary.open, summary.overdue, summary.answered, summary.answered_late), counts
    return seconds, bare_seconds, summary


def main(argv: list[str] | None = None) -> None:
    main_per_backend(
        argv,
        module="benchmarks.web_table3",
        description=__doc__,
        size_option="cases",
        default_size=1_000_000,
        heading=lambda size: (
            f"Table 三 for {YEAR} of one agency, median of {RUNS} runs (aim: ≤ 2 s and ≤ 3× the bare GROUP BY)"
        ),
        child=_child,
    )


if __name__ == "__main__":
    main()
