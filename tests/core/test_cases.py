from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.cases import (
    ANSWERS,
    CLOSING_ROWS,
    FIRST_REGULATIONS_IN_FORCE,
    OPEN_STATES,
    STATE_LABELS,
    TERMINAL_STATES,
    TRANSITIONS,
    Action,
    ApplicantKind,
    ApplicantReply,
    Role,
    State,
    answer_type,
    applicant_may_withdraw,
    applicant_reply_expected,
    check_answer,
    check_application_dates,
    check_disclosure_over_objection,
    check_transition,
    next_actions,
    outcome_row,
)
from gongkai.core.errors import CaseDataError, TransitionError
from gongkai.core.report.templates import TEMPLATE_2021
from gongkai.core.report.templates.common import APPLICANT_COLUMNS

CLOCK_EVENTS = {
    "received",
    "correction_requested",
    "corrected",
    "consultation_started",
    "consultation_ended",
    "extension_approved",
    "fee_notified",
    "fee_paid",
    "reply_date_set",
}


def test_every_state_has_a_chinese_label_and_every_state_is_reachable() -> None:
    assert set(STATE_LABELS) == set(State)
    reached = {State.SUBMITTED}
    frontier = [State.SUBMITTED]
    while frontier:
        state = frontier.pop()
        for t in TRANSITIONS.values():
            if state in t.sources and t.target not in reached:
                reached.add(t.target)
                frontier.append(t.target)
    assert reached == set(State)


def test_terminal_states_have_no_way_out_and_open_states_always_have_one() -> None:
    for state in TERMINAL_STATES:
        assert not [t for t in TRANSITIONS.values() if state in t.sources]
    for state in OPEN_STATES:
        assert [t for t in TRANSITIONS.values() if state in t.sources]


@pytest.mark.parametrize("action", list(Action))
def test_every_transition_is_allowed_from_its_sources(action: Action) -> None:
    step = TRANSITIONS[action]
    history = [] if step.requires is None else [step.requires]
    for source in step.sources:
        assert check_transition(source, action, roles=[step.role], history=history) is step


@pytest.mark.parametrize(("state", "action"), list(itertools.product(State, Action)))
def test_every_other_transition_is_refused_in_chinese(state: State, action: Action) -> None:
    step = TRANSITIONS[action]
    if state in step.sources:
        return
    with pytest.raises(TransitionError) as caught:
        check_transition(state, action, roles=list(Role))
    assert caught.value.code == "case.bad_transition"
    assert f"案件当前状态为“{STATE_LABELS[state]}”" in str(caught.value)
    assert f"不能执行“{step.label}”" in str(caught.value)


def test_the_wrong_role_is_refused() -> None:
    with pytest.raises(TransitionError, match="须由负责人办理"):
        check_transition(State.EXTENSION_PENDING, Action.APPROVE_EXTENSION, roles=[Role.OFFICER])
    with pytest.raises(TransitionError, match="须由承办人办理"):
        check_transition(State.PROCESSING, Action.REQUEST_CORRECTION, roles=[Role.APPROVER, Role.SUPERVISOR])
    # An import checks no roles.
    assert check_transition(State.PROCESSING, Action.WITHDRAW, roles=None).target is State.WITHDRAWN


def test_correction_is_asked_once_and_extension_granted_once() -> None:
    with pytest.raises(TransitionError, match="一次性告知"):
        check_transition(
            State.PROCESSING,
            Action.REQUEST_CORRECTION,
            roles=[Role.OFFICER],
            history=[Action.REGISTER, Action.REQUEST_CORRECTION, Action.RECORD_CORRECTION],
        )
    with pytest.raises(TransitionError, match="最长不得超过20个工作日"):
        check_transition(
            State.PROCESSING,
            Action.REQUEST_EXTENSION,
            roles=[Role.OFFICER],
            history=[Action.REQUEST_EXTENSION, Action.APPROVE_EXTENSION],
        )
    # A refused extension may be asked for again.
    again = check_transition(
        State.PROCESSING,
        Action.REQUEST_EXTENSION,
        roles=[Role.OFFICER],
        history=[Action.REQUEST_EXTENSION, Action.REFUSE_EXTENSION],
    )
    assert again.target is State.EXTENSION_PENDING


