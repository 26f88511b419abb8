"""The annual report's life per agency and year, as data: version statuses, the actions and who may take them,
the publication deadline, the status a supervisor sees and the reminder before the deadline.

    (no report) ──create──▶ draft ──check──▶ checked ──approve──▶ approved ──publish──▶ published
                     ▲  refresh, edit  │  edit (content changed)   │                             │
                     └─────────────────┴───── return ◀─────────────┘                             │
    published ──correct──▶ a new version (draft … published); the earlier one becomes superseded ◀┘
    (no report) ──import──▶ published: a report the agency published before it used the platform, read from
                            its file (so that the next year's report is checked against it)

A report is a sequence of versions. Only the newest version is worked on; a published version is never changed:
a correction is a new version, taken through the same steps, and when it is published the earlier published one
becomes `superseded` and stays visible. An unpublished correction may be discarded.

Deadlines (Art. 49): an agency publishes its report for a year by 31 January of the next year; a people's
government publishes its own report (which sums its departments' work) by 31 March. A report not published by
then is `late`. Time is always passed in (`today`): nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from gongkai.core.cases import Role
from gongkai.core.errors import ReportWorkflowError
from gongkai.core.report.model import Finding, Severity, year_problem
from gongkai.core.report.templates import TEMPLATE_2021

__all__ = [
    "ACTION_LABELS",
    "FIRST_DRAFT_YEAR",
    "STATUS_LABELS",
    "TRANSITIONS",
    "VERSION_LABELS",
    "Reminder",
    "ReminderLevel",
    "ReportAction",
    "ReportStatus",
    "ReportTransition",
    "StatusView",
    "VersionStatus",
    "blocking_findings",
    "check_transition",
    "next_actions",
    "publication_date_problem",
    "publication_deadline",
    "reminder",
    "report_status",
    "year_due",
    "year_refusal",
]


class VersionStatus(StrEnum):
    """The stored status of one version of a report."""

    DRAFT = "draft"
    CHECKED = "checked"
    APPROVED = "approved"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"


class ReportStatus(StrEnum):
    """What a supervisor sees for an agency and year."""

    NOT_STARTED = "not_started"
    DRAFT = "draft"
    CHECKED = "checked"
    APPROVED = "approved"
    PUBLISHED = "published"
    LATE = "late"
    # A year before the agency kept its reports on the platform, with no report imported for it: published
    # elsewhere (or not), which the platform cannot tell — never counted late.
    BEFORE_PLATFORM = "before_platform"


VERSION_LABELS: Mapping[VersionStatus, str] = {
    VersionStatus.DRAFT: "草稿",
    VersionStatus.CHECKED: "已校验",
    VersionStatus.APPROVED: "已审批",
    VersionStatus.PUBLISHED: "已发布",
    VersionStatus.SUPERSEDED: "已被更正版本替代",
}

STATUS_LABELS: Mapping[ReportStatus, str] = {
    ReportStatus.NOT_STARTED: "未开始",
    ReportStatus.DRAFT: "草稿",
    ReportStatus.CHECKED: "已校验",
    ReportStatus.APPROVED: "已审批",
    ReportStatus.PUBLISHED: "已发布",
    ReportStatus.LATE: "逾期未发布",
    ReportStatus.BEFORE_PLATFORM: "平台启用前（未导入）",
}


class ReportAction(StrEnum):
    CREATE = "create"
    REFRESH = "refresh"
    EDIT = "edit"
    CHECK = "check"
    APPROVE = "approve"
    RETURN = "return"
    PUBLISH = "publish"
    CORRECT = "correct"
    DISCARD = "discard"
    IMPORT = "import"


@dataclass(frozen=True)
class ReportTransition:
    """An action on the newest version: from which statuses (None = the report has no version yet), to which
    status, and who may take it. `correction_only`: allowed only while an earlier version is published."""

    action: ReportAction
    label: str
    sources: frozenset[VersionStatus | None]
    target: VersionStatus | None
    roles: frozenset[Role]
    correction_only: bool = False
    # True when the action makes a new version rather than changing the newest one.
    new_version: bool = False


_OFFICER = frozenset({Role.OFFICER})
_APPROVER = frozenset({Role.APPROVER})
_WORKING = frozenset({VersionStatus.DRAFT, VersionStatus.CHECKED, VersionStatus.APPROVED})

TRANSITIONS: Mapping[ReportAction, ReportTransition] = {
    t.action: t
    for t in (
        ReportTransition(ReportAction.CREATE, "由办理记录生成草稿", frozenset({None}), VersionStatus.DRAFT, _OFFICER,
                         new_version=True),
        ReportTransition(ReportAction.REFRESH, "按最新记录重新生成表格", frozenset({VersionStatus.DRAFT}),
                         VersionStatus.DRAFT, _OFFICER),
        ReportTransition(ReportAction.EDIT, "修改草稿", frozenset({VersionStatus.DRAFT, VersionStatus.CHECKED}),
                         VersionStatus.DRAFT, _OFFICER),
        ReportTransition(ReportAction.CHECK, "校验", frozenset({VersionStatus.DRAFT}), VersionStatus.CHECKED,
                         _OFFICER),
        ReportTransition(ReportAction.APPROVE, "审批同意", frozenset({VersionStatus.CHECKED}),
                         VersionStatus.APPROVED, _APPROVER),
        ReportTransition(ReportAction.RETURN, "退回修改", frozenset({VersionStatus.CHECKED, VersionStatus.APPROVED}),
                         VersionStatus.DRAFT, _APPROVER),
        ReportTransition(ReportAction.PUBLISH, "发布", frozenset({VersionStatus.APPROVED}), VersionStatus.PUBLISHED,
                         _APPROVER),
        ReportTransition(ReportAction.CORRECT, "更正（形成新版本）", frozenset({VersionStatus.PUBLISHED}),
                         VersionStatus.DRAFT, _OFFICER, new_version=True),
        ReportTransition(ReportAction.DISCARD, "放弃本次更正", _WORKING, None, _OFFICER, correction_only=True),
        ReportTransition(ReportAction.IMPORT, "导入已发布的报告", frozenset({None}), VersionStatus.PUBLISHED,
                         _APPROVER, new_version=True),
    )
}  # fmt: skip

ACTION_LABELS: Mapping[ReportAction, str] = {a: t.label for a, t in TRANSITIONS.items()}

_ROLE_NAMES = {
    Role.OFFICER: "承办人",
    Role.APPROVER: "负责人",
    Role.ADMIN: "机关管理员",
    Role.SUPERVISOR: "监督人员",
}


def _status_name(status: VersionStatus | None) -> str:
    return "尚未生成" if status is None else VERSION_LABELS[status]


def check_transition(
    status: VersionStatus | None, action: ReportAction, *, roles: Iterable[Role], has_published: bool
) -> ReportTransition:
    """The transition if `action` is allowed on a newest version in `status` for someone with `roles`;
    otherwise ReportWorkflowError with a Chinese message saying why."""
    step = TRANSITIONS[ReportAction(action)]
    if status not in step.sources:
        raise ReportWorkflowError(
            f"年度报告当前为“{_status_name(status)}”，不能“{step.label}”。",
            action=step.action.value,
            status=None if status is None else status.value,
        )
    if step.correction_only and not has_published:
        raise ReportWorkflowError(
            f"只有更正中的新版本可以“{step.label}”；尚未发布过的报告请继续修改。", action=step.action.value
        )
    if not step.roles & frozenset(roles):
        needed = "、".join(_ROLE_NAMES[r] for r in sorted(step.roles))
        raise ReportWorkflowError(f"“{step.label}”须由{needed}办理。", action=step.action.value)
    return step


def next_actions(
    status: VersionStatus | None,
    *,
    roles: Iterable[Role],
    has_published: bool,
    year: int | None = None,
    today: dt.date | None = None,
) -> tuple[ReportTransition, ...]:
    """The actions the user may take now, in workflow order (the only buttons the office shows). Given the
    report's `year` and `today`, an action the year rules out (`year_refusal`) is not offered."""
    allowed: list[ReportTransition] = []
    roles = frozenset(roles)
    for step in TRANSITIONS.values():
        if status not in step.sources or not step.roles & roles:
            continue
        if step.correction_only and not has_published:
            continue
        if year is not None and today is not None and year_refusal(step.action, year, today=today):
            continue
        allowed.append(step)
    return tuple(allowed)


