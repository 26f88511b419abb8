"""`gongkai report …`: read, check, convert and compare annual reports (政府信息公开工作年度报告).

    gongkai report parse FILE [--json]                       what was read: template, agency, year, tables, problems
    gongkai report validate FILE… [--previous FILE] [--json]  the consistency checks (勾稽关系) and parse problems
    gongkai report render FILE --to FORMAT -o OUT [--findings] convert (html, docx, pdf, xlsx, txt, json)
    gongkai report diff OLD NEW [--json]                     cell-by-cell changes and the cross-year checks

Exit status: 0 fine; 1 `validate` found an error-level finding (with several files: the worst file decides), or
`diff` found an error-level cross-year finding; 2 a file could not be read or written. On a terminal the output
uses colour and tables (rich); piped, it is plain text (a reader that stops early, `| head`, ends the command
quietly: see `gongkai.cli.main`).

`validate` checks the year against today (`--today` to pretend another day): a year before 2008 or one not
ended is an error. `validate --previous` and `diff` warn when the two reports are of different agencies (names
compared without spaces, full- and half-width folded) and then skip the cross-year checks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table as RichTable

from gongkai.core.errors import GongkaiError, UnsupportedFormatError
from gongkai.core.report import io
from gongkai.core.report.formats import RENDER_FORMATS
from gongkai.core.report.model import SEVERITY_LABELS, CellValue, Finding, ParseResult, Report, Severity
from gongkai.core.report.render.json_renderer import to_dict
from gongkai.core.report.template import Table

__all__ = ["register"]

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2
_SEVERITY_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def register(subparsers: Any) -> None:
    report = subparsers.add_parser(
        "report",
        help="年度报告：读取、检查、转换、比较",
        description="政府信息公开工作年度报告：读取（TXT/HTML/DOCX/PDF/XLSX/JSON）、勾稽关系检查、格式转换和年度比较。",
    )
    sub = report.add_subparsers(dest="report_command", metavar="SUBCOMMAND", required=True)

    parse = sub.add_parser("parse", help="读取一份报告，显示识别出的格式、机关、年度和表格")
    parse.add_argument("file", type=Path, help="报告文件")
    parse.add_argument("--json", action="store_true", help="输出 JSON（开放数据格式）")
    parse.set_defaults(handler=_parse)

    validate = sub.add_parser("validate", help="检查报告的勾稽关系，列出问题及其在原文中的位置")
    validate.add_argument("files", type=Path, nargs="+", metavar="FILE", help="一份或多份报告")
    validate.add_argument("--previous", type=Path, metavar="FILE", help="上一年度的报告（跨年度检查）")
    validate.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    validate.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="按哪一天检查报告年度是否已结束（默认今天）",
    )
    validate.set_defaults(handler=_validate)

    render = sub.add_parser("render", help="把报告转换为另一种格式")
    render.add_argument("file", type=Path, help="报告文件")
    render.add_argument("--to", required=True, choices=RENDER_FORMATS, help="输出格式")
    render.add_argument("-o", "--output", required=True, type=Path, help="输出文件")
    render.add_argument("--findings", action="store_true", help="把检查结果一并写入输出")
    render.set_defaults(handler=_render)

    diff = sub.add_parser("diff", help="逐格比较两年的报告，并做跨年度检查")
    diff.add_argument("old", type=Path, help="上一年度的报告")
    diff.add_argument("new", type=Path, help="本年度的报告")
    diff.add_argument("--json", action="store_true", help="以 JSON 输出")
    diff.set_defaults(handler=_diff)


# -- output --------------------------------------------------------------------------------------------------


def _console() -> Console:
    # highlight=False: rich would otherwise colour every number in a finding's message.
    return Console(file=sys.stdout, highlight=False, soft_wrap=True)


def _line(console: Console, text: str = "") -> None:
    """One line of plain text: through rich on a terminal, as is (tabs kept) when piped."""
    if console.is_terminal:
        console.out(text, highlight=False)
    else:
        sys.stdout.write(text + "\n")


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def _cell_text(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _where(finding: Finding) -> str:
    return "；".join(dict.fromkeys(s.describe() for s in finding.sources))


def _finding_line(finding: Finding) -> str:
    where = _where(finding)
    text = f"[{SEVERITY_LABELS[finding.severity]}] {finding.code}：{finding.message}"
    return f"{text}（位置：{where}）" if where and where not in finding.message else text


def _print_findings(console: Console, findings: Sequence[Finding]) -> None:
    for finding in findings:
        line = _finding_line(finding)
        if console.is_terminal:
            console.print(line, style=_SEVERITY_STYLES[finding.severity], markup=False)
        else:
            _line(console, line)


def _counts(findings: Sequence[Finding]) -> str:
    n = {s: sum(1 for f in findings if f.severity == s) for s in Severity}
    return "，".join(f"{n[s]} 个{SEVERITY_LABELS[s]}" for s in Severity)


def _table_rows(report: Report, table: Table, *, full_labels: bool) -> tuple[list[str], list[list[str]]]:
    """A table as header + rows: one line per template row, its label (with its group path), then the values."""
    block_columns = {tuple(c.id for c in b.columns) for b in table.blocks}
    rows: list[list[str]] = []
    header: list[str] = ["项目"]
    if len(block_columns) == 1:
        header += [c.label for c in table.blocks[0].columns]
        for block in table.blocks:
            for row in block.rows:
                label = " / ".join((*row.path, row.label)) if full_labels else row.label
                values = [_cell_text(report.cells[block.cell_id(table.id, row, c)]) for c in block.columns]
                rows.append([label, *values])
        return header, rows
    header += ["栏目", "数值"]
    for block in table.blocks:
        for row in block.rows:
            for column in block.columns:
                value = _cell_text(report.cells[block.cell_id(table.id, row, column)])
                rows.append([f"{block.heading} {row.label}".strip(), column.label, value])
    return header, rows


def _print_report(console: Console, result: ParseResult, name: str) -> None:
    report = result.report
    spec = report.spec
    facts = [
        ("文件", f"{name}（{result.format}）"),
        ("格式", f"{spec.name}（{spec.id}）"),
        ("机关", report.agency or "（未识别）"),
        ("年度", str(report.year)),
    ]
    for key, value in facts:
        _line(console, f"{key}：{value}")
    numbers = {s.table: s.number for s in spec.sections if s.table}
    for table in spec.tables:
        header, rows = _table_rows(report, table, full_labels=not console.is_terminal)
        title = f"表{numbers.get(table.id, '')} {table.title}"
        if console.is_terminal:
            rich_table = RichTable(title=title, title_justify="left", show_lines=False)
            for index, column in enumerate(header):
                if index == 0:
                    rich_table.add_column(column, justify="left", overflow="fold", min_width=16, ratio=3)
                else:
                    rich_table.add_column(column, justify="right", overflow="fold", ratio=1)
            for row in rows:
                rich_table.add_row(*row)
            console.print(rich_table)
        else:
            _line(console, "")
            _line(console, title)
            for line in [header, *rows]:
                _line(console, "\t".join(line))
    counts = "，".join(
        f"{title} {len(report.sections.get(key, ()))} 段"
        for key, title in (("preamble", "前言"), ("overview", "一"), ("problems", "五"), ("other", "六"))
    )
    _line(console)
    _line(console, f"正文：{counts}")
    _line(console, f"读取时发现的问题：{len(result.findings)} 个")
    _print_findings(console, result.findings)


# -- commands ------------------------------------------------------------------------------------------------


def _parse(args: argparse.Namespace) -> int:
    result = io.parse_file(args.file)
    if args.json:
        _print_json(to_dict(result.report, findings=result.findings))
    else:
        _print_report(_console(), result, str(args.file))
    return EXIT_OK


@dataclass(frozen=True)
class _Checked:
    path: Path
    status: int
    findings: tuple[Finding, ...] = ()
    report: Report | None = None
    error: GongkaiError | None = None


def _check(path: Path, previous: Report | None, today: dt.date) -> _Checked:
    from gongkai.core.report.rules import validate

    try:
        result = io.parse_file(path)
    except GongkaiError as error:
        return _Checked(path, EXIT_UNREADABLE, error=error)
    findings = (*result.findings, *validate(result.report, previous, today=today))
    failed = any(f.severity == Severity.ERROR for f in findings)
    return _Checked(path, EXIT_FINDINGS if failed else EXIT_OK, findings, result.report)


def _validate(args: argparse.Namespace) -> int:
    previous: Report | None = None
    if args.previous is not None:
        try:
            previous = io.parse_file(args.previous).report
        except GongkaiError as error:
            print(f"错误：无法读取上一年度的报告 {args.previous}：{error}（{error.code}）", file=sys.stderr)
            return EXIT_UNREADABLE
    files: list[Path] = args.files
    today: dt.date = args.today or dt.date.today()
    checked: list[_Checked] = []
    if len(files) > 1:
        stderr = Console(stderr=True)
        progress = Progress(
            TextColumn("检查报告"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=stderr,
            transient=True,
            disable=not stderr.is_terminal,
        )
        with progress:
            task = progress.add_task("", total=len(files))
            for path in files:
                progress.update(task, description=path.name)
                checked.append(_check(path, previous, today))
                progress.advance(task)
    else:
        checked.append(_check(files[0], previous, today))

    if args.json:
        _print_json(
            [
                {
                    "file": str(c.path),
                    "status": c.status,
                    "error": None if c.error is None else {"code": c.error.code, "message": str(c.error)},
                    "template": None if c.report is None else c.report.template,
                    "agency": None if c.report is None else c.report.agency,
                    "year": None if c.report is None else c.report.year,
                    "findings": [f.to_dict() for f in c.findings],
                }
                for c in checked
            ]
        )
    else:
        console = _console()
        for c in checked:
            if c.error is not None:
                print(f"错误：{c.path}：{c.error}（{c.error.code}）", file=sys.stderr)
                continue
            assert c.report is not None
            _line(console, f"{c.path}：{c.report.agency} {c.report.year} 年度报告")
            _print_findings(console, c.findings)
        if len(checked) > 1 or checked[0].error is None:
            _line(console, "")
        styles = {EXIT_OK: "green", EXIT_FINDINGS: "bold red", EXIT_UNREADABLE: "bold magenta"}
        for c in checked:
            if console.is_terminal:
                console.print(_summary_line(c), style=styles[c.status], markup=False)
            else:
                _line(console, _summary_line(c))
    return max(c.status for c in checked)


def _summary_line(checked: _Checked) -> str:
    mark = {EXIT_OK: "通过", EXIT_FINDINGS: "有错误", EXIT_UNREADABLE: "无法读取"}[checked.status]
    detail = str(checked.error) if checked.error is not None else _counts(checked.findings)
    return f"{mark}  {checked.path}：{detail}"


def _render(args: argparse.Namespace) -> int:
    result = io.parse_file(args.file)
    findings: tuple[Finding, ...] = ()
    if args.findings:
        from gongkai.core.report.rules import validate

        findings = (*result.findings, *validate(result.report))
    try:
        data = io.render(result.report, args.to, findings=findings)
    except ModuleNotFoundError as error:
        if error.name and error.name.startswith("gongkai.core.report.render"):
            raise UnsupportedFormatError(f"暂不支持输出“{args.to}”格式：该格式的生成程序尚未提供。") from None
        raise
    output: Path = args.output
    try:
        output.write_bytes(data)
    except OSError as error:
        print(f"错误：无法写入 {output}：{error.strerror}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"已生成 {output}（{args.to.upper()}，{len(data)} 字节）")
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    from gongkai.core.report.diff import diff

    old = io.parse_file(args.old).report
    new = io.parse_file(args.new).report
    result = diff(old, new)
    if args.json:
        _print_json(result.to_dict())
    else:
        text = result.to_text()
        console = _console()
        if console.is_terminal:
            marks = {f"[{SEVERITY_LABELS[s]}]": style for s, style in _SEVERITY_STYLES.items()}
            for line in text.rstrip("\n").splitlines():
                style = next((style for mark, style in marks.items() if mark in line), None)
                console.print(line, style=style, markup=False)
        else:
            sys.stdout.write(text)
    return EXIT_FINDINGS if result.has_errors else EXIT_OK
