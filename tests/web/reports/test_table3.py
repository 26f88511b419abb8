"""Table 三 from the records: every identity holds by construction, on any set of cases; drill-down agrees."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.cases import ApplicantKind
from gongkai.core.report.rules import validate
from gongkai.core.report.templates import TEMPLATE_2021
from gongkai.web.applications import services
from gongkai.web.applications.models import Application
from gongkai.web.applications.selectors import table3_bare_counts, table3_cell_applications, table3_counts
from gongkai.web.reports.selectors import table3_report
from tests.web.conftest import FileApplication, Staff, Tree

YEAR = 2025
KINDS = [k.value for k in ApplicantKind]
ROWS = list(TEMPLATE_2021.outcome_rows)


@st.composite
def case_rows(draw: Any) -> tuple[str, dt.date, dt.date | None, str]:
    kind = draw(st.sampled_from(KINDS))
    received = draw(st.dates(dt.date(YEAR - 2, 1, 1), dt.date(YEAR + 1, 6, 30)))
    decided = draw(st.one_of(st.none(), st.dates(received, received + dt.timedelta(days=500))))
    row = draw(st.sampled_from(ROWS)) if decided else ""
    return kind, received, decided, row


def insert(tree: Tree, rows: list[tuple[str, dt.date, dt.date | None, str]]) -> None:
    now = timezone.now()
    Application.objects.bulk_create(
        Application(
            agency=tree.bureau,
            number=f"T-{i}",
            year=received.year,
            seq=i,
            query_digest="x",
            status="processing",
            channel="online",
            applicant_kind=kind,
            description="x",
            requested_form="paper",
            delivery="post",
            submitted_at=now,
            arrived_on=received,
            received_on=received,
            outcome_on=decided,
            outcome_row=row,
        )
        for i, (kind, received, decided, row) in enumerate(rows)
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(case_rows(), max_size=40))
def test_identities_hold_for_any_set_of_cases(tree: Tree, rows: list[Any]) -> None:
    with transaction.atomic():
        insert(tree, rows)
        cells = table3_counts(agency_ids=[tree.bureau.pk], year=YEAR)
        previous = table3_counts(agency_ids=[tree.bureau.pk], year=YEAR - 1)
        transaction.set_rollback(True)
    first, last = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    for column in [*KINDS, "total"]:
        c = {
            row: cells[f"t3.{row}.{column}"]
            for row in ["new", "carried_over", *ROWS, "total", "carried_forward"]
        }
        assert c["new"] + c["carried_over"] == c["total"] + c["carried_forward"]
        assert c["total"] == sum(c[row] for row in ROWS)
        assert cells[f"t3.carried_over.{column}"] == previous[f"t3.carried_forward.{column}"]
    for row in ["new", "carried_over", *ROWS, "total", "carried_forward"]:
        assert cells[f"t3.{row}.total"] == sum(cells[f"t3.{row}.{k}"] for k in KINDS)
    # Against a direct count in Python.
    expected_new = sum(1 for _, r, _, _ in rows if first <= r <= last)
    expected_forward = sum(1 for _, r, d, _ in rows if r <= last and (d is None or d > last))
    assert cells["t3.new.total"] == expected_new
    assert cells["t3.carried_forward.total"] == expected_forward
    from gongkai.core.report.model import Report

    report = Report(template="2021", agency="x", year=YEAR, cells=cells)
    before = Report(template="2021", agency="x", year=YEAR - 1, cells=previous)
    t3_errors = [f for f in validate(report, previous=before) if any(c.startswith("t3.") for c in f.cells)]
    assert t3_errors == []


def test_the_issue_scenario_is_counted_once_in_partial(
    file_application: FileApplication, staff: Staff, tree: Tree
) -> None:
    _decided_in_january(file_application, staff, answer="partial")
    cells_2025 = table3_counts(agency_ids=[tree.bureau.pk], year=2025)
    cells_2026 = table3_counts(agency_ids=[tree.bureau.pk], year=2026)
    nonzero_2025 = {k: v for k, v in cells_2025.items() if v}
    nonzero_2026 = {k: v for k, v in cells_2026.items() if v}
    assert nonzero_2025 == {
        "t3.new.commercial": 1,
        "t3.new.total": 1,
        "t3.carried_forward.commercial": 1,
        "t3.carried_forward.total": 1,
    }
    assert nonzero_2026 == {
        "t3.carried_over.commercial": 1,
        "t3.carried_over.total": 1,
        "t3.partial.commercial": 1,
        "t3.partial.total": 1,
        "t3.total.commercial": 1,
        "t3.total.total": 1,
    }
    result = table3_report(tree.bureau, 2026)
    assert result.findings == ()
    assert result.report.cells["t3.partial.commercial"] == 1


def _decided_in_january(file_application: FileApplication, staff: Staff, *, answer: str) -> Application:
    """A company's request received on 22 December 2025 and answered on 7 January 2026."""
    application, _ = file_application(arrived_on=dt.date(2025, 12, 22), kind="commercial", applicant=_org())
    a = services.application_propose_decision(
        application=application, by=staff.officer, on=dt.date(2026, 1, 6), answer=answer, text="答复。"
    )
    return services.application_approve_decision(application=a, by=staff.approver, on=dt.date(2026, 1, 7))


