"""`gongkai web …`: the web system's commands, delegating to Django's management commands.

gongkai web serve [--demo] [--host H] [--port P]   set up the database (and the demo) and start the server
gongkai web demo                                   load the demo agency, staff and cases (idempotent)
gongkai web import-cases FILE --agency C --user U [--dry-run]   FILE: .xlsx, .xls or .csv
gongkai web import-template OUT.xlsx               the blank workbook to fill in for import-cases
gongkai web recalc-deadlines                       after the working-day calendar changed (cases, register)
gongkai web manage ARGS…                           any Django management command
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

__all__ = ["register"]

DEFAULT_SETTINGS = "gongkai.web.settings.dev"


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django

    django.setup()


def _call(name: str, *args: str, **options: Any) -> None:
    _django()
    from django.core.management import call_command

    call_command(name, *args, **options)


def _serve(args: argparse.Namespace) -> int:
    _call("migrate", interactive=False, verbosity=0)
    if args.demo:
        _call("load_demo")
    url = f"http://{args.host}:{args.port}/"
    print(f"Gongkai 已启动：{url}   （办理后台：{url}office/，按 Ctrl+C 停止）", flush=True)
    _call("runserver", f"{args.host}:{args.port}", use_reloader=False)
    return 0


def _demo(args: argparse.Namespace) -> int:
    _call("migrate", interactive=False, verbosity=0)
    _call("load_demo")
    return 0


def _import(args: argparse.Namespace) -> int:
    from django.core.management.base import CommandError

    try:
        _call("import_cases", str(args.file), agency=args.agency, user=args.user, dry_run=args.dry_run)
    except CommandError as error:
        print(f"错误：{error}", file=sys.stderr)
        return error.returncode
    return 0


def _import_template(args: argparse.Namespace) -> int:
    _django()
    from gongkai.web.imports.workbook import case_import_workbook

    out = Path(args.out)
    try:
        out.write_bytes(case_import_workbook())
    except OSError as error:
        print(f"错误：无法写入 {out}：{error.strerror}", file=sys.stderr)
        return 2
    print(f"已写入导入模板：{out}")
    return 0


def _recalc(args: argparse.Namespace) -> int:
    # Both kinds of stored deadline rest on the calendar: the cases' and the register's (Art. 26).
    _call("recalc_deadlines")
    _call("recalc_publication_deadlines")
    return 0


def _manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    from gongkai.web.manage import main

    return main(list(args.args))


def register(subparsers: Any) -> None:
    web = subparsers.add_parser(
        "web",
        help="政府信息公开申请办理系统（网页）",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = web.add_subparsers(dest="web_command", metavar="WEB_COMMAND", required=True)

    serve = sub.add_parser("serve", help="初始化数据库并启动网页服务")
    serve.add_argument("--demo", action="store_true", help="同时载入演示数据")
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", default=os.environ.get("PORT", "8000"))
    serve.set_defaults(handler=_serve)

    demo = sub.add_parser("demo", help="载入演示机关、工作人员和案件")
    demo.set_defaults(handler=_demo)

    imports = sub.add_parser("import-cases", help="导入历史申请案件（XLSX、XLS 或 CSV）")
    imports.add_argument("file")
    imports.add_argument("--agency", required=True, help="机关简码，例如 WZSP")
    imports.add_argument("--user", required=True, help="以哪位承办人的名义导入")
    imports.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    imports.set_defaults(handler=_import)

    template = sub.add_parser(
        "import-template", help="写出导入历史案件用的 Excel 模板（含下拉选项和填写说明）"
    )
    template.add_argument("out", metavar="OUT.xlsx")
    template.set_defaults(handler=_import_template)

    recalc = sub.add_parser("recalc-deadlines", help="工作日历变更后重新计算未办结案件和未公开信息的期限")
    recalc.set_defaults(handler=_recalc)

    manage = sub.add_parser("manage", help="运行 Django 管理命令")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=_manage)
