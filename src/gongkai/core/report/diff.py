"""Comparing two reports of an agency, usually last year's and this year's: `diff(old, new)`.

The result lists every cell whose value changed (with its Chinese name and the change), the cells only one of
the two formats has (when a 2019-format report is compared with a 2021-format one), the narrative parts whose
text changed, and the cross-year findings of `validate(new, previous=old)` (carry-over, 现行有效件数, repeated
text, or the info finding saying why they could not be run; a warning when the two are different agencies'
reports, compared by `model.agency_key`). `render_text` prints it for the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gongkai.core.report.model import (
    NARRATIVE_KEYS,
    SEVERITY_LABELS,
    CellValue,
    Finding,
    Report,
    Severity,
    agency_key,
)
from gongkai.core.report.rules import CROSS_YEAR_KINDS, NOT_COMPARABLE, OTHER_AGENCY, rules_for, validate
from gongkai.core.report.rules.naming import cell_name, section_name

__all__ = ["CellChange", "ReportDiff", "diff", "render_text"]


@dataclass(frozen=True)
class CellChange:
    """One changed cell. `delta` is new − old, or None when either side is blank."""

    cell: str
    label: str
    old: CellValue
    new: CellValue
    delta: int | Decimal | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "cell": self.cell,
            "label": self.label,
            "old": _jsonable(self.old),
            "new": _jsonable(self.new),
            "delta": _jsonable(self.delta),
        }


@dataclass(frozen=True)
class ReportDiff:
    old: Report
    new: Report
    changes: tuple[CellChange, ...]
    compared: int
    only_in_old: tuple[str, ...]
    only_in_new: tuple[str, ...]
    sections_changed: tuple[str, ...]
    findings: tuple[Finding, ...]

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    def to_text(self) -> str:
        """The plain-text rendering (`render_text`)."""
        return render_text(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": {"agency": self.old.agency, "year": self.old.year, "template": self.old.template},
            "new": {"agency": self.new.agency, "year": self.new.year, "template": self.new.template},
            "compared": self.compared,
            "changes": [c.to_dict() for c in self.changes],
            "only_in_old": list(self.only_in_old),
            "only_in_new": list(self.only_in_new),
            "sections_changed": list(self.sections_changed),
            "findings": [f.to_dict() for f in self.findings],
        }


def diff(old: Report, new: Report) -> ReportDiff:
    """Cell-by-cell changes from `old` to `new`, and the cross-year findings of `new` against `old`."""
    old_ids, new_ids = set(old.cells), set(new.cells)
    common = [c for c in new.spec.cell_ids if c in old_ids]
    changes = tuple(
        CellChange(cell, cell_name(new.template, cell), old[cell], new[cell], _delta(old[cell], new[cell]))
        for cell in common
        if old[cell] != new[cell] or type(old[cell]) is not type(new[cell])
    )
    cross_year = {r.code for r in rules_for(new.template) if isinstance(r, CROSS_YEAR_KINDS)} | {
        NOT_COMPARABLE,
        OTHER_AGENCY,
    }
    return ReportDiff(
        old=old,
        new=new,
        changes=changes,
        compared=len(common),
        only_in_old=tuple(c for c in old.spec.cell_ids if c not in new_ids),
        only_in_new=tuple(c for c in new.spec.cell_ids if c not in old_ids),
        sections_changed=tuple(k for k in NARRATIVE_KEYS if old.sections.get(k) != new.sections.get(k)),
        findings=tuple(f for f in validate(new, previous=old) if f.code in cross_year),
    )


def render_text(result: ReportDiff) -> str:
    """Plain text for a terminal or a pipe, in Chinese."""
    old, new = result.old, result.new
    if agency_key(old.agency) == agency_key(new.agency):
        title = f"{new.agency}：{old.year}年 → {new.year}年"
    else:
        title = f"{old.agency}{old.year}年 → {new.agency}{new.year}年"
    if old.template != new.template:
        title += f"（格式 {old.template} → {new.template}）"
    lines = [title, ""]
    if result.changes:
        lines.append(f"单元格变化 {len(result.changes)} 处（共比较 {result.compared} 个单元格）：")
        for change in result.changes:
            delta = "" if change.delta is None else f"（{_signed(change.delta)}）"
            lines.append(
                f"  {change.cell}  {change.label}：{_shown(change.old)} → {_shown(change.new)}{delta}"
            )
    else:
        lines.append(f"单元格没有变化（共比较 {result.compared} 个单元格）。")
    for heading, cells, report in (
        ("仅上年报告的格式有的单元格", result.only_in_old, old),
        ("仅本年报告的格式有的单元格", result.only_in_new, new),
    ):
        if cells:
            lines += ["", f"{heading}（{len(cells)} 个）："]
            lines += [f"  {c}  {cell_name(report.template, c)}：{_shown(report[c])}" for c in cells]
    if result.sections_changed:
        names = "、".join(section_name(new.template, k) for k in result.sections_changed)
        lines += ["", f"正文有变化的部分：{names}"]
    lines += ["", "跨年度核对："]
    if result.findings:
        lines += [f"  [{SEVERITY_LABELS[f.severity]}] {f.message}（{f.code}）" for f in result.findings]
    else:
        lines.append("  未发现问题。")
    return "\n".join(lines) + "\n"


def _delta(old: CellValue, new: CellValue) -> int | Decimal | None:
    if old is None or new is None:
        return None
    return new - old


def _shown(value: CellValue) -> str:
    if value is None:
        return "（空）"
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _signed(value: int | Decimal) -> str:
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    return text if value < 0 else f"+{text}"


def _jsonable(value: object) -> object:
    return str(value) if isinstance(value, Decimal) else value
