"""`manage.py import_reports FILE_OR_DIR… --under CODE [--user NAME]`: import the annual reports of agencies not on
the platform, with a progress bar; every file is listed with its result (a file that cannot be read with the
Chinese reason, and nothing of it written)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from gongkai.core.errors import GongkaiError
from gongkai.core.report.formats import format_from_name
from gongkai.web.agencies.selectors import agency_by_code
from gongkai.web.common.clock import today
from gongkai.web.supervision.models import ImportBatch
from gongkai.web.supervision.services import FileResult, import_batch


def _paths(given: list[Path]) -> list[Path]:
    """The files given, a folder standing for the report files in it (by their suffix), in name order."""
    found: list[Path] = []
    for path in given:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.is_file() and format_from_name(p) is not None))
        else:
            found.append(path)
    return found


class Command(BaseCommand):
    help = "导入平台外机关的政府信息公开工作年度报告（HTML、MHTML、PDF、DOCX、XLSX、TXT、JSON），逐个校验并计入汇总。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="报告文件或包含报告文件的文件夹")
        parser.add_argument("--under", required=True, help="归入哪个机关（简码，例如 WZ）")
        parser.add_argument("--user", help="以哪位监督人员的名义导入（用户名；不填则记为系统导入）")

    def handle(self, *args: Any, **options: Any) -> None:
        under = agency_by_code(options["under"])
        if under is None:
            raise CommandError(f"没有简码为“{options['under']}”的机关。", returncode=2)
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"没有用户“{options['user']}”。", returncode=2)
        paths = _paths(options["paths"])
        missing = [p for p in paths if not p.is_file()]
        if missing:
            raise CommandError("找不到文件：" + "、".join(str(p) for p in missing), returncode=2)
        if not paths:
            raise CommandError("没有找到可导入的报告文件。", returncode=2)

        def files() -> Iterator[tuple[str, bytes]]:
            for path in paths:
                yield path.name, path.read_bytes()

        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[name]}"),
        )
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("导入中", total=len(paths), name="")

            def progress(result: FileResult) -> None:
                bar.update(task, advance=1, name=result.name)

            try:
                batch = import_batch(
                    under=under, files=files(), by=user, on=today(), origin=ImportBatch.Origin.COMMAND,
                    progress=progress,
                )  # fmt: skip
            except GongkaiError as error:
                raise CommandError(str(error), returncode=2) from error
        for result in batch.results:
            mark = "✓" if result["ok"] else "✗"
            report = f"{result['subject']} {result['year']}年 " if result["ok"] else ""
            self.stdout.write(f"{mark} {result['name']}：{report}{result['message']}")
        self.stdout.write(f"共{len(batch.results)}个文件：导入{batch.imported}个，未导入{batch.failed}个。")
        if batch.failed:
            raise CommandError(f"{batch.failed}个文件未能导入。", returncode=1)
