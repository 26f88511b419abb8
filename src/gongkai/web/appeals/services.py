"""Every change to the appeals ledger, one function per action: atomic, checked against `core.appeals`, audited.
Only staff of the agency (officer, approver, admin) record its cases; nothing else assigns the outcome."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from gongkai.core.appeals import (
    DEFAULT_APPEAL_POLICY,
    KIND_LABELS,
    OUTCOME_LABELS,
    AppealKind,
    AppealPolicy,
    Outcome,
    appeal_deadline,
    check_after_reconsideration,
    check_appeal,
    check_appeal_date,
    check_extension,
)
from gongkai.core.errors import AppealError
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import user_access
from gongkai.web.appeals.models import AppealCase, AppealEvent
from gongkai.web.applications.models import Application
from gongkai.web.audit.services import audit_record
from gongkai.web.common import clock

__all__ = [
    "appeal_conclude",
    "appeal_correct_outcome",
    "appeal_extend",
    "appeal_register",
    "appeal_update",
    "appeal_view_recorded",
]

_EDITABLE = ("appellant", "body", "case_number", "subject", "accepted_on", "filed_on")


def _require_staff(by: User, agency: Agency) -> None:
    if not user_access(by, agency).sees_personal_data:
        raise AppealError("登记行政复议、行政诉讼案件须由本机关工作人员办理。", agency=agency.pk)


def _due(case: AppealCase, policy: AppealPolicy) -> dt.date:
    return appeal_deadline(
        kind=case.kind,
        filed_on=case.filed_on,
        accepted_on=case.accepted_on,
        extended=case.extended,
        policy=policy,
    ).due


def _event(case: AppealCase, action: str, *, by: User, on: dt.date, note: str = "") -> None:
    AppealEvent.objects.create(case=case, action=action, on=on, actor=by, note=note)


def _locked(case: AppealCase) -> AppealCase:
    return AppealCase.objects.select_for_update().select_related("agency").get(pk=case.pk)


def _check_unique_number(agency: Agency, kind: str, case_number: str, *, exclude: int | None = None) -> None:
    """One case per agency, kind and case number (案号): the same case registered twice would count twice in
    table 四. Cases without a number are not compared."""
    if not case_number:
        return
    same = AppealCase.objects.filter(agency=agency, kind=kind, case_number=case_number)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    existing = same.order_by("id").first()
    if existing is not None:
        raise AppealError(
            f"本机关已登记案号为“{case_number}”的{KIND_LABELS[AppealKind(kind)]}案件"
            f"（{existing.filed_on:%Y-%m-%d}提出），不能重复登记；如需修改，请打开该案件。",
            case=existing.pk,
        )


def _check_previous(
    case_kind: AppealKind, filed_on: dt.date, previous: AppealCase | None, agency: Agency
) -> None:
    """A lawsuit after reconsideration links the agency's concluded reconsideration and is filed after its
    decision; no other kind links a previous case."""
    if previous is None:
        return
    if case_kind is not AppealKind.LITIGATION_AFTER:
        raise AppealError("只有“复议后起诉”的案件关联前序复议案件。")
    if previous.agency_id != agency.pk or previous.kind != AppealKind.RECONSIDERATION.value:
        raise AppealError("前序案件须为本机关的行政复议案件。")
    check_after_reconsideration(filed_on=filed_on, reconsideration_concluded_on=previous.concluded_on)


@transaction.atomic
def appeal_register(
    *,
    agency: Agency,
    by: User,
    kind: str,
    appellant: str,
    body: str,
    filed_on: dt.date,
    on: dt.date,
    accepted_on: dt.date | None = None,
    case_number: str = "",
    subject: str = "",
    application: Application | None = None,
    previous: AppealCase | None = None,
    outcome: str = Outcome.PENDING.value,
    concluded_on: dt.date | None = None,
    outcome_summary: str = "",
    policy: AppealPolicy = DEFAULT_APPEAL_POLICY,
) -> AppealCase:
    """A reconsideration or lawsuit against the agency's decision. A case concluded before it is entered (e.g. one
    from before the platform) is registered with its outcome and date."""
    _require_staff(by, agency)
    try:
        chosen = AppealKind(kind)
    except ValueError:
        raise AppealError(f"未知的案件类型“{kind}”。", kind=kind) from None
    today = clock.today()
    check_appeal(
        kind=chosen, filed_on=filed_on, outcome=outcome, concluded_on=concluded_on, accepted_on=accepted_on,
        today=today,
    )  # fmt: skip
    check_appeal_date(on, today=today, what="登记日期")
    if not appellant.strip() or not body.strip():
        raise AppealError("请填写申请人（原告）和复议机关（人民法院）。")
    if application is not None and application.agency_id != agency.pk:
        raise AppealError(f"申请 {application.number} 不是本机关办理的申请。", application=application.number)
    if previous is not None:
        previous = AppealCase.objects.get(pk=previous.pk)
    _check_previous(chosen, filed_on, previous, agency)
    _check_unique_number(agency, chosen.value, case_number.strip())
    case = AppealCase(
        agency=agency, kind=chosen.value, appellant=appellant.strip(), body=body.strip(), filed_on=filed_on,
        accepted_on=accepted_on, case_number=case_number.strip(), subject=subject, application=application,
        previous=previous, outcome=outcome, concluded_on=concluded_on, outcome_summary=outcome_summary,
        created_by=by,
    )  # fmt: skip
    case.decision_due = _due(case, policy)
    case.full_clean()
    case.save()
    _event(case, "register", by=by, on=on)
    if outcome != Outcome.PENDING.value:
        assert concluded_on is not None
        _event(case, "conclude", by=by, on=concluded_on, note=outcome_summary)
    audit_record(
        actor=by,
        action="appeal.register",
        obj=case,
        agency=agency,
        details={
            "kind": chosen.value,
            "filed_on": filed_on.isoformat(),
            "outcome": outcome,
            "application": application.number if application else None,
        },
    )
    return case


@transaction.atomic
def appeal_update(
    *,
    case: AppealCase,
    by: User,
    on: dt.date,
    policy: AppealPolicy = DEFAULT_APPEAL_POLICY,
    **changes: Any,
) -> AppealCase:
    """Correct a pending case's details (names, case number, dates of filing and acceptance)."""
    case = _locked(case)
    _require_staff(by, case.agency)
    if not case.pending:
        raise AppealError("已审结的案件不能修改；如结果登记有误，请使用“更正审理结果”。")
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise AppealError(f"不能修改这些项目：{'、'.join(sorted(unknown))}。")
    changed = [name for name, value in changes.items() if getattr(case, name) != value]
    if not changed:
        return case
    for name in changed:
        setattr(case, name, changes[name])
    today = clock.today()
    check_appeal_date(on, today=today, what="修改日期")
    check_appeal(
        kind=case.kind,
        filed_on=case.filed_on,
        outcome=case.outcome,
        concluded_on=None,
        accepted_on=case.accepted_on,
        today=today,
    )
    case.case_number = case.case_number.strip()
    previous = AppealCase.objects.filter(pk=case.previous_id).first() if case.previous_id else None
    _check_previous(AppealKind(case.kind), case.filed_on, previous, case.agency)
    _check_unique_number(case.agency, case.kind, case.case_number, exclude=case.pk)
    case.decision_due = _due(case, policy)
    case.full_clean()
    case.save(update_fields=[*changed, "decision_due", "updated_at"])
    _event(case, "update", by=by, on=on, note="、".join(changed))
    audit_record(
        actor=by, action="appeal.update", obj=case, agency=case.agency, details={"fields": sorted(changed)}
    )
    return case


