"""`manage.py unreferenced_files [--delete] [--hours N]`: list (or delete) the files of the case folders that no
attachment or notice names — left by a process killed between storing a file and committing its row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from gongkai.web.applications.selectors import unreferenced_files
from gongkai.web.applications.services import unreferenced_files_delete


class Command(BaseCommand):
    help = "列出（或删除）没有任何材料或文书记录指向的案件文件。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--delete", action="store_true", help="删除这些文件（写入审计日志）")
        parser.add_argument(
            "--hours",
            type=int,
            default=1,
            help="只看多少小时前的文件（更新的可能属于正在进行的操作），默认 1",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        older_than = timezone.now() - dt.timedelta(hours=max(options["hours"], 0))
        names = unreferenced_files(older_than=older_than)
        for name in names:
            self.stdout.write(name)
        if options["delete"] and names:
            unreferenced_files_delete(names=names)
            self.stdout.write(f"已删除{len(names)}个无记录指向的文件。")
        else:
            self.stdout.write(f"共{len(names)}个无记录指向的文件。" + ("加 --delete 删除。" if names else ""))
