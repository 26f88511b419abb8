"""The appeals ledger: registering, extending, concluding and correcting cases (with the refused steps), and
table 四 from the ledger — by date, with pending cases carried into the following years."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.appeals import AppealKind, Outcome, table4_counts
from gongkai.core.errors import AppealError
from gongkai.web.appeals import selectors, services
from gongkai.web.appeals.models import AppealCase
from gongkai.web.audit.models import AuditEvent
from tests.web.conftest import FileApplication, Staff, TodayIs, Tree

D = dt.date
TODAY = D(2026, 11, 28)


def register(tree: Tree, staff: Staff, **overrides: Any) -> AppealCase:
    fields: dict[str, Any] = {
        "agency": tree.bureau, "by": staff.officer, "kind": "reconsideration", "appellant": "马建国",
        "body": "吴忠市人民政府", "filed_on": D(2025, 3, 3), "accepted_on": D(2025, 3, 5), "on": D(2025, 3, 6),
        "case_number": "吴政复〔2025〕12号",
    }  # fmt: skip
    fields.update(overrides)
    return services.appeal_register(**fields)


def test_a_reconsideration_from_filing_to_decision(
    tree: Tree, staff: Staff, file_application: FileApplication
) -> None:
    application, _code = file_application()
    case = register(tree, staff, application=application)
    assert case.pending
    assert case.decision_due == D(2025, 5, 4)  # 60 days after acceptance
    case = services.appeal_extend(case=case, by=staff.officer, on=D(2025, 4, 30), note="吴政复延〔2025〕3号")
    assert case.extended
    assert case.decision_due == D(2025, 6, 3)
    case = services.appeal_conclude(
        case=case,
        by=staff.officer,
        outcome="corrected",
        concluded_on=D(2025, 5, 20),
        summary="责令重新答复。",
    )
    assert case.outcome == Outcome.CORRECTED
    assert [e.action for e in case.events.all()] == ["register", "extend", "conclude"]
    actions = list(
        AuditEvent.objects.filter(object_type="appeals.appealcase", object_id=str(case.pk)).values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["appeal.conclude", "appeal.extend", "appeal.register"]


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("conclude_twice", "已于2025-05-20审结（结果维持），不能重复登记结果"),
        ("extend_twice", "已经延长过一次审理期限"),
        ("extend_litigation", "只有行政复议案件登记延长审理期限"),
        ("extend_late", "已过期限"),
        ("conclude_before_filing", "审结日期2025-03-01早于提出日期"),
        ("conclude_pending", "请选择审理结果"),
        ("other_agency", "须由本机关工作人员办理"),
        ("supervisor", "须由本机关工作人员办理"),
    ],
)
def test_refused_steps(tree: Tree, staff: Staff, step: str, message: str) -> None:
    case = register(
        tree, staff, kind="litigation_direct" if step == "extend_litigation" else "reconsideration"
    )
    officer = staff.officer
    if step == "conclude_twice":
        services.appeal_conclude(case=case, by=officer, outcome="upheld", concluded_on=D(2025, 5, 20))
    if step == "extend_twice":
        services.appeal_extend(case=case, by=officer, on=D(2025, 4, 1), note="通知")
    actions: dict[str, Callable[[], object]] = {
        "conclude_twice": lambda: services.appeal_conclude(
            case=case, by=officer, outcome="other", concluded_on=D(2025, 5, 21)
        ),
        "extend_twice": lambda: services.appeal_extend(case=case, by=officer, on=D(2025, 4, 2), note="通知"),
        "extend_litigation": lambda: services.appeal_extend(
            case=case, by=officer, on=D(2025, 9, 1), note="通知"
        ),
        "extend_late": lambda: services.appeal_extend(case=case, by=officer, on=D(2025, 9, 1), note="通知"),
        "conclude_before_filing": lambda: services.appeal_conclude(
            case=case, by=officer, outcome="upheld", concluded_on=D(2025, 3, 1)
        ),
        "conclude_pending": lambda: services.appeal_conclude(
            case=case, by=officer, outcome="pending", concluded_on=D(2025, 3, 9)
        ),
        "other_agency": lambda: services.appeal_conclude(
            case=case, by=staff.other_officer, outcome="upheld", concluded_on=D(2025, 5, 1)
        ),
        "supervisor": lambda: register(tree, staff, by=staff.supervisor),
    }
    with pytest.raises(AppealError, match=message):
        actions[step]()


def test_linking_rules(tree: Tree, staff: Staff, file_application: FileApplication) -> None:
    other_application, _ = file_application(agency=tree.other, by=staff.other_officer)
    with pytest.raises(AppealError, match="不是本机关办理的申请"):
        register(tree, staff, application=other_application)
    reconsideration = register(tree, staff)
    with pytest.raises(AppealError, match="尚未审结，请先登记复议结果"):
        register(tree, staff, kind="litigation_after", previous=reconsideration, body="吴忠市利通区人民法院")
    services.appeal_conclude(
        case=reconsideration, by=staff.officer, outcome="upheld", concluded_on=D(2025, 4, 1)
    )
    with pytest.raises(AppealError, match="只有“复议后起诉”的案件关联前序复议案件"):
        register(tree, staff, kind="litigation_direct", previous=reconsideration)
    lawsuit = register(
        tree, staff, kind="litigation_after", previous=reconsideration, body="吴忠市利通区人民法院",
        filed_on=D(2025, 4, 10), accepted_on=D(2025, 4, 15),
    )  # fmt: skip
    assert lawsuit.decision_due == D(2025, 10, 15)  # six months after filing at court


def test_a_lawsuit_after_reconsideration_is_filed_after_the_reconsideration_was_decided(
    tree: Tree, staff: Staff
) -> None:
    reconsideration = register(
        tree, staff, filed_on=D(2025, 2, 21), accepted_on=D(2025, 2, 24), outcome="upheld",
        concluded_on=D(2025, 5, 2),
    )  # fmt: skip
    with pytest.raises(AppealError, match="起诉日期2025-01-01早于前序行政复议的审结日期2025-05-02"):
        register(
            tree, staff, kind="litigation_after", previous=reconsideration, body="吴忠市利通区人民法院",
            filed_on=D(2025, 1, 1), accepted_on=None, case_number="（2025）宁0302行初5号",
        )  # fmt: skip
    lawsuit = register(
        tree, staff, kind="litigation_after", previous=reconsideration, body="吴忠市利通区人民法院",
        filed_on=D(2025, 5, 20), accepted_on=None, case_number="（2025）宁0302行初5号",
    )  # fmt: skip
    with pytest.raises(AppealError, match="起诉日期2025-04-30早于前序行政复议的审结日期"):
        services.appeal_update(case=lawsuit, by=staff.officer, on=D(2025, 6, 1), filed_on=D(2025, 4, 30))
    lawsuit.refresh_from_db()
    assert lawsuit.filed_on == D(2025, 5, 20)


def test_dates_of_a_case_are_not_in_the_future_nor_out_of_order(
    tree: Tree, staff: Staff, today_is: TodayIs
) -> None:
    today_is(TODAY)
    with pytest.raises(AppealError, match="受理（立案）日期2027-01-01晚于今天（2026-11-28）"):
        register(tree, staff, filed_on=D(2026, 11, 15), accepted_on=D(2027, 1, 1))
    with pytest.raises(AppealError, match="提出（起诉）日期2026-12-01晚于今天"):
        register(tree, staff, filed_on=D(2026, 12, 1), accepted_on=None)
    assert not AppealCase.objects.exists()
    case = register(tree, staff, filed_on=D(2026, 11, 15), accepted_on=D(2026, 11, 21), on=D(2026, 11, 22))
    with pytest.raises(AppealError, match="受理（立案）日期2027-01-01晚于今天"):
        services.appeal_update(case=case, by=staff.officer, on=TODAY, accepted_on=D(2027, 1, 1))
    with pytest.raises(AppealError, match="审结日期2026-11-20早于受理日期2026-11-21"):
        services.appeal_conclude(case=case, by=staff.officer, outcome="upheld", concluded_on=D(2026, 11, 20))
    with pytest.raises(AppealError, match="延长决定日期2026-11-01早于受理日期2026-11-21"):
        services.appeal_extend(case=case, by=staff.officer, on=D(2026, 11, 1), note="吴政复延〔2026〕1号")
    with pytest.raises(AppealError, match="延长决定日期2026-12-01晚于今天"):
        services.appeal_extend(case=case, by=staff.officer, on=D(2026, 12, 1), note="吴政复延〔2026〕1号")
    case.refresh_from_db()
    assert (case.pending, case.extended, case.accepted_on) == (True, False, D(2026, 11, 21))


def test_the_same_case_is_not_registered_twice(tree: Tree, staff: Staff) -> None:
    first = register(tree, staff, case_number="吴政复〔2025〕15号")
    with pytest.raises(
        AppealError, match="已登记案号为“吴政复〔2025〕15号”的行政复议案件（2025-03-03提出），不能重复"
    ):
        register(tree, staff, case_number=" 吴政复〔2025〕15号 ")
    # The same number in another agency's ledger or for another kind, and cases without a number, are other cases.
    register(tree, staff, agency=tree.other, by=staff.other_officer, case_number="吴政复〔2025〕15号")
    register(
        tree, staff, kind="litigation_direct", case_number="吴政复〔2025〕15号", body="吴忠市利通区人民法院"
    )
    register(tree, staff, case_number="")
    register(tree, staff, case_number="")
    second = register(tree, staff, case_number="吴政复〔2025〕16号")
    with pytest.raises(AppealError, match="不能重复登记"):
        services.appeal_update(
            case=second, by=staff.officer, on=D(2025, 3, 9), case_number="吴政复〔2025〕15号"
        )
    assert selectors.table4_cells(agency=tree.bureau, year=2025)["t4.reconsideration.pending"] == 4
    assert AppealCase.objects.get(pk=second.pk).case_number == "吴政复〔2025〕16号"
    assert AppealCase.objects.filter(agency=tree.bureau, case_number="吴政复〔2025〕15号").count() == 2
    assert first.pending


def test_the_database_refuses_a_duplicate_case_number_too(tree: Tree, staff: Staff) -> None:
    case = register(tree, staff)
    fields = {
        "agency": tree.bureau,
        "kind": case.kind,
        "appellant": "x",
        "body": "x",
        "filed_on": case.filed_on,
    }
    AppealCase.objects.create(**fields, case_number="")
    AppealCase.objects.create(**fields, case_number="")  # blank numbers never collide
    with pytest.raises(IntegrityError), transaction.atomic():
        AppealCase.objects.create(**fields, case_number=case.case_number)


def test_a_historical_case_is_registered_with_its_outcome(tree: Tree, staff: Staff) -> None:
    case = register(
        tree, staff, filed_on=D(2018, 6, 1), accepted_on=None, outcome="upheld", concluded_on=D(2018, 8, 1)
    )
    assert not case.pending
    assert case.application is None
    with pytest.raises(AppealError, match="登记“结果纠正”须填写审结日期"):
        register(tree, staff, outcome="corrected", concluded_on=None)


def test_correcting_an_outcome_keeps_the_old_one_in_the_log(tree: Tree, staff: Staff) -> None:
    case = register(tree, staff)
    services.appeal_conclude(case=case, by=staff.officer, outcome="upheld", concluded_on=D(2025, 5, 1))
    with pytest.raises(AppealError, match="须写明理由"):
        services.appeal_correct_outcome(
            case=case,
            by=staff.officer,
            on=D(2025, 5, 2),
            outcome="corrected",
            concluded_on=D(2025, 5, 1),
            reason="",
        )
    case = services.appeal_correct_outcome(
        case=case, by=staff.officer, on=D(2025, 5, 2), outcome="pending", concluded_on=None, reason="误登。"
    )
    assert case.pending
    event = AuditEvent.objects.get(action="appeal.correct")
    assert event.details["before"] == {"outcome": "upheld", "concluded_on": "2025-05-01"}
    with pytest.raises(AppealError, match="案件尚未审结"):
        services.appeal_correct_outcome(
            case=case,
            by=staff.officer,
            on=D(2025, 5, 2),
            outcome="upheld",
            concluded_on=D(2025, 5, 1),
            reason="x",
        )


def test_updating_a_pending_case_moves_its_deadline(tree: Tree, staff: Staff) -> None:
    case = register(tree, staff)
    case = services.appeal_update(case=case, by=staff.officer, on=D(2025, 3, 9), accepted_on=D(2025, 3, 7))
    assert case.decision_due == D(2025, 5, 6)
    with pytest.raises(AppealError, match="不能修改这些项目"):
        services.appeal_update(case=case, by=staff.officer, on=D(2025, 3, 9), outcome="upheld")


def test_table4_on_a_hand_built_ledger(tree: Tree, staff: Staff) -> None:
    register(
        tree, staff, filed_on=D(2023, 11, 20), accepted_on=None, case_number="吴政复〔2023〕40号"
    )  # pending
    old = register(tree, staff, filed_on=D(2024, 12, 1), accepted_on=None, case_number="吴政复〔2024〕51号")
    services.appeal_conclude(case=old, by=staff.officer, outcome="corrected", concluded_on=D(2025, 1, 20))
    upheld = register(tree, staff, kind="litigation_direct", filed_on=D(2025, 2, 1), accepted_on=None)
    services.appeal_conclude(case=upheld, by=staff.officer, outcome="upheld", concluded_on=D(2025, 9, 1))
    register(tree, staff, kind="litigation_after", filed_on=D(2025, 12, 30), accepted_on=None)
    register(tree, staff, filed_on=D(2026, 1, 5), accepted_on=None, case_number="")  # next year, no 案号 yet
    register(tree, staff, agency=tree.other, by=staff.other_officer, filed_on=D(2025, 5, 1), accepted_on=None)
    cells = selectors.table4_cells(agency=tree.bureau, year=2025)
    assert cells["t4.reconsideration.pending"] == 1
    assert cells["t4.reconsideration.corrected"] == 1
    assert cells["t4.reconsideration.total"] == 2
    assert cells["t4.litigation_direct.upheld"] == 1
    assert cells["t4.litigation_direct.total"] == 1
    assert cells["t4.litigation_after.pending"] == 1
    assert sum(cells.values()) == 2 * 4  # each counted case appears in its column and its total
    in_2024 = selectors.table4_cells(agency=tree.bureau, year=2024)
    assert in_2024["t4.reconsideration.pending"] == 2  # the 2023 case carried over, and the 2024 one
    assert selectors.table4_cells(agency=tree.bureau, year=2022) == dict.fromkeys(cells, 0)
    assert len(cells) == 15


CASES = st.tuples(
    st.sampled_from(list(AppealKind)),
    st.dates(D(2021, 1, 1), D(2026, 12, 31)),
    st.sampled_from([Outcome.UPHELD, Outcome.CORRECTED, Outcome.OTHER, Outcome.PENDING]),
    st.integers(0, 700),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(CASES, max_size=25), year=st.integers(2021, 2026))
def test_table4_by_sql_equals_the_rule_of_the_core(
    tree: Tree, staff: Staff, rows: list[Any], year: int
) -> None:
    records = [
        (kind, filed, outcome, None if outcome is Outcome.PENDING else filed + dt.timedelta(days=days))
        for kind, filed, outcome, days in rows
    ]
    with transaction.atomic():
        AppealCase.objects.bulk_create(
            AppealCase(
                agency=tree.bureau,
                kind=kind.value,
                appellant="x",
                body="x",
                filed_on=filed,
                outcome=outcome.value,
                concluded_on=concluded,
            )
            for kind, filed, outcome, concluded in records
        )
        cells = selectors.table4_cells(agency=tree.bureau, year=year)
        previous = selectors.table4_cells(agency=tree.bureau, year=year - 1)
        transaction.set_rollback(True)
    assert cells == table4_counts(records, year=year)
    from gongkai.core.report.model import Report
    from gongkai.core.report.rules import validate

    report = Report.blank("2021", agency="x", year=year)
    report = Report(template="2021", agency="x", year=year, cells={**report.cells, **cells})
    before = Report(template="2021", agency="x", year=year - 1, cells={**report.cells, **previous})
    assert [f for f in validate(report, previous=before) if any(c.startswith("t4.") for c in f.cells)] == []


def test_the_ledger_queues_and_their_counts(tree: Tree, staff: Staff, django_assert_num_queries: Any) -> None:
    soon = register(
        tree,
        staff,
        case_number="吴政复〔2026〕1号",
        filed_on=D(2026, 9, 28),
        accepted_on=D(2026, 10, 1),
        on=D(2026, 10, 1),
    )
    late = register(
        tree,
        staff,
        case_number="吴政复〔2026〕2号",
        filed_on=D(2026, 7, 1),
        accepted_on=D(2026, 7, 2),
        on=D(2026, 7, 2),
    )
    done = register(
        tree,
        staff,
        case_number="吴政复〔2026〕3号",
        filed_on=D(2026, 8, 3),
        accepted_on=D(2026, 8, 4),
        on=D(2026, 8, 4),
    )
    services.appeal_conclude(
        case=done, by=staff.officer, outcome="upheld", concluded_on=D(2026, 9, 1), summary="维持原答复。"
    )

    def numbers(name: str) -> list[str]:
        return [case.case_number for case in selectors.ledger(tree.bureau, name, today=TODAY)]

    assert numbers("pending") == [late.case_number, soon.case_number]
    assert numbers("due_soon") == [soon.case_number]  # due 2026-11-30
    assert numbers("overdue") == [late.case_number]
    assert numbers("concluded") == [done.case_number]
    assert numbers("all") == [soon.case_number, done.case_number, late.case_number]
    with django_assert_num_queries(len(selectors.QUEUES) - 1):  # a COUNT per queue but "all"
        counts = selectors.ledger_counts(tree.bureau, today=TODAY)
    assert counts == {name: len(numbers(name)) for name in selectors.QUEUES if name != "all"}