def test_next_actions_are_exactly_the_lawful_ones_for_the_role() -> None:
    officer = {t.action for t in next_actions(State.PROCESSING, roles=[Role.OFFICER])}
    assert officer == {
        Action.REQUEST_CORRECTION,
        Action.START_CONSULTATION,
        Action.REQUEST_EXTENSION,
        Action.NOTIFY_FEE,
        Action.PROPOSE_DECISION,
        Action.WITHDRAW,
        Action.ASK_REASONS,
    }
    assert not next_actions(State.PROCESSING, roles=[Role.APPROVER])
    assert [
        t.action for t in next_actions(State.PROCESSING, roles=[Role.APPROVER], history=[Action.ASK_REASONS])
    ] == [Action.SET_REPLY_DATE]
    assert next_actions(State.PROCESSING, roles=[Role.SUPERVISOR]) == ()
    assert next_actions(State.PROCESSING, roles=[Role.ADMIN]) == ()
    approver = {t.action for t in next_actions(State.DECISION_PENDING, roles=[Role.APPROVER])}
    assert approver == {Action.APPROVE_DECISION, Action.RETURN_DECISION}
    after_correction = {
        t.action
        for t in next_actions(State.PROCESSING, roles=[Role.OFFICER], history=[Action.REQUEST_CORRECTION])
    }
    assert Action.REQUEST_CORRECTION not in after_correction
    assert next_actions(State.CLOSED, roles=list(Role)) == ()


@given(
    st.sampled_from(list(State)),
    st.sets(st.sampled_from(list(Role))),
    st.lists(st.sampled_from(list(Action))),
)
def test_next_actions_agree_with_check_transition(
    state: State, roles: set[Role], history: list[Action]
) -> None:
    shown = {t.action for t in next_actions(state, roles=roles, history=history)}
    for action in Action:
        try:
            check_transition(state, action, roles=roles, history=history)
        except TransitionError:
            assert action not in shown
        else:
            assert action in shown


def test_clock_events_are_the_deadline_event_kinds() -> None:
    used = {t.clock_event for t in TRANSITIONS.values() if t.clock_event}
    assert used == CLOCK_EVENTS


def test_every_answer_maps_to_exactly_one_row_of_the_2021_template_and_every_outcome_row_is_reachable() -> (
    None
):
    rows = set(TEMPLATE_2021.outcome_rows)
    for answer in ANSWERS:
        assert answer.row in rows, answer
        assert answer.basis
        assert answer.label
    assert len({a.id for a in ANSWERS}) == len(ANSWERS)
    reachable = {a.row for a in ANSWERS} | set(CLOSING_ROWS.values())
    assert reachable == rows
    assert CLOSING_ROWS == {
        Action.CLOSE_UNCORRECTED: "other_no_correction",
        Action.CLOSE_UNPAID: "other_fee_unpaid",
        Action.WITHDRAW: "other_other",
    }


def test_partial_disclosure_is_counted_only_as_partial() -> None:
    assert answer_type("partial").row == "partial"
    assert outcome_row(action=Action.APPROVE_DECISION, answer="partial") == "partial"
    assert outcome_row(action=Action.WITHDRAW) == "other_other"
    assert outcome_row(action=Action.REGISTER) is None
    with pytest.raises(TransitionError, match="必须有答复类型"):
        outcome_row(action=Action.APPROVE_DECISION)


def test_still_unclear_needs_a_correction_first() -> None:
    with pytest.raises(TransitionError, match="补正之后"):
        check_answer("still_unclear", history=[Action.REGISTER])
    assert check_answer(
        "still_unclear", history=[Action.REQUEST_CORRECTION, Action.RECORD_CORRECTION]
    ).row == ("unavailable_unclear")


