"""The back-office queues, search and the XLSX export."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.web.agencies import services as agency_services
from gongkai.web.applications import services
from gongkai.web.applications.selectors import (
    QUEUES,
    agency_case_summaries,
    applications_search,
    queue,
    queue_counts,
)
from gongkai.web.applications.services import ImportedOutcome
from gongkai.web.audit.models import AuditEvent
from tests.web.conftest import APPLICANT, RECEIVED, FileApplication, Staff, Tree

TODAY = dt.date(2026, 3, 26)  # RECEIVED + 18 working days


def numbers(qs: object) -> set[str]:
    return {a.number for a in qs}  # type: ignore[attr-defined]


def test_queues(file_application: FileApplication, staff: Staff) -> None:
    officer, approver = staff.officer, staff.approver
    due_soon, _ = file_application()  # due 2026-03-30: within 5 working days of TODAY
    overdue, _ = file_application(arrived_on=dt.date(2026, 2, 24))  # due before TODAY
    fresh, _ = file_application(arrived_on=dt.date(2026, 3, 20))
    online, _ = file_application(register=False)
    correcting, _ = file_application()
    services.application_request_correction(
        application=correcting, by=officer, on=RECEIVED, correction_due=dt.date(2026, 3, 31), note="请补正"
    )
    pending, _ = file_application(by=staff.officer2)
    services.application_propose_decision(
        application=pending, by=staff.officer2, on=RECEIVED, answer="disclosed", text="x"
    )
    decided, _ = file_application()
    decided = services.application_propose_decision(
        application=decided, by=officer, on=RECEIVED, answer="not_held", text="x"
    )
    services.application_approve_decision(application=decided, by=approver, on=RECEIVED)

    def q(name: str) -> set[str]:
        return numbers(queue(officer, name, today=TODAY))

    assert q("due_soon") == {due_soon.number, pending.number}
    assert q("overdue") == {overdue.number}
    assert q("to_register") == {online.number}
    assert q("awaiting_applicant") == {correcting.number}
    assert q("applicant_replied") == set()
    services.application_receive_online_reply(application=correcting, text="补正：文号为3号。")
    assert q("applicant_replied") == {correcting.number}
    assert q("awaiting_approval") == {pending.number}
    assert q("to_serve") == {decided.number}
    assert q("mine") == {due_soon.number, overdue.number, fresh.number, correcting.number, decided.number}
    assert len(q("all")) == 7
    assert queue_counts(officer, today=TODAY) == {name: len(q(name)) for name in QUEUES if name != "all"}
    # Another agency's officer sees none of them; the supervisor of the city sees all.
    assert not numbers(queue(staff.other_officer, "all", today=TODAY))
    assert len(numbers(queue(staff.supervisor, "all", today=TODAY))) == 7
    assert queue_counts(staff.other_officer, today=TODAY) == dict.fromkeys(
        queue_counts(officer, today=TODAY), 0
    )
    supervised = queue_counts(staff.supervisor, today=TODAY)
    assert supervised == {
        name: len(numbers(queue(staff.supervisor, name, today=TODAY))) for name in QUEUES if name != "all"
    }
    assert supervised["mine"] == 0
    assert supervised["overdue"] == 1


def test_the_queue_counts_are_one_count_each_beside_the_user_s_subtrees(
    file_application: FileApplication, staff: Staff, django_assert_num_queries: Any
) -> None:
    """A COUNT per queue, each on its own index: one statement counting them all reads every case of the agency
    (15 times slower for 1 000 000 cases, benchmarks/web_table3.py)."""
    file_application()
    for user in (staff.officer, staff.supervisor):
        with django_assert_num_queries(1 + len(QUEUES) - 1):  # the paths the user supervises, then the counts
            queue_counts(user, today=TODAY)


def test_search_finds_names_only_where_the_user_sees_personal_data(
    file_application: FileApplication, staff: Staff
) -> None:
    application, _ = file_application()
    found = applications_search(queue(staff.officer, "all", today=TODAY), user=staff.officer, text="马建国")
    assert numbers(found) == {application.number}
    hidden = applications_search(
        queue(staff.supervisor, "all", today=TODAY), user=staff.supervisor, text="马建国"
    )
    assert not numbers(hidden)
    by_text = applications_search(
        queue(staff.supervisor, "all", today=TODAY), user=staff.supervisor, text="规划许可"
    )
    assert numbers(by_text) == {application.number}
    assert (
        numbers(applications_search(queue(staff.officer, "all", today=TODAY), user=staff.officer, year=2025))
        == set()
    )


def test_a_queue_exports_to_xlsx_without_personal_data(
    file_application: FileApplication, staff: Staff
) -> None:
    application, _ = file_application()
    client = Client()
    client.force_login(staff.officer)
    response = client.get(reverse("office:list"), {"queue": "all", "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "申请编号"
    assert rows[1][0] == application.number
    assert "马建国" not in str(rows)
    assert AuditEvent.objects.filter(action="applications.export", actor=staff.officer).exists()
    page = client.get(reverse("office:list"), {"queue": "all", "q": "规划"}).content.decode()
    assert application.number in page


def test_each_agency_at_a_glance_open_overdue_and_answers_on_time(
    file_application: FileApplication, staff: Staff, tree: Tree
) -> None:
    """RECEIVED 2026-03-02: the reply is due 2026-03-30."""
    officer, approver = staff.officer, staff.approver
    file_application()  # open; overdue on 2026-04-01
    on_time, _ = file_application()
    on_time = services.application_propose_decision(
        application=on_time, by=officer, on=dt.date(2026, 3, 20), answer="disclosed", text="见附件。"
    )
    services.application_approve_decision(application=on_time, by=approver, on=dt.date(2026, 3, 30))
    late, _ = file_application()
    late = services.application_propose_decision(
        application=late, by=officer, on=dt.date(2026, 3, 31), answer="not_held", text="经检索没有。"
    )
    services.application_approve_decision(application=late, by=approver, on=dt.date(2026, 3, 31))
    services.application_import(
        agency=tree.bureau,
        by=officer,
        applicant=APPLICANT,
        applicant_kind="natural",
        description="旧案",
        channel="in_person",
        received_on=dt.date(2026, 1, 5),
        outcome=ImportedOutcome(answer="disclosed", closing=None, on=dt.date(2026, 3, 1)),
    )
    file_application(agency=tree.other, by=staff.other_officer)
    [bureau] = agency_case_summaries(officer, today=dt.date(2026, 4, 1), year=2026)
    assert (bureau.agency_name, bureau.open, bureau.overdue, bureau.answered, bureau.answered_late) == (
        "吴忠市审批服务管理局",
        1,
        1,
        2,
        1,
    )
    assert bureau.on_time_percent == 50
    rows = agency_case_summaries(staff.supervisor, today=dt.date(2026, 3, 15), year=2026)
    assert [(r.agency_name, r.open, r.overdue) for r in rows] == [
        ("吴忠市审批服务管理局", 1, 0),
        ("吴忠市自然资源局", 1, 0),
    ]
    assert agency_case_summaries(officer, today=dt.date(2026, 4, 1), year=2025)[0].on_time_percent is None
    # An agency working on the platform with no case yet is listed with its zeros; one without staff is not.
    quiet = agency_services.agency_create(
        name="吴忠市统计局", level="department", parent=tree.city, code="WZTJ", notice_prefix="吴统公开"
    )
    agency_services.agency_create(
        name="吴忠市档案馆", level="department", parent=tree.city, code="WZDA", notice_prefix="吴档公开"
    )
    agency_services.membership_grant(user=staff.outsider, agency=quiet, role="officer")
    rows = agency_case_summaries(staff.supervisor, today=dt.date(2026, 3, 15), year=2026)
    assert [(r.agency_name, r.open, r.answered, r.on_time_percent) for r in rows] == [
        ("吴忠市审批服务管理局", 1, 2, 50.0),
        ("吴忠市自然资源局", 1, 0, None),
        ("吴忠市统计局", 0, 0, None),
    ]
    client = Client()
    client.force_login(staff.supervisor)
    page = client.get(reverse("office:dashboard")).content.decode()
    assert 'id="agency-summary"' in page
    assert "吴忠市自然资源局" in page
    assert reverse("office:create") not in page  # a supervisor registers nothing
    officer_client = Client()
    officer_client.force_login(officer)
    assert reverse("office:create") in officer_client.get(reverse("office:dashboard")).content.decode()
