"""docs/report-format.md, generated from the template declarations and the rules: `render_markdown()`.

Regenerate with `.venv/bin/python -m gongkai.core.report.rules.docs > docs/report-format.md`; a test fails when
the committed file is out of date.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence

from gongkai.core.report.rules.declare import rules_for
from gongkai.core.report.rules.kinds import (
    CODES,
    CarryOver,
    Equal,
    FeeConfusion,
    InForceDrift,
    NarrativeFigure,
    NarrativeRepeated,
    NonNegativeAmount,
    NonNegativeInteger,
    NotBlank,
    Rule,
    SectionNotEmpty,
    Sum,
    WithinBound,
)
from gongkai.core.report.template import Block, Table, Template
from gongkai.core.report.templates import TEMPLATES

__all__ = ["REGENERATE", "render_markdown"]

REGENERATE = ".venv/bin/python -m gongkai.core.report.rules.docs > docs/report-format.md"


def render_markdown() -> str:
    lines = [
        "# The annual report: format, cell ids and consistency rules",
        "",
        "<!-- Generated from src/gongkai/core/report/templates/ and src/gongkai/core/report/rules/ — do not edit.",
        f"     Regenerate: {REGENERATE} -->",
        "",
        "Every machine-readable form of a report (JSON export, API, parser output) names its cells by the ids "
        "below: `<table>.<row>.<column>`. A blank cell is `null`, never 0. Counts are non-negative integers; "
        "amounts are decimals in the unit given. Rows and columns are listed with their official labels; "
        "`keys` are the normalised fragments by which parsers recognise a row however an agency wrote it.",
        "",
        "Contents: "
        + " · ".join(f"[template {t.id}](#template-{t.id})" for t in TEMPLATES.values())
        + " · [rule codes](#rule-codes)"
        + "".join(f" · [rules of {t.id}](#rules-of-template-{t.id})" for t in TEMPLATES.values()),
        "",
    ]
    for template in TEMPLATES.values():
        lines += _template(template)
    lines += _codes()
    for template in TEMPLATES.values():
        lines += _rules(template)
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*out, ""]


def _template(template: Template) -> list[str]:
    lines = [
        f"## Template {template.id}",
        "",
        f"{template.name} ({template.basis}): {len(template.cells)} cells.",
        "",
        "### Sections",
        "",
    ]
    lines += _table(
        ("No.", "id", "heading", "also recognised", "content"),
        (
            (
                s.number,
                f"`{s.id}`",
                s.heading,
                "、".join(s.variants),
                f"table `{s.table}`" if s.table else f"text; blank template reads “{s.placeholder}”",
            )
            for s in template.sections
        ),
    )
    lines += [
        "Narrative is kept per part: `preamble` (before 一), `overview` (一), `problems` (五), `other` (六).",
        "",
    ]
    for table in template.tables:
        lines += _table_section(template, table)
    return lines


def _table_section(template: Template, table: Table) -> list[str]:
    number = template.section(table.section).number
    lines = [f"### 表{number} {table.title} (`{table.id}`)", ""]
    if table.note:
        lines += [f"Note printed in the table: {table.note}", ""]
    if table.groups_across:
        lines += ["Printed with its row groups side by side over one line of figures.", ""]
    if table.id == "t3":
        lines += [
            f"Outcome rows (summed into `total`): {', '.join(f'`{r}`' for r in template.outcome_rows)}.",
            "",
        ]
    for block in table.blocks:
        lines += _block(table, block)
    return lines


def _block(table: Table, block: Block) -> list[str]:
    lines: list[str] = []
    if block.heading:
        lines += [f"#### {block.heading} (`{block.id}`)", ""]
    lines += ["Rows:", ""]
    lines += _table(
        ("row id", "label", "under", "keys", "also recognised"),
        (
            (
                f"`{r.id}`",
                r.label,
                " / ".join(r.path),
                "、".join(r.keys) + (" (whole label only)" if r.exact else ""),
                "、".join(r.variants),
            )
            for r in block.rows
        ),
    )
    lines += ["Columns:", ""]
    lines += _table(
        ("column id", "label", "under", "also recognised"),
        ((f"`{c.id}`", c.label, " / ".join(c.header_path), "、".join(c.variants)) for c in block.columns),
    )
    cells = [c for c in table.cells() if c.block == block.id]
    amounts = [f"`{c.id}` ({c.unit or 'amount'})" for c in cells if c.kind == "amount"]
    listed = ": " + ", ".join(f"`{c.id}`" for c in cells) if len(cells) <= 12 else ""
    lines += [f"Cells: `{table.id}.<row>.<column>` for every row × column ({len(cells)}){listed}.", ""]
    if amounts:
        lines += [f"Amounts (decimal): {', '.join(amounts)}; every other cell is a count.", ""]
    return lines


def _codes() -> list[str]:
    lines = ["## Rule codes", ""]
    lines += [
        "`validate(report, previous=None)` runs every rule at once and returns every finding: code, severity, a "
        "Chinese message naming rows and columns, the cells involved, `expected`/`actual` (the two sides) and "
        "the sources of the cells. A blank cell is reported once (`cell.blank`); identities involving it are "
        "skipped. Cross-year rules run only when `previous` is given.",
        "",
    ]
    lines += _table(
        ("code", "severity", "标题", "what it checks"),
        ((f"`{c.code}`", c.severity.value, c.title, c.description) for c in CODES.values()),
    )
    return lines


def _rules(template: Template) -> list[str]:
    rules = rules_for(template.id)
    lines = [
        f"## Rules of template {template.id}",
        "",
        f"{len(rules)} rules, in the order of their findings.",
        "",
    ]
    by_code: dict[str, list[Rule]] = {}
    for rule in rules:
        by_code.setdefault(rule.code, []).append(rule)
    for code, members in by_code.items():
        lines += [f"### `{code}` ({CODES[code].severity.value}, {len(members)})", ""]
        lines += [f"Message (of the first): {members[0].message}", ""]
        lines += [f"- {_formula(rule)}" for rule in members]
        lines.append("")
    return lines


def _compact(cells: Sequence[str]) -> str:
    """`t3.{new, carried_over}.natural` for cells sharing table and column, `t3.new.{natural, …}` sharing a row."""
    parts = [c.split(".") for c in cells]
    if len(cells) > 1 and all(len(p) == 3 for p in parts):
        tables, rows, columns = ({p[i] for p in parts} for i in range(3))
        if len(tables) == 1 and len(columns) == 1:
            return f"`{parts[0][0]}.{{{', '.join(p[1] for p in parts)}}}.{parts[0][2]}`"
        if len(tables) == 1 and len(rows) == 1:
            return f"`{parts[0][0]}.{parts[0][1]}.{{{', '.join(p[2] for p in parts)}}}`"
    return " + ".join(f"`{c}`" for c in cells)


def _sum(cells: Sequence[str]) -> str:
    return f"Σ {_compact(cells)}" if len(cells) > 1 else _compact(cells)


def _formula(rule: Rule) -> str:
    match rule:
        case NotBlank() | NonNegativeInteger() | NonNegativeAmount() | WithinBound():
            bound = f" (at most {rule.maximum:,} in absolute value)" if isinstance(rule, WithinBound) else ""
            tables = {c.split(".")[0] for c in rule.cells}
            if len(rule.cells) > 12 and len(tables) == 1:
                return f"the {len(rule.cells)} cells of `{tables.pop()}`{bound}"
            return ", ".join(f"`{c}`" for c in rule.cells) + bound
        case Sum():
            return f"`{rule.target}` = {_sum(rule.parts)}"
        case Equal():
            return f"{_sum(rule.left)} = {_sum(rule.right)}"
        case NarrativeFigure():
            alternatives = "".join(f" (or {_sum(cells)})" for cells in rule.also_accepted)
            where = ", ".join(f"`{s}`" for s in rule.sections)
            return f"{rule.topic}: a figure stated in {where} = {_sum(rule.cells)}{alternatives}"
        case FeeConfusion():
            return (
                f"信息处理费 stated in `{rule.section}` ≠ `{rule.cell}` in 万元, nor as a bare number of 元 "
                f"(warning when equal)"
            )
        case SectionNotEmpty():
            return f"section `{rule.section}` says more than 无"
        case CarryOver():
            return f"`{rule.cell}` = previous year's `{rule.previous_cell}`"
        case InForceDrift():
            return (
                f"`{rule.in_force}` ≈ previous year's `{rule.in_force}` + `{rule.issued}` − `{rule.repealed}`"
            )
        case NarrativeRepeated():
            where = ", ".join(f"`{s}`" for s in rule.sections)
            return (
                f"{where}: at most {rule.share:.0%} of last year's text (paragraphs of ≥ {rule.min_chars} "
                f"characters) may reappear in paragraphs ≥ {rule.similarity:.0%} alike (digits ignored)"
            )


def main() -> None:
    sys.stdout.buffer.write(render_markdown().encode("utf-8"))


if __name__ == "__main__":
    main()
