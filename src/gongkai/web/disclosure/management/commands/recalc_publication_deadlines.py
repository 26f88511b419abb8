"""`manage.py recalc_publication_deadlines`: after the working-day calendar changed, recompute the Art. 26
deadline of every unpublished 主动公开 item (each change audited)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.web.common.clock import reset_calendar
from gongkai.web.disclosure.services import publication_deadlines_refresh


class Command(BaseCommand):
    help = "工作日历变更后，重新计算尚未公开的主动公开信息的公开期限。"

    def handle(self, *args: Any, **options: Any) -> None:
        reset_calendar()
        moved = publication_deadlines_refresh()
        self.stdout.write(f"公开期限有变化的信息：{moved}条。")