# The 2021 format is used from the 2021 reports on. The 2019 and 2020 reports used the 2019 trial format, which
# the records do not fill in (its table 二 asks other figures): those years can only be imported.
FIRST_DRAFT_YEAR = int(TEMPLATE_2021.id)


def year_refusal(action: ReportAction, year: int, *, today: dt.date) -> str | None:
    """Why `action` cannot be taken on the report for `year` on `today` (Chinese), or None. Drafting from the
    records needs a year that has ended, in the 2021 format; importing a published report needs a year a
    report can have been published for (`model.year_problem`)."""
    if action is ReportAction.CREATE:
        if year >= today.year:
            return f"{year}年尚未结束，年度报告须在年度结束后编制。"
        if year < FIRST_DRAFT_YEAR:
            return (
                f"{year}年度报告采用2019年试行格式，不能由办理记录生成；"
                "请使用“导入已发布的报告”导入当年发布的报告。"
            )
    if action is ReportAction.IMPORT:
        return year_problem(year, today=today)
    return None


def publication_date_problem(year: int, published_on: dt.date, *, today: dt.date) -> str | None:
    """Why `published_on` cannot be the day the report for `year` was published (Chinese), or None: after the
    year ended, and not after today."""
    if dt.date(year + 1, 1, 1) <= published_on <= today:
        return None
    return (
        f"发布日期应在{year + 1}年1月1日（年度结束后）至今天（{today.isoformat()}）之间，"
        f"而不是{published_on.isoformat()}。"
    )


