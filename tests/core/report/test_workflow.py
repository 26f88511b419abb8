"""The annual-report workflow as data: every transition, every refusal, deadlines, statuses and reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.cases import Role
from gongkai.core.errors import ReportWorkflowError
from gongkai.core.report.model import Finding, Severity
from gongkai.core.report.workflow import (
    TRANSITIONS,
    Reminder,
    ReminderLevel,
    ReportAction,
    ReportStatus,
    VersionStatus,
    blocking_findings,
    check_transition,
    next_actions,
    publication_deadline,
    reminder,
    report_status,
    year_due,
)

OFFICER = {Role.OFFICER}
APPROVER = {Role.APPROVER}

ALLOWED = [
    (None, ReportAction.CREATE, OFFICER, False, VersionStatus.DRAFT),
    (VersionStatus.DRAFT, ReportAction.REFRESH, OFFICER, False, VersionStatus.DRAFT),
    (VersionStatus.DRAFT, ReportAction.EDIT, OFFICER, False, VersionStatus.DRAFT),
    (VersionStatus.CHECKED, ReportAction.EDIT, OFFICER, False, VersionStatus.DRAFT),
    (VersionStatus.DRAFT, ReportAction.CHECK, OFFICER, False, VersionStatus.CHECKED),
    (VersionStatus.CHECKED, ReportAction.APPROVE, APPROVER, False, VersionStatus.APPROVED),
    (VersionStatus.CHECKED, ReportAction.RETURN, APPROVER, False, VersionStatus.DRAFT),
    (VersionStatus.APPROVED, ReportAction.RETURN, APPROVER, False, VersionStatus.DRAFT),
    (VersionStatus.APPROVED, ReportAction.PUBLISH, APPROVER, False, VersionStatus.PUBLISHED),
    (VersionStatus.PUBLISHED, ReportAction.CORRECT, OFFICER, True, VersionStatus.DRAFT),
    (VersionStatus.DRAFT, ReportAction.DISCARD, OFFICER, True, None),
    (VersionStatus.CHECKED, ReportAction.DISCARD, OFFICER, True, None),
    (VersionStatus.APPROVED, ReportAction.DISCARD, OFFICER, True, None),
    (None, ReportAction.IMPORT, APPROVER, False, VersionStatus.PUBLISHED),
]


@pytest.mark.parametrize(("status", "action", "roles", "published", "target"), ALLOWED)
def test_every_allowed_transition(
    status: VersionStatus | None,
    action: ReportAction,
    roles: set[Role],
    published: bool,
    target: VersionStatus | None,
) -> None:
    step = check_transition(status, action, roles=roles, has_published=published)
    assert step.target == target
    assert step in next_actions(status, roles=roles, has_published=published)


def test_every_other_status_and_action_is_refused_in_chinese() -> None:
    allowed = {(s, a) for s, a, _r, _p, _t in ALLOWED}
    everyone = set(Role)
    for status in [None, *VersionStatus]:
        for action in ReportAction:
            if (status, action) in allowed:
                continue
            with pytest.raises(ReportWorkflowError, match="不能") as error:
                check_transition(status, action, roles=everyone, has_published=True)
            assert error.value.code == "report.workflow"


@pytest.mark.parametrize(
    ("status", "action", "roles"),
    [
        (VersionStatus.CHECKED, ReportAction.APPROVE, OFFICER),
        (VersionStatus.APPROVED, ReportAction.PUBLISH, OFFICER),
        (None, ReportAction.CREATE, APPROVER),
        (None, ReportAction.IMPORT, OFFICER),
        (VersionStatus.DRAFT, ReportAction.CHECK, {Role.SUPERVISOR}),
        (VersionStatus.DRAFT, ReportAction.EDIT, {Role.ADMIN}),
    ],
)
def test_the_wrong_role_is_refused_naming_the_right_one(
    status: VersionStatus, action: ReportAction, roles: set[Role]
) -> None:
    with pytest.raises(ReportWorkflowError, match="须由(承办人|负责人)办理"):
        check_transition(status, action, roles=roles, has_published=False)
    assert TRANSITIONS[action] not in next_actions(status, roles=roles, has_published=False)


def test_a_first_draft_cannot_be_discarded_only_a_correction() -> None:
    with pytest.raises(ReportWorkflowError, match="更正"):
        check_transition(VersionStatus.DRAFT, ReportAction.DISCARD, roles=OFFICER, has_published=False)
    actions = [t.action for t in next_actions(VersionStatus.DRAFT, roles=OFFICER, has_published=False)]
    assert actions == [ReportAction.REFRESH, ReportAction.EDIT, ReportAction.CHECK]


def test_nothing_can_be_done_to_a_superseded_version() -> None:
    assert next_actions(VersionStatus.SUPERSEDED, roles=set(Role), has_published=True) == ()


def test_only_errors_block_checking() -> None:
    findings = [
        Finding("a", Severity.ERROR, "x"),
        Finding("b", Severity.WARNING, "y"),
        Finding("c", Severity.INFO, "z"),
    ]
    assert [f.code for f in blocking_findings(findings)] == ["a"]


def test_deadlines() -> None:
    assert publication_deadline(2025) == dt.date(2026, 1, 31)
    assert publication_deadline(2025, government=True) == dt.date(2026, 3, 31)
    assert year_due(dt.date(2026, 1, 10)) == 2025
    assert year_due(dt.date(2026, 11, 20)) == 2025


def test_status_before_and_after_the_deadline() -> None:
    before = report_status(
        year=2025, today=dt.date(2026, 1, 31), newest=VersionStatus.CHECKED, published_on=None
    )
    assert (before.status, before.days_left) == (ReportStatus.CHECKED, 0)
    late = report_status(
        year=2025, today=dt.date(2026, 2, 1), newest=VersionStatus.CHECKED, published_on=None
    )
    assert (late.status, late.stage, late.days_left) == (ReportStatus.LATE, ReportStatus.CHECKED, -1)
    assert late.label == "逾期未发布（已校验）"
    never = report_status(year=2025, today=dt.date(2026, 3, 1), newest=None, published_on=None)
    assert (never.status, never.stage) == (ReportStatus.LATE, ReportStatus.NOT_STARTED)
    early = report_status(year=2025, today=dt.date(2025, 12, 1), newest=None, published_on=None)
    assert early.status is ReportStatus.NOT_STARTED
    government = report_status(
        year=2025, today=dt.date(2026, 3, 1), newest=VersionStatus.DRAFT, published_on=None, government=True
    )
    assert government.status is ReportStatus.DRAFT


def test_published_reports_say_whether_late_and_whether_a_correction_is_under_way() -> None:
    on_time = report_status(
        year=2025,
        today=dt.date(2026, 6, 1),
        newest=VersionStatus.PUBLISHED,
        published_on=dt.date(2026, 1, 20),
    )
    assert (on_time.status, on_time.published_late, on_time.correcting) == (
        ReportStatus.PUBLISHED,
        False,
        False,
    )
    late = report_status(
        year=2025, today=dt.date(2026, 6, 1), newest=VersionStatus.DRAFT, published_on=dt.date(2026, 2, 3)
    )
    assert (late.status, late.published_late, late.correcting) == (ReportStatus.PUBLISHED, True, True)


def test_a_year_before_the_agency_kept_its_reports_here_is_never_late() -> None:
    today = dt.date(2026, 11, 29)
    before = report_status(year=2024, today=today, newest=None, published_on=None, first_year=2025)
    assert (before.status, before.stage, before.label) == (
        ReportStatus.BEFORE_PLATFORM,
        ReportStatus.BEFORE_PLATFORM,
        "平台启用前（未导入）",
    )
    assert reminder(before, today=today) is None
    # The first year kept here is late like any other; a report imported for an earlier year counts as usual.
    first = report_status(year=2025, today=today, newest=None, published_on=None, first_year=2025)
    assert first.status is ReportStatus.LATE
    assert reminder(first, today=today) is not None
    imported = report_status(
        year=2024,
        today=today,
        newest=VersionStatus.PUBLISHED,
        published_on=dt.date(2025, 1, 20),
        first_year=2025,
    )
    assert imported.status is ReportStatus.PUBLISHED
    drafted = report_status(
        year=2024, today=today, newest=VersionStatus.DRAFT, published_on=None, first_year=2025
    )
    assert drafted.status is ReportStatus.LATE


def test_a_published_status_needs_its_date() -> None:
    with pytest.raises(ReportWorkflowError):
        report_status(year=2025, today=dt.date(2026, 1, 1), newest=VersionStatus.PUBLISHED, published_on=None)


def _reminder_on(day: dt.date, newest: VersionStatus | None = VersionStatus.DRAFT) -> Reminder | None:
    return reminder(report_status(year=2025, today=day, newest=newest, published_on=None), today=day)


def test_reminders_start_on_1_january_and_turn_overdue_after_31_january() -> None:
    assert _reminder_on(dt.date(2025, 12, 31)) is None
    first = _reminder_on(dt.date(2026, 1, 1))
    assert first is not None
    assert (first.level, first.days_left) == (ReminderLevel.DUE, 30)
    assert "距发布期限还有30天" in first.message
    last = _reminder_on(dt.date(2026, 1, 31), None)
    assert last is not None
    assert "最后一天" in last.message
    assert "未开始" in last.message
    overdue = _reminder_on(dt.date(2026, 2, 5))
    assert overdue is not None
    assert overdue.level is ReminderLevel.OVERDUE
    assert "已逾期5天" in overdue.message
    published = report_status(
        year=2025,
        today=dt.date(2026, 1, 10),
        newest=VersionStatus.PUBLISHED,
        published_on=dt.date(2026, 1, 9),
    )
    assert reminder(published, today=dt.date(2026, 1, 10)) is None


@given(
    year=st.integers(2019, 2040),
    offset=st.integers(-400, 400),
    newest=st.sampled_from([None, VersionStatus.DRAFT, VersionStatus.CHECKED, VersionStatus.APPROVED]),
    government=st.booleans(),
)
def test_an_unpublished_report_is_late_exactly_after_its_deadline(
    year: int, offset: int, newest: VersionStatus | None, government: bool
) -> None:
    deadline = publication_deadline(year, government=government)
    today = deadline + dt.timedelta(days=offset)
    view = report_status(year=year, today=today, newest=newest, published_on=None, government=government)
    assert (view.status is ReportStatus.LATE) == (offset > 0)
    assert view.days_left == -offset
    note = reminder(view, today=today)
    assert (note is None) == (offset < -30)
    if note is not None:
        assert (note.level is ReminderLevel.OVERDUE) == (offset > 0)


def test_the_year_rules_out_drafting_and_importing() -> None:
    from gongkai.core.report.workflow import FIRST_DRAFT_YEAR, publication_date_problem, year_refusal

    today = dt.date(2026, 11, 28)
    assert FIRST_DRAFT_YEAR == 2021
    assert year_refusal(ReportAction.CREATE, 2025, today=today) is None
    assert "2019年试行格式" in (year_refusal(ReportAction.CREATE, 2020, today=today) or "")
    assert "尚未结束" in (year_refusal(ReportAction.CREATE, 2026, today=today) or "")
    assert year_refusal(ReportAction.IMPORT, 2019, today=today) is None
    assert year_refusal(ReportAction.IMPORT, 2026, today=today) is not None
    assert year_refusal(ReportAction.IMPORT, 1990, today=today) is not None
    assert year_refusal(ReportAction.CHECK, 2026, today=today) is None
    offered = next_actions(
        None, roles={Role.OFFICER, Role.APPROVER}, has_published=False, year=2020, today=today
    )
    assert [t.action for t in offered] == [ReportAction.IMPORT]
    assert (
        next_actions(None, roles={Role.OFFICER, Role.APPROVER}, has_published=False, year=2026, today=today)
        == ()
    )
    assert publication_date_problem(2024, dt.date(2025, 1, 20), today=today) is None
    assert "而不是0001-01-01。" in (publication_date_problem(2024, dt.date(1, 1, 1), today=today) or "")