@transaction.atomic
def appeal_extend(
    *,
    case: AppealCase,
    by: User,
    on: dt.date,
    note: str,
    policy: AppealPolicy = DEFAULT_APPEAL_POLICY,
) -> AppealCase:
    """The reconsideration body extended its period (once, by at most 30 days)."""
    case = _locked(case)
    _require_staff(by, case.agency)
    if case.kind != AppealKind.RECONSIDERATION.value:
        raise AppealError("只有行政复议案件登记延长审理期限。")
    if not case.pending:
        raise AppealError("案件已审结，不能延长审理期限。")
    if case.extended:
        raise AppealError("该复议案件已经延长过一次审理期限，不能再次延长。")
    check_extension(on=on, filed_on=case.filed_on, accepted_on=case.accepted_on, today=clock.today())
    if on > (case.decision_due or on):
        raise AppealError(
            f"延长须在审理期限（{case.decision_due:%Y-%m-%d}）届满前决定，登记日期{on:%Y-%m-%d}已过期限。"
        )
    if not note.strip():
        raise AppealError("请写明延长的理由或复议机关的通知文号。")
    case.extended = True
    case.decision_due = _due(case, policy)
    case.save(update_fields=["extended", "decision_due", "updated_at"])
    _event(case, "extend", by=by, on=on, note=note)
    audit_record(
        actor=by,
        action="appeal.extend",
        obj=case,
        agency=case.agency,
        details={
            "on": on.isoformat(),
            "decision_due": case.decision_due.isoformat() if case.decision_due else None,
        },
    )
    return case


