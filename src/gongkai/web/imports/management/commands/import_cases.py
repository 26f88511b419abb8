"""`manage.py import_cases FILE --agency CODE --user NAME [--dry-run]` with a progress bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import Progress

from gongkai.web.agencies.selectors import agency_by_code
from gongkai.web.imports.services import import_cases, read_table


class Command(BaseCommand):
    help = "导入历史申请案件（XLSX 或 CSV）。先用 --dry-run 检查。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--agency", required=True, help="机关简码，例如 WZSP")
        parser.add_argument("--user", required=True, help="以哪位承办人的名义导入（用户名）")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}", returncode=2)
        agency = agency_by_code(options["agency"])
        if agency is None:
            raise CommandError(f"没有简码为“{options['agency']}”的机关。", returncode=2)
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"没有用户“{options['user']}”。", returncode=2)
        try:
            rows = read_table(path.read_bytes(), path.name)
        except ValidationError as error:
            raise CommandError("；".join(error.messages), returncode=2) from error
        for skipped in rows.skipped:
            self.stdout.write(f"第{skipped.number}行是{skipped.reason}，已跳过：{skipped.text}")
        with Progress(transient=True) as bar:
            task = bar.add_task("导入中", total=len(rows))
            result = import_cases(
                agency=agency,
                by=user,
                rows=rows,
                dry_run=options["dry_run"],
                progress=lambda done: bar.update(task, completed=done),
            )
        for row_error in result.errors:
            column = f"“{row_error.column}”列" if row_error.column else ""
            self.stderr.write(f"第{row_error.row}行{column}：{row_error.message}")
        if result.errors:
            raise CommandError(f"{len(result.errors)}处错误，未导入任何案件。")
        verb = "检查通过，可导入" if result.dry_run else "已导入"
        self.stdout.write(f"{verb}{result.imported}件（共{result.rows}行）。")
