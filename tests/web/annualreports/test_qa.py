"""What an officer and an approver do wrong in January: a stale edit form in a second tab, control characters
pasted into the narrative, the page of an action that can no longer be taken, approving one's own draft, and
the office pages on a phone in English."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from gongkai.core.errors import ReportWorkflowError
from gongkai.web.agencies import services as agency_services
from gongkai.web.annualreports import selectors, services
from gongkai.web.annualreports.models import AnnualReport
from tests.web.annualreports.test_workflow import TODAY, YEAR, fill_in, published, written
from tests.web.conftest import Staff, Tree

BASE = f"/office/annual-reports/WZSP/{YEAR}/"


def _form_data(html: str) -> dict[str, str]:
    """The edit form as the browser would send it back unchanged (text areas and inputs)."""
    found = re.findall(r'<textarea name="(\w+)"[^>]*>\n?(.*?)</textarea>', html, re.S)
    data = {name: unescape(value) for name, value in found}
    for attrs in re.findall(r"<input ([^>]*)>", html):
        name = re.search(r'name="(\w+)"', attrs)
        value = re.search(r'value="([^"]*)"', attrs)
        if name and name.group(1) != "csrfmiddlewaretoken":
            data[name.group(1)] = value.group(1) if value else ""
    return data


def test_a_stale_edit_form_does_not_overwrite_the_draft_saved_meanwhile(
    client: Client, tree: Tree, staff: Staff
) -> None:
    version = services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)
    client.force_login(staff.officer)
    first_tab = _form_data(client.get(BASE + "edit/").content.decode())
    second_tab = _form_data(client.get(BASE + "edit/").content.decode())
    assert first_tab["revision"]
    assert client.post(BASE + "edit/", first_tab | {"problems": "第一个窗口写的问题。"}).status_code == 302
    stale = client.post(BASE + "edit/", second_tab | {"preamble": "第二个窗口的开头。"})
    assert stale.status_code == 200
    page = stale.content.decode()
    assert "草稿已被保存过" in page
    assert "第二个窗口的开头。" in page  # what was typed is still there
    version.refresh_from_db()
    assert version.sections["problems"] == ["第一个窗口写的问题。"]
    assert version.sections["preamble"] != ["第二个窗口的开头。"]
    # Sent again after comparing, the form (now based on the saved draft) is saved.
    again = _form_data(page)
    assert again["revision"] == selectors.version_revision(version)
    assert client.post(BASE + "edit/", again).status_code == 302
    version.refresh_from_db()
    assert version.sections["preamble"] == ["第二个窗口的开头。"]


def test_the_service_refuses_an_edit_based_on_an_older_draft(tree: Tree, staff: Staff) -> None:
    version = services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)
    opened = selectors.version_revision(version)
    services.report_edit(version=version, by=staff.officer2, sections=written(version), based_on=opened)
    with pytest.raises(ReportWorkflowError, match="草稿已被保存过"):
        services.report_edit(
            version=version, by=staff.officer, sections={"overview": ["旧内容"]}, based_on=opened
        )


def test_control_characters_pasted_into_the_narrative_and_notes_are_not_published(
    tree: Tree, staff: Staff
) -> None:
    version = services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)
    sections = written(version)
    sections["other"] = ["收取信息处理费😀\x07\x1b0元。\x0c第二句\u200b。", "\x00\x08"]
    manual = dict.fromkeys(services.editable_cells(version), 0)
    version = services.report_edit(version=version, by=staff.officer, sections=sections, manual=manual)
    assert version.sections["other"] == ["收取信息处理费😀0元。 第二句\u200b。"]
    assert services.report_check(version=version, by=staff.officer).passed
    version = services.report_approve(version=version, by=staff.approver, on=TODAY)
    services.report_publish(version=version, by=staff.approver, on=TODAY)
    correction = services.report_correct(
        report=version.report, by=staff.officer, note="更正\x1b费用\x07金额。"
    )
    assert correction.change_note == "更正费用金额。"


def _message(response: object) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


def test_the_page_of_an_action_that_cannot_be_taken_sends_back_with_the_reason(
    client: Client, tree: Tree, staff: Staff
) -> None:
    first = published(tree, staff)
    client.force_login(staff.officer)
    response = client.get(BASE + "edit/")  # a bookmark, the back button: the report is published
    assert response.status_code == 302
    assert response["Location"] == BASE
    assert _message(response) == ["年度报告当前为“已发布”，不能“修改草稿”。"]
    assert client.get(BASE + "return/").status_code == 302  # returning is for the approver
    assert client.get(BASE + "correct/").status_code == 200
    client.post(BASE + "correct/", {"note": "更正数据。"})
    assert client.get(BASE + "correct/").status_code == 302  # a correction is already under way
    assert selectors.newest_version(first.report).number == 2  # type: ignore[union-attr]
    response = client.get("/office/annual-reports/WZSP/2020/import/")
    assert response.status_code == 302
    assert _message(response)[-1] == "“导入已发布的报告”须由负责人办理。"
    client.force_login(staff.approver)
    assert client.get("/office/annual-reports/WZSP/2020/import/").status_code == 200
    assert client.get(BASE + "edit/").status_code == 302  # the approver does not write the draft


def test_an_approver_who_drafted_the_version_cannot_approve_it(
    client: Client, tree: Tree, staff: Staff
) -> None:
    # A small agency: the approver also works as an officer; officer2 is a second approver.
    agency_services.membership_grant(user=staff.approver, agency=tree.bureau, role="officer")
    agency_services.membership_grant(user=staff.officer2, agency=tree.bureau, role="approver")
    version = services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)
    version = fill_in(version, staff.approver)
    assert services.report_check(version=version, by=staff.officer).passed
    client.force_login(staff.approver)
    html = client.get(BASE).content.decode()
    assert 'data-action="return"' in html
    assert 'data-action="approve"' not in html
    with pytest.raises(ReportWorkflowError, match="不能审批同意自己的草稿"):
        services.report_approve(version=version, by=staff.approver, on=TODAY)
    version.refresh_from_db()
    assert version.status == "checked"
    client.force_login(staff.officer2)
    assert 'data-action="approve"' in client.get(BASE).content.decode()
    assert services.report_approve(version=version, by=staff.officer2, on=TODAY).status == "approved"


def test_the_office_tables_scroll_on_a_phone_and_labels_take_the_english_colon(
    client: Client, tree: Tree, staff: Staff
) -> None:
    published(tree, staff)
    client.force_login(staff.officer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    index = client.get("/office/annual-reports/").content.decode()
    assert re.search(r'<div class="table-scroll"><table class="report-years"', index)
    detail = client.get(BASE).content.decode()
    versions = detail[detail.index('id="versions-heading"') :]
    assert re.search(r'</h2>\s*<div class="table-scroll"><table>', versions)
    for label in ("Deadline", "Checked at", "Published"):
        assert f"{label}: " in detail
        assert f"{label}：" not in detail


@pytest.mark.parametrize("on", ["2026-01-20", "2026-01-31", "2026-02-02"])
def test_the_deadline_banner_speaks_the_page_language(tree: Tree, staff: Staff, on: str) -> None:
    found = selectors.agency_reminders(year=2025, today=dt.date.fromisoformat(on), top=tree.bureau)
    assert len(found) == 1
    with translation.override("zh-hans"):
        chinese = render_to_string("annualreports/reminder_banner.html", {"reminders": found})
    assert f"<strong>吴忠市审批服务管理局</strong>：{found[0].reminder.message}" in chinese
    with translation.override("en"):
        english = render_to_string("annualreports/reminder_banner.html", {"reminders": found})
    text = re.sub(r"<[^>]+>", "", english).replace("吴忠市审批服务管理局", "")
    assert "The 2025 annual report on open government information" in text
    assert "2026-01-31" in text
    assert "(now: Not started)" in text
    assert re.search(r"[\u4e00-\u9fff：]", text) is None


def test_the_approver_approves_only_the_content_they_read(client: Client, tree: Tree, staff: Staff) -> None:
    version = services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)
    version = fill_in(version, staff.officer)
    assert services.report_check(version=version, by=staff.officer).passed
    client.force_login(staff.approver)
    page = client.get(BASE).content.decode()
    read = re.search(r'name="revision" value="(\w+)"', page)
    assert read is not None
    # Meanwhile the officer changes the text and checks again: the approver's page is stale.
    sections = dict(version.sections, problems=["改写后的问题。"])
    version = services.report_edit(version=version, by=staff.officer, sections=sections)
    assert services.report_check(version=version, by=staff.officer).passed
    response = client.post(BASE + "approve/", {"revision": read.group(1)}, follow=True)
    assert "报告内容已被修改并重新校验" in response.content.decode()
    version.refresh_from_db()
    assert version.status == "checked"
    fresh = re.search(r'name="revision" value="(\w+)"', response.content.decode())
    assert fresh is not None
    assert fresh.group(1) != read.group(1)
    client.post(BASE + "approve/", {"revision": fresh.group(1)})
    version.refresh_from_db()
    assert version.status == "approved"


def test_the_public_list_of_reports_takes_the_same_queries_for_many_agencies(
    client: Client, tree: Tree, staff: Staff
) -> None:
    def count() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/annual-reports/").content.decode()
        return len(queries), html

    published(tree, staff)
    few, html = count()
    assert f"/annual-reports/WZSP/{YEAR}/" in html
    # Two more agencies with a published report of their own.
    for code, name in (("WZA", "吴忠市第一局"), ("WZB", "吴忠市第二局")):
        agency = agency_services.agency_create(
            name=name, level="department", code=code, notice_prefix=code, parent=tree.city
        )
        AnnualReport.objects.create(
            agency=agency, subject=name, year=YEAR, newest_status="published", first_published_on=TODAY
        )
    many, html = count()
    assert f"/annual-reports/WZA/{YEAR}/" in html
    assert f"/annual-reports/WZB/{YEAR}/" in html
    assert many <= few
