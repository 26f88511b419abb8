"""The rules of each template, derived from its declaration: `rules_for("2021")`.

Nothing here spells a label or enumerates cells: rows, columns, groups and outcome rows come from the template.
The few row and column ids named below are the fixed points of the identities themselves (which row is the
total, which the carried-over), and `rules_for` fails loudly if a template lacks them.

Order (the order of `validate`'s findings): blank cells, non-negative values, values beyond the bound, table 三's column balance, its
outcome sums, its row sums, table 四's group sums, narrative figures, the fee and section-五 warnings, then the
cross-year rules (carry-over, 现行有效件数 drift, repeated narrative).
"""

from __future__ import annotations

from functools import cache

from gongkai.core.report.model import MAX_CELL_VALUE
from gongkai.core.report.rules import narrative
from gongkai.core.report.rules.kinds import (
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
from gongkai.core.report.rules.naming import cell_name, column_name, item_name, row_name, table_name
from gongkai.core.report.template import Table, Template
from gongkai.core.report.templates import get_template

__all__ = ["rules_for"]

# The fixed points of the identities, as ids of the template (checked against it in `rules_for`).
T3, T4, T2 = "t3", "t4", "t2"
NEW, CARRIED_OVER, TOTAL, CARRIED_FORWARD = "new", "carried_over", "total", "carried_forward"
TOTAL_COLUMN = "total"
RECONSIDERATION, LITIGATION_DIRECT, LITIGATION_AFTER = (
    "reconsideration",
    "litigation_direct",
    "litigation_after",
)
ISSUED, REPEALED, IN_FORCE = "issued", "repealed", "in_force"
FEES_AMOUNT = "t2.fees.amount"
PROBLEMS_SECTION, OTHER_SECTION = "problems", "other"
# Where a report states its figures: the text before 一, 一、总体情况 and 六 (五 talks of problems, not figures).
FIGURE_SECTIONS = ("preamble", "overview", "other")
REPEATED_SECTIONS = ("overview", "problems", "other")


def _braces(text: str) -> str:
    """Labels go into `str.format` templates; keep any brace in them literal."""
    return text.replace("{", "{{").replace("}", "}}")


@cache
def rules_for(template_id: str) -> tuple[Rule, ...]:
    """Every rule of a template, in evaluation order. Raises UnknownTemplateError for an unknown template."""
    template = get_template(template_id)
    return (
        *_cell_rules(template),
        *_applications_rules(template),
        *_appeals_rules(template),
        *_narrative_figure_rules(template),
        *_warning_rules(template),
        *_cross_year_rules(template),
    )


def _cell_rules(template: Template) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for table in template.tables:
        rules.append(
            NotBlank(
                "cell.blank",
                tuple(c.id for c in table.cells()),
                "{cell}未填写{raw_note}：没有可统计的数量时应填 0。",
            )
        )
    for table in template.tables:
        counts = tuple(c.id for c in table.cells() if c.kind == "count")
        amounts = tuple(c.id for c in table.cells() if c.kind == "amount")
        if counts:
            rules.append(
                NonNegativeInteger(
                    "cell.not_non_negative_integer", counts, "{cell}应为非负整数（件数），实际为 {value}。"
                )
            )
        if amounts:
            rules.append(
                NonNegativeAmount("cell.negative_amount", amounts, "{cell}的金额不能为负数，实际为 {value}。")
            )
    for table in template.tables:
        rules.append(
            WithinBound(
                "cell.out_of_range",
                tuple(c.id for c in table.cells()),
                MAX_CELL_VALUE,
                "{cell}的数值 {value} 超出合理范围（绝对值不超过 {maximum}），可能是文件提取或填写有误。",
            )
        )
    return tuple(rules)


def _t3(template: Template) -> Table:
    return template.table(T3)


def _applications_rules(template: Template) -> tuple[Rule, ...]:
    table = _t3(template)
    (block,) = table.blocks
    rows = {r.id: r for r in block.rows}
    columns = {c.id: c for c in block.columns}
    for needed in (NEW, CARRIED_OVER, TOTAL, CARRIED_FORWARD, *template.outcome_rows):
        template.cell(f"{T3}.{needed}.{TOTAL_COLUMN}")
    number = table_name(template.id, T3)

    def cell(row: str, column: str) -> str:
        return block.cell_id(T3, rows[row], columns[column])

    outcome = [rows[r] for r in template.outcome_rows]
    first, last = item_name(outcome[0]), item_name(outcome[-1])
    total_row = rows[TOTAL]
    rules: list[Rule] = []
    for column in block.columns:
        where = _braces(f"{number}“{column_name(column)}”列")
        rules.append(
            Equal(
                "t3.balance",
                (cell(NEW, column.id), cell(CARRIED_OVER, column.id)),
                (cell(TOTAL, column.id), cell(CARRIED_FORWARD, column.id)),
                where + "：第一项加第二项（{expected}）不等于第三项加第四项（{actual}）。",
            )
        )
    for column in block.columns:
        where = _braces(f"{number}“{column_name(column)}”列：“{total_row.label}”")
        rules.append(
            Sum(
                "t3.outcome_sum",
                cell(TOTAL, column.id),
                tuple(cell(r.id, column.id) for r in outcome),
                where + "（{actual}）不等于" + _braces(f"{first}至{last}各项之和") + "（{expected}）。",
            )
        )
    parts = [c for c in block.columns if c.id != TOTAL_COLUMN]
    total_column = columns[TOTAL_COLUMN]
    parts_label = "、".join(c.label for c in parts)
    for row in block.rows:
        where = _braces(f"{number}“{row_name(row)}”行：“{total_column.label}”列")
        rules.append(
            Sum(
                "t3.row_sum",
                cell(row.id, TOTAL_COLUMN),
                tuple(cell(row.id, c.id) for c in parts),
                where + "（{actual}）不等于" + _braces(parts_label) + "之和（{expected}）。",
            )
        )
    return tuple(rules)


def _appeals_rules(template: Template) -> tuple[Rule, ...]:
    table = template.table(T4)
    number = table_name(template.id, T4)
    rules: list[Rule] = []
    for block in table.blocks:
        parts = [c for c in block.columns if c.id != TOTAL_COLUMN]
        total_column = next(c for c in block.columns if c.id == TOTAL_COLUMN)
        parts_label = "、".join(c.label for c in parts)
        for row in block.rows:
            where = _braces(f"{number}“{row_name(row)}”：“{total_column.label}”")
            rules.append(
                Sum(
                    "t4.group_sum",
                    block.cell_id(T4, row, total_column),
                    tuple(block.cell_id(T4, row, c) for c in parts),
                    where + "（{actual}）不等于" + _braces(parts_label) + "之和（{expected}）。",
                )
            )
    return tuple(rules)


def _narrative_figure_rules(template: Template) -> tuple[Rule, ...]:
    def t3(row: str) -> str:
        return template.cell(f"{T3}.{row}.{TOTAL_COLUMN}").id

    def t4(group: str, column: str) -> str:
        return template.cell(f"{T4}.{group}.{column}").id

    def figure(
        topic: str,
        patterns: tuple[str, ...],
        keywords: tuple[str, ...],
        cells: tuple[str, ...],
        *,
        also: tuple[tuple[str, ...], ...] = (),
    ) -> NarrativeFigure:
        named = "与".join(cell_name(template.id, c) for c in cells)
        if len(cells) > 1:
            named += "之和"
        return NarrativeFigure(
            "narrative.figure",
            topic,
            FIGURE_SECTIONS,
            patterns,
            keywords,
            cells,
            "{section}写明“{quote}”（{stated}），与" + _braces(named) + "（{expected}）不一致。",
            also,
        )

    rules: list[Rule] = [
        figure(
            "本年收到的申请",
            narrative.NEW_APPLICATION_PATTERNS,
            narrative.NEW_APPLICATION_KEYWORDS,
            (t3(NEW),),
            also=((t3(NEW), t3(CARRIED_OVER)),),
        ),
        figure(
            "上年结转的申请",
            narrative.CARRIED_OVER_PATTERNS,
            narrative.CARRIED_OVER_KEYWORDS,
            (t3(CARRIED_OVER),),
        ),
        figure(
            "结转下年度的申请",
            narrative.CARRIED_FORWARD_PATTERNS,
            narrative.CARRIED_FORWARD_KEYWORDS,
            (t3(CARRIED_FORWARD),),
        ),
        figure(
            "行政复议",
            narrative.RECONSIDERATION_PATTERNS,
            narrative.RECONSIDERATION_KEYWORDS,
            (t4(RECONSIDERATION, TOTAL_COLUMN),),
        ),
    ]
    appeal_columns = [c for c in template.table(T4).blocks[0].columns if c.id != TOTAL_COLUMN]
    for column in appeal_columns:
        rules.append(
            figure(
                f"行政复议{column.label}",
                narrative.appeal_breakdown_patterns("reconsideration", column.id),
                narrative.RECONSIDERATION_KEYWORDS,
                (t4(RECONSIDERATION, column.id),),
            )
        )
    rules.append(
        figure(
            "行政诉讼",
            narrative.LITIGATION_PATTERNS,
            narrative.LITIGATION_KEYWORDS,
            (t4(LITIGATION_DIRECT, TOTAL_COLUMN), t4(LITIGATION_AFTER, TOTAL_COLUMN)),
        )
    )
    for column in appeal_columns:
        rules.append(
            figure(
                f"行政诉讼{column.label}",
                narrative.appeal_breakdown_patterns("litigation", column.id),
                narrative.LITIGATION_KEYWORDS,
                (t4(LITIGATION_DIRECT, column.id), t4(LITIGATION_AFTER, column.id)),
            )
        )
    return tuple(rules)


def _warning_rules(template: Template) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    other = template.section(OTHER_SECTION)
    if template.has_cell(FEES_AMOUNT):
        fees = _braces(cell_name(template.id, FEES_AMOUNT))
        where = _braces(f"“{other.heading}”")
        rules.append(
            FeeConfusion(
                "fee.confusion",
                OTHER_SECTION,
                FEES_AMOUNT,
                where + "写明“{quote}”，与" + fees + "（{amount} 万元）相同：信息处理费不属于行政事业性收费，"
                "不应计入表二，请核实。",
                where
                + "写明“{quote}”（单位为元），而"
                + fees
                + "填的是 {amount}（单位为万元）：像是把以元计的"
                "信息处理费填进了以万元计的行政事业性收费。信息处理费不属于行政事业性收费，不应计入表二；"
                "确属行政事业性收费的，请换算为万元。",
            )
        )
    problems = template.section(PROBLEMS_SECTION)
    rules.append(
        SectionNotEmpty(
            "section.problems_empty",
            PROBLEMS_SECTION,
            _braces(f"“{problems.heading}”") + "为空或只写了“无”：请如实说明工作中存在的问题和改进措施。",
        )
    )
    return tuple(rules)


def _cross_year_rules(template: Template) -> tuple[Rule, ...]:
    table = _t3(template)
    (block,) = table.blocks
    rows = {r.id: r for r in block.rows}
    number = table_name(template.id, T3)
    rules: list[Rule] = []
    for column in block.columns:
        rules.append(
            CarryOver(
                "carry_over",
                block.cell_id(T3, rows[CARRIED_OVER], column),
                block.cell_id(T3, rows[CARRIED_FORWARD], column),
                _braces(f"{number}“{column_name(column)}”列：本年“{rows[CARRIED_OVER].label}”")
                + "（{actual}）不等于{previous_year}年报告的"
                + _braces(f"“{rows[CARRIED_FORWARD].label}”")
                + "（{expected}）。",
            )
        )
    proactive = template.table(T2)
    for block in proactive.blocks:
        columns = {c.id: c for c in block.columns}
        if not {ISSUED, REPEALED, IN_FORCE} <= set(columns):
            continue
        for row in block.rows:
            where = _braces(f"{table_name(template.id, T2)}“{row_name(row)}”行：“{columns[IN_FORCE].label}”")
            rules.append(
                InForceDrift(
                    "t2.in_force_drift",
                    block.cell_id(T2, row, columns[IN_FORCE]),
                    block.cell_id(T2, row, columns[ISSUED]),
                    block.cell_id(T2, row, columns[REPEALED]),
                    where
                    + "（{actual}）不等于{previous_year}年报告的现行有效件数（{previous}）"
                    + _braces(f"加“{columns[ISSUED].label}”")
                    + "（{issued}）"
                    + _braces(f"减“{columns[REPEALED].label}”")
                    + "（{repealed}），即 {expected}；如有文件自然失效等原因，请核实。",
                )
            )
    rules.append(
        NarrativeRepeated(
            "narrative.repeated",
            REPEATED_SECTIONS,
            "正文与{previous_year}年报告大量雷同：上年 {total} 段中有 {repeated} 段今年几乎原样重复"
            "（占上年正文的 {percent}%），请据实撰写本年度的情况。",
        )
    )
    return tuple(rules)
