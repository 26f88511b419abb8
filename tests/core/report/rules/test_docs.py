"""docs/report-format.md is generated from the templates and the rules, and the committed copy is current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.core.report.rules import CODES
from gongkai.core.report.rules.docs import REGENERATE, render_markdown
from gongkai.core.report.templates import TEMPLATES

DOCS = Path(__file__).resolve().parents[4] / "docs" / "report-format.md"


def test_the_committed_file_is_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_markdown(), (
        f"docs/report-format.md is out of date. Regenerate it with:\n    {REGENERATE}"
    )


def test_the_module_prints_the_same_markdown() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gongkai.core.report.rules.docs"], capture_output=True, check=True, timeout=60
    )
    assert result.stdout.decode("utf-8") == render_markdown()


@pytest.mark.parametrize("template_id", sorted(TEMPLATES))
def test_every_section_row_column_and_label_is_listed(template_id: str) -> None:
    text = render_markdown()
    template = TEMPLATES[template_id]
    part = text[text.index(f"## Template {template_id}") :]
    for section in template.sections:
        assert f"| {section.number} | `{section.id}` | {section.heading} |" in part
    for table in template.tables:
        for block in table.blocks:
            for row in block.rows:
                assert f"| `{row.id}` | {row.label} |" in part
            for column in block.columns:
                assert f"| `{column.id}` | {column.label} |" in part
    for cell in template.cells:
        if len(template.table(cell.table).cells()) <= 12 or cell.kind == "amount":
            assert f"`{cell.id}`" in part


def test_every_rule_code_is_listed_with_its_severity() -> None:
    text = render_markdown()
    for code in CODES.values():
        assert f"| `{code.code}` | {code.severity.value} | {code.title} |" in text
