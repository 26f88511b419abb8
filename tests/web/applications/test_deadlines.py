"""Deadlines on the case follow the calendar: a local holiday added to the calendar moves open cases' dates,
each change written to the audit log; closed cases are left alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from gongkai.web.applications import services
from gongkai.web.audit.models import AuditEvent
from gongkai.web.common.clock import reset_calendar
from tests.web.conftest import FileApplication, Staff

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


def test_a_deadline_in_an_unpublished_year_is_provisional(file_application: FileApplication) -> None:
    application, _ = file_application(arrived_on=dt.date(2026, 12, 15))
    assert application.reply_due is not None
    assert application.reply_due.year == 2027
    assert application.reply_due_provisional is True
