"""The office and public pages of the workflow through the test client: buttons only for lawful actions, notes
required, corrections visible to the public, files served, the reminder banner and command."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from gongkai.core.report import io
from gongkai.web.agencies import services as agency_services
from gongkai.web.annualreports import selectors, services
from gongkai.web.annualreports.models import ReportVersion
from tests.web.annualreports.test_workflow import TODAY, YEAR, fill_in, published
from tests.web.conftest import Staff, TodayIs, Tree

BASE = f"/office/annual-reports/WZSP/{YEAR}/"


def test_the_officer_sees_only_the_lawful_buttons(client: Client, tree: Tree, staff: Staff) -> None:
    client.force_login(staff.officer)
    html = client.get(BASE).content.decode()
    assert 'data-action="create"' in html
    assert 'data-action="approve"' not in html
    client.post(BASE + "create/")
    html = client.get(BASE).content.decode()
    assert [
        a
        for a in ("create", "refresh", "edit", "check", "approve", "publish")
        if f'data-action="{a}"' in html
    ] == [
        "refresh",
        "edit",
        "check",
    ]
    client.force_login(staff.approver)
    html = client.get(BASE).content.decode()
    assert 'data-action="' not in html
    history = html[html.index('id="history-heading"') :]
    assert "李明 · " in history  # the officer's name, not the account name


def test_the_edit_page_saves_narrative_and_hand_entered_figures(
    client: Client, tree: Tree, staff: Staff
) -> None:
    version = services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)
    client.force_login(staff.officer)
    page = client.get(BASE + "edit/").content.decode()
    assert 'name="cell__t2__licensing__decisions"' in page
    assert 'name="cell__t3__new__total"' not in page
    data = {
        "preamble": "本报告依法编制。",
        "overview": "第一段。\n\n第二段。",
        "problems": "无明显问题。",
        "other": "无。",
    }
    data |= {f"cell__{c.replace('.', '__')}": "0" for c in services.editable_cells(version)}
    data["cell__t2__licensing__decisions"] = "7"
    response = client.post(BASE + "edit/", data)
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.sections["overview"] == ["第一段。", "第二段。"]
    assert selectors.version_report(version)["t2.licensing.decisions"] == 7
    html = client.get(BASE).content.decode()
    assert 'id="cell-t2.licensing.decisions"' in html
    assert "manual" in html
    bad = client.post(BASE + "edit/", data | {"cell__t2__licensing__decisions": "-1"})
    assert bad.status_code == 200
    assert "field-error" in bad.content.decode()


def test_a_failed_check_says_so_and_marks_the_cells(client: Client, tree: Tree, staff: Staff) -> None:
    services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)
    client.force_login(staff.officer)
    response = client.post(BASE + "check/", follow=True)
    html = response.content.decode()
    assert "校验未通过" in html
    assert 'class="has-error"' in html
    assert 'href="#finding-1"' in html


def test_returning_needs_a_reason_and_correcting_needs_one_too(
    client: Client, tree: Tree, staff: Staff
) -> None:
    version = services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)
    fill_in(version, staff.officer)
    services.report_check(version=version, by=staff.officer)
    client.force_login(staff.approver)
    assert "此项为必填项" in client.post(BASE + "return/", {"note": ""}).content.decode()
    assert client.post(BASE + "return/", {"note": "请补充第五部分。"}).status_code == 302
    version.refresh_from_db()
    assert (version.status, version.return_note) == ("draft", "请补充第五部分。")
    client.force_login(staff.officer)
    assert "请补充第五部分。" in client.get(BASE).content.decode()


def test_the_public_sees_versions_the_correction_note_and_the_files(
    client: Client, tree: Tree, staff: Staff
) -> None:
    first = published(tree, staff)
    client.force_login(staff.officer)
    assert client.post(BASE + "correct/", {"note": "行政许可数量有误。"}).status_code == 302
    second = selectors.newest_version(first.report)
    assert second is not None
    manual = dict(second.manual_cells, **{"t2.licensing.decisions": 9})
    second = services.report_edit(version=second, by=staff.officer, sections=second.sections, manual=manual)
    services.report_check(version=second, by=staff.officer)
    second = services.report_approve(
        version=ReportVersion.objects.get(pk=second.pk), by=staff.approver, on=TODAY
    )
    services.report_publish(version=second, by=staff.approver, on=TODAY + dt.timedelta(days=1))
    client.logout()
    html = client.get(f"/annual-reports/WZSP/{YEAR}/").content.decode()
    assert "行政许可数量有误。" in html
    assert "与第1版相比发生变化的数据" in html
    old = client.get(f"/annual-reports/WZSP/{YEAR}/v1/").content.decode()
    assert 'id="superseded-notice"' in old
    response = client.get(f"/annual-reports/WZSP/{YEAR}/v1.json")
    assert response.status_code == 200
    assert io.parse_bytes(response.content, name="v1.json").report["t2.licensing.decisions"] == 0
    html_file = client.get(f"/annual-reports/WZSP/{YEAR}/v2.html")
    assert html_file["Content-Security-Policy"].startswith("default-src 'none'")
    assert client.get(f"/annual-reports/WZSP/{YEAR}/v3.json").status_code == 404
    assert client.get(f"/annual-reports/WZSP/{YEAR}/v2.exe").status_code == 404
    assert client.get("/annual-reports/").content.decode().count(f"/annual-reports/WZSP/{YEAR}/") == 1


def test_the_preview_lists_the_findings(client: Client, tree: Tree, staff: Staff) -> None:
    services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)
    client.force_login(staff.officer)
    html = client.get(BASE + "preview/").content.decode()
    assert "检查结果" in html
    client.force_login(staff.other_officer)
    assert client.get(BASE + "preview/").status_code == 404


def test_the_banner_reminds_officers_on_office_pages_only(
    client: Client, tree: Tree, staff: Staff, settings: Any
) -> None:
    client.force_login(staff.officer)
    # The clock's today is after 1 January of the year after `year_due`: last year's report is due or overdue.
    office = client.get("/office/").content.decode()
    assert "deadline-banner" in office
    assert "吴忠市审批服务管理局" in office
    assert "deadline-banner" not in client.get("/").content.decode()
    client.force_login(staff.supervisor)
    assert "deadline-banner" not in client.get("/office/").content.decode()


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2025-12-20", "2025年度：没有需要提醒的机关。"),
        ("2026-01-20", "吴忠市审批服务管理局：2025年政府信息公开工作年度报告须在2026年1月31日前发布，距发布期限还有11天（当前：未开始）。"),
        ("2026-02-02", "吴忠市自然资源局：2025年政府信息公开工作年度报告应于2026年1月31日前发布，已逾期2天（当前：未开始）。"),
    ],
)  # fmt: skip
def test_the_reminder_command_lists_the_unpublished(
    tree: Tree, staff: Staff, today: str, expected: str
) -> None:
    out = StringIO()
    call_command("annual_report_reminders", "--year", "2025", "--today", today, stdout=out)
    assert expected in out.getvalue()


def test_the_reminder_command_skips_the_published_and_sends_mail(tree: Tree, staff: Staff) -> None:
    published(tree, staff)
    staff.other_officer.email = "zr-officer@example.gov.cn"
    staff.other_officer.save(update_fields=["email"])
    out = StringIO()
    call_command("annual_report_reminders", "--today", "2026-01-20", "--agency", "WZ", "--send", stdout=out)
    text = out.getvalue()
    assert "吴忠市审批服务管理局" not in text
    assert "吴忠市自然资源局" in text
    assert "已发送给：zr-officer@example.gov.cn" in text
    # A people's government's own report is due on 31 March: no reminder for the city before 1 March.
    assert "吴忠市人民政府" not in text
    assert [m.to for m in mail.outbox] == [["zr-officer@example.gov.cn"]]
    assert "吴忠市自然资源局2025年政府信息公开工作年度报告" in mail.outbox[0].subject
    march = StringIO()
    call_command("annual_report_reminders", "--today", "2026-03-05", "--agency", "WZ", "--send", stdout=march)
    assert (
        "吴忠市人民政府：2025年政府信息公开工作年度报告须在2026年3月31日前发布，距发布期限还有26天"
        in march.getvalue()
    )
    assert "该机关的承办人、负责人没有登记电子邮箱，未发送。" in march.getvalue()
    # A correction under way does not make a published report unpublished.
    report = selectors.report_for(tree.bureau, YEAR)
    assert report is not None
    services.report_correct(report=report, by=staff.officer, note="x")
    other = StringIO()
    call_command(
        "annual_report_reminders", "--today", "2026-01-20", "--agency", "WZSP", "--send", stdout=other
    )
    assert "没有需要提醒的机关" in other.getvalue()
    with pytest.raises(CommandError, match="没有简码为“XX”的机关"):
        call_command("annual_report_reminders", "--agency", "XX")


def test_the_office_report_list_sends_a_supervisor_to_the_supervision_page(
    client: Client, tree: Tree, staff: Staff
) -> None:
    client.force_login(staff.supervisor)
    response = client.get("/office/annual-reports/")
    assert response.status_code == 302
    assert response["Location"] == "/office/supervision/"
    client.force_login(staff.outsider)
    assert client.get("/office/annual-reports/").status_code == 404


# --- only actions that can succeed; one vocabulary of severities; readable messages ---------------------------


@pytest.fixture
def late_november(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """The office's today: 2026 has not ended."""
    day = dt.date(2026, 11, 28)
    monkeypatch.setattr("gongkai.web.annualreports.views.today", lambda: day)
    return day


