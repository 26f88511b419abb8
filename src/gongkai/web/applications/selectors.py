"""Every read of applications the views use: queues, search, one case with its access, the public status
lookup, and the SQL aggregation behind table 三."""

from __future__ import annotations

import datetime as dt
import hmac
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext_noop

from gongkai.core.cases import (
    ANSWERED_STATES,
    OPEN_STATES,
    REPLY_CLOCK_STATES,
    Action,
    ApplicantReply,
    Role,
    State,
    applicant_may_withdraw,
    applicant_reply_expected,
)
from gongkai.core.errors import CalendarError
from gongkai.core.report.templates import get_template
from gongkai.core.workdays import WorkdayCalendar
from gongkai.web.agencies.models import Agency, StaffMembership
from gongkai.web.agencies.selectors import (
    Access,
    AccessLevel,
    handled_agencies,
    staffed_agencies,
    user_access,
    visible_agencies,
)
from gongkai.web.applications.deadlines import DeadlineResult, application_deadlines, timeline_deadlines
from gongkai.web.applications.models import Application, Attachment, Event, Note, Notice
from gongkai.web.applications.query_codes import normalize_case_number, query_digest
from gongkai.web.audit.models import AuditEvent
from gongkai.web.audit.selectors import audit_events_for
from gongkai.web.common.aggregates import count_each
from gongkai.web.common.clock import workday_calendar

__all__ = [
    "APPLICANT_NOTICE_ACTIONS",
    "QUEUES",
    "AgencyCaseSummary",
    "PublicStatus",
    "PublicStep",
    "ReplyDueChange",
    "Table3Counts",
    "agency_case_summaries",
    "applicant_notice",
    "applicant_notices",
    "applicant_reply_case",
    "application_by_number",
    "application_for_user",
    "applications_received_by_channel",
    "applications_search",
    "applications_visible_to",
    "attachment_for",
    "case_audit_trail",
    "fees_collected",
    "latest_proposal",
    "legacy_numbers_imported",
    "notice_for",
    "open_cases_due_after",
    "public_status_by_number_and_code",
    "queue",
    "queue_counts",
    "reply_due_changes",
    "table3_bare_counts",
    "table3_cell_applications",
    "table3_counts",
    "unrecorded_step",
    "unreferenced_files",
]

# Queue id → label; the order of the back-office tabs.
QUEUES: Mapping[str, str] = {
    "mine": gettext_noop("我承办的"),
    "to_register": gettext_noop("待登记"),
    "due_soon": gettext_noop("5个工作日内到期"),
    "overdue": gettext_noop("已超期"),
    "awaiting_applicant": gettext_noop("等待申请人"),
    "applicant_replied": gettext_noop("申请人已在线回复"),
    "awaiting_approval": gettext_noop("待审批"),
    "to_serve": gettext_noop("待送达"),
    "all": gettext_noop("全部"),
}

_ACTIONS = frozenset(a.value for a in Action)
_OPEN = [s.value for s in OPEN_STATES]
_CLOCK = [s.value for s in REPLY_CLOCK_STATES]
_ACTIVE = [*_OPEN, State.DECIDED.value, State.SERVED.value]
_ANSWERED = [s.value for s in ANSWERED_STATES]


def applications_visible_to(user: User | AnonymousUser) -> QuerySet[Application]:
    return Application.objects.filter(agency__in=visible_agencies(user))


def _soon_limit(today: dt.date) -> dt.date:
    try:
        return workday_calendar().add_workdays(today, 5)
    except CalendarError:
        # The next year's arrangement is not published yet: count calendar days generously rather than
        # hide cases from the queue (each case's own deadline is still marked provisional).
        return today + dt.timedelta(days=9)


def _queue_filters(user: User | AnonymousUser, today: dt.date) -> dict[str, Q]:
    """Queue id → the cases it lists (among those the user sees); "all" has no filter of its own."""
    return {
        "mine": Q(assigned_to=user, status__in=_ACTIVE) if isinstance(user, User) else Q(pk__in=[]),
        "to_register": Q(status=State.SUBMITTED.value),
        "due_soon": Q(status__in=_CLOCK, reply_due__gte=today, reply_due__lte=_soon_limit(today)),
        "overdue": Q(status__in=_CLOCK, reply_due__lt=today),
        "awaiting_applicant": Q(status__in=[State.AWAITING_CORRECTION.value, State.AWAITING_FEE.value]),
        "applicant_replied": Q(_applicant_step_unrecorded(), status__in=_OPEN),
        "awaiting_approval": Q(status__in=[State.EXTENSION_PENDING.value, State.DECISION_PENDING.value]),
        "to_serve": Q(status=State.DECIDED.value),
    }


