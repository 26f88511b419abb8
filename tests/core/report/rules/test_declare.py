"""The rules of each template are derived from its declaration, and every code is catalogued."""

from __future__ import annotations

import string
from collections import Counter

import pytest

from gongkai.core.errors import UnknownTemplateError
from gongkai.core.report.rules import (
    CODES,
    NOT_COMPARABLE,
    OTHER_AGENCY,
    YEAR_IMPOSSIBLE,
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
    rules_for,
)
from gongkai.core.report.templates import TEMPLATES, get_template


def test_rules_per_template() -> None:
    counts = {t: Counter(r.code for r in rules_for(t)) for t in ("2021", "2019")}
    assert counts["2021"] == {
        "cell.blank": 3,
        "cell.not_non_negative_integer": 3,
        "cell.negative_amount": 1,
        "cell.out_of_range": 3,
        "t3.balance": 7,
        "t3.outcome_sum": 7,
        "t3.row_sum": 25,
        "t4.group_sum": 3,
        "narrative.figure": 13,
        "fee.confusion": 1,
        "section.problems_empty": 1,
        "carry_over": 7,
        "t2.in_force_drift": 2,
        "narrative.repeated": 1,
    }
    # 2019: one （六）其他处理 row, no 现行有效件数, no 行政事业性收费 amount (its amount cell is 采购总金额).
    assert counts["2019"] == counts["2021"] - Counter(
        {"t3.row_sum": 2, "t2.in_force_drift": 2, "fee.confusion": 1}
    )


@pytest.mark.parametrize("template_id", sorted(TEMPLATES))
def test_identities_follow_the_template(template_id: str) -> None:
    template = get_template(template_id)
    rules = rules_for(template_id)
    outcome_sums = [r for r in rules if isinstance(r, Sum) and r.code == "t3.outcome_sum"]
    for rule in outcome_sums:
        column = rule.target.rsplit(".", 1)[1]
        assert rule.target == f"t3.total.{column}"
        assert rule.parts == tuple(f"t3.{row}.{column}" for row in template.outcome_rows)
    row_sums = [r for r in rules if isinstance(r, Sum) and r.code == "t3.row_sum"]
    assert [r.target for r in row_sums] == [
        f"t3.{row.id}.total" for row in template.table("t3").blocks[0].rows
    ]
    blank = [r for r in rules if isinstance(r, NotBlank)]
    assert tuple(c for r in blank for c in r.cells) == template.cell_ids
    counts = [c for r in rules if isinstance(r, NonNegativeInteger) for c in r.cells]
    amounts = [c for r in rules if isinstance(r, NonNegativeAmount) for c in r.cells]
    assert sorted(counts + amounts) == sorted(template.cell_ids)
    assert amounts == [c.id for c in template.cells if c.kind == "amount"]
    bounded = [r for r in rules if isinstance(r, WithinBound)]
    assert tuple(c for r in bounded for c in r.cells) == template.cell_ids
    assert {r.maximum for r in bounded} == {1_000_000_000}
    if template_id == "2019":
        assert any(r.target == "t3.other.total" for r in row_sums)


def _cells(rule: Rule) -> tuple[str, ...]:
    match rule:
        case NotBlank() | NonNegativeInteger() | NonNegativeAmount() | WithinBound():
            return rule.cells
        case Sum():
            return (rule.target, *rule.parts)
        case Equal():
            return (*rule.left, *rule.right)
        case NarrativeFigure():
            return (*rule.cells, *(c for cs in rule.also_accepted for c in cs))
        case FeeConfusion():
            return (rule.cell,)
        case CarryOver():
            return (rule.cell, rule.previous_cell)
        case InForceDrift():
            return (rule.in_force, rule.issued, rule.repealed)
        case SectionNotEmpty() | NarrativeRepeated():
            return ()


@pytest.mark.parametrize("template_id", sorted(TEMPLATES))
def test_every_rule_names_real_cells_a_catalogued_code_and_a_message_that_formats(template_id: str) -> None:
    template = get_template(template_id)
    for rule in rules_for(template_id):
        assert set(_cells(rule)) <= set(template.cell_ids), rule
        assert rule.severity is CODES[rule.code].severity
        messages = [rule.message] + ([rule.message_unit] if isinstance(rule, FeeConfusion) else [])
        for message in messages:
            fields = {name for _, name, _, _ in string.Formatter().parse(message) if name}
            text = message.format(**dict.fromkeys(fields, "1"))
            assert "{" not in text
            assert "}" not in text
            assert text.endswith("。")


def test_every_catalogued_code_is_used() -> None:
    used = {r.code for t in TEMPLATES for r in rules_for(t)}
    assert used | {NOT_COMPARABLE, OTHER_AGENCY, YEAR_IMPOSSIBLE} == set(CODES)


def test_rule_messages_name_rows_and_columns_in_chinese() -> None:
    balance = next(r for r in rules_for("2021") if r.code == "t3.balance")
    assert balance.message == "表三“自然人”列：第一项加第二项（{expected}）不等于第三项加第四项（{actual}）。"


def test_an_unknown_template_is_the_projects_error() -> None:
    with pytest.raises(UnknownTemplateError, match="2030"):
        rules_for("2030")
