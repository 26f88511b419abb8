"""`manage.py recalc_deadlines`: after the working-day calendar changed, recompute every open case's deadlines
(each change is written to the audit log)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.web.applications.services import deadlines_recalculate_open
from gongkai.web.common.clock import reset_calendar


class Command(BaseCommand):
    help = "工作日历变更后，重新计算所有未办结案件的期限（变更写入审计日志）。"

    def handle(self, *args: Any, **options: Any) -> None:
        reset_calendar()
        moved = deadlines_recalculate_open()
        for application in moved:
            self.stdout.write(f"{application.number}：答复期限 {application.reply_due}")
        self.stdout.write(f"共{len(moved)}件案件的期限发生变化。")
