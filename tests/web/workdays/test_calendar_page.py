"""The calendar page: a system administrator pastes next year's notice, previews what it moves, and loads it —
the file written, every open case's deadline recalculated with an audit event; the dashboard says so loudly
while next year is missing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from gongkai.web.applications import services
from gongkai.web.applications.models import Application
from gongkai.web.audit.models import AuditEvent
from gongkai.web.common.clock import reset_calendar
from tests.core.workdays.samples import HYPOTHETICAL_NOTICE_2027
from tests.web.conftest import FileApplication, Staff, TodayIs, reasons_asked_and_received

TODAY = dt.date(2026, 11, 27)
URL = "/office/calendar/"


@pytest.fixture
def calendar_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    directory = tmp_path / "calendar"
    directory.mkdir()
    monkeypatch.setattr("gongkai.web.workdays.views.today", lambda: TODAY)
    monkeypatch.setattr("gongkai.web.applications.views.today", lambda: TODAY)
    reset_calendar()
    with override_settings(GONGKAI_CALENDAR_DIRS=[directory]):
        yield directory
    reset_calendar()


@pytest.fixture
def administrator(staff: Staff) -> Client:
    staff.admin.is_superuser = True
    staff.admin.save()
    client = Client()
    client.force_login(staff.admin)
    return client


def test_only_a_system_administrator_sees_the_page(staff: Staff, calendar_dir: Path) -> None:
    assert Client().get(URL).status_code == 302  # to the login page
    for user in (staff.officer, staff.approver, staff.supervisor):
        client = Client()
        client.force_login(user)
        assert client.get(URL).status_code == 404
        assert client.post(URL, {"text": HYPOTHETICAL_NOTICE_2027, "step": "load"}).status_code == 404
    assert not list(calendar_dir.iterdir())


def test_a_reply_date_the_agency_set_in_next_year_is_not_counted_as_provisional(
    file_application: FileApplication, staff: Staff, calendar_dir: Path, today_is: TodayIs
) -> None:
    """Art. 35: the approver set a later reply date in 2027; it is the agency's date, not a count of working days,
    so the dashboard does not count it among the deadlines waiting for 2027's arrangement."""
    today_is(TODAY)
    case, _ = file_application(arrived_on=dt.date(2026, 11, 20))
    case = reasons_asked_and_received(case, by=staff.officer, on=TODAY, reasons_due=dt.date(2026, 12, 4))
    case = services.application_set_reply_date(
        application=case, by=staff.approver, on=TODAY, reply_on=dt.date(2027, 2, 26), reason="数量大"
    )
    assert (case.reply_due, case.reply_due_provisional) == (dt.date(2027, 2, 26), False)
    officer = Client()
    officer.force_login(staff.officer)
    assert "尚未载入" not in officer.get(reverse("office:dashboard")).content.decode()
    today_is(dt.date(2026, 12, 15))
    counted, _ = file_application(arrived_on=dt.date(2026, 12, 15))
    assert counted.reply_due_provisional
    dashboard = officer.get(reverse("office:dashboard")).content.decode()
    assert "2027年的法定节假日安排尚未载入：1件案件的答复期限落在2027年" in dashboard


