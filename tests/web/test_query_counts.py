"""Query counts of the list and detail pages: a page asks the database the same number of times whether it shows
2 rows or 6 (no query per row, "N+1"). Each test renders its page at two sizes and compares the counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.web.agencies import services as agency_services
from gongkai.web.agencies.models import Agency
from gongkai.web.annualreports.models import AnnualReport, ReportVersion
from gongkai.web.appeals import services as appeal_services
from gongkai.web.applications import services
from gongkai.web.applications.models import Application, Notice
from gongkai.web.common import clock
from gongkai.web.disclosure import services as register_services
from gongkai.web.disclosure.models import ItemChannel
from gongkai.web.facts import services as fact_services
from gongkai.web.imports.models import ImportJob
from tests.core.workdays.samples import HYPOTHETICAL_NOTICE_2027
from tests.web.conftest import PASSWORD, RECEIVED, FileApplication, Staff, TodayIs, Tree, client_for, id_proof
from tests.web.disclosure.conftest import FORMED, MakeItem, make_item, publish, reviewer
from tests.web.supervision.test_imports import generated
from tests.web.supervision.test_sums import store
from tests.web.workdays.test_calendar_page import administrator, calendar_dir

__all__ = ["administrator", "calendar_dir", "make_item", "publish", "reviewer"]

SMALL, LARGE = 2, 6
Publish = Callable[..., Any]


@pytest.fixture(autouse=True)
def no_rate_limits(settings: Any) -> None:
    """The pages are asked several times each: the public forms' rate limits (counted in the shared cache, across
    tests) stay out of the way."""
    settings.GONGKAI_RATE_LIMITS = dict.fromkeys(settings.GONGKAI_RATE_LIMITS, "off")


def _count(
    client: Client, url: str, *, needle: str, data: dict[str, str] | None
) -> tuple[int, int, list[str]]:
    """(queries, rows shown, SQL) of one request of the page, after a first request fills the caches."""

    def fetch() -> Any:
        response = client.get(url) if data is None else client.post(url, data)
        assert response.status_code == 200, url
        return response

    fetch()
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
    return (
        len(captured),
        response.content.decode().count(needle),
        [q["sql"] for q in captured.captured_queries],
    )


def assert_flat(
    client: Client,
    url: str,
    add: Callable[[int], None],
    *,
    needle: str,
    data: dict[str, str] | None = None,
    sizes: tuple[int, int] = (SMALL, LARGE),
) -> None:
    """Render `url` (posting `data` if given) with `sizes[0]` then `sizes[1]` rows (`add(k)` adds k rows, each
    shown once as `needle`): the rows shown grow, the number of queries does not."""
    small_n, large_n = sizes
    add(small_n)
    small, shown_small, _ = _count(client, url, needle=needle, data=data)
    add(large_n - small_n)
    large, shown_large, sql = _count(client, url, needle=needle, data=data)
    assert shown_large > shown_small, (url, shown_small, shown_large)
    assert large <= small, (
        f"{url}: {small} queries with {small_n} rows, {large} with {large_n}:\n" + "\n".join(sql)
    )


class NewAgencies:
    """Departments added under the city, one at a time (吴忠市第1局 WZA, 吴忠市第2局 WZB, …)."""

    def __init__(self, tree: Tree) -> None:
        self.tree, self.made = tree, 0

    def __call__(self) -> Agency:
        self.made += 1
        return agency_services.agency_create(
            name=f"吴忠市第{self.made}局", level="department", code="WZ" + "ABCDEFGHIJ"[self.made],
            notice_prefix=f"吴{self.made}公开", parent=self.tree.city,
        )  # fmt: skip


# --- the back office: cases --------------------------------------------------------------------------------------


def _case_in(queue: str, file_application: FileApplication, staff: Staff) -> None:
    """Add one case that `queue` lists."""
    if queue == "to_register":
        file_application(register=False)
        return
    application, _ = file_application()
    if queue == "due_soon":  # received long ago, its reply now due today (as after an extension)
        Application.objects.filter(pk=application.pk).update(reply_due=clock.today())
    elif queue == "mine":
        services.application_assign(application=application, by=staff.admin, to=staff.officer)
    elif queue in {"awaiting_applicant", "applicant_replied"}:
        application = services.application_request_correction(
            application=application, by=staff.officer, on=RECEIVED, correction_due=dt.date(2026, 3, 20),
            note="请补充申请内容的文号。",
        )  # fmt: skip
        if queue == "applicant_replied":
            services.application_receive_online_reply(
                application=application, text="文号为吴审批发〔2025〕3号。"
            )
    elif queue == "awaiting_approval":
        services.application_request_extension(
            application=application, by=staff.officer, on=RECEIVED, days=10, reason="需要调取档案。"
        )
    elif queue == "to_serve":
        application = services.application_propose_decision(
            application=application, by=staff.officer, on=RECEIVED, answer="disclosed", text="见附件。"
        )
        services.application_approve_decision(application=application, by=staff.approver, on=RECEIVED)


@pytest.mark.parametrize(
    "queue",
    ["all", "mine", "to_register", "due_soon", "overdue", "awaiting_applicant", "applicant_replied",
     "awaiting_approval", "to_serve"],
)  # fmt: skip
def test_the_case_list_of_every_queue(queue: str, file_application: FileApplication, staff: Staff) -> None:
    client = client_for(staff.officer)

    def add(k: int) -> None:
        for _ in range(k):
            _case_in(queue, file_application, staff)

    assert_flat(client, f"/office/cases/?queue={queue}", add, needle='href="/office/cases/')


def test_the_case_list_of_a_supervisor_names_each_agency(
    tree: Tree, file_application: FileApplication, staff: Staff
) -> None:

    def add(k: int) -> None:
        for i in range(k):
            file_application(
                agency=tree.other if i % 2 else tree.bureau, by=staff.other_officer if i % 2 else None
            )

    assert_flat(client_for(staff.supervisor), "/office/cases/", add, needle='href="/office/cases/')


def test_the_dashboard_of_an_officer_of_several_agencies(
    tree: Tree, file_application: FileApplication, staff: Staff
) -> None:
    """Each agency the officer works for is a row of the summary."""
    new_agency = NewAgencies(tree)

    def add(k: int) -> None:
        for _ in range(k):
            agency = new_agency()
            agency_services.membership_grant(user=staff.officer, agency=agency, role="officer")
            file_application(agency=agency)

    assert_flat(client_for(staff.officer), "/office/", add, needle='<th scope="row">')


def test_the_dashboard_of_an_approver_of_several_agencies(tree: Tree, staff: Staff) -> None:
    """An approver is no case officer anywhere: whether the page offers to register a case is asked of every
    agency the approver works for."""
    new_agency = NewAgencies(tree)

    def add(k: int) -> None:
        for _ in range(k):
            agency_services.membership_grant(user=staff.approver, agency=new_agency(), role="approver")

    assert_flat(client_for(staff.approver), "/office/", add, needle='<th scope="row">')


def test_the_dashboard_of_a_supervisor(tree: Tree, file_application: FileApplication, staff: Staff) -> None:
    """Each agency of the subtree working on the platform is a row of the summary."""
    new_agency = NewAgencies(tree)

    def add(k: int) -> None:
        for _ in range(k):
            agency = new_agency()
            officer = agency_services.staff_create(
                username=f"staff{new_agency.made}", password=PASSWORD, full_name="某某"
            )
            agency_services.membership_grant(user=officer, agency=agency, role="officer")
            file_application(agency=agency, by=officer)

    assert_flat(client_for(staff.supervisor), "/office/", add, needle='<th scope="row">')


def test_the_case_page_with_its_timeline_notes_files_and_notices(
    file_application: FileApplication, staff: Staff
) -> None:
    application, _ = file_application()
    made = 0

    def add(k: int) -> None:
        nonlocal made
        for _ in range(k):
            made += 1
            services.note_add(application=application, by=staff.officer, text=f"电话联系申请人{made}")
            services.attachment_add(
                application=application, by=staff.officer2, kind="other", upload=id_proof()
            )
            Notice.objects.create(
                application=application, agency=application.agency, kind="correction", year=2026, seq=100 + made,
                number=f"吴审批公开〔2026〕{100 + made}号", issued_on=RECEIVED, title="补正告知书", body="请补正。",
                created_by=staff.officer2,
            )  # fmt: skip

    assert_flat(client_for(staff.officer), f"/office/cases/{application.pk}/", add, needle="电话联系申请人")


def test_the_applicant_s_status_page_and_notices(file_application: FileApplication, staff: Staff) -> None:
    application, code = file_application()
    application = services.application_request_correction(
        application=application, by=staff.officer, on=RECEIVED, correction_due=dt.date(2026, 3, 20),
        note="请补充申请内容的文号。",
    )  # fmt: skip
    made = 0

    def add(k: int) -> None:
        nonlocal made
        for _ in range(k):
            made += 1
            services.application_receive_online_reply(application=application, text=f"补充说明第{made}次")
            Notice.objects.create(
                application=application, agency=application.agency, kind="correction", year=2026, seq=100 + made,
                number=f"吴审批公开〔2026〕{100 + made}号", issued_on=RECEIVED, title="补正告知书", body="请补正。",
                created_by=staff.officer,
            )  # fmt: skip

    client = Client()
    lookup = {"number": application.number, "code": code}
    assert_flat(client, "/status/", add, needle="<li><time datetime=", data=lookup)
    # The link to the applicant's notices, as the status page gives it.
    token = client.post("/status/", lookup).content.decode().split("/status/documents/")[1].split("/")[0]
    assert_flat(client, f"/status/documents/{token}/", add, needle="吴审批公开〔2026〕1")


# --- the back office: the register, appeals, facts, imports, supervision, calendar -------------------------------


def test_the_register_list(make_item: MakeItem, staff: Staff) -> None:
    def add(k: int) -> None:
        for _ in range(k):
            make_item()

    assert_flat(
        client_for(staff.officer),
        "/office/disclosure/?queue=all",
        add,
        needle='href="/office/disclosure/items/',
    )


def test_the_register_list_of_published_items(make_item: MakeItem, publish: Publish, staff: Staff) -> None:
    def add(k: int) -> None:
        for _ in range(k):
            publish(make_item())

    assert_flat(
        client_for(staff.officer),
        "/office/disclosure/?queue=published",
        add,
        needle='href="/office/disclosure/items/',
    )


def test_a_register_item_with_its_history(make_item: MakeItem, staff: Staff, reviewer: Any) -> None:
    item = make_item()
    made = 0

    def add(k: int) -> None:
        nonlocal made
        nonlocal item
        for _ in range(k):
            made += 1
            item = register_services.item_submit_review(item=item, by=staff.officer, on=RECEIVED)
            item = register_services.item_return_draft(
                item=item, by=reviewer, on=RECEIVED, note=f"退回修改{made}"
            )

    assert_flat(
        client_for(staff.officer),
        f"/office/disclosure/items/{item.pk}/",
        add,
        needle='<span class="muted">退回修改',
    )


def _appeal(tree: Tree, staff: Staff, number: int, **overrides: Any) -> Any:
    fields: dict[str, Any] = {
        "agency": tree.bureau, "by": staff.officer, "kind": "reconsideration", "appellant": "马建国",
        "body": "吴忠市人民政府", "filed_on": dt.date(2025, 3, 3), "accepted_on": dt.date(2025, 3, 5),
        "on": dt.date(2025, 3, 6), "case_number": f"吴政复〔2025〕{number}号",
    }  # fmt: skip
    fields.update(overrides)
    return appeal_services.appeal_register(**fields)


@pytest.mark.parametrize("queue", ["all", "pending", "concluded"])
def test_the_appeals_ledger(queue: str, tree: Tree, staff: Staff, file_application: FileApplication) -> None:
    made = 0

    def add(k: int) -> None:
        nonlocal made
        for _ in range(k):
            made += 1
            application, _ = file_application()
            case = _appeal(tree, staff, made, application=application)
            if queue == "concluded":
                appeal_services.appeal_conclude(
                    case=case, by=staff.officer, outcome="upheld", concluded_on=dt.date(2025, 5, 6)
                )

    assert_flat(client_for(staff.officer), f"/office/appeals/?queue={queue}", add, needle="吴政复〔2025〕")


def test_an_appeal_with_its_history(tree: Tree, staff: Staff) -> None:
    case = _appeal(tree, staff, 1)
    case = appeal_services.appeal_conclude(
        case=case, by=staff.officer, outcome="upheld", concluded_on=dt.date(2025, 5, 6)
    )
    made = 0

    def add(k: int) -> None:
        nonlocal made, case
        for _ in range(k):
            made += 1
            case = appeal_services.appeal_correct_outcome(
                case=case, by=staff.officer, on=dt.date(2025, 6, 1), outcome="upheld" if made % 2 else "corrected",
                concluded_on=dt.date(2025, 5, 6), reason=f"更正登记错误{made}",
            )  # fmt: skip

    assert_flat(client_for(staff.officer), f"/office/appeals/{case.pk}/", add, needle="更正登记错误")


def test_the_facts_of_a_year(tree: Tree, staff: Staff) -> None:
    made = 0
    channels = ["weibo", "wechat", "app", "video", "weibo", "wechat"]

    def add(k: int) -> None:
        nonlocal made
        for _ in range(k):
            made += 1
            fact_services.proposal_record(
                agency=tree.bureau, by=staff.officer, kind="cppcc", title=f"关于优化营商环境的提案{made}",
                answered_on=dt.date(2025, 5, made),
            )  # fmt: skip
            fact_services.event_record(
                agency=tree.bureau, by=staff.officer, kind="open_day", title=f"政府开放日{made}",
                held_on=dt.date(2025, 9, made),
            )  # fmt: skip
            if made <= 4:
                fact_services.posts_set(
                    agency=tree.bureau, by=staff.officer, year=2025, channel=channels[made - 1], count=made
                )

    assert_flat(client_for(staff.officer), "/office/facts/?year=2025", add, needle="关于优化营商环境的提案")


def test_the_imports_page(tree: Tree, staff: Staff) -> None:
    def add(k: int) -> None:
        for _ in range(k):
            ImportJob.objects.create(
                agency=tree.bureau, created_by=staff.officer, filename="台账.xlsx", dry_run=False, rows=3,
                status=ImportJob.Status.DONE, imported=3,
            )  # fmt: skip

    # The page lists the user's 5 latest jobs.
    assert_flat(client_for(staff.officer), "/office/imports/", add, needle="台账.xlsx", sizes=(1, 4))


def test_the_supervision_dashboard(tree: Tree, staff: Staff) -> None:
    new_agency = NewAgencies(tree)

    def add(k: int) -> None:
        for _ in range(k):
            agency = new_agency()
            store(agency, generated(agency.name, 2024, new_agency.made))
            outside = f"吴忠市平台外第{new_agency.made}局"
            store(tree.city, generated(outside, 2024, new_agency.made), subject=outside)

    # Each agency on the platform is a row of the statuses, each agency off it a row of the imported reports.
    assert_flat(
        client_for(staff.supervisor),
        "/office/supervision/?agency=WZ&year=2024",
        add,
        needle='data-agency="WZ',
    )


@pytest.mark.parametrize(
    "url", ["/office/disclosure/", "/office/appeals/", "/office/facts/", "/office/supervision/"]
)
def test_a_supervisor_s_pages_over_a_growing_subtree(url: str, tree: Tree, staff: Staff) -> None:
    """A supervisor of the city, who handles no agency's records, opens a page over the city's subtree."""
    new_agency = NewAgencies(tree)

    def add(k: int) -> None:
        for _ in range(k):
            agency = new_agency()
            officer = agency_services.staff_create(
                username=f"staff{new_agency.made}", password=PASSWORD, full_name="某某"
            )
            agency_services.membership_grant(user=officer, agency=agency, role="officer")

    # Each agency is an option of the agency picker (or a row of the supervision dashboard).
    assert_flat(client_for(staff.supervisor), url, add, needle="吴忠市第")


@pytest.mark.parametrize("url", ["/office/", "/office/imports/", "/office/cases/new/", "/office/disclosure/"])
def test_an_officer_of_several_agencies(url: str, tree: Tree, staff: Staff) -> None:
    new_agency = NewAgencies(tree)

    def add(k: int) -> None:
        for _ in range(k):
            agency_services.membership_grant(user=staff.officer2, agency=new_agency(), role="approver")
            agency_services.membership_grant(user=staff.officer2, agency=new_agency(), role="officer")

    # An approver in some agencies, a case officer in others: the pages ask in which the user is a case officer.
    assert_flat(client_for(staff.officer2), url, add, needle="吴忠市第", sizes=(1, 3))


def test_the_calendar_page_previewing_a_notice(
    calendar_dir: Path, administrator: Client, file_application: FileApplication, today_is: TodayIs
) -> None:
    """Each open case whose reply deadline the notice would move is a row of the preview."""
    today_is(dt.date(2026, 12, 15))

    def add(k: int) -> None:
        for _ in range(k):
            file_application(arrived_on=dt.date(2026, 12, 15))

    preview = {"text": HYPOTHETICAL_NOTICE_2027, "step": "preview"}
    assert_flat(administrator, "/office/calendar/", add, needle="吴忠市审批服务管理局", data=preview)


# --- the public pages --------------------------------------------------------------------------------------------


def test_the_home_page(tree: Tree) -> None:
    new_agency = NewAgencies(tree)

    def add(k: int) -> None:
        for _ in range(k):
            new_agency()

    assert_flat(Client(), "/", add, needle="/guide/WZ")


def test_the_guide(make_item: MakeItem, publish: Publish) -> None:
    categories = ["a20.1", "a20.2", "a20.3", "a20.4", "a20.5", "a20.6", "a20.7"]
    made = 0

    def add(k: int) -> None:
        nonlocal made
        for _ in range(k):
            publish(make_item(category=categories[made], channels=["portal", "weibo"]))
            made += 1

    assert_flat(Client(), "/guide/WZSP/", add, needle="/catalogue/WZSP/?category=")


def test_the_catalogue_home(
    tree: Tree, staff: Staff, reviewer: Any, make_item: MakeItem, publish: Publish
) -> None:
    new_agency = NewAgencies(tree)

    def add(k: int) -> None:
        for _ in range(k):
            agency = new_agency()
            for user in (staff.officer, reviewer):
                agency_services.membership_grant(user=user, agency=agency, role="officer")
            publish(make_item(agency=agency))

    assert_flat(Client(), "/catalogue/", add, needle="吴忠市第")


@pytest.mark.parametrize(
    "url",
    [
        "/catalogue/WZSP/",
        "/catalogue/search/?q=营商环境",
        "/catalogue/search/?q=&category=a20.1",
        "/catalogue/WZSP/?q=营商环境",
    ],
)
def test_the_catalogue_lists_and_searches(url: str, make_item: MakeItem, publish: Publish) -> None:
    made = 0

    def add(k: int) -> None:
        nonlocal made
        for _ in range(k):
            made += 1
            publish(make_item(title=f"关于优化营商环境第{made}批措施的通知", channels=["portal", "weibo"]))

    assert_flat(Client(), url, add, needle="批措施的通知")


def test_a_catalogue_item_with_its_channels_and_validity(
    make_item: MakeItem, publish: Publish, staff: Staff
) -> None:
    """A normative document published through ever more channels, amended ever more times."""
    item = publish(make_item(category="a20.1", document_kind="normative", channels=["portal"]))
    register_services.document_record(
        item=item, by=staff.officer, kind="issued", on=FORMED, instrument="吴审批规发〔2026〕1号"
    )
    channels = ["gazette", "weibo", "wechat", "app", "video", "newspaper"]
    made = 0

    def add(k: int) -> None:
        nonlocal made
        for _ in range(k):
            made += 1
            ItemChannel.objects.create(item=item, channel=channels[made - 1])
            register_services.document_record(
                item=item, by=staff.officer, kind="amended", on=dt.date(2026, 4, made),
                instrument=f"吴审批规发〔2026〕{made + 1}号",
            )  # fmt: skip

    assert_flat(Client(), f"/catalogue/WZSP/items/{item.pk}/", add, needle="、")


def test_the_published_annual_reports_list(tree: Tree) -> None:
    """Each agency with a published report of its own is a row (its years as links)."""
    new_agency = NewAgencies(tree)

    def add(k: int) -> None:
        for _ in range(k):
            agency = new_agency()
            for year in (2023, 2024):
                store(agency, generated(agency.name, year, year))

    assert_flat(Client(), "/annual-reports/", add, needle="/annual-reports/WZ")


def test_a_published_annual_report_with_its_versions(tree: Tree) -> None:
    """Each version published (the first and its corrections) is listed on the report's page."""
    store(tree.bureau, generated(tree.bureau.name, 2024, 1))
    report = AnnualReport.objects.get(agency=tree.bureau, year=2024)
    first = ReportVersion.objects.get(report=report)

    def add(k: int) -> None:
        for _ in range(k):
            ReportVersion.objects.filter(report=report, status="published").update(status="superseded")
            number = ReportVersion.objects.filter(report=report).count() + 1
            ReportVersion.objects.create(
                report=report, number=number, status="published", record_cells=first.record_cells,
                change_note=f"第{number}次更正。", published_on=dt.date(2025, 2, number),
            )  # fmt: skip

    assert_flat(Client(), "/annual-reports/WZSP/2024/", add, needle="/annual-reports/WZSP/2024/v")