@pytest.mark.parametrize("year", [2019, 2020])
def test_a_2019_format_year_can_be_imported_not_drafted(
    client: Client, tree: Tree, staff: Staff, late_november: dt.date, year: int
) -> None:
    client.force_login(staff.officer)
    html = client.get(f"/office/annual-reports/WZSP/{year}/").content.decode()
    assert 'data-action="create"' not in html
    assert "采用2019年试行格式" in html
    followed = client.post(f"/office/annual-reports/WZSP/{year}/create/", follow=True).content.decode()
    assert f"{year}年度报告采用2019年试行格式，不能由办理记录生成" in followed
    assert not selectors.report_for(tree.bureau, year)
    client.force_login(staff.approver)
    assert 'data-action="import"' in client.get(f"/office/annual-reports/WZSP/{year}/").content.decode()


def test_the_current_year_offers_neither_a_draft_nor_an_import(
    client: Client, tree: Tree, staff: Staff, late_november: dt.date
) -> None:
    page = "/office/annual-reports/WZSP/2026/"
    for user in (staff.officer, staff.approver):
        client.force_login(user)
        html = client.get(page).content.decode()
        assert 'data-action="create"' not in html
        assert 'data-action="import"' not in html
        assert "该年度尚未结束，年度结束后方可编制。" in html
    followed = client.get(page + "import/", follow=True).content.decode()
    assert "2026年尚未结束" in followed
    assert 'type="file"' not in followed


