"""A large import in headless Chromium: the job page's progress bar moves while the rows are written, then the page
shows the result by itself. Screenshots: var/screenshots/import-*.png."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

from gongkai.web.applications.models import Application
from tests.web.browser import SHOTS, browser, login
from tests.web.conftest import Staff, Tree
from tests.web.imports.test_imports import GOOD, csv_bytes

__all__ = ["browser"]  # the fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROWS = 400


def test_the_progress_bar_moves_and_the_result_replaces_it(
    live_server: Any,
    browser: Any,
    tree: Tree,
    staff: Staff,
    tmp_path: Any,
) -> None:
    rows = [[f"2023-{n:04d}", *GOOD[n % len(GOOD)][1:]] for n in range(ROWS)]
    upload = tmp_path / "cases.csv"
    upload.write_bytes(csv_bytes(rows))
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = login(browser, live_server.url, staff.officer.username)
    page.goto(f"{live_server.url}/office/imports/")
    page.get_by_label("文件（.xlsx、.xls 或 .csv）").set_input_files(str(upload))
    page.get_by_label("试导入（只检查，不写入）").uncheck()
    page.get_by_role("button", name="开始").click()
    page.wait_for_url(re.compile(r"/office/imports/[0-9a-f-]{36}/$"))
    read_bar = "() => { const bar = document.getElementById('import-bar'); return bar ? bar.value : -1; }"
    seen: set[int] = set()
    shot = False
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if page.locator("#import-result").count():
                break
            value = int(page.evaluate(read_bar))
        except PlaywrightError:  # the page is reloading with the result
            continue
        seen.add(value)
        if 0 < value < ROWS and not shot:
            page.screenshot(path=str(SHOTS / "import-1-progress.png"), full_page=True)
            shot = True
        page.wait_for_timeout(100)
    assert any(0 < value < ROWS for value in seen), seen  # the bar moved while the rows were written
    assert f"已导入{ROWS}件" in page.locator("#import-result").inner_text()
    page.screenshot(path=str(SHOTS / "import-2-result.png"), full_page=True)
    assert Application.objects.filter(agency=tree.bureau).count() == ROWS