def blocking_findings(findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """The findings that keep a draft from being marked checked: every error (warnings and notes do not)."""
    return tuple(f for f in findings if f.severity is Severity.ERROR)


# --- deadlines and status ---------------------------------------------------------------------------------


def publication_deadline(year: int, *, government: bool = False) -> dt.date:
    """The last day to publish the report for `year` (Art. 49): 31 January of the next year, or 31 March for a
    people's government's own report."""
    return dt.date(year + 1, 3, 31) if government else dt.date(year + 1, 1, 31)


def year_due(today: dt.date) -> int:
    """The report year whose publication is due next: last year's (its deadline falls in this year)."""
    return today.year - 1


@dataclass(frozen=True)
class StatusView:
    """The status of an agency's report for a year, as a supervisor sees it on `today`.

    `stage` is how far the work has got (equal to `status` except when late: then the stage reached);
    `days_left` counts calendar days to the deadline (0 on the day, negative once past)."""

    year: int
    status: ReportStatus
    stage: ReportStatus
    deadline: dt.date
    days_left: int
    published_on: dt.date | None = None
    published_late: bool = False
    correcting: bool = False

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def label(self) -> str:
        if self.status is ReportStatus.LATE:
            return f"{STATUS_LABELS[ReportStatus.LATE]}（{STATUS_LABELS[self.stage]}）"
        return STATUS_LABELS[self.status]


_STAGE = {
    VersionStatus.DRAFT: ReportStatus.DRAFT,
    VersionStatus.CHECKED: ReportStatus.CHECKED,
    VersionStatus.APPROVED: ReportStatus.APPROVED,
    VersionStatus.PUBLISHED: ReportStatus.PUBLISHED,
    VersionStatus.SUPERSEDED: ReportStatus.PUBLISHED,
}


def report_status(
    *,
    year: int,
    today: dt.date,
    newest: VersionStatus | None,
    published_on: dt.date | None,
    government: bool = False,
    first_year: int | None = None,
) -> StatusView:
    """The status of the report for `year`: `newest` is the newest version's status (None: no report yet) and
    `published_on` the day a version was first published (None: never); `first_year` the first year the agency
    keeps its reports on the platform (None: every year)."""
    deadline = publication_deadline(year, government=government)
    days_left = (deadline - today).days
    correcting = published_on is not None and newest in _WORKING
    if published_on is not None:
        return StatusView(
            year, ReportStatus.PUBLISHED, ReportStatus.PUBLISHED, deadline, days_left, published_on,
            published_late=published_on > deadline, correcting=correcting,
        )  # fmt: skip
    if newest is None and first_year is not None and year < first_year:
        before = ReportStatus.BEFORE_PLATFORM
        return StatusView(year, before, before, deadline, days_left)
    stage = ReportStatus.NOT_STARTED if newest is None else _STAGE[newest]
    if stage is ReportStatus.PUBLISHED:
        raise ReportWorkflowError("已发布的报告必须有发布日期。", year=year)
    status = ReportStatus.LATE if today > deadline else stage
    return StatusView(year, status, stage, deadline, days_left)


class ReminderLevel(StrEnum):
    DUE = "due"  # inside the reminder window, deadline not passed
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Reminder:
    year: int
    level: ReminderLevel
    deadline: dt.date
    days_left: int
    message: str


def reminder(view: StatusView, *, today: dt.date, window_days: int = 30) -> Reminder | None:
    """The reminder for a report not yet published: from `window_days` before the deadline (by default from
    1 January for an agency) until it is published; None when published or too early."""
    if view.status in (ReportStatus.PUBLISHED, ReportStatus.BEFORE_PLATFORM):
        return None
    start = view.deadline - dt.timedelta(days=window_days)
    if today < start:
        return None
    stage = STATUS_LABELS[view.stage]
    deadline = f"{view.deadline.month}月{view.deadline.day}日"
    if view.days_left < 0:
        return Reminder(
            view.year, ReminderLevel.OVERDUE, view.deadline, view.days_left,
            f"{view.year}年政府信息公开工作年度报告应于{view.deadline.year}年{deadline}前发布，"
            f"已逾期{-view.days_left}天（当前：{stage}）。",
        )  # fmt: skip
    when = "今天是发布期限的最后一天" if view.days_left == 0 else f"距发布期限还有{view.days_left}天"
    return Reminder(
        view.year, ReminderLevel.DUE, view.deadline, view.days_left,
        f"{view.year}年政府信息公开工作年度报告须在{view.deadline.year}年{deadline}前发布，{when}（当前：{stage}）。",
    )  # fmt: skip