def test_a_mass_request_needs_the_reasons_asked_for_first() -> None:
    """Art. 35: ask the applicant for reasons; then either decline (mass) or, reasons accepted, set a later reply
    date — once, and afterwards neither a correction nor an extension moves it."""
    with pytest.raises(TransitionError, match="须先要求申请人说明理由"):
        check_answer("mass", history=[Action.REGISTER])
    assert check_answer("mass", history=[Action.REGISTER, Action.ASK_REASONS]).row == "declined_mass"
    with pytest.raises(TransitionError, match="须先要求申请人说明理由"):
        check_transition(
            State.PROCESSING, Action.SET_REPLY_DATE, roles=[Role.APPROVER], history=[Action.REGISTER]
        )
    asked = [Action.REGISTER, Action.ASK_REASONS]
    step = check_transition(State.PROCESSING, Action.SET_REPLY_DATE, roles=[Role.APPROVER], history=asked)
    assert (step.target, step.clock_event, step.article) == (State.PROCESSING, "reply_date_set", "第三十五条")
    with pytest.raises(TransitionError, match="已经要求申请人说明过理由"):
        check_transition(State.PROCESSING, Action.ASK_REASONS, roles=[Role.OFFICER], history=asked)
    deferred = [*asked, Action.SET_REPLY_DATE]
    with pytest.raises(TransitionError, match="不能再次确定"):
        check_transition(State.PROCESSING, Action.SET_REPLY_DATE, roles=[Role.APPROVER], history=deferred)
    with pytest.raises(TransitionError, match="第三十五条.*不能再延期"):
        check_transition(State.PROCESSING, Action.REQUEST_EXTENSION, roles=[Role.OFFICER], history=deferred)
    with pytest.raises(TransitionError, match="第三十五条.*不能再告知补正"):
        check_transition(State.PROCESSING, Action.REQUEST_CORRECTION, roles=[Role.OFFICER], history=deferred)
    shown = {t.action for t in next_actions(State.PROCESSING, roles=[Role.OFFICER], history=deferred)}
    assert shown == {Action.START_CONSULTATION, Action.NOTIFY_FEE, Action.PROPOSE_DECISION, Action.WITHDRAW}


def test_disclosing_everything_over_an_objection_needs_the_public_interest() -> None:
    with pytest.raises(TransitionError, match="第三十二条"):
        check_disclosure_over_objection("disclosed", responses=["agreed", "objected"], public_interest=" ")
    check_disclosure_over_objection("disclosed", responses=["objected"], public_interest="涉及饮用水安全")
    check_disclosure_over_objection("partial", responses=["objected"], public_interest="")
    check_disclosure_over_objection("disclosed", responses=["agreed", "no_reply"], public_interest="")
    with pytest.raises(ValueError, match="maybe"):
        check_disclosure_over_objection("disclosed", responses=["maybe"], public_interest="")


def test_unknown_answer_and_action_are_refused_in_chinese() -> None:
    with pytest.raises(TransitionError, match="未知的答复类型"):
        answer_type("maybe")
    with pytest.raises(TransitionError, match="未知的办理操作"):
        check_transition(State.PROCESSING, "fly")


def test_applicant_kinds_are_the_template_columns() -> None:
    assert [k.value for k in ApplicantKind] == [c.id for c in APPLICANT_COLUMNS if c.id != "total"]


def test_what_the_applicant_owes_online() -> None:
    assert (
        applicant_reply_expected(State.AWAITING_CORRECTION, [Action.REQUEST_CORRECTION])
        is ApplicantReply.CORRECTION
    )
    assert applicant_reply_expected(State.PROCESSING, [Action.REGISTER]) is None
    asked = [Action.REGISTER, Action.ASK_REASONS]
    assert applicant_reply_expected(State.PROCESSING, asked) is ApplicantReply.REASONS
    assert applicant_reply_expected("processing", [*asked, Action.SET_REPLY_DATE]) is None
    assert applicant_reply_expected(State.DECISION_PENDING, [*asked, Action.PROPOSE_DECISION]) is None
    assert (
        applicant_reply_expected(State.PROCESSING, [*asked, Action.PROPOSE_DECISION, Action.RETURN_DECISION])
        is None
    )
    assert applicant_reply_expected(State.CLOSED, asked) is None


def test_the_applicant_may_withdraw_until_the_decision() -> None:
    assert applicant_may_withdraw(State.PROCESSING)
    assert applicant_may_withdraw("decision_pending")
    assert applicant_may_withdraw(State.SUBMITTED)  # not yet registered: the office then records 不予登记
    assert not applicant_may_withdraw(State.DECIDED)
    assert not applicant_may_withdraw(State.WITHDRAWN)


def test_an_application_s_own_dates_have_happened_since_the_regulations_existed() -> None:
    today = dt.date(2026, 11, 28)
    check_application_dates(today=today, arrived_on=today, signed_on=today, confirmed_on=None)
    check_application_dates(today=today, arrived_on=FIRST_REGULATIONS_IN_FORCE)
    with pytest.raises(CaseDataError, match="到达日期2026-11-29晚于今天"):
        check_application_dates(today=today, arrived_on=dt.date(2026, 11, 29))
    with pytest.raises(CaseDataError, match="确认日期2026-12-10晚于今天"):
        check_application_dates(today=today, arrived_on=today, confirmed_on=dt.date(2026, 12, 10))
    with pytest.raises(CaseDataError, match="早于政府信息公开条例施行之日"):
        check_application_dates(today=today, arrived_on=dt.date(1990, 1, 1))
