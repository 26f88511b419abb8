"""`manage.py rebuild_catalogue_index`: index every published 主动公开 item again (after the dictionary changed)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from rich.progress import Progress

from gongkai.web.catalogue.services import catalogue_rebuild


class Command(BaseCommand):
    help = "重建政府信息公开目录的全文检索索引。"

    def handle(self, *args: Any, **options: Any) -> None:
        with Progress() as progress:
            task = progress.add_task("重建索引", total=None)

            def step(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            count = catalogue_rebuild(progress=step)
        self.stdout.write(f"已索引{count}条公开信息。")