@transaction.atomic
def appeal_conclude(
    *, case: AppealCase, by: User, outcome: str, concluded_on: dt.date, summary: str = ""
) -> AppealCase:
    """Record the decision or judgment: 维持, 纠正 or 其他, and its date."""
    case = _locked(case)
    _require_staff(by, case.agency)
    if not case.pending:
        label = OUTCOME_LABELS[Outcome(case.outcome)]
        raise AppealError(
            f"该案件已于{case.concluded_on:%Y-%m-%d}审结（{label}），不能重复登记结果。", case=case.pk
        )
    if outcome == Outcome.PENDING.value:
        raise AppealError("请选择审理结果：结果维持、结果纠正或其他结果。")
    check_appeal(
        kind=case.kind,
        filed_on=case.filed_on,
        outcome=outcome,
        concluded_on=concluded_on,
        accepted_on=case.accepted_on,
        today=clock.today(),
    )
    case.outcome, case.concluded_on, case.outcome_summary = outcome, concluded_on, summary
    case.save(update_fields=["outcome", "concluded_on", "outcome_summary", "updated_at"])
    _event(case, "conclude", by=by, on=concluded_on, note=summary)
    audit_record(
        actor=by,
        action="appeal.conclude",
        obj=case,
        agency=case.agency,
        details={"outcome": outcome, "concluded_on": concluded_on.isoformat()},
    )
    return case


@transaction.atomic
def appeal_correct_outcome(
    *,
    case: AppealCase,
    by: User,
    on: dt.date,
    outcome: str,
    concluded_on: dt.date | None,
    reason: str,
) -> AppealCase:
    """Correct an outcome entered by mistake (or reopen it as pending), with the reason; the old value is audited."""
    case = _locked(case)
    _require_staff(by, case.agency)
    if case.pending:
        raise AppealError("案件尚未审结，请使用“登记审理结果”。")
    if not reason.strip():
        raise AppealError("更正审理结果须写明理由。")
    check_appeal(
        kind=case.kind,
        filed_on=case.filed_on,
        outcome=outcome,
        concluded_on=concluded_on,
        accepted_on=case.accepted_on,
        today=clock.today(),
    )
    before = {
        "outcome": case.outcome,
        "concluded_on": case.concluded_on.isoformat() if case.concluded_on else None,
    }
    case.outcome, case.concluded_on = outcome, concluded_on
    case.save(update_fields=["outcome", "concluded_on", "updated_at"])
    _event(case, "correct", by=by, on=on, note=reason)
    audit_record(
        actor=by,
        action="appeal.correct",
        obj=case,
        agency=case.agency,
        details={
            "before": before,
            "outcome": outcome,
            "concluded_on": concluded_on.isoformat() if concluded_on else None,
            "reason": reason,
        },
    )
    return case


def appeal_view_recorded(*, case: AppealCase, by: User, personal_data: bool) -> None:
    """Log that someone looked at a case (the appellant's name is personal data)."""
    audit_record(
        actor=by,
        action="appeal.view" if personal_data else "appeal.view_masked",
        obj=case,
        agency=case.agency,
    )