def test_preview_then_load_moves_the_open_deadlines(
    administrator: Client,
    file_application: FileApplication,
    staff: Staff,
    calendar_dir: Path,
    today_is: TodayIs,
) -> None:
    today_is(dt.date(2026, 12, 15))
    case, _ = file_application(arrived_on=dt.date(2026, 12, 15))
    assert (case.reply_due, case.reply_due_provisional) == (dt.date(2027, 1, 12), True)
    officer = Client()
    officer.force_login(staff.officer)
    dashboard = officer.get(reverse("office:dashboard")).content.decode()
    assert "2027年的法定节假日安排尚未载入：1件案件的答复期限落在2027年" in dashboard
    assert "由系统管理员载入" in dashboard

    page = administrator.get(URL).content.decode()
    assert "2027年的节假日安排尚未载入" in page
    assert 'id="calendar-years"' in page

    preview = administrator.post(URL, {"text": HYPOTHETICAL_NOTICE_2027, "step": "preview"}).content.decode()
    assert "预览：2027年" in preview
    assert "2027年2月5日 — 2027年2月12日（8天）" in preview
    assert "将要变化或不再暂定的答复期限：1件" in preview
    # The sample notice arranges only 元旦 and 春节: said before anything is loaded, and loading needs consent.
    assert "通知中没有找到清明节、劳动节、端午节、中秋节、国庆节的安排" in preview
    assert case.number in preview
    assert "2027年1月13日" in preview
    assert not list(calendar_dir.iterdir())  # a preview writes nothing
    case.refresh_from_db()
    assert case.reply_due == dt.date(2027, 1, 12)

    refused = administrator.post(URL, {"text": HYPOTHETICAL_NOTICE_2027, "step": "load"}).content.decode()
    assert "请检查是否完整复制了通知全文" in refused
    assert not list(calendar_dir.iterdir())
    loaded = administrator.post(
        URL, {"text": HYPOTHETICAL_NOTICE_2027, "step": "load", "incomplete": "on"}, follow=True
    )
    assert "已载入2027年的节假日安排；1件案件、0条主动公开信息的期限已重新计算" in loaded.content.decode()
    assert (calendar_dir / "2027.toml").is_file()
    case.refresh_from_db()
    assert (case.reply_due, case.reply_due_provisional) == (dt.date(2027, 1, 13), False)
    [event] = AuditEvent.objects.filter(action="calendar.year_loaded")
    assert (event.details["year"], event.details["cases_moved"], event.details["replaced"]) == (
        2027,
        1,
        False,
    )
    assert AuditEvent.objects.filter(
        action="application.deadlines_recalculated", object_id=str(case.pk)
    ).exists()
    assert "尚未载入" not in officer.get(reverse("office:dashboard")).content.decode()

    again = administrator.post(
        URL, {"text": HYPOTHETICAL_NOTICE_2027, "step": "load", "incomplete": "on"}
    ).content.decode()
    assert "2027年的安排已经载入；如要以这份通知替换，请勾选“替换”" in again
    replaced = administrator.post(
        URL,
        {"text": HYPOTHETICAL_NOTICE_2027, "step": "load", "replace": "on", "incomplete": "on"},
        follow=True,
    )
    assert "已载入2027年的节假日安排；0件案件" in replaced.content.decode()


def test_a_wrong_notice_is_refused_in_chinese_and_nothing_is_written(
    administrator: Client, calendar_dir: Path
) -> None:
    wrong = HYPOTHETICAL_NOTICE_2027.replace("共8天", "共7天")
    for step in ("preview", "load"):
        page = administrator.post(URL, {"text": wrong, "step": step}).content.decode()
        assert "写明共7天，但 2027年2月5日（周五） 至 2027年2月12日（周五） 是8天" in page
    page = administrator.post(URL, {"text": "", "step": "preview"}).content.decode()
    assert "请粘贴通知全文" in page
    assert not list(calendar_dir.iterdir())
    assert not AuditEvent.objects.filter(action="calendar.year_loaded").exists()


def test_without_a_calendar_directory_the_page_previews_only(
    administrator: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("gongkai.web.workdays.views.today", lambda: TODAY)
    with override_settings(GONGKAI_CALENDAR_DIRS=[]):
        page = administrator.post(URL, {"text": HYPOTHETICAL_NOTICE_2027, "step": "preview"}).content.decode()
        assert "预览：2027年" in page
        assert "只能预览" in page
        assert 'value="load"' not in page
        refused = administrator.post(URL, {"text": HYPOTHETICAL_NOTICE_2027, "step": "load"}).content.decode()
        assert "本部署没有设置日历目录" in refused
    assert Application.objects.count() == 0