_QUEUE_ORDER: Mapping[str, tuple[str, ...]] = {
    "mine": ("reply_due", "id"),
    "to_register": ("submitted_at",),
    "due_soon": ("reply_due",),
    "overdue": ("reply_due",),
    "awaiting_applicant": ("applicant_due",),
    "applicant_replied": ("reply_due", "id"),
    "awaiting_approval": ("reply_due",),
    "to_serve": ("outcome_on",),
}


def queue(user: User | AnonymousUser, name: str, *, today: dt.date) -> QuerySet[Application]:
    """The cases of one queue; an unknown name is the whole list ("all"), newest first."""
    base = applications_visible_to(user)
    if name not in _QUEUE_ORDER:
        return base.order_by("-submitted_at", "-id")
    return base.filter(_queue_filters(user, today)[name]).order_by(*_QUEUE_ORDER[name])


# What the applicant sends online (a correction or reasons, a withdrawal) and the officer still has to act on.
APPLICANT_STEPS = ("applicant_reply", "withdrawal_request")


def _applicant_step_unrecorded() -> Exists:
    """The case's applicant sent something online after the last action entered on the case (the same rule as
    `unrecorded_step`, in SQL)."""
    # Nested in the Exists below, so the case is two levels out.
    last_action = Event.objects.filter(application=OuterRef(OuterRef("pk")), action__in=_ACTIONS).order_by(
        "-at", "-id"
    )
    return Exists(
        Event.objects.filter(
            application=OuterRef("pk"),
            action__in=APPLICANT_STEPS,
            at__gt=Subquery(last_action.values("at")[:1]),
        )
    )


def queue_counts(user: User | AnonymousUser, *, today: dt.date) -> dict[str, int]:
    """The number of cases in each queue (but "all"): a COUNT each (`count_each` says why)."""
    return count_each(applications_visible_to(user), _queue_filters(user, today))


@dataclass(frozen=True)
class AgencyCaseSummary:
    """One agency's handling at a glance: what is open and overdue today, and the year's answers on time."""

    agency_id: int
    agency_name: str
    open: int
    overdue: int
    answered: int
    answered_late: int

    @property
    def on_time_percent(self) -> float | None:
        """答复及时率: the share of the year's answers given by their reply deadline (None: no answer yet)."""
        if not self.answered:
            return None
        return 100 * (self.answered - self.answered_late) / self.answered