def test_findings_are_called_by_the_one_vocabulary(client: Client, tree: Tree, staff: Staff) -> None:
    version = services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)
    # A first draft: prompts left (errors) and no report of last year (info, workflow.no_previous).
    codes = {f["code"]: f["severity"] for f in version.findings}
    assert (codes["draft.placeholder"], codes["workflow.no_previous"]) == ("error", "info")
    client.force_login(staff.officer)
    html = client.get(BASE).content.decode()
    labels = re.findall(r'<span class="severity">([^<]+)</span>', html)
    assert set(labels) == {"错误", "提示"}
    position = [f["code"] for f in version.findings].index("workflow.no_previous")
    assert labels[position] == "提示"


def test_hand_entered_figures_get_chinese_messages(client: Client, tree: Tree, staff: Staff) -> None:
    services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)
    client.force_login(staff.officer)
    posted = {
        "overview": "x",
        "cell__t2__fees__amount": "1.1234567",
        "cell__t2__licensing__decisions": "2000000000",
    }
    html = client.post(BASE + "edit/", posted).content.decode()
    assert "小数不能超过6位。" in html
    assert "不能大于1000000000。" in html
    assert "位." not in html


def test_years_before_the_agency_kept_its_reports_here_are_not_late(
    client: Client, tree: Tree, staff: Staff, today_is: TodayIs
) -> None:
    today_is(dt.date(2026, 11, 28))
    agency_services.agency_update(agency=tree.bureau, by=staff.admin, reports_from=2025)
    client.force_login(staff.officer)
    index = client.get("/office/annual-reports/").content.decode()
    statuses = dict(re.findall(r'<tr data-year="(\d{4})">.*?data-status="(\w+)"', index, re.S))
    assert statuses == {
        "2025": "late",
        "2024": "before_platform",
        "2023": "before_platform",
        "2022": "before_platform",
        "2021": "before_platform",
    }
    detail = client.get("/office/annual-reports/WZSP/2024/").content.decode()
    status_line = re.search(r'<p class="report-status".*?</p>', detail, re.S)
    assert status_line is not None
    assert "平台启用前（未导入）" in status_line.group()
    assert "不计逾期" in status_line.group()
    assert "已逾期" not in status_line.group()
    client.force_login(staff.approver)
    assert 'data-action="import"' in client.get("/office/annual-reports/WZSP/2024/").content.decode()

    out = StringIO()
    call_command("annual_report_reminders", "--year", "2024", "--today", "2025-02-02", stdout=out)
    assert "吴忠市审批服务管理局" not in out.getvalue()
    assert "吴忠市自然资源局" in out.getvalue()

    client.force_login(staff.supervisor)
    dashboard = client.get("/office/supervision/?agency=WZ&year=2024").content.decode()
    assert re.search(r'data-agency="WZSP".*?data-status="before_platform"', dashboard, re.S)
    assert re.search(r'data-status="before_platform"><span class="n">1</span>平台启用前（未导入）', dashboard)

    with pytest.raises(ValidationError):
        agency_services.agency_update(agency=tree.bureau, by=staff.admin, reports_from=1999)
