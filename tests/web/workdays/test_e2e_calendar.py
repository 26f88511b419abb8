"""In headless Chromium: the dashboard warns that next year's holidays are missing, the administrator pastes the
notice, previews what it moves and loads it; every page checked with axe-core. Screenshots:
var/screenshots/calendar-*.png."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from gongkai.web.applications.models import Application
from gongkai.web.common.clock import reset_calendar
from tests.core.workdays.samples import HYPOTHETICAL_NOTICE_2027
from tests.web.browser import Shots, browser, login
from tests.web.conftest import FileApplication, Staff, TodayIs

__all__ = ["browser"]  # the fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_an_administrator_loads_next_year_from_the_notice(
    live_server: Any,
    browser: Any,
    staff: Staff,
    file_application: FileApplication,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    today_is: TodayIs,
) -> None:
    today = dt.date(2026, 11, 27)
    today_is(dt.date(2026, 12, 15))  # the case below arrives then
    monkeypatch.setattr("gongkai.web.workdays.views.today", lambda: today)
    monkeypatch.setattr("gongkai.web.applications.views.today", lambda: today)
    staff.admin.is_superuser = True
    staff.admin.save()
    case, _ = file_application(arrived_on=dt.date(2026, 12, 15))
    directory = tmp_path / "calendar"
    directory.mkdir()
    shots = Shots("calendar")
    reset_calendar()
    try:
        with override_settings(GONGKAI_CALENDAR_DIRS=[directory]):
            page = login(browser, live_server.url, staff.admin.username)
            assert "2027年的法定节假日安排尚未载入" in page.locator("#calendar-missing").inner_text()
            shots.take(page, "dashboard")
            page.get_by_role("link", name="载入工作日历").click()
            page.wait_for_url(f"{live_server.url}/office/calendar/")
            shots.take(page, "page")
            page.get_by_label("通知全文").fill(HYPOTHETICAL_NOTICE_2027)
            page.get_by_role("button", name="读取并预览").click()
            page.wait_for_selector("#notice-preview")
            assert case.number in page.locator("#deadline-changes").inner_text()
            assert (
                "国庆节" in page.locator("#holidays-missing").inner_text()
            )  # the sample is not a whole notice
            shots.take(page, "preview")
            page.get_by_label("通知中缺少部分节日的安排，仍然载入").check()
            page.get_by_role("button", name="确认载入").click()
            page.wait_for_selector(".messages")
            assert "已载入2027年的节假日安排" in page.locator(".messages").inner_text()
            assert page.locator("#next-year-missing").count() == 0
            shots.take(page, "loaded")
    finally:
        reset_calendar()
    case = Application.objects.get(pk=case.pk)
    assert (case.reply_due, case.reply_due_provisional) == (dt.date(2027, 1, 13), False)
