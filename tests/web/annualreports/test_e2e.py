"""In headless Chromium: an officer takes the year's annual report from the records to a checked draft, the
approver approves and publishes it, the public reads it and downloads PDF, DOCX and JSON that parse back to the
same cells; a supervisor imports a batch of mixed-format reports and reads the subtree dashboard.
Screenshots: var/screenshots/annual-*.png."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from gongkai.core.report import io
from gongkai.core.report.workflow import year_due
from gongkai.web.annualreports import selectors
from gongkai.web.common.clock import today
from tests.web.browser import Shots, browser, login, new_page
from tests.web.conftest import Staff, Tree
from tests.web.supervision.test_imports import batch_files

__all__ = ["browser"]  # the fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def press(page: Any, action: str) -> None:
    page.locator(f'[data-action="{action}"]').click()
    page.wait_for_load_state()
    assert page.locator(".message.error").count() == 0, page.locator(".message.error").all_inner_texts()


def test_officer_approver_public_and_supervisor(
    live_server: Any, browser: Any, tree: Tree, staff: Staff
) -> None:
    base = live_server.url
    year = year_due(today())
    shots = Shots("annual")

    # The officer: the banner reminds of the deadline; the draft is made from the records.
    officer = login(browser, base, "officer")
    assert officer.locator(".deadline-banner").count() == 1
    shots.take(officer, "office-banner")
    officer.get_by_role("navigation", name="主导航").get_by_role("link", name="年度报告").click()
    officer.locator(f'tr[data-year="{year}"]').get_by_role("link").click()
    press(officer, "create")
    assert officer.locator("#table-t3").count() == 1
    assert officer.locator(".finding-list li").count() > 0
    shots.take(officer, "draft-with-findings")

    # Check refuses while prompts and blank figures remain; the findings sit next to their cells.
    press_check = officer.locator('[data-action="check"]')
    press_check.click()
    officer.wait_for_load_state()  # the click waits only until the next page starts loading
    assert officer.locator(".message.error").count() == 1
    assert officer.locator("td.has-error .finding-ref").count() > 0
    shots.take(officer, "check-refused")

    officer.locator('[data-action="edit"]').click()
    for name in ("overview", "problems", "other"):
        area = officer.locator(f'textarea[name="{name}"]')
        area.fill(re.sub(r"【请[^】]*】", "本机关已按要求完成相关工作", area.input_value()))
    for field in officer.locator('input[name^="cell__"]').all():
        field.fill("0")
    shots.take(officer, "edit")
    officer.get_by_role("button", name="保存草稿").click()
    officer.wait_for_load_state()
    press(officer, "check")
    assert officer.locator("#report-status [data-status]").get_attribute("data-status") in {"checked", "late"}
    assert officer.locator(".message.success").count() >= 1
    shots.take(officer, "checked")

    # The approver approves and publishes.
    approver = login(browser, base, "approver")
    approver.goto(f"{base}/office/annual-reports/WZSP/{year}/")
    press(approver, "approve")
    press(approver, "publish")
    shots.take(approver, "published")
    report = selectors.report_for(tree.bureau, year)
    assert report is not None
    version = selectors.published_version(report)
    assert version is not None
    cells = dict(selectors.version_report(version).cells)

    # The public reads it and downloads the files, which parse back to the same cells.
    public = new_page(browser)
    public.goto(f"{base}/")
    public.get_by_role("navigation", name="主导航").get_by_role("link", name="年度报告").click()
    public.get_by_role("link", name=re.compile(f"^{year}年")).click()
    assert (
        public.locator("#report-title").inner_text()
        == f"吴忠市审批服务管理局{year}年政府信息公开工作年度报告"
    )
    shots.take(public, "public-report")
    for fmt in ("pdf", "docx", "json"):
        href = public.locator(f'.downloads a[data-format="{fmt}"]').get_attribute("href")
        response = public.request.get(f"{base}{href}")
        assert response.ok
        parsed = io.parse_bytes(response.body(), name=f"report.{fmt}")
        assert dict(parsed.report.cells) == cells, fmt

    # The supervisor imports a batch and reads the subtree.
    supervisor = login(browser, base, "supervisor")
    supervisor.get_by_role("navigation", name="主导航").get_by_role("link", name="年报监督").click()
    shots.take(supervisor, "dashboard-before-import")
    supervisor.get_by_role("link", name="导入年度报告文件").click()
    folder = settings.VAR_DIR / "e2e-import"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content in batch_files():
        path = folder / name
        path.write_bytes(content)
        paths.append(str(path))
    supervisor.get_by_label("年度报告文件").set_input_files(paths)
    supervisor.get_by_role("button", name="导入").click()
    supervisor.wait_for_url(re.compile(r"/import/\d+/$"))
    assert supervisor.locator('tr[data-ok="1"]').count() == 8
    assert supervisor.locator('tr[data-ok="0"]').count() == 3
    shots.take(supervisor, "import-results")
    supervisor.goto(f"{base}/office/supervision/?agency=WZ&year=2024")
    assert supervisor.locator("#external tbody tr").count() == 7
    assert supervisor.locator("svg.bar-chart").count() == 3
    shots.take(supervisor, "dashboard-2024")
    supervisor.goto(f"{base}/office/supervision/?agency=WZ&year={year}")
    row = supervisor.locator('tr[data-agency="WZSP"] [data-status]')
    assert row.get_attribute("data-status") == "published"
    shots.take(supervisor, "dashboard-this-year")


def test_the_approver_imports_an_earlier_published_report(
    live_server: Any, browser: Any, tree: Tree, staff: Staff
) -> None:
    base = live_server.url
    shots = Shots("annual-import")
    approver = login(browser, base, "approver")
    approver.goto(f"{base}/office/annual-reports/WZSP/2021/")
    approver.locator('[data-action="import"]').click()
    approver.wait_for_load_state()
    shots.take(approver, "form")
    doc = Path(__file__).resolve().parents[2] / "fixtures" / "doc" / "wuzhong-approval-bureau-2021.doc"
    approver.get_by_label("已发布的年度报告文件").set_input_files(str(doc))
    approver.get_by_label("发布日期").fill("2022-01-20")
    approver.get_by_role("button", name="导入").click()
    approver.wait_for_url(re.compile(r"/office/annual-reports/WZSP/2021/$"))
    assert approver.locator(".message.warning").count() == 1  # the five blank 行政复议 cells
    assert approver.locator("#report-status [data-status]").get_attribute("data-status") == "published"
    shots.take(approver, "imported")

    public = new_page(browser)
    public.goto(f"{base}/annual-reports/WZSP/2021/")
    original = public.locator('.downloads a[data-format="original"]')
    assert original.inner_text().endswith("（wuzhong-approval-bureau-2021.doc）")
    response = public.request.get(f"{base}{original.get_attribute('href')}")
    assert response.ok
    assert response.body() == doc.read_bytes()
    shots.take(public, "public")