def agency_case_summaries(
    user: User | AnonymousUser, *, today: dt.date, year: int
) -> list[AgencyCaseSummary]:
    """Per agency the user sees (a supervisor: the whole subtree) that works on the platform or has open cases or
    answers in `year`, in tree order — an agency with staff and no case shows its zeros. An answer is late when given after the reply deadline stored with it; imported cases have none
    and are left out of both answer counts."""
    visible = applications_visible_to(user)
    # Two grouped queries, each narrowed in its WHERE to rows an index finds (the open cases by status; the
    # year's answers by outcome date), then the agencies' names: one statement with every count as a FILTER
    # over all cases read every row of the subtree — 5× the bare statement on SQLite in the benchmark.
    # The open cases are counted from the index (agency, status, reply_due) alone: COUNT(*) and a count of
    # reply_due (never null where it is before today), not of the id, which is in no index — counting ids made
    # PostgreSQL read every open row from the table (2.4× the bare statement in the benchmark).
    today_rows = (
        visible.filter(status__in=_OPEN)
        .values("agency_id")
        .annotate(
            open_count=Count("*"),
            overdue_count=Count("reply_due", filter=Q(status__in=_CLOCK, reply_due__lt=today)),
        )
        .order_by()
    )
    year_rows = (
        visible.filter(outcome_on__year=year, status__in=_ANSWERED, reply_due__isnull=False)
        .values("agency_id")
        .annotate(
            answered_count=Count("id"),
            late_count=Count("id", filter=Q(outcome_on__gt=F("reply_due"))),
        )
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {}
    for row in today_rows:
        counts.setdefault(row["agency_id"], {}).update(open=row["open_count"], overdue=row["overdue_count"])
    for answers in year_rows:
        counts.setdefault(answers["agency_id"], {}).update(
            answered=answers["answered_count"], late=answers["late_count"]
        )
    agencies = (
        Agency.objects.filter(Q(pk__in=counts) | Q(pk__in=staffed_agencies(user).values("pk")))
        .order_by("path")
        .values_list("pk", "name")
    )
    return [
        AgencyCaseSummary(
            agency_id=pk,
            agency_name=name,
            open=counts.get(pk, {}).get("open", 0),
            overdue=counts.get(pk, {}).get("overdue", 0),
            answered=counts.get(pk, {}).get("answered", 0),
            answered_late=counts.get(pk, {}).get("late", 0),
        )
        for pk, name in agencies
    ]


def applications_search(
    applications: QuerySet[Application],
    *,
    user: User | AnonymousUser,
    text: str = "",
    status: str = "",
    applicant_kind: str = "",
    year: int | None = None,
    agency_id: int | None = None,
    channel: str = "",
    answer: str = "",
) -> QuerySet[Application]:
    """Filter a queue. The applicant's name is searched only in agencies whose personal data the user sees."""
    if text.strip():
        words = text.strip()
        condition = (
            Q(number__icontains=words) | Q(legacy_number__icontains=words) | Q(description__icontains=words)
        )
        condition |= Q(applicant__name__icontains=words, agency__in=handled_agencies(user))
        applications = applications.filter(condition)
    if status:
        applications = applications.filter(status=status)
    if applicant_kind:
        applications = applications.filter(applicant_kind=applicant_kind)
    if year:
        applications = applications.filter(
            Q(received_on__year=year) | Q(received_on__isnull=True, arrived_on__year=year)
        )
    if agency_id:
        applications = applications.filter(agency_id=agency_id)
    if channel:
        applications = applications.filter(channel=channel)
    if answer:
        applications = applications.filter(answer=answer)
    return applications.select_related("agency", "assigned_to")


@dataclass(frozen=True)
class CaseView:
    application: Application
    access: Access
    events: list[Event]
    notes: list[Note]
    attachments: list[Attachment]
    notices: list[Notice]
    history: list[str]

    @property
    def reads_audit_trail(self) -> bool:
        """Who looked at and changed the case is for those who answer for its handling: the agency's head
        and administrator, and the supervising offices (not the officers handling it)."""
        return self.access.level is AccessLevel.SUPERVISOR or bool(
            self.access.roles & {Role.APPROVER, Role.ADMIN}
        )

    @property
    def unrecorded_reply(self) -> Event | None:
        """The applicant's latest online correction or reasons, while the officer has not acted on the case
        since (the page asks the officer to check it and record it)."""
        return unrecorded_step(self.events, "applicant_reply")

    @property
    def unrecorded_withdrawal(self) -> Event | None:
        """The applicant's withdrawal sent online, while the officer has not acted on the case since."""
        return unrecorded_step(self.events, "withdrawal_request")


def _entered(event: Event) -> tuple[dt.datetime, int]:
    return event.at, event.pk


def unrecorded_step(events: Iterable[Event], action: str) -> Event | None:
    """The latest step `action` (an applicant's online reply or withdrawal) with no state-machine action entered
    after it: what the officer still has to act on."""
    pending: Event | None = None
    for event in sorted(events, key=_entered):  # as entered: an action may carry an earlier date
        if event.action == action:
            pending = event
        elif event.action in _ACTIONS:
            pending = None
    return pending


def application_for_user(user: User | AnonymousUser, pk: int) -> CaseView | None:
    """The case with everything its page shows, or None when the user may not know it exists."""
    application = Application.objects.select_related("agency", "assigned_to").filter(pk=pk).first()
    if application is None:
        return None
    access = user_access(user, application.agency)
    if not access.can_see:
        return None
    events = list(application.events.select_related("actor").order_by("on", "at", "id"))
    return CaseView(
        application=application,
        access=access,
        events=events,
        notes=list(application.notes.select_related("author")) if access.sees_personal_data else [],
        attachments=list(application.attachments.all()),
        notices=list(application.notices.all()),
        history=[e.action for e in events if e.action in _ACTIONS],
    )


def case_audit_trail(application: Application) -> QuerySet[AuditEvent]:
    """Every view of and change to the case recorded in the audit log, newest first."""
    return audit_events_for(application).order_by("-at", "-id")


def attachment_for(user: User | AnonymousUser, application_pk: int, pk: int) -> Attachment | None:
    """A file of a case, only for staff of the handling agency (files hold personal data)."""
    attachment = (
        Attachment.objects.select_related("application__agency")
        .filter(pk=pk, application_id=application_pk)
        .first()
    )
    if attachment is None or not user_access(user, attachment.application.agency).sees_personal_data:
        return None
    return attachment


def notice_for(user: User | AnonymousUser, application_pk: int, pk: int) -> Notice | None:
    notice = (
        Notice.objects.select_related("application__agency", "agency")
        .filter(pk=pk, application_id=application_pk)
        .first()
    )
    if notice is None or not user_access(user, notice.application.agency).sees_personal_data:
        return None
    return notice


# The steps that send the applicant a written notice (the 决定公开告知书 goes to a third party, not to them).
APPLICANT_NOTICE_ACTIONS = frozenset(
    {
        Action.REQUEST_CORRECTION.value,
        Action.APPROVE_EXTENSION.value,
        Action.NOTIFY_FEE.value,
        Action.ASK_REASONS.value,
        Action.SET_REPLY_DATE.value,
        Action.APPROVE_DECISION.value,
    }
)


def applicant_notices(number: str) -> list[Notice]:
    """The notices sent to the applicant of the case `number`, oldest first (for the applicant's own download
    page, reached only through a successful status lookup)."""
    return list(
        Notice.objects.select_related("application__agency")
        .filter(application__number=number)
        .exclude(kind=Notice.Kind.THIRD_PARTY)
        .order_by("issued_on", "seq")
    )


def applicant_notice(number: str, pk: int) -> Notice | None:
    return (
        Notice.objects.select_related("application__agency")
        .filter(application__number=number, pk=pk)
        .exclude(kind=Notice.Kind.THIRD_PARTY)
        .first()
    )


def user_roles_for_agency(user: User | AnonymousUser, agency: Agency) -> frozenset[Role]:
    return user_access(user, agency).roles


def officers_of(agency: Agency) -> list[tuple[str, str]]:
    """(user id, display name) of the agency's case officers, for the assignment menu."""
    memberships = StaffMembership.objects.filter(
        agency=agency, role=Role.OFFICER.value, active=True
    ).select_related("user")
    return [(str(m.user.pk), m.user.get_full_name() or m.user.get_username()) for m in memberships]


def staff_user(pk: int) -> User:
    user: User = get_user_model().objects.get(pk=pk)
    return user


def application_deadlines_for(application: Application) -> DeadlineResult:
    return application_deadlines(application, events=list(application.events.all()))


@dataclass(frozen=True)
class ReplyDueChange:
    """An open case whose reply deadline another calendar would move (or settle: no longer provisional)."""

    number: str
    agency_name: str
    before: dt.date | None
    before_provisional: bool
    after: dt.date | None
    after_provisional: bool


def reply_due_changes(calendar: WorkdayCalendar) -> list[ReplyDueChange]:
    """What loading `calendar` would do to the stored reply deadlines of every open case (nothing is saved;
    `services.deadlines_recalculate_open` does it, with an audit event per case)."""
    changes: list[ReplyDueChange] = []
    open_cases = (
        Application.objects.filter(status__in=[s.value for s in OPEN_STATES])
        .select_related("agency")
        .prefetch_related("events")
        .order_by("received_on", "number")
    )
    for application in open_cases:
        result = application_deadlines(application, events=list(application.events.all()), calendar=calendar)
        if result.error is not None:
            continue  # the stored dates stay as they are (see services._refresh_deadlines)
        after = (result.reply_due, result.reply_due_provisional)
        if after != (application.reply_due, application.reply_due_provisional):
            changes.append(
                ReplyDueChange(
                    application.number,
                    application.agency.name,
                    application.reply_due,
                    application.reply_due_provisional,
                    *after,
                )
            )
    return changes


def open_cases_due_after(day: dt.date, user: User | AnonymousUser | None = None) -> int:
    """Open cases (of the agencies `user` sees; all without a user) whose provisional reply deadline falls after
    `day` — after the last year the calendar holds, a deadline counted on weekdays only. A date the agency set
    itself (Art. 35) is not counted: it is not a count of working days, and loading the year will not move it."""
    cases = Application.objects.all() if user is None else applications_visible_to(user)
    return cases.filter(
        status__in=[s.value for s in OPEN_STATES], reply_due__gt=day, reply_due_provisional=True
    ).count()


@dataclass(frozen=True)
class PublicStep:
    """One step of the timeline as the clock and the public page read it (no actor, no personal data)."""

    action: str
    on: dt.date
    days: int | None
    note: str
    data: Mapping[str, Any]
    public: bool


@dataclass(frozen=True)
class PublicStatus:
    """Everything the public status page shows of a case, and nothing else: no names, numbers or notes."""

    number: str
    agency_name: str
    status: str
    received_on: dt.date | None
    outcome_on: dt.date | None
    answer: str
    events: list[PublicStep]
    deadlines: DeadlineResult
    # What the applicant may send online now (a correction, reasons), if anything.
    reply_expected: ApplicantReply | None = None
    may_withdraw: bool = False
    # The applicant asked online to withdraw and the officer has not acted since: nothing more to send.
    withdrawal_requested: bool = False


@cache
def _public_sql() -> tuple[str, str]:
    """The status lookup's two queries, written out: on the busiest public page Django's query building cost
    more than the queries themselves (~1.5 ms of a ~5 ms request). Plain SQL, the same on SQLite and PostgreSQL."""
    q = connection.ops.quote_name
    case, agency, event = (q(m._meta.db_table) for m in (Application, Agency, Event))
    case_sql = (
        f"SELECT c.{q('id')}, c.{q('query_digest')}, a.{q('name')}, c.{q('status')}, c.{q('received_on')}, "
        f"c.{q('outcome_on')}, c.{q('answer')}, c.{q('correction_due')} "
        f"FROM {case} c INNER JOIN {agency} a ON a.{q('id')} = c.{q('agency_id')} WHERE c.{q('number')} = %s"
    )
    events_sql = (
        f"SELECT {q('action')}, {q('on')}, {q('days')}, {q('note')}, {q('data')}, {q('public')} FROM {event} "
        f"WHERE {q('application_id')} = %s ORDER BY {q('on')}, {q('at')}, {q('id')}"
    )
    return case_sql, events_sql


def _day(value: dt.date | str | None) -> dt.date | None:
    """A DATE column as read by the driver: a date (PostgreSQL) or ISO text (SQLite)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def public_status_by_number_and_code(
    number: str, code: str, *, today: dt.date | None = None
) -> PublicStatus | None:
    """The public status lookup: the case's public columns, only when the number and its query code match (a
    wrong code looks exactly like an unknown number), then its timeline — two indexed queries. `today`: a pause
    still open is counted up to it."""
    number = normalize_case_number(number)
    expected = query_digest(number, code)
    case_sql, events_sql = _public_sql()
    with connection.cursor() as cursor:
        cursor.execute(case_sql, [number])
        found = cursor.fetchone()
        if found is None:
            hmac.compare_digest(
                expected, expected
            )  # same work either way: no timing hint that a number exists
            return None
        pk, digest, agency_name, status, received_on, outcome_on, answer, correction_due = found
        if not hmac.compare_digest(digest, expected):
            return None
        cursor.execute(events_sql, [pk])
        steps = [
            PublicStep(
                action=action,
                on=dt.date.fromisoformat(on) if isinstance(on, str) else on,
                days=days,
                note=note,
                data=json.loads(data) if isinstance(data, str) else data,
                public=bool(public),
            )
            for action, on, days, note, data, public in cursor.fetchall()
        ]
    received, answered = _day(received_on), _day(outcome_on)
    deadlines = timeline_deadlines(
        status=status,
        received_on=received,
        correction_due=_day(correction_due),
        events=steps,
        outcome_on=answered,
        as_of=today,
    )
    withdrawing = _withdrawal_pending(steps)
    return PublicStatus(
        number=number,
        agency_name=agency_name,
        status=status,
        received_on=received,
        outcome_on=answered,
        answer=answer,
        events=[step for step in steps if step.public],
        deadlines=deadlines,
        reply_expected=None
        if withdrawing
        else applicant_reply_expected(status, [s.action for s in steps if s.action in _ACTIONS]),
        may_withdraw=applicant_may_withdraw(status) and not withdrawing,
        withdrawal_requested=withdrawing,
    )


def _withdrawal_pending(steps: Sequence[PublicStep]) -> bool:
    pending = False
    for step in steps:
        if step.action == "withdrawal_request":
            pending = True
        elif step.action in _ACTIONS:
            pending = False
    return pending


def application_by_number(number: str) -> Application | None:
    return Application.objects.select_related("agency").filter(number=number).first()


def applicant_reply_case(number: str) -> tuple[Application, ApplicantReply | None] | None:
    """The case `number` and the reply its applicant may send online now (for the portal's reply page, reached
    only through a successful status lookup)."""
    application = application_by_number(number)
    if application is None:
        return None
    if unrecorded_step(application.events.all(), "withdrawal_request") is not None:
        return application, None  # withdrawing: no correction or reasons are awaited any more
    actions = application.events.order_by("on", "at", "id").values_list("action", flat=True)
    return application, applicant_reply_expected(application.status, [a for a in actions if a in _ACTIONS])


def public_events(application: Application) -> list[Event]:
    return list(application.events.filter(public=True).order_by("on", "at", "id"))


def user_roles_for(user: User | AnonymousUser, application: Application) -> frozenset[Role]:
    return user_access(user, application.agency).roles


# --- table 三 -----------------------------------------------------------------------------------------------

Table3Counts = dict[str, int]


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _in_year(agency_ids: Iterable[int], year: int) -> QuerySet[Application]:
    """Every case that counts in `year`: received by 31 December and not decided before 1 January."""
    first, last = _year_bounds(year)
    return Application.objects.filter(
        agency_id__in=list(agency_ids), received_on__isnull=False, received_on__lte=last
    ).filter(Q(outcome_on__isnull=True) | Q(outcome_on__gte=first))


def table3_counts(*, agency_ids: Iterable[int], year: int, template: str = "2021") -> Table3Counts:
    """The 175 cells of table 三 in one aggregate query (one row per applicant kind).

    new = received in the year; carried_over = received earlier, still undecided on 1 January; each outcome
    row = decided in the year with that row; carried_forward = still undecided on 31 December. As every
    counted case is either decided in the year or not, new + carried_over = total + carried_forward holds
    for every column by construction, and total is the sum of the outcome rows.
    """
    spec = get_template(template)
    first, last = _year_bounds(year)
    rows = spec.outcome_rows
    decided = Q(outcome_on__isnull=False, outcome_on__lte=last)
    aggregates = {
        "new": Count("id", filter=Q(received_on__gte=first)),
        "carried_over": Count("id", filter=Q(received_on__lt=first)),
        "carried_forward": Count("id", filter=Q(outcome_on__isnull=True) | Q(outcome_on__gt=last)),
        **{f"row_{row}": Count("id", filter=decided & Q(outcome_row=row)) for row in rows},
    }
    grouped = _in_year(agency_ids, year).values("applicant_kind").annotate(**aggregates).order_by()
    columns = [c.id for c in spec.table("t3").blocks[0].columns if c.id != "total"]
    cells: Table3Counts = {}
    all_rows = ["new", "carried_over", *rows, "total", "carried_forward"]
    for row in all_rows:
        for column in [*columns, "total"]:
            cells[f"t3.{row}.{column}"] = 0
    for group in grouped:
        counts: dict[str, Any] = dict(group)
        column = counts["applicant_kind"]
        for row in ("new", "carried_over", "carried_forward"):
            cells[f"t3.{row}.{column}"] = counts[row]
        for row in rows:
            cells[f"t3.{row}.{column}"] = counts[f"row_{row}"]
        cells[f"t3.total.{column}"] = sum(counts[f"row_{row}"] for row in rows)
    for row in all_rows:
        cells[f"t3.{row}.total"] = sum(cells[f"t3.{row}.{column}"] for column in columns)
    return cells


def table3_bare_counts(*, agency_ids: Iterable[int], year: int) -> list[tuple[str, str, int]]:
    """The bare GROUP BY the table rests on (kind × outcome row of the year's cases) — the benchmark baseline."""
    rows = (
        _in_year(agency_ids, year)
        .values_list("applicant_kind", "outcome_row")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(kind, row, n) for kind, row, n in rows]


def table3_cell_applications(
    *, agency_ids: Iterable[int], year: int, row: str, column: str, template: str = "2021"
) -> QuerySet[Application]:
    """The cases behind one cell (the drill-down): the same conditions as `table3_counts`."""
    spec = get_template(template)
    first, last = _year_bounds(year)
    cases = _in_year(agency_ids, year)
    if column != "total":
        cases = cases.filter(applicant_kind=column)
    if row == "new":
        cases = cases.filter(received_on__gte=first)
    elif row == "carried_over":
        cases = cases.filter(received_on__lt=first)
    elif row == "carried_forward":
        cases = cases.filter(Q(outcome_on__isnull=True) | Q(outcome_on__gt=last))
    elif row == "total":
        cases = cases.filter(outcome_on__isnull=False, outcome_on__lte=last)
    elif row in spec.outcome_rows:
        cases = cases.filter(outcome_on__isnull=False, outcome_on__lte=last, outcome_row=row)
    else:
        return Application.objects.none()
    return cases.select_related("agency").order_by("received_on", "id")


def agency_ids_for_report(agency: Agency) -> list[int]:
    """Table 三 of an agency counts its own cases (a government's aggregate report is issue 5's)."""
    return [agency.pk]


# --- facts for the annual report's sections 一 and 六 (read by gongkai.web.facts) ----------------------------


def applications_received_by_channel(*, agency_ids: Iterable[int], year: int) -> dict[str, int]:
    """Applications received (Art. 31 receipt date) in the year, per channel."""
    first, last = _year_bounds(year)
    rows = (
        Application.objects.filter(
            agency_id__in=list(agency_ids), received_on__gte=first, received_on__lte=last
        )
        .values_list("channel")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


def fees_collected(*, agency_ids: Iterable[int], year: int) -> Decimal:
    """信息处理费 collected in the year (元): the fee of every case whose payment was recorded that year."""
    first, last = _year_bounds(year)
    total = Application.objects.filter(
        agency_id__in=list(agency_ids),
        events__action=Action.RECORD_PAYMENT.value,
        events__on__gte=first,
        events__on__lte=last,
    ).aggregate(total=Sum("fee_amount"))["total"]
    return Decimal(total) if total is not None else Decimal(0)


# The storage folders whose files belong to rows of this app (attachments; notices' DOCX and PDF).
CASE_FILE_FOLDERS = ("applications", "notices")


def unreferenced_files(*, older_than: dt.datetime) -> list[str]:
    """Files in the case folders of the storage that no attachment or notice names and that were last changed
    before `older_than` (a younger one may belong to an action still running). Left by a process killed between
    storing a file and committing its row, or by an earlier version that did not remove the files of a failed
    action (`common.uploads.files_removed_on_failure`)."""
    storage = Attachment._meta.get_field("file").storage
    named = set(Attachment.objects.values_list("file", flat=True))
    for docx, pdf in Notice.objects.values_list("docx", "pdf"):
        named.update((docx, pdf))
    found: list[str] = []
    folders = [folder for folder in CASE_FILE_FOLDERS if storage.exists(folder)]
    while folders:
        folder = folders.pop()
        subfolders, files = storage.listdir(folder)
        folders.extend(f"{folder}/{name}" for name in subfolders)
        for name in files:
            path = f"{folder}/{name}"
            if path not in named and storage.get_modified_time(path) < older_than:
                found.append(path)
    return sorted(found)


def latest_proposal(application: Application) -> int | None:
    """The id of the case's last proposed answer (the step an approval form carries)."""
    found: int | None = (
        application.events.filter(action=Action.PROPOSE_DECISION.value)
        .order_by("-on", "-at", "-id")
        .values_list("pk", flat=True)
        .first()
    )
    return found


def legacy_numbers_imported(agency: Agency, numbers: Iterable[str]) -> dict[str, str]:
    """Of these 原编号 (a ledger's own case numbers), those already imported for the agency → the case's number."""
    wanted = [n for n in numbers if n]
    found = Application.objects.filter(agency=agency, legacy_number__in=wanted).values_list(
        "legacy_number", "number"
    )
    return dict(found)