def _org() -> services.ApplicantData:
    return services.ApplicantData(
        name="吴忠市某商贸有限公司",
        id_type="credit_code",
        id_number="91640300MA76XXXX1Y",
        phone="0953-1234567",
        address="吴忠市利通区",
        contact_name="王经理",
    )


def test_drill_down_lists_exactly_the_cases_of_each_cell(tree: Tree) -> None:
    rows = [
        ("natural", dt.date(2024, 12, 30), dt.date(2025, 1, 5), "granted"),
        ("natural", dt.date(2025, 3, 3), dt.date(2025, 3, 20), "granted"),
        ("legal", dt.date(2025, 6, 2), None, ""),
        ("legal", dt.date(2025, 12, 29), dt.date(2026, 1, 8), "partial"),
        ("research", dt.date(2023, 5, 5), dt.date(2024, 1, 1), "withheld_process"),
    ]
    insert(tree, rows)
    cells = table3_counts(agency_ids=[tree.bureau.pk], year=YEAR)
    for cell_id, value in cells.items():
        _, row, column = cell_id.split(".")
        listed = table3_cell_applications(agency_ids=[tree.bureau.pk], year=YEAR, row=row, column=column)
        assert listed.count() == value, cell_id
    assert cells["t3.carried_over.natural"] == 1
    assert cells["t3.granted.natural"] == 2
    assert cells["t3.carried_forward.legal"] == 2
    bare = table3_bare_counts(agency_ids=[tree.bureau.pk], year=YEAR)
    assert sum(n for _, _, n in bare) == 4


def test_the_table_page_links_every_cell_to_its_cases(tree: Tree, staff: Staff) -> None:
    insert(tree, [("natural", dt.date(2025, 3, 3), dt.date(2025, 3, 20), "granted")])
    client = Client()
    client.force_login(staff.officer)
    page = client.get(reverse("reports:table3"), {"year": YEAR}).content.decode()
    assert 'data-cell="t3.granted.natural"' in page
    assert page.count("/office/reports/table3/2025/") == 175
    assert "勾稽关系校验全部通过" in page
    cell = client.get(reverse("reports:cell", args=[YEAR, "granted", "natural"]), {"agency": tree.bureau.pk})
    assert "T-0" in cell.content.decode()
    assert client.get(reverse("reports:cell", args=[YEAR, "nonsense", "natural"])).status_code == 404
    other = Client()
    other.force_login(staff.other_officer)
    assert "T-0" not in other.get(reverse("reports:cell", args=[YEAR, "granted", "natural"])).content.decode()


def test_a_decided_case_links_to_the_table_cell_it_is_counted_in(
    file_application: FileApplication, staff: Staff, tree: Tree
) -> None:
    a = _decided_in_january(file_application, staff, answer="withheld_process")
    client = Client()
    client.force_login(staff.officer)
    page = client.get(reverse("office:case", args=[a.pk])).content.decode()
    link = reverse("reports:cell", args=[2026, "withheld_process", "commercial"])
    assert f'href="{link}?agency={tree.bureau.pk}"' in page
    assert "（三）不予公开 / 6.属于四类过程性信息" in page
    assert "t3.withheld_process.commercial" in page
    assert a.number in client.get(link, {"agency": tree.bureau.pk}).content.decode()
