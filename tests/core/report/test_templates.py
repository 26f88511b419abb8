from __future__ import annotations

import re

import pytest

from gongkai.core.errors import UnknownTemplateError
from gongkai.core.report.template import Template
from gongkai.core.report.templates import TEMPLATES, get_template

SPEC_T3_ROWS = [
    "new",
    "carried_over",
    "granted",
    "partial",
    "withheld_secret",
    "withheld_law",
    "withheld_security",
    "withheld_third_party",
    "withheld_internal",
    "withheld_process",
    "withheld_enforcement",
    "withheld_query",
    "unavailable_not_held",
    "unavailable_needs_creation",
    "unavailable_unclear",
    "declined_petition",
    "declined_repeat",
    "declined_publication",
    "declined_mass",
    "declined_confirm",
    "other_no_correction",
    "other_fee_unpaid",
    "other_other",
    "total",
    "carried_forward",
]
T3_COLUMNS = ["natural", "commercial", "research", "nonprofit", "legal", "other_org", "total"]


def test_2021_has_the_200_cells_of_the_spec() -> None:
    t = get_template("2021")
    t2 = [
        "t2.rules.issued", "t2.rules.repealed", "t2.rules.in_force",
        "t2.normative.issued", "t2.normative.repealed", "t2.normative.in_force",
        "t2.licensing.decisions", "t2.penalty.decisions", "t2.coercion.decisions", "t2.fees.amount",
    ]  # fmt: skip
    t3 = [f"t3.{r}.{c}" for r in SPEC_T3_ROWS for c in T3_COLUMNS]
    t4 = [
        f"t4.{g}.{c}"
        for g in ("reconsideration", "litigation_direct", "litigation_after")
        for c in ("upheld", "corrected", "other", "pending", "total")
    ]
    assert list(t.cell_ids) == t2 + t3 + t4
    assert len(t.cells) == 200
    assert t.cell("t2.fees.amount").kind == "amount"
    assert t.cell("t2.fees.amount").unit == "万元"
    assert all(c.kind == "count" for c in t.cells if c.id != "t2.fees.amount")


def test_2019_trial_format_differs_where_the_spec_says() -> None:
    t = get_template("2019")
    ids = set(t.cell_ids)
    assert {"t2.rules.made", "t2.rules.published", "t2.rules.total_public"} <= ids
    assert {"t2.other_services.prev_items", "t2.other_services.change", "t2.other_services.decisions"} <= ids
    assert {"t2.fees.prev_items", "t2.fees.change", "t2.procurement.items", "t2.procurement.amount"} <= ids
    assert "t3.other.total" in ids
    assert "t3.other_other.total" not in ids
    assert len([i for i in ids if i.startswith("t3.")]) == 23 * 7
    assert len([i for i in ids if i.startswith("t4.")]) == 15


@pytest.mark.parametrize("template", TEMPLATES.values(), ids=lambda t: t.id)
def test_outcome_rows_are_the_rows_between_carried_over_and_total(template: Template) -> None:
    rows = [r.id for r in template.table("t3").blocks[0].rows]
    assert list(template.outcome_rows) == rows[rows.index("carried_over") + 1 : rows.index("total")]


def test_unknown_template_is_a_clear_error() -> None:
    with pytest.raises(UnknownTemplateError, match="2018"):
        get_template("2018")


def test_labels_are_official_text_without_stray_spaces() -> None:
    for template in TEMPLATES.values():
        for cell in template.cells:
            for text in (cell.row.label, cell.column.label):
                assert not re.search(r"\s", text), text
