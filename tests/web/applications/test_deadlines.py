"""Deadlines on the case follow the calendar: a local holiday added to the calendar moves open cases' dates,
each change written to the audit log; closed cases are left alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from gongkai.web.applications import services
from gongkai.web.applications.selectors import application_deadlines_for, public_status_by_number_and_code
from gongkai.web.audit.models import AuditEvent
from gongkai.web.common import clock
from gongkai.web.common.clock import reset_calendar
from tests.core.workdays.samples import HYPOTHETICAL_2027
from tests.web.conftest import FileApplication, Staff, TodayIs

LOCAL_HOLIDAY = """\
year = 2026
kind = "local"

[[holidays]]
name = "地方节日（测试）"
first = 2026-03-16
last = 2026-03-17
"""


@pytest.fixture
def local_calendar(tmp_path: Path) -> Iterator[Path]:
    directory = tmp_path / "calendar"
    directory.mkdir()
    yield directory
    reset_calendar()


def test_a_calendar_change_moves_open_deadlines_with_an_audit_event(
    file_application: FileApplication, staff: Staff, local_calendar: Path
) -> None:
    open_case, _ = file_application()
    closed_case, _ = file_application()
    closed_case = services.application_withdraw(
        application=closed_case, by=staff.officer, on=dt.date(2026, 3, 3)
    )
    before = open_case.reply_due
    assert before == dt.date(2026, 3, 30)
    (local_calendar / "2026-local.toml").write_text(LOCAL_HOLIDAY, encoding="utf-8")
    with override_settings(GONGKAI_CALENDAR_DIRS=[local_calendar]):
        call_command("recalc_deadlines", verbosity=0)
    open_case.refresh_from_db()
    assert open_case.reply_due == dt.date(2026, 4, 1)
    [event] = AuditEvent.objects.filter(
        action="application.deadlines_recalculated", object_id=str(open_case.pk)
    )
    assert event.details["reply_due"] == ["2026-03-30", "2026-04-01"]
    assert not AuditEvent.objects.filter(
        action="application.deadlines_recalculated", object_id=str(closed_case.pk)
    )
    with override_settings(GONGKAI_CALENDAR_DIRS=[local_calendar]):
        call_command("recalc_deadlines", verbosity=0)
    assert AuditEvent.objects.filter(action="application.deadlines_recalculated").count() == 1


def test_a_deadline_in_an_unpublished_year_is_provisional(
    file_application: FileApplication, today_is: TodayIs
) -> None:
    today_is(dt.date(2026, 12, 15))
    application, _ = file_application(arrived_on=dt.date(2026, 12, 15))
    assert application.reply_due is not None
    assert application.reply_due.year == 2027
    assert application.reply_due_provisional is True


def test_an_answered_case_shows_its_reply_deadline_met_not_provisional(
    file_application: FileApplication, staff: Staff, today_is: TodayIs
) -> None:
    today_is(dt.date(2026, 12, 15))
    application, code = file_application(arrived_on=dt.date(2026, 12, 15))
    assert application.reply_due_provisional is True
    application = services.application_propose_decision(
        application=application,
        by=staff.officer,
        on=dt.date(2026, 12, 17),
        answer="partial",
        text="涉及个人信息的部分不予公开。",
    )
    before = public_status_by_number_and_code(application.number, code)
    assert before is not None
    assert before.deadlines.deadlines is not None
    assert before.deadlines.deadlines.reply.fulfilled_on is None  # proposed, not yet answered
    application = services.application_approve_decision(
        application=application, by=staff.approver, on=dt.date(2026, 12, 18)
    )
    shown = public_status_by_number_and_code(application.number, code)
    assert shown is not None
    assert shown.deadlines.deadlines is not None
    reply = shown.deadlines.deadlines.reply
    assert reply.fulfilled_on == dt.date(2026, 12, 18)
    assert reply.steps[-1].description == "作出答复"
    page = Client().post("/status/", {"number": application.number, "code": code}).content.decode()
    assert "已于2026年12月18日完成" in page
    assert "暂定" not in page
    assert "尚未载入" not in page


def test_a_withdrawn_case_answers_nothing(file_application: FileApplication, staff: Staff) -> None:
    application, _ = file_application()
    application = services.application_withdraw(
        application=application, by=staff.officer, on=dt.date(2026, 3, 3)
    )
    assert application.outcome_on == dt.date(2026, 3, 3)
    result = application_deadlines_for(application)
    assert result.deadlines is not None
    assert result.deadlines.reply.fulfilled_on is None


def test_a_running_process_counts_with_a_year_loaded_by_another(
    file_application: FileApplication,
    local_calendar: Path,
    monkeypatch: pytest.MonkeyPatch,
    today_is: TodayIs,
) -> None:
    """`gongkai workdays add-year` writes a file from another process: the web process, not restarted, sees it
    at its next look (RECHECK_EVERY); a broken file dropped there later does not stop it counting."""
    today_is(dt.date(2026, 12, 15))
    monkeypatch.setattr(clock, "RECHECK_EVERY", 0.0)
    with override_settings(GONGKAI_CALENDAR_DIRS=[local_calendar]):
        assert 2027 not in clock.workday_calendar().years
        before, _ = file_application(arrived_on=dt.date(2026, 12, 15))
        assert before.reply_due_provisional is True
        (local_calendar / "2027.toml").write_text(HYPOTHETICAL_2027, encoding="utf-8")
        assert 2027 in clock.workday_calendar().years
        after, _ = file_application(arrived_on=dt.date(2026, 12, 15))
        assert (after.reply_due, after.reply_due_provisional) == (dt.date(2027, 1, 13), False)
        (local_calendar / "2028.toml").write_text("year = 2028\n[[holidays]]\n", encoding="utf-8")
        kept = clock.workday_calendar()
        assert 2027 in kept.years
        assert kept.is_workday(dt.date(2027, 1, 4))
