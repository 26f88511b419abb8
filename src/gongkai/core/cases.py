"""The life of a disclosure application (依申请公开) as data: states, the transition table, answers → report rows.

One state machine, read by every layer: the web services check each action against `TRANSITIONS` (nothing else
decides whether an action is lawful), the back office shows `next_actions(...)` as its only buttons, and the
annual report counts each decided case in the one table 三 row its answer maps to.

    submitted ──register──▶ processing ──propose_decision──▶ decision_pending ──approve_decision──▶ decided
        │                   │  ▲   ▲   ▲                            │ return_decision ▲
     discard                │  │   │   └─ awaiting_fee ◀─notify_fee   (back to processing)
        ▼                   │  │   └──── consulting ◀─start_consultation
    discarded               │  └──────── extension_pending ◀─request_extension (approver decides)
                            └──request_correction──▶ awaiting_correction ──close_uncorrected──▶ abandoned
    decided ──record_service──▶ served ──close──▶ closed
    processing ──ask_reasons──▶ processing ──set_reply_date──▶ processing   (Art. 35, mass requests)
    awaiting_fee ──close_unpaid──▶ fee_unpaid ; any open state before the decision ──withdraw──▶ withdrawn

Each transition names the role that may take it and, where it moves the statutory clock, the clock event it
records (the lowercase values of `gongkai.core.deadlines.EventKind`). A case is counted in table 三 from its
receipt date until its outcome date: the approval of the decision, or the day it was closed without one
(withdrawn → other_other, no correction → other_no_correction, fee unpaid → other_fee_unpaid).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from gongkai.core.errors import CaseDataError, TransitionError

__all__ = [
    "ANSWERED_STATES",
    "ANSWERS",
    "APPLICANT_KINDS",
    "CLOSING_ROWS",
    "CONSULTATION_RESPONSES",
    "FIRST_REGULATIONS_IN_FORCE",
    "OPEN_STATES",
    "REPLY_CLOCK_STATES",
    "STATE_LABELS",
    "TERMINAL_STATES",
    "TRANSITIONS",
    "Action",
    "AnswerType",
    "ApplicantKind",
    "ApplicantReply",
    "ConsultationResponse",
    "Role",
    "State",
    "Transition",
    "answer_type",
    "applicant_may_withdraw",
    "applicant_reply_expected",
    "check_answer",
    "check_application_dates",
    "check_disclosure_over_objection",
    "check_transition",
    "next_actions",
    "outcome_row",
    "transition",
]


class State(StrEnum):
    SUBMITTED = "submitted"
    PROCESSING = "processing"
    AWAITING_CORRECTION = "awaiting_correction"
    CONSULTING = "consulting"
    EXTENSION_PENDING = "extension_pending"
    AWAITING_FEE = "awaiting_fee"
    DECISION_PENDING = "decision_pending"
    DECIDED = "decided"
    SERVED = "served"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    ABANDONED = "abandoned"
    FEE_UNPAID = "fee_unpaid"
    DISCARDED = "discarded"


STATE_LABELS: Mapping[State, str] = {
    State.SUBMITTED: "待登记",
    State.PROCESSING: "办理中",
    State.AWAITING_CORRECTION: "待申请人补正",
    State.CONSULTING: "征求意见中",
    State.EXTENSION_PENDING: "延期待审批",
    State.AWAITING_FEE: "待申请人缴费",
    State.DECISION_PENDING: "答复待审批",
    State.DECIDED: "已答复待送达",
    State.SERVED: "已送达",
    State.CLOSED: "已办结",
    State.WITHDRAWN: "申请人已撤回",
    State.ABANDONED: "逾期未补正，不再处理",
    State.FEE_UNPAID: "逾期未缴费，不再处理",
    State.DISCARDED: "不予登记",
}

# States in which the agency still owes an answer (the reply clock may be running).
OPEN_STATES: frozenset[State] = frozenset(
    {
        State.SUBMITTED,
        State.PROCESSING,
        State.AWAITING_CORRECTION,
        State.CONSULTING,
        State.EXTENSION_PENDING,
        State.AWAITING_FEE,
        State.DECISION_PENDING,
    }
)
# States in which the reply period (Art. 33) runs: paused while consulting or waiting for a fee, restarted after
# a correction; the back-office queues "due soon" and "overdue" look only at these.
REPLY_CLOCK_STATES: frozenset[State] = frozenset(
    {State.PROCESSING, State.EXTENSION_PENDING, State.DECISION_PENDING}
)
TERMINAL_STATES: frozenset[State] = frozenset(
    {State.CLOSED, State.WITHDRAWN, State.ABANDONED, State.FEE_UNPAID, State.DISCARDED}
)
# States after an approved decision: the agency answered on the decision's day. (Withdrawal and the other closings
# also end the case, but answer nothing.)
ANSWERED_STATES: frozenset[State] = frozenset({State.DECIDED, State.SERVED, State.CLOSED})


class Role(StrEnum):
    OFFICER = "officer"  # 承办人
    APPROVER = "approver"  # 负责人
    ADMIN = "admin"  # 机关管理员
    SUPERVISOR = "supervisor"  # 监督人员（只读，覆盖下级机关）


class ApplicantKind(StrEnum):
    """The six applicant columns of table 三 (ids equal the template's column ids)."""

    NATURAL = "natural"
    COMMERCIAL = "commercial"
    RESEARCH = "research"
    NONPROFIT = "nonprofit"
    LEGAL = "legal"
    OTHER_ORG = "other_org"


APPLICANT_KINDS: Mapping[ApplicantKind, str] = {
    ApplicantKind.NATURAL: "自然人",
    ApplicantKind.COMMERCIAL: "商业企业",
    ApplicantKind.RESEARCH: "科研机构",
    ApplicantKind.NONPROFIT: "社会公益组织",
    ApplicantKind.LEGAL: "法律服务机构",
    ApplicantKind.OTHER_ORG: "其他组织",
}


class Action(StrEnum):
    REGISTER = "register"
    DISCARD = "discard"
    REQUEST_CORRECTION = "request_correction"
    RECORD_CORRECTION = "record_correction"
    CLOSE_UNCORRECTED = "close_uncorrected"
    START_CONSULTATION = "start_consultation"
    END_CONSULTATION = "end_consultation"
    REQUEST_EXTENSION = "request_extension"
    APPROVE_EXTENSION = "approve_extension"
    REFUSE_EXTENSION = "refuse_extension"
    NOTIFY_FEE = "notify_fee"
    RECORD_PAYMENT = "record_payment"
    CLOSE_UNPAID = "close_unpaid"
    PROPOSE_DECISION = "propose_decision"
    APPROVE_DECISION = "approve_decision"
    RETURN_DECISION = "return_decision"
    RECORD_SERVICE = "record_service"
    CLOSE = "close"
    WITHDRAW = "withdraw"
    ASK_REASONS = "ask_reasons"
    SET_REPLY_DATE = "set_reply_date"


@dataclass(frozen=True)
class Transition:
    action: Action
    label: str
    sources: frozenset[State]
    target: State
    role: Role
    article: str = ""
    # The statutory-clock event this action records (a `gongkai.core.deadlines.EventKind` value), if any.
    clock_event: str | None = None
    # The action may no longer be taken once one of these is in the case's history (Art. 30: correction is
    # asked for once; Art. 33: one extension of at most 20 working days; Art. 35: once a later reply date is
    # set, no correction or extension moves it again).
    not_after: frozenset[Action] = frozenset()
    # The action is lawful only once this one is in the history (Art. 35: a later reply date only after the
    # applicant was asked for the reasons of a mass request).
    requires: Action | None = None
    # Set when the action ends the case without a decision: the table 三 row it is counted in.
    closing_row: str | None = None


_BEFORE_DECISION = frozenset(
    {
        State.PROCESSING,
        State.AWAITING_CORRECTION,
        State.CONSULTING,
        State.EXTENSION_PENDING,
        State.AWAITING_FEE,
        State.DECISION_PENDING,
    }
)


def _t(
    action: Action,
    label: str,
    sources: Iterable[State],
    target: State,
    role: Role,
    *,
    article: str = "",
    clock_event: str | None = None,
    not_after: Iterable[Action] = (),
    requires: Action | None = None,
    closing_row: str | None = None,
) -> Transition:
    return Transition(
        action,
        label,
        frozenset(sources),
        target,
        role,
        article,
        clock_event,
        frozenset(not_after),
        requires,
        closing_row,
    )


TRANSITIONS: Mapping[Action, Transition] = {
    t.action: t
    for t in (
        _t(Action.REGISTER, "登记受理", [State.SUBMITTED], State.PROCESSING, Role.OFFICER,
           article="第三十一条", clock_event="received"),
        _t(Action.DISCARD, "不予登记", [State.SUBMITTED], State.DISCARDED, Role.OFFICER),
        _t(Action.REQUEST_CORRECTION, "告知补正", [State.PROCESSING], State.AWAITING_CORRECTION, Role.OFFICER,
           article="第三十条", clock_event="correction_requested",
           not_after=[Action.REQUEST_CORRECTION, Action.SET_REPLY_DATE]),
        _t(Action.RECORD_CORRECTION, "登记补正", [State.AWAITING_CORRECTION], State.PROCESSING, Role.OFFICER,
           article="第三十条", clock_event="corrected"),
        _t(Action.CLOSE_UNCORRECTED, "逾期未补正，不再处理", [State.AWAITING_CORRECTION], State.ABANDONED,
           Role.OFFICER, article="第三十条", closing_row="other_no_correction"),
        _t(Action.START_CONSULTATION, "征求第三方或其他机关意见", [State.PROCESSING], State.CONSULTING,
           Role.OFFICER, article="第三十二条、第三十四条", clock_event="consultation_started"),
        _t(Action.END_CONSULTATION, "征求意见结束", [State.CONSULTING], State.PROCESSING, Role.OFFICER,
           article="第三十二条、第三十四条", clock_event="consultation_ended"),
        _t(Action.REQUEST_EXTENSION, "申请延期答复", [State.PROCESSING], State.EXTENSION_PENDING, Role.OFFICER,
           article="第三十三条", not_after=[Action.APPROVE_EXTENSION, Action.SET_REPLY_DATE]),
        _t(Action.APPROVE_EXTENSION, "批准延期", [State.EXTENSION_PENDING], State.PROCESSING, Role.APPROVER,
           article="第三十三条", clock_event="extension_approved"),
        _t(Action.REFUSE_EXTENSION, "不批准延期", [State.EXTENSION_PENDING], State.PROCESSING, Role.APPROVER,
           article="第三十三条"),
        _t(Action.ASK_REASONS, "要求申请人说明理由", [State.PROCESSING], State.PROCESSING, Role.OFFICER,
           article="第三十五条", not_after=[Action.ASK_REASONS]),
        _t(Action.SET_REPLY_DATE, "确定延迟答复的合理期限", [State.PROCESSING], State.PROCESSING, Role.APPROVER,
           article="第三十五条", clock_event="reply_date_set", not_after=[Action.SET_REPLY_DATE],
           requires=Action.ASK_REASONS),
        _t(Action.NOTIFY_FEE, "发出收费通知", [State.PROCESSING], State.AWAITING_FEE, Role.OFFICER,
           article="第四十二条", clock_event="fee_notified"),
        _t(Action.RECORD_PAYMENT, "登记缴费", [State.AWAITING_FEE], State.PROCESSING, Role.OFFICER,
           article="第四十二条", clock_event="fee_paid"),
        _t(Action.CLOSE_UNPAID, "逾期未缴费，不再处理", [State.AWAITING_FEE], State.FEE_UNPAID, Role.OFFICER,
           article="第四十二条", closing_row="other_fee_unpaid"),
        _t(Action.PROPOSE_DECISION, "拟定答复", [State.PROCESSING], State.DECISION_PENDING, Role.OFFICER,
           article="第三十六条、第三十七条"),
        _t(Action.APPROVE_DECISION, "批准答复", [State.DECISION_PENDING], State.DECIDED, Role.APPROVER,
           article="第三十六条、第三十七条"),
        _t(Action.RETURN_DECISION, "退回重拟", [State.DECISION_PENDING], State.PROCESSING, Role.APPROVER),
        _t(Action.RECORD_SERVICE, "登记送达", [State.DECIDED], State.SERVED, Role.OFFICER),
        _t(Action.CLOSE, "办结归档", [State.SERVED], State.CLOSED, Role.OFFICER),
        _t(Action.WITHDRAW, "申请人撤回申请", _BEFORE_DECISION, State.WITHDRAWN, Role.OFFICER,
           closing_row="other_other"),
    )
}  # fmt: skip


def transition(action: Action | str) -> Transition:
    try:
        return TRANSITIONS[Action(action)]
    except ValueError:
        raise TransitionError(f"未知的办理操作“{action}”。", action=str(action)) from None


def check_transition(
    state: State | str,
    action: Action | str,
    *,
    roles: Iterable[Role | str] | None = None,
    history: Iterable[Action | str] = (),
) -> Transition:
    """The transition `action` takes from `state`, or `TransitionError` saying in Chinese why it is not lawful.

    `roles` are the acting person's roles in the handling agency (None: do not check roles, e.g. an import);
    `history` the actions already taken on the case, oldest first.
    """
    step = transition(action)
    current = State(state)
    if current not in step.sources:
        raise TransitionError(
            f"案件当前状态为“{STATE_LABELS[current]}”，不能执行“{step.label}”。",
            state=current.value,
            action=step.action.value,
        )
    if roles is not None and step.role not in {Role(r) for r in roles}:
        raise TransitionError(
            f"“{step.label}”须由{_ROLE_LABELS[step.role]}办理，您在本机关没有该职责。",
            state=current.value,
            action=step.action.value,
        )
    done = {Action(a) for a in history}
    blocked = sorted(step.not_after & done)
    if blocked:
        message = _BLOCKED_MESSAGES.get(
            (step.action, blocked[0]), f"本申请已经“{TRANSITIONS[blocked[0]].label}”，不能再“{step.label}”。"
        )
        raise TransitionError(message, state=current.value, action=step.action.value)
    if step.requires is not None and step.requires not in done:
        raise TransitionError(
            _REQUIRES_MESSAGES.get(
                step.action, f"须先“{TRANSITIONS[step.requires].label}”，才能“{step.label}”。"
            ),
            state=current.value,
            action=step.action.value,
        )
    return step


def next_actions(
    state: State | str, *, roles: Iterable[Role | str], history: Iterable[Action | str] = ()
) -> tuple[Transition, ...]:
    """The lawful next actions for someone holding `roles`, in the order of the table (the buttons to show)."""
    held = {Role(r) for r in roles}
    done = {Action(a) for a in history}
    current = State(state)
    return tuple(
        t
        for t in TRANSITIONS.values()
        if current in t.sources
        and t.role in held
        and not (t.not_after & done)
        and (t.requires is None or t.requires in done)
    )


_ROLE_LABELS: Mapping[Role, str] = {
    Role.OFFICER: "承办人",
    Role.APPROVER: "负责人",
    Role.ADMIN: "机关管理员",
    Role.SUPERVISOR: "监督人员",
}

_BLOCKED_MESSAGES: Mapping[tuple[Action, Action], str] = {
    (Action.REQUEST_CORRECTION, Action.REQUEST_CORRECTION):
        "本申请已告知过补正。依照条例第三十条，补正应当一次性告知，不能再次要求补正。",
    (Action.REQUEST_EXTENSION, Action.APPROVE_EXTENSION):
        "本申请已经延期过一次。依照条例第三十三条，延长答复期限最长不得超过20个工作日，不能再次延期。",
    (Action.REQUEST_CORRECTION, Action.SET_REPLY_DATE):
        "本申请已依照条例第三十五条确定了延迟答复的期限，不能再告知补正。",
    (Action.REQUEST_EXTENSION, Action.SET_REPLY_DATE):
        "本申请已依照条例第三十五条确定了延迟答复的期限，不能再延期。",
    (Action.ASK_REASONS, Action.ASK_REASONS): "本申请已经要求申请人说明过理由。",
    (Action.SET_REPLY_DATE, Action.SET_REPLY_DATE): "本申请已经确定过延迟答复的期限，不能再次确定。",
}  # fmt: skip

_REQUIRES_MESSAGES: Mapping[Action, str] = {
    Action.SET_REPLY_DATE: "依照条例第三十五条，须先要求申请人说明理由、认为理由合理，才能确定延迟答复的合理期限。",
}


@dataclass(frozen=True)
class AnswerType:
    """One answer of Art. 36/37 (or another closing answer), the one table 三 row it is counted in, and why."""

    id: str
    label: str
    row: str
    basis: str
    # The answer is lawful only once this action is in the case's history: 补正后仍不明确 after a correction
    # (Art. 30); 不予处理 of a mass request after the applicant was asked for reasons (Art. 35).
    requires: Action | None = None


ANSWERS: tuple[AnswerType, ...] = (
    AnswerType("already_public", "已主动公开，告知获取方式和途径", "granted", "《条例》第三十六条第（一）项"),
    AnswerType("disclosed", "予以公开，提供信息或告知获取方式、途径和时间", "granted", "《条例》第三十六条第（二）项"),
    AnswerType("partial", "部分公开（区分处理），说明不予公开部分的理由", "partial",
               "《条例》第三十七条、第三十六条第（二）项和第（三）项"),
    AnswerType("withheld_secret", "不予公开：属于国家秘密", "withheld_secret", "《条例》第十四条、第三十六条第（三）项"),
    AnswerType("withheld_law", "不予公开：法律、行政法规禁止公开", "withheld_law", "《条例》第十四条、第三十六条第（三）项"),
    AnswerType("withheld_security", "不予公开：公开后可能危及国家安全、公共安全、经济安全、社会稳定",
               "withheld_security", "《条例》第十四条、第三十六条第（三）项"),
    AnswerType("withheld_third_party", "不予公开：涉及商业秘密、个人隐私等第三方合法权益", "withheld_third_party",
               "《条例》第十五条、第三十二条、第三十六条第（三）项"),
    AnswerType("withheld_internal", "不予公开：属于人事管理、后勤管理、内部工作流程等内部事务信息",
               "withheld_internal", "《条例》第十六条第一款、第三十六条第（三）项"),
    AnswerType("withheld_process", "不予公开：属于讨论记录、过程稿、磋商信函、请示报告等过程性信息",
               "withheld_process", "《条例》第十六条第二款、第三十六条第（三）项"),
    AnswerType("withheld_enforcement", "不予公开：属于行政执法案卷信息", "withheld_enforcement",
               "《条例》第十六条第二款、第三十六条第（三）项"),
    AnswerType("withheld_query", "属于工商、不动产登记资料等行政查询事项，告知依照有关法律、行政法规办理",
               "withheld_query", "《条例》第三十六条第（七）项"),
    AnswerType("not_held", "经检索没有所申请公开的信息，告知该政府信息不存在", "unavailable_not_held",
               "《条例》第三十六条第（四）项"),
    AnswerType("not_this_agency", "不属于本机关负责公开，告知申请人并说明理由（能够确定负责机关的，告知名称、联系方式）",
               "unavailable_not_held", "《条例》第三十六条第（五）项"),
    AnswerType("needs_creation", "需要另行制作、加工、分析，不予提供", "unavailable_needs_creation", "《条例》第三十八条"),
    AnswerType("still_unclear", "补正后申请内容仍不明确，无法提供", "unavailable_unclear", "《条例》第三十条",
               requires=Action.RECORD_CORRECTION),
    AnswerType("petition", "属于信访、投诉、举报等，不作为政府信息公开申请处理", "declined_petition",
               "《条例》第三十九条第一款"),
    AnswerType("repeat", "重复申请，告知不予重复处理", "declined_repeat", "《条例》第三十六条第（六）项"),
    AnswerType("publication", "要求提供公开出版物，告知获取途径", "declined_publication", "《条例》第三十九条第二款"),
    AnswerType("mass", "无正当理由大量、频繁申请，不予处理", "declined_mass", "《条例》第三十五条",
               requires=Action.ASK_REASONS),
    AnswerType("confirm", "要求确认或重新出具已获取的信息，不予处理", "declined_confirm",
               "国办公开办函〔2021〕30号（年度报告格式）第三部分（五）5"),
    AnswerType("other", "其他处理（须在答复中说明理由）", "other_other", "《条例》第三十六条"),
)  # fmt: skip

_ANSWERS_BY_ID: Mapping[str, AnswerType] = {a.id: a for a in ANSWERS}

# Rows of cases closed without a decision, by the closing action.
CLOSING_ROWS: Mapping[Action, str] = {
    t.action: t.closing_row for t in TRANSITIONS.values() if t.closing_row is not None
}


def answer_type(answer_id: str) -> AnswerType:
    try:
        return _ANSWERS_BY_ID[answer_id]
    except KeyError:
        raise TransitionError(f"未知的答复类型“{answer_id}”。", answer=answer_id) from None


def check_answer(answer_id: str, *, history: Iterable[Action | str] = ()) -> AnswerType:
    """The answer type, or `TransitionError` when it is not lawful for this case (e.g. 仍不明确 without 补正)."""
    answer = answer_type(answer_id)
    if answer.requires is not None and answer.requires not in {Action(a) for a in history}:
        raise TransitionError(_ANSWER_REQUIRES_MESSAGES[answer.requires], answer=answer_id)
    return answer


_ANSWER_REQUIRES_MESSAGES: Mapping[Action, str] = {
    Action.RECORD_CORRECTION: "只有在申请人补正之后，才能以“补正后申请内容仍不明确”答复（条例第三十条）。",
    Action.ASK_REASONS: (
        "以“无正当理由大量、频繁申请，不予处理”答复前，须先要求申请人说明理由（条例第三十五条）。"
    ),
}


class ApplicantReply(StrEnum):
    """What the agency is waiting for from the applicant, which the applicant may send online."""

    CORRECTION = "correction"  # the corrected request (Art. 30)
    REASONS = "reasons"  # the reasons for a mass request (Art. 35)


def applicant_reply_expected(state: State | str, history: Iterable[Action | str]) -> ApplicantReply | None:
    """The reply the applicant owes now, if any: a correction while one is awaited; reasons once asked for and
    until the agency has set a later reply date or drafted its answer."""
    current = State(state)
    if current is State.AWAITING_CORRECTION:
        return ApplicantReply.CORRECTION
    done = {Action(a) for a in history}
    if (
        current is State.PROCESSING
        and Action.ASK_REASONS in done
        and not done & {Action.SET_REPLY_DATE, Action.PROPOSE_DECISION}
    ):
        return ApplicantReply.REASONS
    return None


def applicant_may_withdraw(state: State | str) -> bool:
    """Whether the applicant may still ask to withdraw: any time before the decision is approved, and before
    the office registered the application (it then records 不予登记, and nothing is ever counted)."""
    current = State(state)
    return current is State.SUBMITTED or current in TRANSITIONS[Action.WITHDRAW].sources


class ConsultationResponse(StrEnum):
    """What a consulted third party or agency answered (Art. 32, 34)."""

    AGREED = "agreed"
    OBJECTED = "objected"
    NO_REPLY = "no_reply"


CONSULTATION_RESPONSES: Mapping[ConsultationResponse, str] = {
    ConsultationResponse.AGREED: "同意公开",
    ConsultationResponse.OBJECTED: "不同意公开，并说明了理由",
    ConsultationResponse.NO_REPLY: "逾期未提出意见（由本机关依法决定；其他机关逾期未提出意见的视为同意）",
}

# Answers that give out the whole of the information: over a third party's reasoned objection only for an
# overriding public interest (Art. 32). A partial disclosure (Art. 37) is how an objection is usually respected.
_FULL_DISCLOSURE = frozenset({"disclosed"})


def check_disclosure_over_objection(
    answer_id: str, *, responses: Iterable[ConsultationResponse | str], public_interest: str
) -> None:
    """Art. 32: a third party objected with reasons → withhold, unless not disclosing would seriously harm the
    public interest; then the agency may disclose, and must tell the third party in writing what it will
    disclose and why. Raises `TransitionError` when the reason is missing."""
    objected = ConsultationResponse.OBJECTED in {ConsultationResponse(r) for r in responses}
    if answer_id in _FULL_DISCLOSURE and objected and not public_interest.strip():
        raise TransitionError(
            "第三方不同意公开并说明了理由。依照条例第三十二条，只有认为不公开可能对公共利益造成重大影响时才能"
            "决定公开：请写明该理由（将书面告知第三方），或改为部分公开、不予公开。",
            answer=answer_id,
        )


def outcome_row(*, action: Action | str, answer: str | None = None) -> str | None:
    """The table 三 row a case is counted in once `action` is taken (None: the action does not end the case)."""
    step = transition(action)
    if step.action is Action.APPROVE_DECISION:
        if answer is None:
            raise TransitionError("批准答复时必须有答复类型。", action=step.action.value)
        return answer_type(answer).row
    return step.closing_row


# The first Regulations (2007) took effect on 1 May 2008: no disclosure application was received before.
FIRST_REGULATIONS_IN_FORCE = dt.date(2008, 5, 1)


def check_application_dates(
    *,
    today: dt.date,
    arrived_on: dt.date,
    signed_on: dt.date | None = None,
    confirmed_on: dt.date | None = None,
) -> None:
    """The dates an application is entered with (arrival, signing for a registered letter, confirming with the
    applicant) must be days that have happened, since the Regulations existed. A later step's date is checked
    against the case's earlier ones where it is taken; these are the case's first."""
    for label, day in (("到达日期", arrived_on), ("签收日期", signed_on), ("确认日期", confirmed_on)):
        if day is None:
            continue
        if day > today:
            raise CaseDataError(
                f"{label}{day:%Y-%m-%d}晚于今天（{today:%Y-%m-%d}），请核对。",
                field=label,
                on=day.isoformat(),
            )
        if day < FIRST_REGULATIONS_IN_FORCE:
            raise CaseDataError(
                f"{label}{day:%Y-%m-%d}早于政府信息公开条例施行之日（2008年5月1日），请核对。",
                field=label,
                on=day.isoformat(),
            )
